"""A whole section (a page with its children) is submitted for translation in one step."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from wagtail_localize.models import Translation

pytestmark = pytest.mark.django_db


def test_section_with_children_in_one_step(home, en_home, translator, client):
    from projekte.models import ProjectIndexPage, ProjectPage

    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))
    projects = [
        index.add_child(
            instance=ProjectPage(
                title=f"Projekt {n}",
                slug=f"projekt-{n}",
                teaser="Ein Projekt.",
                start_date=datetime.date(2024, 1, n),
            )
        )
        for n in (1, 2)
    ]
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[index.id]),
        {"locales": [en_home.locale_id], "include_subtree": "on"},
    )
    assert response.status_code == 302
    en_index = index.get_translation(en_home.locale)
    assert en_index.get_parent().id == en_home.id
    for german in [index, *projects]:
        english = german.get_translation(en_home.locale)
        assert english.get_parent().id == (en_home.id if german is index else en_index.id)
        assert not english.live, "translations start as drafts"
        assert Translation.objects.filter(
            source__object_id=german.translation_key, target_locale=en_home.locale, enabled=True
        ).exists()
