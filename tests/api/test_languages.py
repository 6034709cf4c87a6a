"""Every label in the request's locale, and the language headers of every answer (issue 13).

Labels are gettext strings rendered while the API serializes: choice labels (``<field>_label``),
locale names, snippet labels. ``Content-Language`` names the locale answered, cached or not;
``Vary: Accept-Language`` is sent exactly when that header chose it.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page

from home.models import Footer, Navigation
from projekte import models
from tests.api.conftest import publish
from tests.projekte import factories

pytestmark = pytest.mark.django_db


def test_locales_are_named_in_the_requested_language(api, locales):
    english = api.get("/api/v1/locales/?locale=en", HTTP_ACCEPT_LANGUAGE="de")
    assert english["Content-Language"] == "en"
    assert [(loc["code"], loc["name"], loc["native_name"]) for loc in english.json()] == [
        ("de", "German", "Deutsch"),
        ("en", "English", "English"),
    ]
    by_header = api.get("/api/v1/locales/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert [loc["name"] for loc in by_header.json()] == ["German", "English"]
    assert by_header["Content-Language"] == "en" and "Accept-Language" in by_header["Vary"]
    german = api.get("/api/v1/locales/")
    assert [loc["name"] for loc in german.json()] == ["Deutsch", "Englisch"]
    assert german["Content-Language"] == "de"


@pytest.fixture
def site_snippets(locales):
    """Navigation and footer in German and English (one translation each)."""
    made = {}
    for model in (Navigation, Footer):
        german = model.objects.create(locale=locales["de"])
        english = model.objects.create(locale=locales["en"], translation_key=german.translation_key)
        made[model._meta.model_name] = {"de": german, "en": english}
    return made


def test_snippet_labels_come_in_the_requested_locale(api, site_snippets):
    for name, english_label, german_label in (
        ("navigation", "Navigation", "Navigation"),
        ("footer", "Footer", "Fußbereich"),
    ):
        listing = api.get(f"/api/v1/snippets/{name}/?locale=en", HTTP_ACCEPT_LANGUAGE="de")
        assert [item["label"] for item in listing.json()["items"]] == [english_label]
        assert listing["Content-Language"] == "en"
        english = site_snippets[name]["en"]
        by_id = api.get(f"/api/v1/snippets/{name}/{english.pk}/", HTTP_ACCEPT_LANGUAGE="de")
        assert by_id.json()["label"] == english_label and by_id["Content-Language"] == "en"
        german = site_snippets[name]["de"]
        by_id = api.get(f"/api/v1/snippets/{name}/{german.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        assert by_id.json()["label"] == german_label and by_id["Content-Language"] == "de"


def test_a_language_cookie_never_changes_the_apis_labels(api, site_snippets):
    """Only ``locale`` and ``Accept-Language`` choose: a cookie would also split cached entries."""
    api.cookies["django_language"] = "en"
    answer = api.get_json("/api/v1/snippets/footer/?locale=de")
    assert [item["label"] for item in answer["items"]] == ["Fußbereich"]
    assert [loc["name"] for loc in api.get_json("/api/v1/locales/?locale=de")] == [
        "Deutsch",
        "Englisch",
    ]


@pytest.fixture
def project(home, en):
    """A running German project with its English translation, both published."""
    index = factories.ProjectIndexPageFactory(parent=home)
    german = publish(factories.ProjectPageFactory(parent=index, status="running"))
    Page.objects.get(pk=index.pk).specific.copy_for_translation(en)
    english = Page.objects.get(pk=german.pk).specific.copy_for_translation(en)
    publish(Page.objects.get(pk=english.pk).get_parent().specific)
    return {"de": german, "en": publish(english)}


def test_choice_fields_come_with_their_label_in_the_requested_locale(api, project, en):
    german = api.get_json(f"/api/v1/pages/{project['de'].pk}/")
    assert (german["status"], german["status_label"]) == ("running", "laufend")
    english = api.get_json(f"/api/v1/pages/{project['de'].pk}/?locale=en")
    assert english["id"] == project["en"].pk
    assert (english["status"], english["status_label"]) == ("running", "running")
    cards = api.get_json("/api/v1/pages/?type=project&locale=en", HTTP_ACCEPT_LANGUAGE="de")
    assert [(c["status"], c["status_label"]) for c in cards["items"]] == [("running", "running")]


def test_choice_labels_of_every_kind_of_answer(api, home, en):
    """Document pages, partner pages (cards and detail) and place snippets."""
    media = factories.DocumentIndexPageFactory(parent=home)
    minutes = publish(factories.DocumentPageFactory(parent=media, kind=models.DocumentKind.MINUTES))
    partners = factories.PartnerIndexPageFactory(parent=home)
    authority = publish(factories.PartnerPageFactory(parent=partners, kind="authority"))
    place = models.Place.objects.create(
        name="Sondershausen", slug="sondershausen", kind="town", latitude=51.37, longitude=10.87
    )
    for locale, expected in (
        ("de", {"minutes": "Protokoll", "authority": "Ministerium / Behörde", "town": "Stadt"}),
        ("en", {"minutes": "Minutes", "authority": "Ministry / authority", "town": "Town"}),
    ):
        headers = {"HTTP_ACCEPT_LANGUAGE": locale}
        found = {}
        for url in (f"/api/v1/pages/{minutes.pk}/", f"/api/v1/pages/{authority.pk}/"):
            detail = api.get_json(url, **headers)
            # by id: the page's own locale (German), whatever the header says
            assert (
                detail["kind_label"]
                == {"minutes": "Protokoll", "authority": "Ministerium / Behörde"}[detail["kind"]]
            )
            detail = api.get_json(f"{url}?locale={locale}&fallback=true", **headers)
            found[detail["kind"]] = detail["kind_label"]
        for api_name in ("document", "partner"):
            for card in api.get_json(f"/api/v1/pages/?type={api_name}", **headers)["items"]:
                assert card["kind_label"] == expected[card["kind"]]
        snippet = api.get_json(f"/api/v1/snippets/place/{place.pk}/?locale={locale}")
        found[snippet["kind"]] = snippet["kind_label"]
        assert found == expected


def test_content_language_names_the_locale_answered_cached_or_not(api, home, english_home):
    url = "/api/v1/pages/?type=home&locale=en"
    first = api.get(url, HTTP_ACCEPT_LANGUAGE="de")
    again = api.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    for response in (first, again):
        assert response["Content-Language"] == "en"
        assert "Accept-Language" not in response["Vary"]  # the parameter chose
    etag = again["ETag"]
    not_modified = api.get(url, HTTP_ACCEPT_LANGUAGE="de", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified["Content-Language"] == "en"
    negotiated = "/api/v1/pages/find/?path=/"
    for _ in range(2):
        response = api.get(negotiated, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
        assert response.json()["id"] == english_home.pk
        assert response["Content-Language"] == "en" and "Accept-Language" in response["Vary"]
    assert response["X-Cache"] == "hit"
    german = api.get(negotiated)
    assert german.json()["id"] == home.pk and german["Content-Language"] == "de"


def test_a_page_by_id_answers_in_its_own_locale_whatever_accept_language(api, home, english_home):
    """An id names one locale's page: without ``locale`` that page is answered, in its own
    language, and the answer does not vary on ``Accept-Language`` (the OpenAPI text says so)."""
    url = f"/api/v1/pages/{home.pk}/"
    answers = [api.get(url, HTTP_ACCEPT_LANGUAGE=h) for h in ("en", "de", "en-GB", "")]
    assert {a.json()["id"] for a in answers} == {home.pk}
    assert len({a.content for a in answers}) == 1
    for answer in answers:
        assert answer["Content-Language"] == "de"
        assert "Accept-Language" not in answer["Vary"]
    english = api.get(f"/api/v1/pages/{english_home.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert english.json()["locale"] == "en" and english["Content-Language"] == "en"
    translated = api.get(f"{url}?locale=en", HTTP_ACCEPT_LANGUAGE="de")
    assert translated.json()["id"] == english_home.pk and translated["Content-Language"] == "en"
    spec = api.get_json("/api/v1/openapi.json")
    parameters = spec["paths"]["/api/v1/pages/{page_id}/"]["get"]["parameters"]
    locale = next(p for p in parameters if p["name"] == "locale")
    assert "own locale" in locale["description"]
    assert "Accept-Language is not read" in locale["description"]
    listing = spec["paths"]["/api/v1/pages/"]["get"]["parameters"]
    assert "Accept-Language" in next(p for p in listing if p["name"] == "locale")["description"]


def test_problems_and_the_api_document_say_they_are_english(api, db):
    missing = api.get("/api/v1/pages/999999/", HTTP_ACCEPT_LANGUAGE="de")
    assert missing.status_code == 404 and missing["Content-Language"] == "en"
    bad = api.get("/api/v1/pages/?locale=fr", HTTP_ACCEPT_LANGUAGE="de")
    assert bad.status_code == 400 and bad["Content-Language"] == "en"
    assert api.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "en"
