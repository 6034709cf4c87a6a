"""Signal wiring that is not a change the API serves: a document's file needs its text extracted.

Indexing follows the change feed (:mod:`search.feed`); this module only starts the PDF text
extraction (a task) when a document is uploaded or its file replaced. The extracted text reaches
the index through the pages that show the document, and only while the anonymous reader may see
it (a document in a restricted collection adds nothing to a page's search document:
:func:`search.indexing.build_document`).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model


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


def _on_search_document_deleted(sender, instance, **kwargs) -> None:
    """However a search document goes (taken out by the indexing, or with its page, whose
    deletion cascades before the change feed reaches the search), its terms leave the stored
    vocabulary in the same transaction (:func:`search.terms.forget`)."""
    from search import terms

    terms.forget(instance)


def connect() -> None:
    """Connect the receivers that extract a document's text when its file is new or replaced,
    and the one that keeps the stored vocabulary in step with deleted search documents.
    Called from ``SearchConfig.ready``; idempotent (``dispatch_uid``).
    """
    from search.models import SearchDocument

    post_delete.connect(
        _on_search_document_deleted, sender=SearchDocument, dispatch_uid="cms_search_forget"
    )
    document = get_document_model()
    pre_save.connect(_on_document_pre_save, sender=document, dispatch_uid="cms_search_doc_pre")
    post_save.connect(_on_document_saved, sender=document, dispatch_uid="cms_search_doc_saved")
