"""Who may see what: the one visibility rule, read by every exit.

Every exit that shows content (the API v1 and v2, search indexing and results, media serving,
the admin's dashboard panels and reports, translation submission) asks this module, never its
own copy of the rule. Two questions, two answers:

**A reader** (:class:`Principal`, built once at the edge of a request) sees

- pages that are live (drafts only with a ``drafts`` scope, or, for a user, pages the user may
  edit) and not at or below a view restriction the reader does not pass;
- images and documents outside collections with a view restriction the reader does not pass;
- snippets that are live (when the snippet type has a live state), same draft rule as pages.

Restrictions are passed as Wagtail's own ``BaseViewRestriction.accept_request`` passes them for a
logged-in request: ``login`` by any user, ``groups`` by a member or a superuser, ``password``
never (an API client carries no password). A project token with the ``private`` scope passes
every restriction. An anonymous reader passes none. Search indexes what the anonymous reader
sees, and only that (:func:`anonymous_restricted_collection_paths`,
:func:`anonymous_restricted_page_paths`).

**An editor in the admin** sees what Wagtail's permission policies let them reach: pages they
may explore (:func:`admin_explorable_pages`), media in collections where they hold a permission
(:func:`admin_visible_collections`). Panels and reports list nothing else.

Restriction tables are small; they are read once per content generation and process when the
caller passes the generation (the API does), else once per call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

__all__ = [
    "ANONYMOUS",
    "Principal",
    "admin_explorable_pages",
    "admin_visible_collections",
    "anonymous_restricted_collection_paths",
    "anonymous_restricted_page_paths",
    "collection_restrictions",
    "for_project_token",
    "for_user",
    "page_restrictions",
    "path_is_under",
    "reset",
]

#: (tree path, restriction type, group ids) of one view restriction.
RestrictionRow = tuple[str, str, frozenset[int]]

#: Restriction rows cached per content generation (see :func:`_shared`).
_per_generation: dict[str, Any] = {"generation": None}


def reset() -> None:
    """Forget the per-generation tables (tests whose rollbacks repeat generations need it)."""
    _per_generation.clear()
    _per_generation["generation"] = None


def _shared(key: str, load: Callable[[], Any], generation: int | None) -> Any:
    if generation is None:
        return load()
    if _per_generation.get("generation") != generation:
        _per_generation.clear()
        _per_generation["generation"] = generation
    if key not in _per_generation:
        _per_generation[key] = load()
    return _per_generation[key]


def _restrictions(model, owner: str) -> list[RestrictionRow]:
    groups: dict[int, set[int]] = {}
    for pk, group_id in model.groups.through.objects.values_list(
        f"{model._meta.model_name}_id", "group_id"
    ):
        groups.setdefault(pk, set()).add(group_id)
    return [
        (path, kind, frozenset(groups.get(pk, ())))
        for pk, path, kind in model.objects.values_list("pk", f"{owner}__path", "restriction_type")
    ]


def page_restrictions(generation: int | None = None) -> list[RestrictionRow]:
    """Every page view restriction as ``(page tree path, type, group ids)``."""
    from wagtail.models import PageViewRestriction

    return _shared(
        "page_restrictions", lambda: _restrictions(PageViewRestriction, "page"), generation
    )


def collection_restrictions(generation: int | None = None) -> list[RestrictionRow]:
    """Every collection view restriction as ``(collection tree path, type, group ids)``."""
    from wagtail.models import CollectionViewRestriction

    return _shared(
        "collection_restrictions",
        lambda: _restrictions(CollectionViewRestriction, "collection"),
        generation,
    )


def path_is_under(path: str, prefixes: Iterable[str]) -> bool:
    """Whether a tree ``path`` is at or below any of ``prefixes`` (Wagtail tree paths)."""
    return any(path.startswith(prefix) for prefix in prefixes)


Kind = Literal["anonymous", "project_token", "user"]
Scope = Literal["drafts", "private"]


@dataclass
class Principal:
    """Who is asking, built once at the edge of a request and passed down.

    - ``anonymous``: no credentials;
    - ``project_token``: a :class:`cms.api.models.ApiToken` with ``scopes`` (``drafts``:
      unpublished pages and latest revisions; ``private``: every view restriction passed);
    - ``user``: a user, through a Wagtail ``APIToken`` (``via="api_token"``) or an admin session
      (``via="session"``); restrictions judged as Wagtail judges a logged-in request, drafts of
      the pages the user may edit.
    """

    kind: Kind = "anonymous"
    user: AbstractBaseUser | None = None
    scopes: frozenset[str] = frozenset()
    via: str = ""
    token: Any = None
    _group_ids: frozenset[int] | None = field(default=None, repr=False)

    @property
    def is_anonymous(self) -> bool:
        return self.kind == "anonymous"

    @property
    def can_read_private(self) -> bool:
        """Passes every view restriction (a project token with the ``private`` scope)."""
        return self.kind == "project_token" and "private" in self.scopes

    @property
    def can_read_drafts(self) -> bool:
        """May ask for drafts at all; a user's drafts are then checked per page
        (:meth:`may_read_draft`)."""
        if self.kind == "project_token":
            return "drafts" in self.scopes
        return self.kind == "user"

    @property
    def shares_responses(self) -> bool:
        """Whether a response to this reader may be cached for everyone (only anonymous ones)."""
        return self.kind == "anonymous"

    def group_ids(self) -> frozenset[int]:
        if self.user is None:
            return frozenset()
        if self._group_ids is None:
            self._group_ids = frozenset(self.user.groups.values_list("pk", flat=True))
        return self._group_ids

    def passes(self, restriction_type: str, groups: frozenset[int]) -> bool:
        """Whether this reader passes one view restriction (see the module docstring)."""
        if self.can_read_private:
            return True
        if self.kind != "user" or self.user is None:
            return False
        if restriction_type == "login":
            return True
        if restriction_type == "groups":
            return bool(self.user.is_superuser or groups & self.group_ids())
        return False  # "password": never through the API

    def unpassed(self, rows: list[RestrictionRow]) -> list[str]:
        """Tree paths of the restrictions in ``rows`` this reader does not pass."""
        if self.can_read_private:
            return []
        return [path for path, kind, groups in rows if not self.passes(kind, groups)]

    def restricted_page_paths(self, generation: int | None = None) -> list[str]:
        """Tree paths of pages hidden from this reader (their subtrees are hidden too)."""
        return self.unpassed(page_restrictions(generation))

    def restricted_collection_paths(self, generation: int | None = None) -> list[str]:
        """Tree paths of collections whose images and documents are hidden from this reader."""
        return self.unpassed(collection_restrictions(generation))

    def may_see_page(self, page, *, drafts: bool = False, generation: int | None = None) -> bool:
        """A page (any object with ``live`` and ``path``): live or a readable draft, and not
        under a restriction this reader does not pass."""
        if not page.live and not (drafts and self.may_read_draft(page)):
            return False
        return not path_is_under(page.path, self.restricted_page_paths(generation))

    def may_see_media(self, obj, generation: int | None = None) -> bool:
        """An image or document: not in a collection this reader may not see."""
        hidden = self.restricted_collection_paths(generation)
        return not hidden or not path_is_under(obj.collection.path, hidden)

    @property
    def may_ask_for_drafts(self) -> bool:
        """Whether a request for one page's draft is judged page by page (:meth:`may_read_draft`).

        Anonymous readers are refused outright (401, whatever the page), so the refusal says
        nothing about the page. Everyone else who may not read a page's draft is told "not
        found", exactly as for a page that does not exist: no answer tells a draft that exists
        from one that does not.
        """
        return not self.is_anonymous

    def may_read_draft(self, page) -> bool:
        """Drafts: a project token with the ``drafts`` scope, or a user who may edit the page."""
        if self.kind == "project_token":
            return "drafts" in self.scopes
        if self.kind == "user" and self.user is not None:
            return page.permissions_for_user(self.user).can_edit()
        return False

    def may_list_drafts(self) -> bool:
        """Draft *listings* show titles of many pages at once: only a project token with the
        ``drafts`` scope or a superuser (per-page edit rights are checked on detail)."""
        if self.kind == "project_token":
            return "drafts" in self.scopes
        return bool(self.kind == "user" and self.user is not None and self.user.is_superuser)


ANONYMOUS = Principal()


def for_project_token(token) -> Principal:
    """The principal of a project :class:`~cms.api.models.ApiToken` (its scopes)."""
    scopes = set()
    if token.can_read_drafts:
        scopes.add("drafts")
    if token.can_read_private:
        scopes.add("private")
    return Principal(kind="project_token", scopes=frozenset(scopes), token=token)


def for_user(user: AbstractBaseUser | AnonymousUser | None, *, via: str = "session") -> Principal:
    """The principal of a (possibly anonymous or inactive) user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    return Principal(kind="user", user=user, via=via)


def anonymous_restricted_page_paths() -> list[str]:
    """Tree paths of every restricted page: what search and public caches must never hold."""
    return ANONYMOUS.restricted_page_paths()


def anonymous_restricted_collection_paths() -> list[str]:
    """Tree paths of every restricted collection."""
    return ANONYMOUS.restricted_collection_paths()


# --- The admin: what an editor may reach -----------------------------------------------------------


def admin_explorable_pages(user):
    """Pages ``user`` may explore in the admin (Wagtail's page permission policy): a queryset.

    Dashboard panels and reports that name pages list only these.
    """
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().explorable_instances(user)


def admin_visible_collections(user, model):
    """Collections where ``user`` holds any permission on ``model`` (images or documents)."""
    from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

    policy = CollectionOwnershipPermissionPolicy(model, owner_field_name="uploaded_by_user")
    return policy.collections_user_has_any_permission_for(user, ["add", "change", "choose"])
