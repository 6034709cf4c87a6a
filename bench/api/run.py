"""Benchmark the API under gunicorn with wrk: ours (cached and uncached) against stock v2.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 .venv/bin/python bench/api/run.py --label sqlite-10k

Needs a corpus (bench/api/corpus.py) and ``wrk`` (Debian: apt-get install wrk). Starts
gunicorn on 127.0.0.1 (API cache on, then off), runs each scenario for ``--duration``
seconds with ``--connections`` connections, ``--rounds`` times (v1 and stock v2 taking turns),
and prints a Markdown table of the median round; results also go to
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
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.wrk import run_wrk  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")


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
    """A 2 s warm-up (fills caches and worker imports), then the measured run (bench/wrk.py)."""
    return run_wrk(f"http://127.0.0.1:{port}", paths, duration, connections, warmup=2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="median of this many rounds")
    args = parser.parse_args()

    facts = corpus_facts(args.sample)
    one_id, one_path = facts["ids"][0], facts["paths"][0]
    v1_detail = [f"/api/v1/pages/{pk}/" for pk in facts["ids"]]
    v1_find = [f"/api/v1/pages/find/?path={p}&locale=de" for p in facts["paths"]]
    v1_list = ["/api/v1/pages/?type=project&limit=20"]
    v2_detail = [f"/api/v2/pages/{pk}/" for pk in facts["ids"]]
    v2_find = [f"/api/v2/pages/find/?html_path={p}" for p in facts["html_paths"]]
    v2_list = ["/api/v2/pages/?type=projekte.ProjectPage&fields=teaser,hero_image&limit=20"]

    port = args.port
    # The cached page: our API's JSON for one page, also served as a static file (whitenoise).
    static_dir = ROOT / "var" / "static" / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    server = start_server(port, args.workers, cache=True)
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/pages/{one_id}/").read()
    finally:
        stop_server(server)
    (static_dir / "page.json").write_bytes(body)

    def run(name: str, paths: list[str]) -> None:
        current[name] = wrk(port, paths, args.duration, args.connections)
        say(f"  {name}: {current[name]['rps']} req/s")

    rounds: list[dict[str, dict]] = []
    for n in range(args.rounds):
        say(f"round {n + 1} of {args.rounds}")
        current: dict[str, dict] = {}
        server = start_server(port, args.workers, cache=True)
        try:
            run("v1 detail, cached", [v1_detail[0]])
            run("v1 listing, cached", v1_list)
            run("v1 find-by-path, cached", [f"/api/v1/pages/find/?path={one_path}&locale=de"])
            run("static file (same JSON)", ["/static/bench/page.json"])
        finally:
            stop_server(server)
        # Ours and stock v2 take turns, so a slower minute of a shared machine hits both.
        server = start_server(port, args.workers, cache=False)
        try:
            run("v1 detail, uncached", v1_detail)
            run("v2 detail", v2_detail)
            run("v1 listing, uncached", v1_list)
            run("v2 listing", v2_list)
            run("v1 find-by-path, uncached", v1_find)
            run("v2 find (302 to detail)", v2_find)
        finally:
            stop_server(server)
        rounds.append(current)

    # Per scenario the round with the median throughput; ratios are taken within each round
    # (the two sides measured minutes apart) and their median reported, with every round's.
    results = {
        name: sorted((r[name] for r in rounds), key=lambda x: x["rps"])[len(rounds) // 2]
        for name in rounds[0]
    }
    pairs = {
        "detail uncached v1/v2": ("v1 detail, uncached", "v2 detail"),
        "listing uncached v1/v2": ("v1 listing, uncached", "v2 listing"),
        "cached detail / static": ("v1 detail, cached", "static file (same JSON)"),
    }
    per_round = {
        key: [round(r[a]["rps"] / r[b]["rps"], 2) for r in rounds] for key, (a, b) in pairs.items()
    }
    ratios = {key: sorted(values)[len(values) // 2] for key, values in per_round.items()}
    out = {
        "label": args.label,
        "database": os.environ.get("DATABASE_URL", "").split(":", 1)[0],
        "pages": facts["count"],
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "results": results,
        "ratios": ratios,
        "ratios_per_round": per_round,
        "rps_per_round": {name: [r[name]["rps"] for r in rounds] for name in rounds[0]},
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
        every = ", ".join(f"{v:.2f}" for v in per_round[name])
        say(f"| ratio {name} | {value:.2f} (rounds: {every}) | | | |")


if __name__ == "__main__":
    main()
