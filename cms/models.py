"""The core's own models: the image and document models every plugin shares.

Images carry a caption and a credit next to Wagtail's ``description`` (the default alt text).
Documents carry facts computed from the file (MIME type, PDF page count) and the extracted full
text for search; editors never type these.

The texts a reader sees (an image's title, alt text, caption and credit; a document's title and
summary) are stored on the image or document in the source locale (German) and per further locale
in :class:`ImageText` and :class:`DocumentText` (as Contentful localises an asset's fields). How
they are translated, and how they fall back, is :mod:`cms.content.media_texts`.

``ChangeEvent`` (the change feed, :mod:`cms.delivery.models`) is part of the plugin surface: a
plugin's feed consumer receives one and may read the feed (say, to skip work a later event will
do again).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index

__all__ = [
    "ApiToken",
    "ChangeEvent",
    "CmsDocument",
    "CmsImage",
    "CmsRendition",
    "ContentGeneration",
    "DocumentText",
    "FrontEnd",
    "ImageText",
    "PreviewSnapshot",
    "TextExtraction",
]


class CmsImage(AbstractImage):
    """The project's image model (``WAGTAILIMAGES_IMAGE_MODEL``): Wagtail's image plus a default
    ``caption`` and ``credit`` (German; other locales in :class:`ImageText`). The alt text is
    Wagtail's ``description``.
    """

    caption = models.CharField(
        _("Bildunterschrift"),
        max_length=255,
        blank=True,
        help_text=_("Wird unter dem Bild angezeigt, z. B. was oder wer zu sehen ist."),
    )
    credit = models.CharField(
        _("Bildnachweis"),
        max_length=255,
        blank=True,
        help_text=_("Urheber oder Quelle des Bildes, z. B. „Foto: Regionalmanagement“."),
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")
    search_fields = [*AbstractImage.search_fields, index.SearchField("caption")]

    class Meta(AbstractImage.Meta):
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")


class CmsRendition(AbstractRendition):
    """Renditions of :class:`CmsImage`, one per image, filter spec and focal point."""

    image = models.ForeignKey(CmsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class TextExtraction(models.TextChoices):
    """The state of a document's full-text extraction (``text_extraction``): pending, done, empty
    (no text layer), encrypted, failed, or not a PDF.
    """

    PENDING = "pending", _("ausstehend")
    DONE = "done", _("Text erkannt")
    EMPTY = "empty", _("kein Text (z. B. nur Bilder)")
    ENCRYPTED = "encrypted", _("verschlüsselt")
    FAILED = "failed", _("nicht lesbar")
    NOT_APPLICABLE = "n/a", _("kein PDF")


class CmsDocument(AbstractDocument):
    """The project's document model (``WAGTAILDOCS_DOCUMENT_MODEL``): Wagtail's document plus
    ``summary`` (German; other locales in :class:`DocumentText`) and file facts computed from the
    file, never typed: ``mime_type``, ``page_count`` (PDFs), ``text_content`` for search and its
    ``text_extraction`` state.
    """

    mime_type = models.CharField(_("MIME-Typ"), max_length=100, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("Seitenzahl"), null=True, blank=True, editable=False)
    text_content = models.TextField(_("Volltext"), blank=True, editable=False)
    text_extraction = models.CharField(
        _("Texterkennung"),
        max_length=20,
        choices=TextExtraction.choices,
        default=TextExtraction.PENDING,
        editable=False,
    )

    summary = models.TextField(
        _("Zusammenfassung"),
        max_length=1000,
        blank=True,
        help_text=_("Worum es im Dokument geht, in ein bis zwei Sätzen; darf leer bleiben."),
    )

    admin_form_fields = (*Document.admin_form_fields, "summary")
    search_fields = [*AbstractDocument.search_fields, index.SearchField("text_content")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def save(self, *args, **kwargs):
        """Compute the file facts on a save that brings a new file or lacks them
        (:func:`cms.content.documents.needs_file_facts`), then save."""
        # File facts (MIME type, PDF page count, size) come from the file: see cms.content.documents.
        from cms.content.documents import compute_file_facts, needs_file_facts

        if needs_file_facts(self, kwargs.get("update_fields")):
            compute_file_facts(self)
        super().save(*args, **kwargs)


class ImageText(models.Model):
    """An image's texts in one locale other than the source locale; empty fields fall back.

    Written when a translated page that shows the image is published (the page's translation
    carries the image's texts, :mod:`cms.content.media_texts`), or by hand in the admin.
    """

    image = models.ForeignKey(
        CmsImage, verbose_name=_("Bild"), on_delete=models.CASCADE, related_name="texts"
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("Sprache"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("Titel"), max_length=255, blank=True)
    alt = models.CharField(
        _("Alternativtext"),
        max_length=255,
        blank=True,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen."),
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=255, blank=True)
    credit = models.CharField(_("Bildnachweis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Bildtext")
        verbose_name_plural = _("Bildtexte")
        constraints = [
            models.UniqueConstraint(fields=["image", "locale"], name="cms_imagetext_unique_locale")
        ]

    def __str__(self) -> str:
        return f"{self.image} ({self.locale})"


class DocumentText(models.Model):
    """A document's texts in one locale other than the source locale; empty fields fall back."""

    document = models.ForeignKey(
        CmsDocument, verbose_name=_("Dokument"), on_delete=models.CASCADE, related_name="texts"
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("Sprache"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("Titel"), max_length=255, blank=True)
    summary = models.TextField(_("Zusammenfassung"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("Dokumenttext")
        verbose_name_plural = _("Dokumenttexte")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "locale"], name="cms_documenttext_unique_locale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.locale})"


# The API's own models (front ends, scoped tokens, cache generation) live with the API.
from cms.api.models import ApiToken, ContentGeneration, FrontEnd, PreviewSnapshot  # noqa: E402, F401

# The change feed (cms.delivery) is numbered and stored here too.
from cms.delivery.models import (  # noqa: E402, F401
    ChangeEvent,
    ChangeSequence,
    WebhookDelivery,
    WebhookEndpoint,
)
