"""The webhook worker inside the serving process, for ``make run``.

Webhooks are sent by django-tasks-db's worker from the queue ``TASKS["webhooks"]``
(:mod:`cms.delivery.webhooks`), never in the editor's request. Production runs it as its own
process, ``manage.py db_worker --backend webhooks`` (``make webhook-worker``); so that a
developer's ``make run`` delivers webhooks without a second terminal, ``manage.py serve`` starts
the same worker loop in a daemon thread (like the publishing scheduler, :mod:`cms.admin.scheduler`).
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import OperationalError, connection

logger = logging.getLogger(__name__)

__all__ = ["WebhookWorker", "queue_is_database", "start"]

BACKEND = "webhooks"


def queue_is_database() -> bool:
    """Whether ``TASKS["webhooks"]`` is django-tasks-db's queue (then a worker must run; with
    another backend, e.g. the immediate one, there is nothing to start)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    try:
        return isinstance(task_backends[BACKEND], DatabaseBackend)
    except Exception:  # noqa: BLE001 - no such backend configured
        return False


class WebhookWorker(threading.Thread):
    """django-tasks-db's :class:`Worker` on the ``webhooks`` backend, polling every ``interval``
    seconds, in a daemon thread until :meth:`stop`."""

    def __init__(self, interval: float = 1.0) -> None:
        super().__init__(name="cms-webhook-worker", daemon=True)
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name=BACKEND,
            startup_delay=False,
            max_tasks=None,
            worker_id=f"serve-{threading.get_ident()}",
            excluded_queue_names=[],
        )

    def run(self) -> None:
        """Run the worker's loop until :meth:`stop`. A locked SQLite database when the loop takes
        its next task (another writer holds it longer than the busy timeout) restarts the loop
        after ``interval``; any other crash is logged and ends the thread (the server goes on,
        messages wait in the queue)."""
        from django_tasks_db.utils import is_locked_database_exception

        try:
            while self.worker.running:
                try:
                    self.worker.run()
                except OperationalError as exc:
                    if not is_locked_database_exception(exc):
                        raise
                    connection.close()
                    time.sleep(self.worker.interval)
        except Exception:  # noqa: BLE001 - never take the server down
            logger.exception("The webhook worker stopped")
        finally:
            connection.close()

    def stop(self) -> None:
        """Ask the loop to end after the current task (not waited for)."""
        self.worker.running = False


def start(interval: float = 1.0) -> WebhookWorker:
    """A started daemon :class:`WebhookWorker`."""
    worker = WebhookWorker(interval)
    worker.start()
    return worker
