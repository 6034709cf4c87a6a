"""Who sees what in the admin: every dashboard panel, the report "Defekte Verweise" and the
edit-view warning list only what the viewer may reach, and count nothing else.

The world (``tests/admin/reach.py``): German pages (marker „Fachtag“) the translator may not
explore, an internal tree (marker „Klausur“) only the superuser may explore, a snippet, and a
partner office group with no page or snippet rights.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder

from cms.admin import dashboard
from tests.admin import reach

#: The page markers each role may see ("de": German pages, "intern": the internal tree).
SEES = {
    "redakteurin": {"de"},
    "freigabe": {"de"},
    "uebersetzer": set(),
    "chef": {"de", "intern"},
    "partner": set(),
}
MARKERS = {"de": "Fachtag", "intern": "Klausur"}

#: Roles with a right on snippets (all of setup_roles' admin roles; not the partner office).
SNIPPET_ROLES = {"redakteurin", "freigabe", "uebersetzer", "chef"}


@pytest.fixture
def world(home):
    return reach.build(home)


def hidden_markers(role: str) -> list[str]:
    """The markers of the pages ``role`` may not explore."""
    return [MARKERS[prefix] for prefix in MARKERS if prefix not in SEES[role]]


def shown(listing) -> str:
    return " ".join(f"{row.title} {row.detail}" for row in listing.rows)


def expected_titles(role: str, *names: str) -> set[str]:
    return {f"{MARKERS[prefix]} {name}" for prefix in SEES[role] for name in names}


def test_awaiting_approval_lists_only_explorable_pages(world):
    for role in reach.ROLES:
        listing = dashboard.awaiting_approval(world.users[role])
        assert {r.title for r in listing.rows} == expected_titles(role, "im Workflow"), role
        assert listing.total == len(SEES[role]), role


def test_scheduled_lists_only_explorable_pages(world):
    for role in reach.ROLES:
        listing = dashboard.scheduled(world.users[role])
        titles = {r.title for r in listing.rows}
        assert titles == expected_titles(role, "geplant", "läuft ab"), role
        assert listing.total == 2 * len(SEES[role]), role


def test_translation_gaps_list_and_count_only_explorable_pages(world):
    for role in reach.ROLES:
        user = world.users[role]
        everything = dashboard.translation_gaps(user, limit=1000)
        titles = {r.title for r in everything.rows}
        for prefix, marker in MARKERS.items():
            assert (f"{marker} ohne Übersetzung" in titles) == (prefix in SEES[role]), role
        for marker in hidden_markers(role):
            assert marker not in shown(everything), role
        assert dashboard.translation_gaps(user, limit=1).total == len(everything.rows), role
        if not SEES[role]:
            assert everything.total == 0, role


def test_recent_edits_list_only_explorable_pages(world):
    for role in reach.ROLES:
        listing = dashboard.recent_edits(world.users[role], limit=1000)
        titles = {r.title for r in listing.rows}
        assert expected_titles(role, "Entwurf", "ohne Übersetzung", "im Workflow") <= titles, role
        for marker in hidden_markers(role):
            assert marker not in shown(listing), role
        assert listing.total == len(listing.rows), role
    assert dashboard.recent_edits(world.users["partner"]).rows == []


def test_broken_references_name_only_what_the_viewer_may_reach(world):
    snippet = str(world.snippet)
    for role in reach.ROLES:
        listing = dashboard.broken_references(world.users[role], limit=1000)
        titles = {r.title for r in listing.rows}
        assert titles - {snippet} == expected_titles(role, "mit totem Link"), role
        assert (snippet in titles) == (role in SNIPPET_ROLES), role
        assert listing.total == len(titles), role
        text = shown(listing)
        for marker in hidden_markers(role):
            assert marker not in text, role  # neither a source nor a target's title
        if "de" in SEES[role] and "intern" not in SEES[role]:
            assert f"Seite #{world.pages['archive'].pk}" in text, role
    assert "Klausur-Archiv" in shown(dashboard.broken_references(world.users["chef"]))


def test_the_dashboard_shows_each_viewer_only_their_pages(world):
    for role in reach.ROLES:
        response = world.client(role).get(reverse("wagtailadmin_home"))
        assert response.status_code == 200, role
        html = response.content.decode()
        assert "Zuletzt bearbeitet (ganzes Team)" in html, role
        for marker in hidden_markers(role):
            assert marker not in html, role
        for prefix in SEES[role]:
            assert f"{MARKERS[prefix]} im Workflow" in html, role
            assert f"{MARKERS[prefix]} ohne Übersetzung" in html, role


def test_the_broken_references_report_and_its_export(world):
    snippet = str(world.snippet)
    for role in reach.ROLES:
        client = world.client(role)
        response = client.get(reverse("cms_broken_references"))
        assert response.status_code == 200, role
        export = client.get(reverse("cms_broken_references") + "?export=csv")
        assert export.status_code == 200, role
        csv = b"".join(export.streaming_content).decode()
        for content in (response.content.decode(), csv):
            for marker in hidden_markers(role):
                assert marker not in content, role
            for prefix in SEES[role]:
                assert f"{MARKERS[prefix]} mit totem Link" in content, role
            assert (snippet in content) == (role in SNIPPET_ROLES), role


def warning(html: str) -> str:
    """The broken-references warning of an edit view (Wagtail's choosers show the chosen
    objects' titles too, as they show every page in the page chooser: not our hint)."""
    start = html.index("Dieser Inhalt verweist auf")
    return html[start : html.index("</ul>", start)]


def test_the_edit_view_warning_names_only_reachable_targets(world):
    archive = world.pages["archive"]
    page_url = reverse("wagtailadmin_pages:edit", args=[world.pages["de"]["linking"].pk])
    snippet_url = AdminURLFinder(world.users["chef"]).get_edit_url(world.snippet)
    for role in ("redakteurin", "freigabe", "chef"):
        client = world.client(role)
        for url, count in ((page_url, 1), (snippet_url, 2)):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            text = warning(response.content.decode())
            assert f"verweist auf {count} Element" in text, (role, url)
            if role == "chef":
                assert "Klausur-Archiv" in text
            else:
                assert "Klausur" not in text, (role, url)
                assert f"Seite #{archive.pk}" in text, (role, url)
        assert "Fachtag Entwurf" in warning(client.get(snippet_url).content.decode()), role
