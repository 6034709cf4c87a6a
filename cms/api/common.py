"""Fixed response shapes shared by every generated schema: images, documents, page links, errors."""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: Widths of the fixed rendition set; each is served in the original format and as WebP.
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = ("original", "webp")
#: The hard maximum page size of every listing.
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class Out(BaseModel):
    """Base of the fixed response shapes: no undeclared keys (``extra="forbid"``), so the OpenAPI
    document says ``additionalProperties: false`` and a response carrying a key its schema lacks
    fails the schema conformance tests (``tests/api/test_schemathesis.py``).
    """

    model_config = ConfigDict(extra="forbid")


class Problem(Out):
    """An RFC 9457 problem detail (``application/problem+json``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    invalid_params: list[dict[str, Any]] | None = Field(
        None, description="For 400s: each offending parameter by ``name`` with a ``reason``."
    )
    available_locales: list[str] | None = Field(
        None, description="For a missing translation: the locales the page exists in."
    )


class FocalPoint(Out):
    """The editor's focal point of an image, in pixels of the original: centre ``x``/``y`` and the
    ``width``/``height`` of the area to keep visible when cropping.
    """

    x: int
    y: int
    width: int
    height: int


class Rendition(Out):
    """One rendition of an image: ``width``/``height`` in pixels (never wider than the original),
    its ``format`` and a signed ``url`` (restricted images: expiring).
    """

    width: int
    height: int
    format: str = Field(description="``original`` (the file's own format) or ``webp``.")
    url: str


class ImageTextLocales(Out):
    """The locale each text of an image is in."""

    title: str
    alt: str
    caption: str
    credit: str


class Image(Out):
    """An image with its texts in the requested locale.

    Each text is the first of: the override of the page (or block) that shows the image, in that
    page's locale (an override is page text, translated with the page); the image's text in the
    requested locale; the image's text in the source locale (German), the declared fallback.
    ``text_locales`` names the locale of each value, so a front end can mark a fallback with
    ``lang``. There are no other alt, caption or credit fields beside an image.
    """

    id: int
    title: str
    alt: str = Field(
        description="Alternative text in the locale of ``text_locales.alt``; empty for a "
        "decorative image."
    )
    caption: str
    credit: str
    text_locales: ImageTextLocales = Field(
        description="Locale of each text; differs from the requested locale where a text "
        "falls back to the source locale."
    )
    width: int
    height: int
    focal_point: FocalPoint | None
    renditions: list[Rendition]
    srcset: str = Field(description="``srcset`` of the renditions in the original format.")
    srcset_webp: str


class DocumentTextLocales(Out):
    """The locale each text of a document is in."""

    title: str
    summary: str


class Document(Out):
    """A document with its texts in the requested locale, falling back to the source locale
    (German) text by text; ``text_locales`` names the locale of each value."""

    id: int
    title: str
    summary: str
    text_locales: DocumentTextLocales = Field(
        description="Locale of each text; differs from the requested locale where a text "
        "falls back to the source locale."
    )
    url: str
    filename: str
    size: int | None = Field(description="File size in bytes.")
    mime_type: str
    page_count: int | None


class PageLink(Out):
    """A reference to a page: enough to link to it and to choose its component (``type``)."""

    id: int
    type: str = Field(description="The page type's ``api_name``.")
    title: str
    locale: str
    path: str = Field(description="Path within the locale, e.g. ``/projekte/x/``.")
    url: str = Field(description="Full URL for the requesting front end.")


class Translation(Out):
    """One locale version of a page, for a language switcher; only versions the reader may see."""

    locale: str
    id: int
    path: str
    url: str
    is_source: bool = Field(description="This is the version translations are made from.")
    up_to_date: bool = Field(
        description="The translation has been synced since its source last changed "
        "(wagtail-localize); always true for the source."
    )


class Embed(Out):
    """An embedded medium (a video): its original URL (oEmbed resolution is the front end's)."""

    url: str


class LocaleOut(Out):
    """A content locale of the site."""

    code: str
    name: str = Field(description="The locale's name in the requested language.")
    native_name: str = Field(description="The locale's name in its own language (for switchers).")
    is_default: bool


class Listing(Out):
    """One page of a listing: ``items`` from ``offset`` (at most ``limit``, at most 100)."""

    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page, null on the last page.")
    total: int | None = Field(None, description="Number of matches; only with ``with_total=true``.")


DateLike = datetime.date | datetime.datetime
