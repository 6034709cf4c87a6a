"""File facts (size, MIME type, PDF page count) are computed from the file, never typed."""

import io
import zipfile

from django.core.files.base import ContentFile

from cms.content.documents import detect_mime_type, pdf_page_count
from cms.models import CmsDocument
from tests.projekte import factories


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_pdf_facts_are_computed_on_save(db):
    content = factories.pdf_bytes(pages=3)
    document = factories.make_document(pages=3, content=content)
    document.refresh_from_db()
    assert document.mime_type == "application/pdf"
    assert document.page_count == 3
    assert document.file_size == len(content)
    assert document.file_hash


def test_document_page_exposes_the_facts(sections):
    page = factories.DocumentPageFactory(
        parent=sections["documents"], document=factories.make_document(pages=4)
    )
    assert page.mime_type == "application/pdf"
    assert page.page_count == 4
    assert page.file_size == page.document.file_size > 0


def test_replacing_the_file_recomputes_the_facts(db):
    document = factories.make_document(pages=2)
    document.file.save("neu.pdf", ContentFile(factories.pdf_bytes(pages=5)), save=False)
    document.save()
    document.refresh_from_db()
    assert document.page_count == 5


def test_docx_is_recognised_from_its_content_and_has_no_page_count(db):
    document = factories.make_document(name="konzept.docx", content=docx_bytes())
    assert document.mime_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert document.page_count is None


def test_the_content_wins_over_a_misleading_name():
    assert detect_mime_type(factories.pdf_bytes(), "tabelle.xlsx") == "application/pdf"


def test_an_unreadable_pdf_has_no_page_count(db):
    assert pdf_page_count(io.BytesIO(b"%PDF-1.4 kaputt")) is None
    document = factories.make_document(name="kaputt.pdf", content=b"%PDF-1.4 kaputt")
    assert document.mime_type == "application/pdf"
    assert document.page_count is None


def test_editors_cannot_type_the_facts():
    editable = {f.name for f in CmsDocument._meta.get_fields() if getattr(f, "editable", False)}
    assert not {"mime_type", "page_count"} & editable
    assert "mime_type" not in CmsDocument.admin_form_fields
