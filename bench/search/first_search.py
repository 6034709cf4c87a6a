"""The first search of a fresh worker process against a warm one, with and without the
worker warm-up (:func:`cms.runtime.warmup.warm_up`, gunicorn's ``post_worker_init``).

Each run is a new Python process, as a gunicorn worker is: Django set up (the WSGI application
loaded), then optionally the warm-up (timed apart: the worker pays it before it accepts a
connection), then the first ``search.service.search`` of the process, then the same query
``--repeat`` more times (warm). Prints JSON: ``first_ms``, ``warm_p50_ms``, ``ratio``
(first ÷ warm median) and ``warm_up_ms``.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search/first_search.py
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search/first_search.py --warm-up
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warm-up", action="store_true", help="run the worker warm-up first")
    parser.add_argument("--query", default="Kali Masterplan")
    parser.add_argument("--locale", default="de")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    WSGIHandler()  # what gunicorn loads before a worker serves (middleware, URL conf)
    warm_up_ms = None
    if args.warm_up:
        from cms.runtime.warmup import warm_up

        started = time.perf_counter()
        warm_up()
        warm_up_ms = (time.perf_counter() - started) * 1000
    from django.db import close_old_connections

    from search import service

    def once() -> float:
        close_old_connections()  # as at the start of every request (CONN_MAX_AGE)
        started = time.perf_counter()
        service.search(args.query, args.locale, log=False)
        return (time.perf_counter() - started) * 1000

    first = once()
    warm = [once() for _ in range(args.repeat)]
    result = {
        "warm_up": args.warm_up,
        "first_ms": round(first, 1),
        "warm_p50_ms": round(statistics.median(warm), 1),
        "ratio": round(first / statistics.median(warm), 2),
        "warm_up_ms": None if warm_up_ms is None else round(warm_up_ms, 1),
        "load": os.getloadavg()[0],
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
