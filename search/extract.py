"""Generic text and filter extraction from any registered page type.

Nothing here knows a plugin's models: the text of a page is every text field of its own model,
every text in its StreamFields (headings and captions included), the names of the snippets,
images and documents it links to (with a PDF's extracted text), and the text of its inline
children (e.g. partner lists). Linked objects that the anonymous reader may not see
(:class:`cms.visibility.View`: unpublished or restricted pages, media in restricted collections)
contribute nothing: the index holds public text only. Filter values come from the fields the registry's
``ContentType.filters`` names.

**One language per document**: German text must never match an English query. A page's text is
taken in the page's locale: choice labels are rendered in its language (``search.indexing``
activates it), a linked page or snippet gives its translation in that locale (nothing when it has
none), and images and documents give their own (German) texts to a page in the source locale
and only their texts stored for the page's locale otherwise (:func:`media_text`): never the German
fallback, and no PDF full text (the files are German). Facets
store values; the labels of choices are rendered per request in the reader's language
(``search.service``), never stored in one language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from html import unescape as unescape_entities

from django.db import models
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.rich_text import RichText

from cms.content import MEDIA_TEXTS_FIELD
from cms.plugin import ContentType
from cms.visibility import ANONYMOUS, View
from search import languages

#: Fields tried, in order, for a page's teaser (the first non-empty wins).
TEASER_FIELDS = ("teaser", "intro", "summary", "search_description")
#: Base page fields that are never content.
_SKIPPED = {f.name for f in Page._meta.get_fields()} | {"id", "page_ptr"}
#: Related text pulled from linked objects.
_OBJECT_TEXT_FIELDS = ("title", "name", "caption", "description", "text_content")
#: Fields of linked objects that are never content (credits repeat on every image).
_OBJECT_SKIPPED = {"credit", "file_hash", "focal_point_key", "collection"}
#: Texts of images and documents in a locale other than the source (credits left out, as above).
_MEDIA_TEXTS = {"image": ("title", "alt", "caption"), "document": ("title", "summary")}


def clean(text: object) -> str:
    """HTML or rich text to plain text, whitespace collapsed."""
    if text is None:
        return ""
    if isinstance(text, RichText):
        text = text.source
    text = unescape_entities(strip_tags(str(text).replace("<", " <")))
    return " ".join(text.split())


# --- Media texts ---------------------------------------------------------------------------------


def is_media(obj: object) -> bool:
    """An image or a document (whose texts in other locales live in :mod:`cms.content.media_texts`)."""
    return isinstance(obj, AbstractImage | AbstractDocument)


def source_language() -> str:
    """The language code of the source locale (the default content language)."""
    return languages.source_language()


def media_text(obj: models.Model, locale: Locale) -> list[str]:
    """An image's or document's texts stored for ``locale`` (not the source locale), as plain text.

    Only what was translated (``cms.ImageText`` / ``cms.DocumentText``), nothing that would fall
    back to German: a German caption or PDF must not make an English page match a German word.
    """
    from cms.models import DocumentText, ImageText

    kind = "image" if isinstance(obj, AbstractImage) else "document"
    model = ImageText if kind == "image" else DocumentText
    row = model.objects.filter(**{kind: obj}, locale=locale).first()
    if row is None:
        return []
    return [clean(getattr(row, name)) for name in _MEDIA_TEXTS[kind] if getattr(row, name).strip()]


# --- Linked objects ------------------------------------------------------------------------------


def in_locale(obj: object, locale: Locale | None) -> object | None:
    """``obj`` as the reader of ``locale`` sees it: a translatable page or snippet of another
    locale is replaced by its translation in ``locale``, or ``None`` when it has none."""
    if locale is None or not isinstance(obj, TranslatableMixin) or obj.locale_id == locale.pk:
        return obj
    translation = obj.get_translation_or_none(locale)
    return translation.specific if isinstance(translation, Page) else translation


def object_text(obj: object, view: View, depth: int = 0, locale: Locale | None = None) -> list[str]:
    """Text of a linked snippet, image, document or inline child, in ``locale``.

    Nothing of an object the anonymous reader may not see (``view``: an unpublished or
    restricted page, an image or document in a restricted collection) goes into the index.
    ``locale``: the language of the page being indexed; images and documents give their texts
    in it (see the module docstring).
    """
    obj = in_locale(obj, locale)
    if obj is None or not view.shows(obj):
        return []
    if isinstance(obj, Page):
        return [obj.title]  # e.g. partner names; the linked page's own text is found on its own
    if is_media(obj) and locale is not None and locale.language_code != source_language():
        return media_text(obj, locale)
    texts = []
    found = False
    for name in _OBJECT_TEXT_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip():
            texts.append(clean(value))
            found = True
    if not found:
        texts.append(clean(str(obj)))
    if depth == 0 and isinstance(obj, models.Model):
        texts.extend(
            _model_fields_text(
                obj, view, depth=1, skip={*_OBJECT_TEXT_FIELDS, *_OBJECT_SKIPPED}, locale=locale
            )
        )
    return [t for t in texts if t]


def stream_text(
    block: blocks.Block, value: object, view: View, locale: Locale | None = None
) -> Iterator[str]:
    """Every text in a StreamField value, recursively, linked objects included."""
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from stream_text(child.block, child.value, view, locale)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            if name not in _OBJECT_SKIPPED:
                yield from stream_text(child_block, value.get(name), view, locale)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from stream_text(block.child_block, item, view, locale)
    elif isinstance(value, Page):
        return  # teaser lists of other pages: their titles would make this page match them
    elif isinstance(value, models.Model):
        yield from object_text(value, view, locale=locale)
    elif isinstance(
        block, blocks.ChoiceBlock | blocks.URLBlock | blocks.EmailBlock | blocks.RawHTMLBlock
    ):
        return  # layout choices (e.g. heading levels) and addresses are not content
    else:
        for text in block.get_searchable_content(value):
            if isinstance(text, str) and text.strip():
                yield clean(text)


def _model_fields_text(
    obj: models.Model, view: View, depth: int, skip: set[str], locale: Locale | None = None
) -> Iterator[str]:
    for field in obj._meta.get_fields():
        if field.name in skip or field.name == MEDIA_TEXTS_FIELD:
            continue
        if getattr(field, "auto_created", False) and not field.concrete:
            continue
        if isinstance(field, StreamField):
            value = getattr(obj, field.name)
            yield from stream_text(field.stream_block, value, view, locale)
        elif isinstance(field, RichTextField | models.TextField | models.CharField):
            if field.name in ("slug", "url_path", "mime_type") or isinstance(
                field, models.URLField | models.EmailField
            ):
                continue
            value = getattr(obj, field.name, "")
            if field.choices:
                value = getattr(obj, f"get_{field.name}_display")()
            if value:
                yield clean(value)
        elif depth == 0 and isinstance(field, models.ForeignKey | models.OneToOneField):
            if isinstance(field, ParentalKey):
                continue
            yield from object_text(getattr(obj, field.name, None), view, depth=1, locale=locale)
        elif depth == 0 and isinstance(field, models.ManyToManyField):
            for related in getattr(obj, field.name).all():
                yield from object_text(related, view, depth=1, locale=locale)


def child_relations(page: Page) -> Iterator[models.Model]:
    """Inline children (``ParentalKey`` orderables) of a page."""
    for relation in page._meta.related_objects:
        if isinstance(relation.field, ParentalKey):
            accessor = relation.get_accessor_name()
            yield from getattr(page, accessor).all()


def teaser_of(page: Page) -> str:
    """The page's teaser as plain text: the first non-blank of :data:`TEASER_FIELDS` (``teaser``,
    ``intro``, ``summary``, ``search_description``), cleaned of markup; ``""`` if none.
    """
    for name in TEASER_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str) and value.strip():
            return clean(value)
    return ""


def page_text(page: Page, view: View | None = None) -> tuple[str, str, str]:
    """``(teaser, body, extra)`` of a specific page: own text, StreamField text, linked names,
    all in the page's locale (see the module docstring; choice labels are rendered in the active
    language, which ``search.indexing`` sets to the page's).

    ``view`` (default: the anonymous reader's, loaded here) decides which linked objects
    contribute text; bulk runs pass one for all pages.
    """
    view = view or View.of(ANONYMOUS)
    locale = page.locale
    teaser = teaser_of(page)
    teaser_field = next((n for n in TEASER_FIELDS if clean(getattr(page, n, "")) == teaser), None)
    body, extra = [], []
    for field in page._meta.get_fields():
        if (
            field.name in _SKIPPED
            or field.name in (teaser_field, MEDIA_TEXTS_FIELD)
            or field.name.endswith("credit")
        ):
            continue
        if isinstance(field, StreamField | RichTextField | models.TextField | models.CharField):
            body.extend(_model_fields_text_single(page, field, view, locale))
        elif isinstance(field, models.ForeignKey | models.ManyToManyField) and not isinstance(
            field, ParentalKey
        ):
            if getattr(field, "auto_created", False) and not field.concrete:
                continue
            value = getattr(page, field.name, None)
            items = value.all() if hasattr(value, "all") else [value]
            for item in items:
                extra.extend(object_text(item, view, locale=locale))
    for child in child_relations(page):
        extra.extend(
            _model_fields_text(child, view, depth=0, skip={"sort_order", "page"}, locale=locale)
        )
    return (
        teaser,
        "\n".join(dict.fromkeys(t for t in body if t)),
        "\n".join(dict.fromkeys(t for t in extra if t)),
    )


def _model_fields_text_single(
    obj: models.Model, field: models.Field, view: View, locale: Locale | None = None
) -> list[str]:
    if isinstance(field, StreamField):
        return list(stream_text(field.stream_block, getattr(obj, field.name), view, locale))
    if field.name in ("slug", "url_path") or isinstance(field, models.URLField | models.EmailField):
        return []
    value = getattr(obj, field.name, "")
    if field.choices:
        value = getattr(obj, f"get_{field.name}_display")()
    return [clean(value)] if value else []


# --- Filter values -------------------------------------------------------------------------------


def _facet_value(value: object, view: View, locale: Locale | None = None) -> list[tuple[str, str]]:
    """``(value, label)`` pairs, the value as the filter parameter of ``GET /pages/`` takes it
    (a linked object's id in the page's locale, a choice's value, ``true``/``false``, an ISO
    date); the label is empty where the search renders it per request (choices, yes/no) and the
    object's name, in the page's locale, for linked objects."""
    if value is None or value == "":
        return []
    if hasattr(value, "all"):
        return [pair for item in value.all() for pair in _facet_value(item, view, locale)]
    if isinstance(value, models.Model):
        # A translation missing in the page's locale keeps the value: the page still has it.
        value = in_locale(value, locale) or value
        if not view.shows(value):
            return []
        # The id, in the page's locale, as the ``/pages/`` filter takes it.
        return [(str(value.pk), str(value))]
    if isinstance(value, bool):
        return [("true" if value else "false", "")]
    if isinstance(value, datetime.date):
        return [(value.isoformat()[:10], value.isoformat()[:10])]
    return [(str(value), "")]


def page_facets(
    page: Page, content_type: ContentType, view: View | None = None
) -> dict[str, list[list[str]]]:
    """``{filter name: [[value, label], ...]}`` for the filters the registry names.

    Labels of choices and yes/no values are left empty: ``search.service`` renders them in the
    reader's language. Linked objects the anonymous reader may not see give no facet value
    (``view``).
    """
    view = view or View.of(ANONYMOUS)
    facets: dict[str, list[list[str]]] = {}
    for name in content_type.filters:
        value = getattr(page, name, None)
        if value is None:
            continue
        pairs = _facet_value(value, view, page.locale)
        if pairs:
            facets[name] = [list(p) for p in dict.fromkeys(pairs)]
    return facets
