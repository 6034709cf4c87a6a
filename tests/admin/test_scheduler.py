"""Scheduled publishing and expiry happen without a cron job: the serving process runs them."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from cms.admin import scheduler
from cms.management.commands.serve import Command as ServeCommand
from tests.plugins.events.models import EventPage


def schedule(home, slug, go_live_at=None, expire_at=None):
    page = home.add_child(
        instance=EventPage(title=slug, slug=slug, start=datetime.date(2026, 6, 1), live=False)
    )
    page.go_live_at = go_live_at
    page.expire_at = expire_at
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_publish_due_publishes_and_expires(home):
    soon = timezone.now() + datetime.timedelta(seconds=1)
    planned = schedule(home, "geplant", go_live_at=soon)
    assert not planned.live
    expiring = schedule(home, "ablaufend", expire_at=soon)
    assert expiring.live

    time.sleep(1.2)
    scheduler.publish_due()
    planned.refresh_from_db()
    expiring.refresh_from_db()
    assert planned.live
    assert not expiring.live
    assert expiring.expired


@pytest.mark.django_db(transaction=True)
def test_the_serve_command_starts_the_scheduler_thread(home, monkeypatch):
    monkeypatch.setattr(scheduler, "DEFAULT_INTERVAL", 0.2)
    started = []
    original_start = scheduler.start

    def start(interval):
        started.append(original_start(interval))
        return started[-1]

    monkeypatch.setattr(scheduler, "start", start)
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.inner_run", lambda self, *a, **k: None
    )
    go_live_at = timezone.now() + datetime.timedelta(seconds=0.5)
    planned = schedule(home, "geplant", go_live_at=go_live_at)
    assert not planned.live
    runs_after_go_live = []
    original_publish_due = scheduler.publish_due

    def publish_due():
        due = timezone.now() > go_live_at
        report = original_publish_due()
        if due:
            runs_after_go_live.append(report)
        return report

    monkeypatch.setattr(scheduler, "publish_due", publish_due)

    ServeCommand().inner_run(publish_interval=0.2)
    deadline = time.monotonic() + 10
    while not runs_after_go_live and time.monotonic() < deadline:
        time.sleep(0.1)
    # The main thread stays off the database while the scheduler writes (SQLite locks tables).
    started[0].stop()
    started[0].join(5)
    assert runs_after_go_live, "the scheduler thread did not run publish_scheduled"
    planned.refresh_from_db()
    assert planned.live


def test_serve_without_interval_starts_no_scheduler(monkeypatch):
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.inner_run", lambda self, *a, **k: None
    )
    monkeypatch.setattr(scheduler, "start", lambda interval: pytest.fail("started"))
    ServeCommand().inner_run(publish_interval=0)
