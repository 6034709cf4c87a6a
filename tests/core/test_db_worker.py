"""``manage.py db_worker`` (the task worker of the topology) survives losing its database.

Found by the load run's PostgreSQL restart (bench/load/, issue 18): a search-indexing task lost
its connection when PostgreSQL restarted, django-tasks-db's worker then recorded the failure on
the same closed connection (``OperationalError: the connection is closed``), the exception left
its loop and the process exited; nothing restarted it, so cache purges stopped and 17 of 22
publishes stayed invisible through the cache. The worker must record the failure on a new
connection and go on with the next task; while the database cannot be reached at all, it waits
and tries again.

The connection is lost for real: PostgreSQL terminates the worker's backend
(``pg_terminate_backend``, what ``pg_ctl restart -m fast`` does to every session); on SQLite
(a file copy of the test database, :mod:`tests.shared_database`) the worker's connection is
closed under it.
"""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = ["db_worker", "--backend", "webhooks", "--queue-name", "*", "--batch", "--interval", "0"]


@task(backend="webhooks")
def lose_connection() -> None:
    """Lose this worker's database connection the way a database restart does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    else:
        connection.connection.close()


@task(backend="webhooks")
def answer() -> int:
    """A task after the lost connection: it runs and its result is stored."""
    return 42


def _status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def test_a_task_that_loses_the_connection_is_recorded_and_the_worker_goes_on(shared_database):
    lost, after = lose_connection.enqueue(), answer.enqueue()
    call_command(*WORKER, "--no-startup-delay", "--no-reload")
    assert _status(lost) == "FAILED"
    assert _status(after) == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=after.id).return_value == 42


def test_the_worker_waits_while_the_database_cannot_be_reached(shared_database):
    """The database refuses connections when the worker looks for its next task (the seconds
    of a restart): the worker waits, tries again, and runs the task once it is back."""
    queued = answer.enqueue()
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    if connection.vendor == "postgresql":
        settings_dict["PORT"] = "1"  # nothing listens: connection refused
    else:
        settings_dict["NAME"] = "/nonexistent/directory/db.sqlite3"  # unable to open
    connection.close()
    restore = threading.Timer(1.5, lambda: settings_dict.update(saved))
    restore.start()
    try:
        call_command(*WORKER, "--no-startup-delay", "--no-reload")
    finally:
        restore.cancel()
        settings_dict.update(saved)
    assert _status(queued) == "SUCCESSFUL"
