"""Scraping ``/metrics`` as Prometheus would, for the tests of every metric."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

TOKEN = "test-metrics-token"


def scrape(client, settings) -> dict[tuple[str, frozenset], float]:
    """``GET /metrics`` with the bearer token (set in ``settings``), parsed: ``{(sample name,
    frozenset of label items): value}``."""
    settings.CMS_METRICS_TOKEN = TOKEN
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content[:300]
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    """One sample's value (0 when absent: a labelled counter appears at its first increment)."""
    return samples.get((name, frozenset(labels.items())), 0.0)
