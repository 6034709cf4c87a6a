"""The headless API, assembled from the plugin registry (django-ninja, as Wagtail 8's v3 API).

Importing this module builds every schema and router from ``cms.plugin.registry.registry``; it is
imported from ``cms.urls``, after all apps (and so all plugins) are ready.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from cms.api.http import PROBLEM_JSON, ApiError, json_response, problem
from cms.api.routers import mount
from cms.plugin.registry import registry

logger = logging.getLogger(__name__)


class CmsNinjaAPI(NinjaAPI):
    """Ninja with problem-details error responses declared as ``application/problem+json``."""

    def get_openapi_schema(self, *args, **kwargs):
        """Ninja's OpenAPI document, changed in two ways: every operation with parameters declares a
        400 response, and every 4xx/5xx response is declared as ``application/problem+json``
        (schema ``Problem``, RFC 9457) instead of ``application/json``.
        """
        schema = super().get_openapi_schema(*args, **kwargs)
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                # Every parameter can be wrong: our handlers answer 400 for any of them, also
                # on routers that plugins contribute.
                if operation.get("parameters") and 400 not in responses and "400" not in responses:
                    responses[400] = {
                        "description": "Bad Request",
                        "content": {PROBLEM_JSON: {"schema": problem_ref}},
                    }
                for status, response in responses.items():
                    content = response.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        response["content"] = {PROBLEM_JSON: content["application/json"]}
        return schema


api = CmsNinjaAPI(
    title="Nordthüringen CMS API",
    version="1.0.0",
    description=(
        "Read API for the website and the mobile app of the Regionalmanagement Nordthüringen. "
        "Pages, StreamField blocks and snippets are typed per content type, generated from the "
        "plugin registry. Errors are `application/problem+json`; unknown parameters are 400s. "
        "Anonymous responses carry strong ETags and `Cache-Control`."
    ),
    urls_namespace="cms_api",
)


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError):
    """An :class:`~cms.api.http.ApiError` raised anywhere in a view, as its problem details."""
    extra = {"type": exc.type} if exc.type else {}
    return problem(
        exc.status,
        exc.detail,
        invalid_params=exc.invalid_params,
        available_locales=exc.available_locales,
        **extra,
    )


#: The first element of a validation error's ``loc`` when it names where the parameter was.
PARAMETER_LOCATIONS = frozenset({"query", "path", "header", "cookie", "body", "form", "file"})


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    """Ninja's parameter validation errors as a 400 problem: ``invalid_params`` names each parameter
    (``name``) with pydantic's message (``reason``).
    """
    invalid = []
    for error in exc.errors:
        # ("query", "params", "path"): where, ninja's schema argument, then the parameter, which
        # may itself be called "path" (find-by-path) and then was reported as "?".
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] in PARAMETER_LOCATIONS:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] == "params":
            loc = loc[1:]
        name = loc[0] if loc else "?"
        invalid.append({"name": name, "reason": error.get("msg", "invalid")})
    names = ", ".join(sorted({i["name"] for i in invalid}))
    return problem(400, f"Invalid parameter(s): {names}.", invalid_params=invalid)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    """``Http404`` as a 404 problem, its message as ``detail``."""
    return problem(404, str(exc) or "Not found.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """Ninja's ``HttpError`` as a problem with its status and message."""
    return problem(exc.status_code, str(exc))


class ContentTypeOut(Schema):
    """A registered content type: its ``api_name``, ``kind`` (``page`` or ``snippet``) and the
    plugin that provides it.
    """

    api_name: str
    kind: str
    plugin: str


class RootOut(Schema):
    """The API's name and every content type this installation serves, in registry order."""

    name: str
    content_types: list[ContentTypeOut]


@api.get("/", response=RootOut, summary="API root: the content types this installation serves")
def root(request):
    """The content types this installation serves; the answer is English whatever the locale."""
    return json_response(
        request,
        {
            "name": api.title,
            "content_types": [
                {"api_name": ct.api_name, "kind": ct.kind, "plugin": plugin.label}
                for plugin in registry
                for ct in plugin.content_types
            ],
        },
    )


#: Why the API could not be built, or ``None``: a plugin's block no API spec covers, a
#: ``block_specs`` entry that cannot be imported (``ImproperlyConfigured``). The system checks
#: report the same mistake with its id (``cms.E018``/``cms.E019``), so ``manage.py check``,
#: ``migrate`` and ``runserver`` stop with one sentence instead of a traceback while the URLconf
#: loads; a server started without the checks answers every API request with a 503 problem.
BUILD_ERROR: ImproperlyConfigured | None = None
try:
    mount(api)
except ImproperlyConfigured as error:  # UnknownBlockError is one
    BUILD_ERROR = error
    logger.error("The API could not be built: %s (see manage.py check)", error)
    api = CmsNinjaAPI(title=api.title, version=api.version, urls_namespace="cms_api")

    @api.get("/{path:rest}", include_in_schema=False)
    def unavailable(request: HttpRequest, rest: str):
        """Every API URL while the API cannot be built: 503 problem+json naming the mistake."""
        return problem(503, f"The API is not configured: {BUILD_ERROR} Run manage.py check.")

    @api.get("/", include_in_schema=False)
    def unavailable_root(request: HttpRequest):
        """The API root while the API cannot be built: the same 503."""
        return unavailable(request, "")
