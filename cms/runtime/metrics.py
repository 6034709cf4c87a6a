"""Prometheus metrics at ``/metrics``: django-prometheus' and the CMS's own.

**django-prometheus** (https://github.com/django-commons/django-prometheus) measures every
request (``django_http_requests_latency_seconds_by_view_method``, by view name and method;
status codes, exceptions), the database (``django_db_execute_total``, errors, by alias and
vendor; :func:`database_engine` swaps in its instrumented engine) and the shared cache
(``django_cache_get_hits_total`` / ``…_misses_total``; :func:`cache_backend`).

**Our own**, through ``prometheus_client``:

- ``cms_api_cache_requests_total{result="hit"|"miss"}``: look-ups of the API response cache
  (:class:`cms.api.cache.ApiCacheMiddleware`); hit rate = hits / (hits + misses);
- ``cms_webhook_delivery_failures_total{outcome="retrying"|"failed"}``: failed webhook attempts
  (:mod:`cms.delivery.webhooks`), ``failed`` when it was the message's last;
- ``cms_task_queue_depth{backend, queue}``: tasks waiting in django-tasks-db's queue (status
  ``READY``, due or scheduled for a retry), counted at scrape time by :class:`TaskQueueCollector`;
- plugins add theirs (the search plugin: ``cms_search_duration_seconds{backend}``).

**Access.** Metrics show internals (views, error rates, queue sizes), so ``/metrics`` answers
only a request with ``Authorization: Bearer <METRICS_TOKEN>`` or from an address in
``METRICS_ALLOWED_IPS``; anything else gets 403. With neither set (production's default) nobody
is let in. Never cached (``Cache-Control: no-store``).

**Several processes** (gunicorn workers): with ``PROMETHEUS_MULTIPROC_DIR`` set, every process
writes its values to files there and a scrape of any worker sums all of them (prometheus_client's
multiprocess mode, https://prometheus.github.io/client_python/multiprocess/); the directory must
be empty at start and ``deploy/gunicorn.conf.py`` marks exited workers dead (docs/deployment.md).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import logging
import os
import secrets

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from prometheus_client import REGISTRY, CollectorRegistry, Counter, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder

logger = logging.getLogger(__name__)

__all__ = [
    "API_CACHE_REQUESTS",
    "WEBHOOK_FAILURES",
    "TaskQueueCollector",
    "cache_backend",
    "database_engine",
    "metrics_view",
    "multiprocess_mode",
]

API_CACHE_REQUESTS = Counter(
    "cms_api_cache_requests",
    "Look-ups of the API response cache (anonymous GET/HEAD of /api/v1/), by result.",
    ["result"],
)
WEBHOOK_FAILURES = Counter(
    "cms_webhook_delivery_failures",
    "Failed webhook delivery attempts; outcome 'failed' when no retry follows.",
    ["outcome"],
)

#: Django database engines and django-prometheus' instrumented subclass of each.
DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
}

#: Cache backends whose django-prometheus subclass keeps the backend's behaviour. Its local-memory
#: and file-based subclasses are left out: they answer a cached falsy value (0, "", []) as a miss.
CACHE_BACKENDS = {
    "django_redis.cache.RedisCache": "django_prometheus.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache": (
        "django_prometheus.cache.backends.memcached.PyMemcacheCache"
    ),
    "django.core.cache.backends.memcached.PyLibMCCache": (
        "django_prometheus.cache.backends.memcached.PyLibMCCache"
    ),
}
# django-prometheus' subclass of Django's own Redis cache sits in a module that imports django-redis.
if importlib.util.find_spec("django_redis") is not None:
    CACHE_BACKENDS["django.core.cache.backends.redis.RedisCache"] = (
        "django_prometheus.cache.backends.redis.NativeRedisCache"
    )


def database_engine(engine: str) -> str:
    """The instrumented engine for a Django database ``ENGINE`` path (the same class plus query
    counters), or ``engine`` itself when django-prometheus has none for it."""
    return DATABASE_ENGINES.get(engine, engine)


def cache_backend(backend: str) -> str:
    """The instrumented cache ``BACKEND`` path for ``backend`` (hit/miss counters), or
    ``backend`` itself when none keeps its behaviour (:data:`CACHE_BACKENDS`)."""
    return CACHE_BACKENDS.get(backend, backend)


def multiprocess_mode() -> bool:
    """Whether prometheus_client keeps values in ``PROMETHEUS_MULTIPROC_DIR`` (several workers)."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def ensure_multiprocess_directory() -> None:
    """Create ``PROMETHEUS_MULTIPROC_DIR`` if it is set and missing (every process that counts
    writes files there: app servers, workers, the scheduler, management commands). Raises
    :class:`cms.runtime.env.ConfigError` naming the variable when it cannot be created."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:
        from cms.runtime.env import ConfigError

        raise ConfigError(
            f"PROMETHEUS_MULTIPROC_DIR {directory!r} cannot be created ({error.strerror})."
        ) from None


class TaskQueueCollector:
    """``cms_task_queue_depth{backend, queue}``: tasks of django-tasks-db's queue waiting to run
    (status ``READY``), read from the database at every scrape, one sample per backend alias of
    ``TASKS`` that is a django-tasks-db ``DatabaseBackend`` and queue name (``0`` for an empty
    one). A database error leaves the metric out of that scrape (logged), never the scrape.
    A custom collector (https://prometheus.github.io/client_python/collector/custom/).
    """

    def describe(self):
        """Nothing: the registry must not call :meth:`collect` (a query) when registering."""
        return []

    def collect(self):
        """One gauge family with a sample per (backend, queue)."""
        from django_tasks import task_backends
        from django_tasks.base import TaskResultStatus
        from django_tasks_db import DatabaseBackend
        from django_tasks_db.models import DBTaskResult

        family = GaugeMetricFamily(
            "cms_task_queue_depth",
            "Tasks waiting in the database task queue (READY), by backend alias and queue.",
            labels=["backend", "queue"],
        )
        depths: dict[tuple[str, str], int] = {}
        for alias in settings.TASKS:
            backend = task_backends[alias]
            if isinstance(backend, DatabaseBackend):
                for queue in backend.queues or ("default",):
                    depths[(alias, queue)] = 0
        if not depths:
            return
        try:
            rows = (
                DBTaskResult.objects.filter(
                    status=TaskResultStatus.READY,
                    backend_name__in={alias for alias, _ in depths},
                )
                .values_list("backend_name", "queue_name")
                .order_by()
            )
            for backend_name, queue_name in rows.iterator():
                key = (backend_name, queue_name)
                depths[key] = depths.get(key, 0) + 1
        except DatabaseError:
            logger.warning("Task queue depth not measured: database error", exc_info=True)
            return
        for (alias, queue), depth in sorted(depths.items()):
            family.add_metric([alias, queue], depth)
        yield family


_QUEUE_COLLECTOR = TaskQueueCollector()
if not multiprocess_mode():
    REGISTRY.register(_QUEUE_COLLECTOR)


def _registry():
    if not multiprocess_mode():
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_QUEUE_COLLECTOR)
    return registry


def _allowed(request: HttpRequest) -> bool:
    """Bearer ``METRICS_TOKEN`` (compared in constant time) or ``REMOTE_ADDR`` in
    ``METRICS_ALLOWED_IPS``; ``X-Forwarded-For`` is never read (anyone can send it)."""
    token = settings.CMS_METRICS_TOKEN
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    # The scheme's name is case-insensitive (RFC 9110, section 11.1).
    if token and scheme.lower() == "bearer":
        if secrets.compare_digest(credentials.strip().encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.CMS_METRICS_ALLOWED_NETWORKS)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """``GET /metrics``: every metric in Prometheus' text format (OpenMetrics when ``Accept``
    asks for it), from this process or, in multiprocess mode, from all; 403 without access (see
    the module). Never cached."""
    if not _allowed(request):
        response = HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    else:
        encoder, content_type = choose_encoder(request.META.get("HTTP_ACCEPT", ""))
        response = HttpResponse(encoder(_registry()), content_type=content_type)
    add_never_cache_headers(response)
    return response
