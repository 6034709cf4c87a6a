"""Signal wiring: publish indexes a page (as a task), unpublish and delete remove it at once.

A page's search document also holds text of what it links to (partner names, image captions, a
PDF's text), but only where the anonymous reader may see the linked object. So whenever an
object's visibility changes (a page published, unpublished, moved or restricted; a collection
restricted, opened or moved; an image or document moved to another collection), the pages that
reference it are indexed again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing


def _on_published(sender, instance, **kwargs) -> None:
    from search.tasks import index_page_task

    index_page_task.enqueue(instance.pk)
    indexing.index_pages_referencing(Page, [instance.pk])


def _on_unpublished(sender, instance, **kwargs) -> None:
    # Synchronous: the page must leave the results with this request, not some time later.
    indexing.remove_page(instance.pk)
    indexing.index_pages_referencing(Page, [instance.pk])


def _on_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.pk is not None:
        indexing.remove_page(instance.pk)


def _subtree_changed(page: Page) -> None:
    """A subtree's visibility may have changed: it and the pages referencing it."""
    indexing.index_subtree(page)
    subtree = page.get_descendants(inclusive=True).values_list("pk", flat=True)
    indexing.index_pages_referencing(Page, list(subtree))


def _on_moved(sender, instance, **kwargs) -> None:
    """Paths of the page and its descendants changed (possibly into or out of a restriction)."""
    _subtree_changed(instance)


def _on_restriction_changed(sender, instance, origin=None, **kwargs) -> None:
    origin_model = type(origin) if isinstance(origin, Model) else getattr(origin, "model", None)
    if origin_model is not None and issubclass(origin_model, Page):
        return  # the page itself is being deleted: _on_page_deleted takes it out
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _subtree_changed(page)


def _on_collection_restriction_changed(sender, instance, **kwargs) -> None:
    """Media of the collection and its children became hidden or visible."""
    _reindex_collection_media(instance.collection_id)


def _reindex_collection_media(collection_id: int) -> None:
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return
    collections = collection.get_descendants(inclusive=True)
    for model in (get_image_model(), get_document_model()):
        pks = model.objects.filter(collection__in=collections).values_list("pk", flat=True)
        indexing.index_pages_referencing(model, list(pks))


def _on_collection_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A collection saved may be about to move (the admin saves it, then moves it below another
    parent, possibly a restricted one): once committed, the pages showing its media (and its
    subcollections') are reindexed under their visibility then."""
    if created or raw:
        return
    transaction.on_commit(lambda: _reindex_collection_media(instance.pk), robust=True)


def _on_media_pre_save(sender, instance, **kwargs) -> None:
    """Remember whether an image or document moves to another collection."""
    if kwargs.get("raw") or instance.pk is None:
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("collection_id", flat=True)
    instance._search_collection_changed = previous.first() != instance.collection_id


def _on_media_saved(sender, instance, created, **kwargs) -> None:
    if not created and getattr(instance, "_search_collection_changed", False):
        indexing.index_pages_referencing(sender, [instance.pk])


def _on_document_pre_save(sender, instance, **kwargs) -> None:
    """A replaced file needs its text extracted again."""
    from cms.models import TextExtraction

    if kwargs.get("raw") or instance.pk is None:
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if previous is not None and previous != instance.file.name:
        instance.text_extraction = TextExtraction.PENDING


def _on_document_saved(sender, instance, created, **kwargs) -> None:
    from cms.models import TextExtraction
    from search.tasks import extract_document_task

    if kwargs.get("raw"):
        return
    if created or instance.text_extraction == TextExtraction.PENDING:
        extract_document_task.enqueue(instance.pk)


def _on_media_text_saved(sender, instance, **kwargs) -> None:
    """An image's or document's texts in another locale changed: the pages showing it."""
    from wagtail.images import get_image_model

    if kwargs.get("raw"):
        return
    if hasattr(instance, "image_id"):
        indexing.index_pages_referencing(get_image_model(), [instance.image_id])
    else:
        indexing.index_pages_referencing(get_document_model(), [instance.document_id])


def connect() -> None:
    """Connect the receivers that reindex on publish, unpublish, delete and move of pages, on page
    and collection view restrictions, and on image, document and media-text changes that alter
    what a page shows. Called from ``SearchConfig.ready``; idempotent (``dispatch_uid``).
    """
    page_published.connect(_on_published, dispatch_uid="cms_search_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="cms_search_unpublished")
    post_delete.connect(_on_page_deleted, dispatch_uid="cms_search_page_deleted")
    post_page_move.connect(_on_moved, dispatch_uid="cms_search_moved")
    post_save.connect(
        _on_restriction_changed, sender=PageViewRestriction, dispatch_uid="cms_search_restr"
    )
    post_delete.connect(
        _on_restriction_changed, sender=PageViewRestriction, dispatch_uid="cms_search_restr_d"
    )
    post_save.connect(
        _on_collection_restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="cms_search_coll_restr",
    )
    post_delete.connect(
        _on_collection_restriction_changed,
        sender=CollectionViewRestriction,
        dispatch_uid="cms_search_coll_restr_d",
    )
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    post_save.connect(_on_collection_saved, sender=Collection, dispatch_uid="cms_search_coll")
    for model in (get_image_model(), get_document_model()):
        uid = model._meta.label_lower
        pre_save.connect(_on_media_pre_save, sender=model, dispatch_uid=f"cms_search_pre_{uid}")
        post_save.connect(_on_media_saved, sender=model, dispatch_uid=f"cms_search_saved_{uid}")
    from cms.models import DocumentText, ImageText

    for model in (ImageText, DocumentText):
        uid = model._meta.label_lower
        post_save.connect(_on_media_text_saved, sender=model, dispatch_uid=f"cms_search_{uid}")
        post_delete.connect(_on_media_text_saved, sender=model, dispatch_uid=f"cms_search_d_{uid}")
    document = get_document_model()
    pre_save.connect(_on_document_pre_save, sender=document, dispatch_uid="cms_search_doc_pre")
    post_save.connect(_on_document_saved, sender=document, dispatch_uid="cms_search_doc_saved")
