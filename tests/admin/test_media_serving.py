"""Renditions and media files follow the visibility rule: restricted images never serve anyone
on a permanent URL; readers who may see them get expiring URLs (cms.runtime.media)."""

from __future__ import annotations

import time

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.documents import get_document_model
from wagtail.images.utils import generate_signature
from wagtail.models import Collection, CollectionViewRestriction

from cms.api.models import ApiToken
from cms.runtime import media
from tests.admin import files
from tests.api.conftest import ApiClient, make_image

pytestmark = pytest.mark.django_db

SPEC = "width-480"


def _plain_url(image) -> str:
    return f"/images/{generate_signature(image.pk, SPEC)}/{image.pk}/{SPEC}/"


@pytest.fixture
def secret_collection():
    collection = Collection.get_first_root_node().add_child(name="Vertraulich")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_public_renditions_serve_anyone_and_are_cacheable(client):
    image = make_image("öffentlich")
    response = client.get(_plain_url(image))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_restricted_image_never_serves_on_a_permanent_url(client, secret_collection):
    image = make_image("intern", collection=secret_collection)
    assert client.get(_plain_url(image)).status_code == 404


def test_a_url_handed_out_while_public_stops_when_the_collection_is_restricted(client):
    image = make_image("bald intern")
    url = _plain_url(image)
    assert client.get(url).status_code == 200
    collection = Collection.get_first_root_node().add_child(name="Ab jetzt intern")
    image.collection = collection
    image.save()
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    assert client.get(url).status_code == 404


def test_readers_who_may_see_get_expiring_urls_that_serve_for_a_while(client, secret_collection):
    api = ApiClient()
    image = make_image("intern", collection=secret_collection)
    _token, key = ApiToken.create_with_key("Intranet", can_read_private=True)
    data = api.get_json(f"/api/v1/images/{image.pk}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    url = data["renditions"][0]["url"]
    assert "?expires=" in url and url in data["srcset"]
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)  # the browser, without the token
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, max-age=")
    expires = int(path.rsplit("=", 1)[1])
    assert media.PRIVATE_URL_TTL <= expires - time.time() <= 2 * media.PRIVATE_URL_TTL
    # Tampering with the expiry or the spec breaks the signature.
    assert client.get("/" + path.replace(f"={expires}", f"={expires + 3600}")).status_code == 403
    assert client.get("/" + path.replace("width-480", "width-960", 1)).status_code == 403


def test_expired_urls_are_refused(client, secret_collection):
    image = make_image("intern", collection=secret_collection)
    expires = int(time.time()) - 10
    signature = media.expiring_signature(image.pk, SPEC, expires)
    assert (
        client.get(f"/images/{signature}/{image.pk}/{SPEC}/?expires={expires}").status_code == 403
    )
    later = int(time.time()) + 600
    signature = media.expiring_signature(image.pk, SPEC, later)
    assert client.get(f"/images/{signature}/{image.pk}/{SPEC}/?expires={later}").status_code == 200


def test_logged_in_users_who_pass_the_restriction_see_it(admin_client, secret_collection):
    image = make_image("intern", collection=secret_collection)
    assert admin_client.get(_plain_url(image)).status_code == 200


def test_media_files_follow_the_rule(admin_user, secret_collection):
    """Files under MEDIA_URL (served in development): documents never, images if visible."""
    from django.contrib.auth.models import AnonymousUser

    public = make_image("öffentlich")
    secret = make_image("intern", collection=secret_collection)
    rendition = secret.get_rendition(SPEC)
    document = get_document_model().objects.create(
        title="Dokument", file=ContentFile(files.pdf(1), name="bericht.pdf")
    )

    def get(path, user):
        request = RequestFactory().get("/media/" + path)
        request.user = user
        try:
            return media.serve_media(request, path).status_code
        except Exception as exc:  # noqa: BLE001 - Http404 is the answer we look for
            return type(exc).__name__

    anonymous = AnonymousUser()
    assert get(public.file.name, anonymous) == 200
    assert get(secret.file.name, anonymous) == "Http404"
    assert get(rendition.file.name, anonymous) == "Http404"
    assert get(document.file.name, anonymous) == "Http404"
    assert get("../" + document.file.name, anonymous) == "Http404"
    assert get(secret.file.name, admin_user) == 200
    assert get(rendition.file.name, admin_user) == 200
    assert get(document.file.name, admin_user) == "Http404"


def test_a_rendition_whose_file_is_gone_is_made_again_from_the_original(client):
    """A restore without renditions, a cleaned bucket: the stored rendition's row outlives its
    file. The view makes it again instead of failing with 500."""
    image = make_image("neu erzeugt")
    assert client.get(_plain_url(image)).status_code == 200
    rendition = image.get_rendition(SPEC)
    rendition.file.storage.delete(rendition.file.name)

    response = client.get(_plain_url(image))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


def test_a_rendition_whose_file_and_original_are_gone_is_410(client):
    image = make_image("verloren")
    assert client.get(_plain_url(image)).status_code == 200
    rendition = image.get_rendition(SPEC)
    rendition.file.storage.delete(rendition.file.name)
    image.file.storage.delete(image.file.name)

    response = client.get(_plain_url(image))
    assert response.status_code == 410
