"""The home plugin: the start page of each locale and the site-wide navigation and footer."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from cms.content import (
    AltTextPageForm,
    BodyBlock,
    CmsPage,
    CmsStreamBlock,
    HeroImageMixin,
    LinkBlock,
    LinkColumnBlock,
    MenuItemBlock,
    OnePerLocale,
)

__all__ = ["Footer", "HomePage", "Navigation"]


def _featured_page_type() -> str:
    """Projects when the projekte plugin runs, else any page (plugins may be disabled)."""
    return "projekte.ProjectPage" if apps.is_installed("projekte") else "wagtailcore.Page"


class FeaturedProjectsBlock(CmsStreamBlock):
    """Up to six hand-picked projects for the start page (any page when the projekte plugin is
    disabled).

    API v1: ``[{"type": "project", "value": PageLink | null, "id": str}, …]``.
    """

    project = blocks.PageChooserBlock(
        page_type=_featured_page_type(),
        label=_("Projekt"),
        help_text=_("Ein Projekt, das auf der Startseite hervorgehoben wird."),
    )

    class Meta:
        max_num = 6
        label = _("Ausgewählte Projekte")
        help_text = _("Bis zu sechs Projekte in der gewünschten Reihenfolge.")


class HomePage(HeroImageMixin, CmsPage):
    """The start page of a locale: the root of the site's page tree."""

    is_locale_root = True
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    base_form_class = AltTextPageForm

    hero_title = models.CharField(
        _("Titel im Kopfbereich"),
        max_length=150,
        blank=True,
        help_text=_(
            "Große Überschrift im Kopfbereich; leer lassen, um den Seitentitel zu verwenden."
        ),
    )
    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Kurzer Text unter dem Titel der Startseite."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("Inhalt"),
        help_text=_("Die Abschnitte der Startseite."),
    )
    featured_projects = StreamField(
        FeaturedProjectsBlock(),
        blank=True,
        verbose_name=_("Ausgewählte Projekte"),
        help_text=_("Bis zu sechs Projekte, die auf der Startseite hervorgehoben werden."),
    )

    content_panels = [
        *CmsPage.content_panels,
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("intro")], heading=_("Kopfbereich")),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        FieldPanel("featured_projects"),
    ]
    search_fields = [
        *CmsPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("hero_title"),
        APIField("intro"),
        APIField("hero_image"),
        APIField("body"),
        APIField("featured_projects"),
    ]
    api_card_fields = ("hero_title", "intro", "hero_image")

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")


class MainMenuBlock(CmsStreamBlock):
    """The main menu: a stream of ``item`` (:class:`cms.content.blocks.MenuItemBlock`) entries."""

    item = MenuItemBlock()

    class Meta:
        label = _("Hauptmenü")
        help_text = _("Die Einträge des Hauptmenüs in der gewünschten Reihenfolge.")


class ColumnsBlock(CmsStreamBlock):
    """Up to four footer or off-canvas columns (:class:`cms.content.blocks.LinkColumnBlock`)."""

    column = LinkColumnBlock()

    class Meta:
        max_num = 4
        label = _("Spalten")
        help_text = _("Bis zu vier Spalten.")


class LinksBlock(CmsStreamBlock):
    """Single links (imprint, privacy …), each a :class:`cms.content.blocks.LinkBlock`."""

    link = LinkBlock()

    class Meta:
        label = _("Verweise")
        help_text = _("Einzelne Verweise, z. B. Impressum und Datenschutz.")


def shown_translated_served(*names: str) -> tuple[list, list, list]:
    """Panels, translatable fields and API fields of a snippet whose fields are all three."""
    return (
        [FieldPanel(n) for n in names],
        [TranslatableField(n) for n in names],
        [APIField(n) for n in names],
    )


class Navigation(OnePerLocale):
    """The site's menus, per language: main menu and the four off-canvas columns."""

    main_menu = StreamField(
        MainMenuBlock(),
        blank=True,
        verbose_name=_("Hauptmenü"),
        help_text=_("Die Einträge des Hauptmenüs, optional mit Untermenü."),
    )
    offcanvas_columns = StreamField(
        ColumnsBlock(),
        blank=True,
        verbose_name=_("Spalten des Seitenmenüs"),
        help_text=_("Bis zu vier Spalten des aufklappbaren Seitenmenüs (Off-Canvas)."),
    )

    panels, translatable_fields, api_fields = shown_translated_served(
        "main_menu", "offcanvas_columns"
    )
    api_card_fields = ("main_menu",)

    class Meta(OnePerLocale.Meta):
        verbose_name = _("Navigation")
        verbose_name_plural = _("Navigationen")


class Footer(OnePerLocale):
    """The site's footer, per language: columns, legal links and copyright line."""

    columns = StreamField(
        ColumnsBlock(),
        blank=True,
        verbose_name=_("Spalten"),
        help_text=_("Bis zu vier Spalten mit Titel, Text und Verweisen."),
    )
    legal_links = StreamField(
        LinksBlock(),
        blank=True,
        verbose_name=_("Rechtliche Verweise"),
        help_text=_("Z. B. Impressum, Datenschutz, Barrierefreiheit."),
    )
    copyright = models.CharField(
        _("Copyright-Zeile"),
        max_length=200,
        blank=True,
        help_text=_("Z. B. „© Regionalmanagement Nordthüringen“."),
    )

    panels, translatable_fields, api_fields = shown_translated_served(
        "columns", "legal_links", "copyright"
    )
    api_card_fields = ("columns", "legal_links", "copyright")

    class Meta(OnePerLocale.Meta):
        verbose_name = _("Fußbereich")
        verbose_name_plural = _("Fußbereiche")
