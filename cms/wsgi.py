"""WSGI entry point; a configuration error ends start-up with its one-sentence message."""

import gc
import os
import sys

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from cms.runtime.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

try:
    application = get_wsgi_application()
except ConfigError as exc:
    sys.stderr.write(f"Configuration error: {exc}\n")
    raise SystemExit(2) from None

# What start-up made (models, block definitions, the API's generated schemas: some 200,000
# objects, once the URLconf is imported) lives as long as the process. Frozen, it is left out
# of the garbage collector's full collections, which otherwise walk all of it every few hundred
# requests (150-200 ms each, measured under bench/api).
get_resolver().url_patterns  # noqa: B018 - imports the URLconf, which builds the API
gc.freeze()
