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


def test_the_serve_command_starts_the_scheduler_thread(monkeypatch):
    # The thread runs the same publish_due as above; here it is counted instead of touching the
    # database, which a second thread cannot share with the test's open transaction.
    runs = []
    monkeypatch.setattr(scheduler, "publish_due", lambda: runs.append(time.monotonic()) or "")
    started = []
    original_start = scheduler.start
    monkeypatch.setattr(
        scheduler, "start", lambda interval: started.append(original_start(interval)) or started[-1]
    )
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.inner_run", lambda self, *a, **k: None
    )

    ServeCommand().inner_run(publish_interval=0.1)
    try:
        deadline = time.monotonic() + 10
        while len(runs) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        started[0].stop()
        started[0].join(5)
    assert len(runs) >= 3, "publish_scheduled did not run repeatedly in the server process"
    assert started[0].name == "cms-scheduler" and started[0].daemon


def test_serve_without_interval_starts_no_scheduler(monkeypatch):
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.inner_run", lambda self, *a, **k: None
    )
    monkeypatch.setattr(scheduler, "start", lambda interval: pytest.fail("started"))
    ServeCommand().inner_run(publish_interval=0)
