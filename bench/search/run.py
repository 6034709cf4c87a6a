"""Relevance and latency benchmark of the reader search.

Runs the queries of ``queries.json`` against the demo content in the database that
``DATABASE_URL`` names (SQLite or PostgreSQL) and prints recall@3, MRR and latency for:

``database``  the search plugin on Wagtail's database backend (query expansion + ranking);
``engine``    the search plugin on the engine (needs ``SEARCH_URL=opensearch2://…`` or
              ``elasticsearch8://…``);
``stock``     stock Wagtail: ``Page.objects.live().search(q)`` on the database backend, for scale.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/search/run.py --setup
    .venv/bin/python bench/search/run.py --generate 10000   # add generated pages, then measure

``--setup`` migrates and loads the demo content into that database first (idempotent).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def setup_django():
    import django

    django.setup()


def load_demo():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_site", stdout=open(os.devnull, "w"))
    call_command("load_demo_content", "--if-empty", stdout=open(os.devnull, "w"))


def ensure_synonyms(config: dict) -> None:
    from search.models import Synonym

    for language, groups in config.get("synonyms", {}).items():
        for group in groups:
            words = ", ".join(group)
            Synonym.objects.get_or_create(language=language, words=words)


def relative_path(url_path: str) -> str:
    """``/start/projekte/x/`` → ``/projekte/x/`` (the path within the locale's site root)."""
    parts = url_path.strip("/").split("/")
    return "/" + "/".join(parts[1:]) + "/" if len(parts) > 1 else "/"


def run_query(mode: str, query: str, locale: str) -> list[str]:
    from search import service

    if mode == "stock":
        from wagtail.models import Locale, Page
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend(service.database_backend_name())
        pages = Page.objects.live().filter(locale=Locale.objects.get(language_code=locale))
        return [relative_path(p.url_path) for p in backend.search(query, pages)[:10]]
    backend = "database" if mode == "database" else None
    outcome = service.search(query, locale, limit=10, log=False, backend=backend)
    if mode == "engine" and outcome.backend != "engine":
        raise SystemExit("The engine did not answer: set SEARCH_URL to a running engine node.")
    return [r["path"] for r in outcome.results]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` (0–1) percentile of ``values`` by nearest rank below."""
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def first_search(config: dict) -> float:
    """Milliseconds of the first search of this process (cold caches: vocabulary, synonyms)."""
    item = config["queries"][0]
    started = time.perf_counter()
    run_query("database", item["q"], item["locale"])
    return (time.perf_counter() - started) * 1000


def suggest_latencies(config: dict, repeat: int) -> list[float]:
    """Milliseconds per ``search.service.suggest`` call for every prefix (2+ characters) of
    each ``typical`` query's first word, as typed keystroke by keystroke."""
    from search import service

    latencies = []
    for item in config["queries"]:
        if not item.get("typical"):
            continue
        word = item["q"].split()[0]
        for end in range(2, len(word) + 1):
            for _ in range(repeat):
                started = time.perf_counter()
                service.suggest(word[:end], item["locale"])
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def evaluate(mode: str, config: dict, repeat: int = 3) -> dict:
    """Relevance and latency of ``mode`` over the queries of ``config``. Each query runs once
    unmeasured for the warm figures (its vocabulary look-ups are then remembered until the next
    document write; that first run is reported as ``typical_cold_p95_ms``), then ``repeat``
    times measured (milliseconds)."""
    rows, latencies, typical, cold = [], [], [], []
    for item in config["queries"]:
        started = time.perf_counter()
        run_query(mode, item["q"], item["locale"])
        if item.get("typical"):
            cold.append((time.perf_counter() - started) * 1000)
        for _ in range(repeat):
            started = time.perf_counter()
            found = run_query(mode, item["q"], item["locale"])
            latencies.append((time.perf_counter() - started) * 1000)
            if item.get("typical"):
                typical.append(latencies[-1])
        expected = item["expected"]
        top3 = found[:3]
        recall = len([e for e in expected if e in top3]) / min(len(expected), 3)
        rank = next((i + 1 for i, path in enumerate(found) if path in expected), None)
        rows.append(
            {**item, "found": found[:5], "recall3": recall, "rr": 1 / rank if rank else 0.0}
        )
    latencies.sort()
    return {
        "mode": mode,
        "queries": len(rows),
        "recall3": sum(r["recall3"] for r in rows) / len(rows),
        "mrr": sum(r["rr"] for r in rows) / len(rows),
        "median_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "typical_queries": len([i for i in config["queries"] if i.get("typical")]),
        "typical_p50_ms": statistics.median(typical) if typical else None,
        "typical_p95_ms": percentile(typical, 0.95) if typical else None,
        "typical_cold_p95_ms": percentile(cold, 0.95) if cold else None,
        "misses": [r for r in rows if r["recall3"] < 1],
    }


def generate(count: int) -> int:
    """Add generated project pages (from the demo vocabulary) until ``count`` exist."""
    import datetime
    import random

    from django.db import transaction
    from wagtail.models import Page

    from projekte.models import ProjectIndexPage, ProjectPage
    from search.models import SearchDocument

    existing = ProjectPage.objects.filter(slug__startswith="bench-").count()
    if existing >= count:
        return existing
    random.seed(42)
    words = []
    for title, body in SearchDocument.objects.filter(language="de").values_list("title", "body"):
        words.extend(w for w in f"{title} {body}".split() if w.isalpha() and len(w) > 3)
    filler = (
        "Region Gemeinde Landkreis Verein Bürger Entwicklung Förderung Zukunft Wirtschaft "
        "Tourismus Kultur Radweg Dorf Stadt Energie Wasser Wald Handwerk Pflege Mobilität "
        "Digitalisierung Breitband Nahversorgung Ehrenamt Jugend Familie Wohnen Sanierung"
    ).split()
    words.extend(filler * 20)
    index = ProjectIndexPage.objects.filter(locale__language_code="de").first()
    parent = Page.objects.get(pk=index.pk)
    for n in range(existing, count):
        title = " ".join(random.choices(words, k=random.randint(2, 5)))
        teaser = " ".join(random.choices(words, k=20))
        paragraphs = [
            {"type": "text", "value": " ".join(random.choices(words, k=random.randint(60, 200)))}
            for _ in range(random.randint(1, 3))
        ]
        page = ProjectPage(
            title=title[:200],
            slug=f"bench-{n}",
            teaser=teaser[:290],
            start_date=datetime.date(2020, 1, 1),
            body=paragraphs,
        )
        with transaction.atomic():
            parent.add_child(instance=page)
        parent.refresh_from_db()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--setup", action="store_true", help="migrate and load the demo content")
    parser.add_argument("--modes", default="database,stock", help="database,engine,stock")
    parser.add_argument("--generate", type=int, default=0, help="generated pages to add first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--label", default="", help="name of this run in the output")
    parser.add_argument("--json", type=Path, help="write the full results here")
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    from search import indexing

    config = json.loads((HERE / "queries.json").read_text())
    if args.setup:
        load_demo()
    ensure_synonyms(config)
    if args.generate:
        generate(args.generate)
    if not args.no_rebuild:
        from django.core.management import call_command

        call_command("search_rebuild", stdout=open(os.devnull, "w"))
    from search.models import SearchDocument

    documents = SearchDocument.objects.count()
    cold = first_search(config) if "database" in args.modes.split(",") else None
    results = []
    for mode in args.modes.split(","):
        result = evaluate(mode, config, repeat=args.repeat)
        result.update(database=connection.vendor, documents=documents, label=args.label)
        if mode == "database":
            suggests = suggest_latencies(config, args.repeat)
            result.update(
                first_ms=cold,
                suggest_p50_ms=statistics.median(suggests),
                suggest_p95_ms=percentile(suggests, 0.95),
            )
            sys.stdout.write(
                f"    typical ({result['typical_queries']}): p50 {result['typical_p50_ms']:.1f} ms, "
                f"p95 {result['typical_p95_ms']:.1f} ms (each query's first run: p95 "
                f"{result['typical_cold_p95_ms']:.1f} ms); first search {cold:.1f} ms; "
                f"suggest p50 {result['suggest_p50_ms']:.1f} ms, p95 "
                f"{result['suggest_p95_ms']:.1f} ms\n"
            )
        results.append(result)
        sys.stdout.write(
            f"| {args.label or mode} | {mode} | {connection.vendor} | {documents} | "
            f"{result['recall3']:.2f} | {result['mrr']:.2f} | {result['median_ms']:.1f} | "
            f"{result['p95_ms']:.1f} |\n"
        )
        for miss in result["misses"]:
            sys.stdout.write(f"    miss: {miss['q']!r} ({miss['locale']}) → {miss['found'][:3]}\n")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    del indexing


if __name__ == "__main__":
    main()
