"""Issue 12, proved by generation: no reader is shown anything they may not see, at any exit.

For each seed a random world is built (pages live, draft, changed, scheduled, expired, expiring;
view restrictions of every kind at random depths; collections with restricted children; images
and documents in them, referenced from bodies, heroes, logos and document pages; snippets and
menus; English translations synced with wagtail-localize or kept by hand). Then every exit is
crawled anonymously, with project tokens of each scope, with Wagtail API tokens of a group
member, a plain user, an editor and a superuser, and as the admin roles editor, publisher,
translator and a section editor; no response may carry a marker of an object (version) the
oracle (``tests/visibility/oracle.py``, read its docstring for the rule) says the reader may not
see, nor facts of a hidden document or hero image, nor totals or facet counts over hidden pages.

Seeds: a fixed list runs in the suite; ``VISIBILITY_SEEDS=4,5,6`` or ``VISIBILITY_SEEDS=100-199``
runs others instead (the seed is in the test id: a failure replays with its seed). Also:
``VISIBILITY_THOROUGH=1`` crawls every variant of every exit as every reader (slower),
``VISIBILITY_REPORT=file`` appends every finding to ``file``. For example::

    VISIBILITY_SEEDS=10-29 .venv/bin/python -m pytest -p no:cacheprovider -q -n 2 tests/visibility
"""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest

from tests.visibility import build, crawl, world
from tests.visibility.oracle import Oracle

#: Chosen so that together they hold every state, restriction kind and translation kind.
FIXED_SEEDS = (2, 9, 12)


def seeds() -> list[int]:
    """The fixed seeds, or those of ``VISIBILITY_SEEDS`` (``4,5,6``, ``100-199`` or both)."""
    chosen: list[int] = []
    for part in os.environ.get("VISIBILITY_SEEDS", "").replace(" ", "").split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            chosen += range(int(first), int(last) + 1)
        elif part:
            chosen.append(int(part))
    return chosen or list(FIXED_SEEDS)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", seeds(), ids=lambda s: f"seed={s}")
def test_no_reader_sees_what_they_may_not(seed):
    started = time.perf_counter()
    generated = build.build(world.plan(seed))
    built = time.perf_counter()
    assert crawl.unclaimed_v1_paths(crawl.v1_paths(crawl.Client())) == [], (
        "a v1 exit no family crawls: add it to tests/visibility/crawl.py"
    )
    findings, checks = crawl.crawl(generated, Oracle(generated))
    print(
        f"\n{generated.summary()}\nbuilt in {built - started:.1f}s, crawled in "
        f"{time.perf_counter() - built:.1f}s: {dict(checks)}"
    )
    if os.environ.get("VISIBILITY_REPORT"):
        with open(os.environ["VISIBILITY_REPORT"], "a") as out:
            out.write(f"{generated.summary()}\n{crawl.summary(findings, limit=10_000)}\n")
            out.writelines(f"{f}\n" for f in findings)
    assert not findings, f"{generated.summary()}\n{crawl.summary(findings)}"


def test_the_world_is_the_same_for_the_same_seed():
    first, second = world.plan(7), world.plan(7)
    assert first.summary() == second.summary()
    assert list(first.markers) == list(second.markers)
    assert Counter(p.state for p in first.pages) == Counter(p.state for p in second.pages)


#: The engine case: one world, its search crawled on the real engine (``-m engine``).
ENGINE_SEED = 12


@pytest.mark.engine
@pytest.mark.django_db
def test_engine_search_shows_no_reader_what_they_may_not(settings):
    from search import indexing
    from tests.search.engine import delete_indices, engine_settings, engine_url

    url = engine_url()
    settings.WAGTAILSEARCH_BACKENDS, prefix = engine_settings(url)
    try:
        generated = build.build(world.plan(ENGINE_SEED))
        indexing.rebuild_backend_index("default")
        answer = crawl.Client().get("/api/v1/search/", {"q": generated.word})
        assert answer.json()["backend"] == "engine"
        findings, _checks = crawl.crawl(
            generated,
            Oracle(generated),
            only_families=("api_v1_search",),
            only_readers=("anonymous", "token:drafts", "wagtail:member"),
        )
    finally:
        delete_indices(url, prefix)
    assert not findings, f"{generated.summary()}\n{crawl.summary(findings)}"
