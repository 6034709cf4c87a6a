"""Where translators see the translation state (:mod:`cms.translation.status`, one definition).

- the report "Übersetzungen" (wagtail-localize's, answered by :class:`TranslationsStatusReportView`
  at its own URL): its status column and its filter "Waiting for translations" read the state
  from :func:`~cms.translation.status.translation_status` instead of counting strings only; the
  German source links to its sync form for a translator (who may not open the German editor);
  it lists only the translations the viewer may reach (:func:`reachable_translations`);
- the explorer: a button "Übersetzung veraltet" on every translated page that is not up to date
  (:func:`listing_buttons`, hook ``register_page_listing_buttons``);
- the edit view of a translated page (the translation editor): a warning naming the reasons
  (:func:`warn_on_edit`, hook ``before_edit_page``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale, Page, get_page_models, get_translatable_models
from wagtail_localize.views.report import TranslationsReportView

from cms.translation.status import status_of, translation_status
from cms.visibility import SUBMIT_TRANSLATION, admin_permitted_pages, admin_reach


def reachable_translations(queryset: QuerySet, user) -> QuerySet:
    """The translations (``wagtail_localize.models.Translation``) of ``queryset`` that ``user``
    may reach (``cms.visibility``): of a page, when its source page or its target page (the
    translated page, once created) is in :func:`~cms.visibility.admin_permitted_pages`; of a
    snippet, when the user holds a right on the snippet's model (``AdminReach.may_see_model``).

    A translation is work on an existing pair, so the source page alone does not put it in a
    translator's reach: a German page they may translate but that has no English page in their
    tree yet is offered on the dashboard (submit), not named here. Every translation for an
    active superuser.
    """
    if user.is_active and user.is_superuser:
        return queryset
    reach = admin_reach(user)
    permitted = admin_permitted_pages(user).values("pk")
    pages = Page.objects.filter(translation_key=OuterRef("source__object_id"), pk__in=permitted)
    page_types = {ct.pk for ct in ContentType.objects.get_for_models(*get_page_models()).values()}
    snippet_types = [
        ct.pk
        for model, ct in ContentType.objects.get_for_models(
            *get_translatable_models(include_subclasses=True)
        ).items()
        if ct.pk not in page_types and reach.may_see_model(model)
    ]
    return queryset.filter(
        Q(Exists(pages.filter(locale_id=OuterRef("source__locale_id"))))
        | Q(Exists(pages.filter(locale_id=OuterRef("target_locale_id"))))
        | Q(source__specific_content_type_id__in=snippet_types)
    )


class TranslationsStatusReportView(TranslationsReportView):
    """wagtail-localize's report "Übersetzungen" with the project's status of each translation."""

    def get_queryset(self):
        """The translations the user may reach (:func:`reachable_translations`), each annotated with
        ``waiting_for_translation`` (not up to date by :mod:`cms.translation.status`), in primary
        key order.
        """
        queryset = reachable_translations(super().get_queryset(), self.request.user)
        stale = [
            translation.pk
            for translation in queryset.select_related("source")
            if not translation_status(translation).up_to_date
        ]
        return queryset.annotate(
            waiting_for_translation=Case(
                When(pk__in=stale, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        ).order_by("pk")  # a stable order across pages (upstream's is unordered)

    def decorate_paginated_queryset(self, object_list):
        """The page's rows with the project's status label and a source link the user may follow
        (edit view, else the synchronisation form) patched onto each for the report's template.
        """
        rows = list(super().decorate_paginated_queryset(object_list))
        for translation in rows:
            label = translation_status(translation).label()
            # The report's template calls ``translation.get_status_display`` and
            # ``translation.source.get_source_instance_edit_url``.
            translation.get_status_display = lambda label=label: label
            source_url = self._source_url(translation)
            translation.source.get_source_instance_edit_url = lambda url=source_url: url
        return rows

    def _source_url(self, translation) -> str:
        """The source's edit view for who may open it; else its sync form (translators may
        synchronise, not edit German pages)."""
        user = self.request.user
        try:
            instance = translation.source.get_source_instance()
        except ObjectDoesNotExist:
            return "#"
        if isinstance(instance, Page) and not instance.permissions_for_user(user).can_edit():
            if user.has_perm(SUBMIT_TRANSLATION):
                return reverse("wagtail_localize:update_translations", args=[translation.source_id])
            return "#"
        return translation.source.get_source_instance_edit_url()


def admin_urls():
    """The report at wagtail-localize's own URLs (this app's URLs come first)."""
    view = TranslationsStatusReportView
    return [
        path(
            "localize/reports/translations/",
            view.as_view(),
            name="cms_translation_report",
        ),
        path(
            "localize/reports/translations/results/",
            view.as_view(results_only=True),
            name="cms_translation_report_results",
        ),
    ]


def _is_translation(page) -> bool:
    return page.locale_id != Locale.get_default().pk


def listing_buttons(page, user, next_url=None):
    """``register_page_listing_buttons``: "Übersetzung veraltet" on a translated page that is
    not up to date, linking to its editor, for a user who may edit it."""
    if not _is_translation(page) or not page.permissions_for_user(user).can_edit():
        return
    state = status_of(page)
    if state.up_to_date:
        return
    yield ListingButton(
        _("Übersetzung veraltet"),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        priority=5,
        icon_name="warning",
        attrs={"title": state.label(), "data-cms-translation-status": "outdated"},
    )


def warn_on_edit(request, page):
    """``before_edit_page``: on opening a translated page that is not up to date, say why."""
    if request.method != "GET" or not _is_translation(page):
        return None
    state = status_of(page)
    if not state.up_to_date:
        messages.warning(
            request,
            _("Diese Übersetzung ist nicht aktuell: %(reasons)s.") % {"reasons": state.label()},
        )
    return None
