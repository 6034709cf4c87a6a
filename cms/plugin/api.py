"""What a plugin's own API routers may use from the core's API.

Import this from a plugin's router module (named in ``Plugin.api_routers``) or its block specs
module (named in ``Plugin.block_specs``), never from its ``apps.py``: it loads the API, which
needs the app registry ready.
"""

from cms.api.common import Out
from cms.api.http import (
    API_TEXT_LANGUAGE,
    VARY,
    VARY_LANGUAGE,
    ApiError,
    bad_param,
    build_context,
    check_params,
    json_response,
    problem,
    requested_locale,
)
from cms.api.pages import (
    card_union,
    card_union_with,
    cards_by_id,
    filter_defs,
    filter_q,
    visible_page_ids,
)
from cms.api.routers import (
    ERRORS,
    allowed_params,
    common_params,
    filter_params,
    locale_param,
    params_schema,
    type_param,
)
from cms.api.serialize import BlockSpec, Spec, block_serializer, page_path

__all__ = [
    "API_TEXT_LANGUAGE",
    "ERRORS",
    "VARY",
    "VARY_LANGUAGE",
    "ApiError",
    "BlockSpec",
    "Spec",
    "Out",
    "allowed_params",
    "bad_param",
    "block_serializer",
    "build_context",
    "card_union",
    "card_union_with",
    "cards_by_id",
    "check_params",
    "common_params",
    "filter_defs",
    "filter_params",
    "filter_q",
    "json_response",
    "locale_param",
    "page_path",
    "params_schema",
    "problem",
    "requested_locale",
    "type_param",
    "visible_page_ids",
]
