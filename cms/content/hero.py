"""The hero image fields shared by page types: an image plus per-page alt text, caption, credit.

The image's own alt text (``description``), caption and credit, in the requested locale
(:mod:`cms.content.media_texts`), are the defaults; a page may override each for this use. An override
is page text, translated with the page. The API folds the effective values into the
``hero_image`` object (``image_text_overrides``); there are no separate ``hero_image_alt``
fields for a front end to weigh against it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.content.alt_text import AltTextRequiredMixin


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
    #: Image field → {API text name: override field} (see :mod:`cms.content.media_texts`).
    image_text_overrides = {
        "hero_image": {"alt": "hero_alt_text", "caption": "hero_caption", "credit": "hero_credit"}
    }

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
