"""Wagtail's own reports, listing only what the viewer may reach (``cms.visibility``).

Wagtail's reports ask its permission policies, which is the project's admin reach too, except
in two places where they name pages outside it:

- "Nutzung der Seitentypen" (``/admin/reports/page-types-usage/``) counts every page of a type
  and names the last edited one, wherever it is: :class:`PageTypesUsageReportView` counts and
  names only pages in :func:`cms.visibility.admin_permitted_pages`;
- "Seitenverlauf" (``/admin/reports/site-history/``) lists the log entries of every page the
  user may *explore*, which includes the ancestors walked through to reach their subtrees
  (navigation-only pages, with their titles and actions): :class:`LogEntriesView` lists page
  entries of :func:`~cms.visibility.admin_permitted_pages` only (a superuser keeps all, also
  those of deleted pages).

The other reports stay as Wagtail ships them: "Gesperrte Seiten" (pages the user may change, or
locked by the user), "Veraltete Seiten" (pages the user may publish), "Workflows" and
"Workflow-Aufgaben" (pages the user may change, objects of models the user may change) name
nothing outside the reach. wagtail-localize's "Übersetzungen" is filtered in
:mod:`cms.translation.status_admin`; the project's own reports filter themselves.

The views answer at Wagtail's own URLs (:func:`urlpatterns`, placed before the admin's URLs in
``cms.urls``), so menus and ``reverse()`` keep working.
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports import audit_logging, page_types_usage
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry

from cms.visibility import admin_permitted_pages


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    """Page types with the number of pages and the last edited page, of the pages in reach."""

    def get_queryset(self):
        """Wagtail's page types with ``count`` and ``last_edited_page_id`` computed over the pages
        in the user's reach only (and the report's locale and site filters), most used first.
        """
        queryset = super().get_queryset()
        # Upstream's count and "last edited page" read every page; replace both.
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        reach = admin_permitted_pages(self.request.user).values("pk")
        latest = {"pk__in": reach}
        counted = {"pages__pk__in": reach}
        if language_code:
            latest["locale__language_code"] = language_code
            counted["pages__locale__language_code"] = language_code
        if site_root_path:
            latest["path__startswith"] = site_root_path
            counted["pages__path__startswith"] = site_root_path
        last_edited = Page.objects.filter(content_type=OuterRef("pk"), **latest).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(**counted)),
            last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


class LogEntriesView(audit_logging.LogEntriesView):
    """The site history, with page entries of the pages in reach only."""

    def get_filtered_queryset(self):
        """Wagtail's union of the viewable log entries, page entries limited to the pages in the
        user's reach (superusers see all).
        """
        # Upstream's method (wagtail.admin.views.reports.audit_logging), with the page filter.
        user = self.request.user
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for index, log_model in enumerate(self.log_models):
            entries = log_model.objects.viewable_by_user(user)
            if issubclass(log_model, PageLogEntry) and not (user.is_active and user.is_superuser):
                entries = entries.filter(page_id__in=admin_permitted_pages(user).values("pk"))
            sub_queryset = (
                entries.values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
                .order_by()
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = sub_queryset if queryset is None else queryset.union(sub_queryset, all=True)
        return queryset.order_by("-timestamp")


def urlpatterns() -> list:
    """The reports at Wagtail's URLs (to be placed before ``wagtail.admin.urls``; Wagtail's URL
    names then resolve to these views)."""
    page_types = PageTypesUsageReportView
    return [
        path("admin/reports/page-types-usage/", require_admin_access(page_types.as_view())),
        path(
            "admin/reports/page-types-usage/results/",
            require_admin_access(page_types.as_view(results_only=True)),
        ),
        path("admin/reports/site-history/", require_admin_access(LogEntriesView.as_view())),
        path(
            "admin/reports/site-history/results/",
            require_admin_access(LogEntriesView.as_view(results_only=True)),
        ),
    ]
