"""The delivery settings come from environment variables (README, Configuration): the cache to
purge, the API's public address and token lifetimes, without a settings module of one's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env: str) -> list[str]:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.WAGTAILAPI_BASE_URL, s.WAGTAILFRONTENDCACHE, "
        "s.CMS_SYNC_TOKEN_MAX_AGE, s.CMS_PREVIEW_SECONDS]))"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def test_cache_purge_and_lifetimes_from_the_environment():
    base, caches, sync_age, preview = _settings(
        WAGTAILAPI_BASE_URL="https://cms.example.org",
        FRONTEND_CACHE_URLS="http://127.0.0.1:6081,http://127.0.0.1:6082",
        SYNC_TOKEN_MAX_AGE="3600",
        PREVIEW_SECONDS="60",
    )
    assert base == "https://cms.example.org"
    assert [c["LOCATION"] for c in caches.values()] == [
        "http://127.0.0.1:6081",
        "http://127.0.0.1:6082",
    ]
    assert {c["BACKEND"] for c in caches.values()} == {
        "wagtail.contrib.frontend_cache.backends.HTTPBackend"
    }
    assert (sync_age, preview) == (3600, 60)


def test_defaults_purge_nothing():
    base, caches, sync_age, preview = _settings()
    assert (base, caches, sync_age, preview) == ("", {}, 90 * 24 * 3600, 1800)
