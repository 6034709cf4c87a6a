"""Pruning the change feed (``manage.py prune_change_feed``, daily in the scheduler): events older
than the sync token lifetime go, never the newest; a token that needs a pruned event answers 410
"start over", a younger one goes on with its delta."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.admin import scheduler
from cms.delivery import feed, pruning
from cms.delivery.models import ChangeEvent
from tests.api.conftest import publish
from tests.delivery.sync_client import SyncClient

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _age(events, days: float) -> None:
    """Make ``events`` look recorded ``days`` ago (``created_at`` is set on insert)."""
    ChangeEvent.objects.filter(seq__in=[e.seq for e in events]).update(
        created_at=timezone.now() - days * DAY
    )


def test_prune_deletes_what_is_older_than_the_token_lifetime(settings):
    settings.CMS_SYNC_TOKEN_MAX_AGE = 30 * 24 * 3600
    old = [feed.record("locale", n) for n in range(3)]
    young = [feed.record("locale", n) for n in range(3, 5)]
    _age(old, 31)
    _age(young, 29)
    out = io.StringIO()
    call_command("prune_change_feed", stdout=out)
    left = list(ChangeEvent.objects.values_list("seq", flat=True))
    assert left == [e.seq for e in young]
    assert "Deleted 3 change-feed events" in out.getvalue()
    assert f"starts at #{young[0].seq}" in out.getvalue()
    assert pruning.prune() == 0  # nothing more to do


def test_the_newest_event_is_never_pruned(settings):
    events = [feed.record("locale", n) for n in range(4)]
    _age(events, 400)
    assert pruning.prune() == 3
    assert list(ChangeEvent.objects.values_list("seq", flat=True)) == [events[-1].seq]
    assert feed.current_seq() == events[-1].seq


def test_only_a_prefix_goes_so_the_feed_has_no_hole(settings):
    """An old event behind a younger one (a clock set back): everything up to it goes."""
    events = [feed.record("locale", n) for n in range(5)]
    _age(events[:1], 100)
    _age(events[1:2], 10)
    _age(events[2:3], 100)
    assert pruning.prune() == 3
    assert list(ChangeEvent.objects.values_list("seq", flat=True)) == [e.seq for e in events[3:]]


def test_a_token_whose_changes_were_pruned_starts_over_a_younger_one_goes_on(api, home, event):
    stale = SyncClient(api, "de")
    stale.sync()
    event.title = "Regionalforum 2026"
    publish(event)  # a change the stale client has not seen
    fresh = SyncClient(api, "de")
    fresh.sync()
    _age(ChangeEvent.objects.all(), 100)
    event.title = "Regionalforum 2027"
    publish(event)
    assert pruning.prune() > 0

    response = api.get(f"/api/v1/sync/?locale=de&sync_token={stale.token}")
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["type"] == "urn:nordthueringen-cms:problem:sync-restart"
    assert "pruned" in body["detail"]

    # The younger token still gets its delta; starting over gives the same state.
    assert fresh.sync()[("page", event.pk)]["title"] == "Regionalforum 2027"
    assert fresh.items == fresh.fresh()


def test_the_scheduler_prunes_once_a_day(settings):
    events = [feed.record("locale", n) for n in range(3)]
    _age(events, 100)
    worker = scheduler.Scheduler(interval=60, prune_interval=24 * 3600)
    assert worker.prune_if_due() == 2  # at once on the first round
    more = [feed.record("locale", n) for n in range(3)]
    _age(more, 100)
    assert worker.prune_if_due() is None  # not again the same day
    worker.last_pruned -= 24 * 3600
    assert worker.prune_if_due() == 3
