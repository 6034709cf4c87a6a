"""Log lines carry the request id, as text or JSON (cms.runtime.logs); LOG_FORMAT is checked."""

from __future__ import annotations

import io
import json
import logging.config
import re

import pytest
from django.conf import settings as django_settings

from cms.runtime.logs import logging_config
from tests.core.test_config import manage

MISSING = "/nichts-hier/"  # a 404: Django logs "Not Found", the request line follows


def configure(log_format: str) -> io.StringIO:
    """Logging as the settings configure it for ``log_format``, its handler writing to the
    returned stream instead of stderr."""
    config = logging_config(log_format, "INFO")
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    return stream


@pytest.fixture
def json_lines():
    """Logging configured as production does (JSON); the lines logged since, parsed."""
    stream = configure("json")

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line]

    yield read
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.mark.django_db
def test_a_valid_request_id_is_on_every_json_line_and_echoed(client, json_lines):
    request_id = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
    response = client.get(MISSING, HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 404 and response["X-Request-ID"] == request_id
    lines = json_lines()
    messages = {line["message"] for line in lines}
    assert f"Not Found: {MISSING}" in messages
    assert f"method=GET path={MISSING} status=404" in messages
    assert {line["request_id"] for line in lines} == {request_id}
    for line in lines:
        assert {"time", "level", "logger", "message"} <= set(line)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given",
    [
        "x" * 129,  # too long
        'abc" level="ERROR',  # quotes: a forged field in a text log
        "abc\ndef",  # a forged second line
        "äöü",  # outside the character set
        "",  # empty
    ],
)
def test_an_invalid_request_id_is_replaced_by_a_new_one(client, json_lines, given):
    response = client.get(MISSING, HTTP_X_REQUEST_ID=given)
    new_id = response["X-Request-ID"]
    assert new_id != given and re.fullmatch(r"[0-9a-f]{32}", new_id)
    lines = json_lines()
    assert lines and {line["request_id"] for line in lines} == {new_id}


@pytest.mark.django_db
def test_without_a_header_each_request_gets_its_own_id(client, json_lines):
    first = client.get("/health/live/")["X-Request-ID"]
    second = client.get("/health/live/")["X-Request-ID"]
    assert first != second and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in (first, second))
    assert {line["request_id"] for line in json_lines()} == {first, second}


def test_text_lines_carry_the_request_id_too(client, db):
    stream = configure("text")
    try:
        client.get(MISSING, HTTP_X_REQUEST_ID="req-42")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and all(" [req-42] " in line for line in lines), lines


def test_production_logs_json_unless_told_otherwise(tmp_path):
    production = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "q8Zr-7bWn2#kPv5xLm0@Tg4Hs9Yc1Jd6Fe3Ua8Oi2Rw7Qy5Nt0Bz4Xk1Lp6Mh9Gv",
        "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    show = [
        "shell",
        "-c",
        "from django.conf import settings; print(*settings.LOGGING['formatters'])",
    ]
    assert manage(*show, **production).stdout.split()[-1:] == ["json"]
    assert manage(*show, **production, LOG_FORMAT="text").stdout.split()[-1:] == ["text"]
    assert manage(*show, LOG_FORMAT="").stdout.split()[-1:] == ["text"]  # make run: text
    broken = manage("check", LOG_FORMAT="xml")
    assert broken.returncode == 2 and "LOG_FORMAT" in broken.stderr
    assert "Traceback" not in broken.stderr
