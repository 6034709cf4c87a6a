"""PDF text extraction: text, encrypted, image-only and broken files never break an upload."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from wagtail.documents import get_document_model

from cms.models import TextExtraction
from search.tasks import extract_pdf_text

pytestmark = pytest.mark.django_db


def pdf_bytes(text: str | None = "Nordthüringer Erklärung zum Kalibergbau") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="geheim", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, data: bytes):
    Document = get_document_model()
    document = Document(title=name)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    document.refresh_from_db()
    return document


def test_text_is_extracted_on_upload():
    document = upload("erklaerung.pdf", pdf_bytes())
    assert document.text_extraction == TextExtraction.DONE
    assert "Kalibergbau" in document.text_content
    assert document.page_count == 1


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (encrypted(pdf_bytes()), TextExtraction.ENCRYPTED),
        (pdf_bytes(None), TextExtraction.EMPTY),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken", TextExtraction.FAILED),
    ],
)
def test_unreadable_pdfs_are_reported_not_raised(data, status):
    document = upload("problem.pdf", data)
    assert document.text_extraction == status
    assert document.text_content == ""
    assert document.title == "problem.pdf"


def test_extract_pdf_text_never_raises_on_garbage():
    assert extract_pdf_text(b"")[0] == TextExtraction.FAILED
    assert extract_pdf_text(b"not a pdf at all")[0] == TextExtraction.FAILED


def test_replacing_the_file_extracts_again():
    document = upload("a.pdf", pdf_bytes("Erste Fassung"))
    document.file.save("b.pdf", ContentFile(pdf_bytes("Zweite Fassung Radwege")), save=False)
    document.save()
    document.refresh_from_db()
    assert "Radwege" in document.text_content


def test_pdf_text_makes_the_document_page_findable(home):
    from projekte.models import DocumentIndexPage, DocumentPage
    from search import service

    index = DocumentIndexPage(title="Dokumente", slug="dokumente")
    home.add_child(instance=index)
    index.save_revision().publish()
    document = upload(
        "protokoll.pdf", pdf_bytes("Protokoll Zukunftsforum Sollstedt Bergmannsverein")
    )
    page = DocumentPage(
        title="Protokoll",
        document=document,
        kind=DocumentPage._meta.get_field("kind").choices[0][0],
        date=datetime.date(2024, 5, 1),
        summary="Ergebnisse des Forums.",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    assert [r["id"] for r in service.search("Bergmannsvereine", "de", log=False).results] == [
        page.pk
    ]
