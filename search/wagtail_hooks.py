"""Admin: editors' synonyms, and the search report (popular queries, queries without results,
indexing failures, documents whose text could not be read)."""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents import get_document_model
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import stats as query_stats
from search.models import IndexingFailure, QueryStat, Synonym

REPORT_DAYS = (7, 30, 365)


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Such-Synonyme")
    add_to_admin_menu = False
    list_display = ["words", "language"]
    list_filter = ["language"]


register_snippet(SynonymViewSet)


def report_view(request):
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in REPORT_DAYS else 30
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    stats = QueryStat.objects.filter(day__gte=since).values("query", "language")
    popular = stats.annotate(total=Sum("searches"), empty=Sum("without_results")).order_by(
        "-total", "query"
    )[:50]
    without = (
        stats.annotate(empty=Sum("without_results"), total=Sum("searches"))
        .filter(empty__gt=0)
        .order_by("-empty", "query")[:50]
    )
    unreadable = (
        get_document_model()
        .objects.filter(text_extraction__in=["encrypted", "empty", "failed"])
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "cms_search/report.html",
        {
            "days": days,
            # Searches are counted in each server process and stored in batches (search.stats).
            "stats_minutes": max(1, round(query_stats.interval() / 60)),
            "day_choices": REPORT_DAYS,
            "popular": popular,
            "without": without,
            "failures": IndexingFailure.objects.order_by("-last_failed_at")[:50],
            "unreadable": unreadable,
        },
    )


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("suche/bericht/", report_view, name="cms_search_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(_("Suchanfragen"), reverse("cms_search_report"), icon_name="search", order=900)
