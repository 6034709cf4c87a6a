"""Projects and their index page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from cms.content import CmsPage, HeroImageMixin
from projekte.blocks import ProjectBodyBlock
from projekte.forms import LocaleFilteredPageForm
from projekte.models.sections import SectionIndexPage, section_intro

__all__ = ["ProjectIndexPage", "ProjectPage", "ProjectStatus", "TEASER_MAX_LENGTH"]

TEASER_MAX_LENGTH = 300


class ProjectIndexPage(SectionIndexPage):
    """The list of projects (“Projekte”); one per locale, directly under the home page."""

    subpage_types = ["projekte.ProjectPage"]

    intro = section_intro(_("Text über der Liste der Projekte."))
    body = StreamField(
        ProjectBodyBlock(),
        blank=True,
        verbose_name=_("Inhalt"),
        help_text=_("Weitere Inhalte unter der Einleitung."),
    )

    content_panels = [*SectionIndexPage.content_panels, FieldPanel("body")]
    search_fields = [*SectionIndexPage.search_fields, index.SearchField("body")]
    api_fields = [*SectionIndexPage.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("Projektübersicht")
        verbose_name_plural = _("Projektübersichten")


class ProjectStatus(models.TextChoices):
    """A project's state (planned, running, finished); the ``status`` filter of the API,
    ``status_label`` its name in the answer's language.
    """

    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("laufend")
    FINISHED = "finished", _("abgeschlossen")


class ProjectPage(HeroImageMixin, CmsPage):
    """One project of the agency, with its period, taxonomies, documents and partners."""

    parent_page_types = ["projekte.ProjectIndexPage"]
    subpage_types: list[str] = []
    base_form_class = LocaleFilteredPageForm

    teaser = models.TextField(
        _("Teaser"),
        max_length=TEASER_MAX_LENGTH,
        validators=[
            MaxLengthValidator(
                TEASER_MAX_LENGTH,
                _(
                    "Der Teaser darf höchstens %(limit_value)d Zeichen lang sein (jetzt: %(show_value)d)."
                ),
            )
        ],
        error_messages={
            "blank": _("Bitte geben Sie einen Teaser ein."),
            "null": _("Bitte geben Sie einen Teaser ein."),
        },
        help_text=_(
            "Ein bis zwei Sätze für Übersichten und Suchergebnisse, höchstens 300 Zeichen."
        ),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.RUNNING,
        help_text=_("Geplant, laufend oder abgeschlossen."),
    )
    start_date = models.DateField(
        _("Beginn"),
        error_messages={"null": _("Bitte geben Sie den Beginn des Projekts an.")},
        help_text=_("Tag, an dem das Projekt begann oder beginnt."),
    )
    end_date = models.DateField(
        _("Ende"),
        null=True,
        blank=True,
        help_text=_("Optional; leer lassen, solange das Ende offen ist."),
    )
    topics = ParentalManyToManyField(
        "projekte.Topic",
        blank=True,
        related_name="projects",
        verbose_name=_("Themen"),
        help_text=_("Die Themen, denen das Projekt zugeordnet ist."),
    )
    places = ParentalManyToManyField(
        "projekte.Place",
        blank=True,
        related_name="projects",
        verbose_name=_("Orte"),
        help_text=_("Orte, an denen das Projekt stattfindet."),
    )
    funding_programmes = ParentalManyToManyField(
        "projekte.FundingProgramme",
        blank=True,
        related_name="projects",
        verbose_name=_("Förderprogramme"),
        help_text=_("Programme, aus denen das Projekt gefördert wird."),
    )
    related_documents = ParentalManyToManyField(
        "projekte.DocumentPage",
        blank=True,
        related_name="related_projects",
        verbose_name=_("Dokumente"),
        help_text=_("Dokumente aus der Mediathek, die zum Projekt gehören."),
    )
    partners = ParentalManyToManyField(
        "projekte.PartnerPage",
        blank=True,
        related_name="related_projects",
        verbose_name=_("Partner"),
        help_text=_("Partner, die am Projekt beteiligt sind oder es fördern."),
    )
    contact_name = models.CharField(
        _("Ansprechperson"), max_length=150, blank=True, help_text=_("Name der Ansprechperson.")
    )
    contact_email = models.EmailField(
        _("E-Mail"), blank=True, help_text=_("E-Mail-Adresse für Fragen zum Projekt.")
    )
    contact_phone = models.CharField(
        _("Telefon"), max_length=50, blank=True, help_text=_("Z. B. 03632 741-234.")
    )
    body = StreamField(
        ProjectBodyBlock(),
        blank=True,
        verbose_name=_("Inhalt"),
        help_text=_("Die Beschreibung des Projekts aus Text, Bildern und weiteren Elementen."),
    )

    content_panels = [
        *CmsPage.content_panels,
        FieldPanel("teaser", widget=forms.Textarea(attrs={"rows": 3})),
        *HeroImageMixin.hero_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Status und Laufzeit"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("places", widget=forms.CheckboxSelectMultiple),
                FieldPanel("funding_programmes", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Einordnung"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("related_documents", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Verknüpfungen"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Kontakt"),
        ),
    ]
    search_fields = [
        *CmsPage.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("start_date"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("places", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("teaser"),
        APIField("hero_image"),
        APIField("status"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("topics"),
        APIField("places"),
        APIField("funding_programmes"),
        APIField("related_documents"),
        APIField("partners"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("body"),
    ]
    api_card_fields = ("teaser", "hero_image", "status", "start_date", "end_date")

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def clean(self) -> None:
        """Page validation plus the period: the end may not precede the start, and a finished
        project needs an end date. Raises one ``ValidationError`` keyed to the fields (German).
        """
        errors: dict = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(
                ValidationError(_("Das Ende des Projekts darf nicht vor seinem Beginn liegen."))
            )
        elif self.status == ProjectStatus.FINISHED and not self.end_date:
            errors.setdefault("end_date", []).append(
                ValidationError(_("Ein abgeschlossenes Projekt braucht ein Enddatum."))
            )
        if errors:
            raise ValidationError(errors)
