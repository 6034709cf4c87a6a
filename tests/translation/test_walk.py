"""The translator's whole path through the admin and the API, as the agency works.

A German project section (index and project page) is created and published; a translator submits
it for English in one step, downloads each PO file, fills it in offline, uploads it and publishes;
the API serves the English project page. The German source changes: the API reports the English
page as out of date and the translation editor shows the changed string as untranslated; after a
sync and a new PO round the English page is current again.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from cms.translation.status import is_up_to_date
from tests.translation.helpers import (
    create_german_section,
    download_po,
    editor_props,
    messages_of,
    upload_po,
)

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Projekte": "Projects",
    "projekte": "projects",
    "Regionalbudget Nordthüringen": "North Thuringia Regional Budget",
    "regionalbudget": "regional-budget",
    "Kleine Projekte aus der Region werden gefördert.": "Small projects from the region are funded.",
    "Bis zu 20.000 Euro für Vereine und Kommunen.": "Up to 20,000 euros for clubs and municipalities.",
}


def english_for(msgid: str) -> str:
    """The translator's English: known strings from the table, others marked as English."""
    return ENGLISH.get(msgid, f"EN {msgid}")


def api_page(client, page_id: int, locale: str) -> dict:
    response = client.get(f"/api/v1/pages/{page_id}/", {"locale": locale})
    assert response.status_code == 200, response.content
    return response.json()


def api_page_with(client, page_id: int, **params: str) -> dict:
    response = client.get(f"/api/v1/pages/{page_id}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def english_state(data: dict) -> dict:
    return next(t for t in data["translations"] if t["locale"] == "en")


def po_round(client, translation) -> None:
    po = download_po(client, translation)
    for entry in po:
        if not entry.obsolete and not entry.msgstr:
            entry.msgstr = english_for(entry.msgid)
    response = upload_po(client, translation, str(po))
    assert "Successfully imported translations from PO File." in messages_of(response) or any(
        "importiert" in m or "imported" in m for m in messages_of(response)
    ), messages_of(response)


def translation_of(page, locale):
    return Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(page), target_locale=locale
    )


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
    on_commit = django_capture_on_commit_callbacks
    index, german = create_german_section(home, publisher)

    # 1. The translator submits the German section (index and project) for English in one step.
    client.force_login(translator)
    submit = reverse("wagtail_localize:submit_page_translation", args=[index.id])
    assert client.get(submit).status_code == 200
    with on_commit(execute=True):
        response = client.post(submit, {"locales": [en_home.locale_id], "include_subtree": "on"})
    assert response.status_code == 302
    en_index, english = (
        index.get_translation(en_home.locale),
        german.get_translation(en_home.locale),
    )
    assert en_index.get_parent().id == en_home.id and english.get_parent().id == en_index.id
    assert not english.live, "a translation starts as a draft, not as a live copy of the German"

    # While the English draft is unpublished the API names the existing locales, or falls back.
    client.logout()
    missing = client.get(f"/api/v1/pages/{german.id}/", {"locale": "en"})
    assert missing.status_code == 404
    assert missing.json()["available_locales"] == ["de"]
    fallback = api_page_with(client, german.id, locale="en", fallback="true")
    assert fallback["id"] == german.id and fallback["fallback"] is True
    client.force_login(translator)

    # 2. Offline: PO download, filled in a PO editor, uploaded (checked), then published.
    for page, translated in ((index, en_index), (german, english)):
        po_round(client, translation_of(page, en_home.locale))
        publish_translation(client, translated, on_commit)
    english = english.specific
    assert english.title == "North Thuringia Regional Budget"
    assert english.teaser == "Small projects from the region are funded."
    assert english.url_path.endswith("/projects/regional-budget/")
    assert is_up_to_date(english)

    # 3. The API serves the English page, by id and by its English path, as current.
    client.logout()
    data = api_page(client, german.id, "en")
    assert data["id"] == english.id and data["title"] == "North Thuringia Regional Budget"
    assert data["fallback"] is False
    assert english_state(data)["up_to_date"] is True
    found = client.get(
        "/api/v1/pages/find/", {"path": "/projects/regional-budget/", "locale": "en"}
    )
    assert found.status_code == 200, found.content
    assert found.json()["id"] == english.id

    # 4. The German source changes and is published: the English page is out of date.
    german.refresh_from_db()
    german.teaser = "Bis zu 20.000 Euro für Vereine und Kommunen."
    german.save_revision(user=publisher).publish(user=publisher)
    assert not is_up_to_date(english)
    assert english_state(api_page(client, german.id, "de"))["up_to_date"] is False, (
        "the API must report a German change that is not synced yet "
        "(cms.translation.status.translation_states has the definition)"
    )

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
    assert untranslated == ["Bis zu 20.000 Euro für Vereine und Kommunen."]
    assert not is_up_to_date(english)

    # 6. A new PO round and publishing make the English page current again.
    po_round(client, translation_of(german, en_home.locale))
    publish_translation(client, english, on_commit)
    client.logout()
    assert is_up_to_date(english)
    data = api_page(client, english.id, "en")
    assert data["teaser"] == "Up to 20,000 euros for clubs and municipalities."
    assert english_state(data)["up_to_date"] is True
    assert Page.objects.get(id=english.id).live
