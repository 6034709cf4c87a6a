"""Search statistics without a database write per search: counted in memory, stored in batches.

The search report (:class:`~search.models.QueryStat`: day, language, query, searches, searches
without results) used to be updated by every search, a write on the readers' path. On SQLite a
write takes the database's only write lock, so a busy website's searches kept the editors'
publishing waiting until it failed with "database is locked". Now :func:`record` only counts in
this process's memory; a daemon thread of the process stores the counts every
``CMS_SEARCH_STATS_INTERVAL`` seconds (default 60) in one short transaction, and once more when
the process exits. This works the same in every topology (``manage.py serve``, gunicorn workers,
any cache backend), because each process stores what it counted.

Costs: the report lags by up to one interval; a process killed without exiting (SIGKILL, a
crash) loses the counts of its last interval. A store that fails (the database busy or down)
keeps the counts for the next attempt. At most :data:`MAX_QUERIES` distinct queries wait in
memory; further new ones are dropped (and logged) until the next store.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from search.models import QueryStat

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 60.0
MAX_QUERIES = 10_000
#: The longest query stored (the model's field length).
MAX_QUERY_LENGTH = 200

Key = tuple[datetime.date, str, str]


class QueryCounter:
    """Thread-safe counts ``(day, language, query) -> [searches, without results]``."""

    def __init__(self, max_queries: int = MAX_QUERIES) -> None:
        self.max_queries = max_queries
        self.counts: dict[Key, list[int]] = {}
        self.dropped = 0
        self.lock = threading.Lock()

    def add(self, key: Key, empty: bool) -> None:
        """Count one search of ``key`` (``(day, language, query)``), ``empty`` if it found nothing.
        A new key beyond ``max_queries`` is dropped and counted in ``dropped``.
        """
        with self.lock:
            row = self.counts.get(key)
            if row is None:
                if len(self.counts) >= self.max_queries:
                    self.dropped += 1
                    return
                row = self.counts[key] = [0, 0]
            row[0] += 1
            row[1] += int(empty)

    def take(self) -> dict[Key, list[int]]:
        """Everything counted so far; the counter starts again from zero."""
        with self.lock:
            counts, self.counts = self.counts, {}
            if self.dropped:
                logger.warning(
                    "Search statistics: %s searches not counted (more than %s distinct queries "
                    "between two stores).",
                    self.dropped,
                    self.max_queries,
                )
                self.dropped = 0
            return counts

    def restore(self, counts: dict[Key, list[int]]) -> None:
        """Put counts back that could not be stored (they are added to newer ones)."""
        with self.lock:
            for key, (searches, empty) in counts.items():
                row = self.counts.setdefault(key, [0, 0])
                row[0] += searches
                row[1] += empty


_counter = QueryCounter()
_flusher: _Flusher | None = None
_flusher_lock = threading.Lock()


def interval() -> float:
    """Seconds between two stores (``CMS_SEARCH_STATS_INTERVAL``); 0: only :func:`flush` stores."""
    return float(getattr(settings, "CMS_SEARCH_STATS_INTERVAL", DEFAULT_INTERVAL))


def record(query: str, language: str, total: int) -> None:
    """Count one search for the report; no database access.

    ``query`` is normalised like Wagtail's search promotions (lower case, punctuation dropped);
    only the day, the language and the text are kept, nothing about the reader.
    """
    text = normalise_query_string(query)[:MAX_QUERY_LENGTH]
    if not text:
        return
    _counter.add((timezone.localdate(), language, text), empty=total == 0)
    _ensure_flusher()


def pending() -> int:
    """Distinct queries counted in this process and not yet stored."""
    with _counter.lock:
        return len(_counter.counts)


def discard() -> None:
    """Forget what this process counted (tests)."""
    _counter.take()


def flush() -> int:
    """Store this process's counts in one transaction; returns the number of queries stored.

    Raises the :class:`~django.db.DatabaseError` of a failed store after putting the counts back.
    """
    counts = _counter.take()
    if not counts:
        return 0
    try:
        with transaction.atomic():
            for (day, language, query), (searches, empty) in counts.items():
                _store(day, language, query, searches, empty)
    except DatabaseError:
        _counter.restore(counts)
        raise
    return len(counts)


def _store(day: datetime.date, language: str, query: str, searches: int, empty: int) -> None:
    lookup = {"day": day, "language": language, "query": query}
    updates = {
        "searches": F("searches") + searches,
        "without_results": F("without_results") + empty,
    }
    if QueryStat.objects.filter(**lookup).update(**updates):
        return
    try:
        with transaction.atomic():
            QueryStat.objects.create(**lookup, searches=searches, without_results=empty)
    except IntegrityError:  # another process created the row meanwhile (PostgreSQL)
        QueryStat.objects.filter(**lookup).update(**updates)


class _Flusher(threading.Thread):
    """Stores the counts every ``every`` seconds; the process's exit stores the rest."""

    def __init__(self, every: float) -> None:
        super().__init__(name="cms-search-stats", daemon=True)
        self.every = every
        self.pid = os.getpid()
        self.stopped = threading.Event()

    def run(self) -> None:
        """Store the counts every ``every`` seconds until stopped; a failed store is logged and
        retried on the next round.
        """
        while not self.stopped.wait(self.every):
            # The thread owns its database connection: drop a stale one before and close after.
            close_old_connections()
            try:
                flush()
            except Exception:  # noqa: BLE001 - a failed store must not end the loop
                logger.warning(
                    "Search statistics could not be stored; retrying in %s s",
                    self.every,
                    exc_info=True,
                )
            finally:
                connection.close()


def _ensure_flusher() -> None:
    global _flusher
    if _flusher is not None and _flusher.pid == os.getpid():
        return
    every = interval()
    if every <= 0:
        return
    with _flusher_lock:
        if _flusher is not None and _flusher.pid == os.getpid():
            return
        _flusher = _Flusher(every)
        _flusher.start()
        atexit.register(_flush_at_exit)


def stop() -> None:
    """Stop this process's storing thread, if any (what is counted stays; tests)."""
    global _flusher
    with _flusher_lock:
        if _flusher is not None and _flusher.pid == os.getpid():
            _flusher.stopped.set()
            _flusher.join()
        _flusher = None


def _flush_at_exit() -> None:
    if _flusher is None or _flusher.pid != os.getpid():
        return
    try:
        flush()
    except Exception:  # noqa: BLE001 - the process is ending; say what is lost
        logger.warning("Search statistics of this process could not be stored", exc_info=True)


def _after_fork_in_child() -> None:
    """A forked child starts with its own empty counts (the parent stores its own)."""
    global _counter, _flusher
    _counter = QueryCounter()
    _flusher = None


os.register_at_fork(after_in_child=_after_fork_in_child)
