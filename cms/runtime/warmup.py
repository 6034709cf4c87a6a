"""Warm a server worker up before it takes requests.

The first search of a fresh worker took 4–6 times a warm one: it imported modules, built
stemmers, read a dictionary, opened connections and read index pages from disk. Each plugin
names what its first use costs as ``Plugin.warm_up`` callables; :func:`warm_up` runs them once per
worker process after it started (``deploy/gunicorn.conf.py``: ``post_worker_init``, after the
application is loaded and before the worker accepts a connection), so no reader's request pays.
Not in ``AppConfig.ready()``: that runs in every ``manage.py`` command and before the database
may be reached, and must not touch it.
"""

from __future__ import annotations

import logging
import time

from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def warm_up() -> dict[str, float]:
    """Run every enabled plugin's ``warm_up`` callables (:class:`cms.plugin.Plugin`), in
    registration order; returns ``{dotted path: seconds}``. A step that fails is logged and
    skipped (a worker that cannot warm up still serves, as cold as before). A database
    connection a step opened is Django's as any request's (closed at the next request's start
    unless ``CONN_MAX_AGE`` keeps it)."""
    from cms.plugin.registry import registry

    took: dict[str, float] = {}
    for plugin in registry:
        for dotted in plugin.warm_up:
            started = time.perf_counter()
            try:
                import_string(dotted)()
            except Exception:  # noqa: BLE001 - a cold worker still serves
                logger.exception("Warm-up step %s failed", dotted)
                continue
            took[dotted] = time.perf_counter() - started
    if took:
        logger.info(
            "Worker warmed up in %.0f ms (%s)",
            sum(took.values()) * 1000,
            ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in took.items()),
        )
    return took
