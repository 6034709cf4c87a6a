"""Headless preview: an editor's draft, rendered by a front end.

The editor's preview panel (Wagtail's, unsaved form state included) offers one mode per front end
with a ``preview_url`` (:class:`cms.api.models.FrontEnd`). Choosing it stores the page as it is
in the form (:func:`create`: a :class:`~cms.api.models.PreviewSnapshot`) and opens the front end's
preview address with a token; the front end reads the draft with ``GET /api/v1/preview/?token=…``
and renders it like the live page.

The design follows wagtail-headless-preview (a snapshot row per preview, a signed token naming
it, a client URL per front end); unlike it, a token is scoped to one snapshot (one draft state of
one page, not every later preview of that page), expires after the environment's ``PREVIEW_SECONDS`` (setting ``CMS_PREVIEW_SECONDS``; default
1,800 s), and the draft is read as the editor who previews it (restricted media appear only where
that editor passes the restriction: :func:`cms.visibility.for_user`). Answers are
``Cache-Control: no-store`` and ``X-Robots-Tag: noindex``; an expired or forged token is a 401
problem, a snapshot that is gone a 404.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema

from cms.api.http import ApiError, build_context, check_params, json_response
from cms.api.models import FrontEnd, PreviewSnapshot
from cms.api.pages import detail, detail_union, page_types
from cms.api.routers import ERRORS
from cms.api.serialize import ApiContext, Resolver
from cms.plugin.registry import registry
from cms.visibility import for_user

__all__ = ["build_preview_router", "create", "draft_representation", "lifetime", "load"]

SALT = "cms.api.preview"
#: Problem type of an expired preview token (the front end asks the editor to preview again).
EXPIRED_PROBLEM = "urn:nordthueringen-cms:problem:preview-expired"


def lifetime() -> int:
    """How long a preview token is valid, in seconds (the environment's ``PREVIEW_SECONDS``, default 1,800)."""
    return int(getattr(settings, "CMS_PREVIEW_SECONDS", 1800))


def create(page, user, frontend: FrontEnd | None) -> str:
    """Store ``page`` as it is now (unsaved changes included; ``page.pk`` is None while it is
    being created) for ``user`` and ``frontend``; return the signed token naming the snapshot
    (URL-safe text, about 90 characters). Deletes snapshots older than :func:`lifetime`.
    """
    cutoff = timezone.now() - datetime.timedelta(seconds=lifetime())
    PreviewSnapshot.objects.filter(created_at__lt=cutoff).delete()
    snapshot = PreviewSnapshot.objects.create(
        id=uuid.uuid4(),
        page_id=page.pk,
        content_type=ContentType.objects.get_for_model(type(page)),
        content_json=page.to_json(),
        user=user if getattr(user, "is_authenticated", False) else None,
        frontend=frontend,
    )
    return signing.dumps({"s": snapshot.id.hex}, salt=SALT)


def load(token: str) -> tuple[PreviewSnapshot, object]:
    """The snapshot a token names and its page object (a ``CmsPage`` subclass instance, not
    saved). Raises :class:`~cms.api.http.ApiError` 401 for an expired or forged token, 404 when
    the snapshot is gone.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=lifetime())
    except signing.SignatureExpired as exc:
        raise ApiError(
            401,
            "This preview has expired; open the preview in the admin again.",
            type=EXPIRED_PROBLEM,
        ) from exc
    except signing.BadSignature as exc:
        raise ApiError(401, "Not a valid preview token.") from exc
    try:
        snapshot = PreviewSnapshot.objects.select_related("user", "frontend").get(
            pk=uuid.UUID(str(data.get("s", "")))
        )
    except (ValueError, AttributeError, PreviewSnapshot.DoesNotExist) as exc:
        raise ApiError(404, "This preview no longer exists.") from exc
    model = snapshot.content_type.model_class()
    if model is None or registry.for_model(model) is None:
        raise ApiError(404, "This preview no longer exists.")
    page = model.from_json(snapshot.content_json)
    page.pk = page.id = snapshot.page_id
    return snapshot, page


def draft_representation(page, ctx: ApiContext) -> dict:
    """``page`` (unsaved state included) in the detail schema of its type, marked ``draft``, as
    ``ctx``'s reader sees what it refers to. The admin's data view and the preview API share it.
    """
    pt = page_types()[registry.for_model(type(page)).api_name]
    r = Resolver(ctx)
    data = detail(pt, page, r, draft=True)
    r.resolve()
    return r.finalize(data)


class PreviewParams(Schema):
    """Query of ``GET /api/v1/preview/``."""

    token: str


def build_preview_router() -> Router:
    """``/preview/``: the draft a preview token names (module docstring)."""
    router = Router(tags=["preview"])

    @router.get(
        "/",
        response={200: detail_union(), **ERRORS},
        summary="The draft an editor previews, for the front end that renders it",
        description=(
            "The token comes from the preview address of the front end (admin → Vorschau). "
            "The page in the detail schema of its type, `draft: true`, unsaved changes included; "
            "never cached. An expired token answers 401 with problem type "
            f"`{EXPIRED_PROBLEM}`."
        ),
        operation_id="preview_page",
    )
    def preview_view(request: HttpRequest, params: Query[PreviewParams]):  # type: ignore[valid-type]
        # ``frontend`` (or ``X-Frontend``) is accepted as on every endpoint; the front end the
        # token was made for decides the URLs.
        check_params(request, {"token", "frontend"})
        snapshot, page = load(params.token)
        locale = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
        ctx = build_context(request, locale)
        ctx.principal = for_user(snapshot.user, via="preview")
        if snapshot.frontend is not None:
            ctx.frontend = snapshot.frontend
        response: HttpResponse = json_response(request, draft_representation(page, ctx))
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return router
