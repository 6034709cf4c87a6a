"""The real engine node for tests: ``SEARCH_ENGINE_URL`` (``make search-engine`` starts one)."""

from __future__ import annotations

import json
import os
import urllib.request
import uuid

import pytest

HOW_TO = (
    "SEARCH_ENGINE_URL is not set: engine tests need a real Elasticsearch 8 or OpenSearch 2 node. "
    "Start one with `make search-engine` (or `bin/search-engine start`) and run "
    "`SEARCH_ENGINE_URL=http://127.0.0.1:9201 pytest -m engine` (bin/test does both)."
)


def engine_url() -> str:
    url = os.environ.get("SEARCH_ENGINE_URL", "").rstrip("/")
    if not url:
        pytest.fail(HOW_TO, pytrace=False)
    return url


def engine_backend(url: str) -> str:
    """``search.backends.opensearch2`` or ``…elasticsearch8``, from what the node says it is."""
    try:
        with urllib.request.urlopen(url + "/", timeout=10) as response:
            info = json.load(response)
    except OSError as exc:
        pytest.fail(f"The search engine at {url} does not answer ({exc}). {HOW_TO}", pytrace=False)
    if info.get("version", {}).get("distribution") == "opensearch":
        return "search.backends.opensearch2"
    return "search.backends.elasticsearch8"


def delete_indices(url: str, prefix: str) -> None:
    request = urllib.request.Request(f"{url}/{prefix}*", method="DELETE")
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except OSError:
        pass


def engine_settings(url: str, prefix: str | None = None) -> tuple[dict, str]:
    prefix = prefix or f"test_{os.getpid()}_{uuid.uuid4().hex[:6]}_"
    return (
        {
            "default": {
                "BACKEND": engine_backend(url),
                "URLS": [url],
                "INDEX_PREFIX": prefix,
                "TIMEOUT": 10,
                "AUTO_UPDATE": True,
            },
            "database": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True},
        },
        prefix,
    )
