"""The API response cache's hits and misses in ``/metrics`` (cms.runtime.metrics)."""

from __future__ import annotations

from tests.metrics import scrape, value

COUNTER = "cms_api_cache_requests_total"


def test_a_second_read_is_a_hit_in_the_metrics_and_the_headers_stay(api, event, client, settings):
    before = scrape(client, settings)
    url = f"/api/v1/pages/{event.pk}/"
    first, second = api.get(url), api.get(url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first["Cache-Control"] == second["Cache-Control"]
    assert "public" in second["Cache-Control"] and first["ETag"] == second["ETag"]
    after = scrape(client, settings)
    assert value(after, COUNTER, result="miss") == value(before, COUNTER, result="miss") + 1
    assert value(after, COUNTER, result="hit") == value(before, COUNTER, result="hit") + 1


def test_reads_the_cache_does_not_serve_are_not_counted(api, event, client, settings):
    """Authorized reads, other methods and Wagtail's v2 API bypass the cache: neither hit nor
    miss, so the rate is the cache's own."""
    before = scrape(client, settings)
    url = f"/api/v1/pages/{event.pk}/"
    api.get(url, HTTP_AUTHORIZATION="Bearer nothing")
    api.get(f"/api/v2/pages/{event.pk}/")
    api.post(url)
    after = scrape(client, settings)
    for result in ("hit", "miss"):
        assert value(after, COUNTER, result=result) == value(before, COUNTER, result=result)
