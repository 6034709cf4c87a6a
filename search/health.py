"""The search plugin's readiness check (``Plugin.health_checks``, :mod:`cms.runtime.health`)."""

from __future__ import annotations

import dataclasses

from health_check.base import HealthCheck
from health_check.exceptions import ServiceWarning

from search import service


@dataclasses.dataclass
class SearchEngine(HealthCheck):
    """The search engine answers its cluster health (``GET /_cluster/health``) and is not
    ``red``; nothing to check on the database backend.

    Raises ``ServiceWarning`` when the engine is unreachable or red: search then answers from
    the database, so the server stays ready and the report says search is degraded.
    """

    def run(self) -> None:
        """One cluster-health request through the configured backend's client (5 s budget)."""
        if service.engine_backend_name() is None:
            return
        try:
            health = service._backend("default").es.cluster.health(request_timeout=5)
        except Exception as exc:  # noqa: BLE001 - any transport error means "unreachable"
            raise ServiceWarning(
                "search engine unreachable; search answers from the database"
            ) from exc
        if health.get("status") == "red":
            raise ServiceWarning("search engine cluster is red; search answers from the database")
