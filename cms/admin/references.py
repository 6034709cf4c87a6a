"""Admin side of broken references: the report “Defekte Verweise” and a warning on edit views.

The detection itself lives in :mod:`cms.content.references`; ``cms.admin.hooks`` registers what is
defined here (``register``), so the hooks module stays a list of registrations. Both show a user
only the references of objects they may reach, and name only targets they may reach
(:func:`cms.content.references.visible_to`, :class:`cms.visibility.AdminReach`).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.content.references import (
    BrokenReference,
    all_broken_references,
    broken_references_for,
    visible_to,
)
from cms.visibility import admin_reach


class BrokenReferencesReportView(ReportView):
    """Every page or snippet the user may reach that refers to a deleted or unpublished object,
    with a link to fix it."""

    page_title = _("Defekte Verweise")
    header_icon = "warning"
    index_url_name = "cms_broken_references"
    index_results_url_name = "cms_broken_references_results"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    paginate_by = 50
    list_export = ["source_label", "field", "target_kind", "target_label", "reason"]
    export_headings = {
        "source_label": _("Seite oder Eintrag"),
        "field": _("Feld"),
        "target_kind": _("Art des Ziels"),
        "target_label": _("Ziel"),
        "reason": _("Problem"),
    }

    @property
    def columns(self):
        """The report's columns; the source links to its edit view where the user may open it."""
        finder = AdminURLFinder(self.request.user)
        return [
            TitleColumn(
                "source_label",
                label=_("Seite oder Eintrag"),
                get_url=lambda row: finder.get_edit_url(row.source),
            ),
            Column("field", label=_("Feld")),
            Column("target_kind", label=_("Art des Ziels")),
            Column("target_label", label=_("Ziel")),
            Column("reason", label=_("Problem")),
        ]

    def get_queryset(self) -> list[BrokenReference]:
        """Every broken reference whose source the user may reach in the admin."""
        return visible_to(all_broken_references(), admin_reach(self.request.user))

    def get_filename(self) -> str:
        """The export's file name: ``defekte-verweise-YYYY-MM-DD``."""
        return f"defekte-verweise-{datetime.date.today():%Y-%m-%d}"


def admin_urls():
    """The report's admin URLs: ``reports/defekte-verweise/`` and its ``results/`` fragment."""
    view = BrokenReferencesReportView
    return [
        path("reports/defekte-verweise/", view.as_view(), name="cms_broken_references"),
        path(
            "reports/defekte-verweise/results/",
            view.as_view(results_only=True),
            name="cms_broken_references_results",
        ),
    ]


def reports_menu_item():
    """The "Defekte Verweise" entry of the Reports menu."""
    return MenuItem(
        _("Defekte Verweise"),
        reverse("cms_broken_references"),
        icon_name="warning",
        order=900,
    )


def warning_message(broken: list[BrokenReference]) -> str:
    """The German warning shown above an edit form, one line per broken reference."""
    intro = ngettext(
        "Dieser Inhalt verweist auf %(count)d Element, das gelöscht oder nicht veröffentlicht "
        "ist. Leser sehen diesen Verweis nicht; bitte ersetzen oder entfernen Sie ihn:",
        "Dieser Inhalt verweist auf %(count)d Elemente, die gelöscht oder nicht veröffentlicht "
        "sind. Leser sehen diese Verweise nicht; bitte ersetzen oder entfernen Sie sie:",
        len(broken),
    ) % {"count": len(broken)}
    items = format_html_join(
        "",
        "<li>{}: {} „{}“ ({})</li>",
        ((ref.field, ref.target_kind, ref.target_label, ref.reason) for ref in broken),
    )
    return format_html("{}<ul>{}</ul>", intro, items)


def warn_on_edit(request, obj) -> None:
    """``before_edit_page`` / ``before_edit_snippet``: warn about broken references on opening."""
    if request.method != "GET":
        return None
    broken = visible_to(broken_references_for(obj), admin_reach(request.user))
    if broken:
        messages.warning(request, warning_message(broken))
    return None


def register() -> None:
    """Register the report's URL and menu item and the edit-form warning with Wagtail's hooks."""
    hooks.register("register_admin_urls", admin_urls)
    hooks.register("register_reports_menu_item", reports_menu_item)
    hooks.register("before_edit_page", warn_on_edit)
    hooks.register("before_edit_snippet", warn_on_edit)
