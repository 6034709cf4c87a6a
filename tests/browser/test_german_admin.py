"""The German admin is German on every screen, for every role, in a real browser.

With the demo content, the roles of ``setup_roles`` and a German page whose text links to
another page (submitted for English), Chromium logs in as a superuser, an editor (Redakteure),
a publisher (Freigabe) and a translator (Übersetzer) and walks every screen the role reaches
(``tests.browser.german_ui.walk_role``): the menu and one object of each listing, the page tree,
the page editors and the translation editor, the translation screens, the account, the image and
document uploads and the rich-text link dialog. Every text, ``aria-label``, ``title`` and
``placeholder`` is checked for English interface words; the failure names the role, the screen
and the string. Raw rich-text markup (``<a id="a1">``) shown to a translator fails too, and so
does a help link to an English-only guide.
"""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import sync_playwright
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, ModelLogEntry, Page, PageLogEntry, Site
from wagtail.rich_text import RichText
from wagtail_localize.models import String, StringTranslation
from wagtail_localize.operations import TranslationCreator

from cms.translation.roles import EDITORS, PUBLISHERS, TRANSLATORS
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from tests.browser.german_ui import (
    AdminWalk,
    content_pattern,
    english_words,
    screen_texts,
    walk_role,
)
from tests.translation.helpers import create_german_section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Nordthueringen-2026"
ROLES = {
    "chefin": None,
    "redakteurin": EDITORS,
    "freigeber": PUBLISHERS,
    "uebersetzer": TRANSLATORS,
}
LINKED_TEXT = "Die Protokolle stehen in der Mediathek"


def linked_paragraph(page_id: int) -> str:
    """A paragraph whose last word links to the page ``page_id``."""
    before = LINKED_TEXT.removesuffix("Mediathek")
    return f'<p>{before}<a linktype="page" id="{page_id}">Mediathek</a>.</p>'


@pytest.fixture
def agency_site(home, django_user_model):
    """The demo site as ``make run`` sets it up, its people, and a page with a linked text."""
    for command in ("load_demo_content", "adopt_translations", "setup_roles"):
        call_command(command, stdout=io.StringIO())
    for username, group in ROLES.items():
        if group is None:
            django_user_model.objects.create_superuser(
                username, f"{username}@example.org", PASSWORD
            )
            continue
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))

    from home.models import Navigation
    from projekte.models import DocumentIndexPage, ProjectIndexPage, ProjectPage

    german, english = Locale.get_default(), Locale.objects.get(language_code="en")
    index = ProjectIndexPage.objects.get(locale=german)
    library = DocumentIndexPage.objects.get(locale=german)
    page = index.add_child(
        instance=ProjectPage(
            title="Kali-Zukunftsforen",
            slug="kali-zukunftsforen",
            teaser="Drei Foren zur Zukunft der Kaliregion.",
            start_date="2024-05-01",
            body=[
                (
                    "rich_text",
                    RichText(
                        f"<p>{LINKED_TEXT.replace('Mediathek', '')}"
                        f'<a linktype="page" id="{library.id}">Mediathek</a>.</p>'
                    ),
                )
            ],
        )
    )
    page.save_revision().publish()
    TranslationCreator(None, [english]).create_translations(page)
    de_home = Site.objects.get(is_default_site=True).root_page
    navigation = Navigation.objects.get(locale=german)
    return {
        "de_navigation": navigation.id,
        "en_navigation": navigation.get_translation(english).id,
        "de_home": de_home.id,
        "en_home": de_home.get_translation(english).id,
        "de_index": index.id,
        "de_page": page.id,
        "en_page": page.get_translation(english).id,
    }


def content_strings() -> re.Pattern:
    """What the content says (titles, the text being translated, names): not the interface.

    A one-word string that reads as an interface word (the root page's old title "Root") is not
    counted as content, so that it cannot hide itself.
    """
    found: set[str] = set()
    found.update(Page.objects.values_list("title", flat=True))
    found.update(String.objects.values_list("data", flat=True))
    found.update(StringTranslation.objects.values_list("data", flat=True))
    for model in (get_image_model(), get_document_model()):
        found.update(model.objects.values_list("title", flat=True))
    strings = {" ".join(text.split()) for text in found if text and text.strip()}
    strings = {text for text in strings if len(text.split()) > 1 or not english_words(text)}
    return content_pattern(list(strings))


def history_strings() -> re.Pattern:
    """The names objects had when a change to them was logged (``PageLogEntry`` and
    ``ModelLogEntry`` labels): history, shown as it was, on the history screens only."""
    labels: set[str] = set()
    for model in (PageLogEntry, ModelLogEntry):
        labels.update(model.objects.values_list("label", flat=True))
    return content_pattern([" ".join(label.split()) for label in labels if label])


def walk_as(
    base: str, username: str, targets: dict, content: re.Pattern, history: re.Pattern
) -> AdminWalk:
    """One role's walk in a Chromium of its own (this thread's Playwright: the walks of two roles
    run side by side, one browser rendering while the server answers the other)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            locale="de-DE",
            timezone_id="Europe/Berlin",
            viewport={"width": 1400, "height": 1000},
            extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"},
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        walk = AdminWalk(page, base, username, content, history)
        try:
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r".*/admin/$"))
            walk_role(walk, targets)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"german-admin-{username}-FAILED.png"))
            raise
        finally:
            context.close()
            browser.close()
    return walk


def test_every_admin_screen_is_german_for_every_role(page, live_server, agency_site):
    base = live_server.url
    content = content_strings()
    history = history_strings()

    page.step("Anmeldeseite")
    page.goto(f"{base}/admin/login/")
    login = AdminWalk(page, base, "(nicht angemeldet)", content)
    login.check("Anmeldung")
    login_heading = page.locator("h1").inner_text()
    page.goto("about:blank")

    with ThreadPoolExecutor(max_workers=2) as pool:
        walks = list(
            pool.map(lambda name: walk_as(base, name, agency_site, content, history), ROLES)
        )

    findings = login.findings + [finding for walk in walks for finding in walk.findings]
    screens = {walk.role: len(walk.screens) for walk in walks}
    report = "\n".join(dict.fromkeys(str(finding) for finding in findings))
    assert not findings, f"Englisch in der deutschen Verwaltung ({screens} Ansichten):\n{report}"
    assert "Regionalmanagement Nordthüringen" in login_heading
    # every role walked its screens: the menu was found and followed
    assert screens["chefin"] > 50 and min(screens.values()) > 20, screens


@pytest.fixture
def linked_page(home, django_user_model):
    """A German page whose text links to another page, submitted for English, and a translator."""
    from projekte.models import ProjectPage

    call_command("setup_roles", stdout=io.StringIO())
    translator = django_user_model.objects.create_user("uebersetzer", "u@example.org", PASSWORD)
    translator.groups.add(Group.objects.get(name=TRANSLATORS))
    index, _project = create_german_section(home)
    page = index.add_child(
        instance=ProjectPage(
            title="Kali-Zukunftsforen",
            slug="kali-zukunftsforen",
            teaser="Drei Foren zur Zukunft der Kaliregion.",
            start_date="2024-05-01",
            body=[("rich_text", RichText(linked_paragraph(index.id)))],
        )
    )
    page.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    TranslationCreator(None, [english]).create_translations(page)
    return page.get_translation(english)


def test_the_translation_editor_shows_links_as_text(page, live_server, admin_login, linked_page):
    """A translator reads the linked word, never ``<a id="a1">``; editing keeps the markup."""
    base = live_server.url
    admin_login(page, base, "uebersetzer", PASSWORD)
    page.goto(f"{base}/admin/pages/{linked_page.id}/edit/")
    source = page.get_by_text(re.compile(LINKED_TEXT)).first
    source.wait_for()
    assert source.inner_text().strip() == f"{LINKED_TEXT}."
    assert source.locator(".cms-segment-link").inner_text() == "Mediathek"
    texts = [text for _where, text in screen_texts(page)]
    assert not [text for text in texts if "<a id=" in text]
    assert page.get_by_role("heading", name="Übersetzung Deutsch → Englisch").count()

    page.step("Beim Bearbeiten bleibt die Markierung im Eingabefeld")
    segment = page.locator("li", has=page.locator(".cms-segment-link")).first
    segment.get_by_role("button", name="Übersetzen").click()
    field = segment.locator("textarea")
    field.fill('The minutes are in the <a id="a1">media library</a>.')
    segment.get_by_role("button", name="Speichern").click()
    translated = segment.locator(".cms-segment-link", has_text="media library")
    translated.wait_for()
    assert (
        translated.locator("xpath=..").inner_text().strip()
        == "The minutes are in the media library."
    )
