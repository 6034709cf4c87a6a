"""Serving images and media files by the one visibility rule (:mod:`cms.visibility`).

**Renditions** are served at ``/images/<signature>/<id>/<spec>/`` (Wagtail's ``ServeView``).
A plain signature (an HMAC of id and spec, Wagtail's design) never expires, which suits public
images: their URLs are stable and cacheable by any CDN. An image in a collection with a view
restriction is served only

- on an *expiring* signature (``?expires=<unix time>``, the HMAC covering the time too), which
  the API hands out only to readers who may see the image (the design of S3 presigned URLs and
  Contentful's embargoed assets); or
- to a logged-in session whose user passes the collection's restriction (the admin).

A plain signature of a restricted image answers 404, so a URL copied while the image was public
stops working when its collection is restricted. Expiring URLs are stable within a window of
:data:`PRIVATE_URL_TTL` seconds (valid for one to two windows), so repeated API reads give the
same URL.

**Files under ``MEDIA_URL``** (local file storage in development): documents are never served
there (only by ``/documents/<id>/<file>``, which checks restrictions); originals and renditions
of images only when the request may see the image.
"""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.http import http_date
from django.views.static import serve as static_serve
from wagtail.images import get_image_model
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import SourceImageIOError
from wagtail.images.utils import generate_signature, verify_signature
from wagtail.images.views.serve import ServeView

from cms import visibility

#: Seconds an expiring rendition URL stays the same; it is valid for one to two of them.
PRIVATE_URL_TTL = int(getattr(settings, "CMS_PRIVATE_MEDIA_URL_TTL", 3600))


def expiring_signature(image_id: int, filter_spec: str, expires: int) -> str:
    """Signature of a rendition URL valid until ``expires`` (Unix seconds)."""
    return generate_signature(image_id, f"{filter_spec}|expires={expires}")


def expiry(now: float | None = None) -> int:
    """The ``expires`` value for URLs made now: the end of the next full window."""
    now = time.time() if now is None else now
    return (int(now) // PRIVATE_URL_TTL + 2) * PRIVATE_URL_TTL


def _hidden_from_anonymous(image) -> bool:
    return not visibility.ANONYMOUS.may_see_media(image)


class ImageServeView(ServeView):
    """Wagtail's rendition view with the rule above (see the module docstring)."""

    def get(self, request, signature, image_id, filter_spec, filename=None):
        """Serve a rendition: with ``expires`` (Unix time, seconds) the signature must be the
        expiring one of :func:`expiring_signature` and unexpired, else Wagtail's; 403 for a bad
        or expired signature; 404 for a missing image, and for a restricted one asked for without
        ``expires`` unless the session's user passes its restriction; 410 when the file is gone;
        400 for an invalid filter spec. Restricted images are ``private`` and
        cached at most until ``expires``.
        """
        expires = request.GET.get("expires")
        if expires is not None:
            if not expires.isdigit() or int(expires) < time.time():
                raise PermissionDenied
            expected = expiring_signature(image_id, filter_spec, int(expires))
            if not constant_time_compare(signature, expected):
                raise PermissionDenied
        elif not verify_signature(signature.encode(), image_id, filter_spec, key=self.key):
            raise PermissionDenied
        image = get_image_model().objects.select_related("collection").filter(pk=image_id).first()
        if image is None:
            raise Http404
        hidden = _hidden_from_anonymous(image)
        if hidden and expires is None:
            user = getattr(request, "user", None)
            if not visibility.for_user(user).may_see_media(image):
                raise Http404
        try:
            response = self._serve_made(image, filter_spec)
        except SourceImageIOError:
            return HttpResponse(
                "Source image file not found", content_type="text/plain", status=410
            )
        except InvalidFilterSpecError:
            return HttpResponse(
                "Invalid filter spec: " + filter_spec, content_type="text/plain", status=400
            )
        if hidden:
            lifetime = max(0, int(expires) - int(time.time())) if expires else 0
            response["Cache-Control"] = f"private, max-age={lifetime}"
            response["Vary"] = "Cookie"
        else:
            response["Cache-Control"] = "public, max-age=3600"
        return response

    def _serve_made(self, image, filter_spec: str):
        """Serve the rendition, made again from the original when its stored file is gone (a
        restore without renditions, a cleaned bucket): the row that names the lost file is
        deleted first. Raises ``SourceImageIOError`` when the original is gone too, and
        ``InvalidFilterSpecError`` for a bad spec."""
        rendition = image.get_rendition(filter_spec)
        try:
            return self.serve(rendition)
        except (FileNotFoundError, SourceImageIOError):
            type(rendition).objects.filter(pk=rendition.pk).delete()
            image = type(image).objects.get(pk=image.pk)  # without the cached renditions
            return self.serve(image.get_rendition(filter_spec))


def serve_media(request: HttpRequest, path: str):
    """Files under ``MEDIA_URL`` from local storage, by the rule (module docstring)."""
    path = os.path.normpath(path).lstrip("/")
    if path.startswith(("..", "documents/")) or path == "documents":
        raise Http404
    if path.startswith(("images/", "original_images/")):
        image = _image_for_file(path)
        if image is None:
            raise Http404
        if _hidden_from_anonymous(image):
            user = getattr(request, "user", None)
            if not visibility.for_user(user).may_see_media(image):
                raise Http404
            response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
            response["Cache-Control"] = "private, no-store"
            return response
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    if isinstance(response, FileResponse):
        response["Expires"] = http_date(time.time() + 3600)
    return response


def _image_for_file(path: str):
    """The image whose original or one of whose renditions is stored at ``path``."""
    model = get_image_model()
    if path.startswith("original_images/"):
        return model.objects.select_related("collection").filter(file=path).first()
    rendition = (
        model.get_rendition_model()
        .objects.select_related("image__collection")
        .filter(file=path)
        .first()
    )
    return rendition.image if rendition is not None else None
