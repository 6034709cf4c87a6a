"""Engine latency at scale: the first search after start, warm searches and suggestions.

Measures ``search.service.search`` and ``search.service.suggest`` in-process (no HTTP) on the
engine that ``SEARCH_URL`` names, over the queries of ``queries.json`` (the German and English
reader queries; suggestions: each query's first word cut to 3–6 letters). Runs with the code of
the current directory, so the same script measures another checkout (``cd /tmp/old && python
/path/to/engine_scale.py``) for old-vs-new ratios.

``--bulk N`` first fills the corpus up to N generated documents, bypassing Wagtail pages (a
10,000-page Wagtail corpus takes 20 minutes to generate, 100,000 far longer): it inserts N bare
``wagtailcore.Page`` rows (live, under the German project index, paths generated, no page type
of their own) and one ``SearchDocument`` per row (``content_type`` ``project``, title, teaser and
body of random words drawn from the demo text and a filler list, a ``status`` facet), then bulk
indexes every document into a new engine index (``search.indexing.rebuild_backend_index``:
``add_items`` in batches of 500, then the alias swap). The documents
carry no Python terms (``title_terms``/``terms`` empty): the numbers are for the engine only.

``--bulk N --terms --fill-only`` makes the same documents for the **database backends** instead
(10,000 in minutes, not the hours Wagtail pages take): each document's ``title_terms`` and
``terms`` from the indexer's own analysis (:func:`search.analysis.terms`, as
:func:`search.indexing.build_document`), on SQLite the FTS5 entries of the database backend, then
once :func:`search.terms.rebuild` (the ``IndexTerm`` vocabulary, ``TitleWord`` rows, the
``IndexGeneration`` bump; PostgreSQL's ``title_vector``/``body_vector`` are generated columns).
Measure them with ``bench/search/run.py --modes database --no-rebuild``.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 SEARCH_URL='opensearch2://127.0.0.1:9201?index=b_' \\
        .venv/bin/python bench/search/engine_scale.py --bulk 10000 --label new-10k
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

FILLER = (
    "Region Gemeinde Landkreis Verein Bürger Entwicklung Förderung Zukunft Wirtschaft Tourismus "
    "Kultur Radweg Dorf Stadt Energie Wasser Wald Handwerk Pflege Mobilität Digitalisierung "
    "Breitband Nahversorgung Ehrenamt Jugend Familie Wohnen Sanierung"
).split()


def bulk(count: int, index_new: bool = True, with_terms: bool = False) -> int:
    """Fill up to ``count`` generated documents (see the module docstring); returns how many
    were added. ``with_terms``: also what the database backends need (:func:`database_side`)."""
    from django.db import transaction
    from wagtail.models import Page

    from projekte.models import ProjectIndexPage
    from search import analysis
    from search.models import SearchDocument

    parent = Page.objects.get(pk=ProjectIndexPage.objects.filter(locale__language_code="de")[0].pk)
    existing = Page.objects.filter(slug__startswith="bulk-").count()
    if existing >= count:
        return 0
    rng = random.Random(42 + existing)
    words = list(FILLER) * 20
    for title, body in SearchDocument.objects.filter(language="de").values_list("title", "body"):
        words.extend(w for w in f"{title} {body}".split() if w.isalpha() and len(w) > 3)
    statuses = ["running", "planned", "finished"]
    added = 0
    step = Page.steplen
    for start in range(existing, count, 2000):
        pages, docs = [], []
        for n in range(start, min(count, start + 2000)):
            title = " ".join(rng.choices(words, k=rng.randint(2, 5)))[:200]
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=f"bulk-{n}",
                    path=parent.path + format_step(100_000 + n, step),
                    depth=parent.depth + 1,
                    numchild=0,
                    live=True,
                    content_type_id=parent.content_type_id,
                    locale_id=parent.locale_id,
                    url_path=f"{parent.url_path}bulk-{n}/",
                )
            )
        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=500)
            created = Page.objects.filter(slug__in=[p.slug for p in pages])
            for page in created:
                teaser = " ".join(rng.choices(words, k=20))
                body = " ".join(rng.choices(words, k=rng.randint(60, 400)))
                status = rng.choice(statuses)
                document = SearchDocument(
                    page_id=page.pk,
                    locale_id=page.locale_id,
                    language="de",
                    content_type="project",
                    title=page.title,
                    teaser=teaser,
                    body=body,
                    facets={"status": [[status, ""]]},
                    url_path=page.url_path,
                )
                if with_terms:  # the indexer's analysis (search.indexing.build_document)
                    document.title_terms = " ".join(analysis.terms(page.title, "de"))
                    document.terms = " ".join(analysis.terms(f"{teaser}\n{body}\n", "de"))
                docs.append(document)
            SearchDocument.objects.bulk_create(docs, batch_size=500)
        if index_new:
            index_documents(docs)
        if with_terms:
            database_side(docs)
        added += len(docs)
        sys.stderr.write(f"bulk: {start + len(docs)} / {count}\n")
    if with_terms and added:
        from search import terms

        terms.rebuild()  # IndexTerm vocabulary, TitleWord, the IndexGeneration bump
    return added


def database_side(docs) -> None:
    """What the database backends retrieve through, for generated documents ``docs``: on
    SQLite the FTS5 index of the database backend (modelsearch's ``add_items``, batches of
    500); on PostgreSQL nothing (``title_vector``/``body_vector`` are generated columns of
    ``title_terms``/``terms``, migration ``0005``). The vocabulary and title words follow
    once at the end (:func:`search.terms.rebuild`)."""
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from search import service
    from search.models import SearchDocument

    if connection.vendor != "sqlite":
        return
    backend = get_search_backend(service.database_backend_name())
    index = backend.get_index_for_model(SearchDocument)
    for start in range(0, len(docs), 500):
        index.add_items(SearchDocument, docs[start : start + 500])


def format_step(number: int, length: int) -> str:
    """``number`` as a treebeard path step of ``length`` base-36 digits."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    return digits.rjust(length, "0")


def index_documents(docs) -> None:
    """Bulk-add ``docs`` to the engine index of the default backend (batches of 500)."""
    from wagtail.search.backends import get_search_backend

    from search.models import SearchDocument

    backend = get_search_backend("default")
    index = backend.get_index_for_model(SearchDocument)
    for start in range(0, len(docs), 500):
        index.add_items(SearchDocument, docs[start : start + 500])
    index.refresh()


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[int(share * (len(values) - 1))]


def measure(config: dict, repeat: int) -> dict:
    """First search, warm searches and suggestions, in milliseconds."""
    from search import service

    queries = [(item["q"], item["locale"]) for item in config["queries"]]
    started = time.perf_counter()
    first = service.search(queries[0][0], queries[0][1], log=False)
    first_ms = (time.perf_counter() - started) * 1000
    if first.backend != "engine":
        raise SystemExit("The engine did not answer: set SEARCH_URL to a running engine node.")
    for q, locale in queries:  # warm-up round
        service.search(q, locale, log=False)
    searches = []
    totals = []
    for _ in range(repeat):
        for q, locale in queries:
            started = time.perf_counter()
            outcome = service.search(q, locale, log=False)
            searches.append((time.perf_counter() - started) * 1000)
            totals.append(outcome.total)
    prefixes = []
    for q, locale in queries:
        word = q.split()[0]
        prefixes.extend((word[:n], locale) for n in (3, 4, 6) if len(word) >= n)
    for prefix, locale in prefixes[:10]:
        service.suggest(prefix, locale)
    suggests = []
    for _ in range(repeat):
        for prefix, locale in prefixes:
            started = time.perf_counter()
            service.suggest(prefix, locale)
            suggests.append((time.perf_counter() - started) * 1000)
    return {
        "queries": len(queries),
        "first_ms": first_ms,
        "search_p50_ms": statistics.median(searches),
        "search_p95_ms": percentile(searches, 0.95),
        "suggest_p50_ms": statistics.median(suggests),
        "suggest_p95_ms": percentile(suggests, 0.95),
        "suggests": len(prefixes),
        "mean_total": statistics.mean(totals),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bulk", type=int, default=0, help="generated documents to fill up to")
    parser.add_argument(
        "--terms",
        action="store_true",
        help="give generated documents what the database backends need (terms, vocabulary, "
        "title words, SQLite's FTS entries) and do not touch the engine",
    )
    parser.add_argument("--fill-only", action="store_true", help="fill, do not measure")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the engine index first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = 300  # bulk work on a busy machine
    config = json.loads((HERE / "queries.json").read_text())
    if args.bulk and bulk(args.bulk, index_new=False, with_terms=args.terms) and not args.terms:
        args.rebuild = True
    if args.fill_only:
        return
    if args.rebuild:
        from search import indexing

        indexing.rebuild_backend_index("default")
    from search.models import SearchDocument

    result = measure(config, args.repeat)
    result.update(label=args.label, documents=SearchDocument.objects.count())
    sys.stdout.write(json.dumps(result) + "\n")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
