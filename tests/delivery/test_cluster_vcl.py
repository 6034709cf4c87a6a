"""The topology's Varnish (``deploy/varnish/cluster.vcl``, as ``bin/stack`` loads it) in front of
two stand-in app servers whose readiness we choose.

Found by the load run (bench/load/, issue 18): under 200 readers both app servers were busy for a
few seconds, their ``/health/ready/`` answered after the probe's 2 s timeout, Varnish marked both
sick at once and answered every miss and every publish with ``503 Backend fetch failed``
(396 reader errors and 4 failed publishes in 60 s), although both servers were serving. When every
server fails its probe, the cache must still try them (Envoy's "panic threshold"), and a server
that is really gone is still skipped by the retry on the other one. While at least one server is
ready, the sick ones get nothing.

Then the fault "kill -9 app-1" under load (issue 18): 9 publishes failed, because a POST that
Varnish sent to the dead server was not retried, and in panic mode the dead server stayed in the
rotation. A request whose body Varnish can send again (at most 1 MB, kept in memory) is retried
once on the other server; the panic set has a liveness probe; larger uploads stream through.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.delivery.varnish import _free_port, _listening

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "varnish"
#: Probes every 2 s, window 3, threshold 2 (cluster.vcl): three failed probes make a server sick
#: for sure; the wait allows for a busy machine.
SICK_TIMEOUT = 30
#: The largest request body cluster.vcl keeps for a retry (vcl_recv, vcl_backend_error).
BODY_LIMIT = 1024 * 1024


class AppServer:
    """An HTTP server on 127.0.0.1 standing in for one gunicorn app server.

    ``ready``: its ``/health/ready/`` answers 200 (else 503). ``live_delay``: seconds its
    ``/health/live/`` takes (a busy server). ``crash``: it reads every other request, body and
    all, and closes the connection without an answer (a server dying mid-request; its probes
    still pass). Other requests get 200 with the SHA-256 of the body received (``received``);
    ``bodies`` holds every body it answered.
    """

    def __init__(
        self, name: str, ready: bool, live_delay: float = 0.0, crash: bool = False
    ) -> None:
        self.name, self.ready, self.live_delay, self.crash = name, ready, live_delay, crash
        self.probes = self.live_probes = 0
        self.requests: list[str] = []
        self.bodies: list[bytes] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while size := int(self.rfile.readline().split(b";")[0], 16):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _answer(self) -> None:
                body = self._body()
                if self.path.startswith("/health/ready/"):
                    server.probes += 1
                    status = 200 if server.ready else 503
                elif self.path.startswith("/health/live/"):
                    server.live_probes += 1
                    time.sleep(server.live_delay)
                    status = 200
                else:
                    server.requests.append(f"{self.command} {self.path}")
                    if server.crash:
                        self.close_connection = True
                        return
                    server.bodies.append(body)
                    status = 200
                answer = json.dumps(
                    {"server": server.name, "received": hashlib.sha256(body).hexdigest()}
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening: connections to its port are refused from now on (a killed server)."""
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


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
        """Until every running app server has answered ``count`` more readiness probes (the
        liveness probes, every second, have run at least twice as often meanwhile)."""
        running = [app for app in self.apps if app.httpd is not None]
        start = {id(app): app.probes for app in running}
        deadline = time.monotonic() + SICK_TIMEOUT
        while any(app.probes - start[id(app)] < count for app in running):
            assert time.monotonic() < deadline, "Varnish did not probe the app servers"
            time.sleep(0.1)
        time.sleep(0.3)

    def request(self, method: str, path: str) -> tuple[int, str]:
        """(status, X-Backend) of a request; a POST sends a small form."""
        status, backend, _ = self.send(method, path, b"title=x" if method == "POST" else None)
        return status, backend

    def send(
        self, method: str, path: str, body: bytes | None, chunked: bool = False
    ) -> tuple[int, str, str]:
        """(status, X-Backend, the SHA-256 the app server received) of a request with ``body``
        (as a form, with Content-Length; ``chunked``: in chunks of 64 KiB without it)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
            if chunked and body is not None:
                pieces = [body[i : i + 65536] for i in range(0, len(body), 65536)]
                connection.request(method, path, body=iter(pieces), headers=headers)
            else:
                connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            received = json.loads(answer)["received"] if response.status == 200 else ""
            return response.status, response.getheader("X-Backend", ""), received
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

    def start(name: str, ready: bool, **options) -> AppServer:
        started.append(AppServer(name, ready, **options))
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
    assert {backend for _, backend in answers} <= {"app1_live", "app2_live"}, answers
    assert app1.requests and app2.requests, "both servers take the load"


def test_every_server_failing_and_one_gone_the_other_answers(servers, cluster):
    """All probes fail and app-1 is not even listening (killed): the retry on the next server
    answers every request from app-2."""
    app2 = servers("app2", ready=False)
    varnish = cluster(None, app2)
    varnish.wait_probes()
    answers = [varnish.request("GET", f"/api/v1/pages/{n}/") for n in range(6)]
    assert answers == [(200, "app2_live")] * 6, answers


def test_a_sick_server_gets_nothing_while_another_is_ready(servers, cluster):
    """The fallback is for when every server fails: a single sick server stays out of the
    rotation (the ready one answers everything)."""
    app1, app2 = servers("app1", ready=False), servers("app2", ready=True)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    answers = [varnish.request(method, "/api/v1/pages/") for method in ("GET", "POST") * 4]
    assert answers == [(200, "app2")] * 8, answers
    assert app1.requests == []


def _form(n: int, size: int = 50_000) -> bytes:
    """An admin form's body of ``size`` bytes, different for each ``n``."""
    return f"title=Projekt+{n}&body=".encode() + b"x" * (size - 20)


@pytest.mark.parametrize("ready", [True, False], ids=["ready", "none-ready"])
def test_a_post_is_retried_with_its_body_when_a_server_fails_it(servers, cluster, ready):
    """app-1 passes its probes but drops every request after reading it (no answer came): each
    POST it got is sent again, with the same body, to app-2, which answers every one exactly
    once; while both are ready and in panic mode (both failing readiness). Before, the editor
    got 503 for every publish that went to app-1."""
    app1 = servers("app1", ready=ready, crash=True)
    app2 = servers("app2", ready=ready)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    forms = [_form(n) for n in range(6)]
    answers = [varnish.send("POST", "/admin/pages/7/edit/", form) for form in forms]
    expected = "app2" if ready else "app2_live"
    assert answers == [(200, expected, hashlib.sha256(f).hexdigest()) for f in forms], [
        answer[:2] for answer in answers
    ]
    assert app2.bodies == forms
    assert len(app1.requests) >= 2, "round robin sent some of them to app-1 first"


@pytest.mark.parametrize("ready", [True, False], ids=["ready", "none-ready"])
def test_a_post_reaches_the_other_server_when_one_is_killed(servers, cluster, ready):
    """app-1 dies (its port refuses connections) right before the editor's POSTs, before any
    probe can notice: every POST is answered by app-2 with its body intact."""
    app1, app2 = servers("app1", ready=ready), servers("app2", ready=ready)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    app1.stop()
    forms = [_form(n, size=2_000) for n in range(4)]
    answers = [varnish.send("POST", "/admin/pages/7/edit/", form) for form in forms]
    expected = "app2" if ready else "app2_live"
    assert answers == [(200, expected, hashlib.sha256(f).hexdigest()) for f in forms], [
        answer[:2] for answer in answers
    ]
    assert app2.bodies == forms


def test_a_killed_server_leaves_the_panic_set(servers, cluster):
    """Both fail readiness and app-1 is not even listening: its liveness probe takes it out of
    the panic set, so requests that cannot be retried (uploads over the limit, with and without
    Content-Length) all reach app-2. Before, the round robin sent every other one to the dead
    server and the uploader got 503."""
    app2 = servers("app2", ready=False)
    varnish = cluster(None, app2)
    varnish.wait_probes()
    upload = b"u" * (2 * BODY_LIMIT)
    digest = hashlib.sha256(upload).hexdigest()
    answers = [
        varnish.send("POST", "/admin/documents/multiple/add/", upload, chunked=chunked)
        for chunked in (False, True) * 2
    ]
    assert answers == [(200, "app2_live", digest)] * 4, [answer[:2] for answer in answers]


def test_a_busy_server_stays_in_the_panic_set(servers, cluster):
    """A server whose liveness answer takes 6 s (busy: its ``/health/live/`` waits in gunicorn's
    queue like every request) is alive: in panic mode it keeps taking its share. With a 5 s
    probe timeout the load run's cold start took both servers out (503 for everything)."""
    app1 = servers("app1", ready=False, live_delay=6.0)
    app2 = servers("app2", ready=False)
    varnish = cluster(app1, app2)
    # Until app-1 has answered two slow liveness probes in a row (about 12 s).
    deadline = time.monotonic() + SICK_TIMEOUT
    while app1.live_probes < 3:
        assert time.monotonic() < deadline, "Varnish did not probe app-1's liveness"
        time.sleep(0.2)
    answers = [varnish.request("POST", f"/admin/pages/{n}/edit/") for n in range(4)]
    assert sorted(answers) == [(200, "app1_live")] * 2 + [(200, "app2_live")] * 2, answers


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_upload_over_the_limit_streams_through(servers, cluster, chunked):
    """Bodies over 1 MB (or without Content-Length) are not kept in memory: they pass to a
    ready server intact (std.cache_req_body on such a body would fail it with 503)."""
    app1, app2 = servers("app1", ready=True), servers("app2", ready=True)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    upload = bytes(range(256)) * (3 * BODY_LIMIT // 256)
    answers = [
        varnish.send("POST", "/admin/documents/multiple/add/", upload, chunked=chunked)
        for _ in range(2)
    ]
    digest = hashlib.sha256(upload).hexdigest()
    assert sorted(answers) == [(200, "app1", digest), (200, "app2", digest)], [
        answer[:2] for answer in answers
    ]


def test_an_upload_over_the_limit_is_not_retried(servers, cluster):
    """The limit: an upload over 1 MB that app-1 drops after reading is not sent again (its body
    was streamed, not kept): that uploader gets 503, the other server never sees it twice."""
    app1 = servers("app1", ready=True, crash=True)
    app2 = servers("app2", ready=True)
    varnish = cluster(app1, app2)
    varnish.wait_probes()
    upload = b"u" * (BODY_LIMIT + 1)
    answers = [varnish.send("POST", "/admin/documents/multiple/add/", upload) for _ in range(4)]
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200, 200, 503, 503], answers
    assert len(app2.bodies) == 2 and len(app1.requests) == 2
