"""The contract: a valid OpenAPI 3 document, typed per page type and block, committed as
clients/openapi.json (the typed client package generates its types from it).

The committed document is the API of the installation as ``make run`` configures it (the shipped
plugins, not the test-only "events" plugin): ``manage.py openapi_document`` with the development
settings, in a subprocess. After an intended change to the API contract, update it and review
the diff:

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openapi_spec_validator import validate

SNAPSHOT = Path(__file__).resolve().parents[2] / "clients" / "openapi.json"


def _document(api) -> dict:
    return api.get_json("/api/v1/openapi.json")


def test_openapi_document_is_valid(api):
    validate(_document(api))


def shipped_document() -> str:
    """``manage.py openapi_document`` with the development settings and the shipped plugins."""
    root = SNAPSHOT.parents[1]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CMS_EXTRA_PLUGINS", "CMS_DISABLED_PLUGINS")
    }
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    result = subprocess.run(
        [sys.executable, "manage.py", "openapi_document"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_openapi_matches_snapshot():
    text = shipped_document()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists(), "Run with UPDATE_OPENAPI_SNAPSHOT=1 to create the snapshot."
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == json.loads(text), (
        "The API contract changed. If intended: UPDATE_OPENAPI_SNAPSHOT=1 "
        ".venv/bin/pytest tests/api/test_openapi.py, and review the diff."
    )


def test_the_committed_contract_names_only_what_the_shipped_installation_serves():
    """Found by review: the contract held the test-only events plugin (``EventPage``,
    ``/snippets/venue/``), endpoints a real installation answers 404."""
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert "EventPage" not in document["components"]["schemas"]
    assert not [path for path in document["paths"] if "venue" in path]
    assert "ProjectPage" in document["components"]["schemas"]


def test_the_served_document_is_the_commands(api):
    """What ``/api/v1/openapi.json`` serves is what ``openapi_document`` writes."""
    from cms.management.commands.openapi_document import openapi_document

    assert openapi_document() == _document(api)


def test_schemas_are_typed_per_page_type_and_block(api):
    schemas = _document(api)["components"]["schemas"]
    event = schemas["EventPage"]["properties"]
    assert event["type"]["const"] == "event"
    assert event["start"] == {"format": "date", "title": "Start", "type": "string"}
    body = schemas["HomePage"]["properties"]["body"]
    assert body["type"] == "array"
    union = body["items"]
    assert union["discriminator"]["propertyName"] == "type"
    assert len(union["oneOf"]) >= 5
    item = schemas[union["discriminator"]["mapping"]["rich_text"].rsplit("/", 1)[1]]
    assert set(item["required"]) == {"type", "id", "value"}
    assert item["properties"]["value"]["type"] == "string"
    listing = _document(api)["paths"]["/api/v1/pages/"]["get"]
    errors = listing["responses"]["400"]["content"]
    assert list(errors) == ["application/problem+json"]
    params = {p["name"] for p in listing["parameters"]}
    assert {"type", "locale", "parent", "ancestor", "limit", "offset", "start_from"} <= params
    limit = next(p for p in listing["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100
