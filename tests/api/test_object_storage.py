"""Media on S3-compatible object storage (``AWS_STORAGE_BUCKET_NAME``, django-storages' S3Storage)
against a real server (s3proxy, ``bin/object-storage``): uploads through the admin land in the
bucket, the API's rendition and document URLs answer from it, restricted documents are served
only through the CMS's checked view, and readiness follows the storage's outage and recovery
without restarting Django (issue 18)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.admin import files
from tests.api.conftest import pdf_bytes
from tests.services import OwnServer, new_bucket, object_storage_url, s3_client, s3_storages

pytestmark = pytest.mark.object_storage

JSON = {"HTTP_ACCEPT": "application/json"}
PDF = pdf_bytes(1)  # once: each call stamps its own creation time


@pytest.fixture
def s3(settings, monkeypatch):
    """Media on a new bucket of the shared server; yields the endpoint and the bucket."""
    endpoint = object_storage_url()
    bucket = new_bucket(endpoint)
    settings.STORAGES = s3_storages(endpoint, bucket, monkeypatch)
    return endpoint, bucket


def upload(client, collection: Collection):
    """An image and a PDF uploaded through Wagtail's admin forms into ``collection``."""
    image = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Windrad",
            "description": "Ein Windrad vor blauem Himmel",
            "collection": collection.pk,
            "file": SimpleUploadedFile("windrad.png", files.png(640, 480)),
        },
    )
    assert image.status_code == 302, image.content[:500]
    document = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Protokoll",
            "collection": collection.pk,
            "file": SimpleUploadedFile("protokoll.pdf", PDF),
        },
    )
    assert document.status_code == 302, document.content[:500]
    return (
        get_image_model().objects.get(title="Windrad"),
        get_document_model().objects.get(title="Protokoll"),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_uploads_land_in_the_bucket_and_the_api_serves_them_from_it(s3, admin_client, client):
    endpoint, bucket = s3
    image, document = upload(admin_client, Collection.get_first_root_node())
    stored = {o["Key"] for o in s3_client(endpoint).list_objects_v2(Bucket=bucket)["Contents"]}
    assert {image.file.name, document.file.name} <= stored

    data = json.loads(client.get(f"/api/v1/images/{image.pk}/").content)
    assert endpoint not in json.dumps(data)  # every URL goes through the CMS
    rendition_url = data["renditions"][0]["url"]
    rendition = client.get(rendition_url)
    assert rendition.status_code == 200 and body(rendition)[:4] in (b"\x89PNG", b"RIFF")
    stored = {o["Key"] for o in s3_client(endpoint).list_objects_v2(Bucket=bucket)["Contents"]}
    assert any(key.startswith("images/") for key in stored)  # the rendition is on S3 too

    data = json.loads(client.get(f"/api/v1/documents/{document.pk}/").content)
    assert endpoint not in json.dumps(data)
    download = client.get(data["url"])
    assert download.status_code == 200 and body(download) == PDF
    assert download["Content-Disposition"].startswith("attachment")


def test_a_restricted_document_on_s3_is_served_only_through_the_checked_view(
    s3, admin_client, client
):
    endpoint, _bucket = s3
    secret = Collection.get_first_root_node().add_child(name="Vertraulich")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    image, document = upload(admin_client, secret)

    assert client.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/v1/images/{image.pk}/").status_code == 404
    for listing in ("/api/v1/documents/", "/api/v2/documents/", "/api/v2/images/"):
        answer = client.get(listing)
        assert answer.status_code == 200 and endpoint not in answer.content.decode()
        assert "Protokoll" not in answer.content.decode()
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    allowed = admin_client.get(document.url)
    assert allowed.status_code == 200 and body(allowed) == PDF


@pytest.mark.django_db
def test_readiness_follows_an_object_storage_outage_and_recovers_without_a_restart(
    client, settings, monkeypatch, tmp_path
):
    server = OwnServer(
        "object-storage", "OBJECT_STORAGE_PORT", "OBJECT_STORAGE_HOME", tmp_path / "s3"
    )
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{server.port}"
        settings.STORAGES = s3_storages(endpoint, "cms-media", monkeypatch)
        ready = client.get("/health/ready/", **JSON)
        assert ready.status_code == 200 and ready.json()["Storage(alias='default')"] == "OK"

        server.stop()
        down = client.get("/health/ready/", **JSON)
        assert down.status_code == 503
        assert down.json()["Storage(alias='default')"] != "OK"
        assert down.json()["Database(alias='default')"] == "OK"
        assert client.get("/api/v1/pages/").status_code == 200  # answers from the database

        server.start()
        again = client.get("/health/ready/", **JSON)
        assert again.status_code == 200, again.content
        assert again.json()["Storage(alias='default')"] == "OK"
    finally:
        server.stop()
