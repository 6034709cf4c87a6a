"""Form bases for image and document uploads (``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Wagtail builds every image and document form from these bases: the single upload and edit views,
the multiple uploader and the choosers' upload tabs. Each swaps the file field for one that runs
:mod:`cms.admin.uploads` before Wagtail's own checks, so a refused file is never saved. The image
form also makes the alt text (Wagtail's ``description``) required.
"""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from cms.admin.uploads import check_document_upload, check_image_upload


class CmsImageField(WagtailImageField):
    """Wagtail's image upload field with the project's checks (:func:`check_image_upload`)."""

    def to_python(self, data):
        """Check an uploaded file before Wagtail reads it; raises ``ValidationError`` (German) when
        it is too big, of a refused kind, disguised or broken.
        """
        if data not in self.empty_values and hasattr(data, "read"):
            check_image_upload(data)
        return super().to_python(data)


class CmsDocumentField(WagtailDocumentField):
    """Wagtail's document upload field with the project's checks (:func:`check_document_upload`)."""

    def to_python(self, data):
        """Check an uploaded file before Wagtail stores it; raises ``ValidationError`` (German) for
        a refused kind, disguised content, an unreadable PDF or a file too big.
        """
        if data not in self.empty_values and hasattr(data, "read"):
            check_document_upload(data)
        return super().to_python(data)


def _swap_file_field(form, field_class) -> None:
    old = form.fields.get("file")
    if old is None or isinstance(old, field_class):
        return
    new = field_class(label=old.label, required=old.required, widget=old.widget)
    new.help_text = old.help_text or new.help_text
    form.fields["file"] = new


class CmsImageForm(BaseImageForm):
    """Image form: checked upload, required alt text with German help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, CmsImageField)
        alt = self.fields.get("description")
        if alt is not None:
            alt.required = True
            alt.label = _("Alternativtext")
            alt.help_text = _(
                "Beschreiben Sie in einem Satz, was auf dem Bild zu sehen ist – für Menschen, die "
                "das Bild nicht sehen können. Pflichtfeld. Nicht „Bild von …“ schreiben."
            )
            alt.error_messages["required"] = _(
                "Bitte geben Sie einen Alternativtext ein: was ist auf dem Bild zu sehen?"
            )


def file_facts(document) -> str:
    """The facts computed from a stored document's file, in German: "PDF, 3 Seiten, 12,3 KB"."""
    parts = [document.file_extension.upper()] if document.file else []
    if document.page_count:
        parts.append(
            ngettext("%(count)d Seite", "%(count)d Seiten", document.page_count)
            % {"count": document.page_count}
        )
    if document.file_size:
        parts.append(filesizeformat(document.file_size))
    return ", ".join(parts)


class CmsDocumentForm(BaseDocumentForm):
    """Document form: checked upload (kind, content, readable PDF); shows the file facts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, CmsDocumentField)
        if self.instance.pk and self.instance.file:
            self.fields["file_facts"] = forms.CharField(
                label=_("Dateiangaben"),
                required=False,
                disabled=True,
                initial=file_facts(self.instance),
                help_text=_("Automatisch aus der Datei ermittelt (Format, Seitenzahl, Größe)."),
            )
