"""Alt text is required: on images in the admin, and on every image a page publishes.

An image's ``description`` is its default alt text and is required when an editor uploads or
edits an image (``cms.image_forms.CmsImageForm``, wired by ``WAGTAILIMAGES_IMAGE_FORM_BASE``). Pages may
override it per use (image blocks, hero images); a page whose image has neither cannot be
published. Drafts may still be saved: Wagtail 8 defers required-field validation when saving a
draft, and this check follows that rule (blocks through ``is_deferred_validation``, page fields
through :class:`AltTextPageForm`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from cms.blocks import ALT_TEXT_MISSING, alt_text_missing


class AltTextRequiredMixin:
    """Page mixin: ``alt_text_fields`` maps image fields to their alt-text override field.

    ``clean()`` refuses an image without any alt text unless the current save is a draft
    (``_alt_text_deferred``, set by :class:`AltTextPageForm`). The error names the override
    field when there is one, else the image field.
    """

    alt_text_fields: dict[str, str | None] = {}

    def clean(self):
        super().clean()
        if getattr(self, "_alt_text_deferred", False):
            return
        errors = {}
        for image_field, alt_field in self.alt_text_fields.items():
            image = getattr(self, image_field, None)
            override = getattr(self, alt_field, "") if alt_field else ""
            if alt_text_missing(image, override):
                errors[alt_field or image_field] = ValidationError(ALT_TEXT_MISSING)
        if errors:
            raise ValidationError(errors)


class AltTextPageForm(WagtailAdminPageForm):
    """Tells the page whether this save is a draft, so alt text is only required to publish."""

    def clean(self):
        cleaned_data = super().clean()
        self.instance._alt_text_deferred = self.is_deferred_validation
        return cleaned_data
