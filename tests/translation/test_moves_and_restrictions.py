"""a page moved into a restricted section must be hidden in every language.

A view restriction hides a page and its whole subtree, and belongs to the page in every language
(docs/security.md, docs/translation.md). When an editor moves a German project into the
login-restricted German section "Intern", the German project vanishes for anonymous readers, but
its English translation stays where it was (below the public English "Projects" index): it is still
served by ``/api/v1/``, ``/api/v2/`` and English search.
"""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.translation.helpers import create_german_section

pytestmark = pytest.mark.django_db

ENGLISH_TITLE = "Confidential merger plan Quarzwerk"


def public(client, page) -> dict[str, bool]:
    client.logout()
    locale = page.locale.language_code
    results = client.get("/api/v1/search/", {"q": "Quarzwerk", "locale": locale}).json()
    return {
        "v1": client.get(f"/api/v1/pages/{page.id}/").status_code == 200,
        "v2": client.get(f"/api/v2/pages/{page.id}/").status_code == 200,
        "search": page.id in [r["id"] for r in results["results"]],
    }


def test_moving_a_german_page_into_a_restricted_section_hides_its_english_translation(
    client, home, en_home
):
    from projekte.models import ProjectIndexPage

    index, project = create_german_section(
        home, title="Vertraulicher Fusionsplan Quarzwerk", teaser="Quarzwerk intern."
    )
    intern = home.add_child(instance=ProjectIndexPage(title="Intern", slug="intern"))
    intern.save_revision().publish()
    english = project.copy_for_translation(en_home.locale, copy_parents=True)
    english.title = ENGLISH_TITLE
    english.save()
    english.save_revision().publish()
    english_intern = intern.copy_for_translation(en_home.locale)
    english_intern.save_revision().publish()
    PageViewRestriction.objects.create(page=intern, restriction_type="login")
    english = Page.objects.get(pk=english.pk).specific
    assert PageViewRestriction.objects.filter(page=english_intern).exists()
    assert public(client, english) == {"v1": True, "v2": True, "search": True}

    # An editor moves the German project into the restricted section.
    Page.objects.get(pk=project.pk).move(intern, pos="last-child")

    project = Page.objects.get(pk=project.pk).specific
    assert public(client, project) == {"v1": False, "v2": False, "search": False}
    # The English translation of the now private project must not stay public.
    assert public(client, english) == {"v1": False, "v2": False, "search": False}


def test_without_a_translated_section_the_translation_takes_the_restriction(client, home, en_home):
    """The new parent has no English translation: the English page stays where it is but is
    hidden with the restriction its German page now inherits (its own copy)."""
    from projekte.models import ProjectIndexPage

    index, project = create_german_section(
        home, title="Vertraulicher Fusionsplan Quarzwerk", teaser="Quarzwerk intern."
    )
    intern = home.add_child(instance=ProjectIndexPage(title="Intern", slug="intern"))
    intern.save_revision().publish()
    PageViewRestriction.objects.create(page=intern, restriction_type="password", password="x1")
    english = project.copy_for_translation(en_home.locale, copy_parents=True)
    english.title = ENGLISH_TITLE
    english.save()
    english.save_revision().publish()
    assert public(client, english)["v1"]

    Page.objects.get(pk=project.pk).move(intern, pos="last-child")

    english = Page.objects.get(pk=english.pk).specific
    assert english.get_parent().locale == en_home.locale, "stays in the English tree"
    copied = PageViewRestriction.objects.get(page=english)
    assert (copied.restriction_type, copied.password) == ("password", "x1")
    assert not PageViewRestriction.objects.filter(page=project).exists(), "German: inherited only"
    assert public(client, english) == {"v1": False, "v2": False, "search": False}


def test_moving_out_of_the_restricted_section_brings_the_translation_back(client, home, en_home):
    """The admin's move (Wagtail's view) of the German page back to the public section moves
    its English page back below the public English section too."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from projekte.models import ProjectIndexPage

    index, project = create_german_section(
        home, title="Vertraulicher Fusionsplan Quarzwerk", teaser="Quarzwerk intern."
    )
    intern = home.add_child(instance=ProjectIndexPage(title="Intern", slug="intern"))
    intern.save_revision().publish()
    english = project.copy_for_translation(en_home.locale, copy_parents=True)
    english.title = ENGLISH_TITLE
    english.save()
    english.save_revision().publish()
    english_index = english.get_parent()
    intern.copy_for_translation(en_home.locale).save_revision().publish()
    PageViewRestriction.objects.create(page=intern, restriction_type="login")
    Page.objects.get(pk=project.pk).move(intern, pos="last-child")
    assert not public(client, Page.objects.get(pk=english.pk))["v1"]

    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[project.pk, index.pk]))
    assert response.status_code == 302

    english = Page.objects.get(pk=english.pk)
    assert english.get_parent().pk == english_index.pk
    assert public(client, english) == {"v1": True, "v2": True, "search": True}
