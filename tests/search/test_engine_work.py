"""The engine does the engine's work (issue 17): dictionary decompounding, facet counts over all
matches (aggregations), highlighting, typo tolerance, suggestions and ranking with field boosts,
all on the real engine node; Python ranking, counting and vocabulary only for the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import indexing, service

from .conftest import add_project

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def text(words):
    return [("heading", {"text": words, "level": "h2"})]


@pytest.fixture
def work_corpus(engine, project_index):
    """Pages whose compounds' parts appear nowhere else in the index (so no word list built
    from the indexed text knows them), pages for boosts, an HTML-ish title, five Dorfläden."""
    pages = {
        "wirtschaft": add_project(
            project_index, "Wirtschaftsförderung für Handwerksbetriebe", "Beratung und Zuschüsse."
        ),
        "fachkraefte": add_project(
            project_index, "Fachkräftesicherung im Kyffhäuserkreis", "Betriebe gewinnen Nachwuchs."
        ),
        "title": add_project(project_index, "Streuobstwiesen am Kyffhäuser", "Pflege im Herbst."),
        "teaser": add_project(project_index, "Landschaftspflege", "Streuobstwiesen und Hecken."),
        "body": add_project(
            project_index, "Naturschutzprojekte", "Ein Überblick.", text("Auch Streuobstwiesen.")
        ),
        "html": add_project(project_index, "Radweg <Helme> & Unstrut", "Ein Weg für alle."),
    }
    for n, status in enumerate(["running", "running", "running", "planned", "planned"]):
        pages[f"laden{n}"] = add_project(
            project_index, f"Dorfladen Nummer {n}", "Nahversorgung im Dorf.", status=status
        )
    indexing.rebuild_backend_index("default")
    return pages


def ids(outcome):
    return [r["id"] for r in outcome.results]


def analyze(text_):
    from wagtail.search.backends import get_search_backend

    from search.models import SearchDocument

    backend = get_search_backend("default")
    index = backend.get_index_for_model(SearchDocument).name
    body = {"analyzer": "cms_german", "text": text_}
    return {t["token"] for t in backend.es.indices.analyze(index=index, body=body)["tokens"]}


def test_compounds_split_by_the_german_dictionary(work_corpus):
    """„Wirtschaft“, „Förderung“, „Fachkräfte“ stand alone nowhere in the index: only a real
    dictionary splits the compounds into them."""
    assert {"wirtschaft", "forderung", "wirtschaftsforderung"} <= analyze("Wirtschaftsförderung")
    assert {"fachkraft", "sicherung"} <= analyze("Fachkräftesicherung")
    assert {"handwerk", "betrieb"} <= analyze("Handwerksbetriebe")
    for query, page in [
        ("Förderung", "wirtschaft"),
        ("Wirtschaft", "wirtschaft"),
        ("Fachkräfte", "fachkraefte"),
        ("Sicherung", "fachkraefte"),
    ]:
        outcome = service.search(query, "de", log=False)
        assert outcome.backend == "engine"
        assert ids(outcome)[:1] == [work_corpus[page].pk], query


def test_the_decompounder_word_list_is_the_dictionary(work_corpus, settings):
    from search.backends import decompound_words

    words = decompound_words()
    assert len(words) > 50_000 and {"forderung", "wirtschaft", "fachkrafte"} <= set(words)
    settings.CMS_SEARCH_DECOMPOUND_WORDLIST = "/nonexistent/ngerman"
    from search.checks import decompounding

    assert [m.id for m in decompounding()] == ["cms_search.W002"]


def test_facets_count_every_match_not_the_candidates(work_corpus, monkeypatch):
    """The facet counts and the total are the engine's over all matches, also beyond the
    candidates the database path would rank (lowered here to 2)."""
    monkeypatch.setattr(service, "MAX_CANDIDATES", 2)
    outcome = service.search("Dorfladen", "de", log=False, limit=2)
    assert outcome.backend == "engine" and outcome.total == 5 and len(outcome.results) == 2
    assert outcome.facets["type"] == [
        {"value": "project", "label": "Projekt", "count": 5, "selected": False}
    ]
    counts = {f["value"]: f["count"] for f in outcome.facets["status"]}
    assert counts == {"running": 3, "planned": 2}
    # A filter narrows the hits and the other facets; its own facet keeps every value.
    filtered = service.search("Dorfladen", "de", filters={"status": "running"}, log=False)
    assert filtered.total == 3 and len(filtered.results) == 3
    status = {f["value"]: (f["count"], f["selected"]) for f in filtered.facets["status"]}
    assert status == {"running": (3, True), "planned": (2, False)}
    assert filtered.facets["type"][0]["count"] == 3
    later = service.search("Dorfladen", "de", log=False, offset=4, limit=2)
    assert later.total == 5 and len(later.results) == 1


def test_facets_are_counted_in_one_aggregation_per_filter_context(work_corpus, monkeypatch):
    """At 100,000 documents one aggregation per facet walked the matches once per facet, half
    of a search's time in the engine. The facets that see the same filters are counted by one
    aggregation: one in all without a filter, one more per facet whose filter is given. The
    counts stay what each facet with the other filters applied gives."""
    from search import engine

    bodies = []
    send = engine._search
    monkeypatch.setattr(engine, "_search", lambda b, body: bodies.append(body) or send(b, body))
    plain = service.search("Dorfladen", "de", log=False)
    assert len(bodies[-1]["aggs"]) == 1
    assert {"type", "status"} <= set(plain.facets)
    both = {"type": "project", "status": "planned"}
    filtered = service.search("Dorfladen", "de", filters=both, log=False)
    assert len(bodies[-1]["aggs"]) == 3  # the rest, type without its filter, status without
    assert filtered.total == 2
    status = {f["value"]: (f["count"], f["selected"]) for f in filtered.facets["status"]}
    assert status == {"running": (3, False), "planned": (2, True)}
    assert filtered.facets["type"] == [
        {"value": "project", "label": "Projekt", "count": 2, "selected": True}
    ]
    assert list(filtered.facets)[0] == "type"


def test_facets_are_recounted_one_by_one_when_the_shared_count_leaves_values_out(
    work_corpus, monkeypatch
):
    """Review of issue 17: the shared aggregation returns its most frequent values over all
    facets, so a facet with many frequent values could push out another facet's. When it
    leaves any out, the facets are counted one aggregation each (here it keeps one value)."""
    from search import engine

    expected = service.search("Dorfladen", "de", log=False).facets
    monkeypatch.setattr(engine, "_shared_size", lambda names: 1)
    bodies = []
    send = engine._search
    monkeypatch.setattr(engine, "_search", lambda b, body: bodies.append(body) or send(b, body))
    outcome = service.search("Dorfladen", "de", log=False)
    assert len(bodies) == 2 and bodies[1]["size"] == 0
    assert outcome.facets == expected
    assert {f["value"] for f in outcome.facets["status"]} == {"running", "planned"}


def test_highlights_read_offsets_and_expand_no_fuzzy_terms(work_corpus, engine, monkeypatch):
    """Highlighting re-analysed each hit's text and expanded every fuzzy term again (half of a
    search's time at 10,000 documents): the language fields index offsets, and the highlight
    query is the search's without fuzziness. A typo still finds its page, and what its
    analysis recognises (here the compound part „Wirtschaft“) is still marked."""
    import json

    from search import engine as engine_module
    from search.models import SearchDocument

    bodies = []
    send = engine_module._search
    monkeypatch.setattr(
        engine_module, "_search", lambda b, body: bodies.append(body) or send(b, body)
    )

    backend = service._backend("default")
    index = backend.get_index_for_model(SearchDocument)
    mapping = backend.es.indices.get_mapping(index=index.name)
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    for field in ("title_de", "teaser_de", "body_de", "title_en", "body_en"):
        assert properties[field]["index_options"] == "offsets", field
    outcome = service.search("Wirtschaftsfördrung", "de", log=False)
    assert ids(outcome)[:1] == [work_corpus["wirtschaft"].pk]
    assert "fuzziness" in json.dumps(bodies[-1]["query"])
    assert "fuzziness" not in json.dumps(bodies[-1]["highlight"]["highlight_query"])
    assert "<mark>Wirtschaftsförderung</mark>" in outcome.results[0]["highlights"]["title"]
    hit = service.search("Wirtschaftsförderung Handwerk", "de", log=False).results[0]
    assert hit["highlights"]["title"] == (
        "<mark>Wirtschaftsförderung</mark> für <mark>Handwerksbetriebe</mark>"
    )


def test_the_engine_highlights_and_python_neither_ranks_nor_expands(work_corpus, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("Python work on an engine search")

    for name in ("highlight", "rank", "vocabulary", "expand", "retrieve_database"):
        monkeypatch.setattr(service, name, never)
    hit = service.search("Helme", "de", log=False).results[0]
    assert hit["highlights"]["title"] == "Radweg &lt;<mark>Helme</mark>&gt; &amp; Unstrut"
    hit = service.search("Förderung", "de", log=False).results[0]
    assert hit["highlights"]["title"] == "<mark>Wirtschaftsförderung</mark> für Handwerksbetriebe"
    assert hit["highlights"]["snippet"] == "Beratung und Zuschüsse."  # no match: the teaser
    hit = service.search("Zuschuesse", "de", log=False).results[0]
    assert hit["highlights"]["snippet"] == "Beratung und <mark>Zuschüsse</mark>."


@pytest.mark.parametrize(
    ("typo", "page"),
    [
        ("Wirtschaftsfördrung", "wirtschaft"),
        ("Fachkräftesicherumg", "fachkraefte"),
        ("Streuobstwisen", "title"),
        ("Handwerksbetreibe", "wirtschaft"),
    ],
)
def test_a_typo_finds_the_page(work_corpus, typo, page):
    outcome = service.search(typo, "de", log=False)
    assert outcome.backend == "engine"
    assert ids(outcome)[:1] == [work_corpus[page].pk]


def test_title_outranks_teaser_outranks_body(work_corpus):
    found = ids(service.search("Streuobstwiese", "de", log=False))
    assert found == [work_corpus[k].pk for k in ("title", "teaser", "body")]


def test_suggestions_come_from_the_engine_not_a_scan(work_corpus):
    """Search-as-you-type asks the title's edge-n-grams: the database is asked only for the
    pages the engine named (no query over every document of the language)."""
    with CaptureQueriesContext(connection) as queries:
        found = service.suggest("Wirtschaftsf", "de")
        assert [s["id"] for s in found] == [work_corpus["wirtschaft"].pk]
        assert [s["id"] for s in service.suggest("Fachkräfte Kyffh", "de")] == [
            work_corpus["fachkraefte"].pk
        ]
        shops = {work_corpus[f"laden{n}"].pk for n in range(5)}
        found = [s["id"] for s in service.suggest("Dorfladen Numm", "de", limit=3)]
        assert len(found) == 3 and set(found) <= shops
        # Review: a spelled-out umlaut as the search reads it („Fachkraef“ for „Fachkräf“).
        assert [s["id"] for s in service.suggest("Fachkraef", "de")] == [
            work_corpus["fachkraefte"].pk
        ]
    scans = [
        q["sql"]
        for q in queries.captured_queries
        if "cms_search_searchdocument" in q["sql"] and '"page_id" IN (' not in q["sql"]
    ]
    assert scans == []


@pytest.fixture
def umlaut_corpus(engine, project_index):
    """„Förderung“ (funding) and „Forderungen“ (demands) fold and stem to the same word."""
    pages = {
        "foerderung": add_project(
            project_index, "Förderung des Ehrenamts", "Zuschüsse für Vereine im Landkreis."
        ),
        "forderung": add_project(
            project_index, "Forderungen der Landräte", "Was die Kreise vom Land erwarten."
        ),
    }
    indexing.rebuild_backend_index("default")
    return pages


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Förderung", "foerderung"),
        ("Forderungen", "forderung"),
        ("Forderung", "forderung"),
        ("foerderung", "foerderung"),  # review: the umlaut spelled out
    ],
)
def test_a_word_as_written_ranks_above_one_that_only_folds_alike(umlaut_corpus, query, first):
    """Review of issue 17: on the engine „Förderung“ ranked „Forderungen“ first (German
    normalisation folds ö to o, the stemmer does the rest); the word as written breaks the tie."""
    outcome = service.search(query, "de", log=False)
    assert outcome.backend == "engine"
    assert ids(outcome)[:1] == [umlaut_corpus[first].pk], query
