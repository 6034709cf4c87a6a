"""The content-type plugin registry: what the core knows about plugins, and all it knows.

A plugin is a Django app whose ``AppConfig`` subclasses :class:`cms.plugin.PluginConfig` and sets
``plugin`` to a :class:`Plugin`. Its ``ready()`` registers it here. The core then builds what is
generic from this registry alone: API endpoints and schemas, search, admin grouping of snippets,
demo content loading. Models are named by lazy ``"app_label.ModelName"`` strings so that a
registration never imports another plugin; :mod:`cms.plugin.checks` verifies every string at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from django.apps import apps
from django.db.models import Model
from django.utils.module_loading import import_string

Kind = Literal["page", "snippet"]


@dataclass(frozen=True)
class ContentType:
    """One model a plugin exposes.

    ``api_name`` is the public, stable key of this type in the API (``"type"`` in JSON, the
    path segment of snippet endpoints) and the component key front ends switch on: renaming it
    breaks clients. ``filters`` names the list filters the API offers for it (see ``cms.api``).
    """

    model: str
    api_name: str
    kind: Kind = "page"
    filters: tuple[str, ...] = ()
    searchable: bool = True

    def get_model(self) -> type[Model]:
        """The model class named by ``model``.

        Raises ``LookupError`` if no installed app has that model (``cms.plugin.checks`` reports such a
        name at start-up, so at request time it always resolves).
        """
        return apps.get_model(self.model)


@dataclass(frozen=True)
class Plugin:
    """A content-type plugin as the core sees it.

    ``demo_content`` is a dotted path to ``load(stdout) -> dict[str, int]``: it creates the
    plugin's demo content idempotently and returns counts of what it created, for the summary of
    ``load_demo_content``. ``demo_order`` sorts loaders (lower first): site roots before sections.

    ``requires`` names the labels of plugins this one cannot work without (say, ``"home"`` when
    its pages sit under the start page). Disabling one of them is a start-up error naming this
    plugin (``cms.E014``), instead of a CMS whose page types can be placed nowhere.

    ``block_specs`` names, by dotted path, the ``cms.api.serialize.BlockSpec`` of each block
    class the plugin defines with a value shape of its own (a ``FieldBlock`` or ``Block``
    subclass): its schema in the OpenAPI document and its serializer. Subclasses of Wagtail's
    kinds (struct, stream, list, choosers, field blocks) need none. A block no spec covers is a
    start-up error (``cms.E018``); see ``docs/plugins.md``, section 4.

    ``feed_consumers`` names, by dotted path, callables ``consumer(event) -> None`` that act on
    each change of the feed after its commit (say, re-indexing search); see
    :mod:`cms.delivery.consumers`. A path that cannot be imported is ``cms.E021``.

    ``health_checks`` names, by dotted path, django-health-check ``HealthCheck`` classes that
    ``/health/ready/`` runs besides the core's (say, the search engine); see
    :mod:`cms.runtime.health`. A path that cannot be imported is ``cms.E022``.

    ``after_restore`` names, by dotted path, callables ``restored(report) -> None`` that
    ``manage.py restore`` calls once the database and media are back (say, rebuilding the search
    indexes, which live outside the database); ``report(line)`` prints a line of the command's
    output. See :mod:`cms.backup`. A path that cannot be imported is ``cms.E023``.

    ``warm_up`` names, by dotted path, callables ``warm() -> None`` that a server worker runs
    once after it starts and before it takes requests (gunicorn's ``post_worker_init``,
    :func:`cms.runtime.warmup.warm_up`), so that no reader's request pays for the plugin's
    first use (imports, analysers, caches, connections). They may read, never write. A path
    that cannot be imported is ``cms.E024``.
    """

    label: str
    verbose_name: str
    content_types: tuple[ContentType, ...] = ()
    demo_content: str | None = None
    demo_order: int = 100
    api_routers: tuple[str, ...] = field(default=())
    requires: tuple[str, ...] = ()
    block_specs: tuple[str, ...] = ()
    feed_consumers: tuple[str, ...] = ()
    health_checks: tuple[str, ...] = ()
    after_restore: tuple[str, ...] = ()
    warm_up: tuple[str, ...] = ()

    def demo_loader(self) -> Callable | None:
        """The callable ``load(stdout) -> dict[str, int]`` named by ``demo_content``, imported now;
        ``None`` if the plugin has no demo content. Raises ``ImportError`` for a wrong dotted
        path.
        """
        return import_string(self.demo_content) if self.demo_content else None


class PluginRegistry:
    """All registered plugins, in registration (``INSTALLED_APPS``) order."""

    def __init__(self) -> None:
        self._plugins: dict[str, Plugin] = {}

    def register(self, plugin: Plugin) -> None:
        """Add ``plugin`` under its ``label``; a second plugin with the same label replaces the
        first (keeping the first one's position)."""
        self._plugins[plugin.label] = plugin

    def unregister(self, label: str) -> None:
        """Remove the plugin with app label ``label``; nothing happens if none is registered."""
        self._plugins.pop(label, None)

    def __iter__(self) -> Iterator[Plugin]:
        return iter(self._plugins.values())

    def __contains__(self, label: str) -> bool:
        return label in self._plugins

    def get(self, label: str) -> Plugin | None:
        """The plugin registered under app label ``label``, or ``None``."""
        return self._plugins.get(label)

    def content_types(self, kind: Kind | None = None) -> list[ContentType]:
        """Every registered content type, plugin by plugin in registration order; only pages or only
        snippets if ``kind`` is ``"page"`` or ``"snippet"``.
        """
        return [
            ct
            for plugin in self._plugins.values()
            for ct in plugin.content_types
            if kind is None or ct.kind == kind
        ]

    def models(self, kind: Kind | None = None) -> list[type[Model]]:
        """The model classes of :meth:`content_types` (same order and filter). Raises
        ``LookupError`` like :meth:`ContentType.get_model`.
        """
        return [ct.get_model() for ct in self.content_types(kind)]

    def by_api_name(self, api_name: str) -> ContentType | None:
        """The content type whose public ``api_name`` is ``api_name`` (the ``type`` key of the API,
        case-sensitive), or ``None``.
        """
        return next((ct for ct in self.content_types() if ct.api_name == api_name), None)

    def for_model(self, model: type[Model]) -> ContentType | None:
        """The content type registered for ``model`` (matched on ``app_label.modelname``, case
        insensitive), or ``None``. A subclass of a registered model is not matched: register it
        itself.
        """
        label = model._meta.label_lower
        return next((ct for ct in self.content_types() if ct.model.lower() == label), None)


#: The one registry of this process.
registry = PluginRegistry()
