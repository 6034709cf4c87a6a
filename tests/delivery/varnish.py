"""A real Varnish (Debian's ``varnishd``) in front of the live test server.

The ``varnish`` fixture starts ``varnishd`` in the foreground with its own working directory,
listening on a free port of 127.0.0.1, with the repository's ``deploy/varnish/default.vcl``
(its backend's port replaced by the live server's), and points Wagtail's HTTP purge backend
(``WAGTAILFRONTENDCACHE``) and the API's public address (``WAGTAILAPI_BASE_URL``) at it: the CMS
purges the cache the test reads through, as in production. ``bin/system-deps varnish`` installs
Varnish; without it the fixture fails and says so.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
START_TIMEOUT = 30


@dataclass
class Answer:
    """An HTTP answer through the cache: status, headers (lower-case names), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def data(self):
        return json.loads(self.body)

    @property
    def cache(self) -> str:
        """``HIT``, ``MISS`` or ``PASS`` (the VCL's ``X-Cache``)."""
        return self.headers.get("x-cache", "")

    @property
    def from_cache(self) -> bool:
        """Served from Varnish's storage: its ``X-Cache`` says so and ``X-Varnish`` names two
        transactions (this request's and the one that stored the object)."""
        return self.cache == "HIT" and len(self.headers.get("x-varnish", "").split()) == 2


@dataclass
class Varnish:
    """A running ``varnishd``; :meth:`get` asks it like a front end would."""

    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **headers: str) -> Answer:
        """``GET path`` with ``headers`` (``X_Frontend="web"`` is sent as ``X-Frontend``)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                "GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()}
            )
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(name="varnish")
def varnish_fixture(live_server, settings, tmp_path, monkeypatch):
    """A :class:`Varnish` in front of ``live_server``, purged by the CMS (see the module)."""
    varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/sbin")
    if varnishd is None:
        pytest.fail(
            "varnishd is not installed: the cache-purge tests need Debian's varnish "
            "(bin/system-deps varnish, or apt-get install varnish)"
        )
    backend_port = urlsplit(live_server.url).port
    vcl = tmp_path / "default.vcl"
    vcl.write_text(
        re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1)
    )
    port = _free_port()
    log = tmp_path / "varnishd.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                varnishd,
                "-F",  # foreground: ours to stop
                "-j",
                "none",  # no privilege separation (no varnish user needed)
                "-n",
                str(tmp_path / "varnish"),
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",  # no management port
                "-f",
                str(vcl),
                "-s",
                "malloc,32m",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"varnishd did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{port}",
            }
        }
        settings.WAGTAILAPI_BASE_URL = f"http://127.0.0.1:{port}"
        yield Varnish(port=port, process=process, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
