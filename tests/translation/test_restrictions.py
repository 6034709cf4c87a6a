"""A view restriction applies to every translation of a page at once, through every exit.

The reported case: a login restriction set on a German page through the admin's privacy dialog
hid the German page, while its English translation stayed public in ``/api/v1/``, ``/api/v2/``
and search until someone synchronised; translations kept by hand never followed.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from cms.api.models import ContentGeneration
from cms.translation import roles as role_defs

pytestmark = pytest.mark.django_db

GERMAN = "Regionalforum Kyffhäuser"
ENGLISH = "Regional forum Kyffhaeuser"
DIALOG_NOTE = "Gilt auch für alle Übersetzungen dieser Seite (Englisch)"


@pytest.fixture
def pair(home, en_home):
    """A German event and its English translation kept by hand (same translation_key), live."""
    from tests.plugins.events.models import EventPage

    german = home.add_child(
        instance=EventPage(title=GERMAN, slug="regionalforum", start=datetime.date(2026, 5, 12))
    )
    german.save_revision().publish()
    english = german.copy_for_translation(en_home.locale)
    english.title = ENGLISH
    english.save()
    english.save_revision().publish()
    return {"de": german, "en": Page.objects.get(pk=english.pk).specific}


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


def privacy(client, page, **data):
    return client.post(reverse("wagtailadmin_pages:set_privacy", args=[page.id]), data)


def public(client, page) -> dict[str, bool]:
    """Where an anonymous reader finds ``page``: API v1, API v2 and search."""
    client.logout()
    locale = page.locale.language_code
    results = client.get("/api/v1/search/", {"q": page.title.split()[-1], "locale": locale}).json()
    return {
        "v1": client.get(f"/api/v1/pages/{page.id}/").status_code == 200,
        "v2": client.get(f"/api/v2/pages/{page.id}/").status_code == 200,
        "search": page.id in [r["id"] for r in results["results"]],
    }


def state(page) -> list[tuple[str, str, set[int]]]:
    return [
        (r.restriction_type, r.password, set(r.groups.values_list("pk", flat=True)))
        for r in PageViewRestriction.objects.filter(page=page)
    ]


def test_the_privacy_dialog_restricts_every_translation(client, pair, admin):
    assert public(client, pair["en"]) == {"v1": True, "v2": True, "search": True}
    client.force_login(admin)

    response = privacy(client, pair["de"], restriction_type="login")

    assert response.status_code == 200
    for language in ("de", "en"):
        assert public(client, pair[language]) == {"v1": False, "v2": False, "search": False}
    assert state(pair["en"]) == [("login", "", set())]
    client.force_login(admin)
    dialog = client.get(reverse("wagtailadmin_pages:set_privacy", args=[pair["de"].id]))
    assert DIALOG_NOTE in json.loads(dialog.content)["html"]


def test_changing_and_lifting_follow_every_translation(client, pair, admin, roles):
    editors = Group.objects.get(name=role_defs.EDITORS)
    client.force_login(admin)
    privacy(client, pair["de"], restriction_type="login")
    privacy(client, pair["de"], restriction_type="password", password="geheim")
    assert state(pair["en"]) == [("password", "geheim", set())]
    privacy(client, pair["de"], restriction_type="groups", groups=[editors.pk])
    assert state(pair["en"]) == [("groups", "", {editors.pk})]
    assert public(client, pair["en"]) == {"v1": False, "v2": False, "search": False}

    client.force_login(admin)
    privacy(client, pair["de"], restriction_type="none")

    assert state(pair["en"]) == [] and state(pair["de"]) == []
    for language in ("de", "en"):
        assert public(client, pair[language]) == {"v1": True, "v2": True, "search": True}


def test_a_restriction_set_in_code_follows_too(client, pair):
    restriction = PageViewRestriction.objects.create(page=pair["en"], restriction_type="login")
    assert state(pair["de"]) == [("login", "", set())]
    assert public(client, pair["de"]) == {"v1": False, "v2": False, "search": False}
    restriction.delete()
    assert state(pair["de"]) == []
    assert public(client, pair["de"]) == {"v1": True, "v2": True, "search": True}


def test_the_restriction_covers_the_translations_descendants(client, home, en_home, admin):
    from projekte.models import ProjectIndexPage
    from tests.translation.helpers import create_german_section

    index, project = create_german_section(home)
    en_index = index.copy_for_translation(en_home.locale)
    en_index.save_revision().publish()
    en_project = project.copy_for_translation(en_home.locale)
    en_project.save_revision().publish()
    client.force_login(admin)
    privacy(client, index, restriction_type="login")
    assert isinstance(en_index.specific, ProjectIndexPage)
    for page in (en_index, en_project):
        assert public(client, Page.objects.get(pk=page.pk).specific)["v1"] is False


def test_translations_made_later_inherit_the_restriction(client, home, en_home, admin, roles):
    from tests.plugins.events.models import EventPage

    editors = Group.objects.get(name=role_defs.EDITORS)
    pages = []
    for slug in ("a", "b", "c", "d"):
        page = home.add_child(
            instance=EventPage(title=f"Fest {slug}", slug=slug, start=datetime.date(2026, 1, 1))
        )
        page.save_revision().publish()
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
        restriction.groups.set([editors])
        pages.append(page)
    expected = [("groups", "", {editors.pk})]

    # wagtail-localize's submission
    client.force_login(admin)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[pages[0].id]),
        {"locales": [en_home.locale_id]},
    )
    assert state(pages[0].get_translation(en_home.locale)) == expected
    # Wagtail's copy for translation, and an alias
    assert state(pages[1].copy_for_translation(en_home.locale)) == expected
    assert state(pages[2].copy_for_translation(en_home.locale, alias=True)) == expected
    # a translation made by hand: a new page with the same translation key
    by_hand = en_home.add_child(
        instance=EventPage(
            title="Party",
            slug="party",
            start=datetime.date(2026, 1, 1),
            locale=en_home.locale,
            translation_key=pages[3].translation_key,
        )
    )
    assert state(by_hand) == expected
    assert state(pages[3]) == expected, "the German restriction is unchanged"


def test_deleting_a_translation_keeps_the_german_restriction(pair):
    PageViewRestriction.objects.create(page=pair["de"], restriction_type="login")
    pair["en"].delete()
    assert state(pair["de"]) == [("login", "", set())]


def test_changing_a_restriction_needs_the_right_on_every_translation(
    client, pair, translator, publisher
):
    PageViewRestriction.objects.create(page=pair["de"], restriction_type="login")
    client.force_login(translator)
    response = privacy(client, pair["en"], restriction_type="none")
    assert response.status_code in (302, 403)
    assert state(pair["de"]) == [("login", "", set())]
    client.force_login(publisher)
    assert privacy(client, pair["en"], restriction_type="none").status_code == 200
    assert state(pair["de"]) == []


def test_group_changes_and_deletions_bump_the_api_generation(pair, roles):
    restriction = PageViewRestriction.objects.create(page=pair["de"], restriction_type="groups")
    group = Group.objects.create(name="Vorstand")
    before = ContentGeneration.current()
    restriction.groups.add(group)
    assert ContentGeneration.current() != before
    assert state(pair["en"]) == [("groups", "", {group.pk})]
    before = ContentGeneration.current()
    group.delete()
    assert ContentGeneration.current() != before
    assert state(pair["en"]) == [("groups", "", set())]
