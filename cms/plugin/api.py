"""What a plugin's own API routers may use from the core's API.

Import this from a plugin's router module (named in ``Plugin.api_routers``), never from its
``apps.py``: it loads the API, which needs the app registry ready.
"""

from cms.api.http import API_TEXT_LANGUAGE, VARY, VARY_LANGUAGE, ApiError, problem, requested_locale
from cms.api.routers import locale_param

__all__ = [
    "API_TEXT_LANGUAGE",
    "VARY",
    "VARY_LANGUAGE",
    "ApiError",
    "locale_param",
    "problem",
    "requested_locale",
]
