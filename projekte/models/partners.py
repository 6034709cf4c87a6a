"""Partners of the agency and their index page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.content import AltTextRequiredMixin, CmsPage
from projekte.blocks import ProjectBodyBlock
from projekte.forms import LocaleFilteredPageForm
from projekte.models.sections import SectionIndexPage, section_intro

__all__ = ["PartnerIndexPage", "PartnerKind", "PartnerPage"]


class PartnerIndexPage(SectionIndexPage):
    """The list of partners; one per locale, directly under the home page."""

    subpage_types = ["projekte.PartnerPage"]

    intro = section_intro(_("Text über der Liste der Partner."))

    class Meta:
        verbose_name = _("Partnerübersicht")
        verbose_name_plural = _("Partnerübersichten")


class PartnerKind(models.TextChoices):
    """What a partner is (region, authority, company, school, association, research); the ``kind``
    filter of the API.
    """

    REGION = "region", _("Region")
    AUTHORITY = "authority", _("Ministerium / Behörde")
    COMPANY = "company", _("Unternehmen")
    SCHOOL = "school", _("Schule")
    ASSOCIATION = "association", _("Verein / Verband")
    RESEARCH = "research", _("Forschung")


class PartnerPage(AltTextRequiredMixin, CmsPage):
    """A partner: a region, an authority, a company, a school, an association or an institute.

    The page title is the partner's name.
    """

    parent_page_types = ["projekte.PartnerIndexPage"]
    subpage_types: list[str] = []
    base_form_class = LocaleFilteredPageForm
    alt_text_fields = {"logo": None}

    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=PartnerKind.choices,
        help_text=_("Region, Ministerium/Behörde, Unternehmen, Schule, Verein oder Forschung."),
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Logo des Partners; das Bild braucht einen Alternativtext."),
    )
    website = models.URLField(_("Webseite"), blank=True, help_text=_("Adresse der Webseite."))
    street = models.CharField(
        _("Straße"), max_length=200, blank=True, help_text=_("Straße und Hausnummer.")
    )
    postal_code = models.CharField(
        _("PLZ"), max_length=10, blank=True, help_text=_("Postleitzahl.")
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True, help_text=_("Ort der Anschrift."))
    latitude = models.FloatField(
        _("Breitengrad"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, _("Der Breitengrad muss zwischen -90 und 90 liegen.")),
            MaxValueValidator(90, _("Der Breitengrad muss zwischen -90 und 90 liegen.")),
        ],
        help_text=_("Dezimalgrad, z. B. 50.9787 für Erfurt."),
    )
    longitude = models.FloatField(
        _("Längengrad"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, _("Der Längengrad muss zwischen -180 und 180 liegen.")),
            MaxValueValidator(180, _("Der Längengrad muss zwischen -180 und 180 liegen.")),
        ],
        help_text=_("Dezimalgrad, z. B. 11.0328 für Erfurt."),
    )
    description = StreamField(
        ProjectBodyBlock(),
        blank=True,
        verbose_name=_("Beschreibung"),
        help_text=_("Wer der Partner ist und wie die Zusammenarbeit aussieht."),
    )

    content_panels = [
        *CmsPage.content_panels,
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Anschrift und Koordinaten"),
        ),
        FieldPanel("description"),
    ]
    search_fields = [
        *CmsPage.search_fields,
        index.SearchField("description"),
        index.SearchField("city"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("logo"),
        APIField("website"),
        APIField("street"),
        APIField("postal_code"),
        APIField("city"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("description"),
        APIField("related_projects"),
    ]
    api_card_fields = ("name", "kind", "logo", "website", "city")

    class Meta:
        verbose_name = _("Partner")
        verbose_name_plural = _("Partner")

    @property
    def name(self) -> str:
        """The partner's name (the page title)."""
        return self.title

    def clean(self) -> None:
        """Page validation plus: latitude and longitude come together or not at all. Raises one
        ``ValidationError`` with every error keyed to its field (German messages).
        """
        errors: dict = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors.setdefault(missing, []).append(
                ValidationError(_("Bitte geben Sie Breiten- und Längengrad gemeinsam an."))
            )
        if errors:
            raise ValidationError(errors)
