"""Benchmark the delta-sync API (``/api/v1/sync/``) on the 10,000-page corpus of ``bench/api``.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 .venv/bin/python bench/delivery/sync.py --label sqlite-10k

Needs a corpus (``bench/api/corpus.py``). In-process (Django test client, no HTTP server, the
API response cache off: every answer is computed), German locale, anonymous reader:

- **initial sync**: every item from no token to the ``next_sync_token``, ``limit=100``;
- **delta of 10 changes**: 10 project pages get a new title and are published (Wagtail's
  revision and publish, the editor's path), then one sync call with the stored token;
- **empty delta**: a sync call when nothing changed;
- **v1 listing paged**: the same pages read through ``/api/v1/pages/?type=project`` in pages of
  100 cards (cards, not details: the lighter read a front end could do instead);
- **v1 details**: ``/api/v1/pages/{id}/`` of a sample of project pages, the time per page
  multiplied by the page count (what fetching every detail one by one costs).

Each scenario runs ``--rounds`` times; the table shows the median round's wall time, the CPU time
of this process (the database work of SQLite included; on a shared machine the steadier figure),
queries and items per second (wall). Results also go to ``bench/delivery/results-<label>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")
os.environ["CMS_API_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

HOST = {"HTTP_HOST": "127.0.0.1"}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Meter:
    """Wall time, this process's CPU time and the number of queries of a block (counted by an
    execute wrapper: Django's query log keeps only the last 9,000)."""

    def __enter__(self):
        self.count = 0
        self.wrapper = connection.execute_wrapper(self._count)
        self.wrapper.__enter__()
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()
        return self

    def _count(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.cpu = time.process_time() - self.cpu_started
        self.wrapper.__exit__(*exc)


def get(client: Client, url: str) -> dict:
    response = client.get(url, **HOST)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.content[:300]!r}")
    return json.loads(response.content)


def full_sync(client: Client, limit: int) -> tuple[int, int, str]:
    """Every item from no token: ``(items, requests, next_sync_token)``."""
    token, items, calls = None, 0, 0
    while True:
        url = f"/api/v1/sync/?locale=de&limit={limit}"
        answer = get(client, url + (f"&sync_token={token}" if token else ""))
        calls += 1
        items += len(answer["items"])
        if answer["next_sync_token"]:
            return items, calls, answer["next_sync_token"]
        token = answer["next_page_token"]


def delta(client: Client, token: str) -> tuple[int, int, str]:
    """One delta until up to date: ``(items + tombstones, requests, next_sync_token)``."""
    items, calls = 0, 0
    while True:
        answer = get(client, f"/api/v1/sync/?locale=de&sync_token={token}")
        calls += 1
        items += len(answer["items"]) + len(answer["deleted"])
        if answer["next_sync_token"]:
            return items, calls, answer["next_sync_token"]
        token = answer["next_page_token"]


def edit(count: int, round_no: int) -> list[int]:
    """Publish a new title of ``count`` project pages (the editor's path); their ids."""
    from projekte.models import ProjectPage

    pages = list(
        ProjectPage.objects.filter(slug__startswith="projekt-").order_by("pk")[
            round_no * count : (round_no + 1) * count
        ]
    )
    for page in pages:
        page.title = f"{page.title.split(' (')[0]} ({round_no})"
        page.save_revision().publish()
    return [page.pk for page in pages]


def listing(client: Client) -> tuple[int, int]:
    """Every project card through ``/api/v1/pages/`` in pages of 100: ``(cards, requests)``."""
    offset, cards, calls = 0, 0, 0
    while True:
        answer = get(client, f"/api/v1/pages/?locale=de&type=project&limit=100&offset={offset}")
        calls += 1
        cards += len(answer["items"])
        if answer["next_offset"] is None:
            return cards, calls
        offset = answer["next_offset"]


def row(name: str, rounds: list[dict]) -> dict:
    median = sorted(rounds, key=lambda r: r["seconds"])[len(rounds) // 2]
    return {"scenario": name, **median, "every_round_s": [round(r["seconds"], 2) for r in rounds]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--detail-sample", type=int, default=300)
    args = parser.parse_args()

    from wagtail.models import Locale

    from projekte.models import ProjectPage

    german = Locale.get_default()
    project_count = ProjectPage.objects.filter(locale=german).count()
    client = Client()
    results: dict[str, list[dict]] = {k: [] for k in ("initial", "delta", "empty", "listing")}
    results["details"] = []
    token = ""
    for round_no in range(args.rounds):
        with Meter() as m:
            items, calls, token = full_sync(client, args.limit)
        results["initial"].append(
            {
                "seconds": m.seconds,
                "cpu": m.cpu,
                "queries": m.count,
                "items": items,
                "requests": calls,
            }
        )
        say(f"round {round_no + 1}: initial sync {items} items, {calls} calls, {m.seconds:.1f} s")

        edit(args.changes, round_no)
        with Meter() as m:
            items, calls, token = delta(client, token)
        results["delta"].append(
            {
                "seconds": m.seconds,
                "cpu": m.cpu,
                "queries": m.count,
                "items": items,
                "requests": calls,
            }
        )
        say(
            f"round {round_no + 1}: delta of {args.changes} changes, {items} items, {m.seconds:.2f} s"
        )

        with Meter() as m:
            items, calls, token = delta(client, token)
        results["empty"].append(
            {
                "seconds": m.seconds,
                "cpu": m.cpu,
                "queries": m.count,
                "items": items,
                "requests": calls,
            }
        )

        with Meter() as m:
            cards, calls = listing(client)
        results["listing"].append(
            {
                "seconds": m.seconds,
                "cpu": m.cpu,
                "queries": m.count,
                "items": cards,
                "requests": calls,
            }
        )
        say(f"round {round_no + 1}: listing {cards} cards, {calls} calls, {m.seconds:.1f} s")

        ids = list(
            ProjectPage.objects.filter(locale=german, live=True)
            .order_by("?")
            .values_list("pk", flat=True)[: args.detail_sample]
        )
        with Meter() as m:
            for pk in ids:
                get(client, f"/api/v1/pages/{pk}/")
        scale = project_count / len(ids)
        results["details"].append(
            {
                "seconds": m.seconds * scale,
                "cpu": m.cpu * scale,
                "queries": round(m.count * scale),
                "items": project_count,
                "requests": project_count,
                "measured": len(ids),
            }
        )
        say(f"round {round_no + 1}: {len(ids)} details, {m.seconds:.1f} s")

    rows = [
        row("sync: initial (every item, limit 100)", results["initial"]),
        row(f"sync: delta of {args.changes} published changes", results["delta"]),
        row("sync: empty delta", results["empty"]),
        row("v1 listing, project cards (limit 100)", results["listing"]),
        row("v1 details one by one (extrapolated)", results["details"]),
    ]
    for r in rows:
        r["items_per_s"] = round(r["items"] / r["seconds"], 1) if r["seconds"] else None
        r["ms_per_request"] = round(1000 * r["seconds"] / r["requests"], 1)
    out = {
        "label": args.label,
        "project_pages": project_count,
        "rounds": args.rounds,
        "database": connection.vendor,
        "rows": rows,
    }
    (ROOT / "bench" / "delivery" / f"results-{args.label}.json").write_text(
        json.dumps(out, indent=2) + "\n"
    )
    say(f"\n{args.label}: {project_count} project pages, median of {args.rounds} rounds\n")
    say("| scenario | wall s | CPU s | requests | queries | items | items/s | ms/request |")
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        say(
            f"| {r['scenario']} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['requests']} "
            f"| {r['queries']} | {r['items']} | {r['items_per_s']} | {r['ms_per_request']} |"
        )
    initial = rows[0]["seconds"]
    say(
        f"\nInitial sync vs listing cards: {initial / rows[3]['seconds']:.2f}x the time; "
        f"vs details one by one: {initial / rows[4]['seconds']:.2f}x."
    )


if __name__ == "__main__":
    main()
