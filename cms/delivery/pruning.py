"""Pruning the change feed: events older than a sync token can live are deleted.

A sync token (:mod:`cms.delivery.sync`) is valid for ``CMS_SYNC_TOKEN_MAX_AGE`` seconds (default
90 days) after it was signed. :func:`prune` deletes the events recorded before that window, so
the feed stays as long as the traffic of the window, not of the site's whole life.

Why it is safe: a token names the sequence number it has seen (``s``); the next answer needs the
events after it. Events are numbered densely (the counter and the event are written in one
transaction, so a rolled-back change gives its number back), hence the lowest remaining number
tells exactly what was pruned: a token whose next needed event is gone (``s`` below the
lowest remaining number minus one) answers 410 "start over" instead of a delta with a hole
(:func:`cms.delivery.sync._load`). A token signed within the window but naming an old number (a
client that paged through a long backlog, then paused) is caught by that check too. The newest
event is never deleted: it keeps the floor known (and the counter's value visible as an event)
when nothing changed for longer than the window.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from cms.delivery.models import ChangeEvent

__all__ = ["DEFAULT_MAX_AGE", "cutoff", "oldest_seq", "prune"]

#: Seconds a sync token is valid (``CMS_SYNC_TOKEN_MAX_AGE``): 90 days.
DEFAULT_MAX_AGE = 90 * 24 * 3600
#: Rows deleted per statement (keeps locks and SQLite's variable limit small).
BATCH = 5000


def max_age() -> int:
    """Seconds a sync token is valid: ``CMS_SYNC_TOKEN_MAX_AGE`` (default :data:`DEFAULT_MAX_AGE`)."""
    return int(getattr(settings, "CMS_SYNC_TOKEN_MAX_AGE", DEFAULT_MAX_AGE))


def cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which events may go: ``now`` (default: the current time) minus the
    token lifetime."""
    return (now or timezone.now()) - datetime.timedelta(seconds=max_age())


def oldest_seq() -> int | None:
    """The lowest sequence number still in the feed, ``None`` when the feed is empty."""
    return ChangeEvent.objects.order_by("seq").values_list("seq", flat=True).first()


def prune(now: datetime.datetime | None = None) -> int:
    """Delete events recorded before :func:`cutoff` (``now``: for tests and dry runs), never the
    newest event. Returns how many were deleted. Deletes in batches of :data:`BATCH` rows by
    ascending ``seq``, each its own statement (autocommit): an interrupted run leaves a shorter
    feed that is still consistent (every remaining number is contiguous).
    """
    newest = ChangeEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    if newest is None:
        return 0
    old = ChangeEvent.objects.filter(created_at__lt=cutoff(now), seq__lt=newest)
    # Only a prefix of the feed goes: up to the newest old event (created_at follows seq but
    # need not be strictly monotonic across clock adjustments; never leave a hole).
    until = old.order_by("-seq").values_list("seq", flat=True).first()
    if until is None:
        return 0
    deleted = 0
    while True:
        batch = list(
            ChangeEvent.objects.filter(seq__lte=until)
            .order_by("seq")
            .values_list("seq", flat=True)[:BATCH]
        )
        if not batch:
            return deleted
        deleted += ChangeEvent.objects.filter(seq__gte=batch[0], seq__lte=batch[-1]).delete()[0]
