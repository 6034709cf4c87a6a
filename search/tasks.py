"""Background tasks (django-tasks): page indexing and PDF text extraction.

PDF extraction never lets a bad file break an upload: encrypted, image-only or unreadable PDFs
keep their metadata in the index, get a status editors can see on the document
(``text_extraction``) and in the search report, and are logged.
"""

from __future__ import annotations

import io
import logging

from django.contrib.contenttypes.models import ContentType
from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index as wagtail_index

from search import indexing

logger = logging.getLogger(__name__)

#: Upper bounds that keep one huge PDF from stalling the worker or bloating the index.
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 1_000_000


@task()
def index_page_task(page_id: int, seq: int | None = None) -> bool:
    """Background task (django-tasks): retry a few recorded failures, then
    :func:`~search.indexing.index_page`. Returns whether every backend took the page (or its
    removal).

    ``seq``: the change-feed event that asked for it. When a later event of the same page is in
    the feed by the time the worker gets here, that event's own work (queued after this) covers
    this one and the page is not built twice: a publish records several events of its page (the
    revision, the page's save, ``page_published``), each in its own transaction.
    """
    if seq is not None and _later_page_event(page_id, seq):
        return True
    indexing.retry_failures_quietly()
    return indexing.index_page(page_id)


def _later_page_event(page_id: int, seq: int) -> bool:
    from cms.models import ChangeEvent

    later = ChangeEvent.objects.filter(seq__gt=seq, object_type="page", object_id=page_id)
    return later.exists()


def extract_pdf_text(data: bytes) -> tuple[str, str, int | None]:
    """``(status, text, page count)`` of a PDF's bytes; never raises."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from cms.models import TextExtraction

    if not data.lstrip()[:5].startswith(b"%PDF"):
        return TextExtraction.FAILED, "", None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return TextExtraction.ENCRYPTED, "", None
            except (PdfReadError, NotImplementedError, ValueError):
                return TextExtraction.ENCRYPTED, "", None
        page_count = len(reader.pages)
        parts: list[str] = []
        size = 0
        for page in list(reader.pages)[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        logger.warning("PDF text extraction failed: %s", exc)
        return TextExtraction.FAILED, "", None
    text = " ".join(" ".join(parts).split())[:MAX_TEXT_CHARS]
    if not text:
        return TextExtraction.EMPTY, "", page_count
    return TextExtraction.DONE, text, page_count


def extract_document(document_id: int) -> str | None:
    """Fill ``text_content``/``text_extraction``/``page_count`` of one document; reindex users."""
    from cms.models import TextExtraction

    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    is_pdf = document.file.name.lower().endswith(".pdf") or (
        getattr(document, "mime_type", "") == "application/pdf"
    )
    if not is_pdf:
        fields = {"text_extraction": TextExtraction.NOT_APPLICABLE, "text_content": ""}
    else:
        try:
            with document.open_file() as handle:
                data = handle.read()
        except OSError as exc:
            logger.warning("Document %s: file cannot be read: %s", document_id, exc)
            status, text, pages = TextExtraction.FAILED, "", None
        else:
            status, text, pages = extract_pdf_text(data)
        fields = {"text_extraction": status, "text_content": text}
        if pages is not None:
            fields["page_count"] = pages
        if status != TextExtraction.DONE:
            logger.warning(
                "Document %s (%s): no text extracted (%s); indexed by its metadata only.",
                document_id,
                document.title,
                status,
            )
    Document.objects.filter(pk=document_id).update(**fields)
    document.refresh_from_db()
    wagtail_index.insert_or_update_object(document)
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    for page_id in {int(p) for p in page_ids}:
        indexing.index_page(page_id)
    return fields["text_extraction"]


@task()
def extract_document_task(document_id: int) -> str | None:
    """Background task (django-tasks) of :func:`extract_document`: returns the document's
    ``text_extraction`` status, or ``None`` when the document no longer exists.
    """
    return extract_document(document_id)
