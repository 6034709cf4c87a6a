"""Search latency in ``/metrics``: ``cms_search_duration_seconds{backend}`` (search.metrics)."""

from __future__ import annotations

import pytest

from search import service
from tests.metrics import scrape, value

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
COUNT = "cms_search_duration_seconds_count"
SUM = "cms_search_duration_seconds_sum"


def _searched(client, settings, query: str, backend: str) -> None:
    before = scrape(client, settings)
    body = client.get(URL, {"q": query, "locale": "de"}).json()
    assert body["backend"] == backend and body["total"] >= 1
    after = scrape(client, settings)
    assert value(after, COUNT, backend=backend) == value(before, COUNT, backend=backend) + 1
    assert value(after, SUM, backend=backend) > value(before, SUM, backend=backend)


def test_a_database_search_is_observed(client, corpus, settings):
    _searched(client, settings, "Schueler", "database")
    # An empty query searches nothing and is not counted.
    before = scrape(client, settings)
    client.get(URL, {"q": "", "locale": "de"})
    after = scrape(client, settings)
    for backend in ("database", "engine", "none"):
        assert value(after, COUNT, backend=backend) == value(before, COUNT, backend=backend)


@pytest.mark.engine
def test_an_engine_search_and_its_fallback_are_observed_by_backend(client, engine_corpus, settings):
    service._engine_down_until = 0.0
    _searched(client, settings, "Kalibergbau", "engine")
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": ["http://127.0.0.1:9"]},
    }
    try:
        _searched(client, settings, "Kalibergbau", "database")
    finally:
        service._engine_down_until = 0.0
