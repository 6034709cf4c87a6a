"""File facts of documents, computed from the file itself, never typed by editors.

``compute_file_facts`` fills a :class:`cms.models.CmsDocument`'s ``mime_type`` (from the file's
content through ``filetype``, which Wagtail already depends on; the name's extension only as a
fallback), ``page_count`` (PDF only, through ``pypdf``) and Wagtail's ``file_size``/``file_hash``.
It runs on every save that brings a new file. Text extraction is the search plugin's business.
"""

from __future__ import annotations

import logging
import mimetypes

import filetype
from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)

PDF = "application/pdf"
#: filetype reads at most this many bytes; OOXML (DOCX/XLSX) detection needs more than the magic.
HEAD_BYTES = 8192


def detect_mime_type(head: bytes, filename: str) -> str:
    """The MIME type from the content's magic bytes, else from the file name's extension."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    guessed, _encoding = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def pdf_page_count(stream) -> int | None:
    """Number of pages of a PDF, or ``None`` when it cannot be read (broken or encrypted)."""
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        return len(reader.pages)
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        logger.info("PDF page count not readable: %s", exc)
        return None


def compute_file_facts(document) -> None:
    """Set ``mime_type``, ``page_count``, ``file_size`` and ``file_hash`` from the file."""
    if not document.file:
        return
    file = document.file
    file.open("rb")
    try:
        file.seek(0)
        head = file.read(HEAD_BYTES)
        document.mime_type = detect_mime_type(head, file.name)
        file.seek(0)
        document.page_count = pdf_page_count(file) if document.mime_type == PDF else None
        file.seek(0)
        document._set_document_file_metadata()
    finally:
        file.seek(0)


def needs_file_facts(document, update_fields=None) -> bool:
    """On a save that brings a new file (new upload or replaced name) or lacks the facts."""
    if update_fields is not None and "file" not in update_fields:
        return False
    if not document.file:
        return False
    if not getattr(document.file, "_committed", True) or not document.mime_type:
        return True
    if document.pk is None:
        return True
    stored = (
        type(document)
        ._default_manager.filter(pk=document.pk)
        .values_list("file", flat=True)
        .first()
    )
    return stored != document.file.name
