"""Front-end cache purges reach a real HTTP cache: absolute URLs, every URL that shows a page.

A threading ``http.server`` on 127.0.0.1 stands in for Varnish: Wagtail's HTTP purge backend
(``WAGTAILFRONTENDCACHE``) sends it ``PURGE <path>`` with the purged URL's host as ``Host``.
"""

from __future__ import annotations

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cms.api.models import FrontEnd
from tests.api.conftest import publish
from tests.plugins.events.models import EventPage

CMS = "cms.nordthueringen.example"
WEBSITE = "www.nordthueringen.example"


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append((self.headers.get("Host"), self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's signature
        pass


@pytest.fixture
def purged(settings, monkeypatch):
    """``(Host, path)`` of every PURGE the cache received, in order."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    settings.WAGTAILAPI_BASE_URL = f"https://{CMS}"
    yield server.purged
    server.shutdown()
    server.server_close()


@pytest.fixture
def frontends(db):
    FrontEnd.objects.create(name="website", base_url=f"https://{WEBSITE}", is_default=True)
    FrontEnd.objects.create(name="app", base_url="nordthueringen://")


def api(path: str) -> tuple[str, str]:
    return (CMS, f"/api/v1/{path}")


def test_publishing_purges_absolute_api_and_front_end_urls(
    home, event, frontends, purged, django_capture_on_commit_callbacks
):
    purged.clear()
    event.title = "Regionalforum 2026"
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    received = set(purged)
    assert received, "no PURGE reached the cache"
    assert all(host in (CMS, WEBSITE) for host, _path in received), received
    assert {
        api(f"pages/{event.pk}/"),
        api(f"pages/{event.pk}/?locale=de"),
        api(f"pages/{event.pk}/?frontend=website"),
        # Find by path as the TypeScript client spells it (URLSearchParams), and plainly.
        api("pages/find/?path=%2Fregionalforum%2F&locale=de"),
        api("pages/find/?path=%2Fregionalforum%2F&locale=de&frontend=website"),
        api("pages/find/?path=/regionalforum/&locale=de"),
        api("pages/find/?path=/regionalforum/"),
        # The listings it appears in.
        api("pages/"),
        api("pages/?locale=de"),
        api("pages/?type=event"),
        api("pages/?type=event&locale=de"),
        api(f"pages/?parent={home.pk}&locale=de"),
        # The page on the website (the app has no shared cache).
        (WEBSITE, "/de/regionalforum/"),
    } <= received


def test_a_publish_purges_in_the_purge_task_once_per_url(
    home, event, frontends, purged, monkeypatch, django_capture_on_commit_callbacks
):
    """Issue 18 under load: the purge task handed its URLs to Wagtail's purge, which enqueued a
    second task on the default queue, behind search indexing (up to 1.3 s); and each of a
    publish's three events purged the same URLs again."""
    handed_on = []  # Wagtail's own page_published handler still hands it the page's URL
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.utils.purge_urls_from_cache",
        lambda urls, *args, **kwargs: handed_on.extend(urls),
    )
    purged.clear()
    event.title = "Regionalforum 2027"
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    assert purged.count(api(f"pages/{event.pk}/")) == 1, purged
    assert len(purged) == len(set(purged)), purged
    assert not [url for url in handed_on if "/api/" in url], handed_on


def test_a_translation_purges_the_whole_groups_urls_in_each_locale(
    home, english_home, event, frontends, purged, django_capture_on_commit_callbacks
):
    english = event.copy_for_translation(english_home.locale)
    english.slug = "regional-forum"
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)
    purged.clear()
    english.title = "Regional Forum"
    with django_capture_on_commit_callbacks(execute=True):
        publish(english)
    received = set(purged)
    assert {
        api(f"pages/{english.pk}/"),
        # The German page's id asked for in English answers the translation.
        api(f"pages/{event.pk}/?locale=en"),
        # Each translation lists the others (their sync state, their URLs).
        api(f"pages/{event.pk}/"),
        api("pages/find/?path=%2Fregional-forum%2F&locale=en"),
        api("pages/find/?path=%2Fregionalforum%2F&locale=en"),
        api("pages/?type=event&locale=en"),
        api(f"pages/?parent={english_home.pk}&locale=en"),
        (WEBSITE, "/en/regional-forum/"),
        (WEBSITE, "/de/regionalforum/"),
    } <= received


def test_moving_purges_the_old_path_and_the_old_parents_listing(
    home, event, frontends, purged, django_capture_on_commit_callbacks
):
    child = publish(
        event.add_child(
            instance=EventPage(title="Anmeldung", slug="anmeldung", start=datetime.date(2026, 5, 4))
        )
    )
    archive = publish(
        home.add_child(
            instance=EventPage(title="Archiv", slug="archiv", start=datetime.date(2020, 1, 1))
        )
    )
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.move(archive, pos="last-child")
    received = set(purged)
    assert {
        (WEBSITE, "/de/regionalforum/"),
        (WEBSITE, "/de/archiv/regionalforum/"),
        api("pages/find/?path=%2Fregionalforum%2F&locale=de"),
        api("pages/find/?path=%2Farchiv%2Fregionalforum%2F&locale=de"),
        api(f"pages/?parent={home.pk}&locale=de"),
        api(f"pages/?parent={archive.pk}&locale=de"),
        # The child moved along: its old and new path, its detail (whose path changed).
        (WEBSITE, "/de/regionalforum/anmeldung/"),
        (WEBSITE, "/de/archiv/regionalforum/anmeldung/"),
        api(f"pages/{child.pk}/"),
    } <= received


def test_renaming_purges_the_old_path(
    home, event, frontends, purged, django_capture_on_commit_callbacks
):
    purged.clear()
    event.slug = "regionalforum-2026"
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    received = set(purged)
    assert {
        (WEBSITE, "/de/regionalforum/"),
        (WEBSITE, "/de/regionalforum-2026/"),
        api("pages/find/?path=%2Fregionalforum%2F&locale=de"),
        api("pages/find/?path=%2Fregionalforum-2026%2F&locale=de"),
    } <= received


def test_deleting_purges_the_pages_urls(
    home, event, frontends, purged, django_capture_on_commit_callbacks
):
    pk = event.pk
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the feed purges after the commit
        event.delete()
    received = set(purged)
    assert {
        api(f"pages/{pk}/"),
        api("pages/find/?path=%2Fregionalforum%2F&locale=de"),
        api("pages/?type=event&locale=de"),
        (WEBSITE, "/de/regionalforum/"),
    } <= received


def test_restricting_a_page_purges_its_subpages(
    home, event, frontends, purged, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    child = publish(
        event.add_child(
            instance=EventPage(title="Anmeldung", slug="anmeldung", start=datetime.date(2026, 5, 4))
        )
    )
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=event, restriction_type="login")
    received = set(purged)
    assert {
        api(f"pages/{event.pk}/"),
        # The restriction hides the subpages too: their detail, find-by-path and website URL.
        api(f"pages/{child.pk}/"),
        api(f"pages/{child.pk}/?locale=de"),
        api("pages/find/?path=%2Fregionalforum%2Fanmeldung%2F&locale=de"),
        (WEBSITE, "/de/regionalforum/anmeldung/"),
    } <= received


def test_media_and_snippet_changes_purge_absolute_urls(
    home, english_home, frontends, purged, django_capture_on_commit_callbacks
):
    """Media and snippet URLs were relative: the purge task failed (``Host: None``)."""
    from cms.models import DocumentText, ImageText
    from tests.api.conftest import make_document, make_image
    from tests.plugins.events.models import Venue

    image, document = make_image(), make_document()
    venue = Venue.objects.create(name="Kulturhaus", locale=home.locale)
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ImageText.objects.create(image=image, locale=english_home.locale, title="Kyffhaeuser")
        DocumentText.objects.create(
            document=document, locale=english_home.locale, title="Declaration"
        )
        venue.name = "Kulturhaus Sondershausen"
        venue.save()
    received = set(purged)
    assert {
        api("images/"),
        api(f"images/{image.pk}/"),
        api(f"images/{image.pk}/?locale=en"),
        api("documents/?locale=en"),
        api(f"documents/{document.pk}/"),
        api("snippets/venue/"),
        api(f"snippets/venue/{venue.pk}/"),
        api(f"snippets/venue/{venue.pk}/?locale=de"),
    } <= received


def test_purges_have_a_queue_of_their_own_that_the_indexing_worker_leaves_alone(settings):
    """A publish must not wait behind search indexing: purges go to the ``purges`` queue, which
    the stack's task worker excludes and its purge worker alone takes (bin/stack)."""
    from django_tasks import task_backends

    from cms.delivery.purge import PURGE_QUEUE, purge_event_task
    from search.tasks import index_page_task

    assert purge_event_task.queue_name == PURGE_QUEUE == "purges"
    assert index_page_task.queue_name == "default"
    assert {"default", PURGE_QUEUE} <= task_backends["default"].queues
    stack = (Path(__file__).resolve().parents[2] / "bin" / "stack").read_text()
    assert "--queue-name '*' --exclude-queues purges" in stack
    assert "db_worker --no-reload --interval 0.2 --queue-name purges" in stack
