"""Nordthüringen CMS, the core (see ARCHITECTURE.md).

``plugin/`` the plugin toolkit, ``content/`` the content model and its rules, ``visibility`` the
one rule of who sees what, ``api/`` the headless API, ``delivery/`` the change feed and sync,
``translation/`` the translation workflow, ``admin/`` the core's admin, ``runtime/`` environment,
change signals, media serving and request bounds; Django's fixed places beside them (``settings/``, ``urls``, ``wsgi``, ``asgi``, ``apps``,
``models``, ``wagtail_hooks``, ``management/``, ``migrations/``, ``templates/``).

A plugin imports from the core only the names in ``__all__`` of the modules in
:data:`PLUGIN_SURFACE` (``tests/core/test_plugin_surface.py`` holds every plugin to it).
"""

#: The modules a plugin may import from, each declaring its public names in ``__all__``.
#: ``cms.plugin`` loads no model (for a plugin's ``apps.py``); ``cms.plugin.api`` loads the API
#: (for a plugin's routers and block specs only); the others need the app registry ready.
PLUGIN_SURFACE = (
    "cms.plugin",
    "cms.plugin.api",
    "cms.plugin.demo",
    "cms.content",
    "cms.models",
    "cms.visibility",
    "cms.runtime.search_limits",
)
