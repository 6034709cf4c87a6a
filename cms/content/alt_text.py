"""Alt text is required: on images in the admin, and on every image a page publishes.

An image's ``description`` is its default alt text and is required when an editor uploads or
edits an image (``cms.image_forms.CmsImageForm``, wired by ``WAGTAILIMAGES_IMAGE_FORM_BASE``). Pages may
override it per use (image blocks, hero images); a page whose image has neither cannot be
published. Drafts may still be saved: Wagtail 8 defers required-field validation when saving a
draft, and this check follows that rule (blocks through ``is_deferred_validation``, page fields
through :class:`AltTextPageForm`).

In every other locale the same holds per locale (:func:`publication_refused`): a page cannot be
published while one of its images has no alt text in the page's language, neither a translated
per-use override nor the image's own alt text translated for that locale
(:func:`cms.content.media_texts.missing_alt_texts`). The check runs where such pages are
published: the translation editor's "Veröffentlichen" and the page editor (hooks in
``cms.admin.hooks``), and wagtail-localize's "Übersetzungen aktualisieren … Sofort
veröffentlichen" (``cms.translation.views.UpdatePublishedTranslationsView``), which keeps a
refused target as a draft and says why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.content.blocks import ALT_TEXT_MISSING, alt_text_missing


class AltTextRequiredMixin:
    """Page mixin: ``alt_text_fields`` maps image fields to their alt-text override field.

    ``clean()`` refuses an image without any alt text unless the current save is a draft
    (``_alt_text_deferred``, set by :class:`AltTextPageForm`). The error names the override
    field when there is one, else the image field.
    """

    alt_text_fields: dict[str, str | None] = {}

    def clean(self):
        """Model validation plus the alt-text rule: unless this save is a draft, raises
        ``ValidationError`` (German) keyed to the alt-text override field, else the image field,
        for each chosen image that has no alt text from either.
        """
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
        """Wagtail's page form validation; tells the instance whether this save is a draft
        (``is_deferred_validation``) before the model's ``clean`` runs.
        """
        cleaned_data = super().clean()
        self.instance._alt_text_deferred = self.is_deferred_validation
        return cleaned_data


def publication_refused(page) -> str | None:
    """The German message refusing to publish ``page`` (a page in a locale other than the
    source) because images lack an alt text in its language, naming them; ``None`` if it may."""
    from cms.content.media_texts import missing_alt_texts

    missing = missing_alt_texts(page)
    if not missing:
        return None
    names = ", ".join(dict.fromkeys(f"„{image.title}“ ({use.label})" for use, image in missing))
    return _(
        "Die Seite wurde nicht veröffentlicht: Diesen Bildern fehlt ein Alternativtext auf "
        "%(language)s: %(images)s. Bitte übersetzen Sie ihn unter „Bild- und Dokumenttexte“ "
        "(oder den Alternativtext der Seite) und veröffentlichen Sie dann erneut."
    ) % {"language": page.locale.get_display_name(), "images": names}


def refuse_translation_publish(request, page):
    """``before_edit_page``: the translation editor's "publish" (wagtail-localize posts
    ``action=publish`` to the page's edit URL) is refused while an alt text is missing."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    message = publication_refused(page.specific)
    if message is None:
        return None
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.id)


def refuse_page_publish(request, page):
    """``before_publish_page``: the page editor's "publish" of a page in another locale."""
    from django.contrib import messages
    from django.shortcuts import redirect

    message = publication_refused(page)
    if message is None:
        return None
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.id)
