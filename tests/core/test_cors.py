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
