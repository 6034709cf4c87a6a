"""The translation editor offers every preview mode of the page (wagtail-localize).

Found by review: with a front end's preview address the data view was a non-default mode named
``""``; wagtail-localize puts a non-default mode into its preview URL as a path segment, so the
translation editor of every translated page answered 500 (``NoReverseMatch``).
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from wagtail_localize.models import Translation, TranslationSource

from cms.api.models import FrontEnd


@pytest.mark.django_db
def test_translation_editor_and_each_of_its_preview_modes_answer(
    home, en_home, client, django_user_model
):
    FrontEnd.objects.create(
        name="website",
        base_url="http://127.0.0.1:3000",
        preview_url="http://127.0.0.1:3000/preview?token={token}",
    )
    FrontEnd.objects.create(
        name="app", base_url="https://app.example.org", preview_url="nordthueringen://p?t={token}"
    )
    source, _ = TranslationSource.update_or_create_from_instance(home)
    Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    client.force_login(django_user_model.objects.create_superuser("chefin", "c@x.org", "pw"))

    editor = client.get(f"/admin/pages/{en_home.pk}/edit/")
    assert editor.status_code == 200
    props = json.loads(
        unescape(re.search(r'data-props="([^"]+)"', editor.content.decode()).group(1))
    )
    modes = {mode["mode"]: mode["url"] for mode in props["previewModes"]}
    assert set(modes) == {"frontend:website", "frontend:app", "data"}
    for mode, url in modes.items():
        assert client.get(url).status_code == 200, mode
