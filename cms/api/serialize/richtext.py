"""Rich text for front ends, through Wagtail's own rewriter machinery (:mod:`wagtail.rich_text`).

Stored rich text names its targets (``<a linktype="page" id="3">``, ``<embed embedtype="image"
id="7" …/>``). Wagtail's :class:`~wagtail.rich_text.rewriters.LinkRewriter` and
:class:`~wagtail.rich_text.rewriters.EmbedRewriter` find them; our entity handlers
(:class:`~wagtail.rich_text.LinkHandler` / :class:`~wagtail.rich_text.EmbedHandler`, batched
through ``expand_db_attributes_many`` as Wagtail's own page link handler is) turn them into
front-end HTML from the :class:`~cms.api.serialize.resolver.Resolver`'s answers, which fetched
every target of the response in one query per kind:

- a page link: ``<a href="<front-end URL>" data-page-id="<id>">``, in the answer's locale;
- a document link: ``<a href="<document URL>">``;
- an image embed: ``<img src srcset alt width height>`` (a mid-sized rendition);
- a link or image the reader may not see (deleted, unpublished, private): the link's text stays,
  the anchor goes; the image goes; another linktype loses its attributes (``<a>``, Wagtail's
  rule), another embed goes; then any ``href`` that breaks the URL rule goes
  (:func:`cms.content.safe_urls.strip_unsafe_links`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import EmbedHandler, LinkHandler
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from cms.content.safe_urls import strip_unsafe_links

if TYPE_CHECKING:
    from cms.api.serialize.resolver import Resolver


class RichText:
    """Placeholder for a rich text value (database HTML), rewritten once its targets resolved."""

    __slots__ = ("html",)

    def __init__(self, html: str):
        self.html = html


#: What an unreachable link's opening tag becomes; the pair is then unwrapped to its text.
_DROP = '<a data-cms-drop="">'
_DROPPED_LINK = re.compile(re.escape(_DROP) + r"(.*?)</a>", re.S)


class _ResolvedHandler:
    """An entity handler answering from a :class:`Resolver`: ``kind`` names the reference kind."""

    kind: str

    def __init__(self, resolver: Resolver):
        self.resolver = resolver

    @classmethod
    def extract_references(cls, attrs: dict):
        """The reference of one tag as ``(kind, id)`` (the resolver's kinds, not Wagtail's
        reference-index tuples)."""
        yield cls.kind, attrs.get("id")

    def expand_db_attributes(self, attrs: dict) -> str:
        return self.expand_db_attributes_many([attrs])[0]

    def expand_db_attributes_many(self, attrs_list: list[dict]) -> list[str]:
        targets = self.resolver.lookup_many(self.kind, [a.get("id") for a in attrs_list])
        return [self.expand(attrs, t) for attrs, t in zip(attrs_list, targets, strict=True)]

    def expand(self, attrs: dict, target: dict | None) -> str:
        raise NotImplementedError


class PageLinkHandler(_ResolvedHandler, LinkHandler):
    """``<a linktype="page" id="…">`` → the page's front-end URL in the answer's locale."""

    kind = "page"

    @staticmethod
    def get_model():
        return Page

    def expand(self, attrs: dict, target: dict | None) -> str:
        if target is None:
            return _DROP
        return f'<a href="{escape(target["url"])}" data-page-id="{target["id"]}">'


class DocumentLinkHandler(_ResolvedHandler, LinkHandler):
    """``<a linktype="document" id="…">`` → the document's URL."""

    kind = "document"

    @staticmethod
    def get_model():
        return get_document_model()

    def expand(self, attrs: dict, target: dict | None) -> str:
        return _DROP if target is None else f'<a href="{escape(target["url"])}">'


class ImageEmbedHandler(_ResolvedHandler, EmbedHandler):
    """``<embed embedtype="image" id="…" alt="…"/>`` → ``<img>`` of a mid-sized rendition with
    the full ``srcset``; the embed's own ``alt`` wins over the image's."""

    kind = "image"

    @staticmethod
    def get_model():
        return get_image_model()

    def expand(self, attrs: dict, image: dict | None) -> str:
        if image is None:
            return ""
        alt = attrs.get("alt", image["alt"])
        mid = image["renditions"][1 if len(image["renditions"]) > 2 else 0]
        return (
            f'<img src="{escape(mid["url"])}" srcset="{escape(image["srcset"])}" '
            f'alt="{escape(alt)}" width="{mid["width"]}" height="{mid["height"]}">'
        )


_LINKS = (PageLinkHandler, DocumentLinkHandler)
_EMBEDS = (ImageEmbedHandler,)

#: Finds the references of database HTML (stateless, shared).
_REFERENCES = MultiRuleRewriter(
    [
        LinkRewriter(reference_extractors={h.kind: h.extract_references for h in _LINKS}),
        EmbedRewriter(reference_extractors={h.kind: h.extract_references for h in _EMBEDS}),
    ]
)


def collect(html: str | None, resolver: Resolver) -> RichText:
    """Phase 1: ask ``resolver`` for every page, document and image ``html`` refers to."""
    html = html or ""
    if "<" in html:
        for kind, pk in _REFERENCES.extract_references(html):
            resolver.ref(kind, pk)
    return RichText(html)


def rewriter(resolver: Resolver) -> MultiRuleRewriter:
    """Wagtail rewriters whose handlers answer from ``resolver`` (one per response)."""
    return MultiRuleRewriter(
        [
            LinkRewriter(
                bulk_rules={h.kind: h(resolver).expand_db_attributes_many for h in _LINKS}
            ),
            EmbedRewriter(
                bulk_rules={h.kind: h(resolver).expand_db_attributes_many for h in _EMBEDS}
            ),
        ]
    )


def rewrite(html: str, rewrite_tags: MultiRuleRewriter) -> SafeString:
    """Phase 2: database HTML to front-end HTML (see the module's docstring); safe to embed."""
    if "<" not in html:
        return mark_safe(strip_unsafe_links(html))  # noqa: S308 - no tags, nothing unsafe
    html = _DROPPED_LINK.sub(r"\1", rewrite_tags(html))
    return mark_safe(strip_unsafe_links(html))  # noqa: S308 - Wagtail's whitelisted rich text
