"""The translation editor's preview (wagtail-localize) reads as the translator.

wagtail-localize previews a translation through the page's ``serve_preview``, i.e. the same
``cms.admin.preview`` as the German editor: it resolves images and page teasers for the previewing
user (``cms.visibility.for_user``). A translator outside the group "Vorstand" gets neither the
alt text and signed URL of an image in the board's collection nor the title of a page only the
board may see; a superuser (passes every groups restriction) gets both.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from tests.api.conftest import make_image
from tests.search.conftest import add_project

pytestmark = pytest.mark.django_db

SECRET_ALT = "Vorstandssitzung Abberufung Geschäftsführer"
SECRET_PAGE = "Vorstandsklausur Nachfolgeregelung"
PUBLIC_TEXT = "Die Region stellt sich vor."


@pytest.fixture
def board_translation(home, en_home):
    """The German start page showing a board-only image and a teaser of a board-only page,
    published and in translation to English (the English start page)."""
    board = Group.objects.create(name="Vorstand")
    vault = Collection.get_first_root_node().add_child(name="Vorstand intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=vault, restriction_type="groups"
    )
    restriction.groups.set([board])
    image = make_image("Vorstandsfoto", collection=vault, description=SECRET_ALT)
    target = add_project(home, SECRET_PAGE, "Nur für den Vorstand.")
    page_restriction = PageViewRestriction.objects.create(page=target, restriction_type="groups")
    page_restriction.groups.set([board])
    home.body = [
        {"type": "rich_text", "id": "text", "value": f"<p>{PUBLIC_TEXT}</p>"},
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        },
        {
            "type": "page_teasers",
            "id": "teasers",
            "value": {"title": "Mehr dazu", "pages": [target.pk]},
        },
    ]
    home.save_revision().publish()
    source, _ = TranslationSource.update_or_create_from_instance(home)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    return translation, image


def _preview(client, translation) -> str:
    response = client.get(reverse("wagtail_localize:preview_translation", args=[translation.id]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_translation_preview_resolves_restricted_content_for_the_translator_only(
    client, board_translation, translator
):
    translation, image = board_translation
    client.force_login(translator)
    html = _preview(client, translation)
    assert PUBLIC_TEXT in html  # the body is there; blocks whose targets all vanish are dropped
    assert SECRET_ALT not in html
    assert SECRET_PAGE not in html
    assert re.findall(rf'/images/[^"/]+/{image.pk}/[^" ]+', html) == []

    admin = get_user_model().objects.create_superuser("chefin", "c@example.org", "pw")
    client.force_login(admin)
    html = _preview(client, translation)
    assert SECRET_ALT in html
    assert SECRET_PAGE in html
