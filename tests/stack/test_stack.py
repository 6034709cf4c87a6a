"""Smoke test of the production topology (``bin/stack``, docs/deployment.md "Topology").

Issue 18: start, publish, read through the cache, one fault, recover. The stack runs under
``var/stack-test/`` on ports of its own (beside a developer's ``bin/stack`` and the shared
services): PostgreSQL, two search nodes, two gunicorn app servers behind Varnish, the workers and
the scheduler. A missing component (no Varnish, no PostgreSQL, a port taken) makes ``start`` fail,
and with it this test; it never skips.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "var" / "stack-test"
ENV = {
    "STACK_HOME": str(HOME),
    "STACK_PG_PORT": "5441",
    "STACK_ENGINE_PORTS": "9243 9244",
    "STACK_ENGINE_TRANSPORT_PORTS": "9343 9344",
    "STACK_APP_PORTS": "8103 8104",
    "STACK_VARNISH_PORT": "8182",
    "STACK_REDIS_PORT": "6392",
    "STACK_OBJECT_STORAGE_PORT": "9392",
}
VARNISH_PORT = int(ENV["STACK_VARNISH_PORT"])
ENGINE = "127.0.0.1", int(ENV["STACK_ENGINE_PORTS"].split()[0])
#: Seconds within which a publish is visible through the cache (issue 18).
VISIBLE_WITHIN = 2.0
#: Listing offsets never asked before (the API allows up to 100 000): each one a cache miss.
OFFSETS = itertools.count(random.randrange(1_000, 90_000))


def stack(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """``bin/stack ARGS`` with the test stack's ports; output captured as text."""
    return subprocess.run(
        [str(ROOT / "bin" / "stack"), *args],
        cwd=ROOT,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def get(
    port: int, path: str, host: str = "127.0.0.1", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """``GET path`` on 127.0.0.1:port: status, headers (lower-case names), body."""
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def publish_title(page_id: int, title: str) -> None:
    """Publish a new title of page ``page_id`` through Django on the stack (production settings,
    its database), as an editor's publish does: a revision, published."""
    script = (
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(pk={page_id}).specific\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
    )
    result = stack("manage", "shell", "-c", script, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def assert_visible_through_cache(path: str, title: str) -> float:
    """Poll Varnish until ``path`` shows ``title``; fail after :data:`VISIBLE_WITHIN` seconds.
    Returns the seconds it took."""
    start = time.monotonic()
    while True:
        status, headers, body = get(VARNISH_PORT, path)
        elapsed = time.monotonic() - start
        if status == 200 and json.loads(body)["title"] == title:
            return elapsed
        assert elapsed < VISIBLE_WITHIN, (
            f"{path} still answers {status} {headers.get('x-cache')} "
            f"{json.loads(body).get('title')!r} {elapsed:.1f} s after the publish"
        )
        time.sleep(0.1)


def fresh_reads(count: int) -> list[tuple[int, str]]:
    """``count`` listing requests that Varnish has not stored (each a new offset): every one is
    fetched from an app server. Returns (status, app server) per request: X-Backend without the
    ``_live`` of the panic set (deploy/varnish/cluster.vcl: the same server, asked while every
    server misses its readiness probe)."""
    answers = []
    for _number in range(count):
        status, headers, _body = get(VARNISH_PORT, f"/api/v1/pages/?limit=1&offset={next(OFFSETS)}")
        answers.append((status, headers.get("x-backend", "").removesuffix("_live")))
    return answers


@pytest.fixture(scope="module")
def running_stack():
    """The test stack, started fresh and stopped (and removed) afterwards."""
    stack("stop", timeout=300)
    shutil.rmtree(HOME, ignore_errors=True)
    started = time.monotonic()
    result = stack("start")
    try:
        assert result.returncode == 0, (
            f"bin/stack start failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
        print(f"bin/stack start took {time.monotonic() - started:.0f} s")
        yield
    finally:
        stopped = stack("stop", timeout=300)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        shutil.rmtree(HOME, ignore_errors=True)


def test_publish_read_through_the_cache_kill_an_app_server_recover(running_stack):
    status = stack("status")
    assert status.returncode == 0, status.stdout + status.stderr

    # The shared services: Redis is the cache and the object storage holds the media of every
    # app server; each app server is ready with all of them.
    environment = stack("env").stdout
    assert f"CACHE_URL=redis://127.0.0.1:{ENV['STACK_REDIS_PORT']}/0" in environment, environment
    assert "AWS_STORAGE_BUCKET_NAME=" in environment, environment
    for port in ENV["STACK_APP_PORTS"].split():
        code, _headers, body = get(
            int(port), "/health/ready/", headers={"Accept": "application/json"}
        )
        assert code == 200 and set(json.loads(body).values()) == {"OK"}, body
        # Metrics of every gunicorn worker of the server, summed (multiprocess mode): the API
        # read is counted whichever worker answers the scrape.
        assert get(int(port), "/api/v1/pages/?limit=1")[0] == 200
        code, _headers, body = get(int(port), "/metrics")
        assert code == 200 and b"cms_api_cache_requests_total" in body, body[:500]

    # The search engine: two nodes, every index with one replica, all shards placed.
    code, _headers, body = get(ENGINE[1], "/_cluster/health?wait_for_status=green&timeout=30s")
    health = json.loads(body)
    assert (code, health["status"], health["number_of_nodes"]) == (200, "green", 2), health
    code, _headers, body = get(ENGINE[1], "/_cat/indices?format=json&h=index,rep")
    indexes = json.loads(body)
    assert indexes and all(index["rep"] == "1" for index in indexes), indexes

    # The director spreads fetches over both app servers.
    answers = fresh_reads(6)
    assert {status for status, _ in answers} == {200}, answers
    assert {backend for _, backend in answers} == {"app1", "app2"}, answers

    # A page read through the cache: stored (a hit on the second read).
    code, _headers, body = get(VARNISH_PORT, "/api/v1/pages/?limit=5&offset=1")
    page_id = json.loads(body)["items"][0]["id"]
    detail = f"/api/v1/pages/{page_id}/"
    get(VARNISH_PORT, detail)
    code, headers, _body = get(VARNISH_PORT, detail)
    assert (code, headers.get("x-cache")) == (200, "HIT"), headers

    # Publish through Django: the purge (purge worker -> Varnish) makes it visible within 2 s.
    title = f"Smoke {uuid.uuid4().hex[:8]}"
    publish_title(page_id, title)
    print(f"visible through the cache after {assert_visible_through_cache(detail, title):.2f} s")

    # Fault: app-1 dies (kill -9 of its whole process group: master and workers).
    app1 = int((HOME / "run" / "app-1.pid").read_text())
    os.killpg(app1, signal.SIGKILL)
    answers = fresh_reads(10)
    assert answers == [(200, "app2")] * 10, answers
    code, headers, _body = get(VARNISH_PORT, detail)
    assert code == 200, headers
    # Publishing and purging go on meanwhile.
    title = f"Smoke {uuid.uuid4().hex[:8]}"
    publish_title(page_id, title)
    assert_visible_through_cache(detail, title)

    # Recover: app-1 restarted; once its probe passes, the director uses it again.
    restarted = stack("start", "app-1", timeout=300)
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    deadline = time.monotonic() + 30
    while True:
        answers = fresh_reads(4)
        assert {status for status, _ in answers} == {200}, answers
        if "app1" in {backend for _, backend in answers}:
            break
        assert time.monotonic() < deadline, "Varnish never sent a request to the restarted app-1"
        time.sleep(1)
    status = stack("status")
    assert status.returncode == 0, status.stdout + status.stderr
