"""Read side of the URL rule: targets stored before it existed never reach a reader.

The data is written with ``QuerySet.update`` (no save, no guard), as old rows are; the API v1,
the stock v2 API and the admin preview must leave the unsafe targets out.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from wagtail.models import Revision

from home.models import Footer, HomePage
from projekte.models import FundingProgramme

pytestmark = pytest.mark.django_db

UNSAFE = ("javascript:", "vbscript:", "data:text", "&#106;avascript", "JaVaScRiPt")


def legacy_body() -> list[dict]:
    return [
        {
            "type": "call_to_action",
            "id": "cta",
            "value": {
                "title": "Mitmachen",
                "text": "",
                "link": {
                    "label": "Jetzt",
                    "page": None,
                    "document": None,
                    "url": "JaVaScRiPt:alert(1)",
                },
            },
        },
        {
            "type": "rich_text",
            "id": "text",
            "value": '<p><a href="https://example.org/">gut</a> und <a href="&#106;avascript:alert(2)">böse</a></p>',
        },
        {
            "type": "video",
            "id": "video",
            "value": {"video": "data:text/html,<script>x</script>", "caption": ""},
        },
    ]


def assert_clean(content: bytes, where: str) -> None:
    text = content.decode()
    for marker in UNSAFE:
        assert marker not in text, (marker, where)
    assert "\\u0026#106;" not in text and "javascript" not in text.lower(), where


def test_api_v1_and_v2_drop_unsafe_targets_of_old_pages(client, home):
    HomePage.objects.filter(pk=home.pk).update(
        body=legacy_body(), intro='<p><a href="vbscript:msgbox(1)">Alt</a> Text</p>'
    )
    for url in (
        f"/api/v1/pages/{home.pk}/",
        "/api/v1/pages/?type=home",
        f"/api/v2/pages/{home.pk}/",
        "/api/v2/pages/?type=home.HomePage&fields=intro,body",
        "/api/v2/pages/?type=home.HomePage&fields=intro&rich_text_format=html",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert_clean(response.content, url)
    data = client.get(f"/api/v1/pages/{home.pk}/").json()
    # The call to action's only target is unsafe: the link has no target left and, like a link
    # to a deleted page, the block is left out (cms.content.references).
    assert "call_to_action" not in {block["type"] for block in data["body"]}
    text = next(block for block in data["body"] if block["type"] == "rich_text")["value"]
    assert '<a href="https://example.org/">gut</a>' in text and "böse" in text
    assert "Alt" in data["intro"]


def test_admin_preview_drops_unsafe_targets(client, home, django_user_model):
    revision = home.save_revision()
    content = dict(revision.content, body=json.dumps(legacy_body()))
    Revision.objects.filter(pk=revision.pk).update(content=content)
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[home.pk]))
    assert response.status_code == 200
    assert "böse" in response.content.decode()
    assert_clean(response.content, "preview")


def test_snippets_drop_unsafe_targets(client, locales):
    programme = FundingProgramme.objects.create(name="LEADER", slug="leader", locale=locales["de"])
    FundingProgramme.objects.filter(pk=programme.pk).update(website="javascript:alert(1)")
    footer = Footer.objects.create(locale=locales["de"])
    Footer.objects.filter(pk=footer.pk).update(
        legal_links=[
            {
                "type": "link",
                "id": "l",
                "value": {"label": "Impressum", "page": None, "document": None, "url": "data:,x"},
            }
        ]
    )
    for url in (
        f"/api/v1/snippets/funding_programme/{programme.pk}/",
        "/api/v1/snippets/funding_programme/",
        f"/api/v1/snippets/footer/{footer.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert_clean(response.content, url)
    assert client.get(f"/api/v1/snippets/funding_programme/{programme.pk}/").json()["website"] == ""
