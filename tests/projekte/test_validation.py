"""Validation of the projekte page types and snippets, with their German messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from projekte.models import DocumentKind, ProjectStatus
from tests.projekte import factories


def messages(exc: ValidationError, field: str) -> list[str]:
    return [str(m) for m in exc.value.message_dict[field]]


# --- Project --------------------------------------------------------------------------------


def test_project_valid_with_required_fields(sections):
    page = factories.ProjectPageFactory(parent=sections["projects"])
    page.full_clean()  # no error
    assert page.live


def test_project_teaser_is_required(sections):
    page = factories.ProjectPageFactory(parent=sections["projects"])
    page.teaser = ""
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "teaser") == ["Bitte geben Sie einen Teaser ein."]


def test_project_teaser_is_length_limited(sections):
    page = factories.ProjectPageFactory(parent=sections["projects"])
    page.teaser = "x" * 301
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "teaser") == [
        "Der Teaser darf höchstens 300 Zeichen lang sein (jetzt: 301)."
    ]


def test_project_end_before_start_is_refused_on_end_date(sections):
    page = factories.ProjectPageFactory(parent=sections["projects"])
    page.start_date = datetime.date(2024, 5, 1)
    page.end_date = datetime.date(2024, 4, 30)
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "end_date") == [
        "Das Ende des Projekts darf nicht vor seinem Beginn liegen."
    ]
    page.end_date = datetime.date(2024, 5, 1)
    page.full_clean()


def test_finished_project_needs_an_end(sections):
    page = factories.ProjectPageFactory(parent=sections["projects"])
    page.status = ProjectStatus.FINISHED
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "end_date") == ["Ein abgeschlossenes Projekt braucht ein Enddatum."]


def test_project_hero_image_needs_alt_text_to_publish(sections):
    image = factories.ImageFactory(description="")
    page = factories.ProjectPageFactory(parent=sections["projects"])
    page.hero_image = image
    with pytest.raises(ValidationError) as exc:
        page.save_revision()
    assert "Alternativtext" in messages(exc, "hero_alt_text")[0]
    page.hero_alt_text = "Schülerinnen und Schüler im Gespräch mit einem Ausbilder"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live and page.hero_alt_text.startswith("Schülerinnen")


def test_hero_defaults_come_from_the_image_and_may_be_overridden(sections, client):
    """The API folds the page's overrides into the hero image object, in the page's locale."""
    image = factories.ImageFactory(description="Kali-Schacht", caption="Schacht", credit="Foto: A")
    page = factories.ProjectPageFactory(parent=sections["projects"], hero_image=image)
    page.save_revision().publish()

    def hero():
        return client.get(f"/api/v1/pages/{page.pk}/").json()["hero_image"]

    assert (hero()["alt"], hero()["caption"], hero()["credit"]) == (
        "Kali-Schacht",
        "Schacht",
        "Foto: A",
    )
    page.hero_caption = "Der beleuchtete Bleicheröder Kali-Schacht"
    page.save_revision().publish()
    assert hero()["caption"] == "Der beleuchtete Bleicheröder Kali-Schacht"
    assert hero()["text_locales"]["caption"] == "de"


def test_project_api_fields_are_declared(sections):
    from projekte.models import ProjectPage

    names = {field.name for field in ProjectPage.api_fields}
    assert {"teaser", "status", "start_date", "end_date", "topics", "places", "body"} <= names
    assert set(ProjectPage.api_card_fields) <= names


# --- Document -------------------------------------------------------------------------------


def test_document_page_requires_a_file_kind_date_and_summary(sections):
    page = factories.DocumentPageFactory(parent=sections["documents"])
    page.document = None
    page.kind = ""
    page.summary = ""
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "document") == ["Bitte wählen Sie eine Datei aus."]
    assert set(exc.value.message_dict) >= {"document", "kind", "summary"}


def test_document_page_refuses_other_file_types(sections):
    page = factories.DocumentPageFactory(parent=sections["documents"])
    page.document = factories.make_document(name="notiz.txt", content=b"Nur Text")
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "document")[0].startswith("Dieser Dateityp ist nicht erlaubt.")


def test_document_kinds_are_the_agreed_ones():
    assert [k.value for k in DocumentKind] == [
        "declaration",
        "minutes",
        "concept",
        "masterplan",
        "report",
    ]


# --- Partner --------------------------------------------------------------------------------


def test_partner_coordinates_come_in_pairs(sections):
    page = factories.PartnerPageFactory(parent=sections["partners"])
    page.latitude = 51.1
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "longitude") == ["Bitte geben Sie Breiten- und Längengrad gemeinsam an."]


def test_partner_coordinates_are_range_checked(sections):
    page = factories.PartnerPageFactory(parent=sections["partners"])
    page.latitude, page.longitude = 91, 10
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert messages(exc, "latitude") == ["Der Breitengrad muss zwischen -90 und 90 liegen."]


def test_partner_logo_needs_alt_text(sections):
    page = factories.PartnerPageFactory(parent=sections["partners"])
    page.logo = factories.ImageFactory(description="")
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert "Alternativtext" in messages(exc, "logo")[0]
    page.logo.description = "Logo der Region Allgäu"
    page.full_clean()


# --- Snippets -------------------------------------------------------------------------------


def test_place_coordinates_are_range_checked(locales):
    place = factories.PlaceFactory.build(latitude=10, longitude=200)
    with pytest.raises(ValidationError) as exc:
        place.full_clean()
    assert messages(exc, "longitude") == ["Der Längengrad muss zwischen -180 und 180 liegen."]


def test_taxonomy_slug_is_unique_per_language(locales):
    factories.TopicFactory(slug="fachkraefte")
    clash = factories.TopicFactory.build(slug="fachkraefte")
    with pytest.raises(ValidationError) as exc:
        clash.full_clean()
    assert messages(exc, "slug") == ["Dieser Kurzname ist in dieser Sprache bereits vergeben."]
