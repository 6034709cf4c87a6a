"""Readers against an editor on the embedded default (SQLite): does every publish go through?

    .venv/bin/python bench/editing/run.py --setup --database /tmp/bench-editing.sqlite3

What a new user does (issue 18): ``make run``'s database (SQLite, demo content) behind gunicorn
with 2 workers; ``wrk`` keeps 200 connections reading a mix of listing, detail, find-by-path,
navigation and search URLs (one in five a search, over the 50 queries of bench/search); an
editor logs in to the admin and starts a publish through the page editor every 2 s for 40 s (20
publishes, each in its own thread, in turn on four project pages). Prints the publishes that
went through and those that failed (with the server's exception), the readers' requests and
errors, and the search statistics stored after a graceful stop.

``--setup`` builds the database (migrations, locales, demo content, a superuser ``bench``, the
pages the editor publishes) once; every run starts from a fresh copy of it, switched back to
SQLite's rollback journal, so that the code under test decides the journal mode. ``--code DIR``
serves another checkout (e.g. the code before the fix, exported with ``git archive``) with the
same database. ``--no-search`` leaves search out of the readers' mix. Needs ``wrk`` (Debian:
``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

USER, PASSWORD = "bench", "bench-Nordthueringen-2026"
PAGE_SLUG = "benchmark-projekt"
#: Pages the editor publishes in turn (a publish still waiting does not hold up the next one).
PAGES = 4
SECRET_KEY = "bench-editing-" + "k" * 50

LUA = """
paths = {%s}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  i = 0
  bad = 0
end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local non200 = 0
  for _, thread in ipairs(threads) do non200 = non200 + thread:get("bad") end
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%f %%f\\n", summary.requests, non200,
    summary.errors.connect, summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def environment(database: Path, media: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def manage(code: Path, env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=code, env=env, check=True, capture_output=True
    )


def setup(database: Path, media: Path) -> None:
    """The demo database of ``make run`` plus the editor and the page they publish."""
    if database.exists():
        database.unlink()
    env = environment(database, media)
    for command in (
        ["migrate", "--noinput"],
        ["setup_site"],
        ["load_demo_content", "--if-empty"],
        ["adopt_translations"],
        ["setup_roles"],
    ):
        say(f"setup: manage.py {' '.join(command)}")
        manage(ROOT, env, *command)
    os.environ.update(env)
    import django

    django.setup()
    from bench.load.prepare import ensure_editor  # the editor and their pages, made once

    ensure_editor()


def reader_paths(database: Path, media: Path, with_search: bool) -> tuple[list[str], list[int]]:
    """The readers' URL mix and the ids of the pages the editor publishes."""
    os.environ.update(environment(database, media))
    import django

    django.setup()
    from django.db import connection
    from wagtail.models import Page

    from cms.api.serialize import page_path
    from projekte.models import ProjectPage

    pages = list(
        Page.objects.live()
        .filter(depth__gt=2)
        .exclude(slug__startswith=PAGE_SLUG)
        .order_by("path")
        .values_list("pk", "url_path", "locale__language_code")
    )
    queries = json.loads((ROOT / "bench" / "search" / "queries.json").read_text())["queries"]
    listings = [f"/api/v1/pages/?type={t}&limit=20" for t in ("project", "document", "partner")]
    navigation = ["/api/v1/snippets/navigation/", "/api/v1/snippets/footer/"]
    paths = []
    for n, query in enumerate(queries):
        pk, url_path, language = pages[n % len(pages)]
        paths += [
            listings[n % len(listings)],
            f"/api/v1/pages/{pk}/",
            f"/api/v1/pages/find/?path={urllib.parse.quote(page_path(url_path))}&locale={language}",
            navigation[n % len(navigation)],
        ]
        if with_search:
            q = urllib.parse.quote(query["q"])
            paths.append(f"/api/v1/search/?q={q}&locale={query['locale']}")
    page_ids = list(
        ProjectPage.objects.filter(slug__startswith=PAGE_SLUG)
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    connection.close()
    return paths, page_ids


def publish_form(slug: str, title: str) -> dict:
    """What the page editor sends to publish the page with a new title and teaser."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "teaser": f"{title}: ein Projekt, das bei jeder Messung neu veröffentlicht wird.",
            "status": "running",
            "start_date": "2024-01-01",
            "end_date": "",
            "hero_alt_text": "",
            "hero_caption": "",
            "hero_credit": "",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "body": streamfield(
                [
                    ("heading", {"text": "Worum es geht", "level": "h2"}),
                    ("rich_text", rich_text(f"<p>{title}. Fachkräfte, Energie, Kali.</p>")),
                ]
            ),
            "action-publish": "action-publish",
        }
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Editor:
    """Logs in, then starts a publish every ``every`` seconds for ``duration`` seconds.

    Each publish runs in its own thread, so one that waits does not delay the next: the editor
    attempts ``duration / every`` publishes, in turn on each of the benchmark pages.
    """

    def __init__(self, base: str, page_ids: list[int], every: float, duration: float) -> None:
        self.base, self.page_ids, self.every, self.duration = base, page_ids, every, duration
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.results: list[dict] = []
        self.lock = threading.Lock()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            return 0, f"{type(exc).__name__}: {exc}"

    def login(self) -> None:
        self.opener.open(self.base + "/admin/login/", timeout=120).read()
        status, _ = self.post("/admin/login/", {"username": USER, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"editor login failed with {status}")

    def publish(self, n: int) -> None:
        index = n % len(self.page_ids)
        path = f"/admin/pages/{self.page_ids[index]}/edit/"
        form = publish_form(f"{PAGE_SLUG}-{index + 1}", f"Benchmark-Projekt {index + 1}, Stand {n}")
        began = time.monotonic()
        status, text = self.post(path, form)
        took = time.monotonic() - began
        reason = ""
        if status != 302:
            found = re.search(r"(database is locked|Die Datenbank[^<.]*\.|<title>[^<]*)", text)
            reason = found.group(1).removeprefix("<title>").strip() if found else text[:200]
        with self.lock:
            self.results.append({"status": status, "seconds": round(took, 2), "reason": reason})

    def run(self) -> None:
        started = time.monotonic()
        threads = []
        for n in range(int(self.duration / self.every)):
            time.sleep(max(0.0, started + n * self.every - time.monotonic()))
            thread = threading.Thread(target=self.publish, args=(n,), daemon=True)
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()


#: Settings of the served code: ``make run``'s (cms.settings.dev, DEBUG off via the environment)
#: plus a log of every server error, from which the failures' reasons are read.
SERVER_SETTINGS = """
from cms.settings.dev import *  # noqa: F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"errors": {"class": "logging.FileHandler", "filename": %r, "level": "ERROR"}},
    "loggers": {"django.request": {"handlers": ["errors"], "level": "ERROR"}},
}
"""


def server_errors(log: Path) -> dict[str, int]:
    """Exceptions in the server's error log, by their last line (``OperationalError: …``)."""
    found: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines() if log.exists() else ():
        match = re.match(r"^(?:[\w.]+\.)?(\w+(?:Error|Exception)): (.*)$", line)
        if match:
            key = f"{match.group(1)}: {match.group(2)[:80]}"
            found[key] = found.get(key, 0) + 1
    return found


def start_gunicorn(code: Path, env: dict, port: int, workers: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cms.wsgi:application",
            "--chdir",
            str(code),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        cwd=code,
        env=env,
        start_new_session=True,
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def stored_searches(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COALESCE(SUM(searches), 0) FROM cms_search_querystat").fetchone()[
            0
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, default=Path("/tmp/bench-editing.sqlite3"))
    parser.add_argument("--media", type=Path, default=Path("/tmp/bench-editing-media"))
    parser.add_argument("--setup", action="store_true", help="build the database first")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--label", default="", help="name of this run in the output")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=40, help="seconds of publishing")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between publishes")
    parser.add_argument("--no-search", action="store_true", help="readers do not search")
    parser.add_argument("--output", type=Path, help="add the result to this JSON list")
    args = parser.parse_args()

    if args.setup:
        setup(args.database, args.media)
    paths, page_ids = reader_paths(args.database, args.media, not args.no_search)

    # A fresh copy of the database for every run, in SQLite's default (rollback) journal mode.
    run_db = args.database.with_name(args.database.stem + "-run.sqlite3")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{run_db}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(args.database) as source, sqlite3.connect(run_db) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    settings_dir = Path(tempfile.mkdtemp(prefix="bench-editing-"))
    error_log = settings_dir / "errors.log"
    (settings_dir / "bench_editing_settings.py").write_text(SERVER_SETTINGS % str(error_log))
    env = {
        **environment(run_db, args.media),
        "DJANGO_SETTINGS_MODULE": "bench_editing_settings",
        "PYTHONPATH": str(settings_dir),
    }
    server = start_gunicorn(args.code.resolve(), env, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        editor = Editor(base, page_ids, args.every, args.duration)
        editor.login()
        readers = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration + 8}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                base,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(4)  # the readers are under way before the first publish
        editor.run()
        out, _ = readers.communicate()
        with sqlite3.connect(run_db) as db:
            journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # graceful: workers store their search counts
        server.wait(timeout=60)
        os.unlink(script.name)

    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, non200, connect, socket, timeouts, p50, p99 = line.split()[1:]
    ok = sum(1 for r in editor.results if r["status"] == 302)
    failed = [r for r in editor.results if r["status"] != 302]
    searches = sum(1 for p in paths if "/search/" in p) / len(paths) * int(requests)
    result = {
        "label": args.label or str(args.code),
        "journal_mode": journal,
        "publishes_ok": ok,
        "publishes_failed": len(failed),
        "failures": sorted({f"{r['status']} {r['reason']}" for r in failed}),
        "publish_seconds": [r["seconds"] for r in editor.results],
        "reader_requests": int(requests),
        "reader_errors": int(non200) + int(connect) + int(socket) + int(timeouts),
        "reader_non_200": int(non200),
        "reader_timeouts": int(timeouts),
        "reader_p50_ms": round(float(p50), 1),
        "reader_p99_ms": round(float(p99), 1),
        "searches_served_about": round(searches),
        "searches_stored": stored_searches(run_db),
        "server_errors": server_errors(error_log),
    }
    say(json.dumps(result, ensure_ascii=False, indent=1))
    if args.output:
        results = json.loads(args.output.read_text()) if args.output.exists() else []
        args.output.write_text(json.dumps([*results, result], ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
