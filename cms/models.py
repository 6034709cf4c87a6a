"""The core's own models: the image and document models every plugin shares.

Images carry a caption and a credit next to Wagtail's ``description`` (the default alt text).
Documents carry facts computed from the file (MIME type, PDF page count) and the extracted full
text for search; editors never type these.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index


class CmsImage(AbstractImage):
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
    image = models.ForeignKey(CmsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class TextExtraction(models.TextChoices):
    PENDING = "pending", _("ausstehend")
    DONE = "done", _("Text erkannt")
    EMPTY = "empty", _("kein Text (z. B. nur Bilder)")
    ENCRYPTED = "encrypted", _("verschlüsselt")
    FAILED = "failed", _("nicht lesbar")
    NOT_APPLICABLE = "n/a", _("kein PDF")


class CmsDocument(AbstractDocument):
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

    admin_form_fields = Document.admin_form_fields
    search_fields = [*AbstractDocument.search_fields, index.SearchField("text_content")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def save(self, *args, **kwargs):
        # File facts (MIME type, PDF page count, size) come from the file: see cms.documents.
        from cms.documents import compute_file_facts, needs_file_facts

        if needs_file_facts(self, kwargs.get("update_fields")):
            compute_file_facts(self)
        super().save(*args, **kwargs)


# The API's own models (front ends, scoped tokens, cache generation) live with the API.
from cms.api.models import ApiToken, ContentGeneration, FrontEnd  # noqa: E402, F401
