"""Who may see what: the one visibility rule, read by every exit.

Every exit that shows content (the API v1 and v2, search indexing and results, media serving,
the admin's dashboard panels and reports, the admin preview, translation submission) asks this
module, never its own copy of the rule. Two questions, two answers:

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
hold a page right on (:func:`admin_permitted_pages`), the published source pages of the trees they
translate (:func:`admin_translatable_pages`, to start or synchronise a translation), media in collections where they hold a permission
(:func:`admin_visible_collections`), snippets and other models they hold a right on; one
:class:`AdminReach` per request answers all three. Panels, reports and edit-view hints list
nothing else, and count nothing else.

Restriction tables are small; they are read once per content generation and process when the
caller passes the generation (the API does), else once per call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

__all__ = [
    "ANONYMOUS",
    "Principal",
    "ADMIN_MEDIA_ACTIONS",
    "ADMIN_MODEL_ACTIONS",
    "ADMIN_PAGE_ACTIONS",
    "AdminReach",
    "View",
    "admin_permitted_pages",
    "admin_reach",
    "admin_translatable_pages",
    "admin_visible_collections",
    "anonymous_restricted_collection_paths",
    "anonymous_restricted_page_paths",
    "collection_restrictions",
    "describes",
    "for_project_token",
    "for_user",
    "page_restrictions",
    "path_is_under",
    "restricted_collection_ids",
    "reset",
    "view_for_request",
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


def restricted_collection_ids(generation: int | None = None) -> frozenset[int]:
    """Ids of every collection at or below a view restriction (hidden from anonymous readers):
    their media get expiring URLs (:mod:`cms.runtime.media`)."""

    def load() -> frozenset[int]:
        from wagtail.models import Collection

        paths = [path for path, _kind, _groups in collection_restrictions(generation)]
        if not paths:
            return frozenset()
        return frozenset(
            pk
            for pk, path in Collection.objects.values_list("pk", "path")
            if path_is_under(path, paths)
        )

    return _shared("restricted_collection_ids", load, generation)


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
        """No credentials at all (``kind == "anonymous"``)."""
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
        """Primary keys of the user's groups (empty for anonymous readers and project tokens);
        queried once per principal.
        """
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

#: Actions of which any one lets a user see a model's objects in the admin (Wagtail's listing
#: views ask the same: ``any_permission_required``).
ADMIN_MODEL_ACTIONS = ("add", "change", "delete", "view")

#: Actions on images and documents of which any one makes a collection visible to a user.
ADMIN_MEDIA_ACTIONS = ("add", "change", "choose")


#: Page actions of which any one puts a page (and its subtree) in an admin user's reach.
ADMIN_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")


def admin_permitted_pages(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Pages in the subtrees where ``user`` holds a page right: a queryset.

    Wagtail's ``PagePermissionPolicy.instances_user_has_any_permission_for`` with every page
    action; every page for an active superuser, none for an anonymous or inactive user. Dashboard
    panels and reports that name pages list only these. Wagtail's explorer also lets a user walk
    through the ancestors of those subtrees (``explorable_instances``) to reach them; a panel or
    report never names such a navigation-only page, nor its draft title.
    """
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().instances_user_has_any_permission_for(
        user, set(ADMIN_PAGE_ACTIONS)
    )


#: The permission that lets a user start and synchronise translations (wagtail-localize).
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


def admin_translatable_pages(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Live pages of the default (source) locale that ``user`` may start or synchronise a
    translation of: a queryset.

    A translator holds page rights on a translated locale's tree only (``setup_roles``), so
    :func:`admin_permitted_pages` names no German page to them, yet their work starts on one.
    A user with ``wagtail_localize.submit_translation`` reaches the live source pages in the
    subtrees that correspond (same ``translation_key``) to the subtrees of another locale where
    they hold a page right: the German tree of the English tree they translate, nothing outside
    it (an internal tree without an English counterpart in their reach stays closed). Drafts are
    never named: a translation is made from published content only
    (``cms.translation.published_source``). Every live source page for an active superuser;
    none for anyone else.
    """
    from wagtail.models import GroupPagePermission, Locale, Page

    if not (user.is_active and user.has_perm(SUBMIT_TRANSLATION)):
        return Page.objects.none()
    source = Page.objects.filter(live=True, locale=Locale.get_default(), depth__gt=1)
    if user.is_superuser:
        return source
    keys = (
        GroupPagePermission.objects.filter(
            group__in=user.groups.all(), permission__codename__in=_page_codenames()
        )
        .exclude(page__locale=Locale.get_default())
        .values_list("page__translation_key", flat=True)
    )
    roots = Page.objects.filter(translation_key__in=list(keys), locale=Locale.get_default())
    paths = list(roots.values_list("path", flat=True))
    if not paths:
        return Page.objects.none()
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return source.filter(under)


def _page_codenames() -> list[str]:
    return [f"{action}_page" for action in ADMIN_PAGE_ACTIONS]


def admin_visible_collections(user: AbstractBaseUser | AnonymousUser, model) -> QuerySet:
    """Collections where ``user`` holds any permission on ``model`` (the image or document model).

    Asked through Wagtail's registered permission policy of the model, which checks the rights of
    ``wagtailimages.Image`` / ``wagtaildocs.Document`` also for custom models (ours are
    ``cms.CmsImage`` / ``cms.CmsDocument``). A right on a collection covers its descendants.
    """
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(model)
    return policy.collections_user_has_any_permission_for(user, list(ADMIN_MEDIA_ACTIONS))


def _is_media(model) -> bool:
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage

    return issubclass(model, (AbstractImage, AbstractDocument))


@dataclass
class AdminReach:
    """What one user may reach in the admin; built once per request, answers from memory after.

    - pages: those the user hold a page right on (:func:`admin_permitted_pages`);
    - images and documents: those in collections where the user holds a right on the model
      (:func:`admin_visible_collections`);
    - snippets and any other model: a model right (add, change, delete or view), asked through
      the model's registered Wagtail permission policy, as Wagtail's listings ask it.

    Every dashboard panel, admin report and edit-view hint that names other objects filters them
    through one of these (:meth:`may_see`, :meth:`pages`), so totals never count hidden objects.
    """

    user: AbstractBaseUser | AnonymousUser
    _page_ids: frozenset[int] | None = field(default=None, repr=False)
    _collections: dict[Any, frozenset[int]] = field(default_factory=dict, repr=False)
    _models: dict[Any, bool] = field(default_factory=dict, repr=False)

    def pages(self) -> QuerySet:
        """The pages in the user's reach, as a queryset to filter further."""
        return admin_permitted_pages(self.user)

    def page_ids(self) -> frozenset[int]:
        """Primary keys of :meth:`pages`, read once per reach (one query)."""
        if self._page_ids is None:
            self._page_ids = frozenset(self.pages().values_list("pk", flat=True))
        return self._page_ids

    @property
    def reaches_everything(self) -> bool:
        """An active superuser: every object, also records of objects deleted since."""
        return bool(self.user.is_active and self.user.is_superuser)

    def may_explore(self, page_id: int) -> bool:
        """Whether the page with this id is explorable (a missing page only for a superuser)."""
        return self.reaches_everything or page_id in self.page_ids()

    def collection_ids(self, model) -> frozenset[int]:
        """Ids of the collections whose ``model`` objects (images or documents) are visible."""
        if model not in self._collections:
            self._collections[model] = frozenset(
                admin_visible_collections(self.user, model).values_list("pk", flat=True)
            )
        return self._collections[model]

    def may_see_model(self, model) -> bool:
        """A right on the model (snippets and other models outside the page and collection trees)."""
        if model not in self._models:
            from wagtail.permissions import policy_registry

            policy = policy_registry.get_by_type(model)
            self._models[model] = bool(
                policy.user_has_any_permission(self.user, list(ADMIN_MODEL_ACTIONS))
            )
        return self._models[model]

    def may_see(self, obj) -> bool:
        """Whether ``obj`` (a page, image, document, snippet or other model instance) is reachable."""
        from wagtail.models import Page

        if obj is None:
            return False
        if isinstance(obj, Page):
            return self.may_explore(obj.pk)
        if _is_media(type(obj)):
            return obj.collection_id in self.collection_ids(type(obj))
        return self.may_see_model(type(obj))

    def hidden_private_documents(self, model) -> QuerySet:
        """Documents (or images) of ``model`` in a collection with a view restriction, outside
        the user's visible collections: what no report may name to this user."""
        from wagtail.models import Collection

        restricted = anonymous_restricted_collection_paths()
        if not restricted:
            return model.objects.none()
        under = Collection.objects.none()
        for path in restricted:
            under |= Collection.objects.filter(path__startswith=path)
        return model.objects.filter(collection__in=under).exclude(
            collection_id__in=self.collection_ids(model)
        )

    def hidden_private_pages(self) -> QuerySet:
        """Pages readers cannot see (drafts, or under a view restriction) that the user may not
        explore: what no report may name to this user."""
        from django.db.models import Q
        from wagtail.models import Page

        private = Q(live=False)
        for path in anonymous_restricted_page_paths():
            private |= Q(path__startswith=path)
        return Page.objects.filter(private).exclude(pk__in=self.pages().values("pk"))


def admin_reach(user: AbstractBaseUser | AnonymousUser) -> AdminReach:
    """What ``user`` may reach in the admin (see :class:`AdminReach`)."""
    return AdminReach(user=user)


# --- Bulk decisions ----------------------------------------------------------------------------------


@dataclass
class View:
    """What one principal sees of published content, preloaded for many decisions at once.

    Search indexing builds one per run (``View.of(ANONYMOUS)``): every linked object whose text
    would go into a page's search document passes :meth:`shows` first. Drafts are never shown
    here (indexes and crawls hold published content only).
    """

    principal: Principal
    page_paths: list[str]
    collection_paths: list[str]
    _collection_path_by_id: dict[int, str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, principal: Principal, generation: int | None = None) -> View:
        """The view of ``principal``: the paths of the page and collection restrictions it does not
        pass, read now; with ``generation`` (the current ``ContentGeneration`` value) the
        restriction rows are shared by the process until the generation changes.
        """
        return cls(
            principal=principal,
            page_paths=principal.restricted_page_paths(generation),
            collection_paths=principal.restricted_collection_paths(generation),
        )

    def shows_page(self, page) -> bool:
        """A page (``live`` and ``path``): live and not under a hidden restriction."""
        return bool(page.live) and not path_is_under(page.path, self.page_paths)

    def shows_collection(self, collection_id: int | None) -> bool:
        """Whether media of the collection with primary key ``collection_id`` are visible (``None``:
        no collection, visible). Collection paths are read once per view, on first need.
        """
        if not self.collection_paths or collection_id is None:
            return True
        if self._collection_path_by_id is None:
            from wagtail.models import Collection

            self._collection_path_by_id = dict(Collection.objects.values_list("pk", "path"))
        path = self._collection_path_by_id.get(collection_id, "")
        return not path_is_under(path, self.collection_paths)

    def shows(self, obj: Any) -> bool:
        """Any linked object: pages and media by the rule above, everything else shown."""
        from wagtail.documents.models import AbstractDocument
        from wagtail.images.models import AbstractImage
        from wagtail.models import Page

        if isinstance(obj, Page):
            return self.shows_page(obj)
        if isinstance(obj, AbstractImage | AbstractDocument):
            return self.shows_collection(obj.collection_id)
        return True


# --- Values that describe another object -------------------------------------------------------------


def describes(field_name: str) -> Callable[[Callable], Callable]:
    """Mark a property as describing the object in the foreign key ``field_name``.

    A reader who may not see that object (an image or document in a restricted collection, a
    hidden page) gets the property's value as if the field were empty, so that nothing beside a
    hidden target tells of it (``document: null`` beside the file's size would). Used by the
    API serializer (:func:`cms.api.serialize.field_spec`)::

        @property
        @describes("document")
        def file_size(self) -> int | None: ...
    """

    def mark(fget: Callable) -> Callable:
        fget.describes = field_name
        return fget

    return mark


def view_for_request(request) -> View:
    """The :class:`View` of a request's reader (its session user, else anonymous), built once
    per request; without a request, the anonymous reader's."""
    if request is None:
        return View.of(ANONYMOUS)
    view = getattr(request, "_cms_visibility_view", None)
    if view is None:
        view = View.of(for_user(getattr(request, "user", None), via="session"))
        request._cms_visibility_view = view
    return view
