"""Read the process environment into settings, through django-environ.

Every setting that differs between machines is read here and nowhere else. Broken values raise
:class:`ConfigError`, a one-sentence message naming the variable; ``manage.py`` and the WSGI/ASGI
entry points print it instead of a traceback.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

#: URL schemes accepted in ``SEARCH_URL`` and the Wagtail search backend each one selects.
SEARCH_BACKENDS = {
    "database": "wagtail.search.backends.database",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}


class ConfigError(ImproperlyConfigured):
    """A configuration value is missing or malformed; the message names the variable."""


#: SQLite's busy timeout in seconds: how long a write waits for another writer to finish before
#: "database is locked". Below gunicorn's default worker timeout (30 s), so a waiting editor gets
#: an answer (cms.admin.transactions) before the worker would be killed.
SQLITE_BUSY_TIMEOUT = 20.0

#: Run on every new SQLite connection. Write-ahead logging lets readers and one writer work at
#: the same time (readers never wait for a writer, a writer never waits for readers); NORMAL
#: synchronisation is safe with WAL (a power cut can lose the last commits, never corrupt).
SQLITE_INIT_COMMAND = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"


def sqlite_options(options: dict) -> dict:
    """Connection options for SQLite: WAL, a busy timeout and immediate write transactions.

    ``options`` are those of ``DATABASE_URL``'s query (``?timeout=30`` in seconds,
    ``?transaction_mode=…``); they win over the defaults. ``transaction_mode: IMMEDIATE``
    (Django 5.1+) makes every ``atomic()`` take SQLite's write lock at ``BEGIN``, so a transaction
    that has read never fails on upgrading to a writer (a deferred one gets "database is locked"
    at once, busy timeout or not, when another connection writes). Design: SQLite's own advice,
    https://sqlite.org/wal.html and https://sqlite.org/lang_transaction.html.
    """
    timeout = options.get("timeout", SQLITE_BUSY_TIMEOUT)
    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        raise ConfigError(
            f"DATABASE_URL has timeout={timeout!r}; give the SQLite busy timeout in seconds "
            f"(e.g. sqlite:///var/db.sqlite3?timeout=20)."
        ) from None
    return {
        "init_command": SQLITE_INIT_COMMAND,
        "transaction_mode": "IMMEDIATE",
        **options,
        "timeout": timeout,
    }


def database(default: str) -> dict:
    """``DATABASE_URL`` as a Django database dict; unknown schemes are refused by name.

    SQLite gets :func:`sqlite_options` (and relative paths are read from the project root);
    PostgreSQL is passed on as django-environ reads it.
    """
    raw = env.str("DATABASE_URL", default=default)
    scheme = urlsplit(raw).scheme
    if scheme not in environ.Env.DB_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL has the unknown scheme {scheme!r}; "
            f"use one of: sqlite, postgres (e.g. postgres://user:pass@127.0.0.1:5432/cms)."
        )
    try:
        config = environ.Env.db_url_config(raw)
    except (ValueError, ImproperlyConfigured) as exc:
        raise ConfigError(f"DATABASE_URL cannot be read: {exc}") from None
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = sqlite_options(config.get("OPTIONS") or {})
        if config["NAME"] not in ("", ":memory:"):
            name = Path(config["NAME"])
            if not name.is_absolute():
                config["NAME"] = str(BASE_DIR / name)
    return config


def search_backends(index_prefix: str) -> dict:
    """``SEARCH_URL`` as ``WAGTAILSEARCH_BACKENDS``.

    ``database://`` (the default) uses Wagtail's database backend: SQLite FTS5 or PostgreSQL
    full-text search. ``elasticsearch8://host:port`` or ``opensearch2://host:port`` select a
    real engine; ``?index=`` overrides the index name.
    """
    raw = env.str("SEARCH_URL", default="database://")
    parts = urlsplit(raw)
    backend = SEARCH_BACKENDS.get(parts.scheme)
    if backend is None:
        raise ConfigError(
            f"SEARCH_URL has the unknown scheme {parts.scheme!r}; "
            f"use one of: {', '.join(sorted(SEARCH_BACKENDS))} (e.g. elasticsearch8://127.0.0.1:9201)."
        )
    config: dict = {"BACKEND": backend, "AUTO_UPDATE": True}
    if parts.scheme != "database":
        try:
            port = parts.port
        except ValueError:
            port = None
            parts = parts._replace(netloc="")
        if not parts.hostname or port is None:
            raise ConfigError(
                f"SEARCH_URL {raw!r} is malformed: it needs a host and a port "
                f"(e.g. {parts.scheme}://127.0.0.1:9201)."
            )
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        config.update(
            URLS=[f"http://{parts.netloc}"],
            INDEX_PREFIX=query.get("index", index_prefix),
            TIMEOUT=10,
            OPTIONS={},
        )
    return {"default": config}


def writable_dir(variable: str, path: Path) -> Path:
    """Create ``path`` if needed and refuse to start if the process cannot write to it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"{variable} points to {path}, which cannot be created: {exc.strerror}."
        ) from None
    if not os.access(path, os.W_OK):
        raise ConfigError(f"{variable} points to {path}, which this process cannot write to.")
    return path


def positive_int(variable: str, default: int) -> int:
    """A whole number of at least 1 from ``variable`` (``default`` when unset); else ConfigError."""
    raw = env.str(variable, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{variable} must be a whole number of at least 1, not {raw!r}.")
    return value


def cache(default: str) -> dict:
    """``CACHE_URL`` as a Django cache dict (``locmemcache://``, ``redis://``, ``filecache:///path``)."""
    raw = env.str("CACHE_URL", default=default)
    try:
        return environ.Env.cache_url_config(raw)
    except (ImproperlyConfigured, ValueError, KeyError):
        scheme = urlsplit(raw).scheme
        raise ConfigError(
            f"CACHE_URL has the unknown scheme {scheme!r}; use e.g. locmemcache://, "
            f"redis://127.0.0.1:6379/0 or filecache:///var/tmp/cms-cache."
        ) from None


def machine_translator() -> dict | None:
    """wagtail-localize's ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` from the environment, or ``None``.

    ``DEEPL_API_KEY`` selects DeepL (keys ending in ``:fx`` use the free API);
    ``LIBRETRANSLATE_URL`` (with ``LIBRETRANSLATE_API_KEY`` if the server needs one) selects a
    LibreTranslate server. Neither set: no machine translation button in the editor.
    """
    deepl_key = env.str("DEEPL_API_KEY", default="")
    libre_url = env.str("LIBRETRANSLATE_URL", default="")
    if deepl_key and libre_url:
        raise ConfigError(
            "DEEPL_API_KEY and LIBRETRANSLATE_URL are both set; set only one machine translator."
        )
    if deepl_key:
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": deepl_key},
        }
    if libre_url:
        parts = urlsplit(libre_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"LIBRETRANSLATE_URL {libre_url!r} is malformed: it needs http(s) and a host "
                f"(e.g. https://translate.example.org)."
            )
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": libre_url.rstrip("/"),
                "API_KEY": env.str("LIBRETRANSLATE_API_KEY", default=""),
            },
        }
    return None


def networks(variable: str, default: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A comma list of IP addresses or networks (``10.0.0.0/8,::1``) from ``variable`` as
    networks (an address is a network of one); empty means none. A malformed entry is a
    :class:`ConfigError` naming it."""
    found = []
    for entry in env.str(variable, default=default).split(","):
        if entry := entry.strip():
            try:
                found.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ConfigError(
                    f"{variable} has {entry!r}, which is no IP address or network "
                    f"(e.g. 10.0.0.5 or 10.0.0.0/24)."
                ) from None
    return found


#: Values of ``LOG_FORMAT``: one line of text, or one JSON object per log record.
LOG_FORMATS = ("text", "json")


def log_format(default: str) -> str:
    """``LOG_FORMAT``: ``"text"`` or ``"json"`` (``default`` when unset or empty); else
    ConfigError."""
    value = env.str("LOG_FORMAT", default="").strip().lower() or default
    if value not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT must be text or json, not {value!r}.")
    return value


def log_level() -> str:
    """``LOG_LEVEL``, the least severe level logged (``INFO`` when unset: ``DEBUG``, ``INFO``,
    ``WARNING``, ``ERROR``, ``CRITICAL``); else ConfigError."""
    value = env.str("LOG_LEVEL", default="INFO").strip().upper()
    if value not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigError(
            f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not {value!r}."
        )
    return value
