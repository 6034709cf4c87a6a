"""Test settings: fast hashing, local memory cache, immediate tasks, throw-away media."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CMS_AVAILABLE_PLUGINS, CMS_PLUGINS, DATABASES, INSTALLED_APPS, env

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "purges"],
    },
    # Webhooks go through the real queue; tests run the worker (tests/delivery/webhook_receiver.py).
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# SQLite test databases live in memory, one per pytest-xdist worker. pytest-django leaves the
# name alone only for Django's own sqlite3 engine; for the metrics engine (django-prometheus'
# sqlite3, cms.runtime.metrics) it would make a file name of "test_" + the path + "_gw0".
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("sqlite3"):
        _database.setdefault("TEST", {}).setdefault("NAME", ":memory:")
CMS_WEBHOOK_RETRY_DELAYS = [0.05, 0.1, 0.2]
CMS_WEBHOOK_PAUSE_AFTER = 6
CMS_WEBHOOK_TIMEOUT = 2.0
CMS_WEBHOOK_DELAY = 0.2
# Search statistics are stored by tests calling search.stats.flush(), never by a background
# thread (which would write outside the test's transaction, or at exit into the real database).
CMS_SEARCH_STATS_INTERVAL = 0
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cms-test-media-"))
ALLOWED_HOSTS = ["*"]
# The login throttle needs a request in every authenticate() call, which the test client's
# login() does not pass; tests/admin/test_login_throttle.py switches it on (AXES_ENABLED).
AXES_ENABLED = False

# The test-only "events" plugin proves that a content type needs no change to the core.
CMS_AVAILABLE_PLUGINS = [*CMS_AVAILABLE_PLUGINS, "tests.plugins.events"]
if "events" not in env.list("CMS_DISABLED_PLUGINS", default=[]):
    CMS_PLUGINS = [*CMS_PLUGINS, "tests.plugins.events"]
    INSTALLED_APPS = ["tests.plugins.events", *INSTALLED_APPS]

# wagtail-localize's dummy translator (reverses words): machine translation without a network.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
