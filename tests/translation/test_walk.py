"""The translator's whole path through the admin and the API, as the agency works.

A German page is created and published; a translator submits it for English, downloads the PO
file, fills it in offline, uploads it and publishes; the API serves the English page. The German
source changes: the API reports the English page as out of date, the translation editor shows the
changed string as untranslated; after a sync and a new PO round the English page is current again.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from cms.translation.status import is_up_to_date
from tests.translation.helpers import download_po, editor_props, fill, messages_of, upload_po

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Regionalforum Nordthüringen": "North Thuringia Regional Forum",
    "regionalforum": "regional-forum",
    "Sondershausen": "Sondershausen (Kyffhäuser district)",
    "Nordhausen": "Nordhausen (Harz)",
}


def create_german_page(home, publisher):
    from tests.plugins.events.models import EventPage

    page = home.add_child(
        instance=EventPage(
            title="Regionalforum Nordthüringen",
            slug="regionalforum",
            start=datetime.date(2026, 5, 12),
            venue="Sondershausen",
        )
    )
    page.save_revision(user=publisher).publish(user=publisher)
    return page


def api_page(client, page_id: int, locale: str) -> dict:
    response = client.get(f"/api/v1/pages/{page_id}/", {"locale": locale})
    assert response.status_code == 200, response.content
    return response.json()


def english_state(data: dict) -> dict:
    return next(t for t in data["translations"] if t["locale"] == "en")


def po_round(client, translation) -> None:
    po = fill(download_po(client, translation), ENGLISH)
    assert all(entry.msgstr for entry in po if not entry.obsolete), "every string filled"
    response = upload_po(client, translation, str(po))
    assert "Successfully imported translations from PO File." in messages_of(response) or any(
        "importiert" in m or "imported" in m for m in messages_of(response)
    ), messages_of(response)


def publish_translation(client, page, on_commit) -> None:
    # wagtail-localize publishes in transaction.on_commit; run those callbacks as a commit would.
    with on_commit(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.id]), {"action": "publish"}, follow=True
        )
    assert response.status_code == 200, response.status_code
    page.refresh_from_db()
    assert page.live, messages_of(response)


def test_translation_walk(
    client, home, en_home, publisher, translator, django_capture_on_commit_callbacks
):
    german = create_german_page(home, publisher)

    # 1. The translator submits the German page for English (wagtail-localize's own view).
    client.force_login(translator)
    submit = reverse("wagtail_localize:submit_page_translation", args=[german.id])
    assert client.get(submit).status_code == 200
    response = client.post(submit, {"locales": [en_home.locale_id]})
    assert response.status_code == 302
    english = german.get_translation(en_home.locale)
    assert not english.live and english.get_parent().id == en_home.id
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(german), target_locale=en_home.locale
    )

    # 2. Offline: PO download, filled in a PO editor, uploaded (checked), then published.
    po_round(client, translation)
    publish_translation(client, english, django_capture_on_commit_callbacks)
    english = english.specific
    assert english.title == "North Thuringia Regional Forum"
    assert english.venue == "Sondershausen (Kyffhäuser district)"
    assert english.url_path.endswith("/regional-forum/")

    # 3. The API serves the English page, by id and by its English path, as current.
    client.logout()
    data = api_page(client, german.id, "en")
    assert data["id"] == english.id and data["title"] == "North Thuringia Regional Forum"
    assert data["fallback"] is False
    assert is_up_to_date(english)
    assert english_state(data)["up_to_date"] is True
    found = client.get("/api/v1/pages/find/", {"path": "/regional-forum/", "locale": "en"})
    assert found.status_code == 200, found.content
    assert found.json()["id"] == english.id

    # 4. The German source changes and is published: the English page is out of date.
    german.refresh_from_db()
    german.venue = "Nordhausen"
    german.save_revision(user=publisher).publish(user=publisher)
    assert not is_up_to_date(english)
    assert english_state(api_page(client, german.id, "de"))["up_to_date"] is False

    # 5. Sync: the translation editor shows the changed string as untranslated, the rest kept.
    client.force_login(translator)
    source = TranslationSource.objects.get_for_instance(german)
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.id]), {})
    assert response.status_code == 302
    props = editor_props(client, english)
    translated = {t["segment_id"] for t in props["initialStringTranslations"]}
    untranslated = [
        s["source"]
        for s in props["segments"]
        if s["type"] == "string" and s["id"] not in translated
    ]
    assert untranslated == ["Nordhausen"]
    assert not is_up_to_date(english)

    # 6. A new PO round and publishing make the English page current again.
    po_round(client, translation)
    publish_translation(client, english, django_capture_on_commit_callbacks)
    client.logout()
    assert is_up_to_date(english)
    data = api_page(client, english.id, "en")
    assert data["venue"] == "Nordhausen (Harz)"
    assert english_state(data)["up_to_date"] is True
    assert Page.objects.get(id=english.id).live
