"""What a worker's first search pays, paid once when the worker starts (``Plugin.warm_up``,
run by :func:`cms.runtime.warmup.warm_up` from gunicorn's ``post_worker_init``).

Measured in a fresh process (``bench/search/first_search.py``), the first search paid for:
importing the modules a search reaches only then (modelsearch's SQLite FTS query compiler,
RapidFuzz, Wagtail's search promotions, the pages API's card schemas), building each
language's Snowball stemmer, reading the German dictionary of the compound check (about
100,000 nouns), creating the search backends (the engine's HTTP client) and, on SQLite, reading
the FTS5 index's pages from disk. :func:`warm` does the same with one search per language,
read-only (``log=False``: not even the in-memory statistics count it).
"""

from __future__ import annotations

#: A word that exercises analysis, expansion, retrieval and ranking, per search language.
WARM_QUERY = "Entwicklung"


def warm() -> None:
    """Import, build and read what the first search needs, then search once per language
    (reads only). Raises what a search raises (the caller logs it)."""
    import rapidfuzz.process  # noqa: F401 - imported by the first typo correction

    from cms.plugin.api import ApiError  # noqa: F401 - loads the API (the search endpoint's cards)
    from search import analysis, dictionary, languages, service

    dictionary.warm()
    for language in languages.languages():
        analysis.term(WARM_QUERY, language)
        service.search(WARM_QUERY, language, log=False)
        service.suggest(WARM_QUERY[:3], language)
