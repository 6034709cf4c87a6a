"""Translatable taxonomies of projects: topics, places and funding programmes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.content import SafeUrlsMixin

__all__ = ["FundingProgramme", "Place", "PlaceKind", "Topic"]


class Taxonomy(SafeUrlsMixin, TranslatableMixin, index.Indexed, models.Model):
    """Abstract base: a name, a slug shared by all translations, a short description."""

    name = models.CharField(_("Name"), max_length=150, help_text=_("Angezeigter Name."))
    slug = models.SlugField(
        _("Kurzname"),
        max_length=150,
        allow_unicode=True,
        help_text=_("Kleinbuchstaben und Bindestriche; dient als Filter in der API."),
    )
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Optional: ein bis zwei Sätze.")
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]
    api_fields = [APIField("name"), APIField("slug"), APIField("description")]
    api_card_fields = ("name", "slug")

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Model validation plus: raises ``ValidationError`` on ``slug`` (German) when another
        object (not a translation of this one) in the same locale has the slug.
        """
        super().clean()
        if not self.slug:
            return
        clash = (
            type(self)
            ._default_manager.filter(slug=self.slug, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exclude(translation_key=self.translation_key)
        )
        if self.locale_id and clash.exists():
            raise ValidationError(
                {"slug": _("Dieser Kurzname ist in dieser Sprache bereits vergeben.")}
            )


class Topic(Taxonomy):
    """A topic projects are about (energy, skilled workers …); the ``topics`` filter of projects."""

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")


class PlaceKind(models.TextChoices):
    """What a place is: district, town, municipality or region."""

    DISTRICT = "district", _("Landkreis")
    TOWN = "town", _("Stadt")
    MUNICIPALITY = "municipality", _("Gemeinde")
    REGION = "region", _("Region")


class Place(Taxonomy):
    """A place projects happen in, with coordinates in decimal degrees (WGS 84); the ``places``
    filter of projects. Kind and coordinates are synchronized to every translation.
    """

    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=PlaceKind.choices,
        default=PlaceKind.TOWN,
        help_text=_("Landkreis, Stadt, Gemeinde oder Region."),
    )
    latitude = models.FloatField(
        _("Breitengrad"),
        validators=[
            MinValueValidator(-90, _("Der Breitengrad muss zwischen -90 und 90 liegen.")),
            MaxValueValidator(90, _("Der Breitengrad muss zwischen -90 und 90 liegen.")),
        ],
        help_text=_("Dezimalgrad, z. B. 51.3667 für Sondershausen."),
    )
    longitude = models.FloatField(
        _("Längengrad"),
        validators=[
            MinValueValidator(-180, _("Der Längengrad muss zwischen -180 und 180 liegen.")),
            MaxValueValidator(180, _("Der Längengrad muss zwischen -180 und 180 liegen.")),
        ],
        help_text=_("Dezimalgrad, z. B. 10.8667 für Sondershausen."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Koordinaten")
        ),
        FieldPanel("description"),
    ]
    translatable_fields = [
        *Taxonomy.translatable_fields,
        SynchronizedField("kind"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
    ]
    api_fields = [
        *Taxonomy.api_fields,
        APIField("kind"),
        APIField("latitude"),
        APIField("longitude"),
    ]
    api_card_fields = ("name", "slug", "kind", "latitude", "longitude")

    class Meta(Taxonomy.Meta):
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")


class FundingProgramme(Taxonomy):
    """A funding programme and its funder; the ``funding_programmes`` filter of projects."""

    funder = models.CharField(
        _("Fördermittelgeber"),
        max_length=200,
        blank=True,
        help_text=_("Wer das Programm finanziert, z. B. ein Ministerium."),
    )
    website = models.URLField(
        _("Webseite"), blank=True, help_text=_("Offizielle Seite des Programms.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("funder"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    translatable_fields = [
        *Taxonomy.translatable_fields,
        TranslatableField("funder"),
        SynchronizedField("website"),
    ]
    api_fields = [*Taxonomy.api_fields, APIField("funder"), APIField("website")]
    api_card_fields = ("name", "slug", "funder")

    class Meta(Taxonomy.Meta):
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
