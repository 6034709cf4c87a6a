"""The cost of a publish with 0, 1 and 5 webhook endpoints (issue 15).

    DATABASE_URL=sqlite:////tmp/bench-webhooks.sqlite3 .venv/bin/python bench/delivery/publish_webhooks.py
    DATABASE_URL=postgres://cms:cms@127.0.0.1:5432/cms_bench_webhooks .venv/bin/python bench/delivery/publish_webhooks.py

Production-like settings (``bench/api/settings.py``: no DEBUG, search indexing off) on a fresh
database (migrated; the demo content's start page). The start page is published through
Wagtail's revision publish (what the editor's "Veröffentlichen" runs, with its change-feed events
and after-commit consumers) with 0, 1 and 5 active endpoints in turn (interleaved, so every row
sees the same page history and machine load), ``--publishes`` times each after ``--warm-up``
rounds; the median and 95th percentile are printed beside the ratio to 0 endpoints. The
endpoints point at a real receiver on 127.0.0.1 (a thread answering 204), but a publish only
queues messages: the worker runs after each publish, untimed (as a worker that keeps up), and
its throughput (messages signed, sent and logged per second) is printed too. ``--output FILE``
writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")
os.environ.setdefault("SECRET_KEY", "bench-webhooks-" + "k" * 50)
# First attempts at once, so that the worker's throughput is not its wait (the row a publish
# writes is the same with any delay).
os.environ.setdefault("WEBHOOK_DELAY", "0")


class Ok(BaseHTTPRequestHandler):
    """A receiver that reads the body and answers 204."""

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publishes", type=int, default=40)
    parser.add_argument("--counts", default="0,1,5")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--output")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Site

    from cms.delivery import webhooks
    from cms.delivery.models import WebhookDelivery, WebhookEndpoint
    from tests.delivery.webhook_receiver import run_worker

    call_command("migrate", verbosity=0, interactive=False)
    from home.demo import load

    load(stdout=None, translate_media=False)  # idempotent: the start page
    home = Site.objects.get(is_default_site=True).root_page.specific

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"

    counts = [int(c) for c in args.counts.split(",")]
    WebhookEndpoint.objects.all().delete()
    DBTaskResult.objects.all().delete()
    endpoints = [
        WebhookEndpoint.objects.create(
            url=url, secret=webhooks.new_secret(), description=f"bench {number}", active=False
        ).pk
        for number in range(max(counts))
    ]
    times: dict[int, list[float]] = {count: [] for count in counts}
    queued = dict.fromkeys(counts, 0)
    sent = dict.fromkeys(counts, 0)
    drained = dict.fromkeys(counts, 0.0)
    page = home.get_latest_revision_as_object()
    # Interleaved (0, 1, 5, 0, 1, 5, ...): every row sees the same page history and machine load.
    for number in range(args.warm_up + args.publishes):
        for count in counts:
            WebhookEndpoint.objects.update(active=False)
            WebhookEndpoint.objects.filter(pk__in=endpoints[:count]).update(active=True)
            page.title = f"Regionalmanagement Nordthüringen {number}"
            started = time.perf_counter()
            page.save_revision().publish()
            elapsed = (time.perf_counter() - started) * 1000
            waiting = WebhookDelivery.objects.filter(status="pending", attempts=0).count()
            started = time.perf_counter()
            run_worker(timeout=600)  # the worker keeps up (not timed into the publish)
            if number >= args.warm_up:
                times[count].append(elapsed)
                queued[count] += waiting
                drained[count] += time.perf_counter() - started
                sent[count] += WebhookDelivery.objects.filter(status="succeeded").count()
            WebhookDelivery.objects.all().delete()
    results = {
        str(count): {
            "median_ms": round(statistics.median(times[count]), 2),
            "p95_ms": round(percentile(times[count], 0.95), 2),
            "queued": queued[count],
            "sent": sent[count],
            "worker_messages_per_s": (
                round(sent[count] / drained[count], 1) if sent[count] else None
            ),
        }
        for count in counts
    }
    server.shutdown()

    base = results[str(counts[0])]["median_ms"]
    sys.stdout.write(
        f"{connection.vendor}, {args.publishes} publishes per row (median, p95 in ms)\n"
        "| endpoints | publish median | p95 | ratio to 0 | messages queued | worker msg/s |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
    )
    for count in counts:
        row = results[str(count)]
        sys.stdout.write(
            f"| {count} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['median_ms'] / base:.2f} | {row['queued']} | "
            f"{row['worker_messages_per_s'] or '–'} |\n"
        )
    if args.output:
        Path(args.output).write_text(
            json.dumps({"database": connection.vendor, "results": results}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
