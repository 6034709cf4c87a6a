"""npm for the tests of clients/ (the typed client package and the reference website).

One npm workspace (clients/package.json, one lock file). :func:`built` installs it (``npm ci``)
and builds it (``npm run build``: the client's types generated from clients/openapi.json and
compiled, then the website's ``astro check`` and ``astro build``) once for a set of sources:
under a file lock, so pytest-xdist workers wait for one build instead of racing, and skipped when
``clients/website/dist/.sources`` names the same digest of the sources.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"
CLIENT = CLIENTS / "typescript"
WEBSITE = CLIENTS / "website"
SERVER_ENTRY = WEBSITE / "dist" / "server" / "entry.mjs"
_SKIP = {"node_modules", "dist", "generated", ".astro"}


def npm(*args: str, cwd: Path = CLIENTS, timeout: int = 900) -> subprocess.CompletedProcess:
    """``npm <args>`` in ``cwd`` (no telemetry), its output captured; never raises on failure."""
    env = {**os.environ, "ASTRO_TELEMETRY_DISABLED": "1", "NO_UPDATE_NOTIFIER": "1"}
    return subprocess.run(
        ["npm", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


def sources_digest() -> str:
    """SHA-256 over the paths and contents of clients/ (not installed or built files)."""
    digest = hashlib.sha256()
    for path in sorted(CLIENTS.rglob("*")):
        if not path.is_file() or _SKIP & set(path.relative_to(CLIENTS).parts):
            continue
        digest.update(str(path.relative_to(CLIENTS)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fail(what: str, result: subprocess.CompletedProcess) -> None:
    pytest.fail(f"{what} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}", pytrace=False)


def installed() -> None:
    """``npm ci`` in clients/ unless node_modules matches the lock file (under the lock)."""
    if not shutil.which("npm"):
        pytest.fail("npm is needed for clients/ (Debian: apt-get install npm)", pytrace=False)
    marker = CLIENTS / "node_modules" / ".package-lock.json"
    lock = CLIENTS / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    result = npm("ci", "--no-audit", "--no-fund")
    if result.returncode != 0:
        _fail("npm ci", result)


@contextlib.contextmanager
def exclusive():
    """Hold the lock on clients/ (var/clients-build.lock) that builds take: for a test that
    changes a source for a moment, so no other pytest-xdist worker builds meanwhile."""
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / "clients-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def built() -> Path:
    """Install and build clients/ once per digest of its sources; returns the website's server
    entry (``node`` runs it). Fails the test with npm's output when a step fails."""
    with exclusive():
        installed()
        digest = sources_digest()
        stamp = WEBSITE / "dist" / ".sources"
        if SERVER_ENTRY.exists() and stamp.exists() and stamp.read_text() == digest:
            return SERVER_ENTRY
        result = npm("run", "build")
        if result.returncode != 0:
            _fail("npm run build (client types, astro check, astro build)", result)
        stamp.write_text(digest)
    return SERVER_ENTRY
