"""Helpers for plugins' demo content: generated images and PDFs, translations, idempotent pages.

Everything here creates only what is missing (looked up by title, slug or translation key) and
never changes what exists, so editors' changes survive another ``load_demo_content``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from cms.models import CmsDocument

__all__ = [
    "ensure_child",
    "ensure_document",
    "ensure_image",
    "ensure_page_translation",
    "ensure_snippet",
    "ensure_snippet_translation",
    "image_bytes",
    "pdf_bytes",
    "say",
    "stream",
    "translate_media",
]

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def say(stdout, message: str) -> None:
    """Write ``message`` to ``stdout`` (a management command's ``self.stdout``); ``None`` is silent."""
    if stdout is not None:
        stdout.write(message)


def _font(size: int, bold: bool = False):
    path = FONT_BOLD if bold else FONT
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def image_bytes(
    label: str, colors: tuple[str, str], size: tuple[int, int] = (1200, 675), shapes: str = "hills"
) -> bytes:
    """A simple generated illustration: a two-colour gradient, a motif and a label."""
    width, height = size
    top, bottom = (
        Image.new("RGB", (1, 1), colors[0]).getpixel((0, 0)),
        Image.new("RGB", (1, 1), colors[1]).getpixel((0, 0)),
    )
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    if shapes == "hills":
        for i, shade in enumerate((70, 50, 30)):
            base = int(height * (0.55 + 0.12 * i))
            draw.ellipse(
                [-width * 0.2 + i * 300, base, width * 0.8 + i * 300, base + height],
                fill=(shade, 110 + shade, shade + 20),
            )
    elif shapes == "tower":
        draw.rectangle([width * 0.45, height * 0.25, width * 0.55, height * 0.9], fill=(40, 40, 50))
        draw.polygon(
            [
                (width * 0.4, height * 0.3),
                (width * 0.5, height * 0.12),
                (width * 0.6, height * 0.3),
            ],
            fill=(60, 60, 70),
        )
        draw.ellipse(
            [width * 0.47, height * 0.15, width * 0.53, height * 0.22], fill=(255, 210, 80)
        )
        draw.rectangle([0, height * 0.9, width, height], fill=(30, 30, 35))
    elif shapes == "people":
        for i in range(7):
            x = width * (0.12 + 0.12 * i)
            draw.ellipse([x - 30, height * 0.45, x + 30, height * 0.55], fill=(240, 200, 170))
            draw.rectangle(
                [x - 45, height * 0.56, x + 45, height * 0.9], fill=(40 + 25 * i, 80, 140)
            )
    elif shapes == "grid":
        for i in range(6):
            for j in range(3):
                draw.rectangle(
                    [120 + i * 170, 200 + j * 130, 250 + i * 170, 300 + j * 130],
                    outline=(255, 255, 255),
                    width=4,
                )
    elif shapes == "logo":
        draw.ellipse(
            [width * 0.1, height * 0.1, width * 0.9, height * 0.9], outline="white", width=8
        )
    font = _font(max(18, height // 14), bold=True)
    box = draw.textbbox((0, 0), label, font=font)
    x = (width - (box[2] - box[0])) / 2
    y = height * 0.08 if shapes != "logo" else (height - (box[3] - box[1])) / 2
    draw.text((x, y), label, font=font, fill="white", stroke_width=2, stroke_fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def ensure_image(
    title: str,
    *,
    alt: str,
    caption: str = "",
    credit: str = "",
    colors: tuple[str, str] = ("#2f6f9f", "#a8d0e6"),
    shapes: str = "hills",
    size: tuple[int, int] = (1200, 675),
    label: str | None = None,
):
    """The image titled ``title``, generated with Pillow when missing. Returns (image, created)."""
    model = get_image_model()
    image = model.objects.filter(title=title).first()
    if image is not None:
        return image, False
    data = image_bytes(label or title, colors, size, shapes)
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:60]
    image = model(title=title, description=alt, caption=caption, credit=credit)
    image.file = ImageFile(io.BytesIO(data), name=f"{slug}.png")
    image.save()
    return image, True


class _Pdf(FPDF):
    def __init__(self, title: str):
        super().__init__()
        self.doc_title = title
        if FONT.exists():
            self.add_font("dejavu", "", str(FONT))
            self.add_font("dejavu", "B", str(FONT_BOLD))
            self.family_name = "dejavu"
        else:  # latin-1 core font: umlauts and ß work, typographic dashes do not
            self.family_name = "helvetica"

    def footer(self):
        self.set_y(-15)
        self.set_font(self.family_name, size=8)
        self.cell(
            0,
            10,
            f"Regionalmanagement Nordthüringen · {self.doc_title} · {self.page_no()}",
            align="C",
        )


def pdf_bytes(title: str, sections: Iterable[tuple[str, list[str]]], meta: str = "") -> bytes:
    """A PDF with a title, an optional meta line and sections of paragraphs (real text)."""
    pdf = _Pdf(title)
    pdf.set_title(title)
    pdf.set_author("Regionalmanagement Nordthüringen")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(pdf.family_name, "B", 18)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    if meta:
        pdf.set_font(pdf.family_name, size=10)
        pdf.multi_cell(0, 6, meta, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for heading, paragraphs in sections:
        pdf.set_font(pdf.family_name, "B", 13)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdf.family_name, size=11)
        for paragraph in paragraphs:
            text = paragraph if pdf.family_name == "dejavu" else paragraph.replace("–", "-")
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def ensure_document(title: str, filename: str, sections, meta: str = "", summary: str = ""):
    """The document titled ``title``, generated as a PDF when missing. Returns (doc, created)."""
    document = CmsDocument.objects.filter(title=title).first()
    if document is not None:
        return document, False
    document = CmsDocument(title=title, summary=summary)
    document.file.save(filename, ContentFile(pdf_bytes(title, sections, meta)), save=False)
    document.save()
    return document, True


def stream(blocks: list[tuple[str, dict | str]]) -> str:
    """Raw StreamField JSON from ``(block_type, value)`` pairs (references as primary keys)."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def ensure_child(parent: Page, model, slug: str, **fields):
    """The child of ``parent`` with ``slug``, created and published when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    m2m = {k: fields.pop(k) for k in list(fields) if _is_m2m(model, k)}
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    for name, values in m2m.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    return page, True


def _is_m2m(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False


def ensure_page_translation(page: Page, locale: Locale, **fields):
    """The ``locale`` version of ``page``, created with ``fields`` and published when missing.

    Made with Wagtail's ``copy_for_translation`` (the parent must be translated first); the
    English text replaces the copied German one before the first publication.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translated = page.specific.copy_for_translation(locale)
    m2m = {k: fields.pop(k) for k in list(fields) if _is_m2m(type(translated), k)}
    for name, value in fields.items():
        setattr(translated, name, value)
    for name, values in m2m.items():
        getattr(translated, name).set(values)
    translated.save()
    translated.save_revision().publish()
    return translated, True


def ensure_snippet(model, locale: Locale, lookup: dict, **fields):
    """The snippet matching ``lookup`` in ``locale``, created when missing. Returns (obj, created)."""
    existing = model.objects.filter(locale=locale, **lookup).first()
    if existing is not None:
        return existing, False
    obj = model(locale=locale, **lookup, **fields)
    obj.full_clean()
    obj.save()
    return obj, True


def ensure_snippet_translation(obj, locale: Locale, **fields):
    """The translation of snippet ``obj`` into ``locale``, made when missing with ``fields``
    overriding the copied values. Returns ``(obj, created)``; raises ``ValidationError`` if the
    translation fails ``full_clean()``.
    """
    existing = obj.get_translation_or_none(locale)
    if existing is not None:
        return existing, False
    translated = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.full_clean()
    translated.save()
    return translated, True


def translate_media(
    source: Page,
    target: Page,
    images: dict[int, dict[str, str]] | None = None,
    documents: dict[int, dict[str, str]] | None = None,
) -> int:
    """Translate the media texts ``target`` (the ``source`` page's translation) shows, through
    the translators' workflow, as a translator would: ``target`` becomes a wagtail-localize
    translation of ``source`` (:func:`cms.translation.adopt.adopt`, its own text recorded as
    translations), each German image or document text of the page gets its English string as
    a translation (``images``/``documents``: ``{id: {text name: English}}``; texts without one
    stay untranslated), and the page is published, which stores them for readers
    (:func:`cms.content.media_texts.apply_translations`). Idempotent: returns the number of strings
    recorded now; publishes only when it recorded any.
    """
    from wagtail_localize.models import StringSegment, StringTranslation, Translation

    from cms.content.media_texts import FIELD_NAME
    from cms.translation.adopt import adopt

    # Fresh from the database: instances just made by the loaders hold raw StreamField JSON.
    source = Page.objects.get(pk=source.pk).specific
    target = Page.objects.get(pk=target.pk).specific
    adopt(source, target)
    translation = Translation.objects.filter(
        source__object_id=source.translation_key,
        source__locale_id=source.locale_id,
        target_locale_id=target.locale_id,
    ).first()
    if translation is None:  # the versions did not pair up: left to translators
        return 0
    english = {("image", pk): texts for pk, texts in (images or {}).items()}
    english.update({("document", pk): texts for pk, texts in (documents or {}).items()})
    recorded = 0
    for segment in StringSegment.objects.filter(
        source=translation.source, context__path__startswith=FIELD_NAME + "."
    ).select_related("context"):
        _field, block_id, name = segment.context.path.split(".")
        kind, _sep, pk = block_id.partition("-")
        text = english.get((kind, int(pk)), {}).get(name) if pk.isdigit() else None
        if not text:
            continue
        _obj, created = StringTranslation.objects.get_or_create(
            translation_of_id=segment.string_id,
            locale_id=target.locale_id,
            context_id=segment.context_id,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": "Demo",
            },
        )
        recorded += created
    if recorded:
        target.save_revision().publish()
    return recorded
