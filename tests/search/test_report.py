"""The search report: a right of its own ("Suchbericht ansehen", publishers only), and inside it
only what the viewer may reach (no query naming a private document or page, no failure of a page
they may not explore, no unreadable document of a collection they hold no right on).

The world is the admin tests' (``tests/admin/reach.py``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.translation import roles
from search.models import SEARCH_REPORT_PERMISSION
from search.report import names_any, search_report, words
from tests.admin import reach

URL = "/admin/suche/bericht/"

#: What each viewer of the report must see (True) or must not see (False).
EXPECTED = {
    "freigabe": {
        "jahresbericht partnerregion": True,
        "Jahresbericht Partnerregion": True,
        "vorstandsprotokoll kalirevier": True,  # holds rights on every collection
        "Vorstandsprotokoll Kalirevier": True,
        "Zeitüberschreitung Fachtag-Index": True,
        "klausur": False,  # query and failure of the internal tree
        "Klausur": False,
    },
    "partner": {
        "jahresbericht partnerregion": True,
        "Jahresbericht Partnerregion": True,
        "vorstandsprotokoll": False,  # a private document outside their collection
        "Vorstandsprotokoll": False,
        "Fachtag-Index": False,  # explores no page
        "klausur": False,
        "Klausur": False,
    },
    "chef": {
        "jahresbericht partnerregion": True,
        "vorstandsprotokoll kalirevier": True,
        "Vorstandsprotokoll Kalirevier": True,
        "klausur ohne übersetzung": True,
        "Zeitüberschreitung Fachtag-Index": True,
        "Zeitüberschreitung Klausur-Index": True,
    },
}


@pytest.fixture
def world(home):
    return reach.build(home)


def test_only_publishers_hold_the_right(world):
    holders = set(Group.objects.filter(permissions__codename="view_search_report"))
    assert holders == {
        Group.objects.get(name=roles.PUBLISHERS),
        Group.objects.get(name=reach.PARTNERS),  # the test world's partner office
    }
    users = world.users
    assert users["freigabe"].has_perm(SEARCH_REPORT_PERMISSION)
    assert users["chef"].has_perm(SEARCH_REPORT_PERMISSION)
    assert not users["redakteurin"].has_perm(SEARCH_REPORT_PERMISSION)
    assert not users["uebersetzer"].has_perm(SEARCH_REPORT_PERMISSION)


def test_without_the_right_neither_the_report_nor_its_menu_item(world):
    for role in ("redakteurin", "uebersetzer"):
        client = world.client(role)
        response = client.get(URL)
        assert response.status_code == 302, role
        assert response["Location"] == reverse("wagtailadmin_home"), role
        home = client.get(response["Location"]).content.decode()
        assert "keine Berechtigung, den Suchbericht anzusehen" in home, role
        assert URL not in home, role  # the menu item under "Berichte"
        assert "vorstandsprotokoll" not in home, role
    for role in ("freigabe", "partner", "chef"):
        assert URL in world.client(role).get(reverse("wagtailadmin_home")).content.decode(), role


def test_the_report_shows_each_viewer_only_what_they_may_reach(world):
    for role, expected in EXPECTED.items():
        response = world.client(role).get(URL, {"days": 7})
        assert response.status_code == 200, role
        html = response.content.decode()
        for text, present in expected.items():
            assert (text in html) == present, (role, text)


def test_the_report_rows_and_their_counts(world):
    partner = search_report(world.users["partner"], days=30)
    assert [(row.query, row.total, row.empty) for row in partner.popular] == [
        ("jahresbericht partnerregion", 4, 0),
        ("fachtag", 2, 0),
    ]
    assert partner.without == []
    assert partner.failures == []
    assert [d.title for d in partner.unreadable] == ["Jahresbericht Partnerregion"]
    publisher = search_report(world.users["freigabe"], days=12345)
    assert publisher.days == 30
    assert [row.query for row in publisher.without] == ["vorstandsprotokoll kalirevier"]
    assert [f.error for f in publisher.failures] == ["Zeitüberschreitung Fachtag-Index"]


def test_the_group_editor_offers_the_right(world):
    group = Group.objects.get(name=roles.EDITORS)
    response = world.client("chef").get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert response.status_code == 200
    assert "Suchbericht ansehen" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("vorstandsprotokoll kalirevier", True),  # the whole title
        ("kalirevier vorstandsprotokoll 2025", True),  # every title word, any order, more words
        ("Vorstandsprotokoll  KALIREVIER", True),
        ("protokoll kalirevier", False),  # not a word of the title
        ("vorstandsprotokoll", False),  # one shared word names nothing
        ("", False),
    ],
)
def test_a_query_names_a_title_by_its_words(query, named):
    assert names_any(query, [words("Vorstandsprotokoll Kalirevier")]) is named


def test_two_words_of_a_longer_title_name_it():
    assert names_any("kalirevier protokoll", [words("Protokoll: Vorstand Kalirevier 2025")])
