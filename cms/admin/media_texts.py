"""Image and document texts per locale in the admin, for assets no page shows.

Texts of images and documents that pages show are translated with those pages
(:mod:`cms.content.media_texts`); an asset no page shows (an image only the API's ``/images/`` serves)
gets its texts here: "Bildtexte" and "Dokumenttexte" in the menu, one row per asset and locale
other than the source locale. The German texts stay on the image or document itself.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from cms.models import DocumentText, ImageText

__all__ = ["MediaTextsGroup"]


class _TranslatedLocaleForm(forms.ModelForm):
    """Only locales other than the source locale: German lives on the asset itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "locale" in self.fields:
            self.fields["locale"].queryset = Locale.objects.exclude(pk=Locale.get_default().pk)


class ImageTextViewSet(ModelViewSet):
    """Admin of an image's texts in a language other than German (German lives on the image)."""

    model = ImageText
    icon = "image"
    menu_label = _("Bildtexte")
    form_fields = ["image", "locale", "title", "alt", "caption", "credit"]
    list_display = ["image", "locale", "alt"]
    list_filter = ["locale"]
    search_fields = ["alt", "title", "caption"]

    def get_form_class(self, for_update=False):
        """The generated form, its locale choices without the default (German) locale."""
        return type(
            "ImageTextForm", (_TranslatedLocaleForm, super().get_form_class(for_update)), {}
        )


class DocumentTextViewSet(ModelViewSet):
    """Admin of a document's texts in a language other than German (German lives on the document)."""

    model = DocumentText
    icon = "doc-full"
    menu_label = _("Dokumenttexte")
    form_fields = ["document", "locale", "title", "summary"]
    list_display = ["document", "locale", "title"]
    list_filter = ["locale"]
    search_fields = ["title", "summary"]

    def get_form_class(self, for_update=False):
        """The generated form, its locale choices without the default (German) locale."""
        return type(
            "DocumentTextForm", (_TranslatedLocaleForm, super().get_form_class(for_update)), {}
        )


class MediaTextsGroup(ViewSetGroup):
    """The two viewsets under one menu item, "Übersetzte Medientexte"."""

    menu_label = _("Übersetzte Medientexte")
    menu_icon = "globe"
    menu_order = 310
    items = (ImageTextViewSet, DocumentTextViewSet)
