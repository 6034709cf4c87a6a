"""The reader search: query expansion, retrieval by the configured backend, ranking, facets.

* On the **engine** (``WAGTAILSEARCH_BACKENDS["default"]`` when it is Elasticsearch 8 or
  OpenSearch 2) the engine does the work in one request (:mod:`search.engine`): each language's
  analysis, typo tolerance, ranking with field boosts, facet counts over all matches
  (aggregations), highlighting and suggestions (edge-n-grams). No vocabulary, ranking or
  counting in Python.
* On the **database** backend (SQLite FTS5 or PostgreSQL full-text search) candidates are found
  by the expanded terms and ranked here with a BM25 over title, teaser and body, because the
  database backends weigh fields poorly (SQLite ignores boosts); facets, filters and snippets
  are computed here.

When the engine cannot be reached, the database backend answers and the response says so.
Promotions are the same for both backends.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, connection, models
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText
from wagtail.search.utils import normalise_query_string

from cms.plugin import registry
from cms.runtime.search_limits import query_problem
from search import analysis, engine, languages, stats
from search import terms as index_terms
from search.analysis import TermGroup, Vocabulary
from search.metrics import SEARCH_SECONDS
from search.models import DocumentFacet, SearchDocument, Synonym

logger = logging.getLogger(__name__)

#: Results a search can page through, after its filters (facets and ``total`` count every
#: match; on a database without its own retrieval here, only these).
MAX_CANDIDATES = 1000
#: Candidates re-ranked in Python after database retrieval (15 pages of 10 results).
RERANK_DEPTH = 150
MAX_QUERY_TERMS = 60
#: Pages whose title has a word with the typed prefix considered by :func:`suggest`.
SUGGEST_CANDIDATES = 500
ENGINE_RETRY_AFTER = 15.0
#: Field weights of the Python ranking.
TITLE_WEIGHT, TEASER_WEIGHT, BODY_WEIGHT = 3.0, 1.5, 1.0
_OPERATORS = {"AND", "OR", "NOT", "UND", "ODER", "NICHT"}


#: Said to the reader, in the search's language, when the database answers for the engine.
FALLBACK_NOTICE = _(
    "Die Suchmaschine ist gerade nicht erreichbar; die Ergebnisse kommen aus der Datenbanksuche."
)


class QueryError(ValueError):
    """A query the search refuses, with a German message for the reader."""


# --- vocabulary and synonyms ----------------------------------------------------------------


def vocabulary(language: str) -> Vocabulary:
    """The indexed vocabulary of ``language`` (:func:`search.terms.vocabulary`: read from the
    database on demand, remembered per process while the index generation is unchanged)."""
    return index_terms.vocabulary(language)


def synonyms(language: str) -> dict[str, set[str]]:
    """The editors' synonym sets of ``language`` (a search language, ``"de"``) as ``{term:
    {other terms of its set}}``, each entry analysed to index terms (stemmed, folded); read from
    the database on every call.
    """
    rows = [s.word_list() for s in Synonym.objects.filter(language=language)]
    return analysis.synonym_map(rows, language)


def clean_query(raw: str | None) -> str:
    """The query as searched: operators dropped, whitespace collapsed; too long (characters or
    words, :func:`cms.runtime.search_limits.query_problem`) raises :class:`QueryError`."""
    text = " ".join((raw or "").split())
    if (reason := query_problem(text)) is not None:
        raise QueryError(reason)
    return " ".join(w for w in text.split() if w not in _OPERATORS)


def expand(query: str, language: str, vocab: Vocabulary | None = None) -> list[TermGroup]:
    """``query`` (already cleaned) as term groups, one per word, with the variants that count as a
    match and their weights (:func:`search.analysis.expand`: stem, compounds, synonyms, typo
    corrections against ``vocab``, by default the indexed vocabulary of ``language``).
    """
    vocab = vocab if vocab is not None else vocabulary(language)
    return analysis.expand(query, language, vocab, synonyms(language))


# --- retrieval ------------------------------------------------------------------------------


def engine_backend_name() -> str | None:
    """The configured engine backend's name, or ``None`` when the database backend is default."""
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    return None if backend.endswith(".database") else "default"


def database_backend_name() -> str:
    """The name in ``WAGTAILSEARCH_BACKENDS`` of the first database backend, ``"default"`` if none
    is configured as such (then the default backend answers database queries).
    """
    backends = settings.WAGTAILSEARCH_BACKENDS
    for name, config in backends.items():
        if config.get("BACKEND", "").endswith(".database"):
            return name
    return "default"


_engine_down_until = 0.0
_backends: dict[tuple, object] = {}


def _backend(name: str):
    key = (name, repr(settings.WAGTAILSEARCH_BACKENDS.get(name)))
    if key not in _backends:
        _backends[key] = get_search_backend(name)
    return _backends[key]


def _variants(groups: list[TermGroup]) -> list[str]:
    seen: dict[str, float] = {}
    for group in groups:
        for term, weight in group.variants.items():
            seen[term] = max(weight, seen.get(term, 0))
    return [t for t, _ in sorted(seen.items(), key=lambda kv: -kv[1])][:MAX_QUERY_TERMS]


def retrieve_database(groups: list[TermGroup], language: str) -> Candidates:
    """The matches a search may answer (:func:`eligible`), best first, from the database: any
    of the top :data:`MAX_QUERY_TERMS` variants of ``groups`` matching a :class:`SearchDocument`
    of ``language``. On PostgreSQL through the per-field GIN indexes, ranked in SQL
    (:func:`_postgres_candidates`); on SQLite through the FTS5 index with its BM25
    (:func:`_sqlite_candidates`); elsewhere the database backend's first
    :data:`MAX_CANDIDATES`, in its order. :func:`search` re-ranks the first
    :data:`RERANK_DEPTH` with :func:`rank`.
    """
    variants = _variants(groups)
    if not variants:
        return Candidates()
    if connection.vendor == "postgresql":
        return _postgres_candidates(variants, language)
    query = Or([PlainText(t) for t in variants]) if len(variants) > 1 else PlainText(variants[0])
    backend = _backend(database_backend_name())
    if type(backend).__name__ == "SQLiteSearchBackend":
        ids = _sqlite_candidates(backend, query)
    else:
        queryset = SearchDocument.objects.filter(language=language).only("page_id")
        ids = [doc.pk for doc in backend.search(query, queryset)[:MAX_CANDIDATES]]
    return Candidates.of(eligible(ids, language))


def eligible(ids: list[int], language: str) -> dict[int, str]:
    """Of ``ids`` (page ids of matching documents), those a search may answer: documents of
    ``language`` and of a served type (:func:`served_types`) whose page is live (the index may
    lag a moment behind an unpublish: :func:`unpublished`), as ``{page id: type api_name}`` in
    the order of ``ids``. One query over the narrow ``type`` rows of :class:`DocumentFacet`,
    never the documents."""
    if not ids:
        return {}
    rows = DocumentFacet.objects.filter(
        document_id__in=_id_list(ids), name="type", language=language
    ).values_list("document_id", "value", "language")
    types = _answerable(rows, language)
    return {pk: types[pk] for pk in ids if pk in types}


def _answerable(rows, language: str) -> dict[int, str]:
    """``{page id: type}`` of the ``(page id, type api_name, language)`` ``rows`` a search in
    ``language`` may answer: a served type (:func:`served_types`), a live page
    (:func:`unpublished`). Checked here, not in SQL: a list of types there made SQLite's index
    search one key per id and type, and PostgreSQL's planner test ``@@`` row by row."""
    served = set(served_types())
    hidden = unpublished()
    return {
        pk: ct for pk, ct, lang in rows if lang == language and ct in served and pk not in hidden
    }


def unpublished() -> set[int]:
    """The ids of the pages that are not live, through the partial index migration ``0008``
    adds (``wagtailcore_page (id) WHERE NOT live``): a search drops a match whose page is among
    them. Checking each match's page instead cost 10 ms per 7,700 matches on SQLite, and a hash
    of every page per search on PostgreSQL; this costs what the unpublished pages number."""
    from wagtail.models import Page

    return set(Page.objects.filter(live=False).order_by().values_list("pk", flat=True))


def tsquery_text(variants: list[str]) -> str:
    """The ``to_tsquery('simple', …)`` text matching any of ``variants`` (index terms, a synonym
    may be several words: then a phrase): ``'kali' | 'bergbau strukturwandel'``. Terms are
    ``\\w`` characters only (:func:`search.analysis.term`); anything else is dropped."""
    quoted = []
    for variant in variants:
        words = [w for _, _, w in analysis.words(variant)]
        if words:
            quoted.append("'" + " ".join(words) + "'")
    return " | ".join(quoted)


#: Retrieval on PostgreSQL: each field's GIN index answers ``@@`` (a BitmapOr of two index
#: scans, no concatenated vector), ranked by ``ts_rank`` of the title and of the document's
#: first words (``lead_vector``, migration ``0007``: ranking by the whole ``body_vector`` read it
#: from out-of-line storage for every match) with the field weights of :func:`rank`; which
#: matches a search may answer (:func:`eligible`: language, type, live page) is checked in
#: Python. Every match, best first: the first
#: :data:`MAX_CANDIDATES` are the candidates, all of them what facets and ``total`` count
#: (:func:`sql_facets`), so the match runs once per search.
POSTGRES_RETRIEVAL = f"""
    SELECT d.page_id, d.content_type, d.language
    FROM cms_search_searchdocument d, to_tsquery('simple', %(query)s) q
    WHERE d.title_vector @@ q OR d.body_vector @@ q
    ORDER BY {TITLE_WEIGHT} * ts_rank(d.title_vector, q) + ts_rank(d.lead_vector, q, 1) DESC,
        d.page_id
"""


def _postgres_candidates(variants: list[str], language: str) -> Candidates:
    """Best-first eligible matches from the ``title_vector`` and ``body_vector`` columns
    (migration ``0005``: ``tsvector`` of the analysed terms, one GIN index each),
    :data:`POSTGRES_RETRIEVAL`.

    The planner is kept from a sequential scan for this query, and the language and the
    served types are kept here, not in SQL (with them there the planner chose the language's
    index and tested ``@@`` row by row): it prices ``@@`` on a row as cheap, but each row's
    ``body_vector`` is stored out of line (TOAST), so testing every row of 10,000 read 55,000
    buffers (56 ms) where the two GIN index scans read 2,000 (9 ms). Terms are analysed per
    language, so another language's documents rarely match."""
    text = tsquery_text(variants)
    if not text:
        return Candidates()
    with connection.cursor() as cursor, _local_settings(cursor, enable_seqscan="off"):
        cursor.execute(POSTGRES_RETRIEVAL, {"query": text})
        return Candidates.of(_answerable(cursor.fetchall(), language))


@contextlib.contextmanager
def _local_settings(cursor, **values: str):
    """PostgreSQL planner settings (``SET``) for the statements run inside, reset after. Not
    ``SET LOCAL`` in a transaction of its own: a reader's request opens none, and on SQLite
    every atomic block begins a write lock."""
    for name, value in values.items():
        cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        if not connection.needs_rollback:
            # After an error inside a transaction, its rollback undoes the SET anyway.
            with contextlib.suppress(DatabaseError):
                for name in values:
                    cursor.execute(f"RESET {name}")


def _sqlite_candidates(backend, query) -> list[int]:
    """Every matching id, best first, from SQLite FTS5 in one query (any language; the caller
    keeps the eligible ones, :func:`eligible`).

    modelsearch's SQLite backend orders by a score subquery correlated to every matching row,
    which takes seconds on 10,000 pages; the same MATCH and BM25, ordered once, takes
    milliseconds. Workaround for that backend only; every other backend goes through
    ``backend.search``.
    """
    from modelsearch.backends.database.sqlite.sqlite import (
        MatchExpression,
        SQLiteFTSIndexEntry,
        get_descendants_content_types_pks,
        normalize,
    )

    compiler = backend.query_compiler_class(SearchDocument.objects.all(), query)
    search_query = compiler.build_search_query(normalize(query), config=backend.config)
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), backend.config)
    entries = SQLiteFTSIndexEntry.objects.filter(match).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(SearchDocument)
    )
    # Ordered by the score: with it SQLite drives the query from the FTS5 table; without, it
    # ran the match once per index entry (seconds at 10,000 pages).
    ordered = entries.annotate(score=rank).order_by("score")
    return [int(pk) for pk in ordered.values_list("index_entry__object_id", flat=True)]


class Candidates(list):
    """The candidate ids of a search, best first (at most :data:`MAX_CANDIDATES`); ``every``:
    all eligible matches, what facets and ``total`` count; ``types``: ``{page id: type
    api_name}`` of every one."""

    every: list[int]
    types: dict[int, str]

    def __init__(self, ids=()):
        super().__init__(ids)
        self.every = list(self)
        self.types = {}

    @classmethod
    def of(cls, types: dict[int, str]) -> Candidates:
        """From ``{page id: type}`` of every eligible match, best first."""
        candidates = cls(list(types)[:MAX_CANDIDATES])
        candidates.every = list(types)
        candidates.types = types
        return candidates


def _id_list(ids: list[int]) -> RawSQL:
    """``ids`` as one parameter a ``pk__in`` reads (PostgreSQL: an ``integer[]`` unnested;
    SQLite: a JSON array through ``json_each``). Matches are handed back this way, not as a
    subquery: as one, the planners ran the text match again for every document, or joined it
    into the facet count badly (seconds at 10,000 documents)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def _narrowed(rows: models.QuerySet, filters: dict, leave_out: str | None = None):
    """Facet ``rows`` (:class:`DocumentFacet`) of the documents that pass every filter of
    ``filters`` but ``leave_out`` (a facet's name), each by the pages API's own condition
    (:func:`cms.api.pages.filter_q`)."""
    from wagtail.models import Page

    from cms.plugin.api import filter_defs, filter_q

    if filters.get("type") and leave_out != "type":
        rows = rows.filter(content_type=filters["type"])
    for name, fd in filter_defs().items():
        given = {p: filters[p] for p in fd.params if filters.get(p) is not None}
        if given and name != leave_out:
            rows = rows.filter(document_id__in=Page.objects.filter(filter_q(given)).values("pk"))
    return rows


def sql_facets(
    every: list[int], filters: dict, promoted: set[int]
) -> tuple[dict[str, list[dict]], int]:
    """Facets and ``total`` of a search counted in SQL over **every** eligible match (``every``:
    :attr:`Candidates.every`), not the ranked candidates: ``GROUP BY`` over their
    :class:`DocumentFacet` rows, each facet with every other filter applied (one query for the
    unfiltered facets and the types, one per facet that is filtered). ``total``: the matches
    with every filter applied, the ``promoted`` page ids not counted. Same shape as
    :attr:`SearchOutcome.facets`; call inside ``translation.override`` of the search's
    language (labels)."""
    names = {"type", *filter_names()}
    given = {name for name in names if name != "type" and name in _given_filter_names(filters)}
    if filters.get("type"):
        given.add("type")
    rows = DocumentFacet.objects.filter(document_id__in=_id_list(every))
    counts: dict[str, Counter[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    fixed_labels: dict[tuple[str, str], dict] = {}
    narrowed_all = _narrowed(rows, filters)
    for leave_out in [None, *sorted(given)]:
        narrowed = narrowed_all if leave_out is None else _narrowed(rows, filters, leave_out)
        wanted = (names - given) if leave_out is None else {leave_out}
        # Every name is counted and the unwanted ones skipped here: ``name IN (…)`` in SQL made
        # the index search one key per match and name (seven times the work).
        grouped = (
            narrowed.values_list("content_type", "name", "value")
            .annotate(label=models.Max("label"), n=models.Count("pk"))
            .order_by()
        )
        for content_type, name, value, label, n in grouped:
            if name not in wanted:
                continue
            if name == "type":
                counts.setdefault("type", Counter())[value] += n
                labels.setdefault("type", {})[value] = type_label(value)
                continue
            key = (content_type, name)
            if key not in fixed_labels:
                fixed_labels[key] = _value_labels(content_type, name)
            fixed = fixed_labels[key]
            counts.setdefault(name, Counter())[value] += n
            labels.setdefault(name, {})[value] = (
                str(fixed[value]) if value in fixed else (label or value)
            )
    facets: dict[str, list[dict]] = {}
    for name in ["type", *sorted(names - {"type"})]:
        if not counts.get(name):
            continue
        chosen = filters.get(name)
        chosen = None if chosen is None else _filter_value(chosen)
        facets[name] = [
            {"value": v, "label": labels[name][v], "count": c, "selected": v == chosen}
            for v, c in sorted(counts[name].items(), key=lambda kv: (-kv[1], labels[name][kv[0]]))
        ]
    documents = narrowed_all.filter(name="type")
    if "type" not in given and "type" in counts:
        total = sum(counts["type"].values())
    else:
        total = documents.count()
    if promoted and total:
        total -= documents.filter(document_id__in=promoted).count()
    return facets, total


def _given_filter_names(filters: dict) -> set[str]:
    """The registry filters (by name) that ``filters`` sets a parameter of."""
    from cms.plugin.api import filter_defs

    return {
        name
        for name, fd in filter_defs().items()
        if any(filters.get(p) is not None for p in fd.params)
    }


# --- ranking --------------------------------------------------------------------------------


def _bm25(tf: int, length: int, average: float, k1: float = 1.2, b: float = 0.75) -> float:
    if not tf:
        return 0.0
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / (average or 1)))


#: Share a document's score grows by when every query word is found as written (not only
#: folded and stemmed alike) at the start of a word of its title or teaser: a tie-breaker
#: between words such as „Förderung“ (funding) and „Forderung“ (demand), as the engine's
#: ``EXACT_BOOST`` (:mod:`search.engine`).
EXACT_SHARE = 0.1


#: Umlauts and ß spelled out, so that „foerderung“ is written as „Förderung“ is, and neither
#: as „Forderung“.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _written(text: str) -> str:
    return text.lower().translate(_SPELLED_OUT)


def _as_written(groups: list[TermGroup]) -> list[re.Pattern]:
    """Per query word, the start of a word written as it (umlauts kept apart from their plain
    vowels, „oe“ for „ö“ allowed); from six letters on the last two may differ (an ending:
    „Förderungen“ for „Förderung“)."""
    patterns = []
    for group in groups:
        word = _written(group.word)
        stem = word[:-2] if len(word) >= 6 else word
        patterns.append(re.compile(rf"(?<!\w){re.escape(stem)}"))
    return patterns


def rank(docs: list[dict], groups: list[TermGroup], vocab: Vocabulary) -> list[tuple[float, dict]]:
    """BM25 over title, teaser and body terms; documents matching more query words first; a
    query word found as written in the title or teaser adds up to :data:`EXACT_SHARE`."""
    if not docs:
        return []
    written = _as_written(groups)
    n = max(vocab.documents, len(docs))
    prepared = []
    for doc in docs:
        title = Counter(doc["title_terms"].split())
        teaser = Counter(analysis.terms(doc["teaser"], doc["language"]))
        body_tokens = doc["terms"].split()
        prepared.append((doc, title, teaser, Counter(body_tokens), len(body_tokens)))
    avg_body = sum(p[4] for p in prepared) / len(prepared)
    avg_title = sum(sum(p[1].values()) for p in prepared) / len(prepared)
    scored = []
    for doc, title, teaser, body, body_len in prepared:
        total, matched = 0.0, 0
        title_len = sum(title.values())
        for group in groups:
            best = 0.0
            for term, weight in group.variants.items():
                df = vocab.df.get(term, 1)
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score = (
                    TITLE_WEIGHT * _bm25(title[term], title_len, avg_title)
                    + TEASER_WEIGHT * _bm25(teaser[term], 30, 30)
                    + BODY_WEIGHT * _bm25(body[term], body_len, avg_body)
                )
                best = max(best, weight * idf * score)
            if best:
                matched += 1
            total += best
        if not matched:
            continue
        coverage = matched / len(groups)
        shown = _written(f"{doc['title']}\n{doc['teaser']}")
        exact = sum(1 for pattern in written if pattern.search(shown)) / len(groups)
        scored.append((total * coverage * coverage * (1 + EXACT_SHARE * exact), doc))
    scored.sort(key=lambda pair: (-pair[0], pair[1]["page_id"]))
    return scored


# --- snippets -------------------------------------------------------------------------------


def highlight(text: str, wanted: set[str], language: str, width: int = 30) -> tuple[str, bool]:
    """An HTML-escaped excerpt of ``text`` around the most matches, matched words in ``<mark>``."""
    tokens = []
    for index, (start, end, word) in enumerate(analysis.words(text)):
        if index > 20_000:
            break
        hit = analysis.term(word, language) in wanted or analysis.fold(word) in wanted
        tokens.append((start, end, hit))
    if not tokens:
        return "", False
    hits = [i for i, t in enumerate(tokens) if t[2]]
    if hits:
        best_start, best_count = 0, -1
        for first in hits:
            count = sum(1 for h in hits if first <= h < first + width)
            if count > best_count:
                best_start, best_count = max(0, first - 5), count
    else:
        best_start = 0
    window = tokens[best_start : best_start + width]
    start_char = window[0][0] if best_start else 0
    end_char = window[-1][1]
    parts, cursor = [], start_char
    for start, end, hit in window:
        parts.append(html.escape(text[cursor:start]))
        word = html.escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if hit else word)
        cursor = end
    snippet = analysis.one_line("".join(parts)).strip()
    if best_start:
        snippet = "… " + snippet
    if end_char < len(text.rstrip()):
        snippet += " …"
    return snippet, bool(hits)


# --- the search -----------------------------------------------------------------------------


def filter_names() -> set[str]:
    """Every filter name a registered page type declares (``ContentType.filters``) that a reader
    sets as ``<name>=<value>``; with ``"type"`` these are the facets of :func:`search`. A date
    filter is set by its bounds (``<name>_from``, ``<name>_to``), which no facet value can name:
    it has no facet.
    """
    from cms.plugin.api import filter_params

    params = filter_params()
    return {name for ct in registry.content_types("page") for name in ct.filters if name in params}


@dataclass
class SearchOutcome:
    """The answer of :func:`search`.

    - ``query``: the query as searched (:func:`clean_query`); ``language``: the search language
      (a code of ``WAGTAIL_CONTENT_LANGUAGES``);
    - ``backend``: ``"engine"``, ``"database"`` or ``"none"`` (empty query); ``fallback``: the
      database answered because the engine failed, ``notice`` then says so to the reader (in the
      search's language, else ``""``);
    - ``total``: matches after the filters, promoted pages not counted (on SQLite and
      PostgreSQL every match, counted in SQL; results come from the best
      :data:`MAX_CANDIDATES` of the matches the filters keep);
    - ``results``: the requested slice, each ``{"id", "type", "title", "path", "highlights":
      {"title", "snippet"}}``: the page's id, ``api_name``, title and path within its locale;
      the highlights are HTML-escaped with matches in ``<mark>`` (the API answers each as the
      page's card plus ``highlights``);
    - ``facets``: ``{name: [{"value", "label", "count", "selected"}, …]}`` for ``type`` and each
      filter, every facet counted with the other filters applied, most frequent first; values
      are those the filter takes (``api_name``, ids of linked objects, choice values,
      ``true``/``false``, ISO dates);
    - ``promotions``: the editors' promoted results for the query (Wagtail's search promotions),
      each ``{"page_id", "title", "url", "description"}``;
    - ``took_ms``: time spent, in milliseconds (also observed in the histogram
      ``cms_search_duration_seconds``, :mod:`search.metrics`).
    """

    query: str
    language: str
    backend: str
    fallback: bool
    notice: str
    total: int
    results: list[dict]
    facets: dict[str, list[dict]]
    promotions: list[dict] = field(default_factory=list)
    took_ms: float = 0.0


def _filter_matches(ids: list[int], types: dict[int, str], filters: dict) -> dict[str, set[int]]:
    """For each filter given in ``filters`` (parameters as ``GET /pages/`` takes them): the ids
    among ``ids`` it keeps. ``type`` by ``types`` (``{page id: type api_name}``); the registry
    filters by :func:`cms.api.pages.filter_q` over the pages, the pages API's own condition,
    one query each.
    """
    from wagtail.models import Page

    from cms.plugin.api import filter_defs, filter_q

    matches: dict[str, set[int]] = {}
    if filters.get("type"):
        matches["type"] = {pk for pk in ids if types.get(pk) == filters["type"]}
    for name, fd in filter_defs().items():
        given = {p: filters[p] for p in fd.params if filters.get(p) is not None}
        if given and ids:
            kept = Page.objects.filter(pk__in=_id_list(ids)).filter(filter_q(given)).order_by()
            matches[name] = set(kept.values_list("pk", flat=True))
        elif given:
            matches[name] = set()
    return matches


def _filter_value(value: object) -> str:
    """A filter parameter's value as facets spell it (``true``/``false``, ISO dates, ids)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: Labels of yes/no filter values (stored as ``true``/``false``).
_YES_NO = {"true": _("ja"), "false": _("nein")}


def _value_labels(content_type: str, name: str) -> dict[str, object]:
    """Labels of a filter's fixed values on one content type, as gettext strings: a choice
    field's choices, a boolean's yes/no; empty for relations and free values."""
    ct = _page_content_type(content_type)
    if ct is None:
        return {}
    try:
        f = ct.get_model()._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    if isinstance(f, models.BooleanField):
        return _YES_NO
    if f.choices and not f.is_relation:
        return {str(v): label for v, label in f.flatchoices}
    return {}


def _page_content_type(api_name: str):
    return next((c for c in registry.content_types("page") if c.api_name == api_name), None)


def type_label(content_type: str) -> str:
    """A content type's name in the active language (its model's ``verbose_name``)."""
    ct = _page_content_type(content_type)
    return str(ct.get_model()._meta.verbose_name) if ct is not None else content_type


_DOC_FIELDS = (
    "page_id",
    "language",
    "content_type",
    "title",
    "url_path",
    "locale_id",
)


def served_types() -> list[str]:
    """The ``api_name`` of every page type this installation serves: documents of a plugin that
    was switched off (``CMS_DISABLED_PLUGINS``) stay in the index until it is rebuilt, and are
    never answered."""
    return [ct.api_name for ct in registry.content_types("page")]


def _live_documents(ids: list[int]) -> dict[int, dict]:
    """The documents of ``ids`` whose pages are still live (the index may lag a moment) and of a
    type this installation serves (:func:`served_types`)."""
    rows = SearchDocument.objects.filter(
        pk__in=ids, page__live=True, content_type__in=served_types()
    ).values(*_DOC_FIELDS)
    return {row["page_id"]: row for row in rows}


#: The fields :func:`rank` reads besides :data:`_DOC_FIELDS`, loaded for the re-ranked head only.
_RANK_FIELDS = ("teaser", "title_terms", "terms")


def _documents(ids: list[int], *extra: str) -> dict[int, dict]:
    """The documents of ``ids`` as rows of :data:`_DOC_FIELDS` plus ``extra`` fields, in one
    query (no live check: ``ids`` are :func:`eligible` already)."""
    rows = SearchDocument.objects.filter(pk__in=ids).values(*_DOC_FIELDS, *extra)
    return {row["page_id"]: row for row in rows}


def _retrieve(query: str, groups: list[TermGroup], language: str, backend: str | None):
    """The :class:`Candidates` from the database, the backend used (``"database"``), and whether
    it was a fallback (an engine is configured; :func:`_engine_search` failed or is resting)."""
    fallback = backend in (None, "engine") and engine_backend_name() is not None
    return retrieve_database(groups, language), "database", fallback


def _engine_search(call, *args):
    """``call(engine backend, *args)`` (:func:`search.engine.search` or ``.suggest``) when an
    engine is configured and not resting after a failure; ``(False, None)`` when it was not
    asked or failed (then the database answers, and for :data:`ENGINE_RETRY_AFTER` seconds
    the engine is not asked), else ``(True, answer)``."""
    global _engine_down_until
    if engine_backend_name() is None or time.monotonic() < _engine_down_until:
        return False, None
    try:
        return True, call(_backend("default"), *args)
    except Exception as exc:  # noqa: BLE001 - any engine failure: answer from the database
        logger.warning("Search engine unavailable, answering from the database: %s", exc)
        _engine_down_until = time.monotonic() + ENGINE_RETRY_AFTER
        return False, None


def promotions_for(query: str, language: str) -> list[dict]:
    """Wagtail's search promotions (``wagtail.contrib.search_promotions``) for ``query``, in their
    sort order, as ``{"page_id", "title", "url", "description"}``. A promoted page is left out
    unless it is live, in ``language`` and has a search document (so private pages and types that
    are not searchable are never promoted); an external link has ``page_id`` ``None``.
    """
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(query)
    if not normalised:
        return []
    promoted = []
    rows = (
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page", "page__locale")
        .order_by("sort_order")
    )
    for promotion in rows:
        page = promotion.page
        if page is not None:
            if not page.live or analysis.language_of(page.locale.language_code) != language:
                continue
            if not SearchDocument.objects.filter(
                pk=page.pk, content_type__in=served_types()
            ).exists():
                continue  # private or not a searchable type: never promoted past the rules
        promoted.append(
            {
                "page_id": page.pk if page else None,
                "title": promotion.title,
                "url": promotion.external_link_url or "",
                "description": promotion.description,
            }
        )
    return promoted


def search(
    raw_query: str | None,
    language: str | None = None,
    filters: dict | None = None,
    offset: int = 0,
    limit: int = 10,
    backend: str | None = None,
    log: bool = True,
) -> SearchOutcome:
    """Search the published pages of one language; the function behind ``GET /search/``.

    ``raw_query``: the reader's text (``None`` or blank: no results); operators (AND, ODER …) are
    dropped. ``language``: a language code, reduced to a search language
    (:func:`search.languages.language_of`: a content language; ``None`` or anything else: the
    source language). ``filters``: the filter parameters of ``GET /pages/`` with their values, one each
    (``{"type": "project", "topics": 5, "status": "running", "date_from": date(…)}``: ``type``
    a page type's ``api_name``, every registry filter's parameters of
    :func:`cms.api.pages.filter_defs`), AND-ed, applied with the pages API's own condition
    (:func:`cms.api.pages.filter_q`: an id of any locale's version of a linked object selects
    all its translations); ``None`` values are ignored.
    ``offset``/``limit``: the slice of ranked results returned. ``backend``: ``None`` or
    ``"engine"`` uses the engine when one is configured and reachable (after a failure the
    database answers for :data:`ENGINE_RETRY_AFTER` seconds), ``"database"`` forces the database.
    ``log``: count the query in the search statistics (only for ``offset == 0``).

    Returns a :class:`SearchOutcome`. Raises :class:`QueryError` (message for the reader) for an
    unknown filter name or a query over the length limits of :mod:`cms.runtime.search_limits`.
    """
    started = time.perf_counter()
    language = analysis.language_of(language)
    from cms.plugin.api import filter_defs, page_path

    filters = {k: v for k, v in (filters or {}).items() if v is not None and v != ""}
    known = {"type"} | {p for fd in filter_defs().values() for p in fd.params}
    unknown = set(filters) - known
    if unknown:
        raise QueryError(f"Unbekannter Filter (unknown filter): {', '.join(sorted(unknown))}")
    query = clean_query(raw_query)
    promotions = promotions_for(query, language) if query else []
    promoted_ids = {p["page_id"] for p in promotions if p["page_id"]}
    if query and backend in (None, "engine"):
        asked, found = _engine_search(
            engine.search, query, language, filters, offset, limit, promoted_ids
        )
        if asked:
            if found is None:
                return SearchOutcome(query, language, "none", False, "", 0, [], {}, [], 0.0)
            total, results, facets = found
            if log and offset == 0:
                stats.record(query, language, total + len(promotions))
            took = (time.perf_counter() - started) * 1000
            SEARCH_SECONDS.labels(backend="engine").observe(took / 1000)
            return SearchOutcome(
                query, language, "engine", False, "", total, results, facets, promotions, took
            )
    vocab = vocabulary(language) if query else None
    groups = expand(query, language, vocab) if query else []
    if not groups:
        return SearchOutcome(query, language, "none", False, "", 0, [], {}, [], 0.0)

    candidates, used, fallback = _retrieve(query, groups, language, backend)
    # The filters apply to every match before the candidates are cut: applied to the best
    # MAX_CANDIDATES only, a facet offered values whose pages never came (review, 3,000 pages).
    matches = _filter_matches(candidates.every, candidates.types, filters)
    pool = [
        pk
        for pk in candidates.every
        if all(pk in kept for kept in matches.values()) and pk not in promoted_ids
    ][:MAX_CANDIDATES]
    # Only the re-ranked head is read from the documents; the rest of the pool is ids.
    documents = _documents(pool[:RERANK_DEPTH], *_RANK_FIELDS)
    head = [documents[pk] for pk in pool[:RERANK_DEPTH] if pk in documents]
    vocab.load(term for group in groups for term in group.variants)
    ordered = [doc["page_id"] for _, doc in rank(head, groups, vocab)]
    ordered += pool[RERANK_DEPTH:]
    with translation.override(language):  # labels in the language searched
        facets, total = sql_facets(candidates.every, filters, promoted_ids)
        notice = str(FALLBACK_NOTICE) if fallback else ""
    page_ids = ordered[offset : offset + limit]
    missing = [pk for pk in page_ids if pk not in documents]
    if missing:
        documents.update(_documents(missing))
    page_docs = [documents[pk] for pk in page_ids]
    wanted = {term for group in groups for term in group.variants}
    results = []
    sources = _snippet_sources([doc["page_id"] for doc in page_docs])
    for doc in page_docs:
        title_html, _ = highlight(doc["title"], wanted, language, width=1000)
        snippet, _ = highlight(sources.get(doc["page_id"], ""), wanted, language)
        results.append(
            {
                "id": doc["page_id"],
                "type": doc["content_type"],
                "title": doc["title"],
                "path": page_path(doc["url_path"]),
                "highlights": {"title": title_html, "snippet": snippet},
            }
        )
    if log and offset == 0:
        stats.record(query, language, total + len(promotions))
    took = (time.perf_counter() - started) * 1000
    SEARCH_SECONDS.labels(backend=used).observe(took / 1000)
    return SearchOutcome(
        query, language, used, fallback, notice, total, results, facets, promotions, took
    )


def _snippet_sources(page_ids: list[int]) -> dict[int, str]:
    """The text snippets are cut from: teaser, body and linked text (the first 20,000 words)."""
    rows = SearchDocument.objects.filter(pk__in=page_ids).values_list(
        "page_id", "teaser", "body", "extra"
    )
    return {pk: "\n".join(part for part in parts if part)[:150_000] for pk, *parts in rows}


# --- suggestions ----------------------------------------------------------------------------


#: German umlauts typed spelled out (``ae``, ``oe``, ``ue``), as title words are stored folded.
_SPELLED_UMLAUT = re.compile(r"([aou])e")


def _prefixes(prefix: str, language: str) -> tuple[str, ...]:
    """The folded prefixes a typed last word stands for: itself and, in German, with spelled-out
    umlauts read as umlauts („foerd“, „Schuel“ → ``ford``, ``schul``), as searches read them
    (the German stemmer folds ``ae``/``oe``/``ue``)."""
    if languages.analysis_for(language).snowball != "german":
        return (prefix,)
    plain = _SPELLED_UMLAUT.sub(r"\1", prefix)
    return (prefix, plain) if plain != prefix and len(plain) >= 2 else (prefix,)


def suggest(raw_query: str | None, language: str | None = None, limit: int = 8) -> list[dict]:
    """Titles for search-as-you-type: earlier words must match, the last one as a prefix.

    Candidates come from the title-word index (:func:`search.terms.title_matches`, at most
    :data:`SUGGEST_CANDIDATES`), never from reading every title.

    Returns at most ``limit`` pages, best first (shorter titles and earlier matches), each
    ``{"id", "type", "title", "locale_id", "path"}`` (``path`` within the page's locale). Raises
    :class:`QueryError` as :func:`clean_query` does.
    """
    from cms.plugin.api import page_path

    language = analysis.language_of(language)
    query = clean_query(raw_query)
    asked, found = _engine_search(engine.suggest, query, language, limit)
    if asked:
        return found or []
    typed = list(analysis.words(query))
    if not typed:
        return []
    *complete, (_, _, last) = typed
    prefix = analysis.fold(last)
    if len(prefix) < 2:
        return []
    prefixes = _prefixes(prefix, language)
    required = [analysis.term(w, language) for _, _, w in complete]
    candidates = []
    matching = list(
        dict.fromkeys(
            pk
            for each in prefixes
            for pk in index_terms.title_matches(language, each, limit=SUGGEST_CANDIDATES)
        )
    )
    rows = SearchDocument.objects.filter(
        pk__in=matching, page__live=True, content_type__in=served_types()
    ).values_list("page_id", "title", "content_type", "url_path", "locale_id")
    for page_id, title, content_type, url_path, locale_id in rows:
        title_words = [analysis.fold(w) for _, _, w in analysis.words(title)]
        positions = [i for i, w in enumerate(title_words) if w.startswith(prefixes)]
        if positions:
            candidates.append(
                (positions[0], len(title), page_id, title, content_type, url_path, locale_id)
            )
    if required and candidates:
        terms_of = {
            pk: set(title_terms.split()) | set(terms.split())
            for pk, title_terms, terms in SearchDocument.objects.filter(
                pk__in=[c[2] for c in candidates]
            ).values_list("page_id", "title_terms", "terms")
        }
        candidates = [
            c
            for c in candidates
            if all(any(t.startswith(r) for t in terms_of.get(c[2], ())) for r in required)
        ]
    candidates.sort()
    return [
        {"id": c[2], "title": c[3], "type": c[4], "path": page_path(c[5]), "locale_id": c[6]}
        for c in candidates[:limit]
    ]
