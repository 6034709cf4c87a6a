"""A real Varnish in front of the API, configured from the repository (``deploy/varnish/default.vcl``)
and purged by the CMS (``WAGTAILFRONTENDCACHE``, Wagtail's HTTP backend): after each kind of change
the next request through the cache shows it, and only anonymous answers are ever stored.

Each check first proves that Varnish really keeps the answer (the second request is a hit), then
changes content the way editors do and reads again through the cache.
"""

from __future__ import annotations

import datetime
import http.client

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.api.models import ApiToken, FrontEnd
from cms.models import DocumentText, ImageText
from tests.api.conftest import make_document, make_image, publish
from tests.delivery.varnish import Answer, Varnish, varnish_fixture  # noqa: F401
from tests.plugins.events.models import EventPage, Venue

pytestmark = pytest.mark.live

API = "/api/v1/"


def _page(parent, title: str, slug: str) -> EventPage:
    return publish(
        parent.add_child(
            instance=EventPage(
                title=title, slug=slug, start=datetime.date(2026, 5, 12), locale=parent.locale
            )
        )
    )


def warm(varnish: Varnish, *paths: str, **headers: str) -> None:
    """Ask for each path twice: the second answer must come from Varnish's storage."""
    for path in paths:
        varnish.get(path, **headers)
        again = varnish.get(path, **headers)
        assert again.status == 200, (path, again.status, again.body[:300])
        assert again.from_cache, (path, again.headers)


def fresh(varnish: Varnish, path: str, status: int = 200, **headers: str) -> Answer:
    """The answer after a change: not the stored one (the purge reached it), with ``status``."""
    answer = varnish.get(path, **headers)
    assert not answer.from_cache, (path, "still cached after the change")
    assert answer.status == status, (path, answer.status, answer.body[:300])
    return answer


def titles(answer: Answer) -> list[str]:
    return [item["title"] for item in answer.data["items"]]


def find(path: str, locale: str = "de", spelling: str = "encoded") -> str:
    """Find-by-path as clients spell it: URLSearchParams encoding, or plain and reordered."""
    if spelling == "encoded":
        return f"{API}pages/find/?path={path.replace('/', '%2F')}&locale={locale}"
    return f"{API}pages/find/?locale={locale}&path={path}"


@pytest.fixture
def site(transactional_db, varnish, home, english_home):
    """German and English pages, a website front end, a snippet, an image and a document."""
    FrontEnd.objects.create(
        name="website", base_url="https://www.nordthueringen.example", is_default=True
    )
    event = _page(home, "Regionalforum", "regionalforum")
    child = _page(event, "Anmeldung", "anmeldung")
    archive = _page(home, "Archiv", "archiv")
    english = event.copy_for_translation(english_home.locale)
    english.title, english.slug = "Regional Forum", "regional-forum"
    english = publish(english)
    return {
        "home": home,
        "english_home": english_home,
        "event": event,
        "child": child,
        "archive": archive,
        "english": english,
    }


def test_each_kind_of_change_shows_through_varnish_at_once(site, varnish):
    home, event, child = site["home"], site["event"], site["child"]
    archive, english = site["archive"], site["english"]
    detail = f"{API}pages/{event.pk}/"
    listing = f"{API}pages/?locale=de"
    # Filtered, ordered and paged listings: query variants no purge list names one by one.
    filtered = f"{API}pages/?type=event&start_from=2026-01-01&locale=de&order=title&limit=50"
    children = f"{API}pages/?parent={home.pk}&locale=de"
    english_detail = f"{API}pages/{english.pk}/"
    english_listing = f"{API}pages/?type=event&locale=en"

    # Edit and publish.
    child_detail = f"{API}pages/{child.pk}/"
    warm(varnish, detail, f"{detail}?locale=de", find("/regionalforum/"), listing, filtered)
    warm(varnish, find("/regionalforum/", spelling="plain"), children, english_detail)
    warm(varnish, child_detail)
    warm(varnish, detail, X_Frontend="website")
    event.title = "Regionalforum 2026"
    event = publish(event)
    for path in (detail, f"{detail}?locale=de", find("/regionalforum/")):
        assert fresh(varnish, path).data["title"] == "Regionalforum 2026"
    assert fresh(varnish, detail, X_Frontend="website").data["title"] == "Regionalforum 2026"
    # Another spelling of the same question: the VCL stores it once (sorted query, plain "/").
    plain = varnish.get(find("/regionalforum/", spelling="plain"))
    assert plain.from_cache and plain.data["title"] == "Regionalforum 2026"
    for path in (listing, filtered, children):
        assert "Regionalforum 2026" in titles(fresh(varnish, path)), path
    fresh(varnish, english_detail)  # lists the German version (its sync state)
    # A subpage shows its parent's title.
    assert fresh(varnish, child_detail).data["parent"]["title"] == "Regionalforum 2026"

    # Rename (a new slug): the new path answers, the old one answers the page at its new path.
    old_find, old_child_find = find("/regionalforum/"), find("/regionalforum/anmeldung/")
    warm(varnish, old_find, old_child_find, child_detail, english_detail, children)
    event.slug = "regionalforum-2026"
    event = publish(event)
    assert fresh(varnish, find("/regionalforum-2026/")).data["id"] == event.pk
    assert fresh(varnish, old_find).data["path"] == "/regionalforum-2026/"
    assert fresh(varnish, old_child_find).data["path"] == "/regionalforum-2026/anmeldung/"
    assert fresh(varnish, child_detail).data["path"] == "/regionalforum-2026/anmeldung/"
    german = {t["locale"]: t for t in fresh(varnish, english_detail).data["translations"]}
    assert german["de"]["path"] == "/regionalforum-2026/"
    assert "/regionalforum-2026/" in [i["path"] for i in fresh(varnish, children).data["items"]]

    # Move below another page: old paths, both parents' listings, the subtree.
    archive_children = f"{API}pages/?parent={archive.pk}&locale=de"
    new_find = find("/regionalforum-2026/")
    warm(varnish, new_find, children, archive_children, child_detail, detail)
    event.move(archive, pos="last-child")
    assert fresh(varnish, new_find).data["path"] == "/archiv/regionalforum-2026/"
    assert event.pk not in [i["id"] for i in fresh(varnish, children).data["items"]]
    assert [i["id"] for i in fresh(varnish, archive_children).data["items"]] == [event.pk]
    assert fresh(varnish, child_detail).data["path"] == "/archiv/regionalforum-2026/anmeldung/"
    assert fresh(varnish, detail).data["parent"]["id"] == archive.pk

    # A translation published: the group's details in every locale and the English listings.
    german_as_english = f"{detail}?locale=en"
    warm(varnish, german_as_english, english_detail, english_listing, detail)
    english.title, english.slug = "Regional Forum 2026", "regional-forum-2026"
    english = publish(english)
    assert fresh(varnish, german_as_english).data["title"] == "Regional Forum 2026"
    assert fresh(varnish, english_detail).data["title"] == "Regional Forum 2026"
    assert "Regional Forum 2026" in titles(fresh(varnish, english_listing))
    others = {t["locale"]: t for t in fresh(varnish, detail).data["translations"]}
    assert others["en"]["path"] == "/regional-forum-2026/"

    # Restrict: the page and its subpages disappear for anonymous readers at once ...
    event_find = find("/archiv/regionalforum-2026/")
    child_find = find("/archiv/regionalforum-2026/anmeldung/")
    warm(varnish, detail, child_detail, event_find, child_find, filtered, archive_children)
    restriction = PageViewRestriction.objects.create(page=event, restriction_type="login")
    for path in (detail, child_detail, event_find, child_find):
        fresh(varnish, path, status=404)
    assert "Regionalforum 2026" not in titles(fresh(varnish, filtered))
    assert fresh(varnish, archive_children).data["items"] == []
    # ... and come back when the restriction is lifted (the listings were cached without them).
    warm(varnish, filtered, archive_children)
    restriction.delete()
    assert fresh(varnish, detail).data["id"] == event.pk
    assert "Regionalforum 2026" in titles(fresh(varnish, filtered))
    assert [i["id"] for i in fresh(varnish, archive_children).data["items"]] == [event.pk]

    # Unpublish a subpage.
    event_children = f"{API}pages/?parent={event.pk}&locale=de"
    warm(varnish, child_detail, child_find, event_children)
    child.refresh_from_db()
    child.unpublish()
    fresh(varnish, child_detail, status=404)
    fresh(varnish, child_find, status=404)
    assert fresh(varnish, event_children).data["items"] == []

    # Publish a new page: the listings show it.
    warm(varnish, listing, children)
    messe = _page(home, "Messe", "messe")
    assert "Messe" in titles(fresh(varnish, listing))
    assert "Messe" in titles(fresh(varnish, children))

    # Delete it.
    messe_detail = f"{API}pages/{messe.pk}/"
    warm(varnish, messe_detail, find("/messe/"), listing, children)
    messe.delete()
    fresh(varnish, messe_detail, status=404)
    fresh(varnish, find("/messe/"), status=404)
    assert "Messe" not in titles(fresh(varnish, listing))
    assert "Messe" not in titles(fresh(varnish, children))


def test_snippet_image_and_document_edits_show_through_varnish(site, varnish):
    """Their purge URLs were relative: Wagtail's purge task failed (``Host: None``)."""
    home, en = site["home"], site["english_home"].locale
    venue = Venue.objects.create(name="Kulturhaus", locale=home.locale)
    image, document = make_image(), make_document()
    venue_detail = f"{API}snippets/venue/{venue.pk}/"
    venues = f"{API}snippets/venue/?locale=de"
    image_detail, images = f"{API}images/{image.pk}/?locale=en", f"{API}images/?locale=en"
    document_detail = f"{API}documents/{document.pk}/?locale=en"
    documents = f"{API}documents/?locale=en"

    warm(varnish, venue_detail, venues)
    venue.name = "Kulturhaus Sondershausen"
    venue.save()
    assert fresh(varnish, venue_detail).data["name"] == "Kulturhaus Sondershausen"
    assert venue.name in [i["name"] for i in fresh(varnish, venues).data["items"]]

    warm(varnish, image_detail, images, document_detail, documents)
    ImageText.objects.create(image=image, locale=en, title="Kyffhaeuser Monument")
    DocumentText.objects.create(document=document, locale=en, title="Declaration")
    assert fresh(varnish, image_detail).data["title"] == "Kyffhaeuser Monument"
    assert "Kyffhaeuser Monument" in titles(fresh(varnish, images))
    assert fresh(varnish, document_detail).data["title"] == "Declaration"
    assert "Declaration" in titles(fresh(varnish, documents))

    # A page that shows the image: its detail follows the image's texts.
    event = site["event"]
    event.body = [
        {
            "type": "image",
            "id": "a",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        }
    ]
    event = publish(event)
    page = f"{API}pages/{event.pk}/"
    warm(varnish, page)
    image.title = "Kyffhäuserdenkmal"
    image.save()
    assert fresh(varnish, page).data["body"][0]["value"]["image"]["title"] == "Kyffhäuserdenkmal"


def test_only_anonymous_answers_are_stored(site, varnish):
    home = site["home"]
    intern = _page(home, "Intern", "intern")
    PageViewRestriction.objects.create(page=intern, restriction_type="login")
    _token, key = ApiToken.create_with_key("Intranet", can_read_private=True)
    token = {"Authorization": f"Bearer {key}"}
    children = f"{API}pages/?parent={home.pk}&locale=de"

    warm(varnish, children)  # the anonymous answer is stored ...
    with_token = varnish.get(children, **token)
    assert with_token.cache == "PASS" and not with_token.from_cache
    assert "Intern" in titles(with_token)  # ... and not given to a token
    assert "private" in with_token.headers["cache-control"]
    again = varnish.get(children)
    assert again.from_cache and "Intern" not in titles(again)  # the token's answer not stored
    fresh(varnish, f"{API}pages/{intern.pk}/", status=404)
    assert varnish.get(f"{API}pages/{intern.pk}/", **token).data["title"] == "Intern"

    # A token first: its answer is not stored for the next anonymous reader.
    detail = f"{API}pages/{site['event'].pk}/"
    assert varnish.get(detail, **token).cache == "PASS"
    assert varnish.get(detail).cache == "MISS"

    # A session (the admin's cookie): never served from nor stored into the cache.
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("redaktion", "r@x.org", "pw"))
    cookie = {"Cookie": f"sessionid={editor.cookies['sessionid'].value}"}
    for path in (children, f"/api/v2/pages/?child_of={home.pk}"):
        with_session = varnish.get(path, **cookie)
        assert with_session.status == 200 and with_session.cache == "PASS", path
    assert (
        "private"
        in varnish.get(f"/api/v2/pages/?child_of={home.pk}", **cookie).headers["cache-control"]
    )
    assert varnish.get(children).from_cache


def test_only_the_purge_acl_may_purge(site, varnish):
    """A PURGE from an address outside the VCL's ``purge`` ACL is refused (127.0.0.2 here)."""
    detail = f"{API}pages/{site['event'].pk}/"
    warm(varnish, detail)
    outsider = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    try:
        outsider.request("PURGE", detail, headers={"Host": f"127.0.0.1:{varnish.port}"})
        assert outsider.getresponse().status == 403
    finally:
        outsider.close()
    assert varnish.get(detail).from_cache
