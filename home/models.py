from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.pages import CmsPage


class HomePage(CmsPage):
    """The start page of a locale: the root of the site's page tree."""

    is_locale_root = True
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Kurzer Text unter dem Titel der Startseite."),
    )

    content_panels = [*CmsPage.content_panels, FieldPanel("intro")]
    search_fields = [*CmsPage.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")
