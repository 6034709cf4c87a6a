"""Settings for the API benchmark: production-like (no DEBUG), search indexing off for speed.

``CMS_API_CACHE=0`` in the environment switches the API response cache off (uncached runs).
"""

import os

from cms.settings.dev import *  # noqa: F403
from cms.settings.dev import WAGTAILSEARCH_BACKENDS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CMS_API_CACHE = os.environ.get("CMS_API_CACHE", "1") != "0"
for backend in WAGTAILSEARCH_BACKENDS.values():
    backend["AUTO_UPDATE"] = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# Persistent connections, as a production deployment would use (same for v1, v2 and static).
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
