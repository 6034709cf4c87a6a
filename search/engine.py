"""The reader search on the engine (Elasticsearch 8 or OpenSearch 2): the engine does the work.

One request per search answers everything the database path computes in Python
(:mod:`search.service`):

* **matching** by each language's analyser (:mod:`search.backends`: German normalisation,
  dictionary decompounding, stemming) on the language's own fields, plus the query word's
  Snowball term on the term fields (what the database backends match), editor synonyms as
  alternatives, and **typo tolerance** (``fuzziness: AUTO`` for words of 5 letters or more, the
  first letter fixed);
* **ranking** by the engine's BM25 with **field boosts** title > teaser > body
  (:data:`FIELD_BOOSTS`); pages matching more query words score higher; a word as written
  (the fields' ``exact`` sub-fields, neither folded nor stemmed) breaks the tie of words that
  fold to the same stem (:data:`EXACT_BOOST`: „Förderung“ before „Forderungen“);
* **facet counts over all matches** by aggregations: every facet counted with the other
  filters applied (a ``filter`` aggregation per facet), the selected filters applied to the hits
  by ``post_filter`` (`Elasticsearch's faceting pattern
  <https://www.elastic.co/guide/en/elasticsearch/reference/8.15/filter-search-results.html#post-filter>`_);
* **highlighting** by the engine's highlighter (``<mark>``, HTML-escaped by the ``html`` encoder);
* **suggestions** from the title's edge-n-gram field (modelsearch's ``AutocompleteField``).

Python ranking and counting remain for the database backends only.
"""

from __future__ import annotations

import re

from django.utils import translation

from search import analysis, languages
from search.models import SearchDocument, Synonym

#: Boosts of the per-language fields in the engine query (title > teaser > body).
FIELD_BOOSTS = {"title": 3, "teaser": 2, "body": 1}
#: Weight of a query word found as written (``<field>.exact``) beside its analysed match: a
#: tie-breaker between words that fold and stem alike, not a ranking of its own.
EXACT_BOOST = 0.5
#: Buckets per facet in the aggregations (values beyond are not listed).
FACET_SIZE = 200
#: Characters of a snippet cut by the highlighter.
SNIPPET_CHARS = 180
#: Separates a facet value from its stored label in :meth:`SearchDocument.facet_keys`.
LABEL_SEPARATOR = "\t"


def _search(backend, body: dict) -> dict:
    index = backend.get_index_for_model(SearchDocument)
    if getattr(backend, "use_new_elasticsearch_api", False):
        return backend.es.search(index=index.name, **body)
    return backend.es.search(index=index.name, body=body)


def synonym_words(query_words: list[str], language: str) -> dict[str, list[str]]:
    """Editor synonyms (:class:`search.models.Synonym`) of each query word: ``{word: [other
    words of its sets, as written]}``, matched by the words' Python terms (stemmed, folded)."""
    wanted = {analysis.term(w, language): w for w in query_words}
    found: dict[str, list[str]] = {}
    for row in Synonym.objects.filter(language=language):
        entries = row.word_list()
        terms = {" ".join(analysis.terms(e, language)): e for e in entries}
        for term, word in wanted.items():
            if term in terms:
                found.setdefault(word, []).extend(e for e in entries if e != terms[term])
    return found


def word_query(word: str, language: str, synonyms: list[str] = (), fuzzy: bool = True) -> dict:
    """The query of one query word: its language fields with boosts (:data:`FIELD_BOOSTS`),
    fuzzy from five letters on (``AUTO``: one edit up to 5, two from 6 letters; first letter
    fixed; ``fuzzy=False``: not at all), its Snowball term on the term fields, synonyms at 0.8;
    the best alternative counts (``dis_max``)."""
    key = languages.analysis_for(language).key
    fields = [f"{name}_{key}^{boost}" for name, boost in FIELD_BOOSTS.items()]
    fuzzy = {"fuzziness": "AUTO", "prefix_length": 1} if fuzzy and len(word) >= 5 else {}
    term = analysis.term(word, language)
    alternatives = [
        {"multi_match": {"query": word, "fields": fields, **fuzzy}},
        {"term": {"title_terms": {"value": term, "boost": 4}}},
        {"term": {"terms": {"value": term, "boost": 1}}},
    ]
    analysis_ = languages.analysis_for(language)
    if analysis_.compounds and "search_analyzer" in analysis_.engine:
        # A query compound whose parts the pages hold apart („Kalischacht“ → kali, schacht):
        # analysed as the index analyses (decompounded), most parts required, weighed less.
        alternatives.append(
            {
                "multi_match": {
                    "query": word,
                    "fields": fields,
                    "analyzer": analysis_.engine["analyzer"],
                    "minimum_should_match": "60%",
                    "boost": 0.5,
                }
            }
        )
    for synonym in synonyms:
        alternatives.append(
            {"multi_match": {"query": synonym, "fields": fields, "operator": "and", "boost": 0.8}}
        )
    return {"dis_max": {"queries": alternatives, "tie_breaker": 0.3}}


def filter_clauses(filters: dict, language: str) -> dict[str, dict]:
    """Engine filter clauses by filter name for the given ``filters`` (as ``GET /pages/`` takes
    them, already validated): ``type`` on the stored facet keys; every registry filter by the ids
    of the pages the pages API's own condition keeps (:func:`cms.plugin.api.filter_q`, one
    database query each), so both paths filter alike."""
    from wagtail.models import Page

    from cms.plugin.api import filter_defs, filter_q

    clauses: dict[str, dict] = {}
    if filters.get("type"):
        clauses["type"] = {"prefix": {"facet_keys_filter": f"type={filters['type']}\t"}}
    for name, fd in filter_defs().items():
        given = {p: filters[p] for p in fd.params if filters.get(p) is not None}
        if not given:
            continue
        ids = SearchDocument.objects.filter(
            language=language, page__in=Page.objects.filter(filter_q(given))
        ).values_list("page_id", flat=True)
        clauses[name] = {"terms": {"pk": [str(pk) for pk in ids]}}
    return clauses


def search_body(
    words: list[str],
    language: str,
    filters: dict,
    facet_names: list[str],
    served: list[str],
    offset: int,
    limit: int,
    excluded: set[int] = frozenset(),
) -> dict:
    """The whole engine request of a search: matches of ``language`` and of the ``served``
    types, ranked; ``post_filter`` for ``filters`` and the ``excluded`` (promoted) pages;
    the facets of ``facet_names``, each with the other filters applied
    (:func:`facet_aggregations`); highlights of the title and a snippet (of the query without
    fuzziness); the hits ``offset``…``offset + limit``; the exact total."""
    synonyms = synonym_words(words, language)
    key = languages.analysis_for(language).key
    clauses = filter_clauses(filters, language)
    post = list(clauses.values())
    must_not = [{"terms": {"pk": [str(pk) for pk in excluded]}}] if excluded else []
    highlight_fields = {
        f"title_{key}": {"number_of_fragments": 0},
        f"teaser_{key}": {"number_of_fragments": 1, "no_match_size": SNIPPET_CHARS},
        f"body_{key}": {"number_of_fragments": 1, "no_match_size": SNIPPET_CHARS},
    }
    exact = [f"{name}_{key}.exact^{boost}" for name, boost in FIELD_BOOSTS.items()]

    def query(fuzzy: bool) -> dict:
        return {
            "bool": {
                "should": [word_query(w, language, synonyms.get(w, ()), fuzzy) for w in words]
                + [
                    {"multi_match": {"query": w, "fields": exact, "boost": EXACT_BOOST}}
                    for w in words
                ],
                "minimum_should_match": 1,
                "filter": [
                    {"term": {"language_filter": language}},
                    {"terms": {"content_type_filter": served}},
                ],
            }
        }

    return {
        "query": query(fuzzy=True),
        "post_filter": {"bool": {"filter": post, "must_not": must_not}},
        "aggs": facet_aggregations(facet_names, clauses),
        "from": offset,
        "size": limit,
        "track_total_hits": True,
        "_source": False,
        "stored_fields": ["pk"],
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fragment_size": SNIPPET_CHARS,
            "fields": highlight_fields,
            # Marked: the words as analysed (stems, compound parts, synonyms), not the fuzzy
            # matches of a typo. Expanding the fuzzy terms again for every hit's text was half
            # of a search's time in the engine at 10,000 documents (30 of 57 ms at p95).
            "highlight_query": query(fuzzy=False),
        },
    }


#: Name of the aggregation of the facets whose filter is not given (:func:`facet_aggregations`).
SHARED_FACETS = "facets"


def facet_aggregations(facet_names: list[str], clauses: dict[str, dict]) -> dict:
    """The aggregations counting the facets ``facet_names`` over every match, each facet with
    the filter ``clauses`` of the other facets applied (a facet's own filter would leave only
    its chosen value).

    Every facet whose filter is not given sees the same filters (all of them), so they are
    counted by **one** ``terms`` aggregation over the facet keys (:data:`SHARED_FACETS`); a
    facet whose filter is given gets its own (``facets_without_<name>``). One aggregation per
    facet, as before, walked the matches once per facet: at 100,000 documents it took half of a
    search's time in the engine. Each aggregation returns up to :data:`FACET_SIZE` values per
    facet it counts (:func:`_shared_size` in all), most frequent first; :func:`facets_from`
    splits them by facet, and :func:`_recount_if_cut` counts them one by one when that was not
    every value."""
    groups: dict[str, tuple[list[str], list[dict]]] = {}
    shared = [name for name in facet_names if name not in clauses]
    if shared:
        groups[SHARED_FACETS] = (shared, list(clauses.values()))
    for name in facet_names:
        if name in clauses:
            others = [clause for other, clause in clauses.items() if other != name]
            groups[f"{SHARED_FACETS}_without_{name}"] = ([name], others)
    return {
        group: _terms_aggregation(names, others, _shared_size(names))
        for group, (names, others) in groups.items()
    }


def _terms_aggregation(names: list[str], filters: list[dict], size: int) -> dict:
    pattern = "|".join(re.escape(name) for name in names)
    return {
        "filter": {"bool": {"filter": filters}},
        "aggs": {
            "values": {
                "terms": {
                    "field": "facet_keys_filter",
                    "include": f"({pattern})=.*",
                    "size": size,
                }
            }
        },
    }


def _shared_size(names: list[str]) -> int:
    """Buckets of an aggregation counting the facets ``names`` together."""
    return FACET_SIZE * len(names)


def _recount_if_cut(
    backend, body: dict, response: dict, names: list[str], filters: dict, language: str
) -> None:
    """When the shared facet aggregation of ``response`` left values out (more than
    :func:`_shared_size` in all, so a facet with many frequent values could crowd out another
    facet's), count its facets one aggregation each, as many as that takes, in a second
    request without hits, and put them in ``response`` in its place. Rare: it takes hundreds
    of values in the facets of one search's matches."""
    shared = response.get("aggregations", {}).get(SHARED_FACETS)
    if not shared or not shared["values"].get("sum_other_doc_count"):
        return
    clauses = filter_clauses(filters, language)
    everything = list(clauses.values())
    aggs = {
        f"{SHARED_FACETS}_{name}": _terms_aggregation([name], everything, FACET_SIZE)
        for name in names
        if name not in clauses
    }
    recount = _search(
        backend, {"query": body["query"], "size": 0, "track_total_hits": False, "aggs": aggs}
    )
    del response["aggregations"][SHARED_FACETS]
    response["aggregations"].update(recount["aggregations"])


def _highlights(hit: dict, key: str, title: str) -> dict:
    found = hit.get("highlight", {})
    title_html = (found.get(f"title_{key}") or [None])[0] or analysis_escape(title)
    teaser = (found.get(f"teaser_{key}") or [""])[0]
    body = (found.get(f"body_{key}") or [""])[0]
    if "<mark>" in teaser or "<mark>" not in body:
        snippet = teaser or body
    else:
        snippet = body
    return {"title": title_html, "snippet": analysis.one_line(snippet).strip()}


def analysis_escape(text: str) -> str:
    """``text`` HTML-escaped (a title without a highlighted word)."""
    import html

    return html.escape(text)


def facets_from(aggregations: dict, filters: dict) -> dict[str, list[dict]]:
    """The facets of :class:`search.service.SearchOutcome` from the aggregations of
    :func:`search_body`: per facet its values with label, count over all matches and
    ``selected``, most frequent first; labels in the active language (content types by their
    name, choices and yes/no values by their gettext label, linked objects as stored)."""
    from search import service

    buckets: dict[str, list[tuple[str, str, int]]] = {}
    for aggregation in aggregations.values():
        for bucket in aggregation["values"]["buckets"]:
            name, _, rest = bucket["key"].partition("=")
            value, _, stored = rest.partition(LABEL_SEPARATOR)
            buckets.setdefault(name, []).append((value, stored, bucket["doc_count"]))
    facets: dict[str, list[dict]] = {}
    for name in sorted(buckets, key=lambda n: (n != "type", n)):  # as the database path
        found = buckets[name]
        chosen = filters.get(name)
        chosen = None if chosen is None else service._filter_value(chosen)
        entries = []
        for value, stored, count in found[:FACET_SIZE]:
            if name == "type":
                label = service.type_label(value)
            else:
                label = _fixed_label(name, value) or stored or value
            entries.append(
                {"value": value, "label": label, "count": count, "selected": value == chosen}
            )
        merged: dict[str, dict] = {}
        for entry in entries:  # one value with labels in two spellings: one entry
            if entry["value"] in merged:
                merged[entry["value"]]["count"] += entry["count"]
            else:
                merged[entry["value"]] = entry
        if merged:
            facets[name] = sorted(merged.values(), key=lambda e: (-e["count"], e["label"]))
    return facets


def _fixed_label(name: str, value: str) -> str:
    from search import service

    for api_name in service.served_types():
        fixed = service._value_labels(api_name, name)
        if value in fixed:
            return str(fixed[value])
    return ""


def search(
    backend,
    query: str,
    language: str,
    filters: dict,
    offset: int,
    limit: int,
    excluded: set[int] = frozenset(),
) -> tuple[int, list[dict], dict] | None:
    """Search ``query`` (cleaned, :func:`search.service.clean_query`) in ``language`` on the
    engine ``backend`` (a modelsearch Elasticsearch 8 / OpenSearch 2 backend).

    Returns ``(total, results, facets)`` in the shapes of :class:`search.service.SearchOutcome`
    (``results``: the slice ``offset``…``offset + limit`` of the live pages, each ``{"id",
    "type", "title", "path", "highlights"}``), or ``None`` when the query has no searchable word.
    ``excluded``: page ids left out of the hits and the total (promoted pages). Transport and
    engine errors propagate (the caller answers from the database).
    """
    from cms.plugin.api import page_path
    from search import service

    words = analysis.query_words(query, language)
    if not words:
        return None
    names = ["type", *sorted(service.filter_names())]
    body = search_body(
        words, language, filters, names, service.served_types(), offset, limit, excluded
    )
    response = _search(backend, body)
    _recount_if_cut(backend, body, response, names, filters, language)
    hits = response["hits"]["hits"]
    ids = [int(hit["fields"]["pk"][0]) for hit in hits]
    documents = service._live_documents(ids)
    key = languages.analysis_for(language).key
    results = []
    for hit, pk in zip(hits, ids, strict=True):
        doc = documents.get(pk)
        if doc is None:
            continue  # unpublished a moment ago; the index follows
        results.append(
            {
                "id": pk,
                "type": doc["content_type"],
                "title": doc["title"],
                "path": page_path(doc["url_path"]),
                "highlights": _highlights(hit, key, doc["title"]),
            }
        )
    with translation.override(language):
        facets = facets_from(response.get("aggregations", {}), filters)
    return response["hits"]["total"]["value"], results, facets


def suggest(backend, query: str, language: str, limit: int) -> list[dict] | None:
    """Titles for search-as-you-type from the engine: the last word as a prefix of a title word
    (the title's edge-n-grams, folded like the index), earlier words anywhere in the page (its
    language fields, as :func:`search`). Best first (the engine's score: shorter titles and
    more matching words first). Returns the shape of :func:`search.service.suggest`, or
    ``None`` when the last word is shorter than two letters.
    """
    from cms.plugin.api import page_path
    from search import service

    typed = [w for _, _, w in analysis.words(query)]
    if not typed or len(analysis.fold(typed[-1])) < 2:
        return None if not typed else []
    *complete, last = typed
    key = languages.analysis_for(language).key
    # The last word, and in German with spelled-out umlauts read as umlauts („Schuel“).
    prefixes = service._prefixes(analysis.fold(last), language)
    typed_last = [
        {"match": {"title_edgengrams": {"query": p, "analyzer": "cms_standard"}}} for p in prefixes
    ]
    must = [{"bool": {"should": typed_last, "minimum_should_match": 1}}]
    for word in complete:
        fields = [f"{name}_{key}" for name in FIELD_BOOSTS] + ["title_edgengrams"]
        must.append({"multi_match": {"query": word, "fields": fields}})
    body = {
        "query": {
            "bool": {
                "must": must,
                "filter": [
                    {"term": {"language_filter": language}},
                    {"terms": {"content_type_filter": service.served_types()}},
                ],
            }
        },
        "size": limit * 2,
        "_source": False,
        "stored_fields": ["pk"],
    }
    ids = [int(hit["fields"]["pk"][0]) for hit in _search(backend, body)["hits"]["hits"]]
    documents = service._live_documents(ids)
    return [
        {
            "id": pk,
            "title": documents[pk]["title"],
            "type": documents[pk]["content_type"],
            "path": page_path(documents[pk]["url_path"]),
            "locale_id": documents[pk]["locale_id"],
        }
        for pk in ids
        if pk in documents
    ][:limit]
