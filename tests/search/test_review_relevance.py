"""Relevance cases found by the review of issue 17 (database backends; the engine's in
``test_engine_work.py``): compound expansion only at real compound boundaries, one-letter typos
of words the stemmer cannot shorten, snippets on one line."""

import pytest

from search import analysis, service
from search.analysis import Vocabulary

from .conftest import add_project, search_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_corpus(project_index, locales):
    pages = {
        "foerderung": add_project(
            project_index, "Wirtschaftsförderung im Landkreis", "Beratung für Betriebe."
        ),
        "herausforderung": add_project(
            project_index,
            "Demografischer Wandel",
            "Die Herausforderungen einer alternden Region.",
            [("heading", {"text": "Zuzug und Bleiben", "level": "h2"})],
        ),
        "erklaerung": add_project(
            project_index, "Gemeinsame Erklärung der Landräte", "Der Wortlaut im Überblick."
        ),
        "card": add_project(
            project_index,
            "Schülerfirmen",
            "Schüler gründen Firmen.",
            [
                ("heading", {"text": "Projektidee", "level": "h2"}),
                ("heading", {"text": "Schüler lernen Unternehmertum", "level": "h3"}),
            ],
            status="running",
        ),
    }
    german = pages["erklaerung"]
    german.copy_for_translation(locales["en"], copy_parents=True)
    english = german.get_translation(locales["en"])
    english.title = "Skilled workers for the region"
    english.teaser = "How companies keep skilled workers."
    english.save_revision().publish()
    pages["skilled"] = english
    return pages


def test_foerderung_does_not_find_herausforderungen(review_corpus):
    """„Herausforderungen“ ends with the folded „forder“ of „Förderung“ after „heraus“, which
    is no noun: not a compound of it; „Wirtschaftsförderung“ is (the noun „Wirtschaft“ + s)."""
    found = search_ids("Förderung")
    assert review_corpus["foerderung"].pk in found
    assert review_corpus["herausforderung"].pk not in found


def test_compounds_only_at_a_real_boundary():
    vocab = Vocabulary(
        df={
            "forder": 1,
            "herausforder": 3,
            "wirtschaftsforder": 2,
            "forderprogramm": 1,
        }
    )
    assert vocab.compounds_containing("forder", boundary=analysis.compound_boundary) == [
        "wirtschaftsforder",
        "forderprogramm",
    ]
    # Without the check every word ending or beginning with the letters counted.
    assert "herausforder" in vocab.compounds_containing("forder")


@pytest.mark.parametrize(
    ("typo", "language", "page"),
    [
        ("skiled", "en", "skilled"),
        ("Erklärnug", "de", "erklaerung"),
        ("Erklrung", "de", "erklaerung"),
    ],
)
def test_one_letter_typos_are_corrected(review_corpus, typo, language, page):
    assert search_ids(typo, language=language)[:1] == [review_corpus[page].pk]


def test_snippets_carry_no_line_breaks(review_corpus):
    outcome = service.search("Unternehmertum", "de", log=False)
    snippet = outcome.results[0]["highlights"]["snippet"]
    assert "\n" not in snippet and "  " not in snippet
    assert "Projektidee · Schüler lernen <mark>Unternehmertum</mark>" in snippet


def test_one_line():
    assert analysis.one_line("laufend\nRegionalmanagement") == "laufend · Regionalmanagement"
    assert analysis.one_line("gewinnen.\n\n Ausbildung") == "gewinnen. Ausbildung"
    assert analysis.one_line("<mark>Kali</mark>\nPlan  B") == "<mark>Kali</mark> · Plan B"


def test_facets_and_total_count_every_match_not_the_candidates(corpus, topics, monkeypatch):
    """Facets are counted in SQL over every matching document (GROUP BY over their facet
    values), not over the first ``MAX_CANDIDATES`` ranked candidates; each facet with the other
    filters applied, ``total`` with all of them."""
    monkeypatch.setattr(service, "MAX_CANDIDATES", 1)
    outcome = service.search("Energie", "de", log=False)
    assert outcome.total == 2
    assert len(outcome.results) == 1  # the results are the candidates
    assert {f["value"]: f["count"] for f in outcome.facets["topics"]} == {
        str(topics["energie"].pk): 2,
        str(topics["bildung"].pk): 1,
    }
    assert {f["value"]: f["count"] for f in outcome.facets["status"]} == {
        "running": 1,
        "finished": 1,
    }
    assert [(f["value"], f["count"]) for f in outcome.facets["type"]] == [("project", 2)]
    filtered = service.search("Energie", "de", filters={"status": "running"}, log=False)
    assert filtered.total == 1
    status = {f["value"]: (f["count"], f["selected"]) for f in filtered.facets["status"]}
    assert status == {"running": (1, True), "finished": (1, False)}  # the facet's own filter off
    assert {f["value"]: f["count"] for f in filtered.facets["topics"]} == {
        str(topics["energie"].pk): 1
    }
