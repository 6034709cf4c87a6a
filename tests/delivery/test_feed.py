"""The change feed: one event per change the API serves, in the change's transaction, numbered in
commit order (also with concurrent transactions), and consumers that never undo a change."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from cms.api.models import ContentGeneration
from cms.delivery import feed
from cms.delivery.models import ChangeEvent
from tests.api.conftest import make_document, make_image, publish
from tests.plugins.events.models import EventPage, Venue


def _events_since(seq: int) -> list[ChangeEvent]:
    return list(ChangeEvent.objects.filter(seq__gt=seq).order_by("seq"))


def _child(parent, slug: str) -> EventPage:
    return parent.add_child(
        instance=EventPage(
            title=slug.title(), slug=slug, start=datetime.date(2026, 5, 1), locale=parent.locale
        )
    )


def test_events_are_written_in_the_transaction_of_the_change(home):
    before, generation = feed.current_seq(), ContentGeneration.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(_child(home, "verworfen"))
        assert _events_since(before)  # written with the change ...
        raise RuntimeError
    assert _events_since(before) == []  # ... and gone with it
    assert ContentGeneration.current() == generation
    page = publish(_child(home, "forum"))
    events = _events_since(before)
    assert any(e.object_type == "page" and e.object_id == page.pk for e in events)
    assert [e.seq for e in events] == list(range(before + 1, before + 1 + len(events)))
    assert ContentGeneration.current() != generation


def _kinds(events) -> set[tuple[str, str]]:
    return {(e.object_type, e.action) for e in events}


CHANGES = [
    "published", "unpublished", "moved", "renamed", "deleted", "restricted", "unrestricted",
    "translation_published", "snippet", "image", "document", "collection", "locale_added",
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_the_api_serves_is_recorded(home, english_home, change):
    page = publish(_child(home, "forum"))
    other = publish(_child(home, "messe"))
    image, document = make_image(), make_document()
    venue = Venue.objects.create(name="Theater", locale=home.locale)
    before = feed.current_seq()
    expected = ("page", "upsert")
    if change == "published":
        page.title = "Forum 2026"
        publish(page)
    elif change == "unpublished":
        page.unpublish()
    elif change == "moved":
        page.move(other, pos="last-child")
    elif change == "renamed":
        page.slug = "regionalforum"
        publish(page)
    elif change == "deleted":
        page.delete()
        expected = ("page", "delete")
    elif change == "restricted":
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    elif change == "unrestricted":
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
        before = feed.current_seq()
        restriction.delete()
    elif change == "translation_published":
        publish(page.copy_for_translation(english_home.locale))
    elif change == "snippet":
        venue.name = "Theater Nordhausen"
        venue.save()
        expected = ("venue", "upsert")
    elif change == "image":
        image.title = "Neu"
        image.save()
        expected = ("image", "upsert")
    elif change == "document":
        document.delete()
        expected = ("document", "delete")
    elif change == "collection":
        secret = Collection.get_first_root_node().add_child(name="Intern")
        before = feed.current_seq()
        CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
        expected = ("collection", "upsert")
    else:
        Locale.objects.create(language_code="fr")
        expected = ("locale", "upsert")
    events = _events_since(before)
    assert expected in _kinds(events), (change, _kinds(events))
    if change in ("moved", "renamed", "restricted", "unrestricted"):
        assert any(e.subtree and e.object_id == page.pk for e in events)
    if change == "translation_published":
        assert any(e.locale == "en" and e.translation_key == page.translation_key for e in events)


def test_moved_and_renamed_pages_name_their_old_paths(home):
    page, other = publish(_child(home, "forum")), publish(_child(home, "messe"))
    before = feed.current_seq()
    page.slug = "regionalforum"
    publish(page)
    page.refresh_from_db()
    page.move(other, pos="last-child")
    # Absolute, as the purge needs them (cms.delivery.purge.purge_urls_for_page).
    origin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    urls = {url.removeprefix(origin) for e in _events_since(before) for url in e.urls}
    assert "/api/v1/pages/find/?path=/forum/&locale=de" in urls
    assert "/api/v1/pages/find/?path=/regionalforum/&locale=de" in urls
    assert "/api/v1/pages/find/?path=/messe/regionalforum/&locale=de" in urls
    assert "/api/v1/pages/?locale=de" in urls


class FailingBackend(BaseBackend):
    def purge(self, url):
        raise ConnectionError("CDN down")


def test_a_failing_purge_never_undoes_a_publish(home, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.delivery.test_feed.FailingBackend"}}
    before = feed.current_seq()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = publish(_child(home, "forum"))
    assert callbacks  # the purge ran after the commit, and failed
    page.refresh_from_db()
    assert page.live and _events_since(before)


def test_commit_order_is_sequence_order_with_concurrent_transactions(shared_database):
    """Transaction A records a change and stays open; B records one too. B must not get its
    number (nor commit) before A commits: a reader holding a token from while A was open would
    otherwise skip A's lower number once B's higher one is visible."""
    start = feed.current_seq()
    a_recorded, a_release, b_done = threading.Event(), threading.Event(), threading.Event()
    seqs: dict[str, int] = {}
    errors: list[BaseException] = []

    def run(name: str, before_commit) -> None:
        try:
            with transaction.atomic():
                seqs[name] = feed.record("site", None).seq
                before_commit()
            if name == "b":
                b_done.set()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    a = threading.Thread(target=run, args=("a", lambda: (a_recorded.set(), a_release.wait(30))))
    a.start()
    assert a_recorded.wait(30)
    b = threading.Thread(target=run, args=("b", lambda: None))
    b.start()
    b_done.wait(1.5)
    try:
        assert not b_done.is_set(), "B committed while A, which recorded first, was still open"
        assert "b" not in seqs  # B waits for its number
        # A reader now sees neither: its token stays before both.
        assert feed.current_seq() == start and _events_since(start) == []
    finally:
        a_release.set()
        a.join(30)
        b.join(30)
    assert not errors, errors
    assert seqs == {"a": start + 1, "b": start + 2}
    assert [e.seq for e in _events_since(start)] == [start + 1, start + 2]
    assert feed.current_seq() == start + 2
