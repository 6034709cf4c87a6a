"""Which content-type plugins this installation runs.

Built-in plugins are listed here; plugins shipped as separate Python packages announce themselves
through the ``nordthueringen_cms.plugins`` entry point group. ``CMS_DISABLED_PLUGINS`` (a comma
list of app labels) switches any of them off. Settings call :func:`enabled_plugins` once, at
start-up, to build ``INSTALLED_APPS``; nothing here imports a plugin.
"""

from __future__ import annotations

from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "nordthueringen_cms.plugins"

#: The plugins that ship with the CMS, in the order their demo content is loaded.
BUILTIN_PLUGINS = ("home", "projekte", "search")


def discovered_plugins() -> list[str]:
    """Dotted app paths announced by installed packages through the entry point group."""
    return [ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)]


def names_disabled(label: str, disabled) -> bool:
    """Whether the app ``label`` is switched off by ``disabled`` (``CMS_DISABLED_PLUGINS``), whose
    entries are app labels or dotted app paths (``"search"``, ``"x.y.events"``)."""
    return any(label in (entry, entry.rsplit(".", 1)[-1]) for entry in disabled)


def enabled_plugins(extra: list[str] | tuple[str, ...] = (), disabled: list[str] = ()) -> list[str]:
    """Built-in, discovered and ``extra`` plugin apps, minus the ``disabled`` ones, without repeats."""
    apps: list[str] = []
    for app in (*BUILTIN_PLUGINS, *discovered_plugins(), *extra):
        label = app.rsplit(".", 1)[-1]
        if app not in apps and label not in disabled and app not in disabled:
            apps.append(app)
    return apps
