from django import forms
from django.db import models
from wagtail import blocks
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin

from cms.content import CmsPage


class SalaryBandBlock(blocks.FieldBlock):
    """A block with a value shape of its own, for which the plugin registers no API spec."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = forms.RegexField(regex=r"^\d+-\d+$", required=required, help_text=help_text)
        super().__init__(**kwargs)


class BrokenPage(CmsPage):
    """Placed under a projekte page only, without declaring ``requires=("projekte",)``."""

    parent_page_types = ["projekte.ProjectIndexPage"]

    place = models.CharField("Ort", max_length=100, blank=True)
    start = models.ForeignKey(
        "events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = RichTextField("Inhalt", blank=True)
    sections = StreamField([("salary_band", SalaryBandBlock())], blank=True)

    api_fields = [
        APIField("plaec"),
        APIField("place"),
        APIField("summary"),
        APIField("sections"),
    ]
    api_card_fields = ("place", "teaser")

    @property
    def summary(self):
        return self.place


class BrokenSnippet(TranslatableMixin, models.Model):
    name = models.CharField("Name", max_length=100)

    api_fields = [APIField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "Kaputtes Snippet"

    def __str__(self) -> str:
        return self.name
