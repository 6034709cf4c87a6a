"""Bounds on every search entry: at most ``MAX_QUERY_LENGTH`` characters and ``MAX_QUERY_WORDS``
words, checked once, before any view runs.

Why: Wagtail's database search backend nests one SQL expression per word, so some hundred words
overflow Python's recursion limit while the query is compiled (a 500 and a traceback per request
on PostgreSQL), and long queries cost seconds in any backend. Every search box of the admin
(pages, images, documents, snippets, users, their choosers, the admin API) and of the APIs
(Wagtail's v2 ``search``, our ``/api/v1/search/`` ``q``) reads one of two parameters, ``q`` or
``search``, so :class:`SearchLimitMiddleware` guards those two on ``/admin/`` and ``/api/`` paths:

- on the API: ``400`` ``application/problem+json`` naming the parameter;
- in the admin: ``400`` with a German page (``cms_admin/search_refused.html``).

A middleware rather than a wrapper around the search backends: the backends are Wagtail's (the
database backend's class is chosen per database vendor) or the search plugin's, and a wrapper
would raise deep inside views that evaluate results lazily (templates, paginators), where only
a generic error page could answer; the middleware answers in each area's own format and covers
views we do not own without patching them. Callers outside a request (the search plugin's
service) check :func:`query_problem` themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_QUERY_WORDS",
    "SearchLimitMiddleware",
    "query_problem",
]

#: Characters of a search query (after collapsing whitespace).
MAX_QUERY_LENGTH = 200
#: Words of a search query; PostgreSQL's database search failed from about 120 on.
MAX_QUERY_WORDS = 32
#: The query parameters of every search entry (Wagtail's admin and v2 API, our API).
SEARCH_PARAMETERS = ("q", "search")
GUARDED_PATHS = ("/admin/", "/api/")


def query_problem(raw: str | None) -> str | None:
    """Why ``raw`` is refused as a search query (German and English, one sentence), or ``None``."""
    words = (raw or "").split()
    if len(" ".join(words)) > MAX_QUERY_LENGTH or len(words) > MAX_QUERY_WORDS:
        return (
            f"Die Suchanfrage ist zu lang: höchstens {MAX_QUERY_LENGTH} Zeichen und "
            f"{MAX_QUERY_WORDS} Wörter (The query is too long: at most {MAX_QUERY_LENGTH} "
            f"characters and {MAX_QUERY_WORDS} words)."
        )
    return None


class SearchLimitMiddleware:
    """Refuse overlong search queries on admin and API paths (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(GUARDED_PATHS):
            for name in SEARCH_PARAMETERS:
                for value in request.GET.getlist(name):
                    reason = query_problem(value)
                    if reason is not None:
                        return self.refuse(request, name, reason)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, name: str, reason: str) -> HttpResponse:
        """The 400 answer to an over-long search parameter ``name``: problem details (RFC 9457)
        under ``/api/``, else the admin's German page; never cached.
        """
        if request.path.startswith("/api/"):
            from cms.api.http import problem

            return problem(400, reason, invalid_params=[{"name": name, "reason": reason}])
        message = _(
            "Die Suchanfrage ist zu lang: höchstens %(characters)s Zeichen und %(words)s Wörter. "
            "Bitte kürzen Sie sie."
        ) % {"characters": MAX_QUERY_LENGTH, "words": MAX_QUERY_WORDS}
        response = render(
            request, "cms_admin/search_refused.html", {"message": message}, status=400
        )
        response["Cache-Control"] = "no-store"
        return response
