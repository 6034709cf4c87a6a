from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from cms.content import CmsPage
from tests.plugins.events.blocks import EventBodyBlock


class EventPage(CmsPage):
    """An event; lives under any locale root page, whatever plugin provides it."""

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    start = models.DateField("Beginn")
    venue = models.CharField("Ort", max_length=200, blank=True)
    body = StreamField(EventBodyBlock(), blank=True, verbose_name="Inhalt")

    content_panels = [
        *CmsPage.content_panels,
        FieldPanel("start"),
        FieldPanel("venue"),
        FieldPanel("body"),
    ]
    search_fields = [*CmsPage.search_fields, index.SearchField("venue")]
    api_fields = [APIField("start"), APIField("venue"), APIField("body")]
    api_card_fields = ("start",)

    class Meta:
        verbose_name = "Veranstaltung"


class Venue(TranslatableMixin, models.Model):
    """A translatable snippet; the core groups it in the admin and serves it in the API."""

    name = models.CharField("Name", max_length=200)

    api_fields = [APIField("name")]
    api_card_fields = ("name",)
    translatable_fields = [TranslatableField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "Veranstaltungsort"

    def __str__(self) -> str:
        return self.name


class Notice(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """A translatable snippet with drafts and publishing (registered in ``wagtail_hooks``, not in
    the plugin's content types: the API does not serve it)."""

    text = models.CharField("Text", max_length=300)

    translatable_fields = [TranslatableField("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "Hinweis"

    def __str__(self) -> str:
        return self.text
