"""Uploads through the admin: good files are stored with their facts, bad ones are refused at once
with a German message, in bounded memory (a decompression bomb is never decoded), leaving nothing
behind. How fast is a benchmark's question, not a test's: wall-clock limits fail on a busy CI."""

from __future__ import annotations

import resource

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.admin import files

MAX_RSS_GROWTH_MB = 150


def post_bounded(client, url, data):
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = client.post(url, data)
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert rss_growth_mb < MAX_RSS_GROWTH_MB, f"memory grew by {rss_growth_mb:.0f} MB"
    return response


def upload_image(client, name, content, description="Ein Windrad vor blauem Himmel"):
    return post_bounded(
        client,
        reverse("wagtailimages:add"),
        {
            "title": "Testbild",
            "description": description,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_document(client, name, content):
    return post_bounded(
        client,
        reverse("wagtaildocs:add"),
        {
            "title": "Testdokument",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def file_errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


# --- images ---------------------------------------------------------------------------------


def test_good_image_is_stored_with_alt_text(admin_client):
    response = upload_image(admin_client, "windrad.png", files.png())
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert image.description == "Ein Windrad vor blauem Himmel"
    assert (image.width, image.height) == (64, 48)


def test_image_without_alt_text_is_refused_in_german(admin_client, nothing_stored):
    response = upload_image(admin_client, "windrad.png", files.png(), description="")
    assert "Alternativtext" in " ".join(response.context["form"].errors["description"])


BAD_IMAGES = [
    pytest.param(
        "bombe.png", files.png_claiming(100_000, 100_000), "zu viele Bildpunkte", id="bomb"
    ),
    pytest.param(
        "riesig.png", files.png_claiming(7_000, 7_000), "zu viele Bildpunkte", id="pixels"
    ),
    pytest.param("foto.png", files.jpeg(), "passt nicht zu ihrer Endung", id="jpeg-as-png"),
    pytest.param("foto.jpg", files.pdf(1), "kein Bild", id="pdf-as-jpg"),
    pytest.param("logo.svg", files.SVG_WITH_SCRIPT, "SVG-Grafiken", id="svg-script"),
    pytest.param("logo.png", files.SVG_WITH_SCRIPT, "kein Bild", id="svg-as-png"),
    pytest.param("kaputt.png", files.png()[:60], "beschädigt", id="truncated"),
    pytest.param("programm.exe", b"MZ\x90\x00", "nicht unterstützt", id="extension"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_IMAGES)
def test_bad_image_is_refused_in_german(admin_client, nothing_stored, name, content, message):
    assert message in file_errors(upload_image(admin_client, name, content))


@pytest.mark.parametrize(("name", "content", "message"), BAD_IMAGES)
def test_bad_image_is_refused_by_the_multiple_uploader(
    admin_client, nothing_stored, name, content, message
):
    response = post_bounded(
        admin_client,
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
    )
    data = response.json()
    assert data["success"] is False
    assert message in data["error_message"]


def test_image_over_the_size_limit_is_refused(admin_client, nothing_stored):
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=10 * 1024 * 1024):
        content = files.png() + b"\0" * (10 * 1024 * 1024)
        errors = file_errors(upload_image(admin_client, "gross.png", content))
    assert "Die Datei ist zu groß" in errors
    assert "10,0" in errors or "10.0" in errors


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("bericht.pdf", files.pdf(3)), ("antrag.docx", files.docx()), ("zahlen.xlsx", files.xlsx())],
)
def test_good_document_is_stored(admin_client, name, content):
    response = upload_document(admin_client, name, content)
    assert response.status_code == 302, response.context["form"].errors
    document = get_document_model().objects.get()
    assert document.file_extension == name.rsplit(".", 1)[1]


BAD_DOCUMENTS = [
    pytest.param("kaputt.pdf", files.BROKEN_PDF, "PDF-Datei kann nicht gelesen", id="broken-pdf"),
    pytest.param("bild.pdf", files.png(), "passt nicht zu ihrer Endung", id="png-as-pdf"),
    pytest.param("brief.docx", files.pdf(1), "passt nicht zu ihrer Endung", id="pdf-as-docx"),
    pytest.param("tabelle.xlsx", files.docx(), "passt nicht zu ihrer Endung", id="docx-as-xlsx"),
    pytest.param("seite.html", b"<script>alert(1)</script>", "nicht unterstützt", id="html"),
    pytest.param("logo.svg", files.SVG_WITH_SCRIPT, "nicht unterstützt", id="svg"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_DOCUMENTS)
def test_bad_document_is_refused_in_german(admin_client, nothing_stored, name, content, message):
    assert message in file_errors(upload_document(admin_client, name, content))


@pytest.mark.parametrize(("name", "content", "message"), BAD_DOCUMENTS)
def test_bad_document_is_refused_by_the_multiple_uploader(
    admin_client, nothing_stored, name, content, message
):
    response = post_bounded(
        admin_client,
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
    )
    data = response.json()
    assert data["success"] is False
    assert message in data["error_message"]


def test_document_over_the_size_limit_is_refused(admin_client, nothing_stored):
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024):
        errors = file_errors(upload_document(admin_client, "gross.pdf", files.pdf(20)))
    assert "Die Datei ist zu groß" in errors


def test_the_document_edit_form_shows_the_computed_page_count(admin_client):
    upload_document(admin_client, "bericht.pdf", files.pdf(3))
    document = get_document_model().objects.get()
    assert document.page_count == 3
    response = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    html = response.content.decode()
    assert "Dateiangaben" in html
    assert "PDF, 3 Seiten" in html
