"""Search indexing driven by the change feed: the plugin's feed consumer.

The core records every change the API serves as a ``cms.ChangeEvent`` in the transaction of the
change and hands each one, after the commit, to the consumers plugins name in
``Plugin.feed_consumers`` (``search.apps``). :func:`on_change` maps an event to indexing work;
the plugin listens to no page, restriction, collection or media signal of its own (the PDF text
extraction in :mod:`search.signals` is derived data of a document file, not a change the API
serves).

What each event does (the timing is the old signal handlers'):

- a page saved or published that is searchable: indexed by a task (``index_page_task``, the
  worker's, which skips the work when a later event of the page is already in the feed); one that no longer is (unpublished, restricted, moved below a restricted page, of
  a type that is not searchable) leaves the results at once, in this request;
- a page event that reaches the subtree (a move, a new slug, a view restriction added, changed
  or lifted): the page and every descendant at once, since the visibility of all of them may
  have changed;
- a page deleted: removed at once;
- whatever may show text of another object (a page, an image, a document, a snippet) is indexed
  again at once when that object changes: a page's search document holds the text of what it
  links to only while the anonymous reader may see it (:func:`search.indexing.build_document`),
  so an object that is unpublished, restricted or moved into a restricted collection must take
  its text out of the pages showing it with the change;
- a collection saved, moved or restricted: the pages showing its media or its subcollections';
- locales, sites, front ends, redirects, groups and translation-state events: nothing (a search
  document holds what the anonymous reader sees of one page, none of these changes it).

A consumer runs in the editor's request after the commit; an error here is logged by the feed
(``cms.delivery.consumers``) and never undoes the change. A search backend that fails is
recorded as an ``IndexingFailure`` and retried (:mod:`search.indexing`).
"""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from cms.plugin import registry
from search import indexing
from search.models import SearchDocument

__all__ = ["on_change", "reindex_collection_media", "superseded"]

DELETE = "delete"


def on_change(event) -> None:
    """Feed consumer (``Plugin.feed_consumers``): bring the search index in step with ``event``.

    ``event`` is a ``cms.ChangeEvent`` (read: ``object_type``, ``object_id``, ``action``,
    ``subtree``). Backend errors are recorded and retried, not raised; anything else that raises
    is logged by the feed with the event's ``seq``.
    """
    kind, pk = event.object_type, event.object_id
    if pk is None:  # a translation group's sync state, an unnamed change: no page text changes
        return
    if superseded(event):
        return
    if kind == "page":
        _page_changed(event, pk, deleted=event.action == DELETE, subtree=event.subtree)
    elif kind in ("image", "document"):
        model = get_image_model() if kind == "image" else get_document_model()
        indexing.index_pages_referencing(model, [pk])
    elif kind == "collection":
        reindex_collection_media(pk)
    else:
        content_type = registry.by_api_name(kind)
        if content_type is not None and content_type.kind == "snippet":
            indexing.index_pages_referencing(content_type.get_model(), [pk])


def superseded(event) -> bool:
    """A later committed event names the same object and reaches at least as far (the same
    ``object_type`` and ``object_id``; a subtree too if this one does): its own turn (every event
    reaches the consumers after its commit) does this work again, so this one is skipped. A
    publish records several events of its page (the revision's save, the page's save,
    ``page_published``): the page is indexed once. One query over the events after this one.
    """
    return event.later_events().exists()


def _page_changed(event, page_id: int, *, deleted: bool, subtree: bool) -> None:
    """One page event: the page (or its subtree), then the pages that show its text."""
    from search.tasks import index_page_task

    page = None if deleted else Page.objects.filter(pk=page_id).first()
    if page is None:
        indexing.remove_page(page_id)
    elif subtree:
        indexing.index_subtree(page)
        subtree_ids = page.get_descendants(inclusive=True).values_list("pk", flat=True)
        indexing.index_pages_referencing(Page, list(subtree_ids))
        return
    elif indexing.is_searchable(page.specific):
        index_page_task.enqueue(page_id, seq=event.seq)
    elif SearchDocument.objects.filter(page_id=page_id).exists():
        # Synchronous: an unpublished or newly hidden page leaves the results with this request.
        indexing.remove_page(page_id)
    indexing.index_pages_referencing(Page, [page_id])


def reindex_collection_media(collection_id: int) -> None:
    """Reindex the pages showing an image or document of the collection or a subcollection (its
    restriction, its place in the tree or a restriction above it changed); nothing if the
    collection no longer exists (Wagtail deletes only empty collections).
    """
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return
    collections = collection.get_descendants(inclusive=True)
    for model in (get_image_model(), get_document_model()):
        pks = model.objects.filter(collection__in=collections).values_list("pk", flat=True)
        indexing.index_pages_referencing(model, list(pks))
