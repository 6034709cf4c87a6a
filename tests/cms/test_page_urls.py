"""A page's public path and its URL per front end, from one place (cms.content.page_urls), as the API,
redirects, Wagtail's own page URLs ("view live", Redirect.link) and the site map see them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from cms.api.models import FrontEnd
from cms.content.page_urls import DEFAULT, page_url, path_in_locale, public_path, public_url
from tests.plugins.events.models import EventPage

WEBSITE = "https://www.nordthueringen.example"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def event(home):
    return publish(
        home.add_child(
            instance=EventPage(
                title="Regionalforum", slug="regionalforum", start=datetime.date(2026, 5, 4)
            )
        )
    )


@pytest.fixture
def website(db):
    return FrontEnd.objects.create(name="website", base_url=WEBSITE, is_default=True)


def test_path_within_the_locale_and_public_path():
    assert path_in_locale("/start/projekte/windpark/") == "/projekte/windpark/"
    assert path_in_locale("/start/") == "/"
    assert path_in_locale("/") == "/"
    assert public_path("de", "/projekte/windpark/") == "/de/projekte/windpark/"


def test_url_per_front_end(db):
    app = FrontEnd(name="app", base_url="nordthueringen://")
    slash = FrontEnd(name="web", base_url=WEBSITE + "/")
    assert public_url("de", "/x/", app) == "nordthueringen://de/x/"
    assert public_url("en", "/x/", slash) == f"{WEBSITE}/en/x/"
    assert public_url("de", "/x/", None) == "/de/x/"
    # No default front end: the public path alone.
    assert public_url("de", "/x/", DEFAULT) == "/de/x/"
    FrontEnd.objects.create(name="website", base_url=WEBSITE, is_default=True)
    assert public_url("de", "/x/") == f"{WEBSITE}/de/x/"
    assert app.page_url("de", "/x/") == public_url("de", "/x/", app)


def test_wagtail_page_urls_are_the_default_front_ends(event, english_home, website):
    """Wagtail's own URLs (full_url, url, relative_url) are the front end's, never the CMS's."""
    assert event.full_url == f"{WEBSITE}/de/regionalforum/"
    # Wagtail gives a site-relative path for a single site, which would point at the CMS host.
    assert event.url == f"{WEBSITE}/de/regionalforum/"
    assert event.relative_url(event.get_site()) == f"{WEBSITE}/de/regionalforum/"
    assert english_home.full_url == f"{WEBSITE}/en/"
    site_id, root_url, path = event.get_url_parts()
    assert (root_url, path) == (WEBSITE, "/de/regionalforum/")
    assert event.get_site().pk == site_id
    assert page_url(event) == event.full_url


def test_an_apps_scheme_splits_into_root_and_path(event):
    FrontEnd.objects.create(name="app", base_url="nordthueringen://", is_default=True)
    site_id, root_url, path = event.get_url_parts()
    assert root_url + path == "nordthueringen://de/regionalforum/"
    assert path == "/de/regionalforum/"


def test_without_a_default_front_end_pages_have_no_public_url(event):
    assert event.get_url_parts() is None
    assert event.full_url is None and event.url is None


def test_view_live_in_the_admin_leads_to_the_front_end(admin_client, event, website):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert response.status_code == 200
    assert f'href="{WEBSITE}/de/regionalforum/"' in response.content.decode()


def test_a_redirect_on_the_cms_host_leads_to_the_front_end(
    client, event, website, django_capture_on_commit_callbacks
):
    """wagtail.contrib.redirects' middleware answers an old path with the page's link."""
    event.slug = "regionalforum-2026"
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    redirect = Redirect.objects.get(old_path="/de/regionalforum")
    assert redirect.link == f"{WEBSITE}/de/regionalforum-2026/"
    response = client.get("/de/regionalforum/")
    assert response.status_code == 301
    assert response["Location"] == f"{WEBSITE}/de/regionalforum-2026/"


def locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]*)</loc>", response.content.decode())


def test_the_site_map_lists_every_locales_public_pages_at_the_front_end(
    client, home, event, english_home, website
):
    hidden = publish(
        home.add_child(
            instance=EventPage(title="Intern", slug="intern", start=datetime.date(2026, 1, 1))
        )
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = home.add_child(
        instance=EventPage(title="Entwurf", slug="entwurf", start=datetime.date(2026, 1, 1))
    )
    draft.unpublish()
    assert locations(client) == [
        f"{WEBSITE}/de/",
        f"{WEBSITE}/de/regionalforum/",
        f"{WEBSITE}/en/",
    ]


def test_the_site_map_is_empty_without_a_default_front_end(client, event):
    assert locations(client) == []


def test_urls_of_many_pages_cost_no_query_per_page(rf, home, website, django_assert_num_queries):
    """The admin's listings ask every row for its live URL, passing the request."""
    for number in range(5):
        publish(
            home.add_child(
                instance=EventPage(
                    title=f"Termin {number}",
                    slug=f"termin-{number}",
                    start=datetime.date(2026, 1, 1),
                )
            )
        )
    pages = list(EventPage.objects.order_by("path"))
    request = rf.get("/admin/pages/")
    assert pages[0].get_url(request) == f"{WEBSITE}/de/termin-0/"
    with django_assert_num_queries(0):
        urls = [page.get_url(request) for page in pages]
    assert urls == [f"{WEBSITE}/de/termin-{number}/" for number in range(5)]


def test_a_preview_renders_media_from_the_cms_not_from_the_front_end(rf, home, website):
    """Wagtail builds the preview's request from the page's URL, now the website's."""
    from django.contrib.auth.models import AnonymousUser

    from tests.api.conftest import make_image

    image = make_image()
    home.body = [
        {
            "type": "image",
            "id": "i",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        }
    ]
    publish(home)
    request = rf.get(f"/admin/pages/{home.pk}/edit/preview/")
    request.user = AnonymousUser()
    response = home.make_preview_request(request, "")
    response.render()
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', response.content.decode())
    assert sources and all(src.startswith("http://testserver/") for src in sources), sources
