"""Local development: the embedded defaults (SQLite, database search, local media)."""

from .base import *  # noqa: F403
from .base import config, env

DEBUG = config.flag("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# /metrics for a scraper on this machine (production: METRICS_TOKEN or METRICS_ALLOWED_IPS).
CMS_METRICS_ALLOWED_NETWORKS = config.networks("METRICS_ALLOWED_IPS", default="127.0.0.1,::1")
