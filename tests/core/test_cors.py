"""CORS headers for the configured front ends' origins: on the API only, never on the admin or files."""

from __future__ import annotations

import pytest

from cms.api.models import FrontEnd
from tests.api.conftest import make_document

ORIGIN = "https://www.nordthueringen.example"


@pytest.fixture
def website(db):
    return FrontEnd.objects.create(name="website", base_url=ORIGIN, allowed_origin=ORIGIN)


def test_front_end_origin_gets_cors_on_the_api(client, website):
    response = client.get("/api/v1/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)["Access-Control-Allow-Origin"] == ORIGIN


def test_no_cors_outside_the_api(client, website):
    document = make_document()
    for url in ("/admin/login/", "/admin/", document.url, "/login/"):
        for method in (client.get, client.options):
            response = method(url, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
            assert "Access-Control-Allow-Origin" not in response, (method.__name__, url)
            assert "Access-Control-Allow-Credentials" not in response, (method.__name__, url)


def test_preflight_allows_the_documented_request_headers(client, website):
    """A browser front end sends X-Frontend (docs/frontends.md) and revalidates with
    If-None-Match: its preflight must allow both, and the answer must expose ETag and
    Content-Language to its script."""
    response = client.options(
        "/api/v1/pages/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-frontend, if-none-match, authorization",
    )
    allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"x-frontend", "if-none-match", "authorization"} <= allowed
    exposed = client.get("/api/v1/pages/", HTTP_ORIGIN=ORIGIN)["Access-Control-Expose-Headers"]
    assert {h.strip().lower() for h in exposed.split(",")} >= {"etag", "content-language"}
