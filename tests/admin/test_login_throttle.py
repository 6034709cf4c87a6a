"""The admin login is throttled (django-axes): wrong passwords lock a user name out for a while.

Before, 30 wrong passwords and then the right one logged in. Now ``LOGIN_FAILURE_LIMIT`` (5)
failures for one user name from one address refuse even the right password for
``LOGIN_LOCKOUT_MINUTES`` (15), with a German page; a successful login resets the count.
"""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F

PASSWORD = "Richtig-und-lang-2026"


@pytest.fixture
def editor(db, django_user_model, settings):
    settings.AXES_ENABLED = True  # off in the test settings (see cms/settings/test.py)
    return django_user_model.objects.create_superuser("redaktion", "r@example.org", PASSWORD)


def login(client, password: str, username: str = "redaktion", address: str = "192.0.2.10"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, editor):
    for _ in range(30):
        assert login(client, "falsch").status_code in (200, 429)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    text = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in text
    assert "für 15 Minuten gesperrt" in text
    assert response["Retry-After"] == str(15 * 60)


def test_locked_after_the_limit_for_that_user_name_and_address_only(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "falsch").status_code == 200
    assert login(client, "falsch").status_code == 429
    assert login(client, PASSWORD).status_code == 429
    assert not logged_in(client)
    # The same user name from another address, and another user name, may still log in.
    assert login(client, PASSWORD, address="198.51.100.7").status_code == 302
    assert logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, editor, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "falsch")
    assert login(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    assert login(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_successful_login_resets_the_count(client, editor, settings):
    for _round in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert login(client, "falsch").status_code == 200
        assert login(client, PASSWORD).status_code == 302
        client.logout()


def test_the_lockout_page_speaks_the_admin_language(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "falsch")
    english = client.post(
        "/admin/login/",
        {"username": "redaktion", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 429
    assert "Too many failed login attempts" in english.content.decode()
    xhr = client.post(
        "/admin/login/",
        {"username": "redaktion", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert xhr.status_code == 429
    assert "Access-Control-Allow-Origin" not in xhr
