"""The embedded default (SQLite) never lets readers lock an editor out (issue 18).

Readers hammer listing, detail, find-by-path, navigation and search while an editor publishes:
every publish goes through. That needs write-ahead logging, a busy timeout and immediate write
transactions (``cms.runtime.env.sqlite_options``) and no writes on the readers' path (search statistics
are counted in memory, ``search.stats``). On PostgreSQL the same tests run on its test database.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.api.serialize import page_path
from cms.runtime import env as config
from home.models import Navigation
from projekte.models import ProjectPage
from search import stats
from tests.projekte import factories
from tests.projekte.test_admin import project_data

#: Publishes of the editor while the readers read.
PUBLISHES = 6
READERS = 6
SEARCH_WORDS = ["Dorfladen", "Windpark", "Schule", "Radweg", "Kali", "Energie", "xylophon"]
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "SAVEPOINT")


# --- configuration ------------------------------------------------------------------------------


def test_sqlite_urls_get_wal_a_busy_timeout_and_immediate_transactions(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/some.sqlite3")
    options = config.database(default="")["OPTIONS"]
    assert options == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20.0,
    }
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/cms.sqlite3?timeout=2.5")
    assert config.database(default="")["OPTIONS"]["timeout"] == 2.5
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/cms.sqlite3?timeout=lange")
    with pytest.raises(config.ConfigError, match="DATABASE_URL has timeout='lange'"):
        config.database(default="")


def test_postgresql_urls_are_left_alone(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://cms:cms@127.0.0.1:5432/cms")
    assert config.database(default="").get("OPTIONS", {}) == {}


def test_the_running_connection_uses_them(shared_database):
    with connection.cursor() as cursor:
        if shared_database.vendor != "sqlite":
            cursor.execute("SELECT 1")
            assert "init_command" not in connection.settings_dict.get("OPTIONS", {})
            return
        pragmas = {}
        for name in ("journal_mode", "synchronous", "busy_timeout"):
            cursor.execute(f"PRAGMA {name}")
            pragmas[name] = cursor.fetchone()[0]
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000}
    assert connection.transaction_mode == "IMMEDIATE"


# --- no writes on the readers' path ------------------------------------------------------------


@pytest.fixture
def content(request):
    """A home page, a project section with three published projects, a navigation."""
    home = request.getfixturevalue("home")
    index = factories.ProjectIndexPageFactory(parent=home)
    projects = [
        factories.ProjectPageFactory(parent=index, title=title)
        for title in (
            "Dorfladen Großbodungen",
            "Bürgerwindpark Hainleite",
            "Schule trifft Wirtschaft",
        )
    ]
    for project in projects:
        project.save_revision().publish()
    Navigation.objects.get_or_create(locale=home.locale)
    return {"home": home, "index": index, "projects": projects}


def reader_urls(content) -> list[str]:
    project = content["projects"][0]
    return [
        "/api/v1/pages/?type=project&limit=20",
        f"/api/v1/pages/{project.pk}/",
        f"/api/v1/pages/find/?path={page_path(project.url_path)}&locale=de",
        "/api/v1/snippets/navigation/",
        "/api/v1/locales/",
        *(f"/api/v1/search/?q={word}&locale=de" for word in SEARCH_WORDS),
        "/api/v1/search/suggest/?q=Dorfl&locale=de",
    ]


def test_readers_never_write(transactional_db, content):
    """No statement of a reader's request writes or opens a write transaction (twice: the
    second answer may come from the response cache)."""
    stats.discard()
    reader = Client()
    more = [
        "/api/v1/",
        "/api/v1/documents/",
        "/api/v1/images/",
        "/api/v1/snippets/footer/",
        "/api/v1/snippets/topic/",
        "/api/v1/pages/?type=project&locale=en",
    ]
    for _round in range(2):
        for url in reader_urls(content) + more:
            with CaptureQueriesContext(connection) as queries:
                response = reader.get(url)
            assert response.status_code == 200, url
            writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
            assert writes == [], url
    assert stats.pending() == len(SEARCH_WORDS)
    stats.discard()


# --- the proof: readers hammer, an editor publishes ---------------------------------------------


class Readers:
    """Threads reading ``urls`` over HTTP in turn until stopped; counts answers by status."""

    def __init__(self, base: str, urls: list[str], threads: int) -> None:
        self.base, self.urls = base, urls
        self.stopped = threading.Event()
        self.statuses: Counter = Counter()
        self.searches = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(threads)]

    def read(self, offset: int) -> None:
        n = offset
        while not self.stopped.is_set():
            url = self.urls[n % len(self.urls)]
            n += 1
            try:
                with urllib.request.urlopen(self.base + url, timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = type(exc).__name__
            with self.lock:
                self.statuses[status] += 1
                self.searches += "/search/?" in url

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join()


@pytest.mark.live
def test_readers_never_lock_an_editor_out(shared_database, content):
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={}, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("redaktion", "r@x.org", "pw"))
    project = content["projects"][0]
    url = reverse("wagtailadmin_pages:edit", args=[project.pk])
    results = []
    stats.discard()
    try:
        with Readers(f"http://127.0.0.1:{server.port}", reader_urls(content), READERS) as readers:
            while readers.searches < READERS:  # every reader is under way
                readers.stopped.wait(0.05)
            for n in range(PUBLISHES):
                title = f"Dorfladen Großbodungen, Stand {n + 1}"
                data = project_data(title=title, slug=project.slug)
                data["action-publish"] = "action-publish"
                response = editor.post(url, data)
                live = ProjectPage.objects.get(pk=project.pk)
                results.append((response.status_code, live.live and live.title == title))
            searches_during = readers.searches
    finally:
        server.terminate()
        server.join()

    assert results == [(302, True)] * PUBLISHES
    assert searches_during > READERS
    assert set(readers.statuses) == {200}, readers.statuses
    assert stats.pending() > 0  # the searches were counted, in memory
    stats.discard()
