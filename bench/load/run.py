"""Readers, an editor and one fault at a time: the load run of issue 18 (Locust).

    bin/stack start                                   # once (about 6 min); runs reuse it
    .venv/bin/python bench/load/run.py --target topology --via cache
    .venv/bin/python bench/load/run.py --target topology --via direct
    .venv/bin/python bench/load/run.py --target topology --via cache --fault app-kill
    .venv/bin/python bench/load/run.py --target embedded --via cache --setup

Readers: ``--users`` (200) Locust ``FastHttpUser``s, started ``--spawn-rate`` (50) a second, for
``--run-time`` (60) seconds, each waiting ``--wait`` (0.5–1.5 s) between requests. Their mix: 80 %
reads (cards: a listing of 20 pages of a type; detail; find-by-path; German and English), 10 %
search (the 50 queries of bench/search/queries.json), 5 % renditions (image URLs taken from the
API's own answers), 5 % sync (``/api/v1/sync/``, first page) or a listing. An editor (bench/
editing's ``Editor``: the admin's page editor, logged in) starts a publish of a project page
every 2 s from second 4 until 6 s before the end, and after each acknowledged publish polls the
page's detail through the HTTP cache until the new title shows (the publish's *visibility*).

Targets: ``topology`` is ``bin/stack``'s (Varnish :8180 in front of app servers :8101/:8102;
``--via direct`` sends readers and editor to app-1 alone); ``embedded`` is ``make run``'s
settings (``cms.settings.dev`` with DEBUG off: SQLite, database search, local media, immediate
tasks) under gunicorn with 2 workers, behind a Varnish of its own (deploy/varnish/default.vcl,
purged by the CMS) with ``--via cache``.

Faults (topology only, ``--fault NAME`` at ``--fault-at`` seconds): ``app-kill`` (kill -9 of
app-1's process group; started again after the run), ``pg-restart`` (``pg_ctl restart -m fast``
of the stack's cluster), ``redis-stop`` (stopped, started again 10 s later), ``engine-stop``
(search-2 stopped; started again after the run), ``storage-stop`` (the object storage stopped,
started again 10 s later).

Writes ``bench/load/results-<label>.json`` and prints the table; bench/README.md ("Load and
faults") has the results.
"""

from __future__ import annotations

# Locust runs on gevent: the standard library is patched before anything opens a socket.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import http.cookiejar  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.editing.run import (  # noqa: E402
    PAGE_SLUG,
    Editor,
    environment,
    publish_form,
    start_gunicorn,
)

HERE = Path(__file__).resolve().parent
STACK = ROOT / "bin" / "stack"
STACK_HOME = Path(os.environ.get("STACK_HOME", ROOT / "var" / "stack"))
VARNISH_PORT, APP_PORTS = 8180, (8101, 8102)
EMBEDDED_PORT, EMBEDDED_VARNISH_PORT = 8790, 8190
FAULTS = ("app-kill", "pg-restart", "redis-stop", "engine-stop", "storage-stop")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- targets ------------------------------------------------------------------------------------


def stack_env() -> dict:
    """The environment of the stack's CMS processes (``bin/stack env``) on top of ours."""
    out = subprocess.run(
        ["bash", "-c", f'eval "$({STACK} env)" && env -0'],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def prepare(env: dict, *args: str, stdin: str | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE / "prepare.py"), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Embedded:
    """``make run``'s settings under gunicorn (2 workers), optionally behind a Varnish."""

    def __init__(self, database: Path, media: Path, via: str, workers: int) -> None:
        self.database, self.media, self.via, self.workers = database, media, via, workers
        self.server = self.varnish = None
        self.varnish_dir = Path(tempfile.mkdtemp(prefix="bench-load-varnish-"))

    def start(self) -> dict:
        run_db = self.database.with_name(self.database.stem + "-run.sqlite3")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{run_db}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(self.database) as source, sqlite3.connect(run_db) as target:
            source.backup(target)
        cache = f"http://127.0.0.1:{EMBEDDED_VARNISH_PORT}"
        env = environment(run_db, self.media)
        if self.via == "cache":
            env |= {"FRONTEND_CACHE_URLS": cache, "WAGTAILAPI_BASE_URL": cache}
            vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
            vcl = re.sub(r'(\.port = ")8000(")', rf"\g<1>{EMBEDDED_PORT}\2", vcl)
            (self.varnish_dir / "default.vcl").write_text(vcl)
            self.varnish = subprocess.Popen(
                [
                    "/usr/sbin/varnishd",
                    "-F",
                    "-j",
                    "none",
                    "-n",
                    str(self.varnish_dir / "work"),
                    "-a",
                    f"127.0.0.1:{EMBEDDED_VARNISH_PORT}",
                    "-T",
                    f"127.0.0.1:{EMBEDDED_VARNISH_PORT + 1}",
                    "-f",
                    str(self.varnish_dir / "default.vcl"),
                    "-s",
                    "malloc,128m",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.env = env
        self.server = start_gunicorn(ROOT, env, EMBEDDED_PORT, self.workers)
        return env

    def stop(self) -> None:
        for proc in (self.server, self.varnish):
            if proc is not None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=60)
        shutil.rmtree(self.varnish_dir, ignore_errors=True)


# --- faults -------------------------------------------------------------------------------------


def run_quiet(*command: str, env: dict | None = None, cwd: Path | str = ROOT) -> None:
    subprocess.run(
        list(command),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def pg_ctl(*args: str) -> None:
    bindir = subprocess.run(
        ["pg_config", "--bindir"], capture_output=True, text=True
    ).stdout.strip()
    if not Path(bindir, "pg_ctl").exists():
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    command = [str(Path(bindir, "pg_ctl")), "-D", str(STACK_HOME / "pg" / "data"), *args]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    run_quiet(*command, cwd="/")


REDIS_ENV = {"REDIS_PORT": "6391", "REDIS_HOME": str(STACK_HOME / "redis")}
STORAGE_ENV = {
    "OBJECT_STORAGE_PORT": "9391",
    "OBJECT_STORAGE_HOME": str(STACK_HOME / "object-storage"),
}
ENGINE_2_ENV = {"SEARCH_ENGINE_PORT": "9242", "SEARCH_ENGINE_HOME": str(STACK_HOME / "search-2")}


def inject(fault: str, log: list) -> None:
    """Cause ``fault`` now; note what was done and when in ``log`` (seconds since the start)."""
    began = time.monotonic()
    if fault == "app-kill":
        pid = int((STACK_HOME / "run" / "app-1.pid").read_text())
        os.killpg(pid, signal.SIGKILL)
        log.append(("app-1 killed (SIGKILL to its process group)", began, time.monotonic()))
    elif fault == "pg-restart":
        pg_ctl("-m", "fast", "-w", "restart")
        log.append(("PostgreSQL restarted (pg_ctl restart -m fast)", began, time.monotonic()))
    elif fault == "redis-stop":
        log.append(pause("redis", REDIS_ENV, "Redis"))
    elif fault == "engine-stop":
        run_quiet(str(ROOT / "bin" / "search-engine"), "stop", env=ENGINE_2_ENV)
        log.append(("search-2 stopped (until after the run)", began, time.monotonic()))
    elif fault == "storage-stop":
        log.append(pause("object-storage", STORAGE_ENV, "object storage"))


def pause(script: str, env: dict, name: str) -> tuple[str, float, float]:
    """``bin/<script> stop``, 10 s, ``start``; the fault's log entry (what, from, to)."""
    run_quiet(str(ROOT / "bin" / script), "stop", env=env)
    stopped = time.monotonic()
    gevent.sleep(10)
    run_quiet(str(ROOT / "bin" / script), "start", env=env)
    return (f"{name} stopped, started again 10 s later", stopped, time.monotonic())


def restore(fault: str) -> None:
    """What the fault left down is started again (after the run: not part of the recovery)."""
    if fault == "app-kill":
        run_quiet(str(STACK), "start", "app-1")
    elif fault == "engine-stop":
        run_quiet(str(STACK), "start", "search-2")


# --- readers ------------------------------------------------------------------------------------


class Plan:
    """What readers ask for: filled in by :func:`main` before the users start."""

    pages: list[dict] = []
    queries: list[dict] = []
    renditions: list[str] = []
    failures: list[tuple[float, str, str]] = []
    started = 0.0
    search_log: list[tuple[float, int, str]] = []


LISTING_TYPES = ("project", "document", "partner", "news")


class Reader(FastHttpUser):
    """A front end's reader: cards, details and find-by-path (80 %), search, renditions, sync."""

    wait_time = between(0.5, 1.5)

    def _locale(self) -> str:
        return random.choice(("de", "en"))

    @task(27)
    def cards(self) -> None:
        kind = random.choice(LISTING_TYPES[:3])
        self.client.get(
            f"/api/v1/pages/?type={kind}&locale={self._locale()}&limit=20", name="cards"
        )

    @task(27)
    def detail(self) -> None:
        page = random.choice(Plan.pages)
        self.client.get(f"/api/v1/pages/{page['id']}/", name="detail")

    @task(26)
    def find(self) -> None:
        page = random.choice(Plan.pages)
        path = urllib.parse.quote(page["path"])
        self.client.get(f"/api/v1/pages/find/?path={path}&locale={page['locale']}", name="find")

    @task(10)
    def search(self) -> None:
        query = random.choice(Plan.queries)
        q = urllib.parse.quote(query["q"])
        with self.client.get(
            f"/api/v1/search/?q={q}&locale={query['locale']}", name="search", catch_response=True
        ) as response:
            found = re.search(r'"backend":\s*"(\w+)"', response.text or "")
            backend = found.group(1) if found else ""
            if '"fallback": true' in (response.text or "").replace(
                '"fallback":true', '"fallback": true'
            ):
                backend += " (fallback)"
            Plan.search_log.append(
                (time.monotonic() - Plan.started, response.status_code or 0, backend)
            )

    @task(5)
    def rendition(self) -> None:
        if Plan.renditions:
            self.client.get(random.choice(Plan.renditions), name="rendition")

    @task(5)
    def sync(self) -> None:
        if random.random() < 0.5:
            self.client.get(f"/api/v1/sync/?locale={self._locale()}&limit=20", name="sync")
        else:
            self.client.get(f"/api/v1/pages/?locale={self._locale()}&limit=20", name="listing")


@events.request.add_listener
def _note_failure(request_type, name, response_time, response_length, exception=None, **kw):
    if exception is not None:
        Plan.failures.append(
            (round(time.monotonic() - Plan.started, 2), name, str(exception)[:120])
        )


def renditions(base: str, pages: list[dict]) -> list[str]:
    """Rendition paths from the API's answers (details of pages with images), at most 40."""
    found: list[str] = []
    for page in pages[:60]:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/pages/{page['id']}/", timeout=30) as r:
                text = r.read().decode()
        except OSError:
            continue
        for url in re.findall(r'"url":\s*"([^"]+)"', text):
            path = urllib.parse.urlsplit(url).path
            if "/images/" in path or "/renditions/" in path or "/media/" in path:
                query = urllib.parse.urlsplit(url).query
                found.append(path + (f"?{query}" if query else ""))
        if len(found) >= 40:
            break
    return sorted(set(found))[:40]


# --- the editor ---------------------------------------------------------------------------------


class PlainHttpCookies(http.cookiejar.DefaultCookiePolicy):
    """Sends ``Secure`` cookies over plain HTTP (127.0.0.1 only, see :class:`LoadEditor`)."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class LoadEditor(Editor):
    """bench/editing's editor; after each acknowledged publish, polls the detail through the cache."""

    def __init__(self, base: str, page_ids: list[int], every: float, duration: float, watch: str):
        super().__init__(base, page_ids, every, duration)
        # Production settings mark the session and CSRF cookies Secure; TLS ends in front of the
        # cache in a real deployment, so on this machine's plain HTTP the editor sends them anyway.
        self.jar.set_policy(PlainHttpCookies())
        self.watch = watch
        self.acknowledged: dict[str, list[str]] = {}

    def publish(self, n: int) -> None:
        index = n % len(self.page_ids)
        page_id = self.page_ids[index]
        title = f"Benchmark-Projekt {index + 1}, Stand {n}"
        began = time.monotonic()
        status, text = self.post(
            f"/admin/pages/{page_id}/edit/", publish_form(f"{PAGE_SLUG}-{index + 1}", title)
        )
        acked = time.monotonic()
        result = {
            "n": n,
            "at": round(began - Plan.started, 2),
            "status": status,
            "seconds": round(acked - began, 2),
        }
        if status == 302:
            with self.lock:
                self.acknowledged.setdefault(str(page_id), []).append(title)
            result["visible_seconds"], result["purged_seconds"] = self.visible(
                page_id, title, acked
            )
        else:
            found = re.search(r"(database is locked|Die Datenbank[^<.]*\.|<title>[^<]*)", text)
            result["reason"] = (
                found.group(1).removeprefix("<title>").strip() if found else text[:200]
            )
        with self.lock:
            self.results.append(result)

    def visible(
        self, page_id: int, title: str, since: float, limit: float = 20.0
    ) -> tuple[float | None, float | None]:
        """Seconds from the acknowledgement until the cache shows this publish or a later one
        of the same page (a later publish may overtake it), None after ``limit`` seconds; and
        until the purge had reached the cache: the start of the first poll the cache did not
        answer from its store (``X-Cache`` other than HIT), None if every poll was a hit."""
        prefix, stand = title.rsplit(" ", 1)
        url = f"{self.watch}/api/v1/pages/{page_id}/"
        purged = None
        while time.monotonic() - since < limit:
            asked = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=10) as r:
                    shown = json.loads(r.read()).get("title", "")
                    hit = r.headers.get("X-Cache", "HIT") == "HIT"
                if purged is None and not hit:
                    purged = round(asked - since, 3)
                if shown.startswith(prefix) and int(shown.rsplit(" ", 1)[-1]) >= int(stand):
                    return round(time.monotonic() - since, 3), purged
            except (OSError, ValueError):
                pass
            gevent.sleep(0.05)
        return None, purged


# --- measuring ----------------------------------------------------------------------------------


def varnish_counters(workdir: Path) -> dict:
    try:
        out = subprocess.run(
            ["varnishstat", "-n", str(workdir), "-j"], capture_output=True, text=True, timeout=10
        ).stdout
        data = json.loads(out)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}
    counters = data.get("counters", data)
    return {
        key: counters[f"MAIN.{key}"]["value"]
        for key in ("cache_hit", "cache_miss", "cache_hitpass", "s_pass", "client_req")
        if f"MAIN.{key}" in counters
    }


def workers_memory(master_pid: int) -> list[dict]:
    """RSS and PSS (kB, from /proc) of a gunicorn master's worker processes."""
    found = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else ():
        memory = {"pid": int(pid)}
        for name, field in (("status", "VmRSS"), ("smaps_rollup", "Pss")):
            try:
                for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                    if line.startswith(field + ":"):
                        memory[field.lower() + "_kb"] = int(line.split()[1])
            except OSError:
                pass
        found.append(memory)
    return found


def gunicorn_master(app_pid: int) -> int:
    """The gunicorn master in app-N's session (bin/stack's pid file names the session leader)."""
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(app_pid)], capture_output=True, text=True
    ).stdout
    for line in [f"{app_pid} gunicorn", *out.splitlines()]:
        pid = int(line.split()[0])
        if (
            Path(f"/proc/{pid}/cmdline").exists()
            and b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ):
            if workers_memory(pid):
                return pid
    return app_pid


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=("topology", "embedded"), required=True)
    parser.add_argument("--via", choices=("cache", "direct"), default="cache")
    parser.add_argument("--fault", choices=FAULTS)
    parser.add_argument("--fault-at", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=50)
    parser.add_argument("--run-time", type=float, default=60)
    parser.add_argument("--wait", default="0.5,1.5", help="seconds between a reader's requests")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between publishes")
    parser.add_argument("--setup", action="store_true", help="embedded: build the database")
    parser.add_argument("--database", type=Path, default=Path("/tmp/bench-load.sqlite3"))
    parser.add_argument("--media", type=Path, default=Path("/tmp/bench-load-media"))
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if args.fault and args.target != "topology":
        parser.error("faults are injected into the topology only")
    label = args.label or "-".join(filter(None, (args.target, args.via, args.fault)))
    low, high = (float(x) for x in args.wait.split(","))
    Reader.wait_time = between(low, high)

    embedded = None
    if args.target == "topology":
        env = stack_env()
        cache = f"http://127.0.0.1:{VARNISH_PORT}"
        base = cache if args.via == "cache" else f"http://127.0.0.1:{APP_PORTS[0]}"
        varnish_work = STACK_HOME / "varnish" / "work"
    else:
        if args.setup or not args.database.exists():
            say(f"setup: {args.database} (migrations, demo content, the editor's pages)")
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sys; from pathlib import Path; from bench.editing.run import setup; "
                    "setup(Path(sys.argv[1]), Path(sys.argv[2]))",
                    str(args.database),
                    str(args.media),
                ],
                cwd=ROOT,
                check=True,
            )
        embedded = Embedded(args.database, args.media, args.via, 2)
        env = embedded.start()
        server = f"http://127.0.0.1:{EMBEDDED_PORT}"
        cache = f"http://127.0.0.1:{EMBEDDED_VARNISH_PORT}" if args.via == "cache" else server
        base = cache if args.via == "cache" else server
        varnish_work = embedded.varnish_dir / "work"
    try:
        result = measure(args, label, env, base, cache, varnish_work)
    finally:
        if embedded is not None:
            embedded.stop()
    output = HERE / f"results-{label}.json"
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    say(table(result))
    say(f"written: {output.relative_to(ROOT)}")


def measure(args, label: str, env: dict, base: str, cache: str, varnish_work: Path) -> dict:
    # The editor's form data (bench/editing's publish_form) comes from Wagtail's test helpers,
    # which need Django set up; no query is made here.
    os.environ.update(env)
    import django

    django.setup()
    plan = prepare(env, "pages")
    Plan.pages = plan["pages"]
    Plan.queries = json.loads((ROOT / "bench" / "search" / "queries.json").read_text())["queries"]
    Plan.renditions = renditions(base, [p for p in Plan.pages if p["model"] == "projectpage"])
    say(
        f"{label}: {len(Plan.pages)} pages, {len(Plan.queries)} queries, "
        f"{len(Plan.renditions)} renditions; readers on {base}, publishes watched on {cache}"
    )
    editor = LoadEditor(base, plan["edited"], args.every, args.run_time - 10, cache)
    editor.login()
    if args.target == "topology":
        # Every run starts with an empty cache (the embedded target's Varnish is new anyway).
        run_quiet(
            "varnishadm",
            "-T",
            f"127.0.0.1:{VARNISH_PORT + 1}",
            "-S",
            str(STACK_HOME / "varnish" / "secret"),
            "ban req.url ~ .",
        )

    masters = {}
    if args.target == "topology":
        for name in ("app-1", "app-2"):
            masters[name] = gunicorn_master(int((STACK_HOME / "run" / f"{name}.pid").read_text()))
    load_before = os.getloadavg()
    counters_before = varnish_counters(varnish_work)
    environment_ = Environment(user_classes=[Reader], host=base, events=events)
    runner = environment_.create_local_runner()
    Plan.started = time.monotonic()
    Plan.failures, Plan.search_log = [], []
    runner.start(args.users, spawn_rate=args.spawn_rate)
    fault_log: list = []
    if args.fault:
        gevent.spawn_later(args.fault_at, inject, args.fault, fault_log)
    gevent.sleep(4)
    editing = gevent.spawn(editor.run)
    gevent.sleep(max(0.0, args.run_time - (time.monotonic() - Plan.started)))
    runner.quit()
    editing.join(timeout=60)
    elapsed = time.monotonic() - Plan.started
    load_after = os.getloadavg()
    counters_after = varnish_counters(varnish_work)
    memory = {name: workers_memory(pid) for name, pid in masters.items()}
    check = prepare(env, "check", stdin=json.dumps(editor.acknowledged))
    if args.fault:
        restore(args.fault)

    kinds = {}
    for (name, _method), entry in sorted(environment_.stats.entries.items()):
        kinds[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "req_per_s": round(entry.num_requests / elapsed, 1),
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
    total = environment_.stats.total
    publishes = sorted(editor.results, key=lambda r: r["n"])
    visible = [r["visible_seconds"] for r in publishes if r.get("visible_seconds") is not None]
    purged = [r["purged_seconds"] for r in publishes if r.get("purged_seconds") is not None]
    delta = {k: counters_after.get(k, 0) - counters_before.get(k, 0) for k in counters_after}
    lookups = delta.get("cache_hit", 0) + delta.get("cache_miss", 0)
    failure_times = [t for t, _, _ in Plan.failures]
    result = {
        "label": label,
        "target": args.target,
        "via": args.via,
        "fault": args.fault,
        "measured": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "users": args.users,
        "wait_seconds": args.wait,
        "seconds": round(elapsed, 1),
        "reader_requests": total.num_requests,
        "reader_errors": total.num_failures,
        "reader_req_per_s": round(total.num_requests / elapsed, 1),
        "reader_p50_ms": total.get_response_time_percentile(0.5),
        "reader_p95_ms": total.get_response_time_percentile(0.95),
        "kinds": kinds,
        "errors_first_s": min(failure_times) if failure_times else None,
        "errors_last_s": max(failure_times) if failure_times else None,
        "error_kinds": _count(f"{name}: {text}" for _, name, text in Plan.failures),
        "publishes": len(publishes),
        "publishes_ok": sum(1 for r in publishes if r["status"] == 302),
        "publishes_failed": [r for r in publishes if r["status"] != 302],
        "publish_p50_s": percentile([r["seconds"] for r in publishes], 0.5),
        "visible_p50_s": percentile(visible, 0.5),
        "visible_p95_s": percentile(visible, 0.95),
        "visible_max_s": max(visible) if visible else None,
        "visible_within_2s": sum(1 for v in visible if v <= 2.0),
        "purged_p50_s": percentile(purged, 0.5),
        "purged_p95_s": percentile(purged, 0.95),
        "never_visible": sum(
            1 for r in publishes if r["status"] == 302 and r.get("visible_seconds") is None
        ),
        "lost_publishes": sum(len(page["lost"]) for page in check.values()),
        "database_check": check,
        "varnish": delta,
        "cache_hit_ratio": round(delta.get("cache_hit", 0) / lookups, 3) if lookups else None,
        "workers_memory_kb": memory,
        "fault_log": [
            {"what": what, "from_s": round(a - Plan.started, 1), "to_s": round(b - Plan.started, 1)}
            for what, a, b in fault_log
        ],
        "search_during_fault": _search_during(fault_log),
        "publish_timeline": publishes,
        "failures_sample": Plan.failures[:20],
    }
    return result


def _count(items) -> dict:
    found: dict[str, int] = {}
    for item in items:
        found[item] = found.get(item, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: -kv[1])[:15])


def _search_during(fault_log: list) -> dict:
    """Search answers by status and backend (``database (fallback)``) while the fault lasted."""
    if not fault_log:
        return {}
    start = fault_log[0][1] - Plan.started
    end = fault_log[-1][2] - Plan.started
    if "search-2 stopped" in fault_log[0][0]:
        end = float("inf")
    return _count(
        f"{status} {backend}".strip()
        for t, status, backend in Plan.search_log
        if t >= start and t <= end
    )


def table(result: dict) -> str:
    lines = [
        f"## {result['label']} ({result['measured']}, load average "
        f"{result['load_average_before'][0]} → {result['load_average_after'][0]})",
        "",
        "| kind | requests | errors | req/s | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, kind in result["kinds"].items():
        lines.append(
            f"| {name} | {kind['requests']} | {kind['failures']} | {kind['req_per_s']} | "
            f"{kind['p50_ms']} | {kind['p95_ms']} |"
        )
    lines.append(
        f"| **all** | {result['reader_requests']} | {result['reader_errors']} | "
        f"{result['reader_req_per_s']} | {result['reader_p50_ms']} | {result['reader_p95_ms']} |"
    )
    lines += [
        "",
        f"publishes: {result['publishes_ok']}/{result['publishes']} acknowledged, "
        f"{len(result['publishes_failed'])} failed, {result['lost_publishes']} lost; "
        f"visible through the cache p50 {result['visible_p50_s']} s, p95 {result['visible_p95_s']} s, "
        f"max {result['visible_max_s']} s, {result['visible_within_2s']} within 2 s, "
        f"{result['never_visible']} never; purge reached the cache p50 {result['purged_p50_s']} s, "
        f"p95 {result['purged_p95_s']} s",
        f"cache hit ratio: {result['cache_hit_ratio']}; errors from {result['errors_first_s']} s "
        f"to {result['errors_last_s']} s: {result['error_kinds']}",
    ]
    if result["fault_log"]:
        lines.append(
            f"fault: {result['fault_log']}; search meanwhile: {result['search_during_fault']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
