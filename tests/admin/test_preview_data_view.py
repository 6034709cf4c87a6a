"""The data view (the preview for page types no front end renders) reads in German.

Reported (issue 16): English technical keys (``type``, ``label``, ``locale``, ``latitude``), enum
values like ``planned``, ISO dates and links to front-end paths that 404 on the CMS host. Every
label comes from the model field's or the block's German name; a choice shows its label; pages
it names open in the admin.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cms.admin.preview import render_preview
from tests.projekte import factories

#: API keys that must never appear as a label of the data view.
TECHNICAL = re.compile(r"_|^(type|label|locale|latitude|longitude|kind|url)$", re.I)


def _labels(html: str) -> list[str]:
    found = re.findall(r'<(?:dt|p class="cms-(?:preview|block)-label")[^>]*>(.*?)</(?:dt|p)>', html)
    return [unescape(re.sub(r"<[^>]+>", "", label)).strip() for label in found]


def _data_view(page, user) -> str:
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = user
    with translation.override("de"):
        return render_preview(page, request).render().content.decode()


@pytest.fixture
def planned_project(home):
    index = factories.ProjectIndexPageFactory(parent=home)
    partners = factories.PartnerIndexPageFactory(parent=home)
    partner = factories.PartnerPageFactory(parent=partners, title="Landkreis Kyffhäuser")
    place = factories.PlaceFactory(name="Sondershausen", latitude=51.37, longitude=10.87)
    project = factories.ProjectPageFactory(
        parent=index,
        title="Windpark Hainleite",
        status="planned",
        body=[
            ("heading", {"text": "Worum es geht", "level": "h2"}),
            ("partner_list", {"title": "Beteiligte", "partners": [partner]}),
            (
                "location",
                {"name": "Rathaus", "address": "Markt 7", "latitude": 51.37, "longitude": 10.87},
            ),
        ],
    )
    project.places.add(place)
    project.save_revision().publish()
    return project, partner


def test_labels_are_the_german_names_of_fields_and_blocks(planned_project, admin_client):
    project, _partner = planned_project
    html = _data_view(project, admin_client.user)
    labels = _labels(html)
    assert {"Status", "Beginn", "Orte", "Inhalt", "Breitengrad", "Längengrad"} <= set(labels)
    assert "Partnerliste" in labels  # the block's German label
    assert not [label for label in labels if TECHNICAL.search(label)], labels
    assert "Projekt · Deutsch" in html and ">project<" not in html


def test_choices_show_their_label_and_dates_read_as_german(planned_project, admin_client):
    project, _partner = planned_project
    html = _data_view(project, admin_client.user)
    assert "geplant" in html and "planned" not in html
    start = project.start_date
    assert f"{start.day}. " in html and start.isoformat() not in html


def test_pages_it_names_open_in_the_admin_not_on_the_cms_host(planned_project, admin_client):
    """Links to front-end paths (``/de/partner/…``) would 404 on the CMS's host."""
    project, partner = planned_project
    html = _data_view(project, admin_client.user)
    assert reverse("wagtailadmin_pages:edit", args=[partner.id]) in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert not [href for href in hrefs if href.startswith("/de/")], hrefs


@pytest.mark.parametrize("kind", ["document", "partner"])
def test_every_page_type_of_the_plugin_reads_in_german(kind, home, admin_client):
    """The family: document and partner pages (file facts, choices, coordinates) too."""
    if kind == "document":
        index = factories.DocumentIndexPageFactory(parent=home)
        page = factories.DocumentPageFactory(parent=index, title="Protokoll")
        expected = {"Datei", "Art"}
    else:
        index = factories.PartnerIndexPageFactory(parent=home)
        page = factories.PartnerPageFactory(
            parent=index, title="Ems-Achse", city="Papenburg", latitude=53.07, longitude=7.39
        )
        expected = {"Ort", "Breitengrad"}
    html = _data_view(page, admin_client.user)
    labels = _labels(html)
    assert expected <= set(labels), labels
    assert not [label for label in labels if TECHNICAL.search(label)], labels
    if kind == "partner":
        assert "53,07" in html and "53.07" not in html  # decimals with the German comma
