"""Broken configuration stops start-up with one sentence naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env}
    # Set by the browser tests' conftest for Playwright; a deployment must not have it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mongodb://127.0.0.1/cms"),
        ("SEARCH_URL", "elasticsearch8://"),
        ("SEARCH_URL", "solr://127.0.0.1:8983"),
        ("SEARCH_URL", "opensearch2://127.0.0.1:9211,127.0.0.1"),
        ("SEARCH_URL", "opensearch2://127.0.0.1:9211?replicas=eins"),
        ("CACHE_URL", "nosuchcache://"),
        ("CACHE_URL", "redis://127.0.0.1:sechs/0"),
        ("MEDIA_ROOT", "/proc/cms-media"),
        ("LOGIN_FAILURE_LIMIT", "viele"),
        ("LOGIN_LOCKOUT_MINUTES", "0"),
        ("WEBHOOK_TIMEOUT", "ten"),
        ("PROMETHEUS_MULTIPROC_DIR", "/proc/cms-metrics"),
        ("DEBUG", "vielleicht"),
    ],
)
def test_broken_variable_is_named_without_traceback(variable, value):
    result = manage("check", **{variable: value})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0]


@pytest.mark.parametrize(
    ("value", "expected"), [("ja", "True"), ("Nein", "False"), ("on", "True"), ("0", "False")]
)
def test_a_yes_or_no_variable_reads_every_usual_spelling(value, expected):
    """``DEBUG=ja`` was read as false without a word (django-environ knows English words only)."""
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DEBUG=value
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_shared_services_come_from_the_environment(tmp_path):
    """CACHE_URL=redis://… shares the cache and the sessions; a bucket puts media on S3."""
    code = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'], "
        "s.STORAGES['default']['OPTIONS']['bucket_name'], s.STORAGES['default']['OPTIONS']['endpoint_url'])"
    )
    result = manage(
        "shell",
        "-c",
        code,
        CACHE_URL="redis://127.0.0.1:6390/0",
        AWS_STORAGE_BUCKET_NAME="cms-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9390",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        # django-redis with django-prometheus' hit and miss counters (cms.runtime.metrics).
        "django_prometheus.cache.backends.redis.RedisCache",
        "cms.runtime.sessions",
        "storages.backends.s3.S3Storage",
        "cms-media",
        "http://127.0.0.1:9390",
    ]
    one_process = manage(
        "shell",
        "-c",
        code.split(";")[0] + "; print(s.SESSION_ENGINE)",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert one_process.stdout.strip().splitlines()[-1] == "django.contrib.sessions.backends.db"


def test_half_a_pair_of_object_storage_keys_is_refused():
    result = manage(
        "check", AWS_STORAGE_BUCKET_NAME="cms-media", AWS_S3_ACCESS_KEY_ID="nur-der-schluessel"
    )
    assert result.returncode == 2 and "AWS_S3_SECRET_ACCESS_KEY" in result.stderr


def test_production_refuses_default_secret_and_debug():
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.production"}
    assert "SECRET_KEY" in manage("check", **env, SECRET_KEY="").stderr
    assert "DEBUG" in manage("check", **env, DEBUG="true", SECRET_KEY="x" * 60).stderr


def test_production_passes_check_deploy(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="q8Zr-7bWn2#kPv5xLm0@Tg4Hs9Yc1Jd6Fe3Ua8Oi2Rw7Qy5Nt0Bz4Xk1Lp6Mh9Gv",
        ALLOWED_HOSTS="cms.example.org",
        WAGTAILADMIN_BASE_URL="https://cms.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("value", ["", "cms.example.org", "ftp://cms.example.org"])
def test_production_requires_the_admin_base_url(tmp_path, value):
    """Workflow e-mails link to the admin: a default of 127.0.0.1 would send editors nowhere."""
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="q8Zr-7bWn2#kPv5xLm0@Tg4Hs9Yc1Jd6Fe3Ua8Oi2Rw7Qy5Nt0Bz4Xk1Lp6Mh9Gv",
        ALLOWED_HOSTS="cms.example.org",
        WAGTAILADMIN_BASE_URL=value,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WAGTAILADMIN_BASE_URL" in lines[0]


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "q8Zr-7bWn2#kPv5xLm0@Tg4Hs9Yc1Jd6Fe3Ua8Oi2Rw7Qy5Nt0Bz4Xk1Lp6Mh9Gv",
    "ALLOWED_HOSTS": "cms.example.org,testserver",
    "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
}


def test_production_names_a_broken_hsts_lifetime(tmp_path):
    result = manage(
        "check", **PRODUCTION, SECURE_HSTS_SECONDS="1y", DATABASE_URL=f"sqlite:///{tmp_path}/d"
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "SECURE_HSTS_SECONDS" in result.stderr


def test_production_probes_and_scrapes_over_plain_http_are_not_redirected(tmp_path):
    """Kubernetes probes and Prometheus ask the pod itself, without X-Forwarded-Proto: a 301 to
    https would fail every probe. Everything else still goes to https."""
    metrics = tmp_path / "metrics"
    code = (
        "from django.test import Client; c = Client(); "
        "print([c.get(p).status_code for p in ('/health/live/', '/metrics', '/api/v1/')])"
    )
    result = manage(
        "shell",
        "-c",
        code,
        **PRODUCTION,
        LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        PROMETHEUS_MULTIPROC_DIR=str(metrics / "missing" / "yet"),
    )
    assert result.returncode == 0, result.stderr
    # /metrics answers 403 to an unknown scraper (no token, no allowed address), not 301.
    assert result.stdout.strip().splitlines()[-1] == "[200, 403, 301]"
    assert (metrics / "missing" / "yet").is_dir()


def test_search_url_names_every_node_of_a_cluster_and_its_replicas(monkeypatch):
    """bin/stack's engine: two nodes of one cluster, indexes with one replica each."""
    from cms.runtime.env import search_backends

    monkeypatch.setenv("SEARCH_URL", "opensearch2://127.0.0.1:9211,127.0.0.1:9212?replicas=1")
    backend = search_backends(index_prefix="cms_")["default"]
    assert backend["URLS"] == ["http://127.0.0.1:9211", "http://127.0.0.1:9212"]
    assert backend["INDEX_SETTINGS"] == {"settings": {"index": {"number_of_replicas": 1}}}
    assert backend["INDEX_PREFIX"] == "cms_"

    monkeypatch.setenv("SEARCH_URL", "opensearch2://127.0.0.1:9201")
    backend = search_backends(index_prefix="cms_")["default"]
    assert backend["URLS"] == ["http://127.0.0.1:9201"]
    assert "INDEX_SETTINGS" not in backend


def test_postgresql_connections_persist_and_are_checked_before_reuse(monkeypatch):
    """A new PostgreSQL connection cost 15–26 ms per request (CONN_MAX_AGE was Django's 0)."""
    from cms.runtime.env import ConfigError, database

    monkeypatch.setenv("DATABASE_URL", "postgres://cms:cms@127.0.0.1:5432/cms")
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    config = database(default="sqlite:///var/db.sqlite3")
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database(default="sqlite:///var/db.sqlite3")["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "lange")
    with pytest.raises(ConfigError, match="DATABASE_CONN_MAX_AGE"):
        database(default="sqlite:///var/db.sqlite3")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/db.sqlite3")
    assert "CONN_MAX_AGE" not in database(default="sqlite:///var/db.sqlite3")
