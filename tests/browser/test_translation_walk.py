"""The translator's walk in a real browser: submit a section, PO round, publish, read the API.

The same path as tests/translation/test_walk.py, clicked through the German admin in Chromium:
the translator submits the German project section for English, opens wagtail-localize's
translation editor, downloads the PO file, uploads it filled in (after a broken file is refused
with a German message naming the line), publishes, and the API serves the English page.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page

from cms.translation.roles import TRANSLATORS
from tests.translation.helpers import create_german_section

pytestmark = pytest.mark.django_db(transaction=True)

ENGLISH = {
    "Projekte": "Projects",
    "projekte": "projects",
    "Regionalbudget Nordthüringen": "North Thuringia Regional Budget",
    "regionalbudget": "regional-budget",
    "Kleine Projekte aus der Region werden gefördert.": "Small projects from the region are funded.",
}


@pytest.fixture
def section(home):
    index, project = create_german_section(home)
    call_command("setup_roles", stdout=io.StringIO())
    user = get_user_model().objects.create_user("ute", "ute@example.org", "uebersetzen-123")
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    return index, project


def translate_in_editor(page, base_url: str, english_page: Page) -> None:
    """Download the PO file from the translation editor, fill it in, upload it, publish."""
    page.goto(f"{base_url}/admin/pages/{english_page.id}/edit/")
    page.wait_for_selector("a[href*='/pofile/download/']")
    with page.expect_download() as download:
        page.click("a[href*='/pofile/download/']")
    po = polib.pofile(Path(download.value.path()).read_text(encoding="utf-8"))
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, f"EN {entry.msgid}")
    with page.expect_navigation():
        page.set_input_files(
            "form[action*='/pofile/upload/'] input[type=file]",
            files=[
                {
                    "name": "en.po",
                    "mimeType": "text/x-gettext-translation",
                    "buffer": str(po).encode(),
                }
            ],
        )
    page.wait_for_selector("button[name=action][value=publish]")
    with page.expect_navigation():
        page.click("button[name=action][value=publish]")


def test_translate_and_publish_in_the_browser(page, live_server, admin_login, section):
    index, project = section
    english = Locale.objects.get(language_code="en")
    base = live_server.url

    page.step("Übersetzer meldet sich an")
    admin_login(page, base, "ute", "uebersetzen-123")
    assert page.locator("html").get_attribute("lang") == "de"

    page.step("Bereich „Projekte“ mit Unterseiten zur Übersetzung geben")
    page.goto(f"{base}/admin/localize/submit/page/{index.id}/")
    page.check(f"input[name=locales][value='{english.id}']")
    page.check("input[name=include_subtree]")
    with page.expect_navigation():
        page.click("form:has(input[name=locales]) [type=submit]")
    page.settle()
    en_index = index.get_translation(english)
    en_project = project.get_translation(english)
    assert not en_project.live

    page.step("Fehlerhafte PO-Datei wird mit Zeilenangabe abgelehnt")
    page.goto(f"{base}/admin/pages/{en_project.id}/edit/")
    page.wait_for_selector("form[action*='/pofile/upload/'] input[type=file]", state="attached")
    broken = (
        'msgid ""\nmsgstr ""\n"X-WagtailLocalize-TranslationID: x\\n"\n\nmsgid "a"\nmsgstr "b\n'
    )
    with page.expect_navigation():
        page.set_input_files(
            "form[action*='/pofile/upload/'] input[type=file]",
            files=[{"name": "kaputt.po", "mimeType": "text/plain", "buffer": broken.encode()}],
        )
    message = page.locator(".messages").inner_text()
    assert "Syntaxfehler in Zeile 6" in message, message
    page.settle()
    assert not Page.objects.get(id=en_project.id).specific.teaser.startswith("Small")

    page.step("Übersicht übersetzen und veröffentlichen")
    translate_in_editor(page, base, en_index)
    page.step("Projekt übersetzen und veröffentlichen")
    translate_in_editor(page, base, en_project)
    page.settle()
    published = Page.objects.get(id=en_project.id).specific
    assert published.live and published.title == "North Thuringia Regional Budget"

    page.step("Die API liefert die englische Seite")
    page.goto(f"{base}/api/v1/pages/find/?path=/projects/regional-budget/&locale=en")
    data = json.loads(page.locator("body").inner_text())
    assert data["id"] == en_project.id
    assert data["teaser"] == "Small projects from the region are funded."
    assert re.search(r"/projects/regional-budget/$", data["path"])
