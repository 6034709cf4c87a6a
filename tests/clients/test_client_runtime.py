"""The client package at run time, against the live server: the pagination iterator reaches every
card once, a repeated GET is revalidated with If-None-Match and answered 304 from the kept body,
the front end is named (X-Frontend), and errors are ProblemError with the RFC 9457 fields
(404 of find-by-path, 401 of a forged preview token, status 0 without a server)."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from django.core.management import call_command

from tests.clients.npm import ROOT, built

# Committed data for the live server. No serialized_rollback: after a transactional test without
# it (whose flush recreated the content types) restoring the snapshot failed on their unique key;
# tests/conftest.py's _tree_roots recreates what the next transactional test needs.
pytestmark = pytest.mark.django_db(transaction=True)


def test_client_pages_revalidates_and_raises_problems(live_server, home):
    built()
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("setup_site", "--website", "http://127.0.0.1:3000", stdout=io.StringIO())
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "clients" / "client_runtime.mjs"), live_server.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    assert seen["total"] > 1
    assert seen["iterated"] == seen["distinct"] == seen["total"]
    assert seen["revalidation"] == [
        {"sentEtag": False, "status": 200, "frontend": "website"},
        {"sentEtag": True, "status": 304, "frontend": "website"},
    ]
    assert seen["sameBody"] and seen["homeType"] == "home"
    problem = seen["problem"]
    assert problem["name"] == "ProblemError" and problem["status"] == 404
    assert problem["title"] and problem["json"]["status"] == 404
    assert seen["preview"]["status"] == 401
    assert seen["network"]["status"] == 0
