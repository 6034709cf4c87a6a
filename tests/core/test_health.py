"""Liveness and readiness (``cms.runtime.health``): what a load balancer or orchestrator asks."""

from __future__ import annotations

import socket

import pytest
from django.core import checks
from django.test import override_settings

from cms.plugin.registry import Plugin, registry

JSON = {"HTTP_ACCEPT": "application/json"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_liveness_checks_nothing_and_is_never_cached(client):
    response = client.get("/health/live/", **JSON)
    assert response.status_code == 200 and response.json() == {}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_checks_database_cache_storage_and_the_search_plugins_engine(client):
    response = client.get("/health/ready/", **JSON)
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    results = response.json()
    checked = {name.split("(")[0] for name in results}
    assert checked == {"Database", "Cache", "Storage", "SearchEngine"}
    assert set(results.values()) == {"OK"}


@pytest.mark.django_db
def test_an_unreachable_engine_warns_but_keeps_the_server_ready(client, settings):
    """Search answers from the database while the engine is gone: not a reason to take every
    app server out of the load balancer."""
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {
            "BACKEND": "search.backends.opensearch2",
            "URLS": [f"http://127.0.0.1:{_free_port()}"],
            "INDEX_PREFIX": "health_",
            "TIMEOUT": 2,
            "OPTIONS": {},
        },
    }
    response = client.get("/health/ready/", **JSON)
    assert response.status_code == 200
    assert response.json()["SearchEngine()"].startswith("Warning: search engine unreachable")


@pytest.mark.django_db
def test_a_failing_media_storage_makes_the_server_not_ready(client, tmp_path):
    unwritable = tmp_path / "media"
    unwritable.write_text("a file where the media directory should be")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(unwritable)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        response = client.get("/health/ready/", **JSON)
    assert response.status_code == 503
    assert response.json()["Storage(alias='default')"] != "OK"


def test_a_plugin_health_check_that_cannot_be_imported_is_a_start_up_error():
    registry.register(Plugin(label="brokenhealth", verbose_name="x", health_checks=("nope.gone",)))
    try:
        errors = [e for e in checks.run_checks() if e.id == "cms.E022"]
    finally:
        registry.unregister("brokenhealth")
    assert len(errors) == 1 and "nope.gone" in errors[0].msg
