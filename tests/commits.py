"""``transaction.on_commit`` in tests as in production: where the code's own transaction ends.

Feed consumers (search indexing, the CDN purge) run after the commit of the change. A
``django_db`` test runs inside one transaction that is rolled back at its end, so without help
nothing would ever commit and no consumer would run. Applied to every test by
``tests/conftest.py`` (except those that capture callbacks themselves with
``django_capture_on_commit_callbacks``).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)


def _at_test_level(connection) -> bool:
    """Only the test's own wrapping transaction is open (what autocommit is in production)."""
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _run_hook(func, robust: bool) -> None:
    if not robust:
        func()
        return
    try:
        func()
    except Exception:  # noqa: BLE001 - Django's robust on_commit logs and goes on, so do we
        logger.exception("on_commit callback failed")


def run_on_commit_where_production_commits(monkeypatch) -> None:
    """Run ``transaction.on_commit`` callbacks where production commits.

    The index follows the change feed, whose consumers run after the commit. A ``django_db``
    test runs inside one transaction that is rolled back, so nothing would ever commit; here
    the test's transaction stands in for autocommit: a callback registered outside the code's
    own atomic blocks runs at once, one registered inside runs when the outermost of them ends
    without error (one rolled back to its savepoint is dropped, as Django drops it). Tests with
    ``transaction=True`` commit for real and are left alone (no test transaction is open).
    """
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and _at_test_level(self):
            _run_hook(func, robust)
        else:
            original_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (
            exc_type is None
            and connection.in_atomic_block
            and not connection.needs_rollback
            and _at_test_level(connection)
        ):
            while connection.run_on_commit:
                _sids, func, robust = connection.run_on_commit.pop(0)
                _run_hook(func, robust)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)
