"""A plugin's types reach the admin without core changes (the scaffold: tests/core/test_scaffold.py)."""

import pytest
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from tests.plugins.events.models import EventPage, Venue


@pytest.fixture
def superuser(django_user_model, home):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_snippets_of_a_plugin_are_grouped_in_the_admin_menu(admin_client, superuser, rf):
    request = rf.get("/admin/")
    request.user = superuser
    labels = [str(item.label) for item in admin_menu.menu_items_for_request(request)]
    assert "Veranstaltungen" in labels
    Venue.objects.create(name="Haus der Kultur")
    listing = admin_client.get(reverse(Venue.snippet_viewset.get_url_name("list")))
    assert listing.status_code == 200 and "Haus der Kultur" in listing.content.decode()


def test_page_type_of_a_plugin_can_be_added_under_the_start_page(admin_client, home):
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", home.pk))
    response = admin_client.post(
        url,
        {
            "title": "Werkstattgespräch",
            "slug": "werkstatt",
            "start": "2026-09-01",
            "venue": "Nordhausen",
            "body-count": "0",  # the (empty) body stream
        },
    )
    assert response.status_code == 302
    assert EventPage.objects.get(slug="werkstatt").get_parent().pk == home.pk
