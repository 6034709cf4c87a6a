"""What a plugin's own API routers may use from the core's API.

Import this from a plugin's router module (named in ``Plugin.api_routers``) or its block specs
module (named in ``Plugin.block_specs``), never from its ``apps.py``: it loads the API, which
needs the app registry ready.
"""

from cms.api.common import Out
from cms.api.http import API_TEXT_LANGUAGE, VARY, VARY_LANGUAGE, ApiError, problem, requested_locale
from cms.api.routers import locale_param
from cms.api.serialize import BlockSpec, Spec, block_serializer

__all__ = [
    "API_TEXT_LANGUAGE",
    "VARY",
    "VARY_LANGUAGE",
    "ApiError",
    "BlockSpec",
    "Spec",
    "Out",
    "block_serializer",
    "locale_param",
    "problem",
    "requested_locale",
]
