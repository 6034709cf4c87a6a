"""A plugin's types reach the admin without core changes; the scaffold passes its own tests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from tests.plugins.events.models import EventPage, Venue

ROOT = Path(__file__).resolve().parents[2]


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
        },
    )
    assert response.status_code == 302
    assert EventPage.objects.get(slug="werkstatt").get_parent().pk == home.pk


def test_scaffolded_plugin_passes_its_own_tests(tmp_path):
    call_command(
        "startcontenttype",
        "messe",
        directory=str(tmp_path),
        verbose_name="Messe",
        stdout=open(os.devnull, "w"),
    )
    assert (tmp_path / "messe" / "migrations" / "0001_initial.py").exists()
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "CMS_EXTRA_PLUGINS": "messe",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "messe/tests",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "4 passed" in result.stdout
