"""The change feed drives search indexing (``search.feed.on_change``, a ``Plugin.feed_consumers``
entry): a change the feed records updates the index also when no Wagtail signal announced it,
every kind of change the feed names reaches the pages showing it, and a failing indexer never
undoes the change."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from cms.delivery import feed
from cms.delivery.models import ChangeEvent
from cms.plugin.registry import registry
from search.models import IndexingFailure, SearchDocument
from tests.search.conftest import add_project

pytestmark = pytest.mark.django_db


def _indexed(page) -> bool:
    return SearchDocument.objects.filter(page_id=page.pk).exists()


def _text(page) -> str:
    document = SearchDocument.objects.get(page_id=page.pk)
    return " ".join((document.title, document.teaser, document.body, document.extra))


def _hits(client, q: str) -> list[int]:
    response = client.get("/api/v1/search/", {"q": q, "locale": "de"})
    assert response.status_code == 200, response.content
    return [hit["id"] for hit in response.json()["results"]]


def test_the_search_plugin_is_a_feed_consumer_and_has_no_page_signals_of_its_own():
    from django.db.models.signals import post_delete
    from django.dispatch.dispatcher import _make_id
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from search.models import SearchDocument

    assert "search.feed.on_change" in registry.get("cms_search").feed_consumers
    # Receivers are keyed (dispatch_uid, id of the sender); the plugin's own search documents
    # may keep its stored vocabulary in step (search.signals), nothing else.
    own = _make_id(SearchDocument)
    for signal in (page_published, page_unpublished, post_page_move, post_delete):
        keys = [entry[0] for entry in signal.receivers]
        assert not [k for k in keys if "cms_search" in str(k[0]) and k[1] != own], keys


def test_a_restriction_recorded_only_through_the_feed_takes_the_subtree_out(project_index):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    assert _indexed(page)
    # A write path that sends no signal (a bulk insert) and records its change in the feed itself.
    with transaction.atomic():
        PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page=project_index, restriction_type=PageViewRestriction.LOGIN)]
        )
        feed.record_page(project_index, subtree=True)
        assert _indexed(page)  # consumers run after the commit only
    assert not _indexed(page)

    with transaction.atomic():
        PageViewRestriction.objects.filter(page=project_index).delete()
        feed.record_page(project_index, subtree=True)
    assert _indexed(page)


def test_a_page_change_recorded_only_through_the_feed_is_indexed(project_index):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    Page.objects.filter(pk=page.pk).update(title="Kyffhäuser-Radweg")  # no signal
    assert "Kyffhäuser" not in _text(page)
    feed.record("page", page.pk)
    assert "Kyffhäuser" in _text(page)

    Page.objects.filter(pk=page.pk).update(live=False)  # unpublished behind Wagtail's back
    feed.record("page", page.pk)
    assert not _indexed(page)


def test_a_rolled_back_change_does_not_touch_the_index(project_index):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    with pytest.raises(RuntimeError), transaction.atomic():
        page.unpublish()
        raise RuntimeError("the editor's request fails")
    assert Page.objects.get(pk=page.pk).live
    assert _indexed(page)


def test_a_snippet_edit_reindexes_the_pages_showing_it(client, project_index, topics):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    page.topics.add(topics["energie"])
    page.save_revision().publish()
    assert _hits(client, "Wasserstoffregion") == []

    topic = topics["energie"]
    topic.name = "Wasserstoffregion"
    topic.save()
    assert ChangeEvent.objects.filter(object_type="topic", object_id=topic.pk).exists()
    assert _hits(client, "Wasserstoffregion") == [page.pk]


def test_an_image_caption_edit_reindexes_the_pages_showing_it(project_index):
    from cms.plugin.demo import ensure_image

    image, _created = ensure_image("Bild", alt="Alt", caption="Kranichzug", size=(64, 36))
    page = add_project(
        project_index,
        "Radwege",
        "Ein offenes Projekt.",
        [("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})],
    )
    assert "Kranichzug" in _text(page)
    image = get_image_model().objects.get(pk=image.pk)
    image.caption = "Wildkatzenpfad"
    image.save()
    assert "Wildkatzenpfad" in _text(page)


def test_moving_a_page_below_a_restricted_page_and_back(home, project_index):
    from projekte.models import ProjectIndexPage

    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    closed = ProjectIndexPage(title="Intern", slug="intern")
    home.add_child(instance=closed)
    closed.save_revision().publish()
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)

    Page.objects.get(pk=page.pk).move(Page.objects.get(pk=closed.pk), pos="last-child")
    assert not _indexed(page)
    Page.objects.get(pk=page.pk).move(Page.objects.get(pk=project_index.pk), pos="last-child")
    assert _indexed(page)


def test_deleting_a_page_takes_it_out(project_index):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    page_id = page.pk
    project_index.delete()
    assert not SearchDocument.objects.filter(page_id=page_id).exists()


@pytest.fixture
def builds(monkeypatch):
    """The page ids search documents are built for, in order."""
    from search import indexing

    built: list[int] = []
    original = indexing.build_document

    def counting(page, view=None):
        built.append(page.pk)
        return original(page, view)

    monkeypatch.setattr(indexing, "build_document", counting)
    return built


def test_events_of_one_page_in_one_transaction_index_it_once(project_index, builds):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    builds.clear()
    with transaction.atomic():
        Page.objects.filter(pk=page.pk).update(title="Kyffhäuser-Radweg")
        feed.record("page", page.pk)
        feed.record("page", page.pk)
    assert builds == [page.pk]
    assert "Kyffhäuser" in _text(page)


def test_a_worker_behind_the_feed_builds_a_page_once_per_burst(project_index, builds):
    """A publish records several events of its page, each in its own transaction; a worker that
    finds a later event of the page in the feed leaves the build to that event's task."""
    from search.tasks import index_page_task

    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    before = feed.current_seq()
    page.title = "Kyffhäuser-Radweg"
    page.save_revision().publish()
    seqs = list(
        ChangeEvent.objects.filter(object_type="page", object_id=page.pk, seq__gt=before)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert len(seqs) >= 2  # what makes skipping worth it
    builds.clear()
    for seq in seqs:  # the queued tasks, run by a worker that got to them only now
        assert index_page_task.call(page.pk, seq=seq)
    assert builds == [page.pk]
    assert "Kyffhäuser" in _text(page)


def test_a_failing_indexer_never_undoes_a_publish(project_index, monkeypatch, caplog):
    from search import indexing

    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")

    def broken(*args, **kwargs):
        raise RuntimeError("indexer down")

    with monkeypatch.context() as broken_indexer:
        broken_indexer.setattr(indexing, "build_document", broken)  # fails in the task
        broken_indexer.setattr(indexing, "pages_referencing", broken)  # fails in the consumer
        page.title = "Kyffhäuser-Radweg"
        with caplog.at_level(logging.ERROR):
            page.save_revision().publish()
    stored = Page.objects.get(pk=page.pk)
    assert stored.title == "Kyffhäuser-Radweg" and stored.live
    assert ChangeEvent.objects.filter(object_type="page", object_id=page.pk).exists()
    assert "search.feed.on_change failed" in caplog.text

    # The indexer is back: the next change of the page indexes it.
    stored.specific.save_revision().publish()
    assert "Kyffhäuser" in _text(page)


def test_an_unreachable_engine_is_recorded_and_never_undoes_a_publish(project_index, settings):
    page = add_project(project_index, "Radwege im Helmetal", "Ein offenes Projekt.")
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "engine": {
            "BACKEND": "search.backends.opensearch2",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "test_unreachable_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        },
    }
    page.title = "Kyffhäuser-Radweg"
    page.save_revision().publish()
    assert Page.objects.get(pk=page.pk).title == "Kyffhäuser-Radweg"
    assert IndexingFailure.objects.filter(page_id=page.pk, backend="engine").exists()
    assert "Kyffhäuser" in _text(page)  # the database index took it
