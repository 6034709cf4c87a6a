"""Typed schemas and batched serialization, both generated from models and block definitions.

Every public field (a model's ``api_fields``) and every StreamField block gets a *spec*: a Pydantic
annotation for the OpenAPI document and a function that turns stored data into JSON. Serializing
runs in two phases so that a response costs a constant number of queries:

1. specs turn objects into plain data in which every reference (image, document, page, snippet,
   or a link or embed inside rich text) is a placeholder, :class:`Ref` or :class:`RichText`;
   StreamField bodies are read from their raw JSON, so no block fetches anything on its own;
2. :meth:`Resolver.resolve` fetches each kind of reference in one query, in the requested locale,
   dropping what the client may not see; :meth:`Resolver.finalize` swaps the placeholders for
   the resolved objects and leaves out what is gone (deleted, unpublished, private).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Annotated, Any, Literal, Union, get_args
from urllib.parse import quote

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pydantic import Field, create_model
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.images.utils import generate_signature
from wagtail.models import Page, TranslatableMixin
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.api import common
from cms.content.media_texts import document_texts, image_texts
from cms.content.page_urls import path_in_locale, public_url
from cms.content.references import struct_output_is_broken
from cms.content.safe_urls import is_safe_url, strip_unsafe_links
from cms.plugin.registry import registry
from cms.runtime.media import expiring_signature, expiry
from cms.visibility import Principal, path_is_under, restricted_collection_ids

# --- Placeholders ------------------------------------------------------------------------------


class Ref:
    """A reference to resolve: ``kind`` is image, document, page or ``snippet:<app.Model>``.

    ``extra``: values laid over the resolved representation; for an image, the per-use
    overrides of its texts (``alt``, ``caption``, ``credit``) with :data:`OVERRIDE_LOCALE`
    naming their locale (see :func:`with_overrides`).
    """

    __slots__ = ("kind", "pk", "extra")

    def __init__(self, kind: str, pk: int, extra: dict | None = None):
        self.kind, self.pk, self.extra = kind, pk, extra


class RichText:
    __slots__ = ("html",)

    def __init__(self, html: str):
        self.html = html


class StreamItem(dict):
    """A StreamField child; dropped when its value is a reference that did not resolve."""


class StructOut(dict):
    """A StructBlock's output; as a stream child or list item it is dropped when broken.

    Broken means what :func:`cms.content.references.struct_output_is_broken` says (a required chooser
    whose target is gone), the rule the content model applies to its own output.
    """

    __slots__ = ("block",)

    def __init__(self, block: blocks.StructBlock, data: dict):
        super().__init__(data)
        self.block = block

    def is_broken(self, finalized: Any) -> bool:
        return struct_output_is_broken(self.block, finalized)


#: Kinds whose resolved representation is plain data (no Refs or rich text inside); their
#: ``extra`` values are plain too.
_PLAIN_KINDS = frozenset({"image", "document", "page"})

#: Key of a Ref's ``extra`` that names the locale of the override texts in it.
OVERRIDE_LOCALE = "@locale"

_A_LINKTYPE = re.compile(r'<a(\b[^>]*\blinktype="[^"]*"[^>]*)>(.*?)</a>', re.S)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Request context -----------------------------------------------------------------------------


#: Small tables every request needs (locales, site roots), kept per process for one content
#: generation: any change to them bumps the generation (cms.runtime.signals).
_per_generation: dict = {"generation": None}


@dataclass
class ApiContext:
    """What a response depends on besides the data: locale, front end, who is asking.

    ``principal`` is the reader (:class:`cms.visibility.Principal`); every visibility decision
    of the API reads it, through the methods below.
    """

    locale: str
    #: The locale came from ``Accept-Language`` (no ``locale`` parameter): the answer varies on it.
    negotiated: bool = False
    frontend: Any = None  # cms.api.models.FrontEnd | None
    media_base: str = ""
    principal: Principal = field(default_factory=Principal)
    generation: int | None = None
    _cache: dict = field(default_factory=dict)

    @property
    def can_read_private(self) -> bool:
        return self.principal.can_read_private

    @property
    def can_read_drafts(self) -> bool:
        return self.principal.can_read_drafts

    def _shared(self, key: str, load: Callable[[], Any]) -> Any:
        if key in self._cache:
            return self._cache[key]
        if self.generation is not None:
            if _per_generation["generation"] != self.generation:
                _per_generation.clear()
                _per_generation["generation"] = self.generation
            if key not in _per_generation:
                _per_generation[key] = load()
            value = _per_generation[key]
        else:
            value = load()
        self._cache[key] = value
        return value

    def locale_codes(self) -> dict[int, str]:
        from wagtail.models import Locale

        return self._shared(
            "locales", lambda: dict(Locale.objects.values_list("id", "language_code"))
        )

    def locale_id(self, code: str | None = None) -> int | None:
        code = code or self.locale
        return next((i for i, c in self.locale_codes().items() if c == code), None)

    def site_roots(self) -> list[str]:
        """The ``url_path`` of every locale's root page (depth 2): page paths start below them."""
        return self._shared(
            "roots",
            lambda: list(Page.objects.filter(depth=2).values_list("url_path", flat=True)),
        )

    def private_page_paths(self) -> list[str]:
        """Tree paths of view-restricted pages this reader may not see (their subtrees too)."""
        if "private_pages" not in self._cache:
            self._cache["private_pages"] = self.principal.restricted_page_paths(self.generation)
        return self._cache["private_pages"]

    def private_collection_paths(self) -> list[str]:
        """Tree paths of view-restricted collections this reader may not see."""
        if "private_collections" not in self._cache:
            self._cache["private_collections"] = self.principal.restricted_collection_paths(
                self.generation
            )
        return self._cache["private_collections"]

    def is_private_path(self, path: str) -> bool:
        return path_is_under(path, self.private_page_paths())

    def is_private_collection(self, collection_path: str) -> bool:
        return path_is_under(collection_path, self.private_collection_paths())

    def page_url(self, locale: str, path: str) -> str:
        """The URL of the page at ``path`` within ``locale`` for this request's front end (the
        public path alone without one): :func:`cms.content.page_urls.public_url`."""
        return public_url(locale, path, self.frontend)

    def media_url(self, url: str) -> str:
        return url if "://" in url else f"{self.media_base}{url}"


def page_path(url_path: str) -> str:
    """A page's path within its locale: :func:`cms.content.page_urls.path_in_locale`."""
    return path_in_locale(url_path)


def api_name_for_content_type(content_type_id: int) -> str:
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    ct = registry.for_model(model) if model else None
    return ct.api_name if ct else "page"


# --- Resolver ------------------------------------------------------------------------------------


class Resolver:
    def __init__(self, ctx: ApiContext):
        self.ctx = ctx
        self.pending: dict[str, set[int]] = defaultdict(set)
        self.resolved: dict[tuple[str, int], Any] = {}
        self.loaded: dict[int, Any] = {}  # images the caller has already loaded (joins)
        #: Locale of the object being serialized (a page, a snippet): per-use overrides of image
        #: texts are in it.
        self.owner_locale: str = ctx.locale

    def image_ref(self, pk: Any, overrides: dict[str, str] | None = None) -> Ref | None:
        """A reference to an image with per-use text overrides (empty ones ignored)."""
        extra = {k: v for k, v in (overrides or {}).items() if isinstance(v, str) and v.strip()}
        if extra:
            extra[OVERRIDE_LOCALE] = self.owner_locale
        return self.ref("image", pk, extra or None)

    def offer_image(self, img) -> None:
        """An image already loaded (e.g. joined to its page) need not be fetched again."""
        if img is not None:
            self.loaded[img.pk] = img

    def ref(self, kind: str, pk: Any, extra: dict | None = None) -> Ref | None:
        pk = _int(pk)
        if pk is None:
            return None
        if (kind, pk) not in self.resolved:
            self.pending[kind].add(pk)
        return Ref(kind, pk, extra)

    def rich(self, html: str | None) -> RichText:
        html = html or ""
        for match in _A_LINKTYPE.finditer(html):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") in ("page", "document"):
                self.ref(attrs["linktype"], attrs.get("id"))
        for match in FIND_EMBED_TAG.finditer(html):
            attrs = extract_attrs(match.group(1))
            if attrs.get("embedtype") == "image":
                self.ref("image", attrs.get("id"))
        return RichText(html)

    # Fetching: one query (or two, for locale mapping) per kind, repeated while snippets
    # bring new references (bounded by the nesting depth of the models).
    def resolve(self) -> None:
        while self.pending:
            pending, self.pending = self.pending, defaultdict(set)
            for kind, pks in pending.items():
                pks = {pk for pk in pks if (kind, pk) not in self.resolved}
                if not pks:
                    continue
                if kind == "image":
                    found = self._images(pks)
                elif kind == "document":
                    found = self._documents(pks)
                elif kind == "page":
                    found = self._pages(pks)
                else:
                    found = self._snippets(kind.split(":", 1)[1], pks)
                for pk in pks:
                    self.resolved[(kind, pk)] = found.get(pk)

    def _images(self, pks: set[int]) -> dict[int, dict]:
        images = []
        if self.loaded and not self.ctx.private_collection_paths():
            images = [self.loaded[pk] for pk in pks if pk in self.loaded]
            pks = pks - self.loaded.keys()
        if pks:
            images += self._public_media(get_image_model(), pks)
        texts = image_texts(images, self.ctx.locale)  # one query for all
        return {img.pk: image_data(img, self.ctx, texts.get(img.pk)) for img in images}

    def _documents(self, pks: set[int]) -> dict[int, dict]:
        documents = self._public_media(get_document_model(), pks)
        texts = document_texts(documents, self.ctx.locale)
        return {doc.pk: document_data(doc, self.ctx, texts.get(doc.pk)) for doc in documents}

    def _public_media(self, model, pks: set[int]) -> list:
        """Images or documents by id, without those in collections the viewer may not see."""
        qs = model.objects.filter(pk__in=pks)
        private = self.ctx.private_collection_paths()
        if not private:  # the common case: no restricted collection, no join
            return list(qs)
        return [
            obj
            for obj in qs.select_related("collection")
            if not any(obj.collection.path.startswith(p) for p in private)
        ]

    def _pages(self, pks: set[int]) -> dict[int, dict]:
        fields = ("id", "translation_key", "title", "url_path", "path", "content_type_id")
        fields += ("locale_id", "live")
        originals = list(Page.objects.filter(pk__in=pks).values(*fields))
        want = self.ctx.locale_id()
        elsewhere = [o["translation_key"] for o in originals if o["locale_id"] != want]
        local = {
            row["translation_key"]: row
            for row in (
                Page.objects.filter(
                    translation_key__in=elsewhere, locale_id=want, live=True
                ).values(*fields)
                if elsewhere
                else ()
            )
        }
        found = {}
        for original in originals:
            row = local.get(original["translation_key"]) or original
            if not row["live"] or self.ctx.is_private_path(row["path"]):
                continue
            found[original["id"]] = page_link(row, self.ctx)
        return found

    def _snippets(self, label: str, pks: set[int]) -> dict[int, dict]:
        model = apps.get_model(label)
        spec = model_spec(model, "snippet")
        qs = model._default_manager.all()
        if any(f.name == "live" for f in model._meta.fields) and not self.ctx.can_read_drafts:
            qs = qs.filter(live=True)
        qs = spec.optimize(qs)
        originals = {obj.pk: obj for obj in qs.filter(pk__in=pks)}
        objs = dict(originals)
        if issubclass(model, TranslatableMixin):
            want = self.ctx.locale_id()
            keys = {o.translation_key: pk for pk, o in originals.items() if o.locale_id != want}
            if keys:
                for obj in qs.filter(translation_key__in=keys, locale_id=want):
                    objs[keys[obj.translation_key]] = obj
        out = {}
        owner = self.owner_locale
        for pk, obj in objs.items():
            self.owner_locale = self.ctx.locale_codes().get(
                getattr(obj, "locale_id", None), self.ctx.locale
            )
            out[pk] = spec.serialize(obj, self)
        self.owner_locale = owner
        return out

    # Finalizing: placeholders to data.
    def finalize(self, data: Any) -> Any:
        if isinstance(data, Ref):
            value = self.resolved.get((data.kind, data.pk))
            if value is not None and data.extra:
                value = with_overrides(value, data.extra)
            if data.kind in _PLAIN_KINDS:  # already final data: nothing to walk
                return value
            return self.finalize(value) if isinstance(value, dict | list) else value
        if isinstance(data, RichText):
            return self.rewrite_rich_text(data.html)
        if isinstance(data, Described):
            shown = self.resolved.get((data.ref.kind, data.ref.pk)) is not None
            return data.value if shown else data.empty
        if isinstance(data, StreamItem):
            value = data["value"]
            if isinstance(value, Ref) and self.finalize(value) is None:
                return None
            final = self.finalize(value)
            if isinstance(value, StructOut) and value.is_broken(final):
                return None
            return {"type": data["type"], "id": data["id"], "value": final}
        if isinstance(data, dict):
            return {k: self.finalize(v) for k, v in data.items()}
        if isinstance(data, list):
            out = []
            for item in data:
                value = self.finalize(item)
                if value is None and isinstance(item, Ref | StreamItem):
                    continue
                if isinstance(item, StructOut) and item.is_broken(value):
                    continue
                out.append(value)
            return out
        return data

    def rewrite_rich_text(self, html: str) -> str:
        """Database HTML to front-end HTML: links to front-end paths, images as ``<img>``."""

        def link(match: re.Match) -> str:
            attrs = extract_attrs(match.group(1))
            inner = match.group(2)
            linktype = attrs.get("linktype")
            if linktype == "page":
                target = self.resolved.get(("page", _int(attrs.get("id"))))
                if target is None:
                    return inner
                return (
                    f'<a href="{escape(target["url"])}" data-page-id="{target["id"]}">{inner}</a>'
                )
            if linktype == "document":
                target = self.resolved.get(("document", _int(attrs.get("id"))))
                if target is None:
                    return inner
                return f'<a href="{escape(target["url"])}">{inner}</a>'
            return match.group(0)

        def embed(match: re.Match) -> str:
            attrs = extract_attrs(match.group(1))
            if attrs.get("embedtype") != "image":
                return ""
            image = self.resolved.get(("image", _int(attrs.get("id"))))
            if image is None:
                return ""
            alt = attrs.get("alt", image["alt"])
            mid = image["renditions"][1 if len(image["renditions"]) > 2 else 0]
            return (
                f'<img src="{escape(mid["url"])}" srcset="{escape(image["srcset"])}" '
                f'alt="{escape(alt)}" width="{mid["width"]}" height="{mid["height"]}">'
            )

        html = _A_LINKTYPE.sub(link, html)
        html = FIND_EMBED_TAG.sub(embed, html)
        # Any remaining internal-only anchors (unknown linktypes) lose their attributes, and
        # link targets that break the URL rule (stored before it existed) lose their href. The
        # result is front-end HTML from Wagtail's whitelisted rich text: safe to embed.
        html = FIND_A_TAG.sub(
            lambda m: m.group(0) if "linktype=" not in m.group(1) else "<a>", html
        )
        return mark_safe(strip_unsafe_links(html))  # noqa: S308


# --- Representations of referenced objects -------------------------------------------------------


@cache
def _serve_url_template() -> str:
    return reverse("wagtailimages_serve", args=("SIG", 999999, "SPEC"))


@lru_cache(maxsize=65536)
def _rendition_path(image_id: int, spec: str, expires: int | None = None) -> str:
    """The signed serve-view path of a rendition (an HMAC of id and spec: same inputs, same path).

    ``expires`` (Unix seconds): an expiring signature for images in restricted collections
    (:mod:`cms.runtime.media`).
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


def with_overrides(value: dict, extra: dict) -> dict:
    """``value`` (a resolved representation) with ``extra`` laid over it; text overrides also
    set their entry of ``text_locales`` to the locale in ``extra[OVERRIDE_LOCALE]``."""
    locale = extra.get(OVERRIDE_LOCALE)
    out = dict(value)
    locales = dict(value.get("text_locales") or {})
    for key, text in extra.items():
        if key == OVERRIDE_LOCALE:
            continue
        out[key] = text
        if key in locales and locale:
            locales[key] = locale
    if locales:
        out["text_locales"] = locales
    return out


def _text_fields(texts: dict[str, tuple[str, str]], names: tuple[str, ...]) -> dict:
    """The texts and their ``text_locales`` (see :func:`cms.content.media_texts.image_texts`)."""
    out: dict[str, Any] = {name: texts[name][0] for name in names}
    out["text_locales"] = {name: texts[name][1] for name in names}
    return out


def image_data(img, ctx: ApiContext, texts: dict[str, tuple[str, str]] | None = None) -> dict:
    """An image's representation; ``texts`` from :func:`cms.content.media_texts.image_texts` (fetched
    here, one query, when not given)."""
    if texts is None:
        texts = image_texts([img], ctx.locale)[img.pk]
    renditions, srcset, srcset_webp = [], [], []
    expires = None
    if img.collection_id in restricted_collection_ids(ctx.generation):
        expires = expiry()  # only readers who may see the image get here
    for width in common.RENDITION_WIDTHS:
        w = min(width, img.width) if img.width else width
        h = round(img.height * w / img.width) if img.width else 0
        for fmt in common.RENDITION_FORMATS:
            spec = f"width-{width}" if fmt == "original" else f"width-{width}|format-webp"
            url = ctx.media_url(_rendition_path(img.pk, spec, expires))
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
    """A document's representation; ``texts`` as for :func:`image_data`."""
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


def page_link(row: dict, ctx: ApiContext) -> dict:
    locale = ctx.locale_codes().get(row["locale_id"], ctx.locale)
    path = page_path(row["url_path"])
    return {
        "id": row["id"],
        "type": api_name_for_content_type(row["content_type_id"]),
        "title": row["title"],
        "locale": locale,
        "path": path,
        "url": ctx.page_url(locale, path),
    }


# --- Schema naming -------------------------------------------------------------------------------

_names: dict[str, Any] = {}


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def unique_name(base: str) -> str:
    name, n = base, 2
    while name in _names:
        name, n = f"{base}{n}", n + 1
    _names[name] = True
    return name


def en(text: Any) -> str:
    """Text for the OpenAPI document, always in English whatever the request's language.

    Labels and help texts are gettext strings; the contract must not depend on which language
    was active when the schemas were first built.
    """
    with translation.override("en"):
        return str(text) if text else ""


def make_model(name: str, doc: Any = None, /, **fields) -> type:
    return create_model(unique_name(name), __base__=common.Out, __doc__=en(doc) or None, **fields)


Serializer = Callable[[Any, Resolver], Any]


@dataclass
class Spec:
    annotation: Any
    serialize: Serializer


# --- Blocks --------------------------------------------------------------------------------------

_block_cache: dict[Any, Spec] = {}


def _ident(value, resolver):
    return value


_CHOOSERS = (
    ImageChooserBlock,
    DocumentChooserBlock,
    blocks.PageChooserBlock,
    SnippetChooserBlock,
    ImageBlock,
)


def _optional(annotation, required: bool):
    return annotation if required else annotation | None


def block_spec(block: blocks.Block, hint: str) -> Spec:
    """The schema and raw-JSON serializer of one block definition."""
    cls = type(block)
    custom = not cls.__module__.startswith("wagtail.")
    key = cls if custom else (cls, hint, id(block))
    if key in _block_cache:
        return _block_cache[key]
    spec = _block_spec(block, cls.__name__ if custom else hint)
    _block_cache[key] = spec
    return spec


def _block_spec(block: blocks.Block, name: str) -> Spec:
    required = getattr(block, "required", False)
    if isinstance(block, ImageBlock):

        def image_block(raw, r):
            if not isinstance(raw, dict):
                return r.ref("image", raw)
            if raw.get("decorative"):
                return r.ref(
                    "image", raw.get("image"), {"alt": "", OVERRIDE_LOCALE: r.owner_locale}
                )
            return r.image_ref(raw.get("image"), {"alt": raw.get("alt_text") or ""})

        return Spec(common.Image | None, image_block)
    if isinstance(block, blocks.BaseStreamBlock):
        return _stream_spec(block, name)
    overrides = getattr(block, "image_text_overrides", None)
    if isinstance(block, blocks.BaseStructBlock) and overrides:
        return _image_struct_spec(block, name, overrides)
    if isinstance(block, blocks.BaseStructBlock):
        children = {n: block_spec(b, name + pascal(n)) for n, b in block.child_blocks.items()}
        model = make_model(
            name if name.endswith(("Block", "Value")) else name + "Value",
            getattr(block.meta, "help_text", None),
            **{n: (s.annotation, ...) for n, s in children.items()},
        )

        def struct(raw, r, children=children, block=block):
            raw = raw if isinstance(raw, dict) else {}
            out = {}
            for n, s in children.items():
                value = raw.get(n)
                if value is None and n not in raw:
                    value = block.child_blocks[n].get_prep_value(
                        block.child_blocks[n].get_default()
                    )
                out[n] = s.serialize(value, r)
            return StructOut(block, out)

        return Spec(model, struct)
    if isinstance(block, blocks.ListBlock):
        child = block_spec(block.child_block, name + "Item")

        def listing(raw, r, child=child):
            items = raw if isinstance(raw, list) else []
            values = [
                i["value"]
                if isinstance(i, dict) and i.get("type") == "item" and "value" in i
                else i
                for i in items
            ]
            return [child.serialize(v, r) for v in values]

        annotation = child.annotation
        if isinstance(block.child_block, _CHOOSERS):
            # References that do not resolve are left out of lists: items are never null.
            annotation = Union[tuple(a for a in get_args(annotation) if a is not type(None))]  # noqa: UP007
        return Spec(list[annotation], listing)
    if isinstance(block, blocks.RichTextBlock):
        return Spec(str, lambda raw, r: r.rich(raw))
    if isinstance(block, ImageChooserBlock):
        return Spec(common.Image | None, lambda raw, r: r.ref("image", raw))
    if isinstance(block, DocumentChooserBlock):
        return Spec(common.Document | None, lambda raw, r: r.ref("document", raw))
    if isinstance(block, blocks.PageChooserBlock):
        return Spec(common.PageLink | None, lambda raw, r: r.ref("page", raw))
    if isinstance(block, SnippetChooserBlock):
        target = block.target_model
        spec = model_spec(target, "snippet")
        kind = f"snippet:{target._meta.label}"
        return Spec(spec.annotation | None, lambda raw, r: r.ref(kind, raw))
    if isinstance(block, EmbedBlock):
        return Spec(
            common.Embed | None,
            lambda raw, r: (
                {"url": raw} if isinstance(raw, str) and raw and is_safe_url(raw) else None
            ),
        )
    if isinstance(block, blocks.URLBlock):
        # A target that breaks the URL rule (stored before it existed) is served empty.
        return Spec(str, lambda raw, r: raw if isinstance(raw, str) and is_safe_url(raw) else "")
    if isinstance(block, blocks.StaticBlock):
        return Spec(None, lambda raw, r: None)
    if isinstance(block, blocks.BooleanBlock):
        return Spec(bool, lambda raw, r: bool(raw))
    if isinstance(block, blocks.IntegerBlock):
        return Spec(_optional(int, required), lambda raw, r: _int(raw))
    if isinstance(block, blocks.FloatBlock | blocks.DecimalBlock):
        return Spec(
            _optional(float, required), lambda raw, r: float(raw) if raw not in (None, "") else None
        )
    if isinstance(block, blocks.DateTimeBlock):
        return Spec(datetime.datetime | None, lambda raw, r: raw or None)
    if isinstance(block, blocks.DateBlock):
        return Spec(datetime.date | None, lambda raw, r: raw or None)
    if isinstance(block, blocks.TimeBlock):
        return Spec(datetime.time | None, lambda raw, r: raw or None)
    if isinstance(block, blocks.MultipleChoiceBlock):
        return Spec(list[str], lambda raw, r: list(raw or []))
    if isinstance(block, blocks.ChoiceBlock):
        values = tuple(str(v) for v, _label in _flat_choices(block.field.choices) if v != "")
        annotation = Literal[values] if values else str  # type: ignore[valid-type]
        return Spec(annotation | None, lambda raw, r, values=values: raw if raw in values else None)
    if isinstance(block, TableBlock):
        return Spec(dict[str, Any] | None, _ident)
    if isinstance(block, blocks.FieldBlock):
        # Char, Text, URL, Email, Regex, RawHTML, BlockQuote and other text-valued blocks.
        return Spec(str, lambda raw, r: "" if raw is None else str(raw))
    return Spec(Any, _ident)


def _image_struct_spec(block: blocks.BaseStructBlock, name: str, overrides: dict[str, str]) -> Spec:
    """A struct block with an ``image`` chooser and per-use overrides of its texts
    (``image_text_overrides``: ``{"alt": "alt_text", …}``): the overrides are folded into the
    image object (one rule for front ends, :class:`cms.api.common.Image`), not served beside it."""
    folded = set(overrides.values())
    children = {
        n: block_spec(b, name + pascal(n)) for n, b in block.child_blocks.items() if n not in folded
    }
    model = make_model(
        name if name.endswith(("Block", "Value")) else name + "Value",
        getattr(block.meta, "help_text", None),
        **{n: (s.annotation, ...) for n, s in children.items()},
    )

    def struct(raw, r, children=children, block=block):
        raw = raw if isinstance(raw, dict) else {}
        out = {}
        for n, s in children.items():
            if n == "image":
                out[n] = r.image_ref(
                    raw.get("image"), {t: raw.get(c) for t, c in overrides.items()}
                )
            else:
                value = raw.get(n)
                if value is None and n not in raw:
                    value = block.child_blocks[n].get_prep_value(
                        block.child_blocks[n].get_default()
                    )
                out[n] = s.serialize(value, r)
        return StructOut(block, out)

    return Spec(model, struct)


def _flat_choices(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield value, label


_wrapper_cache: dict[tuple, Any] = {}


def _stream_spec(block: blocks.BaseStreamBlock, name: str) -> Spec:
    children = {}
    members = []
    for child_name, child_block in block.child_blocks.items():
        child = block_spec(child_block, name + pascal(child_name))
        children[child_name] = child
        key = (child_name, id(child.annotation) if child.annotation is not None else None)
        wrapper = _wrapper_cache.get(key)
        if wrapper is None:
            wrapper = make_model(
                pascal(child_name) + "Item",
                getattr(child_block.meta, "help_text", None) or child_block.label,
                type=(Literal[child_name], ...),  # type: ignore[valid-type]
                id=(str, ...),
                value=(child.annotation, ...),
            )
            _wrapper_cache[key] = wrapper
        members.append(wrapper)
    if not members:
        item = Any
    elif len(members) == 1:
        item = members[0]
    else:
        item = Annotated[Union[tuple(members)], Field(discriminator="type")]  # noqa: UP007

    def stream(raw, r, children=children):
        out = []
        for child in raw or []:
            if not isinstance(child, dict) or child.get("type") not in children:
                continue
            value = children[child["type"]].serialize(child.get("value"), r)
            out.append(StreamItem(type=child["type"], id=str(child.get("id") or ""), value=value))
        return out

    return Spec(list[item], stream)


# --- Model fields --------------------------------------------------------------------------------

_SCALARS: list[tuple[type, Any]] = [
    (models.BooleanField, bool),
    (models.DateTimeField, datetime.datetime),
    (models.DateField, datetime.date),
    (models.TimeField, datetime.time),
    (models.IntegerField, int),
    (models.FloatField, float),
    (models.DecimalField, float),
    (models.JSONField, Any),
]


def related_kind(model: type[models.Model]) -> tuple[str, Any] | None:
    if issubclass(model, get_image_model()):
        return "image", common.Image
    if issubclass(model, get_document_model()):
        return "document", common.Document
    if issubclass(model, Page):
        return "page", common.PageLink
    if registry.for_model(model) is not None or hasattr(model, "api_fields"):
        return f"snippet:{model._meta.label}", model_spec(model, "snippet").annotation
    return None


def field_spec(model: type[models.Model], name: str, owner: str) -> tuple[Spec, str | None]:
    """Spec of one ``api_fields`` entry and the name to prefetch for it (relations)."""
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return _attribute_spec(model, name), None
    if isinstance(f, StreamField):
        stream = block_spec(f.stream_block, owner + pascal(name))

        def streamfield(obj, r, name=name, stream=stream):
            value = getattr(obj, name)
            return stream.serialize(list(value.raw_data) if value is not None else [], r)

        return Spec(stream.annotation, streamfield), None
    if isinstance(f, RichTextField):
        return Spec(str, lambda obj, r, name=name: r.rich(getattr(obj, name))), None
    if f.many_to_many or f.one_to_many:
        target = f.related_model
        kind = related_kind(target)
        accessor = f.get_accessor_name() if f.one_to_many else name
        if f.one_to_many and (kind is None or not kind[0].startswith("snippet")):
            child = model_spec(target, "child", owner + pascal(name))
            return Spec(
                list[child.annotation],
                lambda obj, r, a=accessor, child=child: [
                    child.serialize(o, r) for o in getattr(obj, a).all()
                ],
            ), accessor
        if f.many_to_many and not f.auto_created:
            # Forward many-to-many: ids come from one UNION query per response (see
            # cms.api.pages.attach_m2m) or, for unsaved revisions, from the in-memory cluster.
            def related_ids(obj, a=accessor):
                preloaded = getattr(obj, "_api_m2m", None)
                if preloaded is not None:
                    return preloaded.get(a, [])
                return [o.pk for o in getattr(obj, a).all()]

            prefetch_name = None
        else:

            def related_ids(obj, a=accessor):
                return [o.pk for o in getattr(obj, a).all()]

            prefetch_name = accessor
        if kind is None:
            return Spec(list[int], lambda obj, r, ids=related_ids: ids(obj)), prefetch_name
        return Spec(
            list[kind[1]],
            lambda obj, r, ids=related_ids, k=kind[0]: [r.ref(k, pk) for pk in ids(obj)],
        ), prefetch_name
    if f.many_to_one or f.one_to_one:
        kind = related_kind(f.related_model)
        if kind is None:
            return Spec(int | None, lambda obj, r, a=f.attname: getattr(obj, a)), None
        overrides = (getattr(model, "image_text_overrides", None) or {}).get(name)
        if kind[0] == "image" and overrides:
            return Spec(
                kind[1] | None,
                lambda obj, r, a=f.attname, o=overrides: r.image_ref(
                    getattr(obj, a), {t: getattr(obj, c, "") for t, c in o.items()}
                ),
            ), None
        return Spec(
            kind[1] | None, lambda obj, r, a=f.attname, k=kind[0]: r.ref(k, getattr(obj, a))
        ), None
    if f.choices:
        values = tuple(str(v) for v, _label in _flat_choices(f.choices) if v not in ("", None))
        annotation = Literal[values] if values else str  # type: ignore[valid-type]
        if f.null or f.blank:
            annotation = annotation | None
        return Spec(annotation, lambda obj, r, name=name: getattr(obj, name) or None), None
    if isinstance(f, models.URLField):
        return Spec(
            str | None if f.null else str,
            lambda obj, r, name=name: (
                v if (v := getattr(obj, name)) is None or is_safe_url(v) else ""
            ),
        ), None
    for field_cls, annotation in _SCALARS:
        if isinstance(f, field_cls):
            if f.null:
                annotation = annotation | None
            if isinstance(f, models.DecimalField):
                return Spec(
                    annotation,
                    lambda obj, r, name=name: (
                        float(v) if (v := getattr(obj, name)) is not None else None
                    ),
                ), None
            return Spec(annotation, lambda obj, r, name=name: getattr(obj, name)), None
    return Spec(
        str | None if f.null else str,
        lambda obj, r, name=name: None if (v := getattr(obj, name)) is None else str(v),
    ), None


def choice_label_spec(model: type[models.Model], name: str) -> Spec | None:
    """The ``<name>_label`` companion of a choice field ``name`` (``None`` for other fields).

    A choice field is served as its value, an enum of the contract (``"running"``); its label
    (``"running"`` / ``"laufend"``) is served beside it in the language of the request, which the
    API activates while it serializes (:func:`cms.api.http.use_locale`), so front ends need no
    translation table of their own.
    """
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(f, "choices", None) or f.is_relation:
        return None
    labels = {str(v): label for v, label in _flat_choices(f.choices) if v not in ("", None)}

    def label(obj, r, name=name, labels=labels):
        value = getattr(obj, name)
        return str(labels[str(value)]) if value not in ("", None) and str(value) in labels else None

    annotation = str | None if f.null or f.blank else str
    doc = f"The label of ``{name}`` in the requested language."
    return Spec(Annotated[annotation, Field(description=doc)], label)


def with_choice_labels(model: type[models.Model], fields: dict[str, Spec]) -> dict[str, Spec]:
    """``fields`` with each choice field followed by its ``<name>_label`` (unless the model
    already serves a field of that name)."""
    out: dict[str, Spec] = {}
    for name, spec in fields.items():
        out[name] = spec
        label = choice_label_spec(model, name)
        if label is not None and f"{name}_label" not in fields:
            out[f"{name}_label"] = label
    return out


class Described:
    """A value describing a referenced object (``cms.visibility.describes``): finalized to
    ``value`` when the reference resolves for the reader, else to ``empty`` (the value the
    property has when the reference is empty)."""

    __slots__ = ("ref", "value", "empty")

    def __init__(self, ref: Ref, value: Any, empty: Any):
        self.ref, self.value, self.empty = ref, value, empty


def _attribute_spec(model, name: str) -> Spec:
    """A property or attribute; one marked with ``describes`` vanishes with its target."""
    annotation = _attribute_annotation(model, name)
    attr = getattr(model, name, None)
    fget = attr.fget if isinstance(attr, property) else None
    target = getattr(fget, "describes", None)
    if target is None:
        return Spec(annotation, lambda obj, r, name=name: getattr(obj, name, None))
    f = model._meta.get_field(target)
    kind = related_kind(f.related_model)[0]
    media = kind in ("image", "document")
    empty: list = []  # the property's value on an empty reference, computed once

    def described(obj, r, name=name, attname=f.attname):
        value = getattr(obj, name, None)
        pk = getattr(obj, attname)
        if pk is None or (media and not r.ctx.private_collection_paths()):
            return value  # nothing to hide (and nothing to fetch)
        if not empty:
            empty.append(getattr(model(), name, None))
        return Described(r.ref(kind, pk), value, empty[0])

    return Spec(annotation, described)


def _attribute_annotation(model, name: str) -> Any:
    """A property's return annotation (``-> str``) types it; anything else is free JSON."""
    import typing

    attr = getattr(model, name, None)
    fget = attr.fget if isinstance(attr, property) else getattr(attr, "func", None)
    try:
        return typing.get_type_hints(fget).get("return", Any) if fget else Any
    except Exception:  # noqa: BLE001 - unresolvable hints fall back to free JSON
        return Any


def api_field_names(model: type[models.Model]) -> list[str]:
    return [getattr(f, "name", f) for f in getattr(model, "api_fields", None) or []]


@dataclass
class ModelSpec:
    """Schema and serializer of a snippet, or of a page type's extra fields."""

    annotation: Any
    fields: dict[str, Spec]
    prefetch: list[str]
    base: Callable[[Any, Resolver], dict] | None = None

    def optimize(self, qs):
        return qs.prefetch_related(*self.prefetch) if self.prefetch else qs

    def serialize(self, obj, r: Resolver) -> dict:
        out = self.base(obj, r) if self.base else {}
        for name, spec in self.fields.items():
            out[name] = spec.serialize(obj, r)
        return out


_model_specs: dict[tuple, ModelSpec] = {}

#: Fields every page representation has; ``api_fields`` of the same name are not repeated.
PAGE_BASE_FIELDS = {"id", "type", "title", "locale", "path", "url", "slug"}


def model_spec(model: type[models.Model], role: str, hint: str = "") -> ModelSpec:
    """``role``: ``snippet`` (referenced snippet), ``child`` (inline rows)."""
    key = (model, role)
    if key in _model_specs:
        return _model_specs[key]
    ct = registry.for_model(model)
    name = pascal(ct.api_name) if ct else (hint or model.__name__)
    names = api_field_names(model)
    if role == "child" and not names:
        from modelcluster.fields import ParentalKey

        names = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key
            and f.name not in ("sort_order", "translation_key", "locale")
            and not isinstance(f, ParentalKey)
            and (not f.is_relation or related_kind(f.related_model) is not None)
        ]
    # Placeholder entry against recursion (a snippet referring to its own type).
    placeholder = ModelSpec(annotation=Any, fields={}, prefetch=[])
    _model_specs[key] = placeholder
    fields, prefetch = {}, []
    for n in names:
        if n in ("id", "type", "locale"):
            continue
        spec, pre = field_spec(model, n, name)
        fields[n] = spec
        if pre:
            prefetch.append(pre)
    fields = with_choice_labels(model, fields)
    extra: dict[str, Any] = {}
    if role == "snippet":
        api_name = ct.api_name if ct else model._meta.label_lower
        extra = {
            "id": (int, ...),
            "type": (Literal[api_name], ...),  # type: ignore[valid-type]
            "label": (str, Field(..., description="The object's display name.")),
        }
        translatable = issubclass(model, TranslatableMixin)
        if translatable:
            extra["locale"] = (str, ...)

        def base(obj, r, api_name=api_name, translatable=translatable):
            out = {"id": obj.pk, "type": api_name, "label": str(obj)}
            if translatable:
                out["locale"] = r.ctx.locale_codes().get(obj.locale_id, r.ctx.locale)
            return out
    else:
        base = None
    annotation = make_model(
        name,
        model._meta.verbose_name,
        **extra,
        **{n: (s.annotation, ...) for n, s in fields.items()},
    )
    spec = ModelSpec(annotation=annotation, fields=fields, prefetch=prefetch, base=base)
    placeholder.__dict__.update(spec.__dict__)
    _model_specs[key] = placeholder
    return placeholder


def coerce_json(value: Any) -> Any:
    """Make values JSON-friendly (dates as ISO strings, decimals as floats)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
