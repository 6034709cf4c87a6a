"""English versions made outside wagtail-localize become synced translations, text kept."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from wagtail_localize.models import StringTranslation, Translation

from cms.translation.status import is_up_to_date
from tests.translation.helpers import create_german_section

pytestmark = pytest.mark.django_db


def project_pair(home, en_home, english_teaser="Small projects are funded."):
    index, german = create_german_section(
        home, title="Regionalbudget", teaser="Kleine Projekte werden gefördert."
    )
    en_index = index.copy_for_translation(en_home.locale)
    en_index.title, en_index.slug = "Projects", "projects"
    en_index.save_revision().publish()
    english = german.copy_for_translation(en_home.locale)
    english.title, english.slug, english.teaser = (
        "Regional budget",
        "regional-budget",
        english_teaser,
    )
    english.save_revision().publish()
    return german, english


def test_hand_made_translation_is_adopted_with_its_text(home, en_home):
    german, english = project_pair(home, en_home)
    out = io.StringIO()
    call_command("adopt_translations", stdout=out)
    translation = Translation.objects.get(
        source__object_id=german.translation_key, target_locale=en_home.locale
    )
    assert translation.enabled
    texts = dict(
        StringTranslation.objects.filter(
            context__object_id=german.translation_key, locale=en_home.locale
        ).values_list("translation_of__data", "data")
    )
    assert texts["Kleine Projekte werden gefördert."] == "Small projects are funded."
    assert texts["Regionalbudget"] == "Regional budget"
    english.refresh_from_db()
    assert english.specific.teaser == "Small projects are funded.", "the page is not touched"
    assert is_up_to_date(english)
    again = io.StringIO()
    call_command("adopt_translations", stdout=again)
    assert "Übersetzungen übernommen: 0" in again.getvalue()

    german.refresh_from_db()
    german.teaser = "Geändert."
    german.save_revision().publish()
    assert not is_up_to_date(english)


def test_versions_that_do_not_pair_are_left_alone(home, en_home):
    from projekte.models import ProjectPage

    german, english = project_pair(home, en_home)
    german = ProjectPage.objects.get(pk=german.pk)
    german.body = json.dumps([{"type": "rich_text", "value": "<p>Ein Absatz.</p>"}])
    german.save_revision().publish()
    english = ProjectPage.objects.get(pk=english.pk)
    english.body = json.dumps(
        [{"type": "rich_text", "value": "<p>One paragraph.</p><p>And another.</p>"}]
    )
    english.save_revision().publish()
    out = io.StringIO()
    call_command("adopt_translations", stdout=out)
    assert "Regionalbudget → en: nicht übernommen" in out.getvalue()
    assert not Translation.objects.filter(source__object_id=german.translation_key).exists()
