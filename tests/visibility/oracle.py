"""Who may see what, computed from the planned world alone (never through ``cms.visibility``).

This is the test's own statement of the rule of issue 12; ``cms/visibility.py`` is meant to say
the same. For each marker (one version of one object) and each reader it answers ``None`` (may
see it) or the reason it is hidden.

**Pages.** A page's live content is seen while the page is live; the content of its latest
revision (a draft, a scheduled revision, a withdrawn page's last content) only by readers who may
read drafts of it: a project token with the ``drafts`` scope, or a user who may edit the page.
Either way not when the page, an ancestor, *or the German original of a translation or one of
its ancestors* carries a view restriction the reader does not pass: a translation is as private
as its source (that is the rule the issue asks for; an English-only restriction hides only the
English subtree). A restriction is passed by a project token with the ``private`` scope, and by
a user as Wagtail's ``accept_request`` judges a logged-in request: ``login`` always, ``groups``
as a member (or superuser), ``password`` never (an API client and the admin carry no password).
Anonymous readers and tokens without ``private`` pass none.

**Images and documents** are seen unless their collection or an ancestor collection carries a
restriction the reader does not pass. **Snippets** have no draft state here: always seen.

**Admin users** (a logged-in session) see, on top of what they see as a reader:

- every version of the pages Wagtail lets them explore: the subtrees where they hold page rights
  plus the ancestors of those (below the first common ancestor), as Wagtail's explorer does.
  Editors (Redakteure) explore the German tree, publishers (Freigabe) both trees, translators
  (Übersetzer) the English tree, the section editor one German section;
- the live text of a German page whose English translation they may explore (the translation
  editor shows translators the source they translate);
- images and documents in collections where they hold a media right (the roles of
  ``setup_roles`` hold them on the root collection; the section editor on one collection).

So a translator never sees a German draft, a scheduled German revision or a German page behind a
``groups`` or ``password`` restriction they do not pass; an editor never sees English drafts.
"""

from __future__ import annotations

from tests.visibility.world import (
    CollectionSpec,
    DocumentSpec,
    ImageSpec,
    Marker,
    PageSpec,
    Reader,
    Restriction,
    SnippetSpec,
    UserSpec,
    World,
)


def passes(reader: Reader, restriction: Restriction) -> bool:
    """Whether ``reader`` passes one view restriction (see the module docstring)."""
    if reader.kind == "project_token":
        return "private" in reader.scopes
    user = reader.user
    if user is None:
        return False
    if restriction.kind == "login":
        return True
    if restriction.kind == "groups":
        return user.superuser or bool(user.groups & set(restriction.groups))
    return False


def may_edit(user: UserSpec | None, page: PageSpec) -> bool:
    if user is None:
        return False
    return user.superuser or any(root in page.chain() for root in user.edit_roots)


def explorable(user: UserSpec | None, page: PageSpec) -> bool:
    """Wagtail's explorer: subtrees with page rights, and their ancestors below the common one."""
    if user is None or not user.admin:
        return False
    if user.superuser or may_edit(user, page):
        return True
    chains = [list(root.chain()) for root in user.edit_roots]
    common = [node for node in chains[0] if all(node in chain for chain in chains)]
    above = any(page in chain for chain in chains)
    return above and bool(common) and common[0] in page.chain()


def may_read_drafts(reader: Reader, page: PageSpec) -> bool:
    if reader.kind == "project_token":
        return "drafts" in reader.scopes
    return reader.kind in ("wagtail_token", "session") and may_edit(reader.user, page)


class Oracle:
    def __init__(self, world: World):
        self.world = world

    def hidden(self, reader: Reader, marker: Marker) -> str | None:
        """Why ``reader`` may not see ``marker``'s object version, or ``None`` if they may."""
        owner = marker.owner
        if isinstance(owner, PageSpec):
            return self.page_version(reader, owner, marker.part)
        if isinstance(owner, ImageSpec | DocumentSpec):
            return self.media(reader, owner)
        if isinstance(owner, SnippetSpec):
            return None
        raise TypeError(owner)

    # Pages.
    def restrictions(self, page: PageSpec) -> list[tuple[Restriction, str]]:
        """The restrictions governing ``page``, each with where it sits."""
        found = [(p.restriction, f"on {p}") for p in page.chain() if p.restriction]
        if page.source is not None:
            found += [
                (p.restriction, f"on the German original's {'page' if p is page.source else 'ancestor'} {p}")
                for p in page.source.chain()
                if p.restriction
            ]  # fmt: skip
        return found

    def restricted(self, reader: Reader, page: PageSpec) -> str | None:
        for restriction, where in self.restrictions(page):
            if not passes(reader, restriction):
                return f"{restriction} restriction {where}"
        return None

    def as_reader(self, reader: Reader, page: PageSpec, part: str) -> str | None:
        if not (part == "live" and page.is_live) and not may_read_drafts(reader, page):
            if part == "live":
                return f"page is {page.state} (not live) and the reader may not read its drafts"
            return f"unpublished revision of a {page.state} page; the reader may not read drafts"
        return self.restricted(reader, page)

    def page_version(self, reader: Reader, page: PageSpec, part: str) -> str | None:
        why = self.as_reader(reader, page, part)
        if why is None or reader.kind != "session":
            return why
        user = reader.user
        if explorable(user, page):
            return None
        english = page.translations.get("en")
        if part == "live" and english is not None and explorable(user, english):
            return None
        return f"not explorable in the admin for {user}; as a reader: {why}"

    def page(self, reader: Reader, page: PageSpec) -> str | None:
        """Why the page's row (what listings and search show) is hidden, or ``None``."""
        return self.page_version(reader, page, "live" if page.live_marker else "draft")

    # Media.
    def collection(self, reader: Reader, collection: CollectionSpec) -> str | None:
        for node in collection.chain():
            if node.restriction and not passes(reader, node.restriction):
                return f"{node.restriction} restriction on {node}"
        return None

    def media(self, reader: Reader, media: ImageSpec | DocumentSpec) -> str | None:
        why = self.collection(reader, media.collection)
        if why is None or reader.kind != "session":
            return why
        user = reader.user
        if user is not None and (
            user.superuser or any(root in media.collection.chain() for root in user.media_roots)
        ):
            return None
        return f"no media rights for {user} there; as a reader: {why}"
