"""A view restriction belongs to a page in every language: the translation group shares it.

Wagtail keeps a view restriction (login, password, groups) on one page. A restriction set on a
German page through the admin's privacy dialog therefore hid the German page while its English
translation stayed public in both APIs and in search; wagtail-localize copied it over only when
someone synchronised, and translations kept by hand (same ``translation_key``, made without
wagtail-localize) never followed.

Here the restriction is a property of the *translation group* (every page with the same
``translation_key``, hence of their subtrees):

- adding, changing (type, password, groups) or lifting a restriction on any page of the group
  does the same on every other page of the group, at once, in the same transaction;
- a page that joins a group later (wagtail-localize's submission, Wagtail's copy for
  translation or alias, a page made by hand with the same key) gets the group's restriction;
- a page holds one restriction, as Wagtail's privacy dialog assumes: a new one replaces an older
  one on the same page (so a copy that brings its own restriction leaves no duplicate);
- deleting a translation page does not lift the restriction of the others;
- a moved page's translations move with it (below the new parent's translation in their locale,
  as Wagtail's admin cascades moves for ``construct_translated_pages_to_cascade_actions``), so a
  page moved into or out of a restricted section is hidden or shown in every language; where the
  new parent has no translation, a translation that would stay public takes the restriction the
  moved page now inherits, as its own (:func:`page_moved`).

Mirroring uses ordinary saves and deletes, so every other receiver sees each page's change: the
API's content generation (``cms.runtime.signals``) and the search index (the search plugin re-indexes the
subtree of every page whose restriction changed). This module's own receivers ignore the changes
they make (:func:`_mirroring`), so there is no signal recursion. Restrictions are written by
trusted code or by the privacy dialog, which requires the right to set restrictions on every page
of the group (:class:`TranslationGroupPrivacyView`, answering the admin's privacy URL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.page_privacy import SetPrivacyView
from wagtail.models import Page, PageViewRestriction

_busy: ContextVar[bool] = ContextVar("cms_translation_restrictions_busy", default=False)


@contextmanager
def _mirroring() -> Iterator[None]:
    """While set, this module's receivers ignore the restriction changes (its own mirroring)."""
    token = _busy.set(True)
    try:
        yield
    finally:
        _busy.reset(token)


def translations_of(page: Page) -> QuerySet:
    """The other pages of ``page``'s translation group (same ``translation_key``)."""
    return Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)


def _group_page_ids(page_id: int) -> list[int]:
    key = Page.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
    if key is None:
        return []
    return list(
        Page.objects.filter(translation_key=key).exclude(pk=page_id).values_list("pk", flat=True)
    )


def _copy_to(source: PageViewRestriction, page_id: int) -> None:
    """Give page ``page_id`` the restriction ``source`` describes (update or create)."""
    restriction = PageViewRestriction.objects.filter(page_id=page_id).order_by("pk").first()
    if restriction is None:
        restriction = PageViewRestriction(page_id=page_id)
    if (
        restriction.pk is None
        or restriction.restriction_type != source.restriction_type
        or restriction.password != source.password
    ):
        restriction.restriction_type = source.restriction_type
        restriction.password = source.password
        restriction.save()
    _copy_groups(source, restriction)


def _copy_groups(source: PageViewRestriction, target: PageViewRestriction) -> None:
    wanted = set(source.groups.values_list("pk", flat=True))
    if set(target.groups.values_list("pk", flat=True)) != wanted:
        target.groups.set(wanted)


def restriction_saved(sender, instance: PageViewRestriction, created=False, raw=False, **kwargs):
    """``post_save``: the page's other translations get the same type and password (groups
    follow in :func:`restriction_groups_changed`, as forms save them after the restriction)."""
    if raw or _busy.get():
        return
    with _mirroring(), transaction.atomic():
        if created:
            # One restriction per page: the new one replaces older ones on the same page.
            for older in PageViewRestriction.objects.filter(page_id=instance.page_id).exclude(
                pk=instance.pk
            ):
                older.delete()
        others = _group_page_ids(instance.page_id)
        if (
            created
            and instance.restriction_type == PageViewRestriction.GROUPS
            and not instance.groups.exists()
        ):
            # A copy made before its groups (Wagtail's and wagtail-localize's copies): the
            # group's groups, not an empty set, until the groups are saved.
            existing = PageViewRestriction.objects.filter(page_id__in=others).order_by("pk").first()
            if existing is not None:
                _copy_groups(existing, instance)
        for page_id in others:
            _copy_to(instance, page_id)


def restriction_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``m2m_changed`` of the restriction's groups: the same groups on every translation."""
    if _busy.get() or not action.startswith("post_"):
        return
    if reverse:  # group.pageviewrestriction_set.add(...) and the like
        restrictions = PageViewRestriction.objects.filter(pk__in=pk_set or ())
    else:
        restrictions = [instance]
    with _mirroring(), transaction.atomic():
        for restriction in restrictions:
            for page_id in _group_page_ids(restriction.page_id):
                _copy_to(restriction, page_id)


def restriction_deleted(sender, instance: PageViewRestriction, origin=None, **kwargs) -> None:
    """``post_delete``: lifting a restriction lifts it on every translation. A restriction
    deleted because its page is deleted (a cascade) leaves the other translations as they are."""
    if _busy.get() or not _deleted_for_itself(origin):
        return
    with _mirroring(), transaction.atomic():
        for restriction in PageViewRestriction.objects.filter(
            page_id__in=_group_page_ids(instance.page_id)
        ):
            restriction.delete()


def _deleted_for_itself(origin) -> bool:
    if isinstance(origin, PageViewRestriction):
        return True
    model = getattr(origin, "model", None)  # a QuerySet of restrictions
    return model is not None and issubclass(model, PageViewRestriction)


def page_created(sender, instance, created=False, raw=False, **kwargs) -> None:
    """``post_save`` of a page: a new member of a translation group gets the group's
    restriction (a copy that brings its own replaces it, see :func:`restriction_saved`)."""
    if not created or raw or _busy.get() or not isinstance(instance, Page):
        return
    source = (
        PageViewRestriction.objects.filter(page__translation_key=instance.translation_key)
        .exclude(page_id=instance.pk)
        .order_by("pk")
        .first()
    )
    if source is None:
        return
    with _mirroring(), transaction.atomic():
        _copy_to(source, instance.pk)


def _inherited_restriction(page: Page) -> PageViewRestriction | None:
    """The restriction ``page`` is under through an ancestor (the nearest), or ``None``."""
    return (
        PageViewRestriction.objects.filter(page__in=page.get_ancestors())
        .order_by("-page__depth", "pk")
        .first()
    )


def page_moved(sender, instance: Page, parent_page_before=None, parent_page_after=None, **kwargs):
    """``post_page_move`` (admin, ``Page.move()``, scripts): the moved page's translations follow.

    A translation that sat below a translation of the old parent moves below the new parent's
    translation in its locale. Where the new parent has none, the translation stays where it is;
    if the moved page is now restricted through an ancestor and the translation is not, the
    translation gets a copy of that restriction as its own (lifting the section's restriction
    later does not lift it: an editor decides). Moves within the same parent change nothing.
    """
    if _busy.get() or parent_page_before is None or parent_page_after is None:
        return
    if parent_page_before.pk == parent_page_after.pk:
        return
    old_parents = set(
        Page.objects.filter(translation_key=parent_page_before.translation_key).values_list(
            "pk", flat=True
        )
    )
    inherited = _inherited_restriction(instance)
    with _mirroring(), transaction.atomic():
        for translation in translations_of(instance).order_by("pk"):
            translation = Page.objects.get(pk=translation.pk)  # fresh tree fields
            if translation.get_parent().pk not in old_parents:
                continue  # placed elsewhere by an editor: not ours to move
            destination = parent_page_after.get_translation_or_none(translation.locale)
            if destination is not None:
                translation.move(destination, pos="last-child")
                continue
            covered = PageViewRestriction.objects.filter(
                page__in=translation.get_ancestors(inclusive=True)
            ).exists()
            if inherited is not None and not covered:
                _copy_to(inherited, translation.pk)


def connect() -> None:
    """Called from ``TranslationConfig.ready``."""
    from wagtail.signals import post_page_move

    post_page_move.connect(page_moved, dispatch_uid="cms_restrictions_page_moved")
    post_save.connect(
        restriction_saved, sender=PageViewRestriction, dispatch_uid="cms_restrictions_saved"
    )
    post_delete.connect(
        restriction_deleted, sender=PageViewRestriction, dispatch_uid="cms_restrictions_deleted"
    )
    m2m_changed.connect(
        restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="cms_restrictions_groups",
    )
    post_save.connect(page_created, dispatch_uid="cms_restrictions_page_created")


# --- The admin's privacy dialog --------------------------------------------------------------------


def group_note(page: Page) -> str:
    """The German sentence the privacy dialog shows: the restriction covers the translations."""
    languages = sorted(
        {str(p.locale.get_display_name()) for p in translations_of(page).select_related("locale")}
    )
    if not languages:
        return _("Gilt auch für alle Übersetzungen dieser Seite, auch für später angelegte.")
    return _("Gilt auch für alle Übersetzungen dieser Seite (%(languages)s).") % {
        "languages": ", ".join(languages)
    }


class TranslationGroupPrivacyView(SetPrivacyView):
    """Wagtail's privacy dialog, for the whole translation group.

    It says that the restriction applies to every translation, and it is open only to users
    who may set restrictions on every page of the group (a translator, who may publish English
    pages only, cannot lift the restriction of a German page through its English translation).
    """

    def dispatch(self, request, page_id, *args, **kwargs):
        """Wagtail's privacy dialog for page ``page_id``; ``PermissionDenied`` (403) unless the user
        may set view restrictions on every page of its translation group; 404 for an unknown
        page.
        """
        page = get_object_or_404(Page, id=page_id)
        for other in translations_of(page):
            if not other.permissions_for_user(request.user).can_set_view_restrictions():
                raise PermissionDenied
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_form(self, form_class=None):
        """Wagtail's form, its restriction type explained as covering the whole translation group."""
        form = super().get_form(form_class)
        form.fields["restriction_type"].help_text = group_note(self.page)
        return form


#: The dialog's view, with the admin's access check (it answers the admin's own privacy URL,
#: see ``cms.urls``).
privacy_view = require_admin_access(TranslationGroupPrivacyView.as_view())
