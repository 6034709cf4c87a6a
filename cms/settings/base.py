"""Settings shared by every mode. Values that differ between machines come from ``cms.runtime.env``."""

import datetime
from pathlib import Path

from corsheaders.defaults import default_headers as cors_default_headers
from django.utils.translation import gettext_lazy as _

from cms.plugin.enabled import enabled_plugins
from cms.runtime import env as config
from cms.runtime import logs, metrics

env = config.env
BASE_DIR = config.BASE_DIR
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = config.flag("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

#: Plugins switched off (labels or app paths); ``cms.content.pages`` drops lazy names of their pages.
CMS_DISABLED_PLUGINS = env.list("CMS_DISABLED_PLUGINS", default=[])
#: Every plugin this installation could run (built-in, discovered, CMS_EXTRA_PLUGINS): an entry of
#: CMS_DISABLED_PLUGINS naming none of them is a typo (cms.E020).
CMS_AVAILABLE_PLUGINS = enabled_plugins(extra=env.list("CMS_EXTRA_PLUGINS", default=[]))
CMS_PLUGINS = enabled_plugins(
    extra=env.list("CMS_EXTRA_PLUGINS", default=[]), disabled=CMS_DISABLED_PLUGINS
)

INSTALLED_APPS = [
    *CMS_PLUGINS,
    "cms",
    "cms.translation",  # before wagtail_localize: its admin URLs and hooks come first
    "wagtail_localize",
    "wagtail_localize.locales",
    "health_check",  # /health/live/, /health/ready/ (cms.runtime.health)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # the template of the site map (cms.runtime.sitemaps)
    "django_tasks_db",  # the task queue of the webhook worker (cms.delivery.webhooks)
    "django_prometheus",  # request, database and cache metrics at /metrics (cms.runtime.metrics)
]

MIDDLEWARE = [
    # First: requests are timed from here (django-prometheus; cms.runtime.metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Every log line of a request carries its id: X-Request-ID if valid, else a new one; the
    # response returns it (cms.runtime.logs, django-log-request-id).
    "cms.runtime.logs.RequestIdHeaderMiddleware",
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Every error answer under /api/v1/ as problem+json (also Django's own 404, 405 and 500).
    "cms.api.http.ApiProblemMiddleware",
    "cms.api.cache.ApiCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, but /api/v1/ answers in the locale the request asks for.
    "cms.api.http.ApiLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.runtime.search_limits.SearchLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the lockout page
    # The view's name for the latency metric (django-prometheus; touches no database).
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last: one transaction per admin POST; a refused one keeps the editor's input.
    "cms.admin.transactions.AdminTransactionMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # cms/upstream_templates: copies of Wagtail templates with texts Wagtail hard-codes in
        # English, now marked for translation (see cms/upstream_templates/README.md).
        "DIRS": [BASE_DIR / "cms" / "templates", BASE_DIR / "cms" / "upstream_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": config.database(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": config.cache(default="locmemcache://cms")}
# Sessions: in the database, read through the cache when it is shared by every process (Redis;
# a cache of one process would keep a logged-out session alive in the others). Their cache
# entries live at most CMS_SESSION_CACHE_SECONDS (cms.runtime.sessions), and a Redis outage only
# costs one database read per request (docs/deployment.md, "Cache").
SESSION_ENGINE = (
    "cms.runtime.sessions"
    if config.is_shared_cache(CACHES["default"])
    else "django.contrib.sessions.backends.db"
)
CMS_SESSION_CACHE_SECONDS = 300
# The Redis cache fails open (cms.runtime.env.cache); each error it swallows is logged.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Metrics and logs (docs/deployment.md, "Metrics" and "Logs") -----------------------------
# The same engines and cache backends with django-prometheus' counters (cms.runtime.metrics).
metrics.ensure_multiprocess_directory()
for _database in DATABASES.values():
    _database["ENGINE"] = metrics.database_engine(_database["ENGINE"])
for _cache in CACHES.values():
    _cache["BACKEND"] = metrics.cache_backend(_cache["BACKEND"])
# Who may read /metrics: a bearer token, or addresses/networks (never through a proxy on them).
CMS_METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
CMS_METRICS_ALLOWED_NETWORKS = config.networks("METRICS_ALLOWED_IPS", default="")
# Log lines on stderr, as text or as one JSON object each (LOG_FORMAT), every one with the
# request id (cms.runtime.logs); one line per request with its method, path and status.
LOGGING = logs.logging_config(config.log_format(default="text"), config.log_level())
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
NO_REQUEST_ID = "-"
LOG_REQUESTS = True
LOG_USER_ATTRIBUTE = None  # no user ids in the request lines (and no session read for them)

TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
        # "purges": front-end cache purges, with a worker of their own in production
        # (cms.delivery.purge.PURGE_QUEUE); "default": search indexing, PDF texts.
        "QUEUES": ["default", "purges"],
    },
    # Webhooks are sent by a worker, never in the editor's request (cms.delivery.webhooks):
    # `manage.py db_worker --backend webhooks`; `make run` starts one inside the server.
    "webhooks": {
        "BACKEND": env.str("WEBHOOK_TASK_BACKEND", default="django_tasks_db.DatabaseBackend")
    },
}
# Seconds between a failed webhook attempt and the next (Standard Webhooks' schedule, +-20 %
# jitter); after the last one the message has failed and its endpoint is paused.
CMS_WEBHOOK_RETRY_DELAYS = [
    float(s)
    for s in env.list(
        "WEBHOOK_RETRY_DELAYS", default=["5", "300", "1800", "7200", "18000", "36000"]
    )
]
# Failed attempts in a row (any messages) after which an endpoint is paused.
CMS_WEBHOOK_PAUSE_AFTER = config.positive_int("WEBHOOK_PAUSE_AFTER", default=20)
# Seconds between a change and its message's first attempt: the other feed events of the same
# change (a publish records several) are merged into the message meanwhile.
CMS_WEBHOOK_DELAY = float(env.str("WEBHOOK_DELAY", default="1"))
# Seconds a receiver may take to answer one attempt.
CMS_WEBHOOK_TIMEOUT = config.positive_seconds("WEBHOOK_TIMEOUT", default=10)

# --- Login throttle (django-axes): the admin login, Wagtail's view included ---------------------
# LOGIN_FAILURE_LIMIT wrong passwords for one user name from one address lock that pair out for
# LOGIN_LOCKOUT_MINUTES; a successful login resets the count.
# AxesBackend first: it refuses locked-out logins before ModelBackend checks the password, and
# (a ModelBackend itself) can load users, which code taking the first backend needs (Wagtail's
# test helpers, force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = config.positive_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=config.positive_int("LOGIN_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# German lockout page (cms/admin/login_throttle.py), also for XHR logins (axes' own JSON answer
# would allow any CORS origin).
AXES_LOCKOUT_CALLABLE = "cms.admin.login_throttle.lockout_response"
# Failed attempts only: no record of every successful login and its IP address.
AXES_DISABLE_ACCESS_LOG = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: German is the source, English is translated -------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
# The project's own strings (German source, English translation), then German for texts of
# Wagtail, wagtail-localize and Django whose own German is missing or wrong (locale/upstream,
# see docs/translation.md). Catalogs here win over the packages' own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Europe/Berlin"
# Machine translation in wagtail-localize's editor: off unless DEEPL_API_KEY or
# LIBRETRANSLATE_URL (+ LIBRETRANSLATE_API_KEY) is set; see cms.runtime.env.machine_translator.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = config.machine_translator()
# A page submitted for translation starts as an English draft; wagtail-localize would otherwise
# publish it at once, German text and all, because its source is live.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
USE_TZ = True

# --- Static files and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # The file system under MEDIA_ROOT, or S3-compatible object storage (AWS_STORAGE_BUCKET_NAME).
    "default": config.media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
if STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    config.writable_dir("MEDIA_ROOT", MEDIA_ROOT)

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Regionalmanagement Nordthüringen"
# Wagtail's login form leaves its password label unmarked ("Password" in every language).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin.upstream_german.LoginForm"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Where clients reach the API (its media URLs, and the Host of every cache purge); empty: the
# request's own address (purges and webhook messages: WAGTAILADMIN_BASE_URL).
WAGTAILAPI_BASE_URL = env.str("WAGTAILAPI_BASE_URL", default="")
# HTTP caches in front of the API that accept `PURGE <url>` (Varnish with deploy/varnish/, Fastly):
# Wagtail's HTTPBackend per address. Other CDNs: a settings module (docs/delivery.md).
WAGTAILFRONTENDCACHE = {
    f"http{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": location,
    }
    for number, location in enumerate(env.list("FRONTEND_CACHE_URLS", default=[]))
}
# Lifetimes, in seconds: of a delta-sync token (the feed is pruned behind it) and a preview token.
CMS_SYNC_TOKEN_MAX_AGE = config.positive_int("SYNC_TOKEN_MAX_AGE", default=90 * 24 * 3600)
CMS_PREVIEW_SECONDS = config.positive_int("PREVIEW_SECONDS", default=1800)
# No avatars from Gravatar: every admin page would send each editor's e-mail hash and the
# reader's IP address to a third party. Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = config.search_backends(
    index_prefix=env.str("SEARCH_INDEX_PREFIX", default="nordthueringen_")
)
# The search plugin's engine backends add language analysis; the database backend is kept
# up to date beside an engine so that search can answer from it when the engine is down.
_SEARCH_PLUGIN_BACKENDS = {
    "wagtail.search.backends.elasticsearch8": "search.backends.elasticsearch8",
    "wagtail.search.backends.opensearch2": "search.backends.opensearch2",
}
if (
    "search" in CMS_PLUGINS
    and WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] in _SEARCH_PLUGIN_BACKENDS
):
    WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = _SEARCH_PLUGIN_BACKENDS[
        WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    ]
    WAGTAILSEARCH_BACKENDS["database"] = {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": True,
    }
# PostgreSQL full-text search with the German configuration (SQLite ignores it).
for _search_backend in WAGTAILSEARCH_BACKENDS.values():
    if _search_backend["BACKEND"].endswith(".database"):
        _search_backend.setdefault("SEARCH_CONFIG", "german")
# Engine analysers for content languages the search has none for (docs/search.md, Languages),
# e.g. {"pl": {"analyzer": "polish"}} with the engine's analysis-stempel plugin.
CMS_SEARCH_ENGINE_ANALYZERS: dict[str, dict] = {}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's v2 API and admin API (Django REST framework) know the admin session only: DRF's
# default Basic authentication would check passwords on every API request, past the login
# throttle (axes).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"]
}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Cross-origin reads by the configured front ends ------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
# A browser front end sends the documented X-Frontend header and revalidates with If-None-Match;
# it reads ETag (for that revalidation) and Content-Language (the locale an answer is in).
CORS_ALLOW_HEADERS = (*cors_default_headers, "x-frontend", "if-none-match")
CORS_EXPOSE_HEADERS = ["ETag", "Content-Language"]

WAGTAILIMAGES_IMAGE_MODEL = "cms.CmsImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.CmsDocument"

# --- Editors' admin (cms/admin): checked uploads, safe document serving, redirects ---------------
# Every upload passes cms.admin.uploads before anything is stored (German messages).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.admin.forms.CmsImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.admin.forms.CmsDocumentForm"
# Documents always go through Django's serve view (also on object storage), which adds
# "Content-Security-Policy: default-src 'none'" and "X-Content-Type-Options: nosniff"; every kind
# is sent as an attachment (PDFs can carry scripts), never rendered inline by the browser.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILDOCS_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Documents in a collection restricted to logged-in users send visitors to the admin login (the
# headless CMS routes no front-end login page; without this, such a download would fail).
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Moving or renaming a page creates a redirect from its old front-end path: cms.content.redirects does it,
# because Wagtail's own automatic redirects need page URLs from a wagtail_serve route, which this
# headless CMS does not have (they would silently create nothing).
# Moving or renaming a page creates a redirect from its old front-end path: cms.content.redirects does it
# for every locale, with or without a front end configured (Wagtail's own, from
# CmsPage.get_url_parts, needs a default front end and would duplicate them per site).
WAGTAILREDIRECTS_AUTO_CREATE = False
# Purge exactly the URLs cms.runtime.signals lists (each translation's own URL): Wagtail would otherwise
# also purge every URL with its /de/ swapped for each other language.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []
