"""Every search entry bounds its query: length and words, a 400 (never a 500), one log line.

Wagtail's database backend nests one SQL expression per word; some hundred words overflowed
Python's recursion limit on PostgreSQL (500, a traceback per request). The guard
(``cms.runtime.search_limits``) answers before any view runs: problem+json on the API, a German page in
the admin.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest

from cms.runtime.search_limits import MAX_QUERY_LENGTH, MAX_QUERY_WORDS

MANY_WORDS = " ".join(f"wort{i}" for i in range(400))
TOO_MANY_WORDS = " ".join(f"w{i}" for i in range(MAX_QUERY_WORDS + 1))
TOO_LONG = "nordthueringen" * (MAX_QUERY_LENGTH // 14 + 1)
AT_THE_LIMIT = " ".join(f"w{i}" for i in range(MAX_QUERY_WORDS))

API_SEARCHES = [
    "/api/v2/pages/?search=",
    "/api/v2/images/?search=",
    "/api/v2/documents/?search=",
    "/api/v1/search/?q=",
    "/api/v1/search/suggest/?q=",
]
ADMIN_SEARCHES = [
    "/admin/pages/search/?q=",
    "/admin/pages/search/results/?q=",
    "/admin/images/?q=",
    "/admin/images/results/?q=",
    "/admin/images/chooser/results/?q=",
    "/admin/documents/?q=",
    "/admin/documents/chooser/results/?q=",
    "/admin/choose-page/search/?q=",
    "/admin/snippets/projekte/topic/?q=",
    "/admin/snippets/choose/projekte/topic/results/?q=",
    "/admin/users/?q=",
    "/admin/api/main/pages/?search=",
]


@pytest.fixture
def editor(client, django_user_model, home):
    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", "pw")
    client.force_login(user)
    client.raise_request_exception = False
    return client


def _problems(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.mark.parametrize("query", [MANY_WORDS, TOO_MANY_WORDS, TOO_LONG])
@pytest.mark.parametrize("url", API_SEARCHES)
def test_api_searches_refuse_unbounded_queries(client, home, url, query, caplog):
    client.raise_request_exception = False
    response = client.get(url + quote(query))
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 400
    assert body["invalid_params"][0]["name"] in ("q", "search")
    assert "Suchanfrage" in body["detail"] and "query" in body["detail"]
    assert len(_problems(caplog)) <= 1


@pytest.mark.parametrize("query", [MANY_WORDS, TOO_MANY_WORDS, TOO_LONG])
@pytest.mark.parametrize("url", ADMIN_SEARCHES)
def test_admin_searches_refuse_unbounded_queries_in_german(editor, url, query, caplog):
    response = editor.get(url + quote(query))
    assert response.status_code == 400, url
    text = response.content.decode()
    assert "Die Suchanfrage ist zu lang" in text
    assert "Traceback" not in text
    assert len(_problems(caplog)) <= 1


@pytest.mark.parametrize("url", API_SEARCHES[:3] + ["/api/v1/search/?q="])
def test_api_searches_at_the_limit_still_answer(client, home, url):
    assert client.get(url + quote(AT_THE_LIMIT)).status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/pages/search/?q=", "/admin/images/?q=", "/admin/users/?q="]
)
def test_admin_searches_at_the_limit_still_answer(editor, url):
    assert editor.get(url + quote(AT_THE_LIMIT)).status_code == 200


def test_search_service_bounds_words_for_every_caller(home):
    from search import service

    with pytest.raises(service.QueryError):
        service.search(TOO_MANY_WORDS, "de")
    with pytest.raises(service.QueryError):
        service.suggest(TOO_MANY_WORDS, "de")
