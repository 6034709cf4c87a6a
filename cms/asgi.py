"""ASGI entry point; a configuration error ends start-up with its one-sentence message."""

import os
import sys

from django.core.asgi import get_asgi_application

from cms.runtime.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

try:
    application = get_asgi_application()
except ConfigError as exc:
    sys.stderr.write(f"Configuration error: {exc}\n")
    raise SystemExit(2) from None
