"""Front-end tokens: set in the German admin (shown once, stored as a digest), required by the API.

Before, ``FrontEnd.token_hash`` was documented but nothing could set it, and a request naming a
front end was answered the same with or without its token.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from cms.api.models import FrontEnd


@pytest.fixture
def admin(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def app(db):
    return FrontEnd.objects.create(name="app", title="Mobile App", base_url="nordthueringen://")


def generate(admin, frontend) -> str:
    response = admin.post(f"/admin/frontends/token/{frontend.pk}/", {"action": "generate"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(r'value="(fe_[A-Za-z0-9_-]{40,})"', response.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def test_admins_manage_front_ends_in_the_settings_menu(admin, app):
    listing = admin.get("/admin/frontends/")
    assert listing.status_code == 200
    assert "Mobile App" in listing.content.decode()
    assert "/admin/frontends/" in admin.get("/admin/").content.decode()
    edit = admin.get(f"/admin/frontends/edit/{app.pk}/").content.decode()
    assert f"/admin/frontends/token/{app.pk}/" in edit and "Token verwalten" in edit
    page = admin.get(f"/admin/frontends/token/{app.pk}/").content.decode()
    assert "Token erzeugen" in page and "Token entfernen" not in page
    added = admin.post(
        "/admin/frontends/new/",
        {"name": "website", "title": "Website", "base_url": "https://www.example.org"},
    )
    assert added.status_code == 302
    website = FrontEnd.objects.get(name="website")
    assert not website.requires_token


def test_a_token_is_shown_once_and_stored_as_a_digest(admin, app):
    token = generate(admin, app)
    app.refresh_from_db()
    assert app.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(FrontEnd.objects.values()), default=str)
    again = admin.get(f"/admin/frontends/token/{app.pk}/").content.decode()
    assert token not in again
    assert "Token entfernen" in again
    assert generate(admin, app) != token  # a new one replaces it


def test_requests_naming_a_front_end_need_its_token(api, admin, app, event):
    url = f"/api/v1/pages/{event.pk}/"
    assert api.get(url, HTTP_X_FRONTEND="app")["X-Cache"] == "miss"  # cached while public
    token = generate(admin, app)
    for kwargs in (
        {"HTTP_X_FRONTEND": "app"},
        {"HTTP_X_FRONTEND": "app", "HTTP_AUTHORIZATION": "Bearer fe_falsch"},
        {"HTTP_X_FRONTEND": "app", "HTTP_AUTHORIZATION": f"Basic {token}"},
    ):
        refused = api.get(url, **kwargs)
        assert refused.status_code == 401, kwargs
        assert refused["Content-Type"] == "application/problem+json"
        assert "app" in json.loads(refused.content)["detail"]
    assert api.get(url + "?frontend=app").status_code == 401
    assert api.get("/api/v1/pages/?frontend=app").status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = api.get_json(url, HTTP_X_FRONTEND="app", **auth)
    assert body["url"] == "nordthueringen://de/regionalforum/"
    assert api.get_json(url + "?frontend=app", **auth)["url"] == body["url"]
    # Requests naming no front end are not affected.
    assert api.get(url).status_code == 200


def test_removing_the_token_makes_the_front_end_public_again(api, admin, app, event):
    generate(admin, app)
    url = f"/api/v1/pages/{event.pk}/"
    assert api.get(url, HTTP_X_FRONTEND="app").status_code == 401
    removed = admin.post(f"/admin/frontends/token/{app.pk}/", {"action": "remove"})
    assert removed.status_code == 302
    app.refresh_from_db()
    assert not app.requires_token
    assert api.get(url, HTTP_X_FRONTEND="app").status_code == 200


def test_only_those_who_may_change_front_ends_manage_tokens(client, app, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("redakteur", "e@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for method in (client.get, client.post):
        response = method(f"/admin/frontends/token/{app.pk}/", {"action": "generate"})
        assert response.status_code in (302, 403)
    app.refresh_from_db()
    assert not app.requires_token
