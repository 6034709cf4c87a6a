"""The demo content: loads twice without duplicates; every German item has an English version."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms.models import CmsDocument, DocumentText, ImageText
from home.models import Footer, HomePage, Navigation
from projekte.models import (
    DocumentPage,
    FundingProgramme,
    PartnerPage,
    Place,
    ProjectPage,
    Topic,
)


@pytest.fixture
def demo(locales):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    return locales


def counts():
    return (
        Page.objects.count(),
        Topic.objects.count(),
        Place.objects.count(),
        FundingProgramme.objects.count(),
        get_image_model().objects.count(),
        CmsDocument.objects.count(),
        Navigation.objects.count(),
        Footer.objects.count(),
    )


def test_loading_twice_duplicates_nothing_and_keeps_editors_changes(demo):
    before = counts()
    project = ProjectPage.objects.get(locale=demo["de"], slug="kali-masterplan")
    project.teaser = "Von der Redaktion geändert."
    project.save_revision().publish()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert counts() == before
    project.refresh_from_db()
    assert project.teaser == "Von der Redaktion geändert."


def check_the_seed_content_is_there(demo):
    de = demo["de"]
    projects = set(ProjectPage.objects.filter(locale=de).values_list("title", flat=True))
    assert projects == {
        "Schule trifft Wirtschaft",
        "KALI-MASTERPLAN",
        "Gewerbeflächenentwicklungskonzept",
        "Strategische Kooperationsregionen im ländlichen Raum",
    }
    documents = set(DocumentPage.objects.filter(locale=de).values_list("title", flat=True))
    assert documents == {
        "Nordthüringer Erklärung",
        "Protokoll Kali-Zukunftsforum Bleicherode-Sollstedt",
        "Protokoll Kali-Zukunftsforum Roßleben",
        "Protokoll Kali-Zukunftsforum Sondershausen",
    }
    partners = set(PartnerPage.objects.filter(locale=de).values_list("title", flat=True))
    assert partners == {
        "Ems-Achse",
        "Südwestfalen",
        "Koblenz-Mittelrhein",
        "Bodensee",
        "Allgäu",
        "Vorpommern",
        "Bundesministerium für Landwirtschaft und Ernährung",
    }
    assert FundingProgramme.objects.filter(locale=de, name="Regionalbudget").exists()
    kali = ProjectPage.objects.get(locale=de, slug="kali-masterplan")
    assert kali.related_documents.count() == 4
    assert {p.name for p in kali.places.all()} >= {"Bleicherode", "Roßleben", "Sondershausen"}
    research = ProjectPage.objects.get(locale=de, slug="strategische-kooperationsregionen")
    assert research.partners.count() == 7
    assert research.funding_programmes.get().funder.startswith("Bundesministerium")


def check_documents_are_real_pdfs_with_text_and_facts(demo):
    from pypdf import PdfReader

    page = DocumentPage.objects.get(locale=demo["de"], slug="protokoll-rossleben")
    assert page.mime_type == "application/pdf"
    assert page.page_count >= 1 and page.file_size > 1000
    with page.document.open_file() as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "Roßleben" in text and "Kali-Zukunftsforum" in text


def check_pages_have_realistic_bodies_and_images_alt_texts(demo):
    for project in ProjectPage.objects.filter(locale=demo["de"]):
        assert len(project.body) >= 5, project.title
        assert project.hero_image.description
    assert not get_image_model().objects.filter(description="").exists()
    schule = ProjectPage.objects.get(locale=demo["de"], slug="schule-trifft-wirtschaft")
    assert schule.hero_image.caption.startswith("Herr Teichmann")


def check_english_media_texts_were_made_through_the_workflow(demo):
    """Every image and document a page shows has English texts, each one a wagtail-localize
    translation of the German string in that page's translation, published."""
    from wagtail_localize.models import StringSegment, StringTranslation

    from cms.content.media_texts import shown_media

    en = Locale.objects.get(language_code="en")
    shown_images, shown_documents = set(), set()
    for page in Page.objects.filter(locale=en, depth__gt=1).specific():
        images, documents = shown_media(page)
        shown_images.update(images)
        shown_documents.update(documents)
    assert shown_images and shown_documents
    for pk in shown_images:
        texts = ImageText.objects.get(image_id=pk, locale=en)
        image = texts.image
        assert texts.alt and texts.title, image
        if not image.title.startswith("Logo"):  # partner names may read the same in English
            assert texts.alt != image.description and texts.title != image.title, image
        assert texts.credit.startswith("Graphic"), image
        if image.caption:
            assert texts.caption and texts.caption != image.caption, image
        segment = StringSegment.objects.filter(
            context__path=f"media_texts.image-{pk}.alt", string__data=image.description
        ).first()
        assert segment is not None, image
        assert StringTranslation.objects.filter(
            translation_of_id=segment.string_id, locale=en, data=texts.alt
        ).exists(), image
    for pk in shown_documents:
        texts = DocumentText.objects.get(document_id=pk, locale=en)
        assert texts.title and texts.title != texts.document.title
        assert texts.summary and texts.summary != texts.document.summary


def check_every_german_page_and_snippet_has_a_published_english_translation(demo):
    de, en = demo["de"], Locale.objects.get(language_code="en")
    same_in_english = {"Allgäu", "Bodensee", "Vorpommern", "Ems-Achse", "Südwestfalen"}
    german_pages = Page.objects.filter(
        locale=de, depth__gt=1, content_type__app_label__in=["home", "projekte"]
    )
    assert german_pages.count() == 19
    for page in german_pages:
        english = page.get_translation_or_none(en)
        assert english is not None and english.live, page.title
        assert english.title != page.title or page.title in same_in_english, page.title
    for model in (Topic, Place, FundingProgramme, Navigation, Footer):
        for item in model.objects.filter(locale=de):
            assert item.get_translation_or_none(en) is not None, item
    english_project = ProjectPage.objects.get(locale=en, slug="kali-masterplan")
    assert english_project.title == "POTASH MASTER PLAN"
    assert "potash" in str(english_project.body[1].value).lower()
    assert all(topic.locale == en for topic in english_project.topics.all())
    assert all(doc.locale == en for doc in english_project.related_documents.all())
    english_home = HomePage.objects.get(locale=en)
    assert len(english_home.featured_projects) == 4
    assert all(item.value.locale == en for item in english_home.featured_projects)


def check_the_page_tree_is_sound():
    """Review: the English home page was saved with a stale child count (0 of 3), so Wagtail
    saw it as a leaf and moving a page under it failed half-way (``UNIQUE constraint failed:
    wagtailcore_page.path``)."""
    assert Page.find_problems() == ([], [], [], [], [])
    for page in Page.objects.filter(depth__lte=2):
        assert (
            page.numchild
            == Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        ), page


def test_demo_content_is_complete(demo):
    """One load, several checks (loading takes a while): seed facts, files, bodies, English."""
    check_the_page_tree_is_sound()
    check_the_seed_content_is_there(demo)
    check_documents_are_real_pdfs_with_text_and_facts(demo)
    check_pages_have_realistic_bodies_and_images_alt_texts(demo)
    check_every_german_page_and_snippet_has_a_published_english_translation(demo)
    check_english_media_texts_were_made_through_the_workflow(demo)
