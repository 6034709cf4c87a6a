"""Headless preview (cms.api.preview): the admin's preview panel shows the draft in each front end
with a preview address, through a short-lived token scoped to that draft; the API answers it in
the page type's detail schema, never cached, as the previewing editor sees it."""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from wagtail.models import Collection, CollectionViewRestriction

from cms.api.models import FrontEnd, PreviewSnapshot, validate_preview_url
from cms.api.preview import EXPIRED_PROBLEM
from tests.api.conftest import make_image, publish
from tests.plugins.events.models import EventPage

WEBSITE_PREVIEW = "http://127.0.0.1:3000/preview?token={token}"


@pytest.fixture
def website(db):
    return FrontEnd.objects.create(
        name="website", base_url="http://127.0.0.1:3000", preview_url=WEBSITE_PREVIEW
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("chefin", "c@example.org", "pw")


def _panel(page, user, mode: str) -> str:
    """Wagtail's preview view calls ``serve_preview`` with the form's unsaved page object."""
    request = RequestFactory().get("/admin/pages/preview/")
    request.user = user
    response = page.serve_preview(request, mode)
    response.render()
    assert response.status_code == 200
    return response.content.decode()


def _token(html: str) -> str:
    link = unescape(re.search(r'(?:src|href)="([^"]+token=[^"]+)"', html).group(1))
    return parse_qs(urlsplit(link).query)["token"][0]


def _read(api, token: str) -> dict:
    return api.get_json("/api/v1/preview/?" + urlencode({"token": token}))


def _event(home, title="Hoffest", slug="hoffest"):
    return publish(
        home.add_child(
            instance=EventPage(
                title=title, slug=slug, start=datetime.date(2026, 6, 1), locale=home.locale
            )
        )
    )


def test_preview_panel_shows_the_unsaved_draft_in_the_website(api, home, website, editor):
    page = _event(home)
    page.title = "Hoffest (ungespeichert)"  # the form's state: not saved, no revision
    assert page.preview_modes[0] == ("frontend:website", "Im Frontend „website“")
    assert page.default_preview_mode == "frontend:website"
    html = _panel(page, editor, "frontend:website")
    assert '<iframe src="http://127.0.0.1:3000/preview?token=' in html
    response = api.get("/api/v1/preview/", {"token": _token(html)})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Hoffest (ungespeichert)" and body["draft"] is True
    assert body["type"] == "event" and body["id"] == page.pk
    assert body["url"] == "http://127.0.0.1:3000/de/hoffest/"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert "X-Cache" not in response  # never in the API's response cache
    assert api.get_json(f"/api/v1/pages/{page.pk}/")["title"] == "Hoffest"  # live unchanged


def test_the_preview_takes_the_frontend_parameter_like_every_endpoint(api, home, website, editor):
    """Found by review: ``?frontend=`` (documented for every request) was a 400 here."""
    page = _event(home)
    token = _token(_panel(page, editor, "frontend:website"))
    response = api.get("/api/v1/preview/", {"token": token, "frontend": "website"})
    assert response.status_code == 200
    assert response.json()["url"] == "http://127.0.0.1:3000/de/hoffest/"
    assert api.get("/api/v1/preview/", {"token": token, "fronted": "website"}).status_code == 400


def test_each_preview_is_its_own_draft(api, home, website, editor):
    page = _event(home)
    page.title = "Erster Stand"
    first = _token(_panel(page, editor, "frontend:website"))
    page.title = "Zweiter Stand"
    second = _token(_panel(page, editor, "frontend:website"))
    assert _read(api, first)["title"] == "Erster Stand"
    assert _read(api, second)["title"] == "Zweiter Stand"


def test_a_new_page_can_be_previewed_before_its_first_save(api, home, website, editor):
    page = EventPage(title="Neu", slug="neu", start=datetime.date(2026, 7, 1), locale=home.locale)
    page.set_url_path(home)
    page.depth = home.depth + 1
    body = _read(api, _token(_panel(page, editor, "frontend:website")))
    assert body["title"] == "Neu" and body["id"] is None and body["path"] == "/neu/"


def test_forged_expired_and_gone_tokens_are_problems(api, home, website, editor):
    page = _event(home)
    token = _token(_panel(page, editor, "frontend:website"))
    forged = api.get("/api/v1/preview/", {"token": token[:-2] + "xx"})
    assert forged.status_code == 401
    assert forged["Content-Type"] == "application/problem+json"
    with override_settings(CMS_PREVIEW_SECONDS=-1):
        expired = api.get("/api/v1/preview/", {"token": token})
    assert expired.status_code == 401 and expired.json()["type"] == EXPIRED_PROBLEM
    PreviewSnapshot.objects.all().delete()
    assert api.get("/api/v1/preview/", {"token": token}).status_code == 404
    assert api.get("/api/v1/preview/").status_code == 400
    assert api.get("/api/v1/preview/", {"token": token, "x": "1"}).status_code == 400


def test_preview_reads_as_the_editor_who_previews(api, home, website, django_user_model, editor):
    vault = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=vault, restriction_type="login")
    image = make_image("Intern", collection=vault, description="Internes Foto")
    home.body = [
        {
            "type": "image",
            "id": "i",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        }
    ]
    # Signed in, the editor passes a login restriction: the image is in their preview.
    body = _read(api, _token(_panel(home, editor, "frontend:website")))
    assert [b["type"] for b in body["body"]] == ["image"]
    # A preview made without a signed-in user reads as anonymous: the image is left out.
    from django.contrib.auth.models import AnonymousUser

    body = _read(api, _token(_panel(home, AnonymousUser(), "frontend:website")))
    assert body["body"] == []


def test_app_preview_is_a_deep_link_with_a_qr_code(home, editor, db):
    FrontEnd.objects.create(
        name="app",
        base_url="nordthueringen://",
        preview_url="nordthueringen://preview?token={token}",
    )
    html = _panel(_event(home), editor, "frontend:app")
    assert "<iframe" not in html
    assert 'href="nordthueringen://preview?token=' in html
    assert "<svg" in html and "QR-Code des Vorschau-Links" in html


def test_a_website_is_the_default_mode_before_an_apps_deep_link(home, website, db):
    """Found by review: an app named before "website" made its QR code the default panel."""
    FrontEnd.objects.create(
        name="app", base_url="https://app.example.org", preview_url="nordthueringen://p?t={token}"
    )
    page = _event(home)
    assert [mode for mode, _label in page.preview_modes] == [
        "frontend:website",
        "frontend:app",
        "data",
    ]
    assert page.default_preview_mode == "frontend:website"


def test_without_a_preview_address_the_data_view_is_the_only_mode(home, editor, db):
    FrontEnd.objects.create(name="website", base_url="https://www.example.org")
    page = _event(home)
    assert page.preview_modes == [("data", "Datenansicht")]
    html = _panel(page, editor, "frontend:website")  # a stale mode falls back to the data view
    assert "<h1>Hoffest</h1>" in html


def test_preview_address_needs_exactly_one_token_placeholder():
    validate_preview_url("https://www.example.org/preview?token={token}")
    validate_preview_url("")
    for bad in ("https://www.example.org/preview", "https://x/{token}/{token}"):
        with pytest.raises(ValidationError, match="genau einmal"):
            validate_preview_url(bad)


def test_preview_and_draft_datetimes_are_utc_like_the_published_page(api, home, website, editor):
    """A snapshot (and a revision) is read back in the server's local time zone; the API answers
    every datetime in UTC (``…Z``), as for the published page."""
    page = _event(home)
    published = api.get_json(f"/api/v1/pages/{page.pk}/")["first_published_at"]
    assert published.endswith("Z")
    preview = _read(api, _token(_panel(page, editor, "frontend:website")))
    assert preview["first_published_at"] == published
