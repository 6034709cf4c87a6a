"""Search endpoints (django-ninja router, mounted by the core at ``/api/v1/search/``).

``GET /search/?q=…&locale=de`` full-text search with the filters of ``GET /pages/``, facets,
highlighted snippets and editors' promotions; ``GET /search/suggest/?q=…`` pages whose titles
complete what was typed. Both speak the pages API's dialect: a hit is the page's card (as
``/pages/`` lists it: ``path``, ``url`` for the asking front end, ``locale``, image renditions …)
plus ``highlights``; filters take the names, values (ids for linked objects) and repetition
rules of ``/pages/``; unknown or repeated parameters, bad input and bad tokens get a problem
detail (RFC 9457, ``application/problem+json``), never a 500 or an engine error text; answers
carry ``ETag`` (``If-None-Match`` → 304), ``Cache-Control``, ``Content-Language`` and ``Vary``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cms.plugin.api import (
    ERRORS,
    allowed_params,
    bad_param,
    build_context,
    card_union,
    card_union_with,
    cards_by_id,
    check_params,
    common_params,
    filter_params,
    json_response,
    params_schema,
    type_param,
    visible_page_ids,
)
from cms.runtime.search_limits import MAX_QUERY_LENGTH
from search import service

router = Router(tags=["search"])
#: Where the core mounts this router (see ``cms.api.routers.mount``).
router.api_prefix = "/search/"

MAX_LIMIT = 50
MAX_OFFSET = 1000
MAX_SUGGESTIONS = 20


SearchParams = params_schema(
    "SearchParams",
    q=(str, Field("", description=f"The query (at most {MAX_QUERY_LENGTH} characters).")),
    **common_params(),
    type=type_param(),
    offset=(int, Field(0, ge=0, le=MAX_OFFSET)),
    limit=(int, Field(10, ge=1, le=MAX_LIMIT)),
    **filter_params(),
)

SuggestParams = params_schema(
    "SuggestParams",
    q=(str, Field("", description="What the reader has typed so far.")),
    **common_params(),
    limit=(int, Field(8, ge=1, le=MAX_SUGGESTIONS)),
)

#: The content locales, as the ``locale`` parameter takes them.
Locale = SearchParams.model_fields["locale"].annotation.__args__[0]


class Highlights(Schema):
    """Where a hit matched: HTML-escaped texts, matched words in ``<mark>``."""

    title: str = Field(description="The title, matches in ``<mark>``.")
    snippet: str = Field(description="An excerpt of the page's text, matches in ``<mark>``.")


#: A page's card, as ``GET /pages/`` lists it.
PageCard = card_union()

#: A hit: the page's card of its type (as ``GET /pages/`` lists it) plus its ``highlights``.
SearchHit = card_union_with(
    "SearchHit",
    "(search hit: the card plus highlights)",
    highlights=(Highlights, ...),
)


class FacetValue(Schema):
    """One value of a facet: the value its filter parameter takes (``type``: an ``api_name``;
    a linked object: its id; a choice: its value; yes/no: ``true``/``false``), its label in the
    searched locale, how many results have it with the other filters applied, and whether it
    is the filter's value in this request.
    """

    value: str
    label: str
    count: int
    selected: bool


class Promotion(Schema):
    """A result editors promoted for this query (Wagtail's search promotions), shown before the
    others: a page (``page_id`` and ``page``, its card, to link by ``page.url`` or
    ``page.path``) or an external link (``url``; ``page_id`` and ``page`` null).
    """

    page_id: int | None
    page: PageCard | None = Field(description="The promoted page's card; null for a link.")  # type: ignore[valid-type]
    title: str
    url: str = Field(description="The external link; empty for a page.")
    description: str


class SearchOut(Schema):
    """A search answer: the query as searched, where it was answered, the requested slice of
    results (cards plus highlights), facets per filter and the promotions.
    """

    query: str
    locale: Locale  # type: ignore[valid-type]
    backend: str = Field(description="``engine``, ``database`` or ``none`` (empty query).")
    fallback: bool = Field(description="True when the engine was unreachable.")
    notice: str
    total: int
    offset: int
    limit: int
    results: list[SearchHit]  # type: ignore[valid-type]
    facets: dict[str, list[FacetValue]]
    promotions: list[Promotion]


class Suggestion(Schema):
    """A page whose title completes what the reader typed: the basics of its card."""

    id: int
    type: str
    title: str
    locale: Locale  # type: ignore[valid-type]
    path: str = Field(description="Within the locale, as ``/pages/find/?path=`` takes it.")
    url: str = Field(description="For the asking front end.")


class SuggestOut(Schema):
    """Pages for search-as-you-type, best first."""

    query: str
    suggestions: list[Suggestion]


@router.get(
    "/",
    response={200: SearchOut, **ERRORS},
    summary="Full-text search over live pages of one locale",
    description=(
        "Filters as ``GET /pages/`` takes them (``type``, and each content type's filters by "
        "name: ``topics``, ``places``, ``status``, ``kind`` …; ids for linked objects; each "
        "parameter once). Each hit is the page's card plus ``highlights``; facet values are "
        "the values their filters take."
    ),
    operation_id="search_pages",
)
def search_pages(request: HttpRequest, params: Query[SearchParams]):  # type: ignore[valid-type]
    """``GET /search/``: :func:`search.service.search` over the request's parameters, the hits
    answered as the pages' cards (:func:`cms.api.pages.cards_by_id`, only pages the reader may
    see) plus highlights. An invalid or unknown parameter, a repeated one or a query over the
    limits is a 400 problem (RFC 9457) with ``invalid_params``.
    """
    check_params(request, allowed_params(SearchParams))
    ctx = build_context(request, params.locale)
    language = ctx.locale
    reserved = {"q", "locale", "frontend", "offset", "limit"}
    filters = {k: v for k, v in params.dict().items() if k not in reserved and v is not None}
    try:
        outcome = service.search(
            params.q, language, filters, offset=params.offset, limit=params.limit
        )
    except service.QueryError as exc:
        raise bad_param("q", str(exc)) from exc
    promoted = [p["page_id"] for p in outcome.promotions if p["page_id"]]
    cards = cards_by_id(ctx, [hit["id"] for hit in outcome.results] + promoted)
    results = [
        {**cards[hit["id"]], "highlights": hit["highlights"]}
        for hit in outcome.results
        if hit["id"] in cards
    ]
    data = {
        "query": outcome.query,
        "locale": language,
        "backend": outcome.backend,
        "fallback": outcome.fallback,
        "notice": outcome.notice,
        "total": outcome.total,
        "offset": params.offset,
        "limit": params.limit,
        "results": results,
        "facets": outcome.facets,
        "promotions": [
            {**p, "page": cards[p["page_id"]] if p["page_id"] else None}
            for p in outcome.promotions
            if not p["page_id"] or p["page_id"] in cards
        ],
    }
    return json_response(request, data, generational=False)


@router.get(
    "/suggest/",
    response={200: SuggestOut, **ERRORS},
    summary="Pages whose titles complete what was typed (search-as-you-type)",
    operation_id="suggest_pages",
)
def suggest(request: HttpRequest, params: Query[SuggestParams]):  # type: ignore[valid-type]
    """Live pages of the locale whose title words start with the last typed word, earlier words
    matching too; shorter titles and earlier matches first. Each with its card's basics (``id``,
    ``type``, ``title``, ``locale``, ``path``, ``url``); pages the reader may not see are left
    out (:func:`cms.api.pages.visible_page_ids`, :mod:`cms.visibility`).
    """
    check_params(request, allowed_params(SuggestParams))
    ctx = build_context(request, params.locale)
    try:
        found = service.suggest(params.q, ctx.locale, limit=params.limit)
    except service.QueryError as exc:
        raise bad_param("q", str(exc)) from exc
    visible = visible_page_ids(ctx, [s["id"] for s in found])
    codes = ctx.locale_codes()
    suggestions = []
    for s in found:
        if s["id"] not in visible:
            continue
        locale = codes.get(s["locale_id"], ctx.locale)
        suggestions.append(
            {
                "id": s["id"],
                "type": s["type"],
                "title": s["title"],
                "locale": locale,
                "path": s["path"],
                "url": ctx.page_url(locale, s["path"]),
            }
        )
    return json_response(
        request, {"query": params.q, "suggestions": suggestions}, generational=False
    )
