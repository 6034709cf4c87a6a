"""Every content type of every plugin is translatable with wagtail-localize, without extra code."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import TranslatableField, get_translatable_fields
from wagtail_localize.models import Translation

from cms.plugin.registry import registry


@pytest.mark.parametrize("content_type", registry.content_types(), ids=lambda ct: ct.model)
def test_every_registered_type_has_translatable_fields(content_type):
    model = content_type.get_model()
    assert issubclass(model, TranslatableMixin)
    translatable = [f for f in get_translatable_fields(model) if isinstance(f, TranslatableField)]
    assert translatable, f"{content_type.model} has no field a translator could translate"


@pytest.mark.django_db
def test_translator_submits_a_snippet_for_translation(locales, roles, translator, client):
    from tests.plugins.events.models import Venue

    venue = Venue.objects.create(name="Theater Nordhausen", locale=locales["de"])
    client.force_login(translator)
    url = reverse("wagtail_localize:submit_snippet_translation", args=["events", "venue", venue.pk])
    response = client.post(url, {"locales": [locales["en"].id]})
    assert response.status_code == 302
    english = venue.get_translation(locales["en"])
    assert Translation.objects.get(
        source__object_id=venue.translation_key, target_locale=locales["en"]
    ).enabled
    edit = reverse("wagtailsnippets_events_venue:edit", args=[english.pk])
    assert b"js-translation-editor" in client.get(edit).content
