"""Sessions in the database, read through the shared cache (Redis): ``SESSION_ENGINE``.

Django's ``cached_db`` store (https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions)
with one change: an entry stays in the cache at most ``CMS_SESSION_CACHE_SECONDS`` (300) instead
of the session's whole lifetime. The database stays the record; the cache saves its read on most
requests. Why the bound: the cache fails open (``cms.runtime.env.cache``), so a logout while
Redis is unreachable deletes the session from the database but cannot delete its cache entry; if
Redis comes back with its data, that entry would keep the logged-out session alive until it
expired. With the bound it is gone within minutes. While Redis is down, each request reads its
session from the database.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

__all__ = ["SessionStore"]


class _BoundedCache:
    """A cache whose entries live at most ``seconds``; everything else is the wrapped cache's."""

    def __init__(self, cache, seconds: int):
        self._cache = cache
        self._seconds = seconds

    def _bound(self, timeout):
        return self._seconds if timeout is None else min(timeout, self._seconds)

    def set(self, key, value, timeout=None, version=None):
        """The wrapped ``set`` with ``timeout`` (seconds) at most the bound."""
        return self._cache.set(key, value, self._bound(timeout), version=version)

    async def aset(self, key, value, timeout=None, version=None):
        """The wrapped ``aset`` with ``timeout`` (seconds) at most the bound."""
        return await self._cache.aset(key, value, self._bound(timeout), version=version)

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)

    def __str__(self):
        return str(self._cache)


class SessionStore(CachedDBStore):
    """Django's ``cached_db`` session store with cache entries bounded in time (module docstring)."""

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _BoundedCache(
            self._cache, int(getattr(settings, "CMS_SESSION_CACHE_SECONDS", 300))
        )
