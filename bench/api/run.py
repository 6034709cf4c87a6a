"""Benchmark the API under gunicorn with wrk: ours (cached and uncached) against stock v2.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 .venv/bin/python bench/api/run.py --label sqlite-10k

Needs a corpus (bench/api/corpus.py) and ``wrk`` (Debian: apt-get install wrk). Starts
gunicorn on 127.0.0.1 twice (API cache on, then off), runs each scenario for ``--duration``
seconds with ``--connections`` connections, and prints a Markdown table; results also go to
bench/api/results-<label>.json. Requests send ``Accept-Encoding: gzip`` like phones do.
Uncached scenarios cycle through many pages, so nothing is answered from a warm path.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")

LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%f %%f %%f %%d %%d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.timeout,
    summary.requests))
end
"""


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def corpus_facts(sample: int) -> dict:
    import django

    django.setup()
    from wagtail.models import Locale

    from cms.api.serialize import page_path
    from projekte.models import ProjectPage

    german = Locale.get_default()
    rows = list(
        ProjectPage.objects.filter(locale=german, slug__startswith="projekt-").values_list(
            "pk", "url_path"
        )
    )
    random.Random(1).shuffle(rows)
    rows = rows[:sample]
    return {
        "count": ProjectPage.objects.filter(locale=german).count(),
        "ids": [pk for pk, _p in rows],
        "paths": [page_path(p) for _pk, p in rows],
        "html_paths": [p.split("/", 2)[2] for _pk, p in rows],
    }


def start_server(port: int, workers: int, cache: bool) -> subprocess.Popen:
    env = {**os.environ, "CMS_API_CACHE": "1" if cache else "0"}
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cms.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    stop_server(proc)
    raise SystemExit("gunicorn did not start")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def wrk(port: int, paths: list[str], duration: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    # Warm-up (fills caches and worker imports), then the measured run.
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d2s", "--timeout", "10s", "-s", script.name]
        + [f"http://127.0.0.1:{port}"],
        capture_output=True,
        check=True,
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    rps, p50, p95, errors, total = line.split()[1:]
    return {
        "rps": round(float(rps), 1),
        "p50_ms": round(float(p50), 2),
        "p95_ms": round(float(p95), 2),
        "errors": int(errors),
        "requests": int(total),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sample", type=int, default=500)
    args = parser.parse_args()

    facts = corpus_facts(args.sample)
    one_id, one_path = facts["ids"][0], facts["paths"][0]
    v1_detail = [f"/api/v1/pages/{pk}/" for pk in facts["ids"]]
    v1_find = [f"/api/v1/pages/find/?path={p}&locale=de" for p in facts["paths"]]
    v1_list = ["/api/v1/pages/?type=project&limit=20"]
    v2_detail = [f"/api/v2/pages/{pk}/" for pk in facts["ids"]]
    v2_find = [f"/api/v2/pages/find/?html_path={p}" for p in facts["html_paths"]]
    v2_list = ["/api/v2/pages/?type=projekte.ProjectPage&fields=teaser,hero_image&limit=20"]

    results: dict[str, dict] = {}
    port = args.port

    # Cached: our API with its response cache; the same JSON as a static file (whitenoise).
    static_dir = ROOT / "var" / "static" / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    server = start_server(port, args.workers, cache=True)
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/pages/{one_id}/").read()
    finally:
        stop_server(server)
    (static_dir / "page.json").write_bytes(body)
    server = start_server(port, args.workers, cache=True)
    try:
        results["v1 detail, cached"] = wrk(port, [v1_detail[0]], args.duration, args.connections)
        results["v1 listing, cached"] = wrk(port, v1_list, args.duration, args.connections)
        results["v1 find-by-path, cached"] = wrk(
            port,
            [f"/api/v1/pages/find/?path={one_path}&locale=de"],
            args.duration,
            args.connections,
        )
        results["static file (same JSON)"] = wrk(
            port, ["/static/bench/page.json"], args.duration, args.connections
        )
    finally:
        stop_server(server)

    server = start_server(port, args.workers, cache=False)
    try:
        results["v1 detail, uncached"] = wrk(port, v1_detail, args.duration, args.connections)
        results["v1 listing, uncached"] = wrk(port, v1_list, args.duration, args.connections)
        results["v1 find-by-path, uncached"] = wrk(port, v1_find, args.duration, args.connections)
        results["v2 detail"] = wrk(port, v2_detail, args.duration, args.connections)
        results["v2 listing"] = wrk(port, v2_list, args.duration, args.connections)
        results["v2 find (302 to detail)"] = wrk(port, v2_find, args.duration, args.connections)
    finally:
        stop_server(server)

    ratios = {
        "detail uncached v1/v2": results["v1 detail, uncached"]["rps"]
        / results["v2 detail"]["rps"],
        "listing uncached v1/v2": results["v1 listing, uncached"]["rps"]
        / results["v2 listing"]["rps"],
        "cached detail / static": results["v1 detail, cached"]["rps"]
        / results["static file (same JSON)"]["rps"],
    }
    out = {
        "label": args.label,
        "database": os.environ.get("DATABASE_URL", "").split(":", 1)[0],
        "pages": facts["count"],
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "results": results,
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
    }
    (ROOT / "bench" / "api" / f"results-{args.label}.json").write_text(
        json.dumps(out, indent=2) + "\n"
    )
    say(f"\n{args.label}: {facts['count']} project pages, {args.workers} workers\n")
    say("| scenario | req/s | p50 ms | p95 ms | errors |")
    say("| --- | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        say(f"| {name} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['errors']} |")
    for name, value in out["ratios"].items():
        say(f"| ratio {name} | {value:.2f} | | | |")


if __name__ == "__main__":
    main()
