"""``manage.py db_worker``: django-tasks-db's worker, surviving a lost database connection.

The same command, options and loop as django-tasks-db's (``cms`` comes before
``django_tasks_db`` in ``INSTALLED_APPS``, so this module answers to the name), with two
changes, both found by the load run's PostgreSQL restart (bench/README.md, "Load and faults"):

- a task whose connection broke (the database restarted while it ran) is recorded as failed on
  a new connection; django-tasks-db recorded it on the broken one, the error left its loop and
  the process exited, so purges and indexing stopped until someone restarted the worker;
- when the database cannot be reached while the worker looks for its next task (the seconds of a
  restart, a failover), it closes its connections, waits ``max(interval, 1)`` seconds and looks
  again, instead of exiting.

A task is not retried: its effect is lost (for a purge, the cache keeps the old answer until
the next purge of that URL or its ``s-maxage``). Kubernetes would restart an exited worker, but
a process that stays up needs no orchestrator to recover (docs/deployment.md, "Topology").
"""

from __future__ import annotations

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import Error, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as upstream

logger = logging.getLogger("django_tasks_db")


class Worker(upstream.Worker):
    """django-tasks-db's ``Worker`` that outlives database errors (see the module)."""

    def run(self) -> None:
        """The upstream loop; a database error that leaves it closes every connection, waits
        ``max(interval, 1)`` seconds and enters it again (until stopped by a signal)."""
        while True:
            try:
                return super().run()
            except Error as exc:
                if not self.running:
                    raise
                logger.warning(
                    "Database unreachable (%s: %s); worker_id=%s tries again",
                    type(exc).__name__,
                    exc,
                    self.worker_id,
                )
                connections.close_all()
                time.sleep(max(self.interval, 1.0))
                self.startup_delay = False

    def run_task(self, db_task_result) -> None:
        """Run the task as upstream does; when recording its outcome fails on a broken
        connection, record the failure again on a new one (a further error goes to :meth:`run`)."""
        try:
            super().run_task(db_task_result)
        except Error as exc:
            logger.warning(
                "Task id=%s lost its database connection (%s); recording it as failed",
                db_task_result.id,
                exc,
            )
            connections.close_all()
            db_task_result.set_failed(exc)


class Command(upstream.Command):
    """django-tasks-db's ``db_worker`` command with :class:`Worker`."""

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        """Upstream's ``handle`` (django-tasks-db 0.13), running :class:`Worker`."""
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
