"""Images and documents as the API serves them: texts in the answer's locale, signed renditions
and ``srcset`` strings for images, file facts and URL for documents."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from wagtail.images.utils import generate_signature

from cms.api import common
from cms.api.serialize.context import ApiContext
from cms.content.media_texts import document_texts, image_texts
from cms.runtime.media import expiring_signature, expiry
from cms.visibility import restricted_collection_ids


@cache
def _serve_url_template() -> str:
    return reverse("wagtailimages_serve", args=("SIG", 999999, "SPEC"))


#: Cache (``lru_cache``, 65,536 entries): key ``(image id, filter spec, expiry)``, value the
#: signed path. Never stale (an HMAC of its inputs under the constant ``SECRET_KEY``); cleared by
#: :func:`reset` only to bound memory in tests.
@lru_cache(maxsize=65536)
def rendition_path(image_id: int, spec: str, expires: int | None = None) -> str:
    """The signed serve-view path of a rendition (an HMAC of id and spec: same inputs, same path).

    ``spec``: a Wagtail filter spec (``"width-800|format-webp"``). ``expires`` (Unix seconds): an
    expiring signature for images in restricted collections (:mod:`cms.runtime.media`).
    """
    if expires is None:
        signature, query = generate_signature(image_id, spec), ""
    else:
        signature, query = expiring_signature(image_id, spec, expires), f"?expires={expires}"
    return (
        _serve_url_template()
        .replace("SIG", signature)
        .replace("999999", str(image_id))
        .replace("SPEC", quote(spec, safe=""))
    ) + query


def reset() -> None:
    """Forget the cached rendition paths."""
    rendition_path.cache_clear()


def _text_fields(texts: dict[str, tuple[str, str]], names: tuple[str, ...]) -> dict:
    """The texts and their ``text_locales`` (see :func:`cms.content.media_texts.image_texts`)."""
    out: dict[str, Any] = {name: texts[name][0] for name in names}
    out["text_locales"] = {name: texts[name][1] for name in names}
    return out


def image_data(img, ctx: ApiContext, texts: dict[str, tuple[str, str]] | None = None) -> dict:
    """An image's representation (:class:`cms.api.common.Image`).

    ``texts``: ``{"alt": (text, locale), …}`` from :func:`cms.content.media_texts.image_texts` (fetched
    here, one query, when not given). Renditions: every width of
    :data:`cms.api.common.RENDITION_WIDTHS` (pixels, never wider than the original: widths at or
    above it give one rendition of the original's width, not one per width) in every format of :data:`~cms.api.common.RENDITION_FORMATS`; ``srcset``/``srcset_webp`` list them as
    HTML's ``srcset`` attribute wants (``"<url> <width>w, …"``). Images in restricted
    collections get expiring signatures (:mod:`cms.runtime.media`): only readers who may see them get
    here.
    """
    if texts is None:
        texts = image_texts([img], ctx.locale)[img.pk]
    renditions, srcset, srcset_webp = [], [], []
    expires = None
    if img.collection_id in restricted_collection_ids(ctx.generation):
        expires = expiry()
    widths = set()
    for width in common.RENDITION_WIDTHS:
        w = min(width, img.width) if img.width else width
        if w in widths:  # a narrow image: srcset candidates of one width confuse browsers
            continue
        widths.add(w)
        h = round(img.height * w / img.width) if img.width else 0
        for fmt in common.RENDITION_FORMATS:
            spec = f"width-{width}" if fmt == "original" else f"width-{width}|format-webp"
            url = ctx.media_url(rendition_path(img.pk, spec, expires))
            renditions.append({"width": w, "height": h, "format": fmt, "url": url})
            (srcset if fmt == "original" else srcset_webp).append(f"{url} {w}w")
    focal = None
    if img.focal_point_x is not None and img.focal_point_y is not None:
        focal = {
            "x": img.focal_point_x,
            "y": img.focal_point_y,
            "width": img.focal_point_width or 0,
            "height": img.focal_point_height or 0,
        }
    return {
        "id": img.pk,
        **_text_fields(texts, ("title", "alt", "caption", "credit")),
        "width": img.width,
        "height": img.height,
        "focal_point": focal,
        "renditions": renditions,
        "srcset": ", ".join(srcset),
        "srcset_webp": ", ".join(srcset_webp),
    }


def document_data(doc, ctx: ApiContext, texts: dict[str, tuple[str, str]] | None = None) -> dict:
    """A document's representation (:class:`cms.api.common.Document`); ``texts`` as for
    :func:`image_data` (``title``, ``summary``); ``size`` in bytes."""
    if texts is None:
        texts = document_texts([doc], ctx.locale)[doc.pk]
    return {
        "id": doc.pk,
        **_text_fields(texts, ("title", "summary")),
        "url": ctx.media_url(doc.url),
        "filename": doc.filename,
        "size": doc.file_size,
        "mime_type": getattr(doc, "mime_type", "") or "",
        "page_count": getattr(doc, "page_count", None),
    }
