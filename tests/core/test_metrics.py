"""``/metrics`` (cms.runtime.metrics): who may read it, django-prometheus' request metrics, the
task queue depth, and one count across several worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cms.delivery import webhooks
from tests.delivery.webhook_receiver import run_worker
from tests.metrics import TOKEN, scrape, value

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_metrics_need_the_token_or_an_allowed_address(client, settings):
    settings.CMS_METRICS_TOKEN = TOKEN
    settings.CMS_METRICS_ALLOWED_NETWORKS = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403  # no scheme
    # A forwarded address is the client's word, never trusted.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 403
    allowed = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert allowed.status_code == 200
    assert allowed["Content-Type"].startswith("text/plain")
    assert "no-store" in allowed["Cache-Control"]
    # The scheme's name is case-insensitive (RFC 9110, 11.1).
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"bearer {TOKEN}").status_code == 200

    settings.CMS_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    import ipaddress

    settings.CMS_METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    assert client.get("/metrics").status_code == 200  # the test client's REMOTE_ADDR
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403


@pytest.mark.django_db
def test_openmetrics_when_asked(client, settings):
    settings.CMS_METRICS_TOKEN = TOKEN
    response = client.get(
        "/metrics",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        HTTP_ACCEPT="application/openmetrics-text; version=1.0.0",
    )
    assert response["Content-Type"].startswith("application/openmetrics-text")
    assert response.content.rstrip().endswith(b"# EOF")


@pytest.mark.django_db
def test_request_latency_by_view_and_database_queries(client, settings):
    name = "django_http_requests_latency_seconds_by_view_method_count"
    before = scrape(client, settings)
    for _ in range(3):
        assert client.get("/health/ready/").status_code == 200
    after = scrape(client, settings)
    by_view = {"view": "health_ready", "method": "GET"}
    assert value(after, name, **by_view) == value(before, name, **by_view) + 3
    queries = "django_db_execute_total"
    labels = {"alias": "default", "vendor": "sqlite"}
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        labels["vendor"] = "postgresql"
    assert value(after, queries, **labels) > value(before, queries, **labels)


@pytest.mark.django_db(transaction=True)
def test_queue_depth_counts_the_waiting_tasks_per_backend_and_queue(client, settings):
    depth = {"backend": "webhooks", "queue": "default"}
    assert value(scrape(client, settings), "cms_task_queue_depth", **depth) == 0
    for delivery_id in (999_001, 999_002):  # no such deliveries: the worker skips them
        webhooks.send_webhook.enqueue(delivery_id, 1)
    assert value(scrape(client, settings), "cms_task_queue_depth", **depth) == 2
    run_worker()
    assert value(scrape(client, settings), "cms_task_queue_depth", **depth) == 0


_WORKER = """
import django, sys
django.setup()
from django.test import RequestFactory
from django.conf import settings
from cms.runtime import metrics
metrics.API_CACHE_REQUESTS.labels(result="hit").inc(int(sys.argv[1]))
if sys.argv[2] == "scrape":
    settings.CMS_METRICS_TOKEN = "t"
    request = RequestFactory().get("/metrics", HTTP_AUTHORIZATION="Bearer t")
    print(metrics.metrics_view(request).content.decode())
"""


def test_multiprocess_mode_sums_every_worker_process(tmp_path):
    """gunicorn workers are processes: with PROMETHEUS_MULTIPROC_DIR, a scrape of any one of
    them counts what every worker counted."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }

    def worker(count: int, scrape_it: bool) -> str:
        result = subprocess.run(
            [sys.executable, "-c", _WORKER, str(count), "scrape" if scrape_it else "-"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    worker(2, scrape_it=False)
    text = worker(3, scrape_it=True)
    assert 'cms_api_cache_requests_total{result="hit"} 5.0' in text
