"""The agency's dashboard: what needs attention, for everyone in the team, on the admin's start page.

Five panels, each a small Wagtail :class:`~wagtail.admin.ui.components.Component` filled by one
query function (tested on its own) that takes the viewing user and lists only what that user may
reach (``cms.visibility``: pages they may explore, snippets they hold a right on); totals count
nothing else:

- :func:`awaiting_approval`: pages in a moderation workflow, whoever submitted them;
- :func:`translation_gaps`: German pages whose English translation is missing or not up to date
  (``cms.translation.status``), each linked to the step the viewer can take;
- :func:`broken_references`: pages and snippets pointing at something deleted or unpublished
  (``cms.content.references``, swappable through :data:`BROKEN_REFERENCES`);
- :func:`recent_edits`: the last edits of the whole team (Wagtail's own panel shows only yours);
- :func:`scheduled`: publications and expiries with a date in the future.

Wagtail's workflow panels (tasks for the current user) and locked-pages panel stay; its
"your recent edits" panel is replaced by the team-wide one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, PageLogEntry, Revision, WorkflowState

from cms.content.references import visible_to
from cms.visibility import admin_permitted_pages, admin_reach, admin_translatable_pages

User = AbstractBaseUser | AnonymousUser

#: Dotted path of the function listing broken references (``cms.content.references``).
BROKEN_REFERENCES = "cms.content.references.all_broken_references"

#: How many rows each panel shows; the total is always given.
PANEL_LIMIT = 10

SOURCE_LANGUAGE = "de"
TARGET_LANGUAGE = "en"


@dataclass(frozen=True)
class Row:
    """One line of a dashboard panel."""

    title: str
    url: str | None
    detail: str = ""
    when: datetime | None = None
    status: str = ""


@dataclass(frozen=True)
class Listing:
    """What a dashboard panel shows: the first ``rows`` and the ``total`` count behind them."""

    rows: list[Row]
    total: int


def _edit_url(obj: Any) -> str | None:
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    viewset = getattr(obj, "snippet_viewset", None)
    if viewset is not None:
        try:
            return reverse(viewset.get_url_name("edit"), args=[obj.pk])
        except NoReverseMatch:
            return None
    return None


def _user_name(user) -> str:
    if user is None:
        return str(_("unbekannt"))
    return user.get_full_name() or user.get_username()


def _listing(rows: list[Row], limit: int) -> Listing:
    return Listing(rows=rows[:limit], total=len(rows))


def awaiting_approval(user: User, limit: int = PANEL_LIMIT) -> Listing:
    """Pages in a running moderation workflow that ``user`` may explore, oldest submission first."""
    page_type = ContentType.objects.get_for_model(Page)
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=page_type)
        .select_related("requested_by", "current_task_state__task")
        .order_by("created_at")
    )
    pages = admin_permitted_pages(user).in_bulk([int(s.object_id) for s in states])
    rows = []
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None:
            continue
        task = state.current_task_state.task.name if state.current_task_state else ""
        rows.append(
            Row(
                title=page.get_admin_display_title(),
                url=_edit_url(page),
                detail=_("eingereicht von %(user)s, Schritt: %(task)s")
                % {"user": _user_name(state.requested_by), "task": task},
                when=state.created_at,
            )
        )
    return _listing(rows, limit)


def translation_gaps(user: User, limit: int = PANEL_LIMIT) -> Listing:
    """Published German pages without an English version, or whose English version is not up to
    date (:mod:`cms.translation.status`, the one definition), that ``user`` may reach: the pages
    they may explore and those they may translate (``cms.visibility``).

    Each row links to the step the user can take: start the translation (submit), synchronise
    it, continue it in the English editor, or (for German editors) the German page; a row
    without such a step has no link.
    """
    from cms.translation.status import page_statuses

    try:
        source = Locale.objects.get(language_code=SOURCE_LANGUAGE)
        target = Locale.objects.get(language_code=TARGET_LANGUAGE)
    except Locale.DoesNotExist:
        return Listing([], 0)
    permitted = admin_permitted_pages(user)
    german = (
        Page.objects.filter(
            Q(pk__in=permitted.values("pk")) | Q(pk__in=admin_translatable_pages(user).values("pk"))
        )
        .filter(locale=source, live=True, depth__gt=1)
        .order_by("-last_published_at")
    )
    versions: dict[str, list[dict]] = {}
    for row in Page.objects.filter(
        translation_key__in=german.values("translation_key"), locale__in=[source, target]
    ).values("id", "translation_key", "locale_id", "live", "last_published_at"):
        versions.setdefault(row["translation_key"], []).append(row)
    rows = []
    explorable = set(permitted.filter(pk__in=german.values("pk")).values_list("pk", flat=True))
    for page in german:
        english = next(
            (v for v in versions.get(page.translation_key, []) if v["locale_id"] == target.pk),
            None,
        )
        if english is None:
            status, label, url = _("fehlt"), _("fehlt"), _start_url(user, page)
        else:
            state = page_statuses(page, versions[page.translation_key])[0][target.pk]
            if state.up_to_date:
                continue
            status, label = _("veraltet"), state.label()
            url = _continue_url(user, page, english["id"], state)
        rows.append(
            Row(
                # A page reached only to translate it shows its published title, never a draft's.
                title=page.get_admin_display_title() if page.pk in explorable else page.title,
                url=url,
                detail=_("Englische Übersetzung: %(status)s") % {"status": label},
                when=page.last_published_at,
                status=str(status),
            )
        )
    return _listing(rows, limit)


def _may_translate(user: User, page: Page) -> bool:
    return admin_translatable_pages(user).filter(pk=page.pk).exists()


def _start_url(user: User, page: Page) -> str | None:
    """Start the translation if ``user`` may; else the German page if they may edit it."""
    if _may_translate(user, page):
        return reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    return _edit_url_for(user, page)


def _continue_url(user: User, page: Page, english_id: int, state) -> str | None:
    """Synchronise when the German side changed, else continue in the English editor; the
    German page for an editor who may do neither."""
    from wagtail_localize.models import TranslationSource

    if state.needs_sync and _may_translate(user, page):
        source = TranslationSource.objects.filter(
            object_id=page.translation_key, locale_id=page.locale_id
        ).first()
        if source is not None:
            return reverse("wagtail_localize:update_translations", args=[source.pk])
    english = Page.objects.filter(pk=english_id).first()
    if english is not None and english.permissions_for_user(user).can_edit():
        return _edit_url(english)
    return _edit_url_for(user, page)


def _edit_url_for(user: User, obj: Any) -> str | None:
    """The edit view of ``obj`` when ``user`` may open it there, else ``None``."""
    if isinstance(obj, Page):
        return _edit_url(obj) if obj.permissions_for_user(user).can_edit() else None
    from wagtail.permission_policies import ModelPermissionPolicy

    from cms.translation.roles import is_translator_only

    if is_translator_only(user) and getattr(obj, "locale_id", None) == Locale.get_default().pk:
        return None  # translators may not edit German snippets (cms.translation.wagtail_hooks)
    policy = ModelPermissionPolicy(type(obj))
    return _edit_url(obj) if policy.user_has_permission(user, "change") else None


def broken_references(user: User, limit: int = PANEL_LIMIT) -> Listing | None:
    """Objects ``user`` may reach with broken references, or None when the check is not available.

    Targets the user may not reach are named by kind and id only (``visible_to``).
    """
    try:
        find: Callable[[], list] = import_string(BROKEN_REFERENCES)
    except ImportError:
        return None
    by_source: dict[tuple[str, Any], list] = {}
    for ref in visible_to(find(), admin_reach(user)):
        by_source.setdefault((ref.source._meta.label, ref.source.pk), []).append(ref)
    rows = []
    for refs in by_source.values():
        source = refs[0].source
        title = source.get_admin_display_title() if isinstance(source, Page) else str(source)
        detail = "; ".join(
            f"{ref.field}: {ref.target_label} ({ref.reason})" for ref in refs[:3]
        ) + (" …" if len(refs) > 3 else "")
        rows.append(Row(title=title, url=_edit_url_for(user, source), detail=detail))
    return _listing(rows, limit)


def recent_edits(user: User, limit: int = PANEL_LIMIT) -> Listing:
    """The pages ``user`` may explore that the team edited last, with who and when."""
    latest = (
        PageLogEntry.objects.filter(
            action__in=("wagtail.edit", "wagtail.create", "wagtail.publish"),
            page_id__in=admin_permitted_pages(user).values("pk"),
        )
        .values("page_id")
        .annotate(latest=Max("timestamp"))
        .order_by("-latest")[:limit]
    )
    entries = {
        (e.page_id, e.timestamp): e
        for e in PageLogEntry.objects.filter(
            page_id__in=[row["page_id"] for row in latest]
        ).select_related("user")
    }
    pages = Page.objects.in_bulk([row["page_id"] for row in latest])
    rows = []
    for row in latest:
        page = pages.get(row["page_id"])
        entry = entries.get((row["page_id"], row["latest"]))
        if page is None:
            continue
        rows.append(
            Row(
                title=page.get_admin_display_title(),
                url=_edit_url(page),
                detail=_("von %(user)s") % {"user": _user_name(entry.user if entry else None)},
                when=row["latest"],
            )
        )
    return Listing(rows, len(rows))


def scheduled(user: User, limit: int = PANEL_LIMIT) -> Listing:
    """Approved publications with a future date, then live pages with a future expiry; of the
    pages ``user`` may explore."""
    now = timezone.now()
    explorable = admin_permitted_pages(user)
    rows = []
    revisions = (
        Revision.page_revisions.filter(approved_go_live_at__gt=now)
        .select_related("user")
        .order_by("approved_go_live_at")
    )
    pages = explorable.in_bulk([int(r.object_id) for r in revisions])
    for revision in revisions:
        page = pages.get(int(revision.object_id))
        if page is not None:
            rows.append(
                Row(
                    title=page.get_admin_display_title(),
                    url=_edit_url(page),
                    detail=_("wird veröffentlicht"),
                    when=revision.approved_go_live_at,
                    status="go_live",
                )
            )
    for page in explorable.filter(live=True, expire_at__gt=now).order_by("expire_at"):
        rows.append(
            Row(
                title=page.get_admin_display_title(),
                url=_edit_url(page),
                detail=_("läuft ab und wird zurückgezogen"),
                when=page.expire_at,
                status="expire",
            )
        )
    return _listing(rows, limit)


class DashboardPanel(Component):
    """A titled list of rows for one viewer; ``load(user)`` returns a :class:`Listing` (or None
    if unavailable)."""

    template_name = "cms_admin/dashboard_panel.html"
    name: str
    heading: str
    empty_text: str
    order: int
    load: Callable[[User], Listing | None]

    def __init__(self, user: User) -> None:
        self.user = user

    def get_context_data(self, parent_context):
        """The panel's template context: heading, empty text and the :class:`Listing` its ``load``
        returns for the user (``None``: the check is not available yet, said in German).
        """
        context = super().get_context_data(parent_context)
        listing = type(self).load(self.user)
        context.update(
            panel_id=f"cms-{self.name}",
            heading=self.heading,
            empty_text=self.empty_text,
            listing=listing,
            unavailable_text=_("Diese Prüfung ist noch nicht verfügbar."),
        )
        return context


def _panel(name: str, heading, empty_text, order: int, load, user: User) -> DashboardPanel:
    cls = type(
        f"{name.title().replace('_', '')}Panel",
        (DashboardPanel,),
        {
            "name": name,
            "heading": heading,
            "empty_text": empty_text,
            "order": order,
            "load": staticmethod(load),
        },
    )
    return cls(user)


def agency_panels(user: User) -> list[DashboardPanel]:
    """The five panels, each listing what ``user`` may reach."""
    return [
        _panel(
            "awaiting_approval",
            _("Warten auf Freigabe"),
            _("Keine Seite wartet auf Freigabe."),
            150,
            awaiting_approval,
            user,
        ),
        _panel(
            "scheduled",
            _("Geplante Veröffentlichungen und Abläufe"),
            _("Nichts ist geplant."),
            160,
            scheduled,
            user,
        ),
        _panel(
            "translation_gaps",
            _("Englische Übersetzung fehlt oder ist veraltet"),
            _("Alle veröffentlichten Seiten sind aktuell übersetzt."),
            170,
            translation_gaps,
            user,
        ),
        _panel(
            "broken_references",
            _("Defekte Verweise"),
            _("Keine defekten Verweise gefunden."),
            180,
            broken_references,
            user,
        ),
        _panel(
            "team_recent_edits",
            _("Zuletzt bearbeitet (ganzes Team)"),
            _("Noch keine Bearbeitungen."),
            190,
            lambda viewer: recent_edits(
                viewer, limit=getattr(settings, "WAGTAILADMIN_RECENT_EDITS_LIMIT", 10)
            ),
            user,
        ),
    ]


def construct_homepage_panels(request, panels: list) -> None:
    """The ``construct_homepage_panels`` hook: add the agency panels, drop "your recent edits"."""
    panels[:] = [p for p in panels if getattr(p, "name", "") != "recent_edits"]
    panels.extend(agency_panels(request.user))
