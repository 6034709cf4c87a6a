"""Production: every security setting must come from the environment; nothing insecure is assumed."""

from urllib.parse import urlsplit

from cms.runtime.env import ConfigError

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, config, env, logs

if DEBUG:
    raise ConfigError("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-") or len(set(SECRET_KEY)) < 5:
    raise ConfigError(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
# Links in workflow and notification e-mails point here; base.py's local default would send
# editors to 127.0.0.1.
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="")
_admin_url = urlsplit(WAGTAILADMIN_BASE_URL)
if _admin_url.scheme not in ("http", "https") or not _admin_url.netloc:
    raise ConfigError(
        "WAGTAILADMIN_BASE_URL must be set to the admin's public address in production "
        "(e.g. https://cms.example.org), for the links in workflow e-mails."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config.flag("SECURE_SSL_REDIRECT", default=True)
# Probes and scrapers ask the app server itself over plain HTTP (no X-Forwarded-Proto).
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
SECURE_HSTS_SECONDS = config.positive_int(
    "SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One JSON object per log line, for the log collector (LOG_FORMAT=text for people reading along).
LOGGING = logs.logging_config(config.log_format(default="json"), config.log_level())
