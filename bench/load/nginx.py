"""Published API answers through Varnish (cache hits) against the same JSON as a static file in nginx.

    bin/stack start                        # Varnish :8180 in front of the app servers
    .venv/bin/python bench/load/nginx.py   # 3 rounds, wrk 2 threads, 50 connections, 10 s each

The answers of a few published pages (detail, find-by-path, a listing of cards) are fetched once
through Varnish with ``Accept-Encoding: gzip`` (so Varnish holds them, gzipped, as the CMS sent
them) and written, byte for byte, as files that nginx (Debian's ``nginx-light``; ``gzip_static``
serves the ``.gz`` copy) serves from a temporary root on 127.0.0.1:8196. ``wrk`` then reads the
same URL mix from Varnish and from nginx, ``--rounds`` times in turns (Varnish first, then
nginx), each request with ``Accept-Encoding: gzip`` like a phone's. A row of the table is the
round with the median throughput; the ratio is the median of the rounds' ratios. Writes
``bench/load/results-nginx.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from bench.wrk import run_wrk  # noqa: E402

VARNISH = "http://127.0.0.1:8180"
NGINX_PORT = 8196


NGINX_CONF = """
daemon off;
worker_processes 2;
pid %(root)s/nginx.pid;
error_log %(root)s/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types { application/json json; }
    default_type application/json;
    server {
        listen 127.0.0.1:%(port)d;
        root %(root)s/www;
        gzip_static on;
        location / { try_files $uri =404; }
    }
}
"""


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def fetch(url: str) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), dict(response.headers)


def answers() -> list[str]:
    """Paths of published answers: a listing of cards, 5 details, 5 find-by-path (German)."""
    listing, _ = fetch(f"{VARNISH}/api/v1/pages/?type=project&locale=de&limit=20")
    data = json.loads(gzip.decompress(listing) if listing[:2] == b"\x1f\x8b" else listing)
    items = data.get("items", data.get("results", []))[:5]
    paths = ["/api/v1/pages/?limit=20&locale=de&type=project"]
    for item in items:
        paths.append(f"/api/v1/pages/{item['id']}/")
        path = item.get("meta", {}).get("path") or item.get("path")
        if path:
            paths.append(f"/api/v1/pages/find/?locale=de&path={urllib.parse.quote(path)}")
    return paths


def wrk(base: str, paths: list[str], duration: int, connections: int) -> dict:
    """One measured run (bench/wrk.py), throughput as ``req_per_s``."""
    measured = run_wrk(base, paths, duration, connections)
    return {"req_per_s": measured.pop("rps"), **measured}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()

    paths = answers()
    root = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    root.chmod(0o755)  # nginx's workers run as www-data
    nginx_paths = []
    for n, path in enumerate(paths):
        body, headers = fetch(VARNISH + path)  # warms Varnish, too
        fetch(VARNISH + path)
        plain = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        name = f"/answer-{n}.json"
        (root / "www").mkdir(exist_ok=True)
        (root / "www" / name[1:]).write_bytes(plain)
        (root / "www" / (name[1:] + ".gz")).write_bytes(gzip.compress(plain, 6))
        nginx_paths.append(name)
    (root / "nginx.conf").write_text(NGINX_CONF % {"root": root, "port": NGINX_PORT})
    nginx = subprocess.Popen(
        ["/usr/sbin/nginx", "-c", str(root / "nginx.conf"), "-p", str(root)],
        start_new_session=True,
    )
    try:
        for _ in range(50):
            try:
                fetch(f"http://127.0.0.1:{NGINX_PORT}{nginx_paths[0]}")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"nginx does not serve the files: {(root / 'error.log').read_text()}")
        _, headers = fetch(VARNISH + paths[1])
        say(f"{len(paths)} answers; Varnish answers X-Cache {headers.get('X-Cache')}")
        rounds = []
        for n in range(args.rounds):
            load = os.getloadavg()[0]
            varnish = wrk(VARNISH, paths, args.duration, args.connections)
            static = wrk(
                f"http://127.0.0.1:{NGINX_PORT}", nginx_paths, args.duration, args.connections
            )
            ratio = round(varnish["req_per_s"] / static["req_per_s"], 3)
            rounds.append({"varnish": varnish, "nginx": static, "ratio": ratio, "load": load})
            say(f"round {n + 1}: varnish {varnish}, nginx {static}, ratio {ratio}, load {load:.2f}")
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)

    def median_round(kind: str) -> dict:
        ordered = sorted(rounds, key=lambda r: r[kind]["req_per_s"])
        return ordered[len(ordered) // 2][kind]

    result = {
        "measured": time.strftime("%Y-%m-%d %H:%M"),
        "paths": paths,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": rounds,
        "varnish": median_round("varnish"),
        "nginx": median_round("nginx"),
        "ratio_median": statistics.median(r["ratio"] for r in rounds),
    }
    (HERE / "results-nginx.json").write_text(json.dumps(result, indent=1) + "\n")
    say("| server | req/s (median round) | p50 ms | p95 ms | errors | req/s, every round |")
    say("| --- | ---: | ---: | ---: | ---: | --- |")
    for kind, name in (("varnish", "Varnish, cache hit"), ("nginx", "nginx, static file")):
        row = result[kind]
        every = ", ".join(str(r[kind]["req_per_s"]) for r in rounds)
        say(
            f"| {name} | {row['req_per_s']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['errors']} | {every} |"
        )
    say(
        f"Varnish ÷ nginx: {result['ratio_median']} (median of the rounds' ratios: "
        f"{', '.join(str(r['ratio']) for r in rounds)})"
    )


if __name__ == "__main__":
    main()
