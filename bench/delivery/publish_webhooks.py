"""The cost of a publish with 0, 1 and 5 webhook endpoints (issue 15).

    DATABASE_URL=sqlite:////tmp/bench-webhooks.sqlite3 .venv/bin/python bench/delivery/publish_webhooks.py
    DATABASE_URL=postgres://cms:cms@127.0.0.1:5432/bench_webhooks .venv/bin/python bench/delivery/publish_webhooks.py

Production-like settings (``bench/api/settings.py``: no DEBUG, search indexing off) on a fresh
database (migrated; the demo content's start page). For each endpoint count, the same page is
published ``--publishes`` times through Wagtail's revision publish (what the editor's "Veröffentlichen" runs,
its change-feed events and after-commit consumers included) and each publish is timed; the
median and 95th percentile are printed beside the ratio to 0 endpoints. The endpoints point at a
real receiver on 127.0.0.1 (a thread answering 204), but publishing only queues messages: the
worker is run afterwards, and its throughput (messages signed, sent and logged per second) is
printed too. ``--output FILE`` writes the numbers as JSON.
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
    results: dict[str, dict] = {}
    page = home.get_latest_revision_as_object()
    for _round in range(2):  # the first round warms caches; the second is reported
        for count in counts:
            WebhookEndpoint.objects.all().delete()
            DBTaskResult.objects.all().delete()
            for number in range(count):
                WebhookEndpoint.objects.create(
                    url=url, secret=webhooks.new_secret(), description=f"bench {number}"
                )
            times: list[float] = []
            queued, drained = 0, 0.0
            for number in range(args.publishes):
                page.title = f"Regionalmanagement Nordthüringen {number}"
                started = time.perf_counter()
                page.save_revision().publish()
                times.append((time.perf_counter() - started) * 1000)
                queued += WebhookDelivery.objects.filter(status="pending", attempts=0).count()
                started = time.perf_counter()
                run_worker(timeout=600)  # the worker keeps up (not timed into the publish)
                drained += time.perf_counter() - started
            sent = WebhookDelivery.objects.filter(status="succeeded").count()
            WebhookDelivery.objects.all().delete()
            results[str(count)] = {
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
                "queued": queued,
                "sent": sent,
                "worker_messages_per_s": round(sent / drained, 1) if sent else None,
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
