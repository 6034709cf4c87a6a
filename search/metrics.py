"""The search's Prometheus metric, exported with the core's at ``/metrics`` (docs/deployment.md).

``cms_search_duration_seconds{backend}``: seconds a search took (:func:`search.service.search`,
from the query to the ranked, faceted page of results), by the backend that answered:
``engine``, or ``database`` (configured so, or as the engine's fallback; then the time includes
the failed engine call). Empty queries, which search nothing, are not counted.
"""

from __future__ import annotations

from prometheus_client import Histogram

__all__ = ["SEARCH_SECONDS"]

SEARCH_SECONDS = Histogram(
    "cms_search_duration_seconds",
    "Seconds a search took, by the backend that answered (engine or database).",
    ["backend"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
