"""Signal wiring: publish indexes a page (as a task), unpublish and delete remove it at once."""

from __future__ import annotations

from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing


def _on_published(sender, instance, **kwargs) -> None:
    from search.tasks import index_page_task

    index_page_task.enqueue(instance.pk)


def _on_unpublished(sender, instance, **kwargs) -> None:
    # Synchronous: the page must leave the results with this request, not some time later.
    indexing.remove_page(instance.pk)


def _on_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.pk is not None:
        indexing.remove_page(instance.pk)


def _on_moved(sender, instance, **kwargs) -> None:
    """Paths of the page and its descendants changed."""
    indexing.index_subtree(instance)


def _on_restriction_changed(sender, instance, origin=None, **kwargs) -> None:
    origin_model = type(origin) if isinstance(origin, Model) else getattr(origin, "model", None)
    if origin_model is not None and issubclass(origin_model, Page):
        return  # the page itself is being deleted: _on_page_deleted takes it out
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.index_subtree(page)


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


def connect() -> None:
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
    document = get_document_model()
    pre_save.connect(_on_document_pre_save, sender=document, dispatch_uid="cms_search_doc_pre")
    post_save.connect(_on_document_saved, sender=document, dispatch_uid="cms_search_doc_saved")
