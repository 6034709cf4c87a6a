"""Documents (“Mediathek”): a page per published file, with facts computed from the file."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from cms.content import CmsPage
from cms.visibility import describes
from projekte.forms import LocaleFilteredPageForm
from projekte.models.sections import SectionIndexPage, section_intro

__all__ = ["ALLOWED_DOCUMENT_EXTENSIONS", "DocumentIndexPage", "DocumentKind", "DocumentPage"]

#: PDF first; Word and Excel files are accepted as well.
ALLOWED_DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx")


class DocumentIndexPage(SectionIndexPage):
    """The “Mediathek”: the list of documents; one per locale, directly under the home page."""

    subpage_types = ["projekte.DocumentPage"]

    intro = section_intro(_("Text über der Liste der Dokumente."))

    class Meta:
        verbose_name = _("Mediathek")
        verbose_name_plural = _("Mediatheken")


class DocumentKind(models.TextChoices):
    """What a published document is (declaration, minutes, concept …); the ``kind`` filter of the
    API, ``kind_label`` its name in the answer's language.
    """

    DECLARATION = "declaration", _("Erklärung")
    MINUTES = "minutes", _("Protokoll")
    CONCEPT = "concept", _("Konzept")
    MASTERPLAN = "masterplan", _("Masterplan")
    REPORT = "report", _("Bericht")


class DocumentPage(CmsPage):
    """One published document: the file, what kind it is, its date and a summary."""

    parent_page_types = ["projekte.DocumentIndexPage"]
    subpage_types: list[str] = []
    base_form_class = LocaleFilteredPageForm

    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Datei"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        error_messages={
            "null": _("Bitte wählen Sie eine Datei aus."),
            "blank": _("Bitte wählen Sie eine Datei aus."),
        },
        help_text=_("Die Datei (PDF bevorzugt; Word- und Excel-Dateien sind erlaubt)."),
    )
    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=DocumentKind.choices,
        help_text=_("Erklärung, Protokoll, Konzept, Masterplan oder Bericht."),
    )
    date = models.DateField(
        _("Datum"), help_text=_("Datum des Dokuments, z. B. der Sitzung oder der Veröffentlichung.")
    )
    summary = models.TextField(
        _("Zusammenfassung"),
        max_length=1000,
        help_text=_("Worum es im Dokument geht, in wenigen Sätzen."),
    )

    content_panels = [
        *CmsPage.content_panels,
        FieldPanel("document"),
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
    ]
    search_fields = [
        *CmsPage.search_fields,
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("document"),
        APIField("kind"),
        APIField("date"),
        APIField("summary"),
        APIField("file_size"),
        APIField("mime_type"),
        APIField("page_count"),
        APIField("related_projects"),
    ]
    api_card_fields = ("kind", "date", "summary", "file_size", "mime_type", "page_count")

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def clean(self) -> None:
        """Page validation plus the file type: raises ``ValidationError`` on ``document`` (German)
        when the chosen file's extension is not in ``ALLOWED_DOCUMENT_EXTENSIONS`` (PDF, DOCX,
        XLSX).
        """
        super().clean()
        document = self.document
        if (
            document is not None
            and document.file_extension.lower() not in ALLOWED_DOCUMENT_EXTENSIONS
        ):
            raise ValidationError(
                {
                    "document": _(
                        "Dieser Dateityp ist nicht erlaubt. Bitte wählen Sie eine PDF-, Word- (DOCX) "
                        "oder Excel-Datei (XLSX)."
                    )
                }
            )

    # File facts: computed from the file by cms.content.documents, never typed by editors; they vanish
    # with the file for readers who may not see it (cms.visibility.describes).
    @property
    @describes("document")
    def file_size(self) -> int | None:
        """Size of the file in bytes."""
        return self.document.get_file_size() if self.document else None

    @property
    @describes("document")
    def mime_type(self) -> str:
        """The file's MIME type as stored on the document (``""`` without one); empty for readers
        who may not see the file.
        """
        return self.document.mime_type if self.document else ""

    @property
    @describes("document")
    def page_count(self) -> int | None:
        """Number of pages of a PDF (empty for other files)."""
        return self.document.page_count if self.document else None
