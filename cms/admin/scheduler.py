"""Scheduled publishing inside the serving process: ``publish_scheduled`` on a timer.

Wagtail publishes pages whose ``go_live_at`` has come and unpublishes those whose ``expire_at``
has passed only when its ``publish_scheduled`` command runs. Rather than asking every
installation for a cron job, ``manage.py serve`` (what ``make run`` starts) runs it every minute
in a daemon thread of the server process. Production servers run ``manage.py
run_scheduler`` as a small separate worker (or cron ``publish_scheduled``) instead.

The same loop prunes the change feed once a day (:func:`cms.delivery.pruning.prune`: events
older than the sync token lifetime; cron: ``prune_change_feed``).
"""

from __future__ import annotations

import io
import logging
import threading
import time

from django.core.management import call_command
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60
#: Seconds between two prunings of the change feed.
PRUNE_INTERVAL = 24 * 3600


def publish_due() -> str:
    """Run Wagtail's ``publish_scheduled`` once; returns its report."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def prune_feed() -> int:
    """Prune the change feed once (:func:`cms.delivery.pruning.prune`); returns the count."""
    from cms.delivery import pruning

    return pruning.prune()


class Scheduler(threading.Thread):
    """Runs :func:`publish_due` now and then every ``interval`` seconds, and :func:`prune_feed`
    now and then every ``prune_interval`` seconds, until stopped."""

    def __init__(
        self, interval: float = DEFAULT_INTERVAL, prune_interval: float = PRUNE_INTERVAL
    ) -> None:
        super().__init__(name="cms-scheduler", daemon=True)
        self.interval = interval
        self.prune_interval = prune_interval
        self.last_pruned: float | None = None
        self.stopped = threading.Event()

    def run(self) -> None:
        """Publish due revisions every ``interval`` seconds until :meth:`stop`; a failed run is
        logged and retried next round. The thread opens and closes its own database connection.
        """
        while not self.stopped.is_set():
            # The thread owns its database connection: drop a stale one before and close after.
            close_old_connections()
            try:
                report = publish_due()
                if report.strip():
                    logger.info("publish_scheduled: %s", report.strip())
            except Exception:  # noqa: BLE001 - a failed run must not end the loop
                logger.exception("publish_scheduled failed; retrying in %s s", self.interval)
            try:
                self.prune_if_due()
            except Exception:  # noqa: BLE001 - a failed run must not end the loop
                logger.exception("Pruning the change feed failed; retrying in %s s", self.interval)
            finally:
                connection.close()
            self.stopped.wait(self.interval)

    def prune_if_due(self) -> int | None:
        """Prune the change feed when ``prune_interval`` seconds have passed since the last
        successful pruning (at once on the first round); the count deleted, ``None`` if not due.
        """
        now = time.monotonic()
        if self.last_pruned is not None and now - self.last_pruned < self.prune_interval:
            return None
        deleted = prune_feed()
        self.last_pruned = now
        if deleted:
            logger.info("Pruned %s change-feed events.", deleted)
        return deleted

    def stop(self) -> None:
        """Ask the loop to end; it ends after the current run (not waited for)."""
        self.stopped.set()


def start(interval: float = DEFAULT_INTERVAL) -> Scheduler:
    """A started daemon :class:`Scheduler` publishing every ``interval`` seconds."""
    scheduler = Scheduler(interval)
    scheduler.start()
    return scheduler
