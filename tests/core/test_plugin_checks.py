"""A misconfigured plugin fails at start-up, in one sentence naming plugin, model and field.

Each test runs ``manage.py check`` in a fresh process, as a developer or a deployment does, with
the plugins switched on and off through the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from cms.plugin.registry import registry

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py <args>`` under the test settings, with ``env`` added to the environment."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_every_registration_mistake_of_a_plugin_is_a_start_up_error():
    result = manage(
        "check",
        CMS_EXTRA_PLUGINS="tests.plugins.misconfigured",
        CMS_DISABLED_PLUGINS="projekte",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # The URLconf (the API's schemas) loads before the checks run: a block without a spec must
    # reach the checks' sentence, never a traceback.
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert (
        "(cms.E018) Plugin 'misconfigured': misconfigured.BrokenPage.sections has the block "
        in (result.stderr)
    )
    assert "(cms.E019)" in result.stderr and "nowhere.salary_band" in result.stderr
    for message in [
        "(cms.E008) Plugin 'misconfigured': misconfigured.BrokenPage.api_fields names 'plaec', "
        "which is neither a field nor a property of the model (did you mean 'place'?).",
        "(cms.E009) Plugin 'misconfigured': misconfigured.BrokenPage.api_fields names the "
        "property 'summary', which has no return annotation, so the API cannot type it.",
        "(cms.E010) Plugin 'misconfigured': misconfigured.BrokenPage.api_card_fields names "
        "'teaser', which is not in its api_fields",
        "(cms.E011) Plugin 'misconfigured': content type 'broken' filters by 'datum', which is "
        "not a field of misconfigured.BrokenPage.",
        "(cms.E011) Plugin 'misconfigured': content type 'broken' filters by "
        "misconfigured.BrokenPage.body, a RichTextField, which cannot filter.",
        "(cms.E012) The filter 'start' means a date on events.EventPage (plugin 'events') but a "
        "relation to events.Venue on misconfigured.BrokenPage (plugin 'misconfigured').",
        "(cms.E013) Plugin 'misconfigured': the snippet type 'broken_snippet' "
        "(misconfigured.BrokenSnippet) declares filters ('name',), but snippet endpoints offer "
        "none.",
        "(cms.E015) Plugin 'misconfigured': misconfigured.BrokenPage can be placed nowhere, since "
        "its parent page types (projekte.ProjectIndexPage) belong to the disabled plugin(s) "
        "'projekte'.",
    ]:
        assert message in result.stderr, result.stderr
    # Only the plugin's own mistakes: the rest of the CMS checks clean without projekte.
    assert result.stderr.count("(cms.E0") == 10 and "wagtailcore" not in result.stderr


def _app_label(app: str) -> str:
    return next(c.label for c in apps.get_app_configs() if c.name == app)


@pytest.mark.parametrize("app", settings.CMS_PLUGINS)
def test_disabling_any_plugin_leaves_a_working_cms_or_names_the_plugin_needing_it(app):
    label = _app_label(app)
    needed_by = sorted(p.label for p in registry if label in p.requires)
    result = manage("check", CMS_DISABLED_PLUGINS=app.rsplit(".", 1)[-1])
    if not needed_by:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1
    for plugin in needed_by:
        assert (
            f"(cms.E014) Plugin {plugin!r} requires the plugin {label!r}, which is disabled "
            "(CMS_DISABLED_PLUGINS)." in result.stderr
        ), result.stderr
    assert result.stderr.count("(cms.E0") == len(needed_by)
    assert "wagtailcore" not in result.stderr


def test_the_start_page_is_the_only_plugin_others_need():
    """Those needing ``home`` name it; without ``home`` and them, the CMS still checks clean.

    (A plugin made by ``startcontenttype`` needs ``home`` too: the set is read, not listed.)
    """
    needing = {p.label for p in registry if "home" in p.requires}
    assert {"projekte", "events"} <= needing
    assert all(set(p.requires) <= {"home"} for p in registry), "only the start page is needed"
    result = manage("check", CMS_DISABLED_PLUGINS=",".join(["home", *sorted(needing)]))
    assert result.returncode == 0, result.stderr


def test_disabling_a_plugin_by_its_label_instead_of_its_app_is_an_error():
    result = manage("check", CMS_DISABLED_PLUGINS="cms_search")
    assert result.returncode == 1
    assert (
        "(cms.E016) CMS_DISABLED_PLUGINS names 'cms_search', the label of the plugin in 'search', "
        "which stays enabled" in result.stderr
    )


def test_the_api_works_without_the_search_plugin(tmp_path):
    """The page API's own tests pass with ``search`` switched off (its endpoint is gone)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    environment.update(
        CMS_DISABLED_PLUGINS="search",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="cms.settings.test",
    )
    code = (
        "def test_no_search_endpoint(client):\n"
        "    assert client.get('/api/v1/search/', {'q': 'x'}).status_code == 404\n"
        "    paths = client.get('/api/v1/openapi.json').json()['paths']\n"
        "    assert not any('search' in path for path in paths)\n"
    )
    extra = tmp_path / "test_without_search.py"
    extra.write_text("import pytest\n\npytestmark = pytest.mark.django_db\n\n\n" + code)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "tests/api/test_smoke.py",
            "tests/api/test_pages.py",
            str(extra),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_mistyped_plugin_in_cms_disabled_plugins_is_an_error():
    """``projects`` for ``projekte`` left the plugin on without a word."""
    result = manage("check", CMS_DISABLED_PLUGINS="projects")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "(cms.E020) CMS_DISABLED_PLUGINS names 'projects', which is no plugin" in result.stderr
    assert "Did you mean 'projekte'?" in result.stderr
