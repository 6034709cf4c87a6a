"""The test database as other connections see it: for tests of locks and concurrent writers.

SQLite's test database lives in memory, where connections share one cache and lock tables, not
the database: neither write-ahead logging nor the busy timeout nor ``BEGIN IMMEDIATE`` can be
seen there. :class:`SharedDatabase` copies it into a file (SQLite's backup API) and points this
thread's connection and every new one at the file, with the real settings' options; PostgreSQL's
test database is used as it is. Data must be committed (``transactional_db``).
"""

from __future__ import annotations

import contextlib
import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from django.core.cache import cache
from django.db import connection, connections


class SharedDatabase:
    """The test database behind a real file (SQLite) or server (PostgreSQL)."""

    def __init__(self, directory: Path) -> None:
        self.vendor = connection.vendor
        self.path: Path | None = None
        self._saved: dict | None = None
        self._memory = None
        if self.vendor == "sqlite" and connection.is_in_memory_db():
            self._to_file(directory / "test.sqlite3")
        elif self.vendor == "sqlite":
            self.path = Path(connection.settings_dict["NAME"])
        _forget_cached_state()

    def _to_file(self, path: Path) -> None:
        memory = connections["default"]
        memory.ensure_connection()
        target = sqlite3.connect(path)
        memory.connection.backup(target)
        target.close()
        self.path = path
        self._memory = memory
        self._saved = copy.deepcopy(memory.settings_dict)
        # Every wrapper of this alias shares this dict: new connections (other threads) open
        # the file. The in-memory connection stays open, unused, so its database survives.
        memory.settings_dict["NAME"] = str(path)
        connections["default"] = connections.create_connection("default")

    def close(self) -> None:
        if self._memory is None:
            return
        connections["default"].close()
        settings_dict = self._memory.settings_dict
        settings_dict.clear()
        settings_dict.update(self._saved)
        connections["default"] = self._memory
        _forget_cached_state()

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Another connection holds the database's write lock (readers still read)."""
        if self.vendor == "sqlite":
            other = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                yield
                other.execute("ROLLBACK")
            finally:
                other.close()
            return
        other = connections.create_connection("default")
        try:
            tables = ", ".join(other.ops.quote_name(t) for t in other.introspection.table_names())
            other.set_autocommit(False)
            with other.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")  # noqa: S608
            yield
            other.rollback()
        finally:
            other.close()

    @contextlib.contextmanager
    def lock_wait(self, seconds: float) -> Iterator[None]:
        """This thread's connection waits at most ``seconds`` for a lock (the busy timeout)."""
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA busy_timeout")
                before = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
            else:
                cursor.execute(f"SET lock_timeout = '{int(seconds * 1000)}ms'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                if self.vendor == "sqlite":
                    cursor.execute(f"PRAGMA busy_timeout = {before}")
                else:
                    cursor.execute("RESET lock_timeout")


def _forget_cached_state() -> None:
    from cms.api.cache import reset

    reset()
    cache.clear()
