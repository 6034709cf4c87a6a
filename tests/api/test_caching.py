"""ETags, 304s, Cache-Control, gzip, the response cache and its invalidation, CDN purges."""

from __future__ import annotations

import gzip
import json

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cms.api.models import FrontEnd

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purge_log(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.api.test_caching.RecordingBackend"}}
    PURGED.clear()
    return PURGED


def test_strong_etag_and_304(api, event):
    first = api.get(f"/api/v1/pages/{event.pk}/")
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    again = api.get(f"/api/v1/pages/{event.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""


def test_if_none_match_uses_the_weak_comparison(api, event):
    """RFC 9110 13.1.2: ``If-None-Match`` compares weakly. A proxy or CDN that compresses sends
    our strong tag back as ``W/"…"``; it must revalidate, not download again."""
    url = f"/api/v1/pages/{event.pk}/"
    etag = api.get(url)["ETag"]
    for header in (f"W/{etag}", f'"other", W/{etag}', f'"other",{etag}', "*"):
        assert api.get(url, HTTP_IF_NONE_MATCH=header).status_code == 304, header
    for header in ('"other"', 'W/"other"', etag[:-2] + '"', ""):
        assert api.get(url, HTTP_IF_NONE_MATCH=header).status_code == 200, header


def test_gzip_has_its_own_strong_etag(api, event):
    plain = api.get(f"/api/v1/pages/{event.pk}/")
    zipped = api.get(f"/api/v1/pages/{event.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.content)) == json.loads(plain.content)
    assert zipped["ETag"] != plain["ETag"] and not zipped["ETag"].startswith("W/")
    assert "Accept-Encoding" in zipped["Vary"]


def test_cached_until_publish_then_invalidated_and_purged(
    api, event, purge_log, django_capture_on_commit_callbacks
):
    url = f"/api/v1/pages/{event.pk}/"
    assert api.get(url)["X-Cache"] == "miss"
    assert api.get(url)["X-Cache"] == "hit"
    event.title = "Regionalforum 2026"
    # The change feed purges after the commit (never inside the publishing transaction).
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
        assert purge_log == []
    response = api.get(url)
    assert response["X-Cache"] == "miss"
    assert json.loads(response.content)["title"] == "Regionalforum 2026"
    assert any(u.endswith(f"/api/v1/pages/{event.pk}/") for u in purge_log)
    assert any("/api/v1/pages/find/?path=/regionalforum/&locale=de" in u for u in purge_log)


@pytest.mark.parametrize("change", ["unpublish", "move", "delete"])
def test_invalidated_by_unpublish_move_delete(api, home, event, change):
    from tests.api.conftest import publish
    from tests.plugins.events.models import EventPage

    listing = "/api/v1/pages/?type=event"
    assert len(json.loads(api.get(listing).content)["items"]) == 1
    if change == "unpublish":
        event.unpublish()
        expected = 0
    elif change == "delete":
        event.delete()
        expected = 0
    else:
        other = publish(
            home.add_child(
                instance=EventPage(
                    title="Zweit", slug="zweit", start=event.start, locale=home.locale
                )
            )
        )
        event.refresh_from_db()
        event.move(other, pos="last-child") if False else event.move(home, pos="first-child")
        expected = 2
    response = api.get(listing)
    assert response["X-Cache"] == "miss"
    assert len(json.loads(response.content)["items"]) == expected


def test_front_ends_build_urls_and_cors(api, event):
    FrontEnd.objects.create(
        name="website",
        base_url="https://www.nordthueringen.example",
        allowed_origin="https://www.nordthueringen.example",
        is_default=True,
    )
    FrontEnd.objects.create(name="app", base_url="nordthueringen://")
    assert (
        api.get_json(f"/api/v1/pages/{event.pk}/")["url"]
        == "https://www.nordthueringen.example/de/regionalforum/"
    )
    app = api.get_json(f"/api/v1/pages/{event.pk}/", HTTP_X_FRONTEND="app")
    assert app["url"] == "nordthueringen://de/regionalforum/"
    allowed = api.get("/api/v1/pages/", HTTP_ORIGIN="https://www.nordthueringen.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.nordthueringen.example"
    other = api.get("/api/v1/pages/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_restoring_a_backup_never_serves_responses_of_newer_content(api, event):
    """A restore brings back an old generation; later changes must not reuse newer ones."""
    from wagtail.models import Page

    from cms.api.models import ContentGeneration

    url = f"/api/v1/pages/{event.pk}/"
    backup = (ContentGeneration.current(), event.title)
    assert api.get_json(url)["title"] == backup[1]
    event.title = "Nach der Sicherung"
    event.save_revision().publish()
    assert api.get_json(url)["title"] == "Nach der Sicherung"
    # The restore: the database goes back to the backup, the cache keeps what it holds.
    Page.objects.filter(pk=event.pk).update(title=backup[1])
    type(event).objects.filter(pk=event.pk).update(title=backup[1])
    ContentGeneration.objects.filter(pk=1).update(value=backup[0])
    assert api.get_json(url)["title"] == backup[1]
    event.refresh_from_db()
    event.title = "Neu nach der Wiederherstellung"
    event.save_revision().publish()
    assert api.get_json(url)["title"] == "Neu nach der Wiederherstellung"


def test_cache_keys_on_the_resolved_locale_not_the_raw_header(api, home, english_home):
    """Distinct Accept-Language values that name the same locale share one cache entry."""
    from cms.api.cache import _hot

    listing = "/api/v1/pages/?type=home"
    german = api.get(listing, HTTP_ACCEPT_LANGUAGE="de")
    assert german["X-Cache"] == "miss"
    for i in range(5):
        header = f"de-DE,de;q=0.9,{'x' * 60}-{i};q=0.1"
        again = api.get(listing, HTTP_ACCEPT_LANGUAGE=header)
        assert again["X-Cache"] == "hit" and again.content == german.content
    english = api.get(listing, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english["X-Cache"] == "miss"
    titles = {
        code: [item["title"] for item in json.loads(response.content)["items"]]
        for code, response in (("de", german), ("en", english))
    }
    assert titles == {"de": [home.title], "en": [english_home.title]}
    assert api.get(listing, HTTP_ACCEPT_LANGUAGE=f"en-US,{'y' * 60}")["X-Cache"] == "hit"
    # The explicit locale wins over the header: one entry whatever the header says.
    explicit = api.get(listing + "&locale=de", HTTP_ACCEPT_LANGUAGE="en")
    assert explicit["X-Cache"] == "miss" and explicit.content == german.content
    assert api.get(listing + "&locale=de", HTTP_ACCEPT_LANGUAGE="fr")["X-Cache"] == "hit"
    assert len(_hot["entries"]) == 3
    for response in (german, english):
        assert "Accept-Language" in response["Vary"]
    # The parameter chose the locale: the answer does not vary on the header.
    assert "Accept-Language" not in explicit["Vary"]


def _superuser(django_user_model):
    return django_user_model.objects.create_superuser("redaktion", "r@example.org", "pw")


def _v2_ids(response) -> list[int]:
    return [item["id"] for item in json.loads(response.content)["items"]]


def test_v2_responses_to_a_session_are_private(api, home, django_user_model):
    """Wagtail's v2 API judges view restrictions by the session's user: never share those."""
    from wagtail.models import PageViewRestriction

    from tests.api.conftest import make_document, make_image

    make_image()
    make_document()
    PageViewRestriction.objects.create(page=home, restriction_type="login")
    urls = ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/")
    for url in urls:
        anonymous = api.get(url)
        assert anonymous.status_code == 200, url
        assert "private" not in anonymous.get("Cache-Control", ""), url
        assert "Cookie" in anonymous["Vary"], url
    assert home.pk not in _v2_ids(api.get("/api/v2/pages/"))
    api.force_login(_superuser(django_user_model))
    assert home.pk in _v2_ids(api.get("/api/v2/pages/"))
    for url in (*urls, f"/api/v2/pages/{home.pk}/"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert "Cookie" in response["Vary"], url


def test_v2_ignores_basic_authentication(api, home, django_user_model):
    """No password checks through the API (they would bypass the login throttle)."""
    import base64

    from wagtail.models import PageViewRestriction

    _superuser(django_user_model)
    PageViewRestriction.objects.create(page=home, restriction_type="login")
    for password in ("pw", "falsch"):
        credentials = base64.b64encode(f"redaktion:{password}".encode()).decode()
        response = api.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {credentials}")
        assert response.status_code == 200
        assert home.pk not in _v2_ids(response)
        assert response["Cache-Control"] == "private, no-store"


def test_v1_answers_a_session_as_anonymous(api, home, django_user_model):
    """/api/v1/ reads only bearer tokens: a session cookie changes nothing, so sharing stays right."""
    from tests.api.test_visibility import _event

    draft = _event(home, "Entwurf", "entwurf")
    draft.unpublish()
    anonymous = api.get("/api/v1/pages/")
    api.force_login(_superuser(django_user_model))
    logged_in = api.get("/api/v1/pages/")
    assert logged_in.content == anonymous.content
    assert logged_in["Cache-Control"] == anonymous["Cache-Control"]
    assert "public" in logged_in["Cache-Control"]
    assert "Cookie" not in logged_in["Vary"]
    assert api.get(f"/api/v1/pages/{draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/pages/{draft.pk}/?draft=true").status_code == 401
