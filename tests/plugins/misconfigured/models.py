from django.db import models
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin

from cms.content import CmsPage


class BrokenPage(CmsPage):
    """Placed under a projekte page only, without declaring ``requires=("projekte",)``."""

    parent_page_types = ["projekte.ProjectIndexPage"]

    place = models.CharField("Ort", max_length=100, blank=True)
    start = models.ForeignKey(
        "events.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = RichTextField("Inhalt", blank=True)

    api_fields = [APIField("plaec"), APIField("place"), APIField("summary")]
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
