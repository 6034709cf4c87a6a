"""The reference website (clients/website/) walked in Chromium, on the demo content as ``make run``
serves it: the built website (``npm run build``: the client's types, ``astro check``, ``astro
build``) runs on a free port against the live server, configured as ``make setup`` configures it
(``setup_site --website``).

1. a visitor walks home, the project list (filter, pagination), a project detail (its blocks,
   images with WebP and the locale's alt text, a rich-text link routed in the site), the
   language switch to the English page, the document library, the partners, the search with a
   facet and suggestions, and a 404, in both languages; axe-core (from npm, injected) finds no
   serious or critical violation on any of these page types;
2. an editor changes a project's title and a block without saving: the admin's preview panel
   (mode ``frontend:website``) shows the change rendered by the website while a visitor still
   sees the published page; after publishing the visitor sees it.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Locale

from tests.browser.walk import footer_action, leave_admin
from tests.clients.npm import CLIENTS, built

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = CLIENTS / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Website-Walk-2026"
LINK_TEXT = "zur Mediathek"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def demo_site(home, django_user_model):
    """The demo content with its English translations, a superuser, and a project paragraph
    linking to the document library (a rich-text page link)."""
    for command in ("load_demo_content", "adopt_translations"):
        call_command(command, stdout=io.StringIO())
    django_user_model.objects.create_superuser("chefin", "chefin@example.org", PASSWORD)
    from projekte.models import DocumentIndexPage, ProjectPage

    german = Locale.objects.get(language_code="de")
    project = ProjectPage.objects.get(locale=german, slug="kali-masterplan")
    library = DocumentIndexPage.objects.get(locale=german)
    paragraph = f'<p>Alle Protokolle <a linktype="page" id="{library.pk}">{LINK_TEXT}</a>.</p>'
    project.body.append(("rich_text", paragraph))
    project.save_revision().publish()
    return {"project": project, "library": library}


@pytest.fixture
def settled(transactional_db, live_server):
    """Torn down after the browser page: lets the live server finish what the page and the
    website asked last (images, renditions) before the database is flushed. On PostgreSQL the
    live server is threaded; a request served during the flush writes rows (content types) that
    the next test's restore would duplicate."""
    yield
    httpd = live_server.thread.httpd
    if hasattr(httpd, "wait_until_idle"):
        httpd.wait_until_idle()
    else:
        time.sleep(2)


@pytest.fixture
def website(live_server, demo_site, tmp_path):
    """The built website on a free port, reading the live server's API; its address."""
    entry = built()
    port = _free_port()
    address = f"http://127.0.0.1:{port}"
    call_command("setup_site", "--website", address, stdout=io.StringIO())
    log = tmp_path / "website.log"
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "CMS_API_URL": live_server.url,
        "WEBSITE_PAGE_SIZE": "3",
        "ASTRO_TELEMETRY_DISABLED": "1",
    }
    with open(log, "w") as output:
        server = subprocess.Popen(
            ["node", str(entry)], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_for(port, server, log)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The website stopped: {log.read_text()[-3000:]}", pytrace=False)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"The website did not listen on {port}: {log.read_text()[-3000:]}", pytrace=False)


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as shown (injected from npm)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


class Accessibility:
    """Collects axe-core's findings per page type and language; the walk asserts at its end."""

    def __init__(self) -> None:
        self.checked: list[str] = []
        self.violations: dict[str, list[dict]] = {}

    def check(self, page, name: str) -> None:
        self.checked.append(name)
        found = serious_violations(page)
        if found:
            self.violations[f"{name} ({page.url})"] = found


def _menu(page, name: str):
    return page.get_by_role("navigation", name=re.compile("Hauptmenü|Main menu")).get_by_role(
        "link", name=name, exact=True
    )


def _switch_language(page, code: str) -> None:
    switch = page.get_by_role("navigation", name=re.compile("^(Sprache|Language)$"))
    switch.get_by_role("link", name=code.upper(), exact=True).click()
    page.wait_for_load_state()


def test_a_visitor_walks_the_website_in_both_languages(settled, page, website, demo_site):
    from projekte.models import ProjectPage

    axe = Accessibility()
    english = Locale.objects.get(language_code="en")
    project = demo_site["project"]
    project_en = ProjectPage.objects.get(translation_key=project.translation_key, locale=english)

    page.step("Startseite")
    page.goto(f"{website}/")
    expect(page).to_have_url(f"{website}/de/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_title("Regionalmanagement Nordthüringen")  # the site's name once
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page, "home de")

    page.step("Projektliste, Seiten")
    _menu(page, "Projekte").click()
    expect(page).to_have_url(f"{website}/de/projekte/")
    live = ProjectPage.objects.live().filter(locale=project.locale)
    expect(page.get_by_role("status").first).to_have_text(f"{live.count()} Treffer")
    pages = -(-live.count() // 3)
    assert pages > 1
    expect(page.locator(".card")).to_have_count(3)
    expect(page.get_by_text(f"Seite 1 von {pages}")).to_be_visible()
    page.get_by_role("link", name="Weiter").click()
    expect(page.get_by_text(f"Seite 2 von {pages}")).to_be_visible()
    expect(page.locator(".card")).to_have_count(live.count() - 3 if pages == 2 else 3)
    axe.check(page, "project list de")

    page.step(
        "Projektliste hinter der letzten Seite (found by review: a text 'Internal server error')"
    )
    for number in (pages + 1, 9999, 10**20):
        response = page.goto(f"{website}/de/projekte/?page={number}")
        assert response.status == 200
        expect(page.locator("main")).not_to_contain_text("Internal server error")
        expect(page.get_by_text(f"Diese Liste hat nur {pages} Seiten.")).to_be_visible()
        expect(page.locator(".card")).to_have_count(0)
    page.get_by_role("link", name="Zur ersten Seite").click()
    expect(page.locator(".card")).to_have_count(3)

    page.step("Projektliste, Filter")
    topic = min(project.topics.all(), key=lambda t: live.filter(topics=t).count())
    expected = live.filter(topics=topic, status="running").count()
    assert 0 < expected < live.count()
    page.get_by_label("Thema").select_option(str(topic.pk))
    page.get_by_label("Status").select_option("running")
    page.get_by_role("button", name="Filtern").click()
    expect(page).to_have_url(re.compile(rf"topic={topic.pk}&.*status=running"))
    expect(page.get_by_role("status").first).to_have_text(f"{expected} Treffer")
    expect(page.locator(".card")).to_have_count(expected)
    expect(page.get_by_role("link", name=project.title, exact=True)).to_be_visible()
    for meta in page.locator(".card .meta").all():
        expect(meta).to_contain_text("laufend")

    page.step("Projekt")
    page.goto(f"{website}/de/projekte/")
    page.get_by_role("link", name=project.title, exact=True).click()
    expect(page).to_have_url(f"{website}/de/projekte/kali-masterplan/")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    hero = page.locator("article picture").first
    expect(hero.locator('source[type="image/webp"]')).to_have_attribute(
        "srcset", re.compile("webp")
    )
    expect(hero.locator("img")).to_have_attribute("srcset", re.compile(r"480w"))
    expect(hero.locator("img")).to_have_attribute("alt", project.hero_image.description)
    for block in ("heading", "rich_text", "image", "document_list", "key_figures", "location"):
        assert any(b.block_type == block for b in project.body), block
    expect(page.locator("article .block-heading").first).to_be_visible()
    expect(page.locator("article figure.block-image img")).not_to_have_count(0)
    expect(page.locator("article section.documents li")).not_to_have_count(0)
    expect(page.locator("article section.figures dd")).not_to_have_count(0)
    expect(page.locator("article section.location")).to_be_visible()
    link = page.get_by_role("link", name=LINK_TEXT)
    expect(link).to_have_attribute("href", "/de/mediathek/")
    axe.check(page, "project de")
    link.click()
    expect(page).to_have_url(f"{website}/de/mediathek/")

    page.step("Sprachwechsel auf die englische Seite")
    page.go_back()
    _switch_language(page, "en")
    expect(page).to_have_url(re.compile(rf"{website}/en/.+/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(project_en.title)
    english_alt = project.hero_image.texts.filter(locale=english).values_list("alt", flat=True)
    hero_img = page.locator("article picture img").first
    if english_alt and english_alt[0]:
        expect(hero_img).to_have_attribute("alt", english_alt[0])
        expect(hero_img).not_to_have_attribute("lang", "de")
    else:  # the German text, marked as German on the English page
        expect(hero_img).to_have_attribute("lang", "de")
    axe.check(page, "project en")
    _menu(page, "Projects").click()
    expect(page).to_have_url(re.compile(rf"{website}/en/[^/]+/$"))
    expect(page.get_by_role("status").first).to_have_text(re.compile(r"\d+ results"))
    axe.check(page, "project list en")
    page.goto(f"{website}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Regional Management Northern Thuringia")
    axe.check(page, "home en")

    page.step("Mediathek und Partner, beide Sprachen")
    for code, library, partners in (
        ("de", "Mediathek", "Partner"),
        ("en", "Media library", "Partners"),
    ):
        page.goto(f"{website}/{code}/")
        _menu(page, library).click()
        expect(page.locator(".listing .card")).not_to_have_count(0)
        axe.check(page, f"document library {code}")
        page.locator(".listing .card a").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe.check(page, f"document {code}")
        _menu(page, partners).click()
        expect(page.locator(".listing .card")).not_to_have_count(0)
        axe.check(page, f"partners {code}")
        page.locator(".listing .card a").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe.check(page, f"partner {code}")

    page.step("Suche mit Facette und Vorschlägen")
    page.goto(f"{website}/de/")
    page.get_by_role("searchbox", name="Suchbegriff").fill("Kali")
    page.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(f"{website}/de/suche/?q=Kali")
    expect(page.locator("ol.results > li")).not_to_have_count(0)
    everything = page.locator("ol.results > li").count()
    facet = page.locator('a[data-facet="type"][data-value="project"]')
    expect(facet).to_be_visible()
    facet.click()
    expect(page).to_have_url(re.compile(r"type=project"))
    expect(page.locator('a[data-facet="type"][aria-current="true"]')).to_have_count(1)
    hits = page.locator("ol.results > li h2 a")
    expect(hits).not_to_have_count(0)
    assert hits.count() < everything
    for hit in hits.all():
        expect(hit).to_have_attribute("href", re.compile(r"^/de/projekte/[^/]+/$"))
    axe.check(page, "search de")
    # The language switch keeps the query, not the filters (review: it dropped both).
    expect(page.locator('a[hreflang="en"]')).to_have_attribute("href", "/en/search/?q=Kali")
    hits.first.click()
    expect(page).to_have_url(re.compile(rf"{website}/de/projekte/[^/]+/$"))
    page.goto(f"{website}/de/suche/")
    with page.expect_response(re.compile(r"/api/suggest\?")) as suggested:
        page.locator("input#q").press_sequentially("Kal", delay=50)
    assert "KALI-MASTERPLAN" in suggested.value.text()
    expect(page.locator("datalist#suggestions option")).not_to_have_count(0)
    _switch_language(page, "en")
    expect(page).to_have_url(f"{website}/en/search/")
    page.locator("input#q").fill("potash")
    page.locator("input#q").press("Enter")
    expect(page.locator("ol.results > li")).not_to_have_count(0)
    axe.check(page, "search en")

    page.step("Suche mit unmöglicher Eingabe: Hinweis in der Sprache der Seite (review)")
    for query, message in (
        ("Kali&page=99999", "Diese Ergebnisseite gibt es nicht."),
        ("Kali&topics=kein-thema", "Diese Filterauswahl gibt es nicht."),
        ("x" * 300, "Dieser Suchbegriff geht nicht"),
    ):
        response = page.goto(f"{website}/de/suche/?q={query}")
        assert response.status == 200
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.get_by_role("alert")).not_to_contain_text("Invalid")

    page.step("404")
    for code, heading in (("de", "Seite nicht gefunden"), ("en", "Page not found")):
        response = page.goto(f"{website}/{code}/gibt-es-nicht/")
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe.check(page, f"404 {code}")

    assert len(axe.checked) == 18, axe.checked
    assert not axe.violations, axe.violations
    # The check can fail: an image without alt text is a critical violation.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in serious_violations(page)}


def test_an_editors_unsaved_change_shows_in_the_website_preview_and_after_publishing(
    settled, page, browser, live_server, website, demo_site, admin_login
):
    from projekte.models import ProjectPage

    project = demo_site["project"]
    heading = next(i for i, b in enumerate(project.body) if b.block_type == "heading")
    public = f"{website}/de/projekte/kali-masterplan/"
    visitor = browser.new_context(locale="de-DE").new_page()

    page.step("Redakteurin ändert Titel und Block, ohne zu speichern")
    admin_login(page, live_server.url, "chefin", PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{project.pk}/edit/")
    page.fill("#id_title", "KALI-MASTERPLAN 2030")
    page.fill(f'input[name="body-{heading}-value-text"]', "Ein neuer Plan für die Kali-Region")

    page.step("Vorschau im Frontend website")
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    panel = page.frame_locator("#w-preview-iframe").frame_locator("iframe")
    expect(panel.get_by_role("heading", level=1)).to_have_text("KALI-MASTERPLAN 2030")
    expect(panel.get_by_role("heading", name="Ein neuer Plan für die Kali-Region")).to_be_visible()
    expect(panel.get_by_text("Vorschau (Entwurf)")).to_be_visible()

    page.step("Vorschau ohne Barrieren (axe-core): im Frontend und in der Datenansicht")
    shown = page.frame_locator("#w-preview-iframe").locator("iframe").get_attribute("src")
    checker = page.context.new_page()
    checker.goto(shown)
    expect(checker.get_by_role("heading", level=1)).to_have_text("KALI-MASTERPLAN 2030")
    assert not serious_violations(checker), shown
    # The data view: the fallback for page types no front end renders, same unsaved draft.
    checker.goto(f"{live_server.url}/admin/pages/{project.pk}/edit/preview/?mode=data")
    expect(checker.get_by_role("heading", level=1)).to_have_text("KALI-MASTERPLAN 2030")
    expect(checker.get_by_text("Ein neuer Plan für die Kali-Region")).to_be_visible()
    assert not serious_violations(checker), "data view"
    checker.close()

    page.step("Besucher sieht den Entwurf nicht (ungespeichert oder automatisch gespeichert)")
    visitor.goto(public)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(visitor.get_by_text("Ein neuer Plan für die Kali-Region")).to_have_count(0)

    page.step("Veröffentlichen: Besucher sieht die Änderung")
    footer_action(page, "button[name=action-publish]")
    expect(page.locator("body")).to_contain_text("veröffentlicht", timeout=15_000)
    leave_admin(page)
    assert ProjectPage.objects.get(pk=project.pk).title == "KALI-MASTERPLAN 2030"
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("KALI-MASTERPLAN 2030")
    expect(
        visitor.get_by_role("heading", name="Ein neuer Plan für die Kali-Region")
    ).to_be_visible()
    visitor.context.close()
