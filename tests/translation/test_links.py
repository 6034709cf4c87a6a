"""A translation that would lose a rich text link keeps the source link (cms.translation.validation)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

pytestmark = pytest.mark.django_db

SOURCE = '<p>Mehr zu <a linktype="page" id="{id}">unseren Projekten</a>.</p>'


@pytest.fixture
def setup(home, en_home, translator, client):
    home.intro = SOURCE.format(id=home.id)
    home.save_revision().publish()
    source, _ = TranslationSource.update_or_create_from_instance(home)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    segment = StringSegment.objects.get(source=source, string__data__contains="<a id=")
    client.force_login(translator)
    return translation, segment, client


def put(client, translation, segment, value):
    """The translation editor's request when a translator saves one string."""
    return client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id]),
        data=f"value={value}",
        content_type="application/x-www-form-urlencoded",
    )


def english_intro(translation):
    translation.save_target(publish=False)
    page = translation.get_target_instance().specific.get_latest_revision_as_object()
    return BeautifulSoup(page.intro, "html.parser")


def test_translation_without_the_link_keeps_the_source_link(setup):
    translation, segment, client = setup
    response = put(client, translation, segment, "More about our projects.")
    assert response.status_code in (200, 201)
    assert 'HTML-Tags verändert (fehlt: </a> <a id="a1">' in response.json()["error"]
    stored = StringTranslation.objects.get(
        context=segment.context, locale=translation.target_locale
    )
    assert stored.has_error and '<a id="a1">' in stored.field_error
    link = english_intro(translation).find("a")
    assert link is not None and link.attrs["linktype"] == "page"
    assert link.text == "unseren Projekten"


def test_translation_with_the_link_is_used(setup):
    translation, segment, client = setup
    response = put(client, translation, segment, 'More about <a id="a1">our projects</a>.')
    assert response.json()["error"] is None
    link = english_intro(translation).find("a")
    assert link.text == "our projects" and link.attrs["linktype"] == "page"


def test_fixing_the_translation_clears_the_error(setup):
    translation, segment, client = setup
    put(client, translation, segment, "More about our projects.")
    put(client, translation, segment, 'More about <a id="a1">our projects</a>.')
    stored = StringTranslation.objects.get(
        context=segment.context, locale=translation.target_locale
    )
    assert not stored.has_error and stored.field_error == ""
