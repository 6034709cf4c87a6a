"""English UI text in the German admin: what a screen shows, and which of it is English.

``screen_texts(page)`` reads everything a person can meet on a screen (text, including text read
only by screen readers and text of menus not yet opened; ``aria-label``, ``title``,
``placeholder`` and tooltip attributes; the document title). ``english_words(text)`` finds
English UI words in one string: a list of common words of admin interfaces and English function
words that German never uses, plus a few known mixed phrases. Content (page titles, the text
being translated, names) is not the interface: the caller removes it first
(``without_content``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.admin import files

#: English words of admin interfaces that German never uses (compared case-insensitively).
ENGLISH_WORDS = frozenset(
    """
    actions action add added and are back breadcrumb cancel change choose chosen clear close
    copy create created delete deleted dimensions edit edited filters for from
    has have help hide history image images insert items less locale locales log more new
    next none not of or owner page pages password previous publish published remove
    replace reset revisions root save saved search select selected settings show sign
    sort source submit target the this title to translate translated translation translations
    unpublish update updated user users view with you your
    """.split()
)
#: Words that are English only in the case given here (German nouns are capitalised).
ENGLISH_CASED_WORDS = frozenset({"text", "link", "Max", "status", "upload", "uploaded"})
#: English phrases made of words that are also German.
ENGLISH_PHRASES = ("Link text", "URL Generator", "Max Dimensionen", "Sign in", "(optional)")
#: Names and technical terms allowed wherever they appear.
ALLOWED = frozenset({"Wagtail", "PDF", "URL", "ID", "API", "PO", "DeepL", "HTML", "E-Mail"})

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:'[a-z]+)?")
#: Identifiers, paths and addresses (``Europe/Isle_of_Man``, ``/admin/pages/``): not words.
IDENTIFIER = re.compile(r"\S*[/_@]\S*|\b\w+(?:\.\w+)+\b")

COLLECT_JS = """
() => {
  const out = [];
  const skip = "script, style, noscript, template, textarea, [contenteditable=true]";
  // Shown: rendered (screen-reader-only text included) or in a menu that opens on a click.
  // The sidebar's submenus count too: each is one click away.
  const seen = new Map();
  const shown = (element) => {
    if (seen.has(element)) return seen.get(element);
    const box = element.closest("option, optgroup") ? element.closest("select") : element;
    const result = box.checkVisibility({visibilityProperty: true}) ||
      element.closest("[data-w-dropdown-target=content], #wagtail-sidebar") !== null;
    seen.set(element, result);
    return result;
  };
  const describe = (element) => {
    const id = element.id ? `#${element.id}` : "";
    const classes = [...element.classList].slice(0, 2).map((name) => `.${name}`).join("");
    return `${element.tagName.toLowerCase()}${id}${classes}`;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    const text = node.nodeValue.replace(/\\s+/g, " ").trim();
    if (!text || !parent || parent.closest(skip) || !shown(parent)) continue;
    out.push([describe(parent), text]);
  }
  const attributes = ["aria-label", "title", "placeholder", "data-w-tooltip-content-value",
                      "aria-description"];
  const selector = [...attributes.map((name) => `[${name}]`),
                    "input[type=submit]", "input[type=button]"].join(", ");
  for (const element of document.body.querySelectorAll(selector)) {
    if (element.closest(skip) || !shown(element)) continue;
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value && value.trim()) out.push([`${describe(element)}[${name}]`, value.trim()]);
    }
    if (element.matches("input[type=submit], input[type=button]") && element.value) {
      out.push([`${describe(element)}[value]`, element.value]);
    }
  }
  out.push(["title", document.title]);
  return out;
}
"""


def screen_texts(page) -> list[tuple[str, str]]:
    """Every interface string on the screen of the Playwright ``page``, as ``(where, text)``
    pairs (``where``: the element, e.g. ``span.w-sr-only`` or ``nav[aria-label]``; ``title``
    for the document's title), deduplicated, in document order."""
    return list(dict.fromkeys(tuple(pair) for pair in page.evaluate(COLLECT_JS)))


def english_words(text: str) -> list[str]:
    """The English words and phrases in ``text`` (empty when it reads as German)."""
    found = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
    for phrase in found:
        text = text.replace(phrase, " ")
    text = IDENTIFIER.sub(" ", text)
    for match in WORD.finditer(text):
        word = match.group()
        if word in ALLOWED:
            continue
        if word.lower() in ENGLISH_WORDS or word in ENGLISH_CASED_WORDS:
            found.append(word)
    return found


def content_pattern(content: list[str]) -> re.Pattern:
    """One pattern for all ``content`` strings, longest first, matched as whole words."""
    ordered = sorted({item for item in content if item.strip()}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def without_content(text: str, content: re.Pattern) -> str:
    """``text`` without identifiers and without the content strings in it (``content_pattern``)."""
    return content.sub(" ", IDENTIFIER.sub(" ", text))


#: Inline markup of rich text as wagtail-localize stores it (``<a id="a1">``, ``<b>``).
RAW_MARKUP = re.compile(r"</?(?:a|b|i|strong|em|code|sub|sup|span)\b[^<>]*>")


@dataclass(frozen=True)
class Finding:
    """English (or raw markup) on one screen: who saw it where."""

    role: str
    screen: str
    where: str
    text: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.role} · {self.screen} · {self.where}: {self.text[:120]!r} {list(self.words)}"


@dataclass
class AdminWalk:
    """One role's walk through the admin in one logged-in Playwright ``page``.

    ``content`` matches the strings of the content (titles, the text being translated, names;
    :func:`content_pattern`), cut out of every screen string before it is judged; ``visited`` holds the URL shapes seen
    (digits replaced), so that each screen is checked once.
    """

    page: object
    base_url: str
    role: str
    content: re.Pattern
    #: Names of objects as they were when a change was logged (log entries' ``label``): content
    #: of the history screens only (an object once called "Root" keeps that name there).
    history: re.Pattern = field(default_factory=lambda: content_pattern([]))
    findings: list[Finding] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    screens: list[str] = field(default_factory=list)
    timings: list[tuple[str, float]] = field(default_factory=list)

    def visit(self, path: str, name: str | None = None, wait_for: str | None = None) -> bool:
        """Open ``path`` and check its screen; False when already seen. A named screen is
        visited once by name, a discovered one once per URL shape."""
        shape = shape_of(path)
        key = f"name:{name}" if name else shape
        if key in self.visited:
            return False
        self.visited.update({key, shape})
        started = time.monotonic()
        self.page.goto(self.base_url + path, wait_until="load")
        if wait_for:
            self.page.wait_for_selector(wait_for)
        if self.page.locator(".js-translation-editor").count():
            # wagtail-localize's editor is a React app: wait until it has rendered
            self.page.wait_for_selector(".js-translation-editor > :not(input)")
        self.check(name or path)
        self.timings.append((name or path, time.monotonic() - started))
        return True

    def check(self, screen: str) -> None:
        """Judge every interface string of the screen now shown."""
        self.screens.append(screen)
        history = "history" in screen
        for where, text in screen_texts(self.page):
            if RAW_MARKUP.search(text) and not where.startswith("code"):
                self.findings.append(Finding(self.role, screen, where, text, ("<markup>",)))
            if REPEATED.search(text):
                self.findings.append(Finding(self.role, screen, where, text, ("(doppelt)",)))
            judged = without_content(text, self.content)
            if history:
                judged = self.history.sub(" ", judged)
            words = english_words(judged)
            if words:
                self.findings.append(Finding(self.role, screen, where, text, tuple(words)))
        for href in self.page.eval_on_selector_all(
            "a[href^='http']", "links => links.map((link) => link.href)"
        ):
            if ENGLISH_ADDRESS.search(href) and not href.startswith(self.base_url):
                self.findings.append(Finding(self.role, screen, "a[href]", href, ("/en/",)))

    def links(self, selector: str) -> list[str]:
        """The admin paths linked from the elements matching ``selector``, in order."""
        hrefs = self.page.eval_on_selector_all(
            selector, "links => links.map((link) => link.getAttribute('href'))"
        )
        paths = []
        for href in hrefs:
            path = urlsplit(href or "").path
            if path.startswith("/admin/") and href and not href.startswith("#"):
                paths.append(path)
        return list(dict.fromkeys(paths))


#: The same parenthesis twice: "Navigation (Deutsch) (Deutsch)".
REPEATED = re.compile(r"(\([^()]+\))\s*\1")
#: A link to the English edition of a guide (Wagtail's editor guide: ``guide.wagtail.org/en/``).
ENGLISH_ADDRESS = re.compile(r"://[^/]+/en(?:-[a-z]+)?/|[?&]lang(?:uage)?=en\b")


def shape_of(path: str) -> str:
    """A URL path with its numbers replaced: one screen however many objects it can show. The
    add and edit views of snippets are one screen for all snippet types (each type's listing
    is a menu entry of its own)."""
    shape = re.sub(r"\d+", "N", urlsplit(path).path)
    return re.sub(r"^/admin/snippets/\w+/\w+/(?=add/|edit/)", "/admin/snippets/M/", shape)


#: Links a walk never follows: they change something, leave the admin, or show one more
#: variant of a screen already seen (history, usage, revisions).
NOT_FOLLOWED = re.compile(
    r"/(?:delete|unpublish|copy|move|lock|unlock|logout|revisions|history|usage|export|disable"
    r"|preview|convert|stop|restart|cancel|approve|reject|reorder|privacy|workflow|password_reset"
    r"|choose|chooser|select|download|serve|bulk)\b"
)
SIDEBAR_LINKS = "#wagtail-sidebar a[href]"
MAIN_LINKS = "main a[href]"


def walk_role(walk: AdminWalk, targets: dict[str, int]) -> None:
    """Visit every admin screen the walk's user reaches: the menu, one object of each listing,
    the page tree and its editors, the translation screens, the account and the link dialog.

    ``targets`` names the objects of the explicit screens: ``de_home``, ``en_home``,
    ``de_index`` (a German section), ``de_page`` and ``en_page`` (a German page with a rich-text
    link and its English translation, which opens the translation editor), ``de_navigation``
    and ``en_navigation`` (a translated snippet).
    """
    walk.visit("/admin/", "Dashboard", wait_for=SIDEBAR_LINKS)
    menu = [path for path in walk.links(SIDEBAR_LINKS) if not NOT_FOLLOWED.search(path)]
    explicit = [
        ("/admin/pages/", "Seitenbaum: Wurzel"),
        (f"/admin/pages/{targets['de_home']}/", "Seitenbaum: deutsche Startseite"),
        (f"/admin/pages/{targets['en_home']}/", "Seitenbaum: englische Startseite"),
        (f"/admin/pages/{targets['de_index']}/add_subpage/", "Neue Seite: Seitentyp wählen"),
        (
            f"/admin/pages/add/projekte/projectpage/{targets['de_index']}/",
            "Neue Seite: Projektseite",
        ),
        (f"/admin/pages/{targets['de_page']}/edit/", "Seite bearbeiten (deutsch)"),
        (f"/admin/localize/submit/page/{targets['de_page']}/", "Übersetzung beauftragen"),
        ("/admin/images/multiple/add/", "Bilder hochladen"),
        ("/admin/documents/multiple/add/", "Dokumente hochladen"),
        ("/admin/account/", "Konto"),
        (f"/admin/snippets/home/navigation/edit/{targets['de_navigation']}/", "Navigation"),
    ]
    for path, name in explicit:
        walk.visit(path, name)
    walk.visit(f"/admin/pages/{targets['en_page']}/edit/", "Übersetzungseditor")
    walk.visit(
        f"/admin/snippets/home/navigation/edit/{targets['en_navigation']}/",
        "Übersetzungseditor: Navigation",
    )
    for listing in menu:
        if not walk.visit(listing):
            continue
        shapes = 0
        for path in walk.links(MAIN_LINKS):
            if path == listing or not path.startswith(listing) or NOT_FOLLOWED.search(path):
                continue
            if walk.visit(path):
                shapes += 1
            if shapes == 3:
                break
    link_dialog(walk, targets["de_page"])
    upload(walk, "images")
    upload(walk, "documents")


def upload(walk: AdminWalk, kind: str) -> None:
    """Upload a file in the multi-upload view of ``kind`` (``images``, ``documents``) and check
    the form each upload then shows; nothing when the role may not add any."""
    page = walk.page
    page.goto(f"{walk.base_url}/admin/{kind}/multiple/add/", wait_until="load")
    field = page.locator("input[type=file][name=files\\[\\]], input#fileupload")
    if not field.count():
        return
    name, content = UPLOADS[kind]
    field.first.set_input_files(files=[{"name": name, "mimeType": "", "buffer": content}])
    page.locator("#upload-list li form, .upload-list li form").first.wait_for()
    walk.check(f"{kind}: hochgeladen")


UPLOADS = {
    "images": ("Testbild Hainleite.png", files.png()),
    "documents": ("Testdokument Hainleite.pdf", files.pdf(pages=1)),
}


def link_dialog(walk: AdminWalk, page_id: int) -> None:
    """Open the rich-text link dialog in the German page editor and check each of its forms."""
    page = walk.page
    page.goto(f"{walk.base_url}/admin/pages/{page_id}/edit/", wait_until="load")
    editor = page.locator(".DraftEditor-root [contenteditable=true]")
    if not editor.count():
        return  # the role may not edit German pages: the editor is read-only or refused
    editor.first.click()
    page.keyboard.press("Control+k")
    modal = page.locator(".modal.in").last
    current = modal.locator(".link-types b")
    current.wait_for()
    walk.check(f"Link einfügen: {current.inner_text().strip()}")
    for name in modal.locator(".link-types a").all_inner_texts():
        modal.locator(".link-types a", has_text=name.strip()).click()
        page.wait_for_function(
            "name => document.querySelector('.modal.in .link-types b')?.innerText.trim() == name",
            arg=name.strip(),
        )
        walk.check(f"Link einfügen: {name.strip()}")
