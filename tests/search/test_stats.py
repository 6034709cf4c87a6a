"""Search statistics: counted in memory per process, stored in batches, never lost on a failure."""

from __future__ import annotations

import os
import time

import pytest
from django.db import OperationalError
from django.test import override_settings

from search import stats
from search.models import QueryStat

URL = "/api/v1/search/"


def test_counts_wait_in_memory_until_stored(client, corpus):
    for query in ("Kalibergbau", "KALIBERGBAU", "Xylophon", "  "):
        client.get(URL, {"q": query, "locale": "de"})
    client.get(URL, {"q": "Kalibergbau", "offset": 10})  # later result pages are not counted
    assert not QueryStat.objects.exists()
    assert stats.pending() == 2

    assert stats.flush() == 2
    assert stats.pending() == 0
    rows = QueryStat.objects.values_list("query", "language", "searches", "without_results")
    assert sorted(rows) == [("kalibergbau", "de", 2, 0), ("xylophon", "de", 1, 1)]

    client.get(URL, {"q": "Kalibergbau"})
    stats.flush()
    assert QueryStat.objects.get(query="kalibergbau").searches == 3  # added to the stored row
    assert stats.flush() == 0


def test_a_failed_store_keeps_the_counts(shared_database, client, request):
    request.getfixturevalue("corpus")
    client.get(URL, {"q": "Xylophon"})
    with shared_database.write_lock(), shared_database.lock_wait(0.5):
        with pytest.raises(OperationalError):
            stats.flush()
    assert stats.pending() == 1
    client.get(URL, {"q": "Xylophon"})
    assert stats.flush() == 1
    assert QueryStat.objects.get(query="xylophon").searches == 2


def test_a_background_thread_stores_them(shared_database, client, request):
    request.getfixturevalue("corpus")
    with override_settings(CMS_SEARCH_STATS_INTERVAL=0.2):
        try:
            client.get(URL, {"q": "Xylophon"})
            for _attempt in range(300):
                if QueryStat.objects.filter(query="xylophon").exists():
                    break
                time.sleep(0.1)
        finally:
            stats.stop()
    assert QueryStat.objects.get(query="xylophon").searches == 1
    assert stats.pending() == 0


def test_a_forked_worker_starts_from_zero():
    """gunicorn forks its workers: a child must not store its parent's counts a second time."""
    stats.record("Kali", "de", 3)
    child = os.fork()
    if child == 0:
        os._exit(0 if stats.pending() == 0 else 1)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert stats.pending() == 1


def test_too_many_distinct_queries_are_dropped_not_hoarded():
    counter = stats.QueryCounter(max_queries=2)
    for word in ("a", "b", "c", "a"):
        counter.add(("2026-01-01", "de", word), empty=False)
    assert counter.take() == {("2026-01-01", "de", "a"): [2, 0], ("2026-01-01", "de", "b"): [1, 0]}
