"""The plugin toolkit: what a plugin declares, and how the core enables and checks it.

This face is what a plugin's ``apps.py`` imports; it loads no model, so it is safe before the app
registry is ready. Helpers for demo content are in :mod:`cms.plugin.demo`, those for a plugin's
own API routers and search in :mod:`cms.plugin.api`. Inside: :mod:`~cms.plugin.registry`
(``Plugin``, ``ContentType``, the registry), :mod:`~cms.plugin.config` (``PluginConfig``),
:mod:`~cms.plugin.enabled` (which plugins run), :mod:`~cms.plugin.checks` (start-up checks) and
``scaffold/`` (the templates of ``manage.py startcontenttype``).
"""

from cms.plugin.config import PluginConfig
from cms.plugin.registry import ContentType, Plugin, PluginRegistry, registry

__all__ = ["ContentType", "Plugin", "PluginConfig", "PluginRegistry", "registry"]
