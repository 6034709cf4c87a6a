"""Consumers of the change feed: code that acts on a change after it has committed.

A consumer is a callable ``consumer(event: ChangeEvent) -> None``. :func:`dispatch` calls every
registered consumer once per event, after the transaction that recorded the event commits
(``transaction.on_commit(..., robust=True)``): a consumer never sees a change that rolled back,
and a consumer that raises is logged and never undoes the change or stops the other consumers.
A consumer must be quick (it runs in the editor's request): anything slow (HTTP calls, search
indexing, PDF text) enqueues a task for the worker and returns.

Registered consumers:

- the core's, at import of :mod:`cms.delivery.feed` (the front-end cache purge) and of the
  delivery modules that add their own;
- a plugin's, named by dotted path in ``Plugin.feed_consumers`` (``docs/plugins.md``), loaded on
  the first dispatch.

This is the transactional-outbox pattern's relay step; the outbox is :class:`ChangeEvent`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

__all__ = ["Consumer", "consumers", "dispatch", "register", "unregister"]

#: ``consumer(event) -> None``, called after the commit of the event's transaction.
Consumer = Callable[..., None]

_core: dict[str, Consumer] = {}
_plugins: dict[str, Consumer] | None = None


def register(name: str, consumer: Consumer) -> None:
    """Register ``consumer`` under ``name`` (replacing one of that name): it is called once per
    recorded event, after the commit. Used by the core; plugins name theirs in
    ``Plugin.feed_consumers`` instead.
    """
    _core[name] = consumer


def unregister(name: str) -> None:
    """Remove the consumer registered under ``name`` (no error if there is none)."""
    _core.pop(name, None)


def _plugin_consumers() -> dict[str, Consumer]:
    """Every ``Plugin.feed_consumers`` entry, imported once. Raises ``ImportError`` for a wrong
    dotted path (the system check ``cms.E021`` names it at start-up).
    """
    global _plugins
    if _plugins is None:
        from cms.plugin.registry import registry

        found: dict[str, Consumer] = {}
        for plugin in registry:
            for path in getattr(plugin, "feed_consumers", ()):
                found[path] = import_string(path)
        _plugins = found
    return _plugins


def consumers() -> dict[str, Consumer]:
    """Every registered consumer by name: the core's first, then the plugins' (by dotted path)."""
    return {**_core, **_plugin_consumers()}


def dispatch(event) -> None:
    """Hand ``event`` to every consumer after the current transaction commits (at once in
    autocommit mode). Never raises for a consumer's failure: it is logged with the event's
    ``seq`` and the consumer's name.
    """
    for name, consumer in consumers().items():
        transaction.on_commit(partial(_run, name, consumer, event), robust=True)


def _run(name: str, consumer: Consumer, event) -> None:
    try:
        consumer(event)
    except Exception:  # noqa: BLE001 - a failing consumer must never undo or block a change
        logger.exception("Feed consumer %s failed on event %s", name, event.seq)
