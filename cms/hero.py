"""The hero image fields shared by page types: an image plus per-page alt text, caption, credit.

The image's own alt text (``description``), caption and credit are the defaults; a page may
override each. The effective values are what the API serves (``hero_image_alt`` and siblings).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.alt_text import AltTextRequiredMixin
from cms.visibility import describes


class HeroImageMixin(AltTextRequiredMixin, models.Model):
    """Abstract page fields for a hero image; alt text is required to publish."""

    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("Titelbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Großes Bild am Anfang der Seite."),
    )
    hero_alt_text = models.CharField(
        _("Alternativtext des Titelbilds"),
        max_length=255,
        blank=True,
        help_text=_("Leer lassen, um den Alternativtext des Bildes zu verwenden."),
    )
    hero_caption = models.CharField(
        _("Bildunterschrift des Titelbilds"),
        max_length=255,
        blank=True,
        help_text=_("Leer lassen, um die Bildunterschrift des Bildes zu verwenden."),
    )
    hero_credit = models.CharField(
        _("Bildnachweis des Titelbilds"),
        max_length=255,
        blank=True,
        help_text=_("Leer lassen, um den Bildnachweis des Bildes zu verwenden."),
    )

    alt_text_fields = {"hero_image": "hero_alt_text"}

    hero_panels = [
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt_text"),
                FieldPanel("hero_caption"),
                FieldPanel("hero_credit"),
            ],
            heading=_("Titelbild"),
        )
    ]

    class Meta:
        abstract = True

    def _hero_value(self, override: str, image_field: str) -> str:
        if self.hero_image is None:
            return ""
        return override or getattr(self.hero_image, image_field, "") or ""

    @property
    @describes("hero_image")
    def hero_image_alt(self) -> str:
        """The hero image's effective alt text (the page's override or the image's own)."""
        return self._hero_value(self.hero_alt_text, "description")

    @property
    @describes("hero_image")
    def hero_image_caption(self) -> str:
        return self._hero_value(self.hero_caption, "caption")

    @property
    @describes("hero_image")
    def hero_image_credit(self) -> str:
        return self._hero_value(self.hero_credit, "credit")
