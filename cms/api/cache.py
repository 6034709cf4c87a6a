"""Response cache of the API for anonymous reads, in front of routing.

A cached entry is the encoded body, its gzip variant and their strong ETags (:class:`Payload`),
keyed by the content generation (:class:`~cms.api.models.ContentGeneration`, bumped by
:mod:`cms.runtime.signals` on every publish, unpublish, move or delete), the host, the full path with
query, the front end and the locale the request resolves to (the ``locale`` parameter, else the
best match of ``Accept-Language``: :func:`cms.api.http.requested_locale`), never the raw header,
whose endless spellings would each fill an entry. A hit costs one small query (the generation)
and no routing, serialization or compression. Requests with ``Authorization`` are never cached.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from cms.api.models import ContentGeneration
from cms.runtime.metrics import API_CACHE_REQUESTS

PREFIX = "/api/v1/"
#: Wagtail's stock API (compatibility); its answers depend on the session (see ``private_to_sessions``).
V2_PREFIX = "/api/v2/"
TIMEOUT = 60 * 60 * 24
LOCAL_ENTRIES = 512
#: Part of every key; raised when :class:`~cms.api.http.Payload` changes shape, so that entries
#: pickled by an older release are never read (2: ``Content-Language`` and ``Vary`` kept).
KEY_VERSION = 2


#: Hot payloads of this process for one generation (no unpickling); see ``remember``.
_hot: dict = {"generation": None, "entries": {}}


def reset() -> None:
    """Forget every cached response and per-generation table, in this process and the cache.

    Not needed for correctness in operation, restoring a database backup included (see
    ContentGeneration); ``manage.py restore`` calls it to drop the replaced content's entries from
    the shared cache (:mod:`cms.backup`). Tests need it, whose rollbacks bring back generations under which other test content was cached
    (and whose flushes renumber content types).
    """
    from django.contrib.contenttypes.models import ContentType

    from cms import visibility
    from cms.api import http, pages, serialize

    caches["default"].clear()
    ContentType.objects.clear_cache()
    pages.page_type_by_content_type_id.cache_clear()
    _hot.update(generation=None, entries={})
    serialize.reset()
    http._frontends = (-1, {})
    visibility.reset()


class ApiCacheMiddleware:
    """Serve anonymous ``GET``/``HEAD`` requests of ``/api/v1/`` from the cache (see the module).

    Skipped when ``CMS_API_CACHE`` is false, for other methods, for requests with
    ``Authorization``, for the docs, and for a request naming a token-protected front end. A hit
    carries ``X-Cache: hit``; a stored miss (status 200 or 304) ``X-Cache: miss``. Each look-up
    counts in ``cms_api_cache_requests_total`` (:mod:`cms.runtime.metrics`). Answers of
    Wagtail's v2 API pass through :func:`private_to_sessions` instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["default"]
        # Benchmarks switch it off to measure uncached responses (bench/api/settings.py).
        self.enabled = getattr(settings, "CMS_API_CACHE", True)

    def __call__(self, request: HttpRequest):
        if request.path.startswith(V2_PREFIX):
            return private_to_sessions(request, self.get_response(request))
        if (
            not self.enabled
            or request.method not in ("GET", "HEAD")
            or not request.path.startswith(PREFIX)
            or "HTTP_AUTHORIZATION" in request.META
            or request.path.startswith((PREFIX + "docs", PREFIX + "preview"))
        ):
            return self.get_response(request)
        generation = ContentGeneration.current()
        request.api_generation = generation
        if names_protected_frontend(request, generation):
            return self.get_response(request)  # answered 401 without its token (never cached)
        key = self.key(request, generation)
        payload = _hot["entries"].get(key) if _hot["generation"] == generation else None
        if payload is None:
            payload = self.cache.get(key)
            self.remember(generation, key, payload)
        if payload is not None:
            API_CACHE_REQUESTS.labels(result="hit").inc()
            response = payload.response(request, public=True)
            response["X-Cache"] = "hit"
            return response
        API_CACHE_REQUESTS.labels(result="miss").inc()
        response = self.get_response(request)
        payload = getattr(request, "api_payload", None)
        if payload is not None and response.status_code in (200, 304) and _shared(request):
            self.cache.set(key, payload, TIMEOUT)
            self.remember(generation, key, payload)
            response["X-Cache"] = "miss"
        return response

    def remember(self, generation: int, key: str, payload) -> None:
        """Keep hot payloads in the process too (no unpickling); any change empties it."""
        if payload is None:
            return
        if _hot["generation"] != generation or len(_hot["entries"]) >= LOCAL_ENTRIES:
            _hot.update(generation=generation, entries={})
        _hot["entries"][key] = payload

    @staticmethod
    def key(request: HttpRequest, generation: int) -> str:
        """The entry's key: generation, host, path with query, resolved locale, front end."""
        from cms.api.http import requested_locale

        raw = "\n".join(
            (
                request.get_host(),
                request.get_full_path(),
                requested_locale(request, request.GET.get("locale")),
                request.META.get("HTTP_X_FRONTEND", ""),
            )
        )
        return f"cms-api:{KEY_VERSION}:{generation}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def _shared(request: HttpRequest) -> bool:
    """Whether the view answered an anonymous reader (:func:`cms.api.http.is_public`)."""
    from cms.api.http import is_public

    return is_public(request)


def names_protected_frontend(request: HttpRequest, generation: int) -> bool:
    """Whether the request names a front end that requires a token (see ``FrontEnd.set_token``)."""
    from cms.api.http import frontends

    name = request.GET.get("frontend") or request.META.get("HTTP_X_FRONTEND")
    frontend = frontends(generation).get(name) if name else None
    return frontend is not None and frontend.requires_token


def private_to_sessions(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Keep answers of Wagtail's v2 API that may depend on a session out of shared caches.

    v2 judges view restrictions with Wagtail's ``accept_request``: by the session's user and the
    passwords the session has passed. Every v2 answer therefore varies on ``Cookie``; one to a
    request with the session cookie (or any ``Authorization``) is ``private, no-store``.
    Anonymous answers keep their headers (shareable). Our own API reads bearer tokens only and
    answers a session like anyone (see :mod:`cms.api.http`).
    """
    patch_vary_headers(response, ("Cookie",))
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        response["Cache-Control"] = "private, no-store"
    return response
