"""Image and document texts are translated in the page's own translation, and reach readers on
publication, per locale, with the fallback declared (cms.content.media_texts).

A German section shows an image (hero and image block), a partner logo, a document list and a
document page. The translator translates the pages in wagtail-localize's translation editor
(string by string, as its React app does) and by PO file; the English texts reach the API, the
media endpoints and the English search documents only once the English pages are published.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from cms.models import DocumentText, ImageText
from tests.api.conftest import make_document, make_image
from tests.translation.helpers import download_po, messages_of, upload_po

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Projekte": "Projects",
    "projekte": "projects",
    "Partner": "Partners",
    "partner": "partners",
    "Mediathek": "Media library",
    "mediathek": "media-library",
    "Regionalbudget": "Regional budget",
    "regionalbudget": "regional-budget",
    "Kleine Projekte werden gefördert.": "Small projects are funded.",
    "Kreis Nordhausen": "District of Nordhausen",
    "kreis": "district",
    "Protokoll des Forums": "Minutes of the forum",
    "protokoll": "minutes",
    "Ergebnisse des Forums.": "Results of the forum.",
    # media texts
    "Kali-Schacht": "Potash shaft",
    "Der beleuchtete Kali-Schacht bei Nacht": "The illuminated potash shaft at night",
    "Der Schacht in Bleicherode": "The shaft in Bleicherode",
    "Wappen des Landkreises": "Coat of arms of the district",
    "Logo Landkreis": "District logo",
    "Protokoll Kali-Forum": "Minutes of the potash forum",
    "Was das Forum beschlossen hat.": "What the forum decided.",
}
GERMAN_MEDIA = [
    "Der beleuchtete Kali-Schacht bei Nacht",
    "Der Schacht in Bleicherode",
    "Wappen des Landkreises",
    "Protokoll Kali-Forum",
    "Was das Forum beschlossen hat.",
]


@pytest.fixture
def section(home, publisher):
    """German pages showing the image (hero, block), a logo, a document list and a document."""
    from projekte.models import (
        DocumentIndexPage,
        DocumentPage,
        PartnerIndexPage,
        PartnerPage,
        ProjectIndexPage,
        ProjectPage,
    )

    image = make_image(
        "Kali-Schacht",
        description="Der beleuchtete Kali-Schacht bei Nacht",
        caption="Der Schacht in Bleicherode",
        credit="Foto: Regionalmanagement Nordthüringen",
    )
    logo = make_image("Logo Landkreis", description="Wappen des Landkreises", caption="", credit="")
    document = make_document("Protokoll Kali-Forum")
    document.summary = "Was das Forum beschlossen hat."
    document.save()

    def publish(page):
        page.save_revision(user=publisher).publish(user=publisher)
        return page

    projects = publish(home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte")))
    partners = publish(home.add_child(instance=PartnerIndexPage(title="Partner", slug="partner")))
    media = publish(home.add_child(instance=DocumentIndexPage(title="Mediathek", slug="mediathek")))
    partner = publish(
        partners.add_child(
            instance=PartnerPage(title="Kreis Nordhausen", slug="kreis", kind="region", logo=logo)
        )
    )
    document_page = publish(
        media.add_child(
            instance=DocumentPage(
                title="Protokoll des Forums",
                slug="protokoll",
                document=document,
                kind="minutes",
                date=datetime.date(2024, 5, 1),
                summary="Ergebnisse des Forums.",
            )
        )
    )
    body = json.dumps(
        [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
            },
            {"type": "document_list", "value": {"title": "", "documents": [document.pk]}},
        ]
    )
    project = publish(
        projects.add_child(
            instance=ProjectPage(
                title="Regionalbudget",
                slug="regionalbudget",
                teaser="Kleine Projekte werden gefördert.",
                start_date=datetime.date(2024, 1, 1),
                hero_image=image,
                body=body,
            )
        )
    )
    return {
        "image": image,
        "logo": logo,
        "document": document,
        "indexes": [projects, partners, media],
        "pages": [project, partner, document_page],
    }


def submit(client, page, locale, on_commit) -> None:
    url = reverse("wagtail_localize:submit_page_translation", args=[page.id])
    with on_commit(execute=True):
        response = client.post(url, {"locales": [locale.id], "include_subtree": "on"})
    assert response.status_code == 302, response.content[:300]


def translation_of(page, locale) -> Translation:
    return Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(page), target_locale=locale
    )


def translate_in_editor(client, translation, skip=()) -> None:
    """Every string through the translation editor's API, as its React app saves them."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        german = segment.string.data
        if german in skip:
            continue
        english = ENGLISH.get(german, f"EN {german}")
        response = client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id]),
            data=f"value={english}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content[:300]


def publish_translation(client, page, on_commit):
    with on_commit(execute=True):
        return client.post(
            reverse("wagtailadmin_pages:edit", args=[page.id]), {"action": "publish"}, follow=True
        )


def test_media_texts_travel_with_the_page_translation(
    client, home, en_home, translator, section, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    en = en_home.locale
    image, logo, document = section["image"], section["logo"], section["document"]
    project, partner, document_page = section["pages"]

    # The German source page carries the texts of what it shows, with stable block ids.
    stored = {c["id"] for c in project.media_texts.raw_data}
    assert stored == {f"image-{image.pk}", f"document-{document.pk}"}

    # Before any translation: German, and the API says so.
    data = client.get(f"/api/v1/images/{image.pk}/", {"locale": "en"}).json()
    assert data["alt"] == "Der beleuchtete Kali-Schacht bei Nacht"
    assert data["text_locales"] == {"title": "de", "alt": "de", "caption": "de", "credit": "de"}
    fallback = client.get(
        f"/api/v1/pages/{project.id}/", {"locale": "en", "fallback": "true"}
    ).json()
    assert fallback["hero_image"]["text_locales"]["alt"] == "de"
    assert "hero_image_alt" not in fallback, "one rule: the texts live in the image object"

    client.force_login(translator)
    for index in section["indexes"]:
        submit(client, index, en, on_commit)

    # The PO file of the document page offers its document's title and summary, labelled.
    doc_translation = translation_of(document_page, en)
    po = download_po(client, doc_translation)
    contexts = {entry.msgid: entry.msgctxt for entry in po}
    assert contexts["Protokoll Kali-Forum"] == f"media_texts.document-{document.pk}.title"
    assert contexts["Was das Forum beschlossen hat."] == (
        f"media_texts.document-{document.pk}.summary"
    )
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, f"EN {entry.msgid}")
    response = upload_po(client, doc_translation, str(po))
    assert not any("nicht" in m for m in messages_of(response)), messages_of(response)

    # The translation editor shows the image's texts under the page's own tab, in German labels.
    english_project = project.get_translation(en)
    props = json.loads(
        client.get(reverse("wagtailadmin_pages:edit", args=[english_project.id])).context["props"]
    )
    labels = {
        (s["location"]["field"], s["location"]["subField"])
        for s in props["segments"]
        if s["type"] == "string" and s["location"]["blockId"] == f"image-{image.pk}"
    }
    assert ("Bild", "Alternativtext") in labels and ("Bild", "Bildunterschrift") in labels

    # Everything translated but the image's alt text (and its credit): publishing is refused.
    project_translation = translation_of(project, en)
    translate_in_editor(
        client,
        project_translation,
        skip={"Der beleuchtete Kali-Schacht bei Nacht", "Foto: Regionalmanagement Nordthüringen"},
    )
    response = publish_translation(client, english_project, on_commit)
    english_project.refresh_from_db()
    assert not english_project.live
    refusal = [m for m in messages_of(response) if "Alternativtext" in m]
    assert refusal and "Kali-Schacht" in refusal[0] and "Titelbild" in refusal[0], messages_of(
        response
    )

    # Translated, not yet published: readers still get German.
    translate_in_editor(
        client, project_translation, skip={"Foto: Regionalmanagement Nordthüringen"}
    )
    client.logout()
    assert client.get(f"/api/v1/images/{image.pk}/?locale=en").json()["alt"] == (
        "Der beleuchtete Kali-Schacht bei Nacht"
    )
    assert not ImageText.objects.filter(image=image).exists(), "texts wait for the publish"
    client.force_login(translator)

    for page in (project, partner, document_page):
        translation = translation_of(page, en)
        if page is partner:
            translate_in_editor(client, translation)
        english = page.get_translation(en)
        response = publish_translation(client, english, on_commit)
        english.refresh_from_db()
        assert english.live, messages_of(response)
    client.logout()

    # Published: English everywhere; the untranslated credit falls back to German, declared.
    texts = ImageText.objects.get(image=image, locale=en)
    assert texts.alt == "The illuminated potash shaft at night"
    assert texts.credit == "", "an untranslated segment must not be stored as English"
    assert DocumentText.objects.get(document=document, locale=en).title == (
        "Minutes of the potash forum"
    )
    english_project.refresh_from_db()
    page = client.get(f"/api/v1/pages/{english_project.id}/").json()
    hero = page["hero_image"]
    assert hero["alt"] == "The illuminated potash shaft at night"
    assert hero["caption"] == "The shaft in Bleicherode"
    assert hero["title"] == "Potash shaft"
    assert hero["credit"] == "Foto: Regionalmanagement Nordthüringen"
    assert hero["text_locales"] == {"title": "en", "alt": "en", "caption": "en", "credit": "de"}
    image_block = next(b for b in page["body"] if b["type"] == "image")["value"]
    assert set(image_block) == {"image"}, "the block's overrides are folded into the image"
    assert image_block["image"]["alt"] == "The illuminated potash shaft at night"
    doc_list = next(b for b in page["body"] if b["type"] == "document_list")["value"]
    assert doc_list["documents"][0]["title"] == "Minutes of the potash forum"
    assert doc_list["documents"][0]["summary"] == "What the forum decided."

    cards = client.get("/api/v1/pages/", {"type": "project", "locale": "en"}).json()["items"]
    assert cards[0]["hero_image"]["alt"] == "The illuminated potash shaft at night"
    partner_card = client.get("/api/v1/pages/", {"type": "partner", "locale": "en"}).json()
    assert partner_card["items"][0]["logo"]["alt"] == "Coat of arms of the district"
    assert partner_card["items"][0]["logo"]["id"] == logo.pk
    english_document_page = document_page.get_translation(en)
    document_detail = client.get(f"/api/v1/pages/{english_document_page.id}/").json()
    assert document_detail["document"]["title"] == "Minutes of the potash forum"

    media = client.get(f"/api/v1/images/{image.pk}/", {"locale": "en"}).json()
    assert media["alt"] == "The illuminated potash shaft at night"
    documents = client.get("/api/v1/documents/", {"locale": "en"}).json()["items"]
    assert documents[0]["title"] == "Minutes of the potash forum"
    assert documents[0]["text_locales"] == {"title": "en", "summary": "en"}
    german = client.get(f"/api/v1/images/{image.pk}/", {"locale": "de"}).json()
    assert german["alt"] == "Der beleuchtete Kali-Schacht bei Nacht"

    # The English search documents hold no German media text.
    from search.indexing import build_document

    for english in (english_project, english_document_page, partner.get_translation(en)):
        doc = build_document(Page.objects.get(pk=english.pk).specific)
        indexed = " ".join([doc.title, doc.teaser, doc.body, doc.extra])
        for text in GERMAN_MEDIA:
            assert text not in indexed, (english, text)
    assert "The illuminated potash shaft at night" in " ".join(
        [
            build_document(Page.objects.get(pk=english_project.pk).specific).body,
            build_document(Page.objects.get(pk=english_project.pk).specific).extra,
        ]
    )


def test_texts_of_an_image_no_page_shows_are_edited_in_the_admin(client, home, translator):
    """A translator gives an image English texts in "Übersetzte Medientexte"; the API serves
    them with ``?locale=en``, and German stays on the image."""
    from wagtail.models import Locale

    image = make_image("Kyffhäuser", description="Blick auf den Kyffhäuser")
    en = Locale.objects.get(language_code="en")
    client.force_login(translator)
    form = client.get(reverse("imagetext:add"))
    assert form.status_code == 200
    assert [str(c[1]) for c in form.context["form"].fields["locale"].choices if c[0]] == [
        str(en)
    ], "German texts live on the image itself"
    response = client.post(
        reverse("imagetext:add"),
        {"image": image.pk, "locale": en.pk, "alt": "View of the Kyffhäuser", "title": ""},
    )
    assert response.status_code == 302, response.content[:500]
    client.logout()
    data = client.get(f"/api/v1/images/{image.pk}/", {"locale": "en"}).json()
    assert (data["alt"], data["text_locales"]["alt"]) == ("View of the Kyffhäuser", "en")
    assert (data["title"], data["text_locales"]["title"]) == ("Kyffhäuser", "de")
    listing = client.get("/api/v1/images/", {"locale": "en"}).json()["items"]
    assert listing[0]["alt"] == "View of the Kyffhäuser"
    assert client.get(f"/api/v1/images/{image.pk}/", {"locale": "de"}).json()["alt"] == (
        "Blick auf den Kyffhäuser"
    )


def test_english_page_made_by_hand_needs_english_alt_text_to_publish(home, en_home):
    """The page editor's publish (``before_publish_page``) judges a hand-made English page: an
    English override of the page or the image's English alt text; the German one is not."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from cms.content.alt_text import publication_refused, refuse_page_publish
    from projekte.models import ProjectIndexPage, ProjectPage

    image = make_image("Kali-Schacht", description="Der beleuchtete Kali-Schacht")
    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))
    index.save_revision().publish()
    german = index.add_child(
        instance=ProjectPage(
            title="Regionalbudget",
            slug="regionalbudget",
            teaser="Kleine Projekte werden gefördert.",
            start_date=datetime.date(2024, 1, 1),
            hero_image=image,
        )
    )
    german.save_revision().publish()
    assert publication_refused(german) is None, "German pages: cms.content.alt_text's own rule"
    index.copy_for_translation(en_home.locale)
    english = german.copy_for_translation(en_home.locale).specific

    message = publication_refused(english)
    assert message and "„Kali-Schacht“ (Titelbild)" in message and "Englisch" in message
    request = RequestFactory().post("/")
    request.session, request._messages = {}, None
    request._messages = FallbackStorage(request)
    response = refuse_page_publish(request, english)
    assert response.status_code == 302
    assert [str(m) for m in request._messages] == [message]

    english.hero_alt_text = "The illuminated potash shaft"
    assert publication_refused(english) is None
    english.hero_alt_text = ""
    ImageText.objects.create(image=image, locale=en_home.locale, alt="The potash shaft")
    assert publication_refused(english) is None


def test_sync_and_publish_needs_english_alt_text_too(
    client, en_home, section, translator, django_capture_on_commit_callbacks
):
    """wagtail-localize's "Übersetzungen aktualisieren" with "Sofort veröffentlichen" published
    every target without the editor's checks and dropped a refused one silently: it publishes
    only what the editor's publish would, keeps the rest as a draft and says why."""
    en = en_home.locale
    client.force_login(translator)
    for index in section["indexes"]:
        submit(client, index, en, django_capture_on_commit_callbacks)
    project = section["pages"][0]
    translate_in_editor(
        client,
        translation_of(project, en),
        skip={"Der beleuchtete Kali-Schacht bei Nacht", "Foto: Regionalmanagement Nordthüringen"},
    )
    source = TranslationSource.objects.get_for_instance(project)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.id]),
            {"publish_translations": "on"},
            follow=True,
        )
    english = project.get_translation(en)
    assert not english.live, "published without an English alt text"
    refusal = [m for m in messages_of(response) if "als Entwurf gespeichert" in m]
    assert refusal and "Alternativtext" in refusal[0] and "Kali-Schacht" in refusal[0], messages_of(
        response
    )

    translate_in_editor(
        client, translation_of(project, en), skip={"Foto: Regionalmanagement Nordthüringen"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.id]),
            {"publish_translations": "on"},
            follow=True,
        )
    english.refresh_from_db()
    assert english.live, messages_of(response)
    assert not [m for m in messages_of(response) if "als Entwurf gespeichert" in m]
