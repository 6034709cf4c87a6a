"""The index page of a section (projects, documents, partners): one per locale, under home."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.content import RICH_TEXT_FEATURES, CmsPage

__all__ = ["SectionIndexPage", "section_intro"]


def section_intro(help_text) -> RichTextField:
    """The intro field of a section index, with a help text that names the section."""
    return RichTextField(
        _("Einleitung"), blank=True, features=RICH_TEXT_FEATURES, help_text=help_text
    )


class SectionIndexPage(CmsPage):
    """Abstract: a section's list page with an intro; subclasses name their child page type.

    Subclasses set ``subpage_types`` and declare ``intro = section_intro(...)`` with their own
    help text.
    """

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    content_panels = [*CmsPage.content_panels, FieldPanel("intro")]
    search_fields = [*CmsPage.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    api_card_fields = ("intro",)

    class Meta:
        abstract = True
