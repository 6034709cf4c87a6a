"""An editor's day, walked in Chromium: every step an editor or a publisher takes, in German.

Setup (what ``make run`` provides): the roles and the moderation workflow (``setup_roles``), a
project section, a partner, a PDF in the media library, an image with alt text and an old one
without. Then, in the browser, as people would:

1. the editor logs in, creates a project page with a heading, a paragraph, an image with alt
   text, a document list and a partner list, and submits it for approval;
2. the publisher logs in, finds it on the dashboard, approves it; the API serves the page;
3. the editor uploads a PDF and sees its page count;
4. an image block without alt text cannot be published: the German error is shown;
5. the page is moved to a new address (renamed), and the API's find-by-path follows the redirect.

A failing step leaves a screenshot of every step in ``test-artifacts/<test>/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from projekte.models import ProjectPage
from tests.admin import files
from tests.browser.walk import (
    PASSWORD,
    add_block,
    choose_in_modal,
    create_project,
    footer_action,
    leave_admin,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Windpark Hainleite"
SLUG = "windpark-hainleite"


# --- the walk ------------------------------------------------------------------------------------


def test_editor_creates_a_project_and_the_publisher_approves_it(
    page, live_server, admin_login, agency
):
    base = live_server.url
    page.step("Redakteurin meldet sich an")
    admin_login(page, base, "redakteurin", PASSWORD)
    expect(page.get_by_role("heading", name="Warten auf Freigabe")).to_be_visible()

    page.step("Projektseite anlegen")
    create_project(page, base, agency, TITLE)

    page.step("Zwischenüberschrift")
    heading = add_block(page, "Zwischenüberschrift")
    page.fill(f"#{heading}-text", "Worum es geht")

    page.step("Absatz")
    add_block(page, "Text")
    editor = page.locator("[data-contentpath=body] .DraftEditor-root").last
    editor.click()
    page.keyboard.type("Auf der Hainleite entstehen sechs Windräder mit Bürgerbeteiligung.")

    page.step("Bild mit Alternativtext")
    image = add_block(page, "Bild")
    choose_in_modal(page, f"{image}-image", "Windräder Hainleite")
    page.fill(f"#{image}-alt_text", "Windräder auf der Hainleite bei Sonnenuntergang")

    page.step("Dokumentenliste")
    documents = add_block(page, "Dokumentenliste")
    page.fill(f"#{documents}-title", "Downloads")
    choose_in_modal(page, f"{documents}-documents-0-value", "Machbarkeitsstudie Windpark")

    page.step("Partnerliste")
    partners = add_block(page, "Partnerliste")
    choose_in_modal(page, f"{partners}-partners-0-value", "Landkreis Nordhausen")

    page.step("Zur Freigabe einreichen")
    footer_action(page, "button[name=action-submit]")
    expect(page.locator(".messages")).to_contain_text(TITLE)
    leave_admin(page)
    project = ProjectPage.objects.get(slug=SLUG)
    assert not project.live
    assert project.current_workflow_state is not None
    body_types = [block.block_type for block in project.get_latest_revision_as_object().body]
    # (after any skeleton blocks the page type starts with)
    assert body_types[-5:] == ["heading", "rich_text", "image", "document_list", "partner_list"]

    page.step("Freigeber meldet sich an")
    page.context.clear_cookies()
    admin_login(page, base, "freigeber", PASSWORD)
    panel = page.locator("[data-cms-panel=cms-awaiting_approval]")
    expect(panel).to_contain_text(TITLE)

    page.step("Freigeben")
    panel.get_by_role("link", name=TITLE).click()
    footer_action(page, "button[data-workflow-action-name=approve]")
    expect(page.locator(".messages")).to_contain_text(TITLE)
    leave_admin(page)
    project.refresh_from_db()
    assert project.live

    page.step("Seite in der API")
    response = page.request.get(f"{base}/api/v1/pages/find/?path=/projekte/{SLUG}/&locale=de")
    assert response.status == 200, response.text()
    data = response.json()
    assert data["title"] == TITLE
    assert [block["type"] for block in data["body"]][-5:] == [
        "heading",
        "rich_text",
        "image",
        "document_list",
        "partner_list",
    ]


def test_editor_uploads_a_pdf_and_sees_its_page_count(
    page, live_server, admin_login, agency, tmp_path
):
    base = live_server.url
    page.step("Anmelden")
    admin_login(page, base, "redakteurin", PASSWORD)
    page.step("PDF hochladen")
    page.goto(f"{base}/admin/documents/multiple/add/")
    pdf = tmp_path / "jahresbericht-2025.pdf"
    pdf.write_bytes(files.pdf(7))
    page.locator("input[type=file]").set_input_files(str(pdf))
    page.step("Seitenzahl sehen")
    expect(page.get_by_label("Dateiangaben")).to_have_value(re.compile(r"^PDF, 7 Seiten, "))


def test_an_image_block_without_alt_text_cannot_be_published(
    page, live_server, admin_login, agency, django_user_model
):
    base = live_server.url
    django_user_model.objects.create_superuser("chefin", "chefin@example.org", PASSWORD)
    page.step("Anmelden")
    admin_login(page, base, "chefin", PASSWORD)
    page.step("Projektseite mit Bild ohne Alternativtext")
    create_project(page, base, agency, title="Radweg Unstrut")
    image = add_block(page, "Bild")
    choose_in_modal(page, f"{image}-image", "Altes Foto ohne Beschreibung")
    page.step("Veröffentlichen")
    footer_action(page, "button[name=action-publish]")
    page.step("Deutsche Fehlermeldung")
    expect(page.locator("[data-contentpath=body]").first).to_contain_text(
        "Bitte geben Sie einen Alternativtext ein", timeout=15_000
    )
    # "... wegen Prüfungsfehlern nicht erstellt" (new) or "... Fehlern bei der Validierung ..."
    # (after an autosave): either way, not published
    expect(page.locator("body")).to_contain_text(
        re.compile("wegen Prüfungsfehlern|Fehlern bei der Validierung"), timeout=15_000
    )
    leave_admin(page)
    assert not ProjectPage.objects.filter(title="Radweg Unstrut", live=True).exists()
