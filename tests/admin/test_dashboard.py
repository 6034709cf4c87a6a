"""The agency dashboard lists what needs attention, for the whole team, in German."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Workflow

from cms.admin import dashboard
from tests.plugins.events.models import EventPage


def make_event(parent, title, slug, publish=True):
    page = parent.add_child(
        instance=EventPage(title=title, slug=slug, start=datetime.date(2026, 6, 1), live=publish)
    )
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@pytest.fixture
def english_home(home):
    english = Locale.objects.get(language_code="en")
    return home.get_translation_or_none(english) or home.copy_for_translation(english)


def titles(listing):
    return [row.title for row in listing.rows]


def test_awaiting_approval_lists_pages_in_a_workflow(home, admin_client):
    waiting = make_event(home, "Fachtag Tourismus", "fachtag", publish=False)
    make_event(home, "Nicht eingereicht", "nicht-eingereicht", publish=False)
    workflow = Workflow.objects.get(active=True, workflow_pages__page=Page.get_first_root_node())
    workflow.start(waiting, admin_client.user)

    listing = dashboard.awaiting_approval(admin_client.user)
    assert titles(listing) == ["Fachtag Tourismus"]
    assert "eingereicht von redaktion" in listing.rows[0].detail
    assert listing.rows[0].url == reverse("wagtailadmin_pages:edit", args=[waiting.pk])


def test_translation_gaps_lists_missing_and_outdated_translations(home, english_home, admin_client):
    english_home.save_revision().publish()
    missing = make_event(home, "Nur deutsch", "nur-deutsch")
    translated = make_event(home, "Übersetzt", "uebersetzt")
    english = translated.copy_for_translation(english_home.locale)
    english.save_revision().publish()
    outdated = make_event(home, "Veraltet", "veraltet")
    old_english = outdated.copy_for_translation(english_home.locale)
    old_english.save_revision().publish()
    outdated.title = "Veraltet, neu"
    outdated.save_revision().publish()
    make_event(home, "Entwurf", "entwurf", publish=False)

    listing = dashboard.translation_gaps(admin_client.user)
    status = {row.title: row.status for row in listing.rows}
    assert status.get(missing.title) == "fehlt"
    assert status.get("Veraltet, neu") == "veraltet"
    assert "Übersetzt" not in status
    assert "Entwurf" not in status


def test_scheduled_lists_future_publications_and_expiries(home, admin_client):
    later = timezone.now() + datetime.timedelta(days=3)
    planned = make_event(home, "Geplant", "geplant", publish=False)
    planned.go_live_at = later
    planned.save_revision().publish()  # with a future go_live_at this schedules, not publishes
    planned.refresh_from_db()
    assert not planned.live
    expiring = make_event(home, "Läuft ab", "laeuft-ab")
    expiring.expire_at = later + datetime.timedelta(days=1)
    expiring.save()

    listing = dashboard.scheduled(admin_client.user)
    assert [(r.title, r.status) for r in listing.rows] == [
        ("Geplant", "go_live"),
        ("Läuft ab", "expire"),
    ]
    assert listing.rows[0].when == later


def test_recent_edits_show_the_whole_team(home, admin_client, django_user_model):
    page = make_event(home, "Von Kollegin bearbeitet", "kollegin")
    colleague = django_user_model.objects.create_user(
        "kollegin", password="pw", first_name="Anna", last_name="Muster"
    )
    page.save_revision(user=colleague, log_action=True)

    listing = dashboard.recent_edits(admin_client.user)
    assert listing.rows[0].title == "Von Kollegin bearbeitet"
    assert listing.rows[0].detail == "von Anna Muster"


def test_broken_references_panel_reads_the_swappable_source(monkeypatch, admin_client):
    monkeypatch.setattr(dashboard, "BROKEN_REFERENCES", "cms.admin.missing.nothing")
    assert dashboard.broken_references(admin_client.user) is None
    monkeypatch.setattr(
        dashboard, "BROKEN_REFERENCES", "cms.content.references.all_broken_references"
    )
    assert dashboard.broken_references(admin_client.user).rows == []


def test_the_dashboard_shows_every_panel_in_german(home, admin_client):
    waiting = make_event(home, "Fachtag Tourismus", "fachtag", publish=False)
    Workflow.objects.get(active=True, workflow_pages__page=Page.get_first_root_node()).start(
        waiting, admin_client.user
    )
    response = admin_client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Warten auf Freigabe",
        "Geplante Veröffentlichungen und Abläufe",
        "Englische Übersetzung fehlt oder ist veraltet",
        "Defekte Verweise",
        "Zuletzt bearbeitet (ganzes Team)",
    ):
        assert heading in html
    assert "Fachtag Tourismus" in html
    assert "Nichts ist geplant." in html
