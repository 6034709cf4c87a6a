"""Admin: editors' synonyms, and the search report (popular queries, queries without results,
indexing failures, documents whose text could not be read).

The report is open to holders of ``cms_search.view_search_report`` only (readers' queries are
personal data); its menu item is hidden from everyone else. What it lists is filtered for the
viewer in :mod:`search.report`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import stats as query_stats
from search.models import SEARCH_REPORT_PERMISSION, Synonym
from search.report import DEFAULT_DAYS, REPORT_DAYS, search_report


class SynonymViewSet(SnippetViewSet):
    """The admin of editor synonyms (a snippet, listed under Suche, filterable by language)."""

    model = Synonym
    icon = "search"
    menu_label = _("Such-Synonyme")
    add_to_admin_menu = False
    list_display = ["words", "language"]
    list_filter = ["language"]


register_snippet(SynonymViewSet)


def may_view_report(user) -> bool:
    """Whether ``user`` may open the search report (the right, or a superuser)."""
    return bool(user.is_active and user.has_perm(SEARCH_REPORT_PERMISSION))


def report_view(request):
    """The admin's search report (``/admin/suche/bericht/?days=N``): refuses users without the
    report right with a German message and a redirect to the dashboard; ``days`` outside the
    offered choices falls back to the default.
    """
    if not may_view_report(request.user):
        messages.error(request, _("Sie haben keine Berechtigung, den Suchbericht anzusehen."))
        return redirect("wagtailadmin_home")
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    report = search_report(request.user, days)
    return render(
        request,
        "cms_search/report.html",
        {
            "days": report.days,
            # Searches are counted in each server process and stored in batches (search.stats).
            "stats_minutes": max(1, round(query_stats.interval() / 60)),
            "day_choices": REPORT_DAYS,
            "popular": report.popular,
            "without": report.without,
            "failures": report.failures,
            "unreadable": report.unreadable,
        },
    )


class SearchReportMenuItem(MenuItem):
    """The report's entry in the Reports menu, shown only to users who may open it."""

    def is_shown(self, request) -> bool:
        """Whether ``request.user`` may open the report (:func:`may_view_report`)."""
        return may_view_report(request.user)


@hooks.register("register_admin_urls")
def register_report_url():
    """The admin URL of the search report (``suche/bericht/``, name ``cms_search_report``)."""
    return [path("suche/bericht/", report_view, name="cms_search_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    """The "Suchanfragen" entry of the Reports menu."""
    return SearchReportMenuItem(
        _("Suchanfragen"), reverse("cms_search_report"), icon_name="search", order=900
    )


@hooks.register("register_permissions")
def register_report_permission():
    """Shows "Suchbericht ansehen" in the group editor of the admin."""
    app_label, codename = SEARCH_REPORT_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
