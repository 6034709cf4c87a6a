"""Fixtures for the API tests: a German home page with an English translation, events, media."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from fpdf import FPDF
from PIL import Image as PILImage
from wagtail.models import Collection, Locale

from cms.models import CmsDocument, CmsImage
from tests.plugins.events.models import EventPage


class ApiClient(Client):
    """A test client whose ``get_json`` asserts the status and returns the decoded body."""

    def get_json(self, url: str, status: int = 200, **kwargs):
        response = self.get(url, **kwargs)
        assert response.status_code == status, (response.status_code, response.content[:500])
        return json.loads(response.content) if response.content else None


@pytest.fixture
def api(db):
    return ApiClient()


def make_image(title: str = "Kyffhäuser", collection: Collection | None = None, **kw) -> CmsImage:
    buffer = io.BytesIO()
    PILImage.new("RGB", kw.pop("size", (2000, 1000)), "green").save(buffer, "JPEG")
    image = CmsImage(
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="kyffhaeuser.jpg"),
        title=title,
        description=kw.pop("description", "Blick auf den Kyffhäuser"),
        caption=kw.pop("caption", "Das Kyffhäuserdenkmal"),
        credit=kw.pop("credit", "Foto: Regionalmanagement"),
        collection=collection or Collection.get_first_root_node(),
        **kw,
    )
    image.save()
    return image


def pdf_bytes(pages: int = 3) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Nordthueringer Erklaerung (Seite {number + 1})")
    return bytes(pdf.output())


def make_document(title: str = "Nordthüringer Erklärung", collection: Collection | None = None):
    content = pdf_bytes()
    document = CmsDocument(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        file_size=len(content),
    )
    document.file.save("erklaerung.pdf", ContentFile(content), save=False)
    document.save()
    return document


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def event(home):
    return publish(
        home.add_child(
            instance=EventPage(
                title="Regionalforum",
                slug="regionalforum",
                start=datetime.date(2026, 5, 12),
                venue="Sondershausen",
                locale=home.locale,
            )
        )
    )


@pytest.fixture
def english_home(home, locales):
    """The English translation of the home page (the home plugin's demo loader makes it)."""
    from home.models import HomePage

    english = HomePage.objects.filter(locale=locales["en"]).first()
    if english is None:
        english = home.copy_for_translation(locales["en"])
        english.title = "Regional Management Northern Thuringia"
        publish(english)
    return english


@pytest.fixture
def image(db):
    return make_image()


@pytest.fixture
def document(db):
    return make_document()


@pytest.fixture
def en(locales) -> Locale:
    return locales["en"]
