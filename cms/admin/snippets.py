"""Admin grouping of the plugins' snippets, built from the registry.

Each plugin's snippet content types appear in one admin menu group named after the plugin. A
plugin that registers a snippet itself (``register_snippet``) keeps its own registration; the core
only registers what is still unregistered, so both ways work.
"""

from __future__ import annotations

from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.plugin.registry import PluginRegistry


def snippet_groups(registry: PluginRegistry) -> list[SnippetViewSetGroup]:
    """One viewset group per plugin with snippets not registered elsewhere."""
    registered = set(get_snippet_models())
    groups = []
    for plugin in registry:
        models = [
            ct.get_model()
            for ct in plugin.content_types
            if ct.kind == "snippet" and ct.get_model() not in registered
        ]
        if not models:
            continue
        viewsets = [
            type(f"{model.__name__}ViewSet", (SnippetViewSet,), {"model": model})
            for model in models
        ]
        groups.append(
            type(
                f"{plugin.label.title()}SnippetGroup",
                (SnippetViewSetGroup,),
                {
                    "items": viewsets,
                    "menu_label": plugin.verbose_name,
                    "menu_icon": "folder-open-inverse",
                },
            )()
        )
    return groups
