"""Engine backends with the project's language analysis.

Subclasses of modelsearch's Elasticsearch 8 and OpenSearch 2 backends that add the analysers
:mod:`search.languages` names for the per-language fields of
:class:`search.models.SearchDocument` (other languages use the engine's built-in analysers):

``cms_german``
    lower-case → ``german_normalization`` (ä→a, ß→ss, ae/oe/ue→a/o/u: „Schueler“ finds „Schüler“,
    „Rossleben“ finds „Roßleben“) → ``dictionary_decompounder`` with a German dictionary's nouns
    („Wirtschaftsförderung“ also yields „forderung“ and „wirtschaft“, „Fachkräftesicherung“
    „fachkrafte“ and „sicherung“) → light German stemmer.
``cms_english``
    lower-case → possessives → English stemmer.
``cms_standard``
    lower-case → ASCII folding, for a language without a language analyser.

The decompounding word list is the nouns of a German dictionary: the word list of Debian's
``wngerman`` package (``/usr/share/dict/ngerman``, the igerman98 dictionary, GPL; installed by
``bin/system-deps``, never committed), or the file the setting ``CMS_SEARCH_DECOMPOUND_WORDLIST``
names (one word per line). It is sent inline with the index settings when an index is created,
so the engine needs no file of its own (a hosted engine cannot be given one). Without the file
the words of the indexed German text are used (the former behaviour) and ``manage.py check``
warns (``cms_search.W002``).
"""

from __future__ import annotations

from collections import Counter
from copy import deepcopy

from modelsearch.backends.elasticsearch8 import Elasticsearch8Index, Elasticsearch8SearchBackend
from modelsearch.backends.opensearch2 import OpenSearch2Index, OpenSearch2SearchBackend

from search import analysis
from search.dictionary import (  # noqa: F401 - the names engine code and checks use
    DEFAULT_DECOMPOUND_WORDLIST,
    GERMAN_NORMALISATION,
    MAX_PART,
    MIN_PART,
    decompound_wordlist_path,
    dictionary_parts,
    engine_fold,
)

#: At most this many words in the decompounding list (most frequent first).
MAX_DECOMPOUND_WORDS = 20_000

ANALYSIS = {
    "char_filter": {
        # Umlauts and ß spelled out: „foerderung“ is „Förderung“ as written, „Forderung“ not.
        "cms_spelled_out": {
            "type": "mapping",
            "mappings": [
                "ä => ae",
                "ö => oe",
                "ü => ue",
                "Ä => Ae",
                "Ö => Oe",
                "Ü => Ue",
                "ß => ss",
            ],
        },
    },
    "filter": {
        "cms_german_stemmer": {"type": "stemmer", "language": "light_german"},
        "cms_english_stemmer": {"type": "stemmer", "language": "english"},
        "cms_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "cms_german_decompounder": {
            "type": "dictionary_decompounder",
            "word_list": ["nordthueringen"],
            "min_subword_size": 4,
            "only_longest_match": False,
        },
    },
    "analyzer": {
        "cms_german": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "german_normalization",
                "cms_german_decompounder",
                "cms_german_stemmer",
            ],
        },
        # Queries are not decompounded: „Wirtschaftsförderung“ must not match every page that
        # mentions „Wirtschaft“; the parts indexed from compounds let „Fachkräfte“ find them.
        "cms_german_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "german_normalization", "cms_german_stemmer"],
        },
        # Every language field's ``exact`` sub-field: words as written, lower-cased, umlauts
        # spelled out, neither folded nor stemmed, so that „Förderung“ (and „foerderung“)
        # ranks above „Forderungen“, whose folded stems are the same (a tie-breaker,
        # :data:`search.engine.EXACT_BOOST`).
        "cms_exact": {
            "type": "custom",
            "char_filter": ["cms_spelled_out"],
            "tokenizer": "standard",
            "filter": ["lowercase"],
        },
        # Languages without a language analyser (search.languages): words match as written.
        "cms_standard": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
        "cms_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "cms_english_possessive",
                "asciifolding",
                "cms_english_stemmer",
            ],
        },
    },
}


def decompound_words() -> list[str]:
    """The German decompounder's word list: :func:`dictionary_parts`, or without a dictionary
    the words of the indexed German text (at most :data:`MAX_DECOMPOUND_WORDS`)."""
    parts = dictionary_parts()
    if parts:
        return parts
    from search.models import SearchDocument

    counts: Counter[str] = Counter()
    rows = SearchDocument.objects.filter(language="de").values_list("title", "teaser", "body")
    for row in rows.iterator(chunk_size=500):
        for text in row:
            for _, _, word in analysis.words(text):
                if 4 <= len(word) <= 24 and not word.isdigit():
                    counts[engine_fold(word)] += 1
    words = [w for w, _ in counts.most_common(MAX_DECOMPOUND_WORDS)]
    return sorted(words) or ["nordthueringen"]


def settings_with_vocabulary(settings: dict) -> dict:
    """A deep copy of the index settings ``settings`` (``{"settings": {"analysis": …}}``) with the
    German decompounder's word list replaced by :func:`decompound_words`.
    """
    settings = deepcopy(settings)
    analysis_settings = settings["settings"]["analysis"]
    analysis_settings["filter"]["cms_german_decompounder"]["word_list"] = decompound_words()
    return settings


def _analysis_settings() -> dict:
    return {"settings": {"analysis": deepcopy(ANALYSIS)}}


class _VocabularyIndexMixin:
    def put(self):
        """Create the index as the backend does, with the decompounding word list of the indexed
        text at this moment (the backend's settings are restored afterwards).
        """
        backend = self.backend
        original = backend.settings
        backend.settings = settings_with_vocabulary(original)
        try:
            return super().put()
        finally:
            backend.settings = original


class _AnalysisBackendMixin:
    def __init__(self, params):
        params = dict(params)
        index_settings = _analysis_settings()
        for key, value in params.pop("INDEX_SETTINGS", {}).items():
            index_settings.setdefault(key, {}).update(value)
        params["INDEX_SETTINGS"] = index_settings
        super().__init__(params)


class CmsOpenSearch2Index(_VocabularyIndexMixin, OpenSearch2Index):
    """modelsearch's OpenSearch 2 index, created with the current decompounding word list."""

    pass


class OpenSearch2Backend(_AnalysisBackendMixin, OpenSearch2SearchBackend):
    """modelsearch's OpenSearch 2 backend with the ``cms_german``/``cms_english``/``cms_standard``
    analysers.

    The settings put it in place of Wagtail's OpenSearch 2 backend when the search plugin is
    enabled (module ``search.backends.opensearch2``, ``docs/search.md``); ``INDEX_SETTINGS`` in
    the backend's parameters are merged over the analysis settings.
    """

    index_class = CmsOpenSearch2Index


class CmsElasticsearch8Index(_VocabularyIndexMixin, Elasticsearch8Index):
    """modelsearch's Elasticsearch 8 index, created with the current decompounding word list."""

    pass


class Elasticsearch8Backend(_AnalysisBackendMixin, Elasticsearch8SearchBackend):
    """modelsearch's Elasticsearch 8 backend with the ``cms_german``/``cms_english`` analysers (see
    :class:`OpenSearch2Backend`).
    """

    index_class = CmsElasticsearch8Index
