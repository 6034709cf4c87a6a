"""References and their resolution: the second phase of serializing.

Specs (:mod:`.blocks`, :mod:`.fields`, :mod:`.models`) turn objects into plain data in which
every reference is a placeholder (:class:`Ref`, :class:`~.richtext.RichText`,
:class:`Described`, :class:`StreamItem`, :class:`StructOut`). :meth:`Resolver.resolve` fetches
each kind of reference in one query, maps it to the requested locale and drops what the reader
may not see (:class:`~.context.ApiContext` asks :mod:`cms.visibility`); :meth:`Resolver.finalize`
swaps the placeholders for the resolved objects and leaves out what is gone.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin

from cms.api.serialize import richtext
from cms.api.serialize.context import ApiContext, api_name_for_content_type, page_path
from cms.api.serialize.media import document_data, image_data
from cms.api.serialize.schema import to_int
from cms.content.media_texts import document_texts, image_texts
from cms.content.references import struct_output_is_broken

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
        """``finalized`` (this output, resolved) lacks a required target."""
        return struct_output_is_broken(self.block, finalized)


class Described:
    """A value describing a referenced object (``cms.visibility.describes``): finalized to
    ``value`` when the reference resolves for the reader, else to ``empty`` (the value the
    property has when the reference is empty)."""

    __slots__ = ("ref", "value", "empty")

    def __init__(self, ref: Ref, value: Any, empty: Any):
        self.ref, self.value, self.empty = ref, value, empty


#: Kinds whose resolved representation is plain data (no Refs or rich text inside); their
#: ``extra`` values are plain too.
_PLAIN_KINDS = frozenset({"image", "document", "page"})

#: Key of a Ref's ``extra`` that names the locale of the override texts in it.
OVERRIDE_LOCALE = "@locale"


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


def page_link(row: dict, ctx: ApiContext) -> dict:
    """A page reference (:class:`cms.api.common.PageLink`) from a row of ``Page`` values
    (``id``, ``title``, ``url_path``, ``locale_id``, ``content_type_id``)."""
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


# --- Resolver ------------------------------------------------------------------------------------


class Resolver:
    """The references of one response: collected while specs serialize, fetched in one batch.

    One per response (it holds the reader's context and what it resolved); not thread-safe.
    """

    def __init__(self, ctx: ApiContext):
        self.ctx = ctx
        self.pending: dict[str, set[int]] = defaultdict(set)
        self.resolved: dict[tuple[str, int], Any] = {}
        self.loaded: dict[int, Any] = {}  # images the caller has already loaded (joins)
        #: Locale of the object being serialized (a page, a snippet): per-use overrides of image
        #: texts are in it.
        self.owner_locale: str = ctx.locale
        self._rewriter = None

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
        """A placeholder for object ``pk`` of ``kind`` (``None`` when ``pk`` is no id),
        fetched by the next :meth:`resolve`."""
        pk = to_int(pk)
        if pk is None:
            return None
        if (kind, pk) not in self.resolved:
            self.pending[kind].add(pk)
        return Ref(kind, pk, extra)

    def rich(self, html: str | None) -> richtext.RichText:
        """A placeholder for rich text (database HTML); its links and images are referenced."""
        return richtext.collect(html, self)

    def lookup_many(self, kind: str, pks: list[Any]) -> list[Any]:
        """The resolved representations of ``pks`` of ``kind`` (``None`` for what the reader
        may not see); those not fetched yet are fetched now, in one batch."""
        ids = [to_int(pk) for pk in pks]
        missing = [pk for pk in ids if pk is not None and (kind, pk) not in self.resolved]
        for pk in missing:
            self.ref(kind, pk)
        if missing:
            self.resolve()
        return [None if pk is None else self.resolved.get((kind, pk)) for pk in ids]

    # Fetching: one query (or two, for locale mapping) per kind, repeated while snippets
    # bring new references (bounded by the nesting depth of the models).
    def resolve(self) -> None:
        """Fetch everything referenced so far (one query per kind, two with locale mapping)."""
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
        from cms.api.serialize.models import model_spec

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
        """``data`` with every placeholder replaced by what it resolved to; references that did
        not resolve are left out of lists and streams, ``None`` elsewhere."""
        if isinstance(data, Ref):
            value = self.resolved.get((data.kind, data.pk))
            if value is not None and data.extra:
                value = with_overrides(value, data.extra)
            if data.kind in _PLAIN_KINDS:  # already final data: nothing to walk
                return value
            return self.finalize(value) if isinstance(value, dict | list) else value
        if isinstance(data, richtext.RichText):
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
        """Database HTML to front-end HTML (:mod:`.richtext`): links to front-end URLs, image
        embeds as ``<img>``, what the reader may not see left out."""
        if self._rewriter is None:
            self._rewriter = richtext.rewriter(self)
        return richtext.rewrite(html, self._rewriter)
