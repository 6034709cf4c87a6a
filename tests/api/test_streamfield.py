"""StreamField bodies as typed JSON with every reference resolved, at a constant query count."""

from __future__ import annotations

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import make_document, make_image, publish


def _blocks(images, documents, pages, link_page, link_document):
    body = [
        {
            "type": "rich_text",
            "id": str(uuid.uuid4()),
            "value": (
                f'<p>Siehe <a linktype="page" id="{link_page.pk}">das Forum</a> und '
                f'<a linktype="document" id="{link_document.pk}">die Erklärung</a>.</p>'
            ),
        }
    ]
    for image in images:
        body.append(
            {
                "type": "image",
                "id": str(uuid.uuid4()),
                "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
            }
        )
    body.append(
        {
            "type": "document_list",
            "id": str(uuid.uuid4()),
            "value": {"title": "Downloads", "documents": [d.pk for d in documents]},
        }
    )
    body.append(
        {
            "type": "page_teasers",
            "id": str(uuid.uuid4()),
            "value": {"title": "Mehr", "pages": [p.pk for p in pages]},
        }
    )
    return body


def _set_body(home, body):
    home.body = body
    publish(home)


def test_references_are_resolved(api, home, event, image, document):
    _set_body(home, _blocks([image], [document], [event], event, document))
    body = api.get_json(f"/api/v1/pages/{home.pk}/")["body"]
    types = [b["type"] for b in body]
    assert types == ["rich_text", "image", "document_list", "page_teasers"]
    rich = body[0]["value"]
    assert 'href="/de/regionalforum/"' in rich and "linktype" not in rich
    assert document.url in rich
    img = body[1]["value"]["image"]
    assert img["alt"] == "Blick auf den Kyffhäuser"
    assert img["caption"] == "Das Kyffhäuserdenkmal" and img["credit"] == "Foto: Regionalmanagement"
    assert img["width"] == 2000 and img["height"] == 1000
    assert {(r["width"], r["format"]) for r in img["renditions"]} == {
        (w, f) for w in (480, 960, 1600) for f in ("original", "webp")
    }
    assert img["srcset"].count("w,") == 2 and "format-webp" in img["srcset_webp"]
    doc = body[2]["value"]["documents"][0]
    assert doc["title"] == document.title and doc["url"].endswith(document.url)
    assert doc["size"] == document.file_size and doc["page_count"] == document.page_count
    teaser = body[3]["value"]["pages"][0]
    assert teaser == {
        "id": event.pk,
        "type": "event",
        "title": "Regionalforum",
        "locale": "de",
        "path": "/regionalforum/",
        "url": "/de/regionalforum/",
    }


def test_a_narrow_image_has_one_candidate_per_width(api, locales):
    """A 300 px logo gave three ``srcset`` candidates of 300w each (and three equal renditions)."""
    from .conftest import make_image

    img = api.get_json(f"/api/v1/images/{make_image(size=(300, 120)).pk}/")
    assert [(r["width"], r["format"]) for r in img["renditions"]] == [
        (300, "original"),
        (300, "webp"),
    ]
    assert img["srcset"].count(" 300w") == 1 and "," not in img["srcset"]
    assert img["srcset_webp"].count(" 300w") == 1


def test_rendition_url_serves_an_image(api, home, image):
    _set_body(home, _blocks([image], [], [], home, make_document()))
    img = api.get_json(f"/api/v1/pages/{home.pk}/")["body"][1]["value"]["image"]
    webp = next(r for r in img["renditions"] if r["format"] == "webp" and r["width"] == 480)
    response = api.get(webp["url"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def test_deleted_and_unpublished_targets_are_left_out(api, home, event, document):
    gone_image = make_image("weg")
    other = make_document("weg")
    _set_body(home, _blocks([gone_image], [document, other], [event], event, other))
    gone_image.delete()
    other.delete()
    event.unpublish()
    body = api.get_json(f"/api/v1/pages/{home.pk}/")["body"]
    # The image block whose image is gone is left out, and so is the teaser list left without
    # any page; other lists lose the gone items.
    assert [b["type"] for b in body] == ["rich_text", "document_list"]
    assert [d["id"] for d in body[1]["value"]["documents"]] == [document.pk]
    rich = body[0]["value"]
    assert "das Forum" in rich and "<a" not in rich and "linktype" not in rich


def _count_detail_queries(api, home, n):
    images = [make_image(f"Bild {i}") for i in range(n)]
    documents = [make_document(f"Dokument {i}") for i in range(n)]
    pages = [home] * n
    _set_body(home, _blocks(images, documents, pages, home, documents[0]))
    api.get_json("/api/v1/pages/?limit=1")  # warm Django's content-type cache
    with CaptureQueriesContext(connection) as queries:
        body = api.get_json(f"/api/v1/pages/{home.pk}/")["body"]
    assert len([b for b in body if b["type"] == "image"]) == n
    assert len(body[-2]["value"]["documents"]) == n
    return len(queries)


def test_detail_query_count_is_constant(api, home, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    one = _count_detail_queries(api, home, 1)
    hundred = _count_detail_queries(api, home, 100)
    assert one == hundred, (one, hundred)
    assert one <= 15


def test_listing_query_count_is_constant(api, home, settings):
    from tests.plugins.events.models import EventPage

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    import datetime

    counts = {}
    for n in (5, 50):
        for i in range(n - EventPage.objects.count()):
            publish(
                home.add_child(
                    instance=EventPage(
                        title=f"Termin {i}",
                        slug=f"termin-{n}-{i}",
                        start=datetime.date(2026, 1, 1),
                        locale=home.locale,
                    )
                )
            )
        api.get_json("/api/v1/pages/?limit=1")  # warm Django's content-type cache
        with CaptureQueriesContext(connection) as queries:
            listing = api.get_json(f"/api/v1/pages/?limit={n}&type=event")
        assert len(listing["items"]) == n
        counts[n] = len(queries)
    assert counts[5] == counts[50], counts
