from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.pages import CmsPage


class EventPage(CmsPage):
    """An event; lives under any locale root page, whatever plugin provides it."""

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    start = models.DateField("Beginn")
    venue = models.CharField("Ort", max_length=200, blank=True)

    content_panels = [*CmsPage.content_panels, FieldPanel("start"), FieldPanel("venue")]
    search_fields = [*CmsPage.search_fields, index.SearchField("venue")]

    class Meta:
        verbose_name = "Veranstaltung"
