"""Reader search on the real engine (Elasticsearch 8 or OpenSearch 2): German analysis, fallback."""

import pytest

from search import indexing, service
from search.models import IndexingFailure

from .conftest import search_ids

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


ENGINE_CASES = [
    ("Fachkräftesicherung", "fachkraefte"),
    ("Fachkräfte", "fachkraefte"),
    ("Schueler", "schule"),
    ("Rossleben", "kali"),
    ("Kalibergbau", "kali"),
    ("Radweg", "radweg"),
    ("Windpark Buergerhand", "wind"),
    ("Strukturwandl", "kali"),
]


def test_engine_german_matching(engine_corpus):
    found = {}
    for query, _ in ENGINE_CASES:
        outcome = service.search(query, "de", log=False)
        assert outcome.backend == "engine"
        found[query] = [r["id"] for r in outcome.results][:1]
    assert found == {query: [engine_corpus[expected].pk] for query, expected in ENGINE_CASES}


def test_engine_analyzer_folds_and_decompounds(engine_corpus, engine):
    from wagtail.search.backends import get_search_backend

    from search.models import SearchDocument

    backend = get_search_backend("default")
    index = backend.get_index_for_model(SearchDocument).name

    def analyze(text):
        body = {"analyzer": "cms_german", "text": text}
        return {t["token"] for t in backend.es.indices.analyze(index=index, body=body)["tokens"]}

    assert analyze("Roßleben Schüler") == analyze("Rossleben Schueler") == {"rossleb", "schul"}
    # "Schüler" is in the indexed vocabulary, so the compound also yields it as a part:
    assert {"schulerlabor", "schul"} <= analyze("Schülerlabor")


def test_unpublish_takes_page_out_of_engine_results(engine_corpus):
    page = engine_corpus["radweg"]
    assert page.pk in search_ids("Radwege")
    page.unpublish()
    assert page.pk not in search_ids("Radwege")


def test_engine_down_answers_from_database_and_records_failures(engine_corpus, settings):
    working = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": ["http://127.0.0.1:9"]},
    }
    service._engine_down_until = 0.0
    outcome = service.search("Kalibergbau", "de", log=False)
    assert outcome.fallback is True and outcome.backend == "database"
    assert outcome.notice
    assert [r["id"] for r in outcome.results][:1] == [engine_corpus["kali"].pk]

    page = engine_corpus["wind"]
    page.title = "Bürgerwindpark Hainleite und Windenergie"
    page.save_revision().publish()
    failure = IndexingFailure.objects.get(page_id=page.pk, backend="default")
    assert failure.operation == "add" and failure.attempts >= 1

    # The engine is back: the retry brings the change in, nothing was dropped.
    settings.WAGTAILSEARCH_BACKENDS = working
    service._engine_down_until = 0.0
    assert indexing.retry_failures() == (1, 0)
    assert not IndexingFailure.objects.exists()
    from wagtail.search.backends import get_search_backend

    from search.models import SearchDocument

    get_search_backend("default").get_index_for_model(SearchDocument).refresh()
    outcome = service.search("Windenergie", "de", log=False)
    assert outcome.backend == "engine"
    assert [r["id"] for r in outcome.results][:1] == [page.pk]


def test_rebuild_swaps_the_alias_atomically(engine_corpus):
    from wagtail.search.backends import get_search_backend

    from search.models import SearchDocument

    backend = get_search_backend("default")
    alias = backend.get_index_for_model(SearchDocument).name
    before = set(backend.es.indices.get_alias(name=alias))
    indexing.rebuild_backend_index("default")
    after = set(backend.es.indices.get_alias(name=alias))
    assert len(after) == 1 and after != before  # a new index behind the alias, the old one gone
    assert not backend.es.indices.exists(index=before.pop())
    assert search_ids("Kalibergbau")[:1] == [engine_corpus["kali"].pk]
