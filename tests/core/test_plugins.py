"""The core knows plugins only through the registry; proven with the test-only events plugin."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command

from cms.plugin.enabled import enabled_plugins
from cms.plugin.registry import ContentType, Plugin, registry

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with Django set up under the test settings."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", **env}
    script = "import django; django.setup()\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_builtin_and_test_plugins_are_registered():
    assert {"home", "projekte", "cms_search", "events"} <= {p.label for p in registry}
    assert registry.by_api_name("event").model == "events.EventPage"


def test_disabled_plugin_is_absent_and_the_rest_still_checks():
    result = run_python(
        """
        from django.core.management import call_command
        from cms.plugin.registry import registry
        call_command("check")
        print(sorted(p.label for p in registry))
        """,
        CMS_DISABLED_PLUGINS="events,projekte",
    )
    assert result.returncode == 0, result.stderr
    labels = result.stdout.strip().splitlines()[-1]
    assert "events" not in labels and "projekte" not in labels and "home" in labels


def test_plugin_from_entry_point_is_discovered(tmp_path):
    package = tmp_path / "nt_extra"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(
        textwrap.dedent(
            """
            from cms.plugin import PluginConfig
            from cms.plugin.registry import Plugin

            class ExtraConfig(PluginConfig):
                name = "nt_extra"
                plugin = Plugin(label="nt_extra", verbose_name="Extra")
            """
        )
    )
    dist = tmp_path / "nt_extra-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: nt-extra\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[nordthueringen_cms.plugins]\nextra = nt_extra\n")
    result = run_python(
        "from cms.plugin.registry import registry; print('nt_extra' in registry)",
        PYTHONPATH=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True")


def test_enabled_plugins_keeps_order_and_drops_disabled_and_repeats():
    apps = enabled_plugins(extra=["home", "x.y.events"], disabled=["search"])
    assert apps[:2] == ["home", "projekte"]
    assert "search" not in apps and apps.count("home") == 1 and apps[-1] == "x.y.events"


def test_check_reports_unknown_model_and_duplicate_api_name():
    bad = Plugin(
        label="broken",
        verbose_name="Kaputt",
        content_types=(
            ContentType(model="nowhere.Missing", api_name="missing"),
            ContentType(model="home.HomePage", api_name="home"),
        ),
    )
    registry.register(bad)
    try:
        ids = {message.id for message in checks.run_checks(tags=["cms"])}
    finally:
        registry.unregister("broken")
    assert {"cms.E001", "cms.E002"} <= ids
    assert not checks.run_checks(tags=["cms"])


@pytest.mark.django_db
def test_demo_content_of_every_plugin_loads_once(locales, capsys):
    from wagtail.models import Page

    call_command("load_demo_content")
    first = Page.objects.count()
    call_command("load_demo_content")
    assert Page.objects.count() == first
    assert Page.objects.filter(title="Regionalforum Nordthüringen").count() == 1
    out = capsys.readouterr().out
    assert "Demo content ready" in out


@pytest.mark.django_db
def test_api_root_lists_the_test_plugin(client):
    body = json.loads(client.get("/api/v1/").content)
    assert {"api_name": "event", "kind": "page", "plugin": "events"} in body["content_types"]
