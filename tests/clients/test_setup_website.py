"""``manage.py setup_site --website URL`` (run by ``make run``) configures the front end
"website" of the reference website, idempotently, and leaves another default front end alone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cms.api.models import FrontEnd

pytestmark = pytest.mark.django_db


def _setup(address: str) -> str:
    out = io.StringIO()
    call_command("setup_site", "--website", address, stdout=out)
    return out.getvalue()


def test_website_front_end_is_configured_once_and_becomes_the_default():
    assert "Frontend website (http://127.0.0.1:3000): created" in _setup("http://127.0.0.1:3000")
    website = FrontEnd.objects.get(name="website")
    assert website.base_url == "http://127.0.0.1:3000"
    assert website.allowed_origin == "http://127.0.0.1:3000"
    assert website.preview_url == "http://127.0.0.1:3000/preview?token={token}"
    assert website.is_default
    assert "present" in _setup("http://127.0.0.1:3000")
    assert FrontEnd.objects.count() == 1

    assert "updated" in _setup("http://127.0.0.1:3123/")
    website.refresh_from_db()
    assert website.preview_link("a:b") == "http://127.0.0.1:3123/preview?token=a%3Ab"


def test_another_default_front_end_stays_the_default():
    app = FrontEnd.objects.create(name="app", base_url="nordthueringen://", is_default=True)
    _setup("http://127.0.0.1:3000")
    app.refresh_from_db()
    assert app.is_default
    assert not FrontEnd.objects.get(name="website").is_default


def test_without_the_option_no_front_end_is_made():
    call_command("setup_site", stdout=io.StringIO())
    assert not FrontEnd.objects.exists()
