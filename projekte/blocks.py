"""Blocks of the projekte plugin: typed teasers of projects and partners, on top of the core library."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.content import BodyBlock


class ProjectTeasersBlock(blocks.StructBlock):
    """Teasers of one to twelve hand-picked project pages.

    API v1: ``{"title": str, "projects": [PageLink, …]}``; projects the reader may not see
    are left out.
    """

    title = blocks.CharBlock(
        label=_("Titel"),
        required=False,
        max_length=150,
        help_text=_("Überschrift über den Projekten, z. B. „Weitere Projekte“."),
    )
    projects = blocks.ListBlock(
        blocks.PageChooserBlock(
            page_type="projekte.ProjectPage",
            label=_("Projekt"),
            help_text=_("Eine Projektseite."),
        ),
        label=_("Projekte"),
        min_num=1,
        max_num=12,
        help_text=_("Die Projekte in der gewünschten Reihenfolge."),
    )

    def is_complete(self, value) -> bool:
        """Whether a project is still listed; an empty block is left out of reader output."""
        return len(value.get("projects") or []) > 0

    class Meta:
        icon = "doc-full-inverse"
        label = _("Projektteaser")
        help_text = _("Kurzvorstellungen ausgewählter Projekte mit Bild und Teaser.")
        preview_value = {"title": "Weitere Projekte", "projects": []}


class PartnerListBlock(blocks.StructBlock):
    """Logos and names of hand-picked partner pages.

    API v1: ``{"title": str, "partners": [PageLink, …]}``; partners the reader may not see
    are left out.
    """

    title = blocks.CharBlock(
        label=_("Titel"),
        required=False,
        max_length=150,
        help_text=_("Überschrift über den Partnern, z. B. „Unsere Partner“."),
    )
    partners = blocks.ListBlock(
        blocks.PageChooserBlock(
            page_type="projekte.PartnerPage",
            label=_("Partner"),
            help_text=_("Eine Partnerseite."),
        ),
        label=_("Partner"),
        min_num=1,
        help_text=_("Die Partner in der gewünschten Reihenfolge."),
    )

    def is_complete(self, value) -> bool:
        """Whether a partner is still listed; an empty block is left out of reader output."""
        return len(value.get("partners") or []) > 0

    class Meta:
        icon = "group"
        label = _("Partnerliste")
        help_text = _("Logos und Namen ausgewählter Partner.")
        preview_value = {"title": "Unsere Partner", "partners": []}


class ProjectBodyBlock(BodyBlock):
    """The core body plus project teasers and partner lists."""

    project_teasers = ProjectTeasersBlock()
    partner_list = PartnerListBlock()
