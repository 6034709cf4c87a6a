"""Who sees what in the admin: every dashboard panel, the report "Defekte Verweise" and the
edit-view warning list only what the viewer may reach, and count nothing else.

The world (``tests/admin/reach.py``): German pages (marker „Fachtag“) the translator may not
explore, an internal tree (marker „Klausur“) only the superuser may explore, a snippet, and a
partner office group with no page or snippet rights.
"""

from __future__ import annotations

import html as html_lib
import re

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


def test_translation_gaps_list_and_count_only_explorable_or_translatable_pages(world):
    """Explorable pages, and for those who translate, the published German pages of the tree
    they translate (never the internal tree)."""
    for role in reach.ROLES:
        user = world.users[role]
        everything = dashboard.translation_gaps(user, limit=1000)
        titles = {r.title for r in everything.rows}
        sees = SEES[role] | ({"de"} if role in TRANSLATES else set())
        for prefix, marker in MARKERS.items():
            assert (f"{marker} ohne Übersetzung" in titles) == (prefix in sees), role
        for marker in [MARKERS[p] for p in MARKERS if p not in sees]:
            assert marker not in shown(everything), role
        assert dashboard.translation_gaps(user, limit=1).total == len(everything.rows), role
        assert f"{MARKERS['de']} Entwurf" not in titles, role  # drafts are not translated
        if not sees:
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
        translates = {"de"} if role in TRANSLATES else set()
        for prefix, marker in MARKERS.items():
            if prefix in SEES[role]:
                continue
            if prefix in translates:  # published German pages to translate, nothing else
                for name in ("im Workflow", "Entwurf", "geplant"):
                    assert f"{marker} {name}" not in html, role
            else:
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


#: Roles that may start and synchronise translations (``wagtail_localize.submit_translation``).
TRANSLATES = {"freigabe", "uebersetzer", "chef"}

#: Views a dashboard link may open for a translator: an action on their work.
TRANSLATOR_ACTIONS = {
    "cms_translation_submit_page",  # answers wagtail_localize:submit_page_translation
    "cms_translation_update",  # answers wagtail_localize:update_translations
    "wagtailadmin_pages:edit",
}


def dashboard_links(client) -> dict[str, list[str]]:
    """The links of each agency panel on the dashboard, by panel id."""
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    return {
        panel: re.findall(r'href="([^"]+)"', table)
        for panel, table in re.findall(
            r'data-cms-panel="([^"]+)">(.*?)</table>', html, flags=re.DOTALL
        )
    }


def test_every_link_a_translator_sees_on_the_dashboard_leads_to_an_action(world, home):
    """Issue 13: "Englische Übersetzung fehlt" opened the German edit view, closed to
    translators. Every link leads to a step they can take: start, continue or synchronise."""
    from wagtail.models import Locale, Page
    from wagtail_localize.models import TranslationSource

    translator = world.users["uebersetzer"]
    client = world.client("uebersetzer")
    english = Locale.objects.get(language_code="en")
    # One translation started (to continue) and one whose German page changed since (to sync).
    started, changed = world.pages["de"]["expiring"], world.pages["de"]["linking"]
    for page in (started.get_parent(), started, changed):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [english.pk]},
        )
        assert response.status_code == 302, response.status_code
    changed = Page.objects.get(pk=changed.pk).specific
    changed.title = "Fachtag mit totem Link, neu"
    changed.save_revision().publish()

    links = dashboard_links(client)
    gaps = [html_lib.unescape(url) for url in links.get("cms-translation_gaps", [])]
    submit = reverse(
        "wagtail_localize:submit_page_translation", args=[world.pages["de"]["untranslated"].pk]
    )
    assert submit in gaps
    sync = reverse(
        "wagtail_localize:update_translations",
        args=[TranslationSource.objects.get(object_id=changed.translation_key).pk],
    )
    assert sync in gaps
    started_en = Page.objects.get(translation_key=started.translation_key, locale=english)
    assert reverse("wagtailadmin_pages:edit", args=[started_en.pk]) in gaps

    for panel, urls in links.items():
        for url in urls:
            assert_action(client, translator, html_lib.unescape(url), panel)

    # The report "Übersetzungen" too: the German source links to its sync form.
    report = client.get(reverse("wagtail_localize:translations_report_results"))
    table = re.search(r'<table class="listing">(.*?)</table>', report.content.decode(), re.DOTALL)
    urls = re.findall(r'href="([^"]+)"', table.group(1))
    assert sync in [html_lib.unescape(url) for url in urls]
    for url in urls:
        assert_action(client, translator, html_lib.unescape(url), "report")


def assert_action(client, translator, url: str, where: str) -> None:
    """``url`` answers 200 and opens a step of the translator's work."""
    from django.urls import resolve
    from wagtail.models import Locale, Page

    response = client.get(url)
    assert response.status_code == 200, (where, url, response.status_code)
    match = resolve(url.split("?")[0])
    assert match.view_name in TRANSLATOR_ACTIONS, (where, url)
    if match.view_name == "wagtailadmin_pages:edit":
        page = Page.objects.get(pk=match.kwargs["page_id"])
        assert page.locale_id != Locale.get_default().pk, (where, url)
        assert page.permissions_for_user(translator).can_edit(), (where, url)


def test_bulk_action_confirmations_name_only_reachable_pages(world):
    """Wagtail's bulk-action page listed every page named by id in the query string, also those
    the user may not explore ("You don't have permission …" with their titles)."""
    every_page = [*world.pages["de"].values(), *world.pages["intern"].values()]
    query = "&".join(f"id={page.pk}" for page in every_page)
    for role in reach.ROLES:
        client = world.client(role)
        for action in ("delete", "unpublish", "move"):
            response = client.get(
                reverse("wagtail_bulk_action", args=("wagtailcore", "page", action)) + "?" + query
            )
            assert response.status_code in (200, 302), (role, action)
            html = response.content.decode()
            for marker in hidden_markers(role):
                assert marker not in html, (role, action)
    # What the user reaches but may not do is still named: the editor may not unpublish.
    html = (
        world.client("redakteurin")
        .get(
            reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")) + "?" + query
        )
        .content.decode()
    )
    assert "Fachtag im Workflow" in html
