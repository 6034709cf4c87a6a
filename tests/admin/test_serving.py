"""Documents are served as downloads with a safe content type, never rendered by the browser."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.admin import files


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bericht.pdf", files.pdf(2), "application/pdf"),
        (
            "antrag.docx",
            files.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "zahlen.xlsx",
            files.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_documents_are_served_as_attachments(client, db, name, content, content_type):
    document = get_document_model().objects.create(
        title="Dokument", file=ContentFile(content, name=name)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert document.filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == content


def test_a_document_url_with_the_wrong_filename_is_not_found(client, db):
    document = get_document_model().objects.create(
        title="Dokument", file=ContentFile(files.pdf(1), name="bericht.pdf")
    )
    assert client.get(f"/documents/{document.pk}/anders.html").status_code == 404


def test_documents_in_a_restricted_collection_need_a_login(admin_client):
    from django.test import Client
    from wagtail.models import Collection, CollectionViewRestriction

    internal = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Protokoll intern",
        file=ContentFile(files.pdf(1), name="protokoll.pdf"),
        collection=internal,
    )
    anonymous = Client().get(document.url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert admin_client.get(document.url).status_code == 200
