"""One analysis per language on the real engine: each configured language's fields with its own
analyser, and no language's text matching another's query (issue 17, part B)."""

import pytest

from search import indexing, service

from .test_language_configuration import translated_media, trilingual  # noqa: F401 - fixtures
from .test_languages import bilingual  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def _index(backend):
    from search.models import SearchDocument

    return backend.get_index_for_model(SearchDocument).name


@pytest.fixture
def engine_trilingual(engine, trilingual):  # noqa: F811 - the imported fixture
    indexing.rebuild_backend_index("default")
    return trilingual


def engine_ids(query, language):
    outcome = service.search(query, language, log=False)
    assert outcome.backend == "engine"
    return [r["id"] for r in outcome.results]


def test_each_language_field_has_its_analyser_in_the_engine(engine_trilingual):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend("default")
    index = _index(backend)
    mapping = backend.es.indices.get_mapping(index=index)
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    analysers = {
        name: properties[name].get("analyzer")
        for name in ("body_de", "body_en", "body_fr", "body_sl")
    }
    assert analysers == {
        "body_de": "cms_german",
        "body_en": "cms_english",
        "body_fr": "french",
        "body_sl": "cms_standard",
    }

    def analyze(field, text):
        body = {"field": field, "text": text}
        tokens = backend.es.indices.analyze(index=index, body=body)["tokens"]
        return [t["token"] for t in tokens]

    assert analyze("body_fr", "apprentis") == analyze("body_fr", "apprenti")
    assert analyze("body_sl", "Šola Podjetja") == ["sola", "podjetja"]


def test_engine_searches_each_language_in_its_own_documents(engine_trilingual):
    french, slovenian = engine_trilingual["fr"].pk, engine_trilingual["sl"].pk
    assert engine_ids("entreprise", "fr") == [french]
    assert engine_ids("école", "fr") == [french]
    assert engine_ids("podjetja", "sl") == [slovenian]
    for word in ("entreprises", "apprentis", "podjetja"):
        assert french not in engine_ids(word, "de") and slovenian not in engine_ids(word, "de")
        assert french not in engine_ids(word, "en") and slovenian not in engine_ids(word, "en")
    assert french not in engine_ids("Betriebe Schulen", "de")


def test_engine_indexes_the_media_texts_of_each_locale(engine, translated_media):  # noqa: F811
    indexing.rebuild_backend_index("default")
    english, german = translated_media["en"].pk, translated_media["de"].pk
    for word in ("pupils", "presentation", "Minutes"):
        assert engine_ids(word, "en") == [english], word
        assert german not in engine_ids(word, "de"), word
    for word in ("Schülern", "Unternehmensvorstellung", "Sitzungsniederschrift"):
        assert english not in engine_ids(word, "en"), word
        assert engine_ids(word, "de")[:1] == [german], word
