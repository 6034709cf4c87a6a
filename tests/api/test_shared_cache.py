"""Redis as the shared cache (``CACHE_URL=redis://…``): API answers and sessions are kept there,
and while Redis is gone the API answers from the database, editors stay logged in and readiness
warns; when it is back, caching resumes without restarting anything (issue 18)."""

from __future__ import annotations

import pytest
import redis as redis_client
from django.core.cache import caches

from cms.api import cache as api_cache
from cms.runtime import env as config
from tests.services import OwnServer, redis_url

pytestmark = pytest.mark.redis

JSON = {"HTTP_ACCEPT": "application/json"}


def use_redis(url: str, settings, monkeypatch) -> None:
    """Point the default cache and the sessions at ``url`` the way a deployment does it."""
    monkeypatch.setenv("CACHE_URL", url)
    settings.CACHES = {"default": config.cache(default="locmemcache://")}
    settings.SESSION_ENGINE = "cms.runtime.sessions"
    caches["default"].clear()


def cold_get(api, url: str):
    """GET ``url`` with the process's own copy of hot answers forgotten: a hit comes from Redis."""
    api_cache._hot.update(generation=None, entries={})
    return api.get(url)


@pytest.fixture
def own_redis(tmp_path):
    server = OwnServer("redis", "REDIS_PORT", "REDIS_HOME", tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def test_a_redis_cache_url_selects_a_cache_that_fails_open_and_shared_sessions():
    cache = config.cache(default="redis://127.0.0.1:6390/1")
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert cache["LOCATION"] == "redis://127.0.0.1:6390/1" and cache["KEY_PREFIX"] == "cms"
    assert config.is_shared_cache(cache)
    assert not config.is_shared_cache(config.cache(default="locmemcache://"))


def test_api_answers_are_kept_in_redis(api, event, settings, monkeypatch):
    use_redis(redis_url() + "/2", settings, monkeypatch)
    url = f"/api/v1/pages/{event.pk}/"
    first = cold_get(api, url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    keys = redis_client.Redis.from_url(redis_url() + "/2").keys("cms:*cms-api:*")
    assert keys, "the answer was not stored in Redis"
    again = cold_get(api, url)
    assert again["X-Cache"] == "hit" and again.content == first.content


def test_the_api_answers_from_the_database_while_redis_is_gone_and_caches_again_after(
    api, event, settings, monkeypatch, own_redis, caplog
):
    use_redis(f"redis://127.0.0.1:{own_redis.port}/0", settings, monkeypatch)
    url = f"/api/v1/pages/{event.pk}/"
    cached = cold_get(api, url)
    assert cold_get(api, url)["X-Cache"] == "hit"

    own_redis.stop()
    for _ in range(3):
        response = cold_get(api, url)
        assert response.status_code == 200, response.content[:300]
        assert response.content == cached.content and response["X-Cache"] == "miss"
    assert api.get("/api/v1/pages/").status_code == 200
    assert "Exception ignored" in caplog.text  # logged, not raised
    ready = api.get("/health/ready/", **JSON)
    assert ready.status_code == 200, ready.content
    assert ready.json()["Cache(alias='default')"].startswith(
        "Warning: shared cache unreachable; the API answers from the database"
    )

    own_redis.start()  # empty: the server keeps no data across restarts
    assert cold_get(api, url)["X-Cache"] == "miss"
    assert cold_get(api, url)["X-Cache"] == "hit"
    assert api.get("/health/ready/", **JSON).json()["Cache(alias='default')"] == "OK"


def test_sessions_are_read_through_redis_and_survive_its_outage(
    client, admin_user, settings, monkeypatch, own_redis
):
    use_redis(f"redis://127.0.0.1:{own_redis.port}/0", settings, monkeypatch)
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    store = redis_client.Redis(port=own_redis.port)
    (key,) = store.keys("cms:*django.contrib.sessions.cached_db*")
    assert 0 < store.ttl(key) <= settings.CMS_SESSION_CACHE_SECONDS  # bounded, not 2 weeks

    own_redis.stop()
    assert client.get("/admin/").status_code == 200  # the session comes from the database
    own_redis.start()
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.get("/admin/").status_code == 302
