"""The topology's Varnish (``deploy/varnish/cluster.vcl``, as ``bin/stack`` loads it) in front of
two stand-in app servers whose readiness we choose.

Found by the load run (bench/load/, issue 18): under 200 readers both app servers were busy for a
few seconds, their ``/health/ready/`` answered after the probe's 2 s timeout, Varnish marked both
sick at once and answered every miss and every publish with ``503 Backend fetch failed``
(396 reader errors and 4 failed publishes in 60 s), although both servers were serving. When every
server fails its probe, the cache must still try them (Envoy's "panic threshold"), and a server
that is really gone is still skipped by the retry on the other one. While at least one server is
ready, the sick ones get nothing.
"""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "varnish"
#: Probes every 2 s, window 3, threshold 2 (cluster.vcl): three failed probes make a server sick
#: for sure; the wait allows for a busy machine.
SICK_TIMEOUT = 30


class AppServer:
    """An HTTP server on 127.0.0.1 standing in for one gunicorn app server."""

    def __init__(self, name: str, ready: bool) -> None:
        self.name, self.ready = name, ready
        self.probes = 0
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                if self.path.startswith("/health/ready/"):
                    server.probes += 1
                    status = 200 if server.ready else 503
                else:
                    server.requests.append(f"{self.command} {self.path}")
                    status = 200
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                body = f'{{"server": "{server.name}"}}'.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def cluster_vcl(ports: tuple[int, int]) -> str:
    """cluster.vcl with the app servers' ports, as ``bin/stack`` writes it (its ``sed`` sets the
    port in every ``backend app1…`` / ``backend app2…`` block)."""
    text = (DEPLOY / "cluster.vcl").read_text()
    for n, port in enumerate(ports, start=1):
        text, blocks = re.subn(
            rf"(?ms)^(backend app{n}\w* \{{.*?^\}})",
            lambda block, port=port: re.sub(r'\.port = "\d*"', f'.port = "{port}"', block.group(1)),
            text,
        )
        assert blocks == 2, f"app{n}: a probed and an unprobed backend"
    return text


class Cluster:
    """varnishd with cluster.vcl in front of two :class:`AppServer` (or a closed port)."""

    def __init__(self, tmp_path: Path, app1: AppServer | None, app2: AppServer) -> None:
        varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/sbin")
        if varnishd is None:
            pytest.fail(
                "varnishd is not installed (bin/system-deps varnish, apt-get install varnish)"
            )
        self.apps = [app for app in (app1, app2) if app is not None]
        ports = (app1.port if app1 else _free_port(), app2.port)
        (tmp_path / "default.vcl").write_text((DEPLOY / "default.vcl").read_text())
        (tmp_path / "cluster.vcl").write_text(cluster_vcl(ports))
        self.port = _free_port()
        self.log = tmp_path / "varnishd.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    varnishd,
                    "-F",
                    "-j",
                    "none",
                    "-n",
                    str(tmp_path / "varnish"),
                    "-a",
                    f"127.0.0.1:{self.port}",
                    "-T",
                    "none",
                    "-f",
                    str(tmp_path / "cluster.vcl"),
                    "-p",
                    "vcc_err_unref=off",
                    "-s",
                    "malloc,32m",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while not _listening(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(
                    f"varnishd did not start:\n{self.log.read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.1)

    def wait_probes(self, count: int = 3) -> None:
        """Until every running app server has answered ``count`` more probes."""
        start = {id(app): app.probes for app in self.apps}
        deadline = time.monotonic() + SICK_TIMEOUT
        while any(app.probes - start[id(app)] < count for app in self.apps):
            assert time.monotonic() < deadline, "Varnish did not probe the app servers"
            time.sleep(0.1)
        time.sleep(0.3)

    def request(self, method: str, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            body = "title=x" if method == "POST" else None
            headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("X-Backend", "")
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def servers():
    started: list[AppServer] = []

    def start(name: str, ready: bool) -> AppServer:
        started.append(AppServer(name, ready))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def cluster(tmp_path):
    running: list[Cluster] = []

    def start(app1: AppServer | None, app2: AppServer) -> Cluster:
        running.append(Cluster(tmp_path, app1, app2))
        return running[-1]

    yield start
    for varnish in running:
        varnish.stop()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_server_failing_its_probe_still_serves(servers, cluster, method):
    """Readers (GET) and editors (POST, passed to the backend) get answers when both app
    servers fail their readiness probe: before, Varnish answered 503 without asking them."""
    app1, app2 = servers("app1", ready=False), servers("app2", ready=False)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    answers = [varnish.request(method, f"/api/v1/pages/{n}/") for n in range(4)]
    assert [status for status, _ in answers] == [200] * 4, answers
    assert {backend for _, backend in answers} <= {"app1_unprobed", "app2_unprobed"}, answers
    assert app1.requests and app2.requests, "both servers take the load"


def test_every_server_failing_and_one_gone_the_other_answers(servers, cluster):
    """All probes fail and app-1 is not even listening (killed): the retry on the next server
    answers every request from app-2."""
    app2 = servers("app2", ready=False)
    varnish = cluster(None, app2)
    varnish.wait_probes()
    answers = [varnish.request("GET", f"/api/v1/pages/{n}/") for n in range(6)]
    assert answers == [(200, "app2_unprobed")] * 6, answers


def test_a_sick_server_gets_nothing_while_another_is_ready(servers, cluster):
    """The fallback is for when every server fails: a single sick server stays out of the
    rotation (the ready one answers everything)."""
    app1, app2 = servers("app1", ready=False), servers("app2", ready=True)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    answers = [varnish.request(method, "/api/v1/pages/") for method in ("GET", "POST") * 4]
    assert answers == [(200, "app2")] * 8, answers
    assert app1.requests == []
