"""Image and document texts per locale, translated in the workflow of the page that shows them.

**Storage** (as Contentful localises an asset's fields): an image's own ``title``,
``description`` (alt text), ``caption`` and ``credit`` and a document's ``title`` and ``summary``
are the source locale's values (German). Every other locale has at most one
:class:`cms.models.ImageText` / :class:`cms.models.DocumentText` row per asset; an empty field
there falls back to the source locale's value, and the API says so (``text_locales``).

**Transport.** Translators never open the image library: each page carries, in its
``media_texts`` StreamField (:class:`MediaTextsBlock`), the texts of every image and document it
shows (hero image, logo, image and gallery blocks, document lists, file fields; found by Wagtail's
reference extraction). The field is filled from the assets whenever the page is saved or
serialised (revisions and wagtail-localize sources alike, :func:`refresh`), is read-only in the
admin (tab "Bild- und Dokumenttexte") and, being an ordinary translatable StreamField, reaches
wagtail-localize's translation editor and PO files with the page's own strings, labelled
"Bild › Alternativtext", "Dokument › Titel" … Block ids are stable (``image-<pk>``,
``document-<pk>``), so a translation survives re-syncs as long as the German text is unchanged.

**Publication.** When a page in another locale is published (from the translation editor, a
sync with "publish", or the page editor), :func:`apply_translations` writes the *translated*
strings of its media segments to the assets' texts in that locale. A segment counts as translated
only when wagtail-localize holds a valid ``StringTranslation`` for it in that locale; untranslated
segments (which wagtail-localize fills with the German source text) are never stored, so the
German value stays the declared fallback instead of passing for English. Nothing unpublished
reaches a reader: before publication the texts are only translation strings.

**Per-use overrides.** A page may override an image's alt text, caption and credit for one use
(a hero image's ``hero_alt_text`` …, an image block's ``alt_text`` …). An override is page text:
it is translated with the page, and wins over the image's texts in the API, which folds it into
the image object (:data:`IMAGE_OVERRIDES` names the fields; :func:`image_uses` finds them).

**Alt text per locale.** A page in another locale cannot be published while one of its images
has no alt text in that locale: neither a translated override nor a translated (or stored) alt
text of the image (:func:`missing_alt_texts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

__all__ = [
    "DOCUMENT_TEXT_FIELDS",
    "FIELD_NAME",
    "IMAGE_OVERRIDES",
    "IMAGE_TEXT_FIELDS",
    "ImageUse",
    "MediaTextsBlock",
    "MediaTextsField",
    "apply_translations",
    "document_texts",
    "image_texts",
    "image_uses",
    "media_texts_value",
    "missing_alt_texts",
    "refresh",
    "shown_media",
    "source_locale",
]

#: The page field that carries the texts (see the module docstring).
FIELD_NAME = "media_texts"
#: API name of an image text → attribute of the image holding the source-locale value.
IMAGE_TEXT_FIELDS = {
    "title": "title",
    "alt": "description",
    "caption": "caption",
    "credit": "credit",
}
#: API name of a document text → attribute of the document holding the source-locale value.
DOCUMENT_TEXT_FIELDS = {"title": "title", "summary": "summary"}
#: The image texts a page may override per use (API name of the text).
IMAGE_OVERRIDES = ("alt", "caption", "credit")

_BLOCK_ID = re.compile(r"^(image|document)-(\d+)$")


def source_locale() -> str:
    """The language code of the source locale (the default locale, German)."""
    return settings.LANGUAGE_CODE


# --- The page field ----------------------------------------------------------------------------


class ImageTextsBlock(blocks.StructBlock):
    """The texts of one image a page shows, in the page's language: ``title``, ``alt``, ``caption``,
    ``credit`` (German copied from the image; translated with the page).
    """

    image = ImageChooserBlock(label=_("Bild"), help_text=_("Das Bild, das die Seite zeigt."))
    title = blocks.CharBlock(
        label=_("Titel"), required=False, max_length=255, help_text=_("Titel des Bildes.")
    )
    alt = blocks.CharBlock(
        label=_("Alternativtext"),
        required=False,
        max_length=255,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen."),
    )
    caption = blocks.CharBlock(
        label=_("Bildunterschrift"),
        required=False,
        max_length=255,
        help_text=_("Wird unter dem Bild angezeigt."),
    )
    credit = blocks.CharBlock(
        label=_("Bildnachweis"),
        required=False,
        max_length=255,
        help_text=_("Urheber oder Quelle des Bildes."),
    )

    class Meta:
        icon = "image"
        label = _("Bild")
        help_text = _("Die Texte eines Bildes, das die Seite zeigt.")
        preview_value = {"title": "Kali-Schacht", "alt": "Der beleuchtete Kali-Schacht"}


class DocumentTextsBlock(blocks.StructBlock):
    """The texts of one document a page offers, in the page's language: ``title`` and ``summary``."""

    document = DocumentChooserBlock(
        label=_("Dokument"), help_text=_("Das Dokument, das die Seite anbietet.")
    )
    title = blocks.CharBlock(
        label=_("Titel"), required=False, max_length=255, help_text=_("Titel des Dokuments.")
    )
    summary = blocks.TextBlock(
        label=_("Zusammenfassung"),
        required=False,
        max_length=1000,
        help_text=_("Worum es im Dokument geht."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        help_text = _("Die Texte eines Dokuments, das die Seite anbietet.")
        preview_value = {"title": "Protokoll", "summary": "Ergebnisse des Forums."}


class MediaTextsBlock(blocks.StreamBlock):
    """Texts of the images and documents a page shows (filled by :func:`refresh`, read-only)."""

    image = ImageTextsBlock()
    document = DocumentTextsBlock()

    class Meta:
        label = _("Bild- und Dokumenttexte")
        help_text = _(
            "Texte der Bilder und Dokumente dieser Seite; sie werden mit der Seite übersetzt."
        )


class MediaTextsField(StreamField):
    """The ``media_texts`` StreamField: derived from the page's own references, so it adds none
    to Wagtail's reference index (no second "usage" of each image, no broken-reference report
    of its own)."""

    def extract_references(self, value):
        """No references (an empty iterator): see the class docstring."""
        return iter(())


# --- Which images and documents a page shows -----------------------------------------------------


def shown_media(page) -> tuple[list[int], list[int]]:
    """``(image ids, document ids)`` a page (or an unsaved revision of it) refers to, in order.

    Found by Wagtail's reference extraction (``ReferenceIndex``: foreign keys, StreamField and
    rich-text choosers, inline children), leaving out the ``media_texts`` field itself.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    image_ct = ContentType.objects.get_for_model(get_image_model()).pk
    document_ct = ContentType.objects.get_for_model(get_document_model()).pk
    images: dict[int, None] = {}
    documents: dict[int, None] = {}
    # ``_extract_references_from_object`` works on unsaved instances (revisions, sources);
    # the public ``get_references_for_object`` reads the stored index of saved objects only.
    for (
        ct_id,
        object_id,
        model_path,
        _content_path,
    ) in ReferenceIndex._extract_references_from_object(page):
        if model_path.split(".", 1)[0] == FIELD_NAME or not str(object_id).isdigit():
            continue
        if ct_id == image_ct:
            images.setdefault(int(object_id), None)
        elif ct_id == document_ct:
            documents.setdefault(int(object_id), None)
    return list(images), list(documents)


def _locale_id(code: str) -> int | None:
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()


def image_texts(images: Iterable[Any], locale: str) -> dict[int, dict[str, tuple[str, str]]]:
    """``{image id: {text: (value, locale of the value)}}`` for ``locale``, in one query.

    ``images`` are image instances. A text missing in ``locale`` falls back to the image's own
    (source-locale) value; the pair says which locale the value is in. An empty source value is
    reported in ``locale`` (there is nothing to read in another language).
    """
    from cms.models import ImageText

    images = list(images)
    stored: dict[int, Any] = {}
    source = source_locale()
    if locale != source and images:
        stored = {
            row.image_id: row
            for row in ImageText.objects.filter(
                image_id__in=[i.pk for i in images], locale__language_code=locale
            )
        }
    return {img.pk: _texts(img, stored.get(img.pk), IMAGE_TEXT_FIELDS, locale) for img in images}


def document_texts(documents: Iterable[Any], locale: str) -> dict[int, dict[str, tuple[str, str]]]:
    """As :func:`image_texts`, for documents (``title``, ``summary``)."""
    from cms.models import DocumentText

    documents = list(documents)
    stored: dict[int, Any] = {}
    if locale != source_locale() and documents:
        stored = {
            row.document_id: row
            for row in DocumentText.objects.filter(
                document_id__in=[d.pk for d in documents], locale__language_code=locale
            )
        }
    return {
        doc.pk: _texts(doc, stored.get(doc.pk), DOCUMENT_TEXT_FIELDS, locale) for doc in documents
    }


def _texts(obj, row, fields: dict[str, str], locale: str) -> dict[str, tuple[str, str]]:
    out = {}
    for name, attr in fields.items():
        translated = (getattr(row, name, "") or "").strip() if row is not None else ""
        if translated:
            out[name] = (translated, locale)
            continue
        own = getattr(obj, attr, "") or ""
        out[name] = (own, source_locale() if own.strip() else locale)
    return out


def media_texts_value(page) -> list[dict]:
    """The raw ``media_texts`` StreamField data for ``page``: its assets' texts in its locale."""
    image_ids, document_ids = shown_media(page)
    if not image_ids and not document_ids:
        return []
    code = _page_locale_code(page)
    images = {i.pk: i for i in get_image_model().objects.filter(pk__in=image_ids)}
    documents = {d.pk: d for d in get_document_model().objects.filter(pk__in=document_ids)}
    itexts = image_texts(images.values(), code)
    dtexts = document_texts(documents.values(), code)
    value = []
    for pk in image_ids:
        if pk in images:
            texts = {n: v if loc == code else "" for n, (v, loc) in itexts[pk].items()}
            value.append({"type": "image", "id": f"image-{pk}", "value": {"image": pk, **texts}})
    for pk in document_ids:
        if pk in documents:
            texts = {n: v if loc == code else "" for n, (v, loc) in dtexts[pk].items()}
            value.append(
                {"type": "document", "id": f"document-{pk}", "value": {"document": pk, **texts}}
            )
    return value


def _page_locale_code(page) -> str:
    locale = getattr(page, "locale", None) if page.locale_id else None
    return locale.language_code if locale is not None else source_locale()


def refresh(page) -> None:
    """Fill ``page.media_texts`` from the texts of the images and documents it shows.

    Source-locale pages carry the assets' own texts (what translators translate); pages in
    other locales carry the texts stored for their locale (for reference only: a translation
    reaches readers through :func:`apply_translations`).
    """
    if not hasattr(page, FIELD_NAME):
        return
    setattr(page, FIELD_NAME, media_texts_value(page))


# --- Per-use overrides ---------------------------------------------------------------------------


@dataclass
class ImageUse:
    """One place where a page shows an image: the content ``path`` of its override fields
    (``hero_alt_text``, ``body.<block id>.alt_text`` …) by API text name, and their values."""

    image_id: int
    label: str
    override_paths: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)


def image_uses(page) -> list[ImageUse]:
    """Every image ``page`` shows, with its per-use overrides (model fields and stream blocks).

    Model fields: ``image_text_overrides`` (``{image field: {text: override field}}``) and
    ``alt_text_fields`` of :class:`cms.content.alt_text.AltTextRequiredMixin`. Blocks: a struct block
    with ``image_text_overrides`` (``{text: child name}``) and an ``image`` child.
    """
    from wagtail.fields import StreamField

    uses: list[ImageUse] = []
    model = type(page)
    fields = dict(getattr(model, "image_text_overrides", {}) or {})
    for image_field, alt_field in (getattr(model, "alt_text_fields", {}) or {}).items():
        fields.setdefault(image_field, {"alt": alt_field} if alt_field else {})
    for image_field, overrides in fields.items():
        image_id = getattr(page, f"{image_field}_id", None)
        if image_id is None:
            continue
        label = str(model._meta.get_field(image_field).verbose_name)
        uses.append(
            ImageUse(
                image_id=image_id,
                label=label,
                override_paths={text: name for text, name in overrides.items() if name},
                overrides={
                    text: getattr(page, name, "") or "" for text, name in overrides.items() if name
                },
            )
        )
    for f in model._meta.get_fields():
        if isinstance(f, StreamField) and f.name != FIELD_NAME:
            value = getattr(page, f.name, None)
            raw = list(value.raw_data) if value is not None else []
            uses.extend(_stream_uses(f.stream_block, raw, f.name))
    return uses


def _stream_uses(block, raw: Any, path: str) -> Iterator[ImageUse]:
    if isinstance(block, blocks.BaseStreamBlock):
        for child in raw or []:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                yield from _stream_uses(
                    block.child_blocks[child["type"]],
                    child.get("value"),
                    f"{path}.{child.get('id')}",
                )
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            if isinstance(item, dict) and item.get("type") == "item":
                yield from _stream_uses(
                    block.child_block, item.get("value"), f"{path}.{item.get('id')}"
                )
            else:
                yield from _stream_uses(block.child_block, item, path)
    elif isinstance(block, blocks.BaseStructBlock) and isinstance(raw, dict):
        overrides = getattr(block, "image_text_overrides", None)
        if overrides is not None and str(raw.get("image") or "").isdigit():
            yield ImageUse(
                image_id=int(raw["image"]),
                label=str(block.label),
                override_paths={text: f"{path}.{name}" for text, name in overrides.items()},
                overrides={text: raw.get(name) or "" for text, name in overrides.items()},
            )
            return
        for name, child in block.child_blocks.items():
            yield from _stream_uses(child, raw.get(name), f"{path}.{name}")


# --- Translations: read from wagtail-localize, applied on publication ----------------------------


def _translation_of(page):
    """The enabled wagtail-localize ``Translation`` whose target is ``page``, or ``None``."""
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source")
        .first()
    )


def _translated_strings(translation, prefix: str | None = None) -> dict[str, str]:
    """``{context path: translated text}`` of the valid translations of ``translation``'s source
    strings in its target locale (optionally only paths under ``prefix``)."""
    from wagtail_localize.models import StringSegment, StringTranslation

    segments = StringSegment.objects.filter(source=translation.source).select_related("context")
    if prefix is not None:
        segments = segments.filter(context__path__startswith=prefix)
    by_key = {(s.string_id, s.context_id): s.context.path for s in segments}
    if not by_key:
        return {}
    out = {}
    for row in StringTranslation.objects.filter(
        translation_of_id__in={k[0] for k in by_key},
        context_id__in={k[1] for k in by_key},
        locale_id=translation.target_locale_id,
        has_error=False,
    ).values("translation_of_id", "context_id", "data"):
        path = by_key.get((row["translation_of_id"], row["context_id"]))
        if path is not None and row["data"].strip():
            out[path] = row["data"]
    return out


def pending_media_texts(page) -> dict[tuple[str, int], dict[str, str]]:
    """``{("image"|"document", id): {text: translated value}}``: the media strings of ``page``'s
    translation that wagtail-localize holds as translated (not yet applied)."""
    translation = _translation_of(page)
    if translation is None:
        return {}
    found: dict[tuple[str, int], dict[str, str]] = {}
    for path, text in _translated_strings(translation, FIELD_NAME + ".").items():
        parts = path.split(".")
        if len(parts) != 3:
            continue
        match = _BLOCK_ID.match(parts[1])
        if match is None:
            continue
        kind, pk = match.group(1), int(match.group(2))
        names = IMAGE_TEXT_FIELDS if kind == "image" else DOCUMENT_TEXT_FIELDS
        if parts[2] in names:
            found.setdefault((kind, pk), {})[parts[2]] = text
    return found


@transaction.atomic
def apply_translations(page) -> int:
    """Write the translated media strings of ``page`` (a published page in a locale other than
    the source) to :class:`~cms.models.ImageText` / :class:`~cms.models.DocumentText` rows of
    its locale. Returns the number of texts written. Untranslated strings are not written."""
    from cms.models import DocumentText, ImageText

    if _page_locale_code(page) == source_locale():
        return 0
    written = 0
    pending = pending_media_texts(page)
    image_ids = [pk for kind, pk in pending if kind == "image"]
    document_ids = [pk for kind, pk in pending if kind == "document"]
    images = set(get_image_model().objects.filter(pk__in=image_ids).values_list("pk", flat=True))
    documents = set(
        get_document_model().objects.filter(pk__in=document_ids).values_list("pk", flat=True)
    )
    for (kind, pk), texts in pending.items():
        if kind == "image" and pk in images:
            row, _created = ImageText.objects.get_or_create(image_id=pk, locale_id=page.locale_id)
        elif kind == "document" and pk in documents:
            row, _created = DocumentText.objects.get_or_create(
                document_id=pk, locale_id=page.locale_id
            )
        else:
            continue
        changed = [name for name, text in texts.items() if getattr(row, name) != text]
        for name in changed:
            setattr(row, name, texts[name])
        if changed:
            row.save(update_fields=changed)
            written += len(changed)
    return written


def missing_alt_texts(page) -> list[tuple[ImageUse, Any]]:
    """Images of ``page`` (a page in a locale other than the source) without alt text in its
    locale: ``[(use, image)]``. A wagtail-localize translation is judged as publishing it would
    make it (its source with the translations laid over). An image has one when the use's override is set (and, on a
    wagtail-localize translation, translated), or the image has an alt text stored or translated
    for the locale. Empty for source-locale pages (:mod:`cms.content.alt_text` judges those).
    """
    from cms.models import ImageText

    if _page_locale_code(page) == source_locale():
        return []
    translation = _translation_of(page)
    instance = page
    if translation is not None:
        # What publishing would make of the page: the source with the translations laid over.
        try:
            instance = translation.source.get_ephemeral_translated_instance(
                translation.target_locale, fallback=True
            )
        except Exception:  # noqa: BLE001 - a source that is gone: judge the page as it is
            instance = page
    uses = image_uses(instance)
    if not uses:
        return []
    translated = _translated_strings(translation) if translation is not None else None
    pending = pending_media_texts(page) if translation is not None else {}
    stored = set(
        ImageText.objects.filter(image_id__in=[u.image_id for u in uses], locale_id=page.locale_id)
        .exclude(alt="")
        .values_list("image_id", flat=True)
    )
    images = get_image_model().objects.in_bulk([u.image_id for u in uses])
    missing = []
    for use in uses:
        image = images.get(use.image_id)
        if image is None:
            continue
        override = (use.overrides.get("alt") or "").strip()
        path = use.override_paths.get("alt")
        if override and (translated is None or path in translated):
            continue
        if use.image_id in stored or "alt" in pending.get(("image", use.image_id), {}):
            continue
        missing.append((use, image))
    return missing


def _on_page_published(sender, instance, **kwargs) -> None:
    if hasattr(instance, FIELD_NAME):
        apply_translations(instance)


def connect() -> None:
    """Apply a translated page's media texts when it is published (``page_published``)."""
    from wagtail.signals import page_published

    page_published.connect(_on_page_published, dispatch_uid="cms_media_texts_apply")
