"""The admin speaks German by default and English when a user chooses it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


def test_german_by_default_and_english_on_choice(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()
    assert "Seiten" in response.content.decode()

    url = reverse("wagtailadmin_account")
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "locale-preferred_language": "en",
            "locale-current_time_zone": "Europe/Berlin",
            "name_email-first_name": "Ada",
            "name_email-last_name": "Admin",
            "name_email-email": "a@example.org",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.context and [
        (f.prefix, f.errors) for f in response.context.get("panels", []) if hasattr(f, "errors")
    ]
    response = client.get(reverse("wagtailadmin_home"))
    assert '<html lang="en"' in response.content.decode()
    assert "Pages" in response.content.decode()


def test_project_strings_come_from_the_catalogs():
    """A project string (German msgid) is English in the English catalog."""
    with translation.override("en"):
        english = gettext("Bitte eine PO-Datei auswählen.")
    with translation.override("de"):
        german = gettext("Bitte eine PO-Datei auswählen.")
    assert german == "Bitte eine PO-Datei auswählen."
    assert english == "Please choose a PO file."
