"""Plugins import from the core only its declared surface; the core imports no plugin; plugins
never import each other.

The surface is ``cms.PLUGIN_SURFACE``: modules that each list their public names in ``__all__``.
Read from the source (every import, also those inside functions), so a plugin that is switched
off, the scaffold's templates and the test-only plugins are held to it as well. Migrations are
left out: Django writes the exact class paths of custom fields and blocks into them.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest

import cms

ROOT = Path(__file__).resolve().parents[2]


#: Each plugin's top-level package and its folder.
def _plugin_folders() -> dict[str, Path]:
    """Every plugin of the checkout: those this installation could run (built-in, discovered,
    ``CMS_EXTRA_PLUGINS``, the test plugins), and any folder beside ``cms/`` whose ``apps.py``
    subclasses ``PluginConfig`` (a plugin just made by ``startcontenttype``, enabled or not)."""
    from django.conf import settings

    names = {*settings.CMS_AVAILABLE_PLUGINS, "tests.plugins.misconfigured"}
    for apps_py in ROOT.glob("*/apps.py"):
        if "PluginConfig" in apps_py.read_text("utf-8") and apps_py.parent.name != "cms":
            names.add(apps_py.parent.name)
    found = {}
    for name in sorted(names):
        folder = ROOT.joinpath(*name.split("."))
        if folder.is_dir():  # an installed package elsewhere is not this checkout's to check
            found[name] = folder
    return found


PLUGINS = _plugin_folders()
SCAFFOLD = ROOT / "cms" / "plugin" / "scaffold"
PLACEHOLDER = re.compile(r"{{\s*\w+\s*}}")


def imports(tree: ast.AST, package: str = "") -> list[tuple[int, str, tuple[str, ...]]]:
    """``(line, module, names)`` of every import in ``tree``; ``import a.b`` has no names.

    Relative imports are made absolute against ``package`` (the importing file's package)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module, tuple(alias.name for alias in node.names)))
    return found


def plugin_sources() -> list[tuple[str, str, str]]:
    """``(path, package, source)`` of every plugin module and scaffold template."""
    sources = []
    for package, folder in PLUGINS.items():
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.relative_to(folder).parts[:-1]:
                continue
            parts = path.relative_to(folder).with_suffix("").parts
            module_package = ".".join([package, *parts[:-1]])
            sources.append((str(path.relative_to(ROOT)), module_package, path.read_text("utf-8")))
    for path in sorted(SCAFFOLD.rglob("*.py-tpl")):
        text = PLACEHOLDER.sub("placeholder", path.read_text("utf-8"))
        sources.append((str(path.relative_to(ROOT)), "placeholder", text))
    return sources


def surface() -> dict[str, frozenset[str]]:
    return {name: frozenset(importlib.import_module(name).__all__) for name in cms.PLUGIN_SURFACE}


def is_core(module: str) -> bool:
    return module == "cms" or module.startswith("cms.")


def test_every_surface_module_declares_names_that_exist():
    for name in cms.PLUGIN_SURFACE:
        module = importlib.import_module(name)
        assert isinstance(getattr(module, "__all__", None), list | tuple), f"{name} has no __all__"
        missing = [n for n in module.__all__ if not hasattr(module, n)]
        assert not missing, f"{name}.__all__ names what it does not define: {missing}"
        assert len(set(module.__all__)) == len(module.__all__), f"{name}.__all__ repeats a name"


def test_the_scan_reads_every_plugin_and_the_scaffold():
    paths = {path for path, _, _ in plugin_sources()}
    assert "home/models.py" in paths and "tests/plugins/events/apps.py" in paths
    assert "cms/plugin/scaffold/plugin/models.py-tpl" in paths
    assert "projekte/migrations/0001_initial.py" not in paths


@pytest.mark.parametrize("path,package,source", plugin_sources(), ids=lambda v: str(v)[:60])
def test_plugin_imports_only_the_declared_surface(path, package, source):
    allowed = surface()
    wrong = []
    for line, module, names in imports(ast.parse(source, path), package):
        if not is_core(module):
            continue
        if module not in allowed:
            wrong.append(f"{path}:{line}: {module} is not in cms.PLUGIN_SURFACE")
        elif not names:
            wrong.append(f"{path}:{line}: import {module}; import names from it instead")
        else:
            outside = sorted(set(names) - allowed[module])
            if outside:
                wrong.append(f"{path}:{line}: {module} does not export {', '.join(outside)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path,package,source", plugin_sources(), ids=lambda v: str(v)[:60])
def test_plugins_never_import_each_other(path, package, source):
    own = next((p for p in PLUGINS if package == p or package.startswith(p + ".")), None)
    wrong = [
        f"{path}:{line}: imports the plugin {other}"
        for line, module, _ in imports(ast.parse(source, path), package)
        for other in PLUGINS
        if other != own and (module == other or module.startswith(other + "."))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_core_never_imports_a_plugin():
    wrong = []
    for path in sorted((ROOT / "cms").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        package = ".".join(parts[:-1])
        for line, module, _ in imports(ast.parse(path.read_text("utf-8"), str(path)), package):
            top = module.split(".")[0]
            if top in {name.split(".")[0] for name in PLUGINS}:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not wrong, "\n".join(wrong)
