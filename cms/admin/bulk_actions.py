"""Wagtail's bulk actions, naming only what the user may reach (``cms.visibility.AdminReach``).

Wagtail's confirmation page of a bulk action (``/admin/bulk/<app>/<model>/<action>/?id=…``)
lists the chosen objects the user may not act on by title ("You don't have permission to …"),
whichever ids the query string names: any page's title was readable by id to any editor.
:func:`bulk_action` answers at Wagtail's URL (placed before ``wagtail.admin.urls`` in
``cms.urls``) with the same action, whose list of refused objects keeps only those in the
user's reach; an object outside it is left out as if its id did not exist.
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from cms.visibility import AdminReach


@functools.cache
def within_reach(action_class: type) -> type:
    """A subclass of a registered bulk action whose refused objects are only reachable ones."""

    class WithinReach(action_class):
        def get_actionable_objects(self):
            objects, extra = super().get_actionable_objects()
            reach = AdminReach(self.request.user)
            refused = [obj for obj in extra["items_with_no_access"] if reach.may_see(obj)]
            return objects, {**extra, "items_with_no_access": refused}

    WithinReach.__name__ = WithinReach.__qualname__ = action_class.__name__
    return WithinReach


def bulk_action(request: HttpRequest, app_label: str, model_name: str, action: str) -> HttpResponse:
    """Wagtail's bulk-action dispatcher (``wagtail.admin.views.bulk_action.index``) with
    :func:`within_reach`. Raises ``Http404`` for an unknown model or action, as Wagtail does."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    return within_reach(action_class)(request, model).dispatch(request)


def urlpatterns() -> list:
    """The dispatcher at Wagtail's URL (before ``wagtail.admin.urls``; Wagtail's URL name
    ``wagtail_bulk_action`` then resolves to it)."""
    return [
        path(
            "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
            require_admin_access(bulk_action),
        )
    ]
