"""Translators cannot store unsafe link targets (``javascript:`` …) through the translation editor.

The reported case: a translator overrides a call-to-action URL and a rich text link target in the
translation editor with ``javascript:alert(1)`` and publishes. Expected: the override is refused
with the German URL rule, the English page keeps the German targets, and no reader (API v1, v2,
admin preview) ever gets the unsafe address.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation

from tests.translation.helpers import messages_of

pytestmark = pytest.mark.django_db

RULE = "Nur Adressen mit http, https, mailto, tel oder relative Pfade sind erlaubt"
CTA_URL = "https://www.example.org/mitmachen/"
RICH_URL = "https://www.nordthueringen.de/"
UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \x01javascript:alert(1)",
    "\tjava\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]


@pytest.fixture
def linked(home, en_home):
    """The German start page with a call to action and a rich text link, published and synced."""
    from wagtail_localize.models import TranslationSource

    from cms.models import ImageText

    home.body = [
        {
            "type": "call_to_action",
            "id": "cta",
            "value": {
                "title": "Mitmachen",
                "text": "",
                "link": {
                    "label": "Jetzt informieren",
                    "page": None,
                    "document": None,
                    "url": CTA_URL,
                },
            },
        },
        {
            "type": "rich_text",
            "id": "text",
            "value": f'<p>Mehr bei <a href="{RICH_URL}">der Region</a>.</p>',
        },
    ]
    home.save_revision().publish()
    # The hero image's English alt text, which publishing an English page requires (cms.content.alt_text).
    ImageText.objects.update_or_create(
        image_id=home.hero_image_id, locale=en_home.locale, defaults={"alt": "Green hills"}
    )
    source, _ = TranslationSource.update_or_create_from_instance(home)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    return translation


def segment(translation, url: str) -> OverridableSegment:
    return OverridableSegment.objects.get(source=translation.source, data_json=json.dumps(url))


def put_override(client, translation, seg, value: str):
    return client.put(
        reverse("wagtail_localize:edit_override", args=[translation.id, seg.id]),
        urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


def publish(client, page, on_commit):
    with on_commit(execute=True):
        return client.post(
            reverse("wagtailadmin_pages:edit", args=[page.id]), {"action": "publish"}, follow=True
        )


def test_translator_cannot_publish_javascript_links(
    client, linked, en_home, translator, django_capture_on_commit_callbacks
):
    client.force_login(translator)
    answers = []
    for url in (CTA_URL, RICH_URL):
        response = put_override(client, linked, segment(linked, url), "javascript:alert(1)")
        assert response.status_code in (200, 201), response.content
        answers.append(response.json())

    response = publish(client, en_home, django_capture_on_commit_callbacks)
    assert response.status_code == 200, messages_of(response)

    english = Page.objects.get(id=en_home.id).specific
    assert english.live, messages_of(response)
    stored = json.dumps(list(english.body.raw_data))
    assert "javascript:" not in stored
    assert CTA_URL in stored and RICH_URL in stored, "the German targets are kept"
    preview = client.get(reverse("wagtail_localize:preview_translation", args=[linked.id]))
    assert b"javascript:" not in preview.content
    client.logout()
    for url in (f"/api/v1/pages/{en_home.id}/", f"/api/v2/pages/{en_home.id}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"javascript:" not in response.content, url
    for answer in answers:
        assert RULE in (answer["error"] or ""), answer


@pytest.mark.parametrize("value", UNSAFE)
def test_every_variant_of_an_unsafe_override_is_refused(client, linked, translator, value):
    client.force_login(translator)
    response = put_override(client, linked, segment(linked, CTA_URL), value)
    assert RULE in (response.json()["error"] or ""), (value, response.json())
    override = SegmentOverride.objects.get(locale=linked.target_locale)
    assert override.has_error


@pytest.mark.parametrize(
    "value", ["https://www.example.org/en/", "mailto:info@example.org", "tel:+493631123", "/en/"]
)
def test_safe_overrides_are_taken(client, linked, translator, value):
    client.force_login(translator)
    response = put_override(client, linked, segment(linked, CTA_URL), value)
    assert not response.json()["error"], response.json()
    assert not SegmentOverride.objects.get(locale=linked.target_locale).has_error


def test_a_translated_string_cannot_carry_a_link_target(
    client, linked, en_home, translator, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, StringTranslation

    string = StringSegment.objects.get(
        source=linked.source, string__data='Mehr bei <a id="a1">der Region</a>.'
    )
    client.force_login(translator)
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[linked.id, string.id]),
        urlencode({"value": 'More from <a id="a1" href="javascript:alert(1)">the region</a>.'}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201), response.content
    assert StringTranslation.objects.get(translation_of=string.string).has_error
    publish(client, en_home, django_capture_on_commit_callbacks)
    english = Page.objects.get(id=en_home.id).specific
    assert "javascript:" not in json.dumps(list(english.body.raw_data))
    assert RICH_URL in json.dumps(list(english.body.raw_data))


def test_snippet_link_overrides_follow_the_rule_too(client, locales, roles, translator):
    from wagtail_localize.models import TranslationSource

    from home.models import Footer

    german = Footer.objects.create(
        locale=locales["de"],
        legal_links=[
            {
                "type": "link",
                "id": "impressum",
                "value": {"label": "Impressum", "page": None, "document": None, "url": CTA_URL},
            }
        ],
    )
    source, _ = TranslationSource.get_or_create_from_instance(german)
    translation = Translation.objects.create(source=source, target_locale=locales["en"])
    translation.save_target(publish=True)  # the English copy, as a submission makes it
    client.force_login(translator)
    response = put_override(client, translation, segment(translation, CTA_URL), "javascript:x()")
    assert RULE in (response.json()["error"] or ""), response.json()
    translation.save_target(publish=True)
    english = Footer.objects.get(locale=locales["en"])
    assert "javascript" not in json.dumps(list(english.legal_links.raw_data))
    assert CTA_URL in json.dumps(list(english.legal_links.raw_data))
