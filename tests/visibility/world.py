"""A seeded random world of content: planned as dataclasses, then built with the real models.

Every object carries unique *markers* (``zq`` + five letters + ``x``), one per version of its
text: a page has the marker of its live content and, when it has one, a different marker in its
unpublished latest revision; an image carries one in title, alt text, caption and credit; a
document one in its title and another in the text of its PDF. A marker that shows up in a
response tells exactly which object (and which version of it) a reader was shown.

:func:`plan` draws the world from a seed, without the database: the same seed, the same world.
:mod:`tests.visibility.build` creates it the way editors, translators and the scheduler would,
so search indexing and caches run as they do in use. Every seed holds, besides what chance
brings, the situations of the leaks issue 12 names (``Planner.ensure_coverage``).
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Page states. ``changed``: live, with an unpublished newer revision; ``scheduled``: never
#: published, a revision approved to go live in the future; ``expired``: was live, withdrawn by
#: ``publish_scheduled`` at its ``expire_at``; ``expiring``: live, with a future ``expire_at``.
STATES = ("live", "changed", "draft", "scheduled", "expired", "expiring")
LIVE_STATES = frozenset({"live", "changed", "expiring"})

#: Groups that view restrictions name (besides the roles of ``setup_roles``).
STAFF, BOARD = "Geschäftsstelle", "Vorstand"

#: kind -> (model, German title word, English title word, api_name)
KINDS = {
    "home": ("home.HomePage", "Startseite", "Home", "home"),
    "project_index": ("projekte.ProjectIndexPage", "Projekte", "Projects", "project_index"),
    "project": ("projekte.ProjectPage", "Projekt", "Project", "project"),
    "document_index": (
        "projekte.DocumentIndexPage",
        "Mediathek",
        "Media library",
        "document_index",
    ),
    "document": ("projekte.DocumentPage", "Dokument", "Document", "document"),
    "partner_index": ("projekte.PartnerIndexPage", "Partnerliste", "Partner list", "partner_index"),
    "partner": ("projekte.PartnerPage", "Partner", "Partner", "partner"),
}
SECTIONS = {"project_index": "project", "document_index": "document", "partner_index": "partner"}

WORDS = {
    "de": {"section": "Abschnitt", "text": "Text", "teaser": "Kurzfassung", "more": "Mehr"},
    "en": {"section": "Section", "text": "Text", "teaser": "Summary", "more": "More"},
}


# --- Markers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """One unique token and the version of the object it marks."""

    token: str
    owner: object = field(compare=False)
    part: str  # page: live | draft; image: image; document: title | text; snippet: name

    def kind(self) -> str:
        """What kind of object version it marks, e.g. ``ProjectPage unpublished revision``."""
        owner = self.owner
        if isinstance(owner, PageSpec):
            label = KINDS[owner.kind][0].split(".")[1]
            return f"{label} {'live content' if self.part == 'live' else 'unpublished revision'}"
        if isinstance(owner, DocumentSpec):
            return f"document {'title' if self.part == 'title' else 'file text'}"
        return {"image": "image texts", "name": "snippet name"}[self.part]

    def describe(self) -> str:
        what = {
            "live": "live content",
            "draft": "unpublished revision",
            "image": "title/alt/caption",
            "title": "title",
            "text": "file text",
            "name": "name",
        }[self.part]
        return f"{self.owner} [{what}]"


# --- Restrictions, collections, media, snippets ----------------------------------------------


@dataclass(frozen=True)
class Restriction:
    """A view restriction: ``login``, ``password`` or ``groups`` (with the groups' names)."""

    kind: str
    groups: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"groups {'/'.join(self.groups)}" if self.kind == "groups" else self.kind


@dataclass(eq=False)
class CollectionSpec:
    name: str
    parent: CollectionSpec | None = None
    restriction: Restriction | None = None
    id: int | None = None

    def chain(self) -> Iterator[CollectionSpec]:
        """This collection and its ancestors."""
        node: CollectionSpec | None = self
        while node is not None:
            yield node
            node = node.parent

    def __str__(self) -> str:
        return f"collection {self.name!r}"


@dataclass(eq=False)
class ImageSpec:
    key: str
    marker: str
    collection: CollectionSpec
    id: int | None = None

    def __str__(self) -> str:
        return f"image {self.key} (id {self.id}, {self.collection})"


@dataclass(eq=False)
class DocumentSpec:
    key: str
    marker: str
    text_marker: str
    collection: CollectionSpec
    readable: bool = True  # False: a broken PDF (text extraction fails; in the search report)
    id: int | None = None
    filename: str = ""

    def __str__(self) -> str:
        broken = ", unreadable PDF" if not self.readable else ""
        return f"document {self.key} (id {self.id}, {self.collection}{broken})"


@dataclass(eq=False)
class SnippetSpec:
    key: str
    model: str  # app_label.Model
    api_name: str
    marker: str
    locale: str
    source: SnippetSpec | None = None
    slug: str = ""
    id: int | None = None
    translations: dict[str, SnippetSpec] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"snippet {self.api_name} {self.key} ({self.locale}, id {self.id})"


# --- Pages -------------------------------------------------------------------------------------


@dataclass(eq=False)
class Refs:
    """What a page's content points at (the same in both of its versions)."""

    hero: ImageSpec | None = None
    hero_alt_override: bool = False
    logo: ImageSpec | None = None
    document: DocumentSpec | None = None
    images: list[ImageSpec] = field(default_factory=list)
    documents: list[DocumentSpec] = field(default_factory=list)
    pages: list[PageSpec] = field(default_factory=list)
    projects: list[PageSpec] = field(default_factory=list)
    partners: list[PageSpec] = field(default_factory=list)
    related_documents: list[PageSpec] = field(default_factory=list)
    link_page: PageSpec | None = None
    link_document: DocumentSpec | None = None
    topics: list[SnippetSpec] = field(default_factory=list)
    places: list[SnippetSpec] = field(default_factory=list)
    programmes: list[SnippetSpec] = field(default_factory=list)


@dataclass(eq=False)
class PageSpec:
    key: str
    kind: str
    locale: str
    parent: PageSpec | None
    state: str
    live_marker: str | None = None  # the content readers get while the page is live
    draft_marker: str | None = None  # only in the latest, unpublished revision
    restriction: Restriction | None = None
    source: PageSpec | None = None  # an English page's German original
    synced: bool = False  # a wagtail-localize translation (else hand-kept)
    refs: Refs = field(default_factory=Refs)
    status: str = "running"
    doc_kind: str = "minutes"
    partner_kind: str = "region"
    in_workflow: bool = False
    translations: dict[str, PageSpec] = field(default_factory=dict)
    id: int | None = None
    path: str = ""
    url_path: str = ""

    @property
    def slug(self) -> str:
        return self.key.lower()

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def row_marker(self) -> str:
        """The marker of the page row (the live content, or the draft of a page never live)."""
        return self.live_marker or self.draft_marker  # type: ignore[return-value]

    @property
    def api_name(self) -> str:
        return KINDS[self.kind][3]

    def chain(self) -> Iterator[PageSpec]:
        node: PageSpec | None = self
        while node is not None:
            yield node
            node = node.parent

    def _here(self, linked: SnippetSpec | PageSpec) -> str:
        """A linked object's id as this page's search facet holds it: its translation's in this
        page's locale, where it has one (``search.extract.in_locale``), else its own."""
        own = linked if linked.locale == self.locale else linked.translations.get(self.locale)
        return str((own or linked).id)

    def facets(self) -> dict[str, set[str]]:
        """Search filter values of the live content (``search.extract.page_facets``' input)."""
        out: dict[str, set[str]] = {"type": {self.api_name}}
        if self.kind == "project":
            out["status"] = {self.status}
            out["topics"] = {self._here(s) for s in self.refs.topics}
            out["places"] = {self._here(s) for s in self.refs.places}
            out["funding_programmes"] = {self._here(s) for s in self.refs.programmes}
            out["partners"] = {self._here(p) for p in self.refs.partners}
        elif self.kind == "document":
            out["kind"] = {self.doc_kind}
            out["date"] = {"2024-03-01"}
        elif self.kind == "partner":
            out["kind"] = {self.partner_kind}
        return {k: v for k, v in out.items() if v}

    def __str__(self) -> str:
        label = KINDS[self.kind][0].split(".")[1]
        restricted = f", restricted: {self.restriction}" if self.restriction else ""
        return f"{label} {self.key} ({self.locale}, id {self.id}, {self.state}{restricted})"


# --- Users and readers -------------------------------------------------------------------------


@dataclass(eq=False)
class UserSpec:
    """A user; ``edit_roots`` and ``media_roots`` are what the test grants (or expects a role
    from ``setup_roles`` to grant): page rights on those subtrees, media rights in those
    collections."""

    key: str
    role: str | None = None
    groups: set[str] = field(default_factory=set)
    superuser: bool = False
    admin: bool = False
    edit_roots: list[PageSpec] = field(default_factory=list)
    media_roots: list[CollectionSpec] = field(default_factory=list)
    id: int | None = None

    def __str__(self) -> str:
        return self.key


@dataclass(eq=False)
class Reader:
    """Who crawls: ``anonymous``, ``project_token`` (scopes), ``wagtail_token`` or ``session``."""

    name: str
    kind: str
    scopes: frozenset[str] = frozenset()
    user: UserSpec | None = None
    bearer: str = ""

    def __str__(self) -> str:
        return self.name


# --- The world ---------------------------------------------------------------------------------


@dataclass(eq=False)
class World:
    seed: int
    word: str  # a token in every page's text (admin page search finds every page with it)
    collections: list[CollectionSpec] = field(default_factory=list)
    images: list[ImageSpec] = field(default_factory=list)
    documents: list[DocumentSpec] = field(default_factory=list)
    snippets: list[SnippetSpec] = field(default_factory=list)
    pages: list[PageSpec] = field(default_factory=list)
    users: dict[str, UserSpec] = field(default_factory=dict)
    readers: list[Reader] = field(default_factory=list)
    markers: dict[str, Marker] = field(default_factory=dict)

    def german(self, kind: str | None = None) -> list[PageSpec]:
        return [p for p in self.pages if p.locale == "de" and (kind is None or p.kind == kind)]

    def page_by_id(self) -> dict[int, PageSpec]:
        return {p.id: p for p in self.pages if p.id is not None}

    def home(self, locale: str) -> PageSpec:
        return next(p for p in self.pages if p.kind == "home" and p.locale == locale)

    def summary(self) -> str:
        states: dict[str, int] = {}
        for page in self.pages:
            states[f"{page.locale}:{page.state}"] = states.get(f"{page.locale}:{page.state}", 0) + 1
        restricted = sum(1 for p in self.pages if p.restriction)
        synced = sum(1 for p in self.pages if p.synced)
        english = sum(1 for p in self.pages if p.locale == "en")
        return (
            f"seed {self.seed}: {len(self.pages)} pages {dict(sorted(states.items()))}, "
            f"{restricted} restricted, {synced} of {english} English synced, "
            f"{len(self.collections)} collections "
            f"({sum(1 for c in self.collections if c.restriction)} restricted), "
            f"{len(self.images)} images, {len(self.documents)} documents, "
            f"{len(self.snippets)} snippets, {len(self.markers)} markers"
        )


# --- Planning ------------------------------------------------------------------------------------


class Planner:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.world = World(seed=seed, word="welt" + self._letters(4))
        self._count = 0

    def _letters(self, n: int) -> str:
        return "".join(self.rng.choice(string.ascii_lowercase) for _ in range(n))

    def marker(self, owner: object, part: str) -> str:
        while True:
            token = f"zq{self._letters(5)}x"
            if token not in self.world.markers:
                break
        self.world.markers[token] = Marker(token, owner, part)
        return token

    def key(self, prefix: str) -> str:
        self._count += 1
        return f"{prefix}{self._count}"

    def restriction(self, weights=(3, 2, 5)) -> Restriction:
        kind = self.rng.choices(("login", "password", "groups"), weights)[0]
        if kind != "groups":
            return Restriction(kind)
        groups = self.rng.choice(((STAFF,), (BOARD,), (STAFF, BOARD)))
        return Restriction("groups", groups)

    # Collections and media.
    def collections(self) -> None:
        rng, world = self.rng, self.world
        root = CollectionSpec("Root")
        world.collections.append(root)
        for i in range(rng.randint(2, 3)):
            child = CollectionSpec(f"Sammlung {i + 1}", root)
            if rng.random() < 0.6:
                child.restriction = self.restriction()
            world.collections.append(child)
            for j in range(rng.randint(0, 2)):
                grandchild = CollectionSpec(f"Sammlung {i + 1}.{j + 1}", child)
                if rng.random() < 0.35:
                    grandchild.restriction = self.restriction()
                world.collections.append(grandchild)

    def media(self) -> None:
        rng, world = self.rng, self.world
        for _ in range(rng.randint(7, 9)):
            image = ImageSpec(self.key("img"), "", rng.choice(world.collections))
            image.marker = self.marker(image, "image")
            world.images.append(image)
        for n in range(rng.randint(6, 8)):
            document = DocumentSpec(self.key("doc"), "", "", rng.choice(world.collections))
            document.readable = n > 0  # the first is a broken PDF
            document.marker = self.marker(document, "title")
            document.text_marker = self.marker(document, "text")
            world.documents.append(document)

    def snippets(self) -> None:
        from django.apps import apps

        rng, world = self.rng, self.world
        kinds = [
            ("projekte.Topic", "topic", 3),
            ("projekte.Place", "place", 2),
            ("projekte.FundingProgramme", "funding_programme", 2),
        ]
        if apps.is_installed("tests.plugins.events"):  # the test-only plugin's snippet
            kinds.append(("events.Venue", "venue", 1))
        for model, api_name, count in kinds:
            for _ in range(count):
                german = SnippetSpec(self.key("s"), model, api_name, "", "de")
                german.slug = german.key
                german.marker = self.marker(german, "name")
                world.snippets.append(german)
                if rng.random() < 0.5:
                    english = SnippetSpec(
                        german.key + "en", model, api_name, "", "en", source=german
                    )
                    english.slug = german.slug
                    english.marker = self.marker(english, "name")
                    german.translations["en"] = english
                    world.snippets.append(english)
        for model, api_name in (("home.Navigation", "navigation"), ("home.Footer", "footer")):
            for locale in ("de", "en"):
                spec = SnippetSpec(self.key("s"), model, api_name, "", locale)
                spec.marker = self.marker(spec, "name")
                world.snippets.append(spec)

    # Pages.
    def page(self, kind: str, parent: PageSpec | None, state: str) -> PageSpec:
        page = PageSpec(self.key(kind[:3]), kind, "de", parent, state)
        if state in LIVE_STATES or state == "expired":
            page.live_marker = self.marker(page, "live")
        if state in ("changed", "draft", "scheduled"):
            page.draft_marker = self.marker(page, "draft")
        self.world.pages.append(page)
        return page

    def state(self, weights: tuple[int, ...]) -> str:
        return self.rng.choices(STATES, weights)[0]

    def german_tree(self) -> None:
        rng = self.rng
        home = self.page("home", None, rng.choice(("live", "live", "changed")))
        for index_kind, child_kind in SECTIONS.items():
            index = self.page(index_kind, home, self.state((14, 4, 2, 0, 0, 0)))
            low, high = {"project": (5, 7), "document": (3, 5), "partner": (3, 4)}[child_kind]
            for _ in range(rng.randint(low, high)):
                self.page(child_kind, index, self.state((8, 3, 3, 2, 2, 2)))

    def references(self) -> None:
        rng, world = self.rng, self.world
        german = world.german()
        projects, documents, partners = (
            world.german("project"),
            world.german("document"),
            world.german("partner"),
        )
        topics = [s for s in world.snippets if s.api_name == "topic" and s.locale == "de"]
        places = [s for s in world.snippets if s.api_name == "place" and s.locale == "de"]
        programmes = [
            s for s in world.snippets if s.api_name == "funding_programme" and s.locale == "de"
        ]
        for page in german:
            refs = page.refs
            refs.images = rng.sample(world.images, rng.randint(0, 2))
            refs.documents = rng.sample(world.documents, rng.randint(0, 2))
            refs.pages = rng.sample([p for p in german if p is not page], rng.randint(0, 2))
            if rng.random() < 0.5:
                refs.link_page = rng.choice(german)
            elif rng.random() < 0.5:
                refs.link_document = rng.choice(world.documents)
            if page.kind in ("home", "project"):
                refs.hero = rng.choice([None, *world.images])
                refs.hero_alt_override = rng.random() < 0.3
            if page.kind in ("home", "project_index", "partner"):
                refs.projects = rng.sample(projects, min(len(projects), rng.randint(0, 2)))
            if page.kind in ("project_index", "partner", "project"):
                refs.partners = rng.sample(partners, min(len(partners), rng.randint(0, 2)))
            if page.kind == "project":
                refs.related_documents = rng.sample(documents, rng.randint(0, 2))
                refs.topics = rng.sample(topics, rng.randint(0, 2))
                refs.places = rng.sample(places, rng.randint(0, 1))
                refs.programmes = rng.sample(programmes, rng.randint(0, 1))
                page.status = rng.choice(("planned", "running", "finished"))
            if page.kind == "document":
                refs.document = rng.choice([d for d in world.documents if d.readable])
                page.doc_kind = rng.choice(("declaration", "minutes", "concept", "report"))
            if page.kind == "partner":
                refs.logo = rng.choice([None, *world.images])
                page.partner_kind = rng.choice(("region", "authority", "company", "school"))

    def restrictions(self) -> None:
        """On sections and pages; start pages stay public (one hides a whole language)."""
        rng = self.rng
        for page in self.world.german():
            chance = 0 if page.kind == "home" else 0.25 if page.kind in SECTIONS else 0.2
            if rng.random() < chance:
                page.restriction = self.restriction()

    def translations(self) -> None:
        """English versions: of live German pages whose parent has one; synced or hand-kept."""
        rng = self.rng
        for german in self.world.german():
            if german.kind != "home":
                parent = german.parent.translations.get("en") if german.parent else None
                if parent is None or not german.is_live:
                    continue
                if rng.random() >= (0.85 if german.kind in SECTIONS else 0.5):
                    continue
            state = "live" if german.kind == "home" else self.state((10, 3, 3, 0, 0, 0))
            english = self.translate(german, state)
            if german.kind != "home" and rng.random() < 0.08:
                english.restriction = Restriction("login")

    def translate(self, german: PageSpec, state: str) -> PageSpec:
        parent = german.parent.translations["en"] if german.parent else None
        english = PageSpec(german.key + "en", german.kind, "en", parent, state)
        english.source, english.refs, english.status = german, german.refs, german.status
        english.doc_kind, english.partner_kind = german.doc_kind, german.partner_kind
        english.synced = self.rng.random() < 0.5
        if state in LIVE_STATES:
            english.live_marker = self.marker(english, "live")
        if state in ("changed", "draft"):
            english.draft_marker = self.marker(english, "draft")
        german.translations["en"] = english
        self.world.pages.append(english)
        return english

    def users(self) -> None:
        """The roles of ``setup_roles``, a section editor, API users; readers crawl as them."""
        rng, world = self.rng, self.world
        root = world.collections[0]
        home_de, home_en = world.home("de"), world.home("en")
        section = rng.choice([p for p in world.german() if p.kind in SECTIONS])
        # The section editor's collection is not where the broken PDF is.
        section_media = rng.choice(
            [c for c in world.collections[1:] if c not in set(self.strict.chain())]
        )

        def groups() -> set[str]:
            return {g for g in (STAFF, BOARD) if rng.random() < 0.3}

        users = {
            "editor": UserSpec("editor", "Redakteure", groups(), admin=True,
                               edit_roots=[home_de], media_roots=[root]),
            "publisher": UserSpec("publisher", "Freigabe", groups(), admin=True,
                                  edit_roots=[home_de, home_en], media_roots=[root]),
            "translator": UserSpec("translator", "Übersetzer", groups(), admin=True,
                                   edit_roots=[home_en], media_roots=[root]),
            "section": UserSpec("section", None, groups(), admin=True,
                                edit_roots=[section], media_roots=[section_media]),
            "member": UserSpec("member", None, {STAFF}),
            "plain": UserSpec("plain", None, set()),
            "superuser": UserSpec("superuser", None, set(), superuser=True, admin=True,
                                  edit_roots=[home_de, home_en], media_roots=[root]),
        }  # fmt: skip
        world.users = users
        # Admin sessions first (their reports list search queries: none yet), then the API
        # readers, privileged ones first and anonymous last: a response cached for one reader
        # and served to a later one shows up as a leak.
        world.readers = [
            Reader("session:publisher", "session", user=users["publisher"]),
            Reader("session:editor", "session", user=users["editor"]),
            Reader("session:translator", "session", user=users["translator"]),
            Reader("session:section", "session", user=users["section"]),
            Reader("token:drafts+private", "project_token", frozenset({"drafts", "private"})),
            Reader("token:private", "project_token", frozenset({"private"})),
            Reader("token:drafts", "project_token", frozenset({"drafts"})),
            Reader("token:none", "project_token"),
            Reader("wagtail:superuser", "wagtail_token", user=users["superuser"]),
            Reader("wagtail:editor", "wagtail_token", user=users["editor"]),
            Reader("wagtail:member", "wagtail_token", user=users["member"]),
            Reader("wagtail:plain", "wagtail_token", user=users["plain"]),
            Reader("anonymous", "anonymous"),
        ]

    # Coverage: every seed holds the situations the known leaks come from.
    def public_live(self, kinds: tuple[str, ...]) -> list[PageSpec]:
        return [
            p
            for p in self.world.german()
            if p.kind in kinds and p.is_live and not any(a.restriction for a in p.chain())
        ]

    def ensure_coverage(self) -> None:
        rng, world = self.rng, self.world
        self.keep: set[PageSpec] = set()
        restricted = [c for c in world.collections if any(a.restriction for a in c.chain())]
        if not restricted:
            world.collections[1].restriction = Restriction("groups", (STAFF,))
            restricted = [c for c in world.collections if any(a.restriction for a in c.chain())]
        secret = rng.choice(restricted)
        # A collection no reader passes but a private token (a password): the broken PDF's.
        strict = [
            c
            for c in world.collections
            if any(a.restriction and a.restriction.kind == "password" for a in c.chain())
        ]
        if not strict:
            chosen = rng.choice(world.collections[1:])
            chosen.restriction = Restriction("password")
            strict = [chosen]
        world.documents[0].collection = self.strict = rng.choice(strict)
        # A section and a page of each of two kinds that anonymous readers see.
        for kind in ("project_index", "project", "document_index", "document"):
            if not self.public_live((kind,)):
                page = rng.choice(world.german(kind))
                for node in page.chain():
                    node.restriction = None
                if not page.is_live:
                    self._restate(page, "live")
        # Restricted PDF text referenced from a public page's document list.
        page = rng.choice(self.public_live(("project", "project_index", "home")))
        document = rng.choice([d for d in world.documents if d.readable])
        document.collection = secret
        if document not in page.refs.documents:
            page.refs.documents.append(document)
        self.keep.add(page)
        # A public document page whose file is in a restricted collection.
        page = rng.choice(self.public_live(("document",)))
        page.refs.document.collection = secret  # type: ignore[union-attr]
        self.keep.add(page)
        # A public project whose hero image is restricted, without an alt-text override.
        page = rng.choice(self.public_live(("project",)))
        page.refs.hero = rng.choice(world.images)
        page.refs.hero.collection = secret
        page.refs.hero_alt_override = False
        self.keep.add(page)
        # A never-published German draft, submitted to the workflow, linked from a public page.
        drafts = [p for p in world.german() if p.state == "draft" and p.kind not in SECTIONS]
        if not drafts:
            drafts = [rng.choice([p for p in world.german("project") if p not in self.keep])]
            self._restate(drafts[0], "draft")
        draft = rng.choice(drafts)
        draft.in_workflow = True
        page = rng.choice(self.public_live(("project", "project_index", "home")))
        if draft not in page.refs.pages:
            page.refs.pages.append(draft)
        self.keep |= {page, draft}
        # Scheduled and expired pages.
        for state in ("scheduled", "expired"):
            if not any(p.state == state for p in world.german()):
                candidates = [
                    p
                    for p in world.german()
                    if p.kind in SECTIONS.values() and p.state == "live" and p not in self.keep
                ]
                if candidates:
                    self._restate(rng.choice(candidates), state)
        self.keep = {a for p in self.keep for a in p.chain()}

    def ensure_translated_restriction(self) -> None:
        """A restricted German page with a live English translation."""
        world, rng = self.world, self.rng
        if any(
            p.locale == "en" and p.is_live and any(a.restriction for a in p.source.chain())
            for p in world.pages
        ):
            return
        english = [
            p
            for p in world.pages
            if p.locale == "en" and p.is_live and p.kind not in SECTIONS and p.kind != "home"
            and p.source not in self.keep
        ]  # fmt: skip
        if english:
            target = rng.choice(english).source
        else:
            # Translate a German leaf (and its section) for it.
            target = rng.choice(
                [p for p in world.german() if p.kind in SECTIONS.values() and p not in self.keep]
            )
            if not target.is_live:
                self._restate(target, "live")
            if "en" not in target.parent.translations:
                self.translate(target.parent, "live")
            self.translate(target, "live")
        target.restriction = rng.choice((Restriction("login"), Restriction("groups", (STAFF,))))

    def _forget_stale_markers(self, page: PageSpec) -> None:
        self.world.markers = {
            t: m
            for t, m in self.world.markers.items()
            if not (m.owner is page and m.token not in (page.live_marker, page.draft_marker))
        }

    def _restate(self, page: PageSpec, state: str) -> None:
        page.state = state
        page.live_marker = (
            self.marker(page, "live") if state != "draft" and state != "scheduled" else None
        )
        page.draft_marker = (
            self.marker(page, "draft") if state in ("changed", "draft", "scheduled") else None
        )
        self._forget_stale_markers(page)


def plan(seed: int) -> World:
    """The world of ``seed`` (no database access): same seed, same world."""
    planner = Planner(seed)
    planner.collections()
    planner.media()
    planner.snippets()
    planner.german_tree()
    planner.references()
    planner.restrictions()
    planner.ensure_coverage()
    planner.translations()
    planner.ensure_translated_restriction()
    planner.users()
    return planner.world
