"""WSGI entry point; a configuration error ends start-up with its one-sentence message."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from cms.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

try:
    application = get_wsgi_application()
except ConfigError as exc:
    sys.stderr.write(f"Configuration error: {exc}\n")
    raise SystemExit(2) from None
