"""Moving or renaming a page leaves a redirect from its old front-end path, which find_redirect
follows to the page's new path."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from cms.content.redirects import find_redirect, frontend_path
from tests.plugins.events.models import EventPage


@pytest.fixture
def event(home):
    page = home.add_child(
        instance=EventPage(
            title="Regionalforum", slug="regionalforum", start=datetime.date(2026, 5, 4)
        )
    )
    page.save_revision().publish()
    return page


def test_frontend_path_is_language_and_path_within_the_locale(event, home):
    assert frontend_path(event) == "/de/regionalforum/"
    assert frontend_path(home) == "/de/"


def test_renaming_a_page_in_the_admin_creates_a_redirect(
    admin_client, event, django_capture_on_commit_callbacks
):
    data = {
        "title": "Regionalforum 2026",
        "slug": "regionalforum-2026",
        "start": "2026-05-04",
        "venue": "",
        "body-count": "0",  # the (empty) body stream
        "action-publish": "action-publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[event.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.slug == "regionalforum-2026"

    redirect = Redirect.objects.get(old_path="/de/regionalforum")
    assert redirect.redirect_page_id == event.pk
    assert redirect.automatically_created
    assert redirect.is_permanent

    target = find_redirect("/de/regionalforum/")
    assert target.page.pk == event.pk
    assert target.path == "/de/regionalforum-2026/"
    assert find_redirect("regionalforum", language="de") == target
    assert find_redirect("/regionalforum/", language="en") is None


def test_moving_a_page_creates_redirects_for_it_and_its_children(
    event, home, django_capture_on_commit_callbacks
):
    # The test plugin's pages may only sit under a start page, so this moves through Wagtail's
    # move action directly (what the admin's move view calls); the browser walk moves in the admin.
    child = event.add_child(
        instance=EventPage(title="Anmeldung", slug="anmeldung", start=datetime.date(2026, 5, 4))
    )
    child.save_revision().publish()
    archive = home.add_child(
        instance=EventPage(title="Archiv", slug="archiv", start=datetime.date(2020, 1, 1))
    )
    archive.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        event.move(archive, pos="last-child")
    event.refresh_from_db()
    assert event.url_path == "/start/archiv/regionalforum/"

    target = find_redirect("/de/regionalforum")
    assert target.page.pk == event.pk
    assert target.path == "/de/archiv/regionalforum/"
    assert find_redirect("/de/regionalforum/anmeldung/").path == (
        "/de/archiv/regionalforum/anmeldung/"
    )


def test_renaming_back_removes_the_redirect_from_the_path_in_use(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event.slug = "forum"
        event.save_revision().publish()
    assert find_redirect("/de/regionalforum/").path == "/de/forum/"
    with django_capture_on_commit_callbacks(execute=True):
        event.slug = "regionalforum"
        event.save_revision().publish()
    assert not Redirect.objects.filter(old_path="/de/regionalforum").exists()
    assert find_redirect("/de/forum/").path == "/de/regionalforum/"


def test_unknown_and_dead_paths_have_no_redirect(event):
    assert find_redirect("/de/gibt-es-nicht/") is None
    assert find_redirect("/a\0b") is None
    assert find_redirect("") is None
    Redirect.add_redirect("/de/alt", redirect_to=event)
    assert find_redirect("/de/alt/").page.pk == event.pk
    event.unpublish()
    assert find_redirect("/de/alt/") is None


def test_redirect_to_an_external_link(db):
    Redirect.add_redirect("/de/broschuere", redirect_to="https://example.org/broschuere.pdf")
    target = find_redirect("/de/broschuere/")
    assert target.page is None
    assert target.path == "https://example.org/broschuere.pdf"
