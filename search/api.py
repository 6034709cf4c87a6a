"""Search endpoints (django-ninja router, mounted by the core at ``/api/v1/search/``).

``GET /search/?q=…&locale=de`` full-text search with filters, facets, highlighted snippets and
editors' promotions; ``GET /search/suggest/?q=…`` titles for search-as-you-type. Bad input gets a
``400`` problem detail (``application/problem+json``), never a 500 or an engine error text.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema

from cms.plugin.api import API_TEXT_LANGUAGE, VARY, VARY_LANGUAGE, locale_param, requested_locale
from search import service

router = Router(tags=["search"])
#: Where the core mounts this router (see ``cms.api.routers.mount``).
router.api_prefix = "/search/"

MAX_LIMIT = 50
MAX_OFFSET = 1000


#: The content locales, as on every endpoint of the API (default: ``Accept-Language``).
Locale, LOCALE = locale_param()


class SearchParams(Schema):
    """Query parameters of ``GET /search/`` (filters by registry name come on top)."""

    q: str = Field("", description="The query (at most 200 characters).")
    locale: Locale = LOCALE
    type: list[str] = Field(default_factory=list, description="Content types (``api_name``).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


class SuggestParams(Schema):
    """Query parameters of ``GET /search/suggest/``."""

    q: str = Field("", description="What the reader has typed so far.")
    locale: Locale = LOCALE
    limit: int = Field(8, description="At most 20.")


class SearchHit(Schema):
    """One result: the page's id, type (``api_name``) and texts in the searched locale."""

    id: int
    type: str
    title: str
    title_highlighted: str = Field(description="HTML-escaped title, matches in ``<mark>``.")
    teaser: str
    snippet: str = Field(description="HTML-escaped excerpt, matches in ``<mark>``.")
    url_path: str
    last_published_at: datetime.datetime | None


class FacetValue(Schema):
    """One value of a facet: its label in the searched locale, how many results have it with the
    other filters applied, and whether it is selected.
    """

    value: str
    label: str
    count: int
    selected: bool


class Promotion(Schema):
    """A result editors promoted for this query (Wagtail's search promotions), shown before the
    others; ``page_id`` is null for an external link.
    """

    page_id: int | None
    title: str
    url: str
    description: str


class SearchOut(Schema):
    """A search answer: the query as searched, where it was answered, the requested slice of
    results, facets per filter and the promotions.
    """

    query: str
    locale: str
    backend: str = Field(description="``engine``, ``database`` or ``none`` (empty query).")
    fallback: bool = Field(description="True when the engine was unreachable.")
    notice: str
    total: int
    offset: int
    limit: int
    results: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    promotions: list[Promotion]


class Suggestion(Schema):
    """A page whose title completes what the reader typed."""

    id: int
    title: str
    type: str
    url_path: str


class SuggestOut(Schema):
    """Titles for search-as-you-type, best first."""

    query: str
    suggestions: list[Suggestion]


def problem(status: int, title: str, detail: str, name: str = "q") -> JsonResponse:
    """A problem detail; its text is English (or German and English), whatever the locale."""
    response = JsonResponse(
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "invalid_params": [{"name": name, "reason": detail}],
        },
        status=status,
        content_type="application/problem+json",
    )
    response["Content-Language"] = API_TEXT_LANGUAGE
    return response


def answer_in(request: HttpRequest, response: HttpResponse, locale: str | None) -> str:
    """The locale the request asks for (``locale``, else the best match of ``Accept-Language``),
    made the language of every label of the answer, with ``Content-Language`` and ``Vary``."""
    code = requested_locale(request, locale)
    translation.activate(code)
    response["Content-Language"] = code
    response["Vary"] = VARY_LANGUAGE if locale is None else VARY
    return code


@router.get(
    "/",
    response={200: SearchOut},
    summary="Full-text search over live pages of one locale",
    description=(
        "Further filters by the names the content types declare (e.g. ``topic``, ``place``, "
        "``status``, ``document_kind``), repeatable: ``?topic=energie&topic=wasser``."
    ),
)
def search_pages(request: HttpRequest, response: HttpResponse, params: Query[SearchParams]):
    """``GET /search/``: :func:`search.service.search` over the request's parameters; an invalid
    query or filter is a 400 problem (RFC 9457) with ``invalid_params``.
    """
    language = answer_in(request, response, params.locale)
    filters: dict[str, list[str]] = {"type": params.type}
    for name in service.filter_names():
        values = [v for v in request.GET.getlist(name) if v]
        if values:
            filters[name] = values
    try:
        outcome = service.search(
            params.q, language, filters, offset=params.offset, limit=params.limit
        )
    except service.QueryError as exc:
        return problem(400, "Invalid search query", str(exc))
    return {
        "query": outcome.query,
        "locale": language,
        "backend": outcome.backend,
        "fallback": outcome.fallback,
        "notice": outcome.notice,
        "total": outcome.total,
        "offset": params.offset,
        "limit": params.limit,
        "results": outcome.results,
        "facets": outcome.facets,
        "promotions": outcome.promotions,
    }


@router.get("/suggest/", response={200: SuggestOut}, summary="Titles for search-as-you-type")
def suggest(request: HttpRequest, response: HttpResponse, params: Query[SuggestParams]):
    """Titles of live pages in the locale whose words start with the last typed word, earlier words
    matching too; shorter titles and earlier matches first.
    """
    q, limit = params.q, params.limit
    language = answer_in(request, response, params.locale)
    if not 1 <= limit <= 20:
        return problem(400, "Invalid limit", "limit must be between 1 and 20.", "limit")
    try:
        suggestions = service.suggest(q, language, limit=limit)
    except service.QueryError as exc:
        return problem(400, "Invalid search query", str(exc))
    return {"query": q, "suggestions": suggestions}
