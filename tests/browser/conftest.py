"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium`` (``bin/system-deps``
installs it), headless. Without it the tests fail with a clear message; they never skip.

Fixtures:

- ``browser`` (session): the running Chromium;
- ``page`` (per test): a page in a fresh German context. ``page.step("name")`` marks the start
  of a step of the walk; the screen at the end of every step is kept, and when the test fails all
  of them, and the screen at the moment of failure, are written to
  ``test-artifacts/<test>/<NN-step>.png``;
- ``admin_login(page, base_url, username, password)``: logs into the Wagtail admin.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.test.testcases import LiveServerThread

# The sync Playwright API runs an event loop in the test's thread, where Django also queries the
# database; Django would refuse that as "async-unsafe" without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 20_000


class SerialWSGIServer(WSGIServer):
    """The live server, one request at a time.

    On the in-memory SQLite test database every request thread of Django's threaded live server
    shares one connection; the admin's parallel requests (autosave, editing-session pings,
    choosers) then collide with "database table is locked". Browsers queue their requests fine.
    """

    request_queue_size = 128

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override
        self.handling = threading.Lock()
        self.handled = 0

    def process_request(self, request, client_address):
        with self.handling:
            super().process_request(request, client_address)
            self.handled += 1

    def wait_until_idle(self, quiet: float = 0.3, timeout: float = 15) -> None:
        """Return once no request is being served and none has come for ``quiet`` seconds.

        A closed browser context can leave requests it sent last in the queue; served while the
        test's database is flushed, they lock its tables ("database table is locked").
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.handling:
                seen = self.handled
            time.sleep(quiet)
            with self.handling:
                if self.handled == seen:
                    return


class TrackingThreadedWSGIServer(ThreadedWSGIServer):
    """Django's threaded live server, counting the requests it serves (PostgreSQL).

    A closed browser context can leave a last request (an autosave, a translation save) still
    being served while the test's database is flushed; on PostgreSQL that request's row locks and
    the flush's ``TRUNCATE`` deadlock. ``wait_until_idle`` lets the fixture wait for it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.handling = threading.Lock()
        self.active = 0
        self.handled = 0

    def process_request_thread(self, request, client_address):
        with self.handling:
            self.active += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.handling:
                self.active -= 1
                self.handled += 1

    def wait_until_idle(self, quiet: float = 0.3, timeout: float = 15) -> None:
        """Return once no request is being served and none has come for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.handling:
                seen = (self.active, self.handled)
            time.sleep(quiet)
            with self.handling:
                if self.active == 0 and (self.active, self.handled) == seen:
                    return


def _live_server_that_can_wait_until_idle() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = SerialWSGIServer
    else:
        LiveServerThread.server_class = TrackingThreadedWSGIServer


_live_server_that_can_wait_until_idle()


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.browser)
        # A browser test talks to the live server, so its data must be committed (transaction);
        # the flush after it must restore what migrations created (root page and collection,
        # default site), or the next browser test starts without them.
        marker = item.get_closest_marker("django_db")
        if marker is not None and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Module scope, not session: Playwright's sync API keeps an
    asyncio event loop running in the test thread until ``stop()``, and Django refuses to run an
    async view through ``async_to_sync`` there, so the tests after the last browser module must
    not inherit it (a liveness check answered 500 in a one-worker run)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (bin/system-deps) "
            "or set CHROMIUM_PATH. Browser tests never download a browser.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()
    playwright.stop()


class StepRecorder:
    """Keeps a screenshot of the end of each step, to write out if the test fails."""

    def __init__(self, page) -> None:
        self.page = page
        self.current: str | None = None
        self.shots: list[tuple[str, bytes]] = []

    def step(self, name: str) -> None:
        self.finish()
        self.current = name

    def finish(self) -> None:
        if self.current is not None:
            try:
                self.shots.append((self.current, self.page.screenshot(full_page=True)))
            except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
                pass
        self.current = None

    def write(self, directory: Path) -> None:
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)
        for number, (name, png) in enumerate(self.shots, start=1):
            (directory / f"{number:02d}-{_slug(name)}.png").write_bytes(png)
        failing = self.current or "failure"
        try:
            self.page.screenshot(
                path=str(directory / f"{len(self.shots) + 1:02d}-{_slug(failing)}-FAILED.png"),
                full_page=True,
            )
        except Exception:  # noqa: BLE001
            pass


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:80] or "step"


@pytest.fixture
def page(browser, request):
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1400, "height": 1000},
        extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"},
    )
    context.set_default_timeout(TIMEOUT_MS)
    browser_page = context.new_page()
    recorder = StepRecorder(browser_page)
    browser_page.step = recorder.step
    browser_page.settle = _settle(request)
    yield browser_page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        recorder.write(ARTIFACTS / _slug(request.node.name))
    context.close()
    browser_page.settle()


def _settle(request):
    """``page.settle()``: wait until the live server has answered every request the browser sent.

    A test reads the database itself only after this: an editor's background requests (autosave,
    editing-session pings) would otherwise write while the test reads, and on SQLite's shared
    in-memory database that is "database table is locked".
    """
    if "live_server" not in request.fixturenames:
        return lambda: None
    server = request.getfixturevalue("live_server").thread.httpd
    return getattr(server, "wait_until_idle", lambda: None)


@pytest.fixture
def admin_login():
    def login(page, base_url: str, username: str, password: str) -> None:
        page.goto(f"{base_url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/admin/$"))

    return login


# The editors' walk fixture (roles, sections, media, users), shared by the browser tests.
from tests.browser.walk import agency  # noqa: E402, F401
