"""schemathesis against the live API: no 5xx, no response outside the documented contract."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import make_document, make_image, publish
from tests.plugins.events.models import EventPage, Venue

CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


@pytest.mark.live
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    transactional_db, live_server, home, tmp_path
):
    from django.core.cache import cache

    cache.clear()
    image = make_image()
    make_document()
    home.body = [
        {
            "type": "image",
            "id": "a",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        },
        {
            "type": "rich_text",
            "id": "b",
            "value": f'<p><a linktype="page" id="{home.pk}">Start</a></p>',
        },
    ]
    publish(home)
    publish(
        home.add_child(
            instance=EventPage(
                title="Forum", slug="forum", start=datetime.date(2026, 5, 1), locale=home.locale
            )
        )
    )
    Venue.objects.create(name="Kulturhaus", locale=home.locale)
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
