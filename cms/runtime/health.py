"""Liveness and readiness endpoints for load balancers and orchestrators, on django-health-check.

- ``GET /health/live/``: the process answers requests (no check; Kubernetes' ``livenessProbe``).
- ``GET /health/ready/``: it can serve readers and editors: the database answers ``SELECT 1``,
  the cache stores and reads a key (:class:`Cache`), the media storage (file system or S3)
  saves and deletes a file, plus the checks
  plugins name in ``Plugin.health_checks`` (the search plugin: the engine). ``200`` when every
  check passes or only warns, ``503`` when one fails (Kubernetes' ``readinessProbe``).

A check that raises ``health_check.exceptions.ServiceWarning`` reports a degraded service that
the CMS works around (the search engine: search answers from the database meanwhile); it is shown
but keeps the server ready, since taking every app server out of the load balancer would turn a
degraded search into an outage. The same holds for the shared cache (Redis): it fails open, so
the API answers from the database while Redis is gone, and :class:`Cache` warns. The media
storage has no such fallback (uploads, renditions and downloads need it): when it fails the
server is not ready. Answers are never cached (``Cache-Control: no-store``) and come as
HTML, JSON (``Accept: application/json`` or ``?format=json``: ``{"<check>": "OK" | "<error>"}``),
text or OpenMetrics, as django-health-check renders them (https://codingjoe.dev/django-health-check/).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from health_check import checks
from health_check.exceptions import HealthCheckException, ServiceWarning
from health_check.views import HealthCheckView

from cms.plugin.registry import registry

#: The core's readiness checks (django-health-check's own).
CORE_CHECKS = (
    "health_check.checks.Database",
    "cms.runtime.health.Cache",
    "health_check.checks.Storage",
)


class Cache(checks.Cache):
    """django-health-check's cache check (store and read a key); a failure of a cache that fails
    open (django-redis with ``IGNORE_EXCEPTIONS``, see :func:`cms.runtime.env.cache`) is a
    :class:`~health_check.exceptions.ServiceWarning`: the server stays ready and answers from
    the database. Any other cache's failure is a failure (503).
    """

    async def run(self):
        """The parent's probe; its failure re-raised as a warning for a fail-open cache."""
        try:
            await super().run()
        except ServiceWarning:
            raise
        except HealthCheckException as exc:
            if fails_open(self.alias):
                raise ServiceWarning(
                    "shared cache unreachable; the API answers from the database"
                ) from exc
            raise


def fails_open(alias: str) -> bool:
    """Whether the cache ``alias`` turns its errors into misses instead of raising them."""
    config = settings.CACHES.get(alias, {})
    return config.get("BACKEND", "").startswith("django_redis.") and bool(
        config.get("OPTIONS", {}).get("IGNORE_EXCEPTIONS")
    )


def plugin_checks() -> list[str]:
    """Every ``Plugin.health_checks`` entry (dotted paths of ``HealthCheck`` classes), in the
    order of the enabled plugins."""
    return [path for plugin in registry for path in plugin.health_checks]


class LivenessView(HealthCheckView):
    """``/health/live/``: 200 while the process serves requests; checks nothing else."""

    checks = ()


class ReadinessView(HealthCheckView):
    """``/health/ready/``: the core's checks and the plugins'; 503 when one fails, 200 when all
    pass or only warn (:class:`~health_check.exceptions.ServiceWarning`)."""

    def get_checks(self):
        """Instances of :data:`CORE_CHECKS` and of :func:`plugin_checks`."""
        for path in (*CORE_CHECKS, *plugin_checks()):
            yield import_string(path)()

    async def get(self, request, *args, **kwargs):
        """django-health-check's answer, with 503 for a failure and 200 for warnings only."""
        response = await super().get(request, *args, **kwargs)
        failed = [r for r in self.results if r.error and not isinstance(r.error, ServiceWarning)]
        if response.status_code in (200, 500):
            response.status_code = 503 if failed else 200
        add_never_cache_headers(response)
        return response
