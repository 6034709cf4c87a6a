"""Steps of the editors' browser walks: the project fixture and what an editor does with the
mouse and the keyboard in Wagtail's admin (German labels, as a person reads them)."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from wagtail.models import Collection

from cms.translation.roles import EDITORS, PUBLISHERS
from tests.projekte import factories

PASSWORD = "Nordthueringen-2026"


@pytest.fixture
def agency(home, django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    index = factories.ProjectIndexPageFactory(parent=home, title="Projekte", slug="projekte")
    partners = factories.PartnerIndexPageFactory(parent=home, title="Partner", slug="partner")
    partner = factories.PartnerPageFactory(parent=partners, title="Landkreis Nordhausen")
    root = Collection.get_first_root_node()
    document = factories.make_document(title="Machbarkeitsstudie Windpark", pages=4)
    image = factories.ImageFactory(
        title="Windräder Hainleite",
        description="Drei Windräder auf einem Hügel im Abendlicht",
        collection=root,
    )
    old_image = factories.ImageFactory(
        title="Altes Foto ohne Beschreibung", description="", collection=root
    )
    users = {}
    for username, group in (("redakteurin", EDITORS), ("freigeber", PUBLISHERS)):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", PASSWORD, first_name=username.title()
        )
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return {
        "index": index,
        "partner": partner,
        "document": document,
        "image": image,
        "old_image": old_image,
        "users": users,
    }


# --- helpers: what an editor does with the mouse and the keyboard -----------------------------


def add_block(page, label: str) -> str:
    """Click the last "+" of the body, pick a block by its German label; returns the new block's
    field prefix (``body-<n>-value``), whatever skeleton blocks the page started with."""
    option = page.get_by_role("option", name=label, exact=True)
    plus = page.locator(
        "[data-contentpath=body] button.c-sf-add-button[title='Einen Block einfügen']"
    ).last
    counter = "input[name=body-count]"
    before = int(page.locator(counter).input_value())
    for _attempt in range(3):
        plus.click()
        try:
            option.wait_for(state="visible", timeout=4000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    option.click()
    # The StreamField's script counts the new block in when it has inserted it: wait for that,
    # a loaded machine may take longer than reading the counter right after the click.
    page.wait_for_function(
        "([selector, before]) => Number(document.querySelector(selector).value) > before",
        arg=[counter, before],
    )
    count = int(page.locator(counter).input_value())
    return f"body-{count - 1}-value"


def choose_in_modal(page, field_id: str, title: str) -> None:
    """Open the chooser of the field ``field_id`` and pick the item called ``title``."""
    field = page.locator(
        f"[data-chooser-url]:has(input#{field_id}), div:has(> input#{field_id})"
    ).last
    field.locator("button[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal.fade.show, .modal[aria-hidden=false], .modal:visible").last
    modal.get_by_text(title, exact=True).first.click()
    expect(page.locator(f"input#{field_id}")).not_to_have_value("")


def footer_action(page, selector: str) -> None:
    """Open the footer's action menu if needed and press the action."""
    button = page.locator(f"footer {selector}, .footer {selector}").first
    if not button.is_visible():
        page.locator(
            "footer [data-w-dropdown-target=toggle], .footer [data-w-dropdown-target=toggle]"
        ).first.click()
    button.click()


def leave_admin(page) -> None:
    """Leave the admin before the test reads the database itself.

    An open editor keeps talking to the server (autosave, editing-session pings); on the shared
    in-memory SQLite connection those requests and the test's own queries would collide.
    """
    page.goto("about:blank")
    page.settle()


def create_project(page, base_url, agency, title: str) -> None:
    page.goto(f"{base_url}/admin/pages/{agency['index'].pk}/")
    page.goto(f"{base_url}/admin/pages/add/projekte/projectpage/{agency['index'].pk}/")
    expect(page.get_by_role("heading", name=re.compile("Projekt"))).to_be_visible()
    page.fill("#id_title", title)  # the address (slug) follows the title by itself
    page.fill("#id_teaser", "Sechs Windräder für die Region: Strom für 12.000 Haushalte.")
    page.fill("#id_start_date", "2026-03-01")
    page.keyboard.press("Escape")
    page.wait_for_load_state("networkidle")
