"""One language per search: German text never matches an English query, labels come in the
reader's language, and the search answers in the locale the request asks for (issue 13)."""

from __future__ import annotations

import pytest

from search import indexing, service
from tests.api.conftest import make_document, make_image

from .conftest import add_project, search_ids

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def bilingual(project_index, topics, locales):
    """A German project showing a German image, a German document and a German-only topic, and
    its English translation, whose own text is English and shares no word with them."""
    from projekte.models import Topic

    image = make_image(
        title="Unternehmensvorstellung",
        description="Ein Ausbilder und seine Auszubildenden vor einer Schulklasse",
        caption="Herr Teichmann erklärt den Schülern seinen Beruf",
    )
    document = make_document(title="Sitzungsniederschrift Zukunftsforum")
    lonely = Topic.objects.create(name="Heimatpflege", slug="heimatpflege", locale=locales["de"])
    german = add_project(
        project_index,
        "Schule trifft Wirtschaft",
        "Betriebe kommen in die Schulen.",
        [
            ("image", {"image": image, "alt_text": "", "caption": "", "credit": ""}),
            ("document_list", {"title": "Downloads", "documents": [document]}),
        ],
        status="running",
        hero_image=image,
    )
    german.related_documents.add(document)
    german.topics.add(topics["bildung"], lonely)
    german.save_revision().publish()
    german = type(german).objects.get(pk=german.pk)
    english = german.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "School meets business"
    english.teaser = "Companies come to the schools."
    english.hero_alt_text = "A trainer and his apprentices in front of a class"
    english.save_revision().publish()
    english_topic = topics["bildung"].copy_for_translation(locales["en"])
    english_topic.name = "Education"
    english_topic.save()
    indexing.index_page(english.pk)
    return {"de": german, "en": english}


GERMAN_ONLY = [
    "Ausbilder",  # the image's alt text
    "Teichmann",  # its caption
    "Unternehmensvorstellung",  # its title
    "Sitzungsniederschrift",  # the document's title (block and related documents)
    "Nordthueringer",  # the document's PDF text
    "laufend",  # the status label in German
    "Heimatpflege",  # a topic that has no English translation
]


@pytest.mark.parametrize("word", GERMAN_ONLY)
def test_german_text_never_matches_an_english_query(bilingual, word):
    assert bilingual["en"].pk not in search_ids(word, language="en")


def test_german_search_still_finds_the_media_texts(bilingual):
    """The source locale keeps its media texts and labels in its search documents."""
    for word in ("Ausbilder", "Teichmann", "Sitzungsniederschrift", "laufend", "Heimatpflege"):
        assert search_ids(word) == [bilingual["de"].pk], word


def test_english_document_holds_english_only(bilingual):
    from search.models import SearchDocument

    document = SearchDocument.objects.get(pk=bilingual["en"].pk)
    text = f"{document.body}\n{document.extra}"
    assert "running" in text and "Education" in text
    for word in GERMAN_ONLY:
        assert word.lower() not in text.lower(), word


def test_facet_labels_come_in_the_readers_language(client, bilingual, topics, locales):
    from projekte.models import Topic

    english = client.get(URL, {"q": "School", "locale": "en"}, HTTP_ACCEPT_LANGUAGE="de").json()
    assert english["facets"]["status"] == [
        {"value": "running", "label": "running", "count": 1, "selected": False}
    ]
    assert labels(english, "type")["project"] == "Project"
    education = topics["bildung"].get_translation(locales["en"]).pk
    lonely = str(Topic.objects.get(slug="heimatpflege").pk)
    assert labels(english, "topics") == {str(education): "Education", lonely: "Heimatpflege"}
    german = client.get(URL, {"q": "Schule", "locale": "de"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert labels(german, "status") == {"running": "laufend"}
    assert labels(german, "type")["project"] == "Projekt"
    bildung = str(topics["bildung"].pk)
    assert labels(german, "topics") == {bildung: "Bildung", lonely: "Heimatpflege"}


def labels(answer: dict, facet: str) -> dict[str, str]:
    return {f["value"]: f["label"] for f in answer["facets"][facet]}


def test_facet_labels_of_one_filter_name_follow_each_content_type(client, home, locales):
    """``kind`` is a document's kind on document pages and a partner's on partner pages; each
    is labelled from its own choices, in the reader's language."""
    import datetime

    from wagtail.models import Page

    from projekte.models import DocumentIndexPage, DocumentPage, PartnerIndexPage, PartnerPage

    documents = home.add_child(instance=DocumentIndexPage(title="Mediathek", slug="mediathek"))
    partners = home.add_child(instance=PartnerIndexPage(title="Partner", slug="partner"))
    minutes = documents.add_child(
        instance=DocumentPage(
            title="Kali Protokoll",
            kind="minutes",
            date=datetime.date(2024, 1, 1),
            summary="Kali",
            document=make_document(),
        )
    )
    authority = partners.add_child(instance=PartnerPage(title="Kali Ministerium", kind="authority"))
    for page in (minutes, authority):
        page.save_revision().publish()
        english = Page.objects.get(pk=page.pk).specific.copy_for_translation(
            locales["en"], copy_parents=True
        )
        english.save_revision().publish()
        for ancestor in english.get_ancestors().filter(depth__gt=2, live=False):
            ancestor.specific.save_revision().publish()
    german = client.get(URL, {"q": "Kali", "locale": "de"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert labels(german, "kind") == {"minutes": "Protokoll", "authority": "Ministerium / Behörde"}
    english = client.get(URL, {"q": "Kali", "locale": "en"}, HTTP_ACCEPT_LANGUAGE="de").json()
    assert labels(english, "kind") == {"minutes": "Minutes", "authority": "Ministry / authority"}


def test_search_answers_in_the_locale_of_accept_language(client, bilingual):
    response = client.get(URL, {"q": "School"}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    body = response.json()
    assert body["locale"] == "en" and bilingual["en"].pk in [r["id"] for r in body["results"]]
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    german = client.get(URL, {"q": "Schule"}, HTTP_ACCEPT_LANGUAGE="de")
    assert german.json()["locale"] == "de" and german["Content-Language"] == "de"
    explicit = client.get(URL, {"q": "School", "locale": "en"}, HTTP_ACCEPT_LANGUAGE="de")
    assert explicit["Content-Language"] == "en"
    assert "Accept-Language" not in explicit["Vary"]
    suggest = client.get(URL + "suggest/", {"q": "Scho"}, HTTP_ACCEPT_LANGUAGE="en")
    assert [s["id"] for s in suggest.json()["suggestions"]] == [bilingual["en"].pk]
    assert suggest["Content-Language"] == "en"


def test_search_locale_is_the_apis_locale_enum(client, db):
    spec = client.get("/api/v1/openapi.json").json()

    def locale_schema(path):
        parameters = spec["paths"][path]["get"]["parameters"]
        return next(p["schema"] for p in parameters if p["name"] == "locale")

    pages = locale_schema("/api/v1/pages/")
    assert locale_schema("/api/v1/search/") == pages
    assert locale_schema("/api/v1/search/suggest/") == pages
    for path in (URL, URL + "suggest/"):
        response = client.get(path, {"q": "Kali", "locale": "fr"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"


def test_fallback_notice_comes_in_the_readers_language(bilingual, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.opensearch2",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "unreachable_",
            "AUTO_UPDATE": False,
        },
        "database": settings.WAGTAILSEARCH_BACKENDS["default"],
    }
    service._engine_down_until = 0.0
    english = service.search("School", "en", log=False)
    assert english.fallback and english.notice.startswith("The search engine")
    german = service.search("Schule", "de", log=False)
    assert german.fallback and german.notice.startswith("Die Suchmaschine")
    service._engine_down_until = 0.0


@pytest.mark.engine
@pytest.mark.parametrize("word", GERMAN_ONLY)
def test_engine_never_matches_german_text_in_english(engine, bilingual, word):
    indexing.rebuild_backend_index("default")
    outcome = service.search(word, "en", log=False)
    assert outcome.backend == "engine"
    assert bilingual["en"].pk not in [r["id"] for r in outcome.results]
    assert service.search(bilingual["en"].title, "en", log=False).results[0]["id"] == (
        bilingual["en"].pk
    )
