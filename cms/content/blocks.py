"""The shared StreamField block library every plugin builds its bodies from.

Blocks are ordered by size: atoms (heading, rich text, link), molecules (image, quote, call to
action, document list, key figures, table, video, location, page teasers) and organisms
(gallery, accordion). A molecule may contain atoms, an organism molecules; a stream
(:class:`BodyBlock`) holds molecules and organisms. Plugins extend :class:`BodyBlock` with their
own blocks (``projekte.blocks``); this module never imports a plugin.

Block names (the keys in :class:`BodyBlock`) are a public API contract: the ``type`` in JSON.

Every reference (page, image, document) goes through a chooser block, so that the API can
resolve it and :func:`cms.content.references.prune` can leave it out when its target is gone.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.content.references import OMIT, prune
from cms.content.safe_urls import validate_safe_url

#: The restricted rich-text feature set: structure comes from blocks, not from the editor.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

ALT_TEXT_MISSING = _(
    "Bitte geben Sie einen Alternativtext ein: Das gewählte Bild hat keinen "
    "Standard-Alternativtext, und ohne ihn kann die Seite nicht veröffentlicht werden."
)


def alt_text_missing(image, override: str | None) -> bool:
    """True when ``image`` is chosen but neither it nor the block/page gives an alt text."""
    if image is None:
        return False
    return not (override or "").strip() and not (getattr(image, "description", "") or "").strip()


# --- Atoms ---------------------------------------------------------------------------------


class HeadingBlock(blocks.StructBlock):
    """A subheading inside the body (the page's own heading is its title).

    API v1: ``{"text": str, "level": "h2" | "h3" | "h4"}`` (schema ``HeadingBlock``).
    """

    text = blocks.CharBlock(
        label=_("Überschrift"), max_length=200, help_text=_("Text der Zwischenüberschrift.")
    )
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", _("Ebene 2")), ("h3", _("Ebene 3")), ("h4", _("Ebene 4"))],
        default="h2",
        help_text=_("Ebene 2 gliedert die Seite, Ebene 3 und 4 unterteilen einen Abschnitt."),
    )

    class Meta:
        icon = "title"
        label = _("Zwischenüberschrift")
        help_text = _("Gliedert den Text; die Seitenüberschrift ist der Titel der Seite.")
        preview_value = {"text": "Nordthüringen – eine Region mit Potenzial", "level": "h2"}


class RichTextBlock(blocks.RichTextBlock):
    """Rich text limited to :data:`RICH_TEXT_FEATURES` unless ``features`` is passed.

    API v1: the HTML as one string; links to pages and documents point to their front-end
    URLs (a link whose target the reader may not see, or that is gone, becomes plain text),
    unsafe link targets are removed (:mod:`cms.content.safe_urls`).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        help_text = _("Fließtext mit Fett, Kursiv, Listen und Verweisen.")
        preview_value = (
            "<p>Das Regionalmanagement Nordthüringen verbindet Unternehmen, Kommunen "
            "und Schulen der Region.</p>"
        )


class LinkBlock(blocks.StructBlock):
    """A labelled link to exactly one target: a page, a document or an external address."""

    label = blocks.CharBlock(
        label=_("Beschriftung"), max_length=100, help_text=_("Text des Verweises.")
    )
    page = blocks.PageChooserBlock(
        label=_("Seite"), required=False, help_text=_("Eine Seite dieser Website.")
    )
    document = DocumentChooserBlock(
        label=_("Dokument"), required=False, help_text=_("Ein Dokument aus der Mediathek.")
    )
    url = blocks.URLBlock(
        label=_("Externe Adresse"),
        required=False,
        help_text=_("Nur für Ziele außerhalb dieser Website, beginnend mit https://."),
    )

    TARGETS = ("page", "document", "url")

    def clean(self, value):
        """Wagtail's validation plus the link rules; returns the cleaned value.

        Raises ``StructBlockValidationError`` (German messages, keyed to the child) when ``url``
        breaks the URL rule of :func:`cms.content.safe_urls.validate_safe_url`, when no target is chosen
        (error on ``page``; not while a draft is saved with deferred validation) or when more
        than one is (error on each target after the first).
        """
        value = super().clean(value)
        try:
            validate_safe_url(value.get("url"))
        except ValidationError as exc:
            raise StructBlockValidationError(block_errors={"url": exc}) from None
        chosen = [name for name in self.TARGETS if value.get(name)]
        if getattr(self, "is_deferred_validation", False) and not chosen:
            return value
        if not chosen:
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Bitte wählen Sie ein Ziel: eine Seite, ein Dokument oder eine Adresse.")
                    )
                }
            )
        if len(chosen) > 1:
            raise StructBlockValidationError(
                block_errors={
                    name: ValidationError(
                        _("Bitte wählen Sie nur ein Ziel: Seite, Dokument oder Adresse.")
                    )
                    for name in chosen[1:]
                }
            )
        return value

    def is_complete(self, value) -> bool:
        """Output keeps a link only while its target exists (see ``cms.content.references.prune``)."""
        return any(value.get(name) for name in self.TARGETS)

    class Meta:
        icon = "link"
        label = _("Verweis")
        help_text = _("Wählen Sie genau ein Ziel: eine Seite, ein Dokument oder eine Adresse.")
        preview_value = {"label": "Mehr erfahren", "url": "https://www.example.org/"}


# --- Molecules ------------------------------------------------------------------------------


class ImageBlock(blocks.StructBlock):
    """An image with alt text, caption and credit; the image's own values are the defaults.

    The three text children are per-use overrides (page text, translated with the page); the
    API folds them into the image object (``image_text_overrides``, :mod:`cms.content.media_texts`).
    """

    #: API text name → child block holding this use's override.
    image_text_overrides = {"alt": "alt_text", "caption": "caption", "credit": "credit"}

    image = ImageChooserBlock(label=_("Bild"), help_text=_("Bild aus der Bildverwaltung."))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        required=False,
        max_length=255,
        help_text=_(
            "Beschreibt das Bild für Menschen, die es nicht sehen. Leer lassen, um den "
            "Alternativtext des Bildes zu verwenden."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Bildunterschrift"),
        required=False,
        max_length=255,
        help_text=_("Leer lassen, um die Bildunterschrift des Bildes zu verwenden."),
    )
    credit = blocks.CharBlock(
        label=_("Bildnachweis"),
        required=False,
        max_length=255,
        help_text=_("Leer lassen, um den Bildnachweis des Bildes zu verwenden."),
    )

    def clean(self, value):
        """Wagtail's validation plus the alt-text rule; returns the cleaned value.

        Raises ``StructBlockValidationError`` on ``alt_text`` when the chosen image has no
        default alt text and this use gives none (:func:`alt_text_missing`); drafts saved with
        deferred validation may lack it, publishing may not.
        """
        value = super().clean(value)
        if not getattr(self, "is_deferred_validation", False) and alt_text_missing(
            value.get("image"), value.get("alt_text")
        ):
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError(ALT_TEXT_MISSING)}
            )
        return value

    def get_api_representation(self, value, context=None):
        """The chosen image plus the effective alt text, caption and credit (override or default)."""
        representation = super().get_api_representation(value, context)
        image = value.get("image")
        if image is not None:
            for field, default in (
                ("alt_text", image.description),
                ("caption", getattr(image, "caption", "")),
                ("credit", getattr(image, "credit", "")),
            ):
                representation[field] = value.get(field) or default or ""
        return representation

    class Meta:
        icon = "image"
        label = _("Bild")
        help_text = _("Ein Bild mit Alternativtext, Bildunterschrift und Bildnachweis.")
        preview_value = {
            "alt_text": "Der beleuchtete Kali-Schacht in Bleicherode",
            "caption": "Der beleuchtete Bleicheröder Kali-Schacht",
            "credit": "Foto: Regionalmanagement Nordthüringen",
        }


class QuoteBlock(blocks.StructBlock):
    """A highlighted quotation with its source.

    API v1: ``{"text": str, "author": str, "role": str}`` (``author``/``role`` may be ``""``).
    """

    text = blocks.TextBlock(
        label=_("Zitat"), help_text=_("Der zitierte Text ohne Anführungszeichen.")
    )
    author = blocks.CharBlock(
        label=_("Person"), required=False, max_length=150, help_text=_("Wer das gesagt hat.")
    )
    role = blocks.CharBlock(
        label=_("Funktion"),
        required=False,
        max_length=150,
        help_text=_("Funktion oder Organisation der Person."),
    )

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        help_text = _("Ein hervorgehobenes Zitat mit Quelle.")
        preview_value = {
            "text": "Die Firmen kommen zu den Schulen – das funktioniert.",
            "author": "Regionalmanagement Nordthüringen",
        }


class CallToActionBlock(blocks.StructBlock):
    """A highlighted box with a title, a short text and one button.

    API v1: ``{"title": str, "text": str, "link": LinkBlock}``.
    """

    title = blocks.CharBlock(
        label=_("Titel"), max_length=120, help_text=_("Kurze, auffordernde Überschrift.")
    )
    text = blocks.TextBlock(
        label=_("Text"), required=False, max_length=400, help_text=_("Ein bis zwei Sätze.")
    )
    link = LinkBlock(
        label=_("Schaltfläche"), help_text=_("Beschriftung und Ziel der Schaltfläche.")
    )

    class Meta:
        icon = "pick"
        label = _("Handlungsaufforderung")
        help_text = _(
            "Ein hervorgehobener Kasten mit Schaltfläche zu einer Seite, einem Dokument oder einer Adresse."
        )
        preview_value = {
            "title": "Mitmachen bei „Schule trifft Wirtschaft“",
            "text": "Unternehmen der Region stellen sich an Schulen vor.",
            "link": {"label": "Jetzt informieren", "url": "https://www.example.org/"},
        }


class DocumentListBlock(blocks.StructBlock):
    """A titled list of downloadable documents.

    API v1: ``{"title": str, "documents": [Document, …]}``; documents the reader may not see or
    that are gone are left out.
    """

    title = blocks.CharBlock(
        label=_("Titel"), required=False, max_length=150, help_text=_("Z. B. „Downloads“.")
    )
    documents = blocks.ListBlock(
        DocumentChooserBlock(label=_("Dokument"), help_text=_("Ein Dokument aus der Mediathek.")),
        label=_("Dokumente"),
        min_num=1,
        help_text=_("Die Dokumente in der gewünschten Reihenfolge."),
    )

    def is_complete(self, value) -> bool:
        """Whether ``value`` still lists a document; an empty list is left out of reader output
        (:func:`cms.content.references.prune`).
        """
        return len(value.get("documents") or []) > 0

    class Meta:
        icon = "doc-full"
        label = _("Dokumentenliste")
        help_text = _("Eine Liste herunterladbarer Dokumente.")
        preview_value = {"title": "Downloads", "documents": []}


class KeyFigureBlock(blocks.StructBlock):
    """One figure with its meaning; ``value`` is free text with its unit ("250 ha").

    API v1: ``{"value": str, "label": str}``.
    """

    value = blocks.CharBlock(
        label=_("Wert"), max_length=30, help_text=_("Die Zahl, z. B. „6“ oder „250 ha“.")
    )
    label = blocks.CharBlock(
        label=_("Bezeichnung"), max_length=100, help_text=_("Was die Zahl bedeutet.")
    )

    class Meta:
        icon = "order"
        label = _("Kennzahl")
        help_text = _("Eine Zahl mit Bezeichnung.")
        preview_value = {"value": "6", "label": "Partnerregionen"}


class KeyFiguresBlock(blocks.StructBlock):
    """One to eight highlighted figures under an optional title.

    API v1: ``{"title": str, "figures": [KeyFigureBlock, …]}``.
    """

    title = blocks.CharBlock(
        label=_("Titel"),
        required=False,
        max_length=150,
        help_text=_("Überschrift über den Zahlen."),
    )
    figures = blocks.ListBlock(
        KeyFigureBlock(),
        label=_("Kennzahlen"),
        min_num=1,
        max_num=8,
        help_text=_("Eine bis acht Kennzahlen."),
    )

    class Meta:
        icon = "table"
        label = _("Kennzahlen")
        help_text = _("Hervorgehobene Zahlen, z. B. Partner oder Fläche.")
        preview_value = {
            "title": "Nordthüringen in Zahlen",
            "figures": [{"value": "6", "label": "Partnerregionen"}],
        }


class TableBlock(blocks.StructBlock):
    """A plain table of text cells, optionally with a header row.

    API v1: ``{"caption": str, "header_row": bool, "rows": [[str, …], …]}``, rows top to bottom,
    cells left to right; every row has the same number of cells.
    """

    caption = blocks.CharBlock(
        label=_("Beschriftung"),
        required=False,
        max_length=200,
        help_text=_("Worum es in der Tabelle geht."),
    )
    header_row = blocks.BooleanBlock(
        label=_("Erste Zeile ist Kopfzeile"),
        required=False,
        default=True,
        help_text=_("Die erste Zeile enthält die Spaltenüberschriften."),
    )
    rows = blocks.ListBlock(
        blocks.ListBlock(
            blocks.CharBlock(label=_("Zelle"), required=False, help_text=_("Inhalt der Zelle.")),
            label=_("Zeile"),
            min_num=1,
            help_text=_("Die Zellen einer Zeile, von links nach rechts."),
        ),
        label=_("Zeilen"),
        min_num=1,
        help_text=_("Die Zeilen der Tabelle, von oben nach unten."),
    )

    def clean(self, value):
        """Wagtail's validation plus equal row widths; returns the cleaned value.

        Raises ``StructBlockValidationError`` on ``rows`` (German message) when rows differ in
        their number of cells.
        """
        value = super().clean(value)
        widths = {len(row) for row in value.get("rows") or []}
        if len(widths) > 1:
            raise StructBlockValidationError(
                block_errors={
                    "rows": ValidationError(
                        _("Alle Zeilen der Tabelle müssen gleich viele Zellen haben.")
                    )
                }
            )
        return value

    class Meta:
        icon = "table"
        label = _("Tabelle")
        help_text = _("Eine einfache Tabelle mit optionaler Kopfzeile.")
        preview_value = {
            "caption": "Termine",
            "header_row": True,
            "rows": [["Ort", "Datum"], ["Sondershausen", "12.05."]],
        }


class VideoBlock(blocks.StructBlock):
    """An embedded video (YouTube, Vimeo … through Wagtail's oEmbed finders).

    API v1: ``{"video": Embed | null, "caption": str}``.
    """

    video = EmbedBlock(
        label=_("Video-Adresse"),
        help_text=_("Adresse des Videos, z. B. bei YouTube oder Vimeo."),
    )
    caption = blocks.CharBlock(
        label=_("Beschreibung"),
        required=False,
        max_length=255,
        help_text=_("Worum es im Video geht."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        help_text = _("Ein eingebettetes Video.")
        preview_value = {"caption": "Die Region stellt sich vor"}


class LocationBlock(blocks.StructBlock):
    """A named place with address and coordinates for a map.

    API v1: ``{"name": str, "address": str, "latitude": float, "longitude": float}``; coordinates
    in decimal degrees (WGS 84), latitude in [-90, 90], longitude in [-180, 180].
    """

    name = blocks.CharBlock(
        label=_("Name"), max_length=150, help_text=_("Z. B. „Rathaus Sondershausen“.")
    )
    address = blocks.TextBlock(
        label=_("Anschrift"), required=False, help_text=_("Straße, Postleitzahl und Ort.")
    )
    latitude = blocks.FloatBlock(
        label=_("Breitengrad"),
        min_value=-90,
        max_value=90,
        help_text=_("Dezimalgrad, z. B. 51.3667 für Sondershausen."),
    )
    longitude = blocks.FloatBlock(
        label=_("Längengrad"),
        min_value=-180,
        max_value=180,
        help_text=_("Dezimalgrad, z. B. 10.8667 für Sondershausen."),
    )

    class Meta:
        icon = "site"
        label = _("Ort")
        help_text = _("Ein Ort mit Anschrift und Koordinaten für eine Karte.")
        preview_value = {
            "name": "Sondershausen",
            "address": "Markt 7, 99706 Sondershausen",
            "latitude": 51.3667,
            "longitude": 10.8667,
        }


class PageTeasersBlock(blocks.StructBlock):
    """Teasers of hand-picked pages of any type; plugins offer typed variants."""

    title = blocks.CharBlock(
        label=_("Titel"),
        required=False,
        max_length=150,
        help_text=_("Überschrift über den Teasern."),
    )
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(label=_("Seite"), help_text=_("Eine veröffentlichte Seite.")),
        label=_("Seiten"),
        min_num=1,
        max_num=12,
        help_text=_("Die Seiten in der gewünschten Reihenfolge."),
    )

    def is_complete(self, value) -> bool:
        """Whether ``value`` still lists a page; an empty list is left out of reader output
        (:func:`cms.content.references.prune`).
        """
        return len(value.get("pages") or []) > 0

    class Meta:
        icon = "doc-empty-inverse"
        label = _("Seitenteaser")
        help_text = _("Kurzvorstellungen ausgewählter Seiten.")
        preview_value = {"title": "Mehr dazu", "pages": []}


# --- Organisms ------------------------------------------------------------------------------


class GalleryBlock(blocks.StructBlock):
    """Two to 24 images (each an :class:`ImageBlock`) under an optional title.

    API v1: ``{"title": str, "images": [ImageBlock, …]}``.
    """

    title = blocks.CharBlock(
        label=_("Titel"), required=False, max_length=150, help_text=_("Überschrift der Galerie.")
    )
    images = blocks.ListBlock(
        ImageBlock(),
        label=_("Bilder"),
        min_num=2,
        max_num=24,
        help_text=_("Zwei bis 24 Bilder, jeweils mit Alternativtext."),
    )

    def is_complete(self, value) -> bool:
        """Whether ``value`` still holds an image; an empty gallery is left out of reader output
        (:func:`cms.content.references.prune`).
        """
        return len(value.get("images") or []) > 0

    class Meta:
        icon = "image"
        label = _("Galerie")
        help_text = _("Mehrere Bilder als Galerie.")
        preview_value = {"title": "Eindrücke", "images": []}


class AccordionItemBlock(blocks.StructBlock):
    """One entry of an accordion: an always visible question or title, a rich-text answer.

    API v1: ``{"question": str, "answer": str (HTML)}``.
    """

    question = blocks.CharBlock(
        label=_("Frage oder Titel"), max_length=200, help_text=_("Wird immer angezeigt.")
    )
    answer = RichTextBlock(
        label=_("Antwort oder Inhalt"), help_text=_("Wird beim Aufklappen angezeigt.")
    )

    class Meta:
        icon = "help"
        label = _("Eintrag")
        help_text = _("Ein aufklappbarer Eintrag.")
        preview_value = {
            "question": "Wer kann beim Regionalbudget Anträge stellen?",
            "answer": "<p>Vereine, Kommunen und kleine Unternehmen der Region.</p>",
        }


class AccordionBlock(blocks.StructBlock):
    """Collapsible entries (FAQ) under an optional title.

    API v1: ``{"title": str, "items": [AccordionItemBlock, …]}``.
    """

    title = blocks.CharBlock(
        label=_("Titel"), required=False, max_length=150, help_text=_("Z. B. „Häufige Fragen“.")
    )
    items = blocks.ListBlock(
        AccordionItemBlock(),
        label=_("Einträge"),
        min_num=1,
        help_text=_("Die aufklappbaren Einträge in der gewünschten Reihenfolge."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Akkordeon / FAQ")
        help_text = _("Aufklappbare Fragen und Antworten.")
        preview_value = {
            "title": "Häufige Fragen",
            "items": [
                {
                    "question": "Was ist das Regionalbudget?",
                    "answer": "<p>Ein Förderprogramm für kleine Projekte im ländlichen Raum.</p>",
                }
            ],
        }


# --- Streams --------------------------------------------------------------------------------


class CmsStreamBlock(blocks.StreamBlock):
    """A stream whose API output never contains a broken reference (see ``cms.content.references``)
    nor a reference the requesting reader may not see (``cms.visibility``)."""

    def get_api_representation(self, value, context=None):
        """Wagtail's stream representation (a list of ``{"type", "value", "id"}``) after
        :func:`cms.content.references.prune` removed broken references and what the reader of
        ``context["request"]`` may not see (:func:`cms.visibility.view_for_request`; no request
        means the anonymous reader). ``[]`` when nothing is left.
        """
        from cms.visibility import view_for_request

        view = view_for_request((context or {}).get("request"))
        pruned = prune(self, value, view) if value is not None else value
        if pruned is OMIT:
            return []
        return super().get_api_representation(pruned, context)


class BodyBlock(CmsStreamBlock):
    """The core body stream; plugins subclass it and add their own blocks."""

    heading = HeadingBlock()
    rich_text = RichTextBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document_list = DocumentListBlock()
    page_teasers = PageTeasersBlock()
    key_figures = KeyFiguresBlock()
    accordion = AccordionBlock()
    table = TableBlock()
    video = VideoBlock()
    location = LocationBlock()

    class Meta:
        label = _("Inhalt")
        help_text = _("Der Inhalt der Seite aus Textabschnitten, Bildern und weiteren Elementen.")


class MenuItemBlock(blocks.StructBlock):
    """An entry of the main menu: a link and optional sub-entries (one level).

    API v1: ``{"link": LinkBlock, "children": [LinkBlock, …]}``.
    """

    link = LinkBlock(label=_("Verweis"), help_text=_("Beschriftung und Ziel des Menüeintrags."))
    children = blocks.ListBlock(
        LinkBlock(label=_("Untereintrag")),
        label=_("Untereinträge"),
        required=False,
        default=[],
        min_num=0,
        help_text=_("Optionale Einträge im aufklappbaren Untermenü."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Menüeintrag")
        help_text = _("Ein Eintrag im Hauptmenü, optional mit Untermenü.")
        preview_value = {"link": {"label": "Projekte", "url": "https://www.example.org/projekte/"}}


class LinkColumnBlock(blocks.StructBlock):
    """A column of the footer or the off-canvas menu: title, optional rich text (an address,
    say) and links.

    API v1: ``{"title": str, "text": str (HTML), "links": [LinkBlock, …]}``.
    """

    title = blocks.CharBlock(
        label=_("Titel"), max_length=100, help_text=_("Überschrift der Spalte.")
    )
    text = blocks.RichTextBlock(
        label=_("Text"),
        required=False,
        features=["bold", "italic", "link"],
        help_text=_("Optionaler Text, z. B. eine Anschrift."),
    )
    links = blocks.ListBlock(
        LinkBlock(),
        label=_("Verweise"),
        min_num=0,
        default=[],
        help_text=_("Die Verweise der Spalte."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Spalte")
        help_text = _("Eine Spalte mit Titel, Text und Verweisen.")
        preview_value = {"title": "Kontakt", "links": []}
