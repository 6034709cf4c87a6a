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
from search import analysis, engine, stats
from search import terms as index_terms
from search.analysis import TermGroup, Vocabulary
from search.metrics import SEARCH_SECONDS
from search.models import SearchDocument, Synonym

logger = logging.getLogger(__name__)

#: Matches considered per query (ranked, filtered, faceted); ``total`` never exceeds it.
MAX_CANDIDATES = 1000
#: Candidates re-ranked in Python after database retrieval.
RERANK_DEPTH = 300
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


def retrieve_database(groups: list[TermGroup], language: str) -> list[int]:
    """Candidate page ids, best first (at most :data:`MAX_CANDIDATES`), from the database: any of
    the top :data:`MAX_QUERY_TERMS` variants of ``groups`` matching a :class:`SearchDocument` of
    ``language``. On PostgreSQL through the per-field GIN indexes, ranked in SQL
    (:func:`_postgres_candidates`); on SQLite through the FTS5 index with its BM25
    (:func:`_sqlite_candidates`); elsewhere the order is the database backend's. :func:`search`
    re-ranks the first :data:`RERANK_DEPTH` with :func:`rank`.
    """
    variants = _variants(groups)
    if not variants:
        return []
    if connection.vendor == "postgresql":
        return _postgres_candidates(variants, language)
    query = Or([PlainText(t) for t in variants]) if len(variants) > 1 else PlainText(variants[0])
    backend = _backend(database_backend_name())
    queryset = SearchDocument.objects.filter(language=language).only("page_id")
    if type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_candidates(backend, query, queryset)
    results = backend.search(query, queryset)
    return [doc.pk for doc in results[:MAX_CANDIDATES]]


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
#: scans, no concatenated vector), ranked by ``ts_rank`` with the field weights of :func:`rank`.
#: Every match, best first: the first :data:`MAX_CANDIDATES` are the candidates, all of them what
#: facets and ``total`` count (:func:`matching_documents`), so the match runs once per search.
POSTGRES_RETRIEVAL = f"""
    SELECT d.page_id
    FROM cms_search_searchdocument d, to_tsquery('simple', %(query)s) q
    WHERE d.language = %(language)s AND (d.title_vector @@ q OR d.body_vector @@ q)
    ORDER BY {TITLE_WEIGHT} * ts_rank(d.title_vector, q) + ts_rank(d.body_vector, q, 1) DESC,
        d.page_id
"""


def _postgres_candidates(variants: list[str], language: str) -> list[int]:
    """Best-first page ids from the ``title_vector`` and ``body_vector`` columns (migration
    ``0005``: ``tsvector`` of the analysed terms, one GIN index each), :data:`POSTGRES_RETRIEVAL`:
    :class:`Candidates` with ``every`` match."""
    text = tsquery_text(variants)
    if not text:
        return []
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_RETRIEVAL, {"query": text, "language": language})
        ids = [row[0] for row in cursor.fetchall()]
    candidates = Candidates(ids[:MAX_CANDIDATES])
    candidates.every = ids
    return candidates


def _sqlite_candidates(backend, query, queryset, rank_them: bool = True):
    """Best-first ids from SQLite FTS5 in one query (``rank_them=False``: the unevaluated,
    unlimited queryset of every matching id instead, for :func:`matching_documents`).

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

    compiler = backend.query_compiler_class(queryset, query)
    search_query = compiler.build_search_query(normalize(query), config=backend.config)
    match = MatchExpression(compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), backend.config)
    entries = SQLiteFTSIndexEntry.objects.filter(match).filter(
        index_entry__content_type__in=get_descendants_content_types_pks(SearchDocument)
    )
    # Ordered by the score even when all are wanted: with it SQLite drives the query from the
    # FTS5 table; without, it ran the match once per index entry (seconds at 10,000 pages).
    ordered = entries.annotate(score=rank).order_by("score")
    if not rank_them:
        return ordered.values_list("index_entry__object_id", flat=True)
    # Every match, once: the best are the candidates, all of them what facets count.
    ids = [int(pk) for pk in ordered.values_list("index_entry__object_id", flat=True)]
    every = queryset.filter(pk__in=_id_list(ids))
    allowed = set(every.values_list("pk", flat=True))
    candidates = Candidates(pk for pk in ids if pk in allowed)
    candidates.every = list(candidates)
    del candidates[MAX_CANDIDATES:]
    return candidates


class Candidates(list):
    """Candidate ids, best first; ``every``: all matching ids, when the retrieval read them
    anyway (SQLite), for :func:`matching_documents`."""

    every: list[int] | None = None


def matching_documents(
    groups: list[TermGroup], language: str, every: list[int] | None = None
) -> models.QuerySet | None:
    """Every :class:`SearchDocument` of ``language`` that any of the top :data:`MAX_QUERY_TERMS`
    variants of ``groups`` matches, of a live page and a served type, as a lazy queryset (no
    limit: what facets and ``total`` count, :func:`sql_facets`), matched through the same index
    as :func:`retrieve_database`; ``None`` on a database without one (then the candidates are
    counted in Python). ``every``: the matching ids when the retrieval already has them
    (:class:`Candidates`), so the index is not asked twice."""
    variants = _variants(groups)
    live = SearchDocument.objects.filter(
        language=language, page__live=True, content_type__in=served_types()
    )
    if every is None and connection.vendor == "postgresql":
        text = tsquery_text(variants)
        every = _postgres_candidates(variants, language).every if text else []
    if every is not None:
        return live.filter(pk__in=_id_list(every))
    backend = _backend(database_backend_name())
    if type(backend).__name__ != "SQLiteSearchBackend" or not variants:
        return None
    query = Or([PlainText(t) for t in variants]) if len(variants) > 1 else PlainText(variants[0])
    entries = _sqlite_candidates(backend, query, SearchDocument.objects.all(), rank_them=False)
    # The FTS5 match once, its ids handed back as one JSON parameter: as a subquery SQLite
    # ran the match again for every document (seconds at 10,000 documents).
    return live.filter(pk__in=_id_list([int(pk) for pk in entries]))


def _id_list(ids: list[int]) -> RawSQL:
    """``ids`` as one parameter a ``pk__in`` reads (PostgreSQL: an ``integer[]`` unnested;
    SQLite: a JSON array through ``json_each``). Matches are handed back this way, not as a
    subquery: as one, the planners ran the text match again for every document, or joined it
    into the facet count badly (seconds at 10,000 documents)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def _narrowed(documents: models.QuerySet, filters: dict, leave_out: str | None = None):
    """``documents`` with every filter of ``filters`` applied but ``leave_out`` (a facet's
    name), each by the pages API's own condition (:func:`cms.api.pages.filter_q`)."""
    from wagtail.models import Page

    from cms.plugin.api import filter_defs, filter_q

    if filters.get("type") and leave_out != "type":
        documents = documents.filter(content_type=filters["type"])
    for name, fd in filter_defs().items():
        given = {p: filters[p] for p in fd.params if filters.get(p) is not None}
        if given and name != leave_out:
            documents = documents.filter(
                page_id__in=Page.objects.filter(filter_q(given)).values("pk")
            )
    return documents


#: Facet values of the documents of a subquery, counted in SQL: ``(content type, filter name,
#: value, a stored label, documents)``; the facets are ``{name: [[value, label], …]}`` JSON.
FACET_SQL = {
    "postgresql": """
        SELECT d.content_type, f.key, e->>0, MAX(e->>1), COUNT(DISTINCT d.page_id)
        FROM cms_search_searchdocument d
            CROSS JOIN LATERAL jsonb_each(d.facets) f
            CROSS JOIN LATERAL jsonb_array_elements(
                CASE jsonb_typeof(f.value) WHEN 'array' THEN f.value ELSE '[]'::jsonb END) e
        WHERE d.page_id IN ({documents})
        GROUP BY 1, 2, 3
    """,
    "sqlite": """
        SELECT d.content_type, f.key, CAST(json_extract(e.value, '$[0]') AS TEXT),
            MAX(json_extract(e.value, '$[1]')), COUNT(DISTINCT d.page_id)
        FROM cms_search_searchdocument d, json_each(d.facets) f, json_each(f.value) e
        WHERE d.page_id IN ({documents})
        GROUP BY 1, 2, 3
    """,
}


def _facet_rows(documents: models.QuerySet) -> list[tuple[str, str, str, str, int]]:
    sql, params = documents.values("pk").query.sql_with_params()
    query = FACET_SQL[connection.vendor].format(documents=sql)
    # No transaction of its own: a reader's request opens none (on SQLite every atomic block
    # begins IMMEDIATE, a write lock that would make readers block an editor's publish again).
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # PostgreSQL guesses 100 rows per jsonb_each and compiles the query (JIT) for
            # millions: 0.7 s of compiling for a count of milliseconds. Off for this query.
            cursor.execute("SET jit = off")
        try:
            cursor.execute(query, params)
            return cursor.fetchall()
        finally:
            if postgres and not connection.needs_rollback:
                # After an error inside a transaction, its rollback undoes the SET anyway.
                with contextlib.suppress(DatabaseError):
                    cursor.execute("RESET jit")


def sql_facets(
    documents: models.QuerySet, filters: dict, promoted: set[int]
) -> tuple[dict[str, list[dict]], int]:
    """Facets and ``total`` of a search counted in SQL over **every** match (``documents``:
    :func:`matching_documents`), not the ranked candidates: ``GROUP BY`` over the documents'
    stored facet values, each facet with every other filter applied (one query per facet that
    is filtered, plus one for the rest and one for the types). ``total``: the matches with every
    filter applied, the ``promoted`` page ids not counted. Same shape as :func:`_facet_counts`;
    call inside ``translation.override`` of the search's language (labels)."""
    names = {"type", *filter_names()}
    given = {name for name in names if name != "type" and name in _given_filter_names(filters)}
    if filters.get("type"):
        given.add("type")
    counts: dict[str, Counter[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    fixed_labels: dict[tuple[str, str], dict] = {}
    narrowed_all = _narrowed(documents, filters)
    for leave_out in [None, *sorted(given)]:
        narrowed = narrowed_all if leave_out is None else _narrowed(documents, filters, leave_out)
        wanted = (names - given) if leave_out is None else {leave_out}
        if "type" in wanted:
            rows = narrowed.values_list("content_type").annotate(n=models.Count("pk"))
            for content_type, n in rows:
                counts.setdefault("type", Counter())[content_type] += n
                labels.setdefault("type", {})[content_type] = type_label(content_type)
        if wanted - {"type"}:
            for content_type, name, value, label, n in _facet_rows(narrowed):
                if name not in wanted or value is None:
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
    if "type" not in given and "type" in counts:
        total = sum(counts["type"].values())
    else:
        total = narrowed_all.count()
    if promoted and total:
        total -= narrowed_all.filter(pk__in=promoted).count()
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


def rank(docs: list[dict], groups: list[TermGroup], vocab: Vocabulary) -> list[tuple[float, dict]]:
    """BM25 over title, teaser and body terms; documents matching more query words first."""
    if not docs:
        return []
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
        scored.append((total * coverage * coverage, doc))
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
      :data:`MAX_CANDIDATES`);
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


def _filter_matches(ids: list[int], docs: list[dict], filters: dict) -> dict[str, set[int]]:
    """For each filter given in ``filters`` (parameters as ``GET /pages/`` takes them): the ids
    among ``ids`` it keeps. ``type`` by the documents; the registry filters by
    :func:`cms.api.pages.filter_q` over the pages, the pages API's own condition, one query each.
    """
    from wagtail.models import Page

    from cms.plugin.api import filter_defs, filter_q

    matches: dict[str, set[int]] = {}
    if filters.get("type"):
        matches["type"] = {d["page_id"] for d in docs if d["content_type"] == filters["type"]}
    for name, fd in filter_defs().items():
        given = {p: filters[p] for p in fd.params if filters.get(p) is not None}
        if given and ids:
            kept = Page.objects.filter(pk__in=ids).filter(filter_q(given))
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


def _facet_counts(docs: list[dict], filters: dict, matches: dict[str, set[int]]) -> dict:
    """Counts per filter value over the candidates ``docs`` (a database without
    :func:`matching_documents`; SQLite and PostgreSQL count every match in SQL,
    :func:`sql_facets`); each facet counted with every other filter applied
    (``matches``: :func:`_filter_matches`). A value is ``selected`` when it is the value of
    its filter's parameter in ``filters``.

    Labels are rendered in the active language: content types by their name, choices and
    yes/no values by their gettext labels; linked objects keep the name stored with the
    document (in the document's language, which is the search's).
    """
    names = ["type", *sorted(filter_names())]
    facets: dict[str, list[dict]] = {}
    fixed_labels: dict[tuple[str, str], dict] = {}  # per content type and filter, once per call
    type_labels: dict[str, str] = {}
    for name in names:
        others = [kept for other, kept in matches.items() if other != name]
        counts: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for doc in docs:
            if not all(doc["page_id"] in kept for kept in others):
                continue
            if name == "type":
                if doc["content_type"] not in type_labels:
                    type_labels[doc["content_type"]] = type_label(doc["content_type"])
                pairs = [[doc["content_type"], type_labels[doc["content_type"]]]]
            else:
                key = (doc["content_type"], name)
                if key not in fixed_labels:
                    fixed_labels[key] = _value_labels(doc["content_type"], name)
                fixed = fixed_labels[key]
                pairs = [
                    [value, str(fixed[value]) if value in fixed else (label or value)]
                    for value, label in doc["facets"].get(name, [])
                ]
            for value, label in pairs:
                counts[value] += 1
                labels[value] = label
        chosen = filters.get(name)
        chosen = None if chosen is None else _filter_value(chosen)
        if counts:
            facets[name] = [
                {"value": v, "label": labels[v], "count": c, "selected": v == chosen}
                for v, c in sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]]))
            ]
    return facets


_DOC_FIELDS = (
    "page_id",
    "language",
    "content_type",
    "title",
    "facets",
    "url_path",
    "locale_id",
    "last_published_at",
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


def _with_rank_fields(docs: list[dict]) -> list[dict]:
    """``docs`` (rows of :data:`_DOC_FIELDS`) with :data:`_RANK_FIELDS` added, in one query."""
    rows = SearchDocument.objects.filter(pk__in=[d["page_id"] for d in docs]).values(
        "page_id", *_RANK_FIELDS
    )
    extra = {row["page_id"]: row for row in rows}
    return [{**doc, **extra.get(doc["page_id"], dict.fromkeys(_RANK_FIELDS, ""))} for doc in docs]


def _retrieve(query: str, groups: list[TermGroup], language: str, backend: str | None):
    """Ranked candidate ids from the database, the backend used (``"database"``), and whether
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
    if query and backend in (None, "engine"):
        promotions = promotions_for(query, language)
        promoted = {p["page_id"] for p in promotions if p["page_id"]}
        asked, found = _engine_search(
            engine.search, query, language, filters, offset, limit, promoted
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

    ids, used, fallback = _retrieve(query, groups, language, backend)
    documents = _live_documents(ids)
    ordered = [documents[i] for i in ids if i in documents]
    if used == "database":
        head = _with_rank_fields(ordered[:RERANK_DEPTH])
        vocab.load(term for group in groups for term in group.variants)
        ranked = [doc for _, doc in rank(head, groups, vocab)]
        ordered = ranked + ordered[RERANK_DEPTH:]

    promotions = promotions_for(query, language)
    promoted_ids = {p["page_id"] for p in promotions if p["page_id"]}
    matches = _filter_matches([doc["page_id"] for doc in ordered], ordered, filters)
    everything = matching_documents(groups, language, getattr(ids, "every", None))
    with translation.override(language):  # labels in the language searched
        if everything is not None:
            facets, total = sql_facets(everything, filters, promoted_ids)
        else:
            facets = _facet_counts(ordered, filters, matches)
        notice = str(FALLBACK_NOTICE) if fallback else ""
    selected = [
        doc
        for doc in ordered
        if all(doc["page_id"] in kept for kept in matches.values())
        and doc["page_id"] not in promoted_ids
    ]
    if everything is None:
        total = len(selected)
    wanted = {term for group in groups for term in group.variants}
    results = []
    page_docs = selected[offset : offset + limit]
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
    required = [analysis.term(w, language) for _, _, w in complete]
    candidates = []
    matching = index_terms.title_matches(language, prefix, limit=SUGGEST_CANDIDATES)
    rows = SearchDocument.objects.filter(
        pk__in=matching, page__live=True, content_type__in=served_types()
    ).values_list("page_id", "title", "content_type", "url_path", "locale_id")
    for page_id, title, content_type, url_path, locale_id in rows:
        title_words = [analysis.fold(w) for _, _, w in analysis.words(title)]
        positions = [i for i, w in enumerate(title_words) if w.startswith(prefix)]
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
