"""Every error answer under /api/v1/ is problem+json, also those no API view wrote (review of
issue 18: an unknown path gave Django's HTML 404, a POST to a listing a text/html 405)."""

import pytest
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseServerError
from django.test import RequestFactory

from cms.api.http import PROBLEM_JSON, ApiProblemMiddleware


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/nope/", 404),
        ("get", "/api/v1/pages/1/nope/", 404),
        ("post", "/api/v1/pages/", 405),
        ("put", "/api/v1/pages/", 405),
        ("delete", "/api/v1/search/", 405),
    ],
)
def test_django_errors_under_the_api_are_problem_json(client, db, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status and body["detail"] and body["title"] != "Error"
    if status == 405:
        assert "GET" in response["Allow"]


def test_an_uncaught_error_is_problem_json_unless_debugging(settings):
    request = RequestFactory().get("/api/v1/pages/")
    settings.DEBUG = False
    answer = ApiProblemMiddleware(lambda r: HttpResponseServerError("<h1>Server Error</h1>"))(
        request
    )
    assert answer.status_code == 500 and answer["Content-Type"] == PROBLEM_JSON
    settings.DEBUG = True
    kept = ApiProblemMiddleware(lambda r: HttpResponseServerError("traceback"))(request)
    assert kept["Content-Type"].startswith("text/html")


def test_answers_outside_the_api_and_the_views_own_pass_unchanged():
    outside = RequestFactory().get("/admin/nope/")
    page = HttpResponse("nicht gefunden", status=404)
    assert ApiProblemMiddleware(lambda r: page)(outside) is page
    allowed = HttpResponseNotAllowed(["GET"])
    allowed["Content-Type"] = PROBLEM_JSON
    inside = RequestFactory().post("/api/v1/pages/")
    assert ApiProblemMiddleware(lambda r: allowed)(inside) is allowed


@pytest.mark.parametrize("query", ["", "?path=/" + "x" * 1001])
def test_find_by_path_names_its_parameter_path(client, db, query):
    """The parameter called "path" was reported as "?" (its name was taken for a location)."""
    response = client.get(f"/api/v1/pages/find/{query}")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid_params"]] == ["path"]
