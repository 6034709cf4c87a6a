"""Request context and responses of the API: locale, front end, tokens, problems, ETags, gzip."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import hmac
import json
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from cms import visibility
from cms.api.models import ApiToken, ContentGeneration, FrontEnd, hash_token
from cms.api.serialize import ApiContext

PROBLEM_JSON = "application/problem+json"
GZIP_MIN_LENGTH = 200
#: Anonymous reads may be cached by browsers briefly and by shared caches (CDN) longer; the
#: front-end cache purge (``cms.delivery.purge``) clears shared caches on every change.
PUBLIC_CACHE_CONTROL = "public, max-age=60, s-maxage=600, stale-while-revalidate=30"
#: Answers that depend on more than the content generation (search: the index, updated after the
#: commit, editors' synonyms and promotions) are neither kept by the API's response cache nor by
#: shared caches longer than by a browser: no front-end cache purge reaches them.
SHORT_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=30"
VARY = "Accept-Encoding, Authorization, X-Frontend"
#: ``Vary`` of an answer whose locale ``Accept-Language`` chose (no ``locale`` parameter).
VARY_LANGUAGE = "Accept-Encoding, Accept-Language, Authorization, X-Frontend"
#: Where our API is mounted; its answers choose their own language (:class:`ApiLocaleMiddleware`).
API_PREFIX = "/api/v1/"
#: The language of the API's own texts (problem details, the OpenAPI document and its docs).
API_TEXT_LANGUAGE = "en"


class ApiError(Exception):
    """Answered as ``application/problem+json``; ``invalid_params`` names offending parameters,
    ``type`` a problem type URI other than ``about:blank`` (RFC 9457, section 3.1.1)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        invalid_params: list[dict] | None = None,
        available_locales: list[str] | None = None,
        type: str | None = None,  # noqa: A002 - RFC 9457's member name
    ):
        super().__init__(detail)
        self.status, self.detail, self.type = status, detail, type
        self.invalid_params, self.available_locales = invalid_params, available_locales


def bad_param(name: str, reason: str) -> ApiError:
    """An :class:`ApiError` 400 for query parameter ``name``, with ``reason`` (English, one phrase)
    in ``detail`` and in ``invalid_params`` (``[{"name", "reason"}]``). Returned, not raised:
    ``raise bad_param(...)``.
    """
    return ApiError(
        400,
        f"Invalid parameter {name!r}: {reason}",
        invalid_params=[{"name": name, "reason": reason}],
    )


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
}


def if_none_match_matches(header: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header value matches ``etag``: ``*``, or any listed tag by the
    weak comparison RFC 9110 section 13.1.2 prescribes for this header (``W/"x"`` matches
    ``"x"``; caches and proxies that compress weaken our strong tags). Parsed with Django's
    ``parse_etags``; an empty or unparsable header matches nothing."""
    from django.utils.http import parse_etags

    if not header.strip():
        return False
    tags = parse_etags(header)
    if "*" in tags:
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


def problem(status: int, detail: str, **extra: Any) -> HttpResponse:
    """An RFC 9457 problem details response (``application/problem+json``).

    Body: ``{"type": "about:blank", "title": <reason phrase of 400/401/403/404, else "Error">,
    "status": status, "detail": detail, **extra}`` where ``extra`` keys with value ``None`` are left out (as
    ``invalid_params`` and ``available_locales`` of :class:`ApiError`). Never cached
    (``no-store``); ``Content-Language: en`` (the API's own texts are English).
    """
    body = {"type": "about:blank", "title": _TITLES.get(status, "Error"), "status": status}
    body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON
    )
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = API_TEXT_LANGUAGE
    return response


def check_params(request: HttpRequest, allowed: set[str]) -> None:
    """Unknown query parameters are a client error, not silently ignored."""
    for name in request.GET:
        if name not in allowed:
            raise bad_param(name, f"unknown parameter; allowed: {', '.join(sorted(allowed))}")
    for name, values in request.GET.lists():
        if len(values) > 1:
            raise bad_param(name, "given more than once")


# --- Who is asking --------------------------------------------------------------------------------

_frontends: tuple[int, dict[str, FrontEnd]] = (-1, {})


def frontends(generation: int) -> dict[str, FrontEnd]:
    """The configured front ends, cached per content generation (changes bump it)."""
    global _frontends
    if _frontends[0] != generation:
        _frontends = (generation, {fe.name: fe for fe in FrontEnd.objects.all()})
    return _frontends[1]


def content_languages() -> list[str]:
    """The language codes of ``WAGTAIL_CONTENT_LANGUAGES`` in settings order (``["de", "en"]``)."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def requested_locale(request: HttpRequest, explicit: str | None) -> str:
    """The content locale a request asks for: ``explicit`` (the ``locale`` parameter), else the
    best match of ``Accept-Language`` among the content languages, else the default language."""
    if explicit:
        return explicit
    codes = content_languages()
    for lang, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        lang = lang.lower()
        if lang in codes:
            return lang
        if lang.split("-")[0] in codes:
            return lang.split("-")[0]
    return settings.LANGUAGE_CODE


def build_context(request: HttpRequest, locale: str | None = None) -> ApiContext:
    """The :class:`ApiContext` of a request; bad tokens or front-end names raise ApiError."""
    generation = getattr(request, "api_generation", None)
    if generation is None:
        generation = request.api_generation = ContentGeneration.current()
    known = frontends(generation)
    ctx = ApiContext(locale=settings.LANGUAGE_CODE, generation=generation)
    use_locale(ctx, requested_locale(request, locale), negotiated=locale is None)
    name = request.GET.get("frontend") or request.headers.get("X-Frontend")
    if name:
        if name not in known:
            raise bad_param("frontend", f"unknown front end {name!r}; known: {', '.join(known)}")
        ctx.frontend = known[name]
    else:
        ctx.frontend = next((fe for fe in known.values() if fe.is_default), None)
    auth = request.headers.get("Authorization", "")
    if name and ctx.frontend.token_hash:
        require_frontend_token(ctx.frontend, auth)
    if auth:
        scheme, _sp, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "Use 'Authorization: Bearer <token>'.")
        _authenticate(ctx, token.strip(), known)
    base = (
        getattr(settings, "WAGTAILAPI_BASE_URL", "") or f"{request.scheme}://{request.get_host()}"
    )
    ctx.media_base = base.rstrip("/")
    request.api_context = ctx
    return ctx


def use_locale(ctx: ApiContext, code: str, *, negotiated: bool = False) -> None:
    """Answer in ``code``: content of that locale and every label in its language.

    ``negotiated``: the locale was chosen by ``Accept-Language`` (no ``locale`` parameter), so
    the response varies on that header. A view that pins the locale to the object it serves
    (a page or snippet by id) calls this again with ``negotiated=False``. Labels (choices, locale
    names, snippet labels) are gettext strings rendered while the view runs: the language stays
    active until the next request activates its own (:class:`ApiLocaleMiddleware`).
    """
    ctx.locale = code
    ctx.negotiated = negotiated
    translation.activate(code)


def require_frontend_token(frontend: FrontEnd, auth: str) -> None:
    """A request naming ``frontend``, which has a token, must send it (``Authorization: Bearer``);
    otherwise :class:`ApiError` 401."""
    scheme, _sp, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        hash_token(token.strip()), frontend.token_hash
    ):
        raise ApiError(
            401,
            f"The front end {frontend.name!r} requires its token: "
            "send 'Authorization: Bearer <token>'.",
        )


def _authenticate(ctx: ApiContext, token: str, known: dict[str, FrontEnd]) -> None:
    """Set ``ctx.principal`` (or the front end) from a bearer token; unknown tokens raise 401."""
    digest = hash_token(token)
    for fe in known.values():
        if fe.token_hash and fe.token_hash == digest:
            ctx.frontend = fe
            return
    scoped = ApiToken.objects.filter(key_hash=digest, revoked_at__isnull=True).first()
    if scoped is not None:
        ctx.principal = visibility.for_project_token(scoped)
        return
    from wagtail.models import APIToken

    wagtail_token = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(token), revoked_at__isnull=True)
        .first()
    )
    if wagtail_token is None or not wagtail_token.user.is_active:
        raise ApiError(401, "Unknown or revoked token.")
    # A Wagtail API token acts as its user (cms.visibility.Principal).
    ctx.principal = visibility.for_user(wagtail_token.user, via="api_token")


def may_read_draft(ctx: ApiContext, page) -> bool:
    """Whether the reader of ``ctx`` may read the latest revision of ``page`` (see
    :meth:`cms.visibility.Principal.may_read_draft`).
    """
    return ctx.principal.may_read_draft(page)


def is_public(request: HttpRequest) -> bool:
    """Whether a response may be shared: only answers to anonymous readers."""
    ctx = getattr(request, "api_context", None)
    return ctx is None or ctx.principal.shares_responses


# --- Responses -----------------------------------------------------------------------------------


class ApiJSONEncoder(DjangoJSONEncoder):
    """Django's ``DjangoJSONEncoder`` with every aware datetime in UTC (``…Z``), whatever time
    zone it was read in: a draft rebuilt from its revision or a preview snapshot carries the
    server's local zone, the database's rows UTC; the API answers one form (RFC 3339, UTC)."""

    def default(self, o):
        """``o`` as Django's encoder writes it, aware datetimes first converted to UTC."""
        if isinstance(o, datetime.datetime) and o.tzinfo is not None:
            o = o.astimezone(datetime.UTC)
        return super().default(o)


def encode(data: Any) -> bytes:
    """``data`` as compact UTF-8 JSON bytes (no spaces, non-ASCII kept), dates, decimals and UUIDs
    as Django's ``DjangoJSONEncoder`` writes them, datetimes in UTC (:class:`ApiJSONEncoder`).
    """
    return json.dumps(data, cls=ApiJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


class Payload:
    """An encoded body with its strong ETag and, when worth it, a gzip variant with its own."""

    __slots__ = (
        "body",
        "etag",
        "gz_body",
        "gz_etag",
        "status",
        "content_type",
        "language",
        "vary",
    )

    def __init__(
        self,
        body: bytes,
        status: int = 200,
        content_type: str = "application/json",
        *,
        language: str = API_TEXT_LANGUAGE,
        negotiated: bool = True,
    ):
        """``language``: the body's ``Content-Language``; ``negotiated``: it was chosen by
        ``Accept-Language``, so the answer varies on that header (RFC 9110, 12.5.5)."""
        self.body, self.status, self.content_type = body, status, content_type
        self.language = language
        self.vary = VARY_LANGUAGE if negotiated else VARY
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        self.etag = f'"{digest}"'
        if len(body) >= GZIP_MIN_LENGTH:
            self.gz_body = gzip.compress(body, compresslevel=6, mtime=0)
            self.gz_etag = f'"{digest}-gz"'
        else:
            self.gz_body = self.gz_etag = None

    def response(
        self, request: HttpRequest, public: bool, public_cache_control: str = PUBLIC_CACHE_CONTROL
    ) -> HttpResponse:
        """The ``HttpResponse`` of this payload for ``request``.

        Sends the gzip variant when there is one and ``Accept-Encoding`` names gzip; answers
        ``304 Not Modified`` with no body when ``If-None-Match`` matches the ETag of the chosen
        variant (:func:`if_none_match_matches`). Always sets ``ETag``, ``Vary``,
        ``Content-Language`` and ``Cache-Control``: ``public_cache_control`` (by default
        :data:`PUBLIC_CACHE_CONTROL`) when ``public`` (an anonymous reader), else
        ``private, no-store``.
        """
        wants_gzip = self.gz_body is not None and "gzip" in request.headers.get(
            "Accept-Encoding", ""
        )
        etag = self.gz_etag if wants_gzip else self.etag
        if if_none_match_matches(request.headers.get("If-None-Match", ""), etag):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(
                self.gz_body if wants_gzip else self.body,
                status=self.status,
                content_type=self.content_type,
            )
            if wants_gzip:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(response.content))
        response["ETag"] = etag
        response["Vary"] = self.vary
        response["Content-Language"] = self.language
        response["Cache-Control"] = public_cache_control if public else "private, no-store"
        return response


def json_response(request: HttpRequest, data: Any, *, generational: bool = True) -> HttpResponse:
    """``data`` as a JSON response with ETag, gzip variant, caching and language headers.

    Its ``Content-Language`` is the locale of the request's :class:`ApiContext` (the API's own
    language, English, when the view built none: the root), kept with the cached entry.
    ``generational``: the answer changes only with the content generation, so the API's response
    cache (:mod:`cms.api.cache`) may keep it and shared caches may hold it
    (:data:`PUBLIC_CACHE_CONTROL`); otherwise neither (:data:`SHORT_CACHE_CONTROL`), while the
    ETag still answers ``If-None-Match`` with 304.
    """
    ctx = getattr(request, "api_context", None)
    if ctx is None:
        payload = Payload(encode(data), negotiated=False)
    else:
        payload = Payload(encode(data), language=ctx.locale, negotiated=ctx.negotiated)
    if not generational:
        return payload.response(request, is_public(request), SHORT_CACHE_CONTROL)
    request.api_payload = payload
    return payload.response(request, is_public(request))


# --- Language of the answers ---------------------------------------------------------------------


class ApiLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware``, except that our API chooses its language itself.

    On ``/api/v1/`` the language is the locale the request resolves to (the ``locale``
    parameter, else the best match of ``Accept-Language``: :func:`requested_locale`), never a
    language cookie or session, so that labels match the content and cached entries (keyed on
    that locale) never mix languages. Views set ``Content-Language`` and ``Vary`` themselves
    (:class:`Payload`); this middleware adds nothing to ``Vary`` there. Elsewhere (admin,
    Wagtail's v2 API) it is Django's.
    """

    def process_request(self, request):
        """Outside ``/api/v1/``: Django's. On it: activate the resolved locale (a valid ``locale``
        parameter, else ``Accept-Language``, else the default) and set ``request.LANGUAGE_CODE``.
        """
        if not request.path.startswith(API_PREFIX):
            return super().process_request(request)
        explicit = request.GET.get("locale")
        code = requested_locale(request, explicit if explicit in content_languages() else None)
        translation.activate(code)
        request.LANGUAGE_CODE = code

    def process_response(self, request, response):
        """Outside ``/api/v1/``: Django's. On it: a ``Content-Language`` when the view set none
        (``en`` for the OpenAPI document and docs, else the active language); ``Vary`` untouched.
        """
        if not request.path.startswith(API_PREFIX):
            return super().process_response(request, response)
        if request.path.startswith((API_PREFIX + "openapi", API_PREFIX + "docs")):
            response.headers.setdefault("Content-Language", API_TEXT_LANGUAGE)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class ApiProblemMiddleware:
    """Every error answer under ``/api/v1/`` is ``application/problem+json`` (RFC 9457), also
    those no API view wrote: an unknown path (Django's 404 page), a method the endpoint does
    not take (405, with its ``Allow`` header kept), an uncaught error (500; with ``DEBUG`` on,
    Django's page with the traceback stays). Answers the views made (already problem+json)
    pass unchanged."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith(PROBLEM_JSON)
            or (response.status_code >= 500 and settings.DEBUG)
        ):
            return response
        if response.status_code == 404:
            detail = f"There is no API endpoint at {request.path}."
        elif response.status_code == 405:
            detail = (
                f"{request.method} is not allowed here; "
                f"allowed: {response.get('Allow', 'GET, HEAD')}."
            )
        else:
            detail = HTTPStatus(response.status_code).phrase + "."
        answer = problem(response.status_code, detail)
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer
