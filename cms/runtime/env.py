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


#: Seconds a server process keeps its PostgreSQL connection (``DATABASE_CONN_MAX_AGE``; 0 closes
#: it after every request, Django's default).
DATABASE_CONN_MAX_AGE = 60


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
    PostgreSQL as django-environ reads it, with persistent connections
    (``DATABASE_CONN_MAX_AGE`` seconds, default :data:`DATABASE_CONN_MAX_AGE`, and health
    checks). Raises :class:`ConfigError` for an unknown scheme or a bad ``DATABASE_CONN_MAX_AGE``.
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
    else:
        # Persistent connections (Django's CONN_MAX_AGE, checked before reuse after a database
        # restart: CONN_HEALTH_CHECKS): a new PostgreSQL connection cost 15–26 ms per request
        # here (a forked server process, SCRAM authentication). A development server's threads
        # still close theirs after each request (Django's ThreadedWSGIServer).
        config["CONN_MAX_AGE"] = positive_int(
            "DATABASE_CONN_MAX_AGE", DATABASE_CONN_MAX_AGE, minimum=0
        )
        config["CONN_HEALTH_CHECKS"] = True
    return config


def search_backends(index_prefix: str) -> dict:
    """``SEARCH_URL`` as ``WAGTAILSEARCH_BACKENDS``.

    ``database://`` (the default) uses Wagtail's database backend: SQLite FTS5 or PostgreSQL
    full-text search. ``elasticsearch8://host:port`` or ``opensearch2://host:port`` select a
    real engine; several nodes of one cluster are a comma list
    (``opensearch2://127.0.0.1:9211,127.0.0.1:9212``: the client spreads requests over them and
    skips a node that is down). ``?index=`` overrides the index name, ``?replicas=N`` sets the
    indexes' ``number_of_replicas`` (a whole number from 0; unset: the engine's default).
    Raises :class:`ConfigError` for an unknown scheme, a node without host or port, or a bad
    ``replicas``.
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
        nodes = [node.strip() for node in parts.netloc.split(",")]
        for node in nodes:
            node_parts = urlsplit(f"//{node}")
            try:
                port = node_parts.port
            except ValueError:
                port = None
            if not node_parts.hostname or port is None:
                raise ConfigError(
                    f"SEARCH_URL {raw!r} is malformed: each node needs a host and a port "
                    f"(e.g. {parts.scheme}://127.0.0.1:9201)."
                )
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        config.update(
            URLS=[f"http://{node}" for node in nodes],
            INDEX_PREFIX=query.get("index", index_prefix),
            TIMEOUT=10,
            OPTIONS={},
        )
        if "replicas" in query:
            replicas = query["replicas"]
            if not replicas.isdigit():
                raise ConfigError(
                    f"SEARCH_URL {raw!r}: replicas must be a whole number from 0, not {replicas!r}."
                )
            config["INDEX_SETTINGS"] = {
                "settings": {"index": {"number_of_replicas": int(replicas)}}
            }
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


def _number(variable: str, default: float, parse, accept, expected: str):
    """``variable`` (``default`` when unset) read by ``parse`` (``int`` or ``float``) and checked
    by ``accept``; ConfigError naming the variable and ``expected`` otherwise."""
    raw = env.str(variable, default=str(default)).strip()
    try:
        value = parse(raw)
    except ValueError:
        value = None
    if value is None or not accept(value):
        raise ConfigError(f"{variable} must be {expected}, not {raw!r}.")
    return value


def positive_seconds(variable: str, default: float) -> float:
    """A number of seconds above 0 from ``variable`` (``default`` when unset, ``2.5`` allowed);
    else ConfigError naming the variable."""
    return _number(
        variable,
        default,
        float,
        lambda value: 0 < value < float("inf"),
        "a number of seconds above 0",
    )


def positive_int(variable: str, default: int, minimum: int = 1) -> int:
    """A whole number of at least ``minimum`` from ``variable`` (``default`` when unset); else
    ConfigError naming the variable."""
    return _number(
        variable,
        default,
        int,
        lambda value: value >= minimum,
        f"a whole number of at least {minimum}",
    )


#: The spellings :func:`flag` accepts (lower case), German ones included.
TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ja"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "nein", ""})


def flag(variable: str, default: bool) -> bool:
    """A yes/no setting from ``variable`` (``default`` when unset): ``1``/``true``/``yes``/``on``/
    ``ja`` or ``0``/``false``/``no``/``off``/``nein`` in any case. Anything else raises
    ConfigError naming the variable: django-environ's ``Env.bool`` would read ``DEBUG=ja`` or a
    typo as false without a word."""
    raw = os.environ.get(variable)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(
        f"{variable} must be true or false (1/0, yes/no, on/off, ja/nein), not {raw!r}."
    )


#: Seconds a Redis command may take (connecting included) before the cache gives up on it and
#: the request goes on without the cache (:func:`cache`): short, since every miss would pay it.
REDIS_SOCKET_TIMEOUT = 0.5


def cache(default: str) -> dict:
    """``CACHE_URL`` as a Django cache dict (``locmemcache://``, ``redis://``, ``filecache:///path``).

    ``redis://host:port/db`` (or ``rediss://`` with TLS, ``redis://:password@host:port/db``)
    selects django-redis and makes the cache *fail open*: a Redis that is down or slow (after
    :data:`REDIS_SOCKET_TIMEOUT` seconds) turns every read into a miss and every write into
    nothing, logged by the ``django_redis`` logger, never raised, so the API answers from the
    database meanwhile (django-redis' ``IGNORE_EXCEPTIONS``,
    https://github.com/jazzband/django-redis#memcached-exceptions-behavior). Keys are prefixed
    with ``cms`` (``?prefix=`` overrides), so one Redis database can serve several sites.
    """
    raw = env.str("CACHE_URL", default=default)
    scheme = urlsplit(raw).scheme
    if scheme in ("redis", "rediss"):
        return redis_cache(raw)
    try:
        return environ.Env.cache_url_config(raw)
    except (ImproperlyConfigured, ValueError, KeyError):
        raise ConfigError(
            f"CACHE_URL has the unknown scheme {scheme!r}; use e.g. locmemcache://, "
            f"redis://127.0.0.1:6379/0 or filecache:///var/tmp/cms-cache."
        ) from None


def redis_cache(url: str) -> dict:
    """The django-redis cache dict for ``url`` (see :func:`cache`); ConfigError when malformed."""
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigError(
            f"CACHE_URL {url!r} has a malformed port (e.g. redis://127.0.0.1:6379/0)."
        ) from None
    if not parts.hostname:
        raise ConfigError(f"CACHE_URL {url!r} needs a host (e.g. redis://127.0.0.1:6379/0).")
    query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
    prefix = query.pop("prefix", "cms")
    location = parts._replace(query="&".join(f"{k}={v}" for k, v in query.items())).geturl()
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            "IGNORE_EXCEPTIONS": True,
        },
    }


def is_shared_cache(config: dict) -> bool:
    """Whether a cache dict is one that every process of the installation shares (Redis)."""
    return config.get("BACKEND", "").startswith(
        ("django_redis.", "django.core.cache.backends.redis")
    )


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


#: Seconds to connect to, and to wait for an answer from, the object storage; short so that a
#: storage outage fails a request (and readiness) quickly instead of holding a worker.
S3_CONNECT_TIMEOUT = 2
S3_READ_TIMEOUT = 20


def media_storage() -> dict:
    """``STORAGES["default"]`` (media: originals, renditions, documents) from the environment.

    ``AWS_STORAGE_BUCKET_NAME`` set: S3 or any S3-compatible storage through django-storages'
    ``S3Storage`` (https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html),
    with ``AWS_S3_ENDPOINT_URL`` (unset: AWS itself), ``AWS_S3_REGION_NAME``,
    ``AWS_S3_ACCESS_KEY_ID``/``AWS_S3_SECRET_ACCESS_KEY`` (unset: boto3's own chain, e.g.
    ``AWS_ACCESS_KEY_ID`` or an instance role), ``AWS_LOCATION`` (a key prefix) and
    ``AWS_S3_ADDRESSING_STYLE`` (``path`` by default when an endpoint is set, as most
    S3-compatible servers want). The bucket stays private: nothing is uploaded with a public ACL,
    every URL of the storage itself is presigned (``querystring_auth``) and expires after
    ``AWS_QUERYSTRING_EXPIRE`` seconds (default 3600); readers get renditions and documents
    through the CMS's checked views (:mod:`cms.runtime.media`), never a bucket URL. Names are
    never overwritten (Wagtail expects a new name for a new file).

    Else ``MEDIA_STORAGE`` (a storage class path, default the file system under ``MEDIA_ROOT``)
    with ``MEDIA_STORAGE_OPTIONS`` (JSON).
    """
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {
            "BACKEND": env.str(
                "MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage"
            ),
            "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
        }
    from botocore.config import Config

    endpoint = env.str("AWS_S3_ENDPOINT_URL", default="")
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"AWS_S3_ENDPOINT_URL {endpoint!r} is malformed: it needs http(s) and a host "
                f"(e.g. http://127.0.0.1:9390)."
            )
    addressing_style = env.str("AWS_S3_ADDRESSING_STYLE", default="path" if endpoint else "")
    options: dict = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "location": env.str("AWS_LOCATION", default=""),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": positive_int("AWS_QUERYSTRING_EXPIRE", default=3600),
        "file_overwrite": False,
        # django-storages ignores its addressing_style and signature_version options when given
        # a client_config: they go into it.
        "client_config": Config(
            s3={"addressing_style": addressing_style or None},
            signature_version="s3v4",
            connect_timeout=S3_CONNECT_TIMEOUT,
            read_timeout=S3_READ_TIMEOUT,
            retries={"max_attempts": 2, "mode": "standard"},
            # boto3 adds CRC checksums to every upload since 1.36; S3-compatible servers (s3proxy,
            # Ceph, older MinIO-likes) refuse them as "NotImplemented": only when required there.
            request_checksum_calculation="when_required" if endpoint else "when_supported",
            response_checksum_validation="when_required" if endpoint else "when_supported",
        ),
    }
    access_key = env.str("AWS_S3_ACCESS_KEY_ID", default="")
    secret_key = env.str("AWS_S3_SECRET_ACCESS_KEY", default="")
    if bool(access_key) != bool(secret_key):
        raise ConfigError(
            "AWS_S3_ACCESS_KEY_ID and AWS_S3_SECRET_ACCESS_KEY must be set together (or neither)."
        )
    if access_key:
        options.update(access_key=access_key, secret_key=secret_key)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


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
