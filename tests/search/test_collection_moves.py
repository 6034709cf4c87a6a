"""moving a collection below a restricted one leaves its PDF text in public search.

docs/security.md: "A change of visibility (a restriction added or lifted, a document moved into
another collection, a page unpublished) reindexes the pages that show the object. Search answers
every reader from this public index." Moving a whole *collection* (the admin's collection form,
field "Übergeordnete Sammlung") under the login-restricted "Privat" makes its documents private
(the API hides them at once: ``cms.visibility`` judges by the collection's tree path), but nothing
reindexes the pages that show them: the PDF's text stays in the public search index and an
anonymous ``GET /api/v1/search/?q=<word in the PDF>`` still finds the public page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from search.models import SearchDocument
from tests.search.conftest import add_project
from tests.search.test_documents import pdf_bytes, upload

pytestmark = pytest.mark.django_db

SECRET = "Geheimwortfeldspat"


def test_moving_a_collection_under_a_restriction_takes_its_pdf_text_out(
    client, project_index, django_user_model, django_capture_on_commit_callbacks
):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Privat")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    shelf = Collection.objects.get(pk=root.add_child(name="Projektablage").pk)
    document = upload("ablage.pdf", pdf_bytes(f"Sitzung {SECRET} Vertraulich"))
    document.collection = shelf
    document.save()
    page = add_project(
        project_index,
        "Radwege",
        "Ein offenes Projekt.",
        [("document_list", {"title": "Downloads", "documents": [document]})],
    )
    search = {"q": SECRET, "locale": "de"}
    assert [hit["id"] for hit in client.get("/api/v1/search/", search).json()["results"]] == [
        page.pk
    ]

    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):  # the request's transaction commits
        response = client.post(
            reverse("wagtailadmin_collections:edit", args=[shelf.pk]),
            {"name": "Projektablage", "parent": private.pk},
        )
    assert response.status_code == 302, response.content[:2000]
    shelf.refresh_from_db()
    assert shelf.get_parent().pk == private.pk
    client.logout()

    # The API hides the document at once (held) ...
    assert client.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    # ... but the public search index still holds its text.
    stored = SearchDocument.objects.get(page_id=page.pk)
    assert SECRET not in " ".join((stored.body, stored.extra))
    data = client.get("/api/v1/search/", search).json()
    assert data["total"] == 0, data["results"]


def test_moving_a_collection_under_a_restriction_hides_its_media_in_cached_answers(
    client, project_index, django_user_model
):
    """The same move, seen by the API cache: ``Collection`` is not among the models whose save
    bumps the content generation (``cms.runtime.signals``), so the cached anonymous answer of the public
    page keeps the document (title, file URL) and the image (alt text, rendition URLs). An
    uncached answer (another cache key, e.g. ``?locale=de``) and the image server hide both."""
    from tests.api.conftest import make_image

    root = Collection.get_first_root_node()
    private = root.add_child(name="Privat")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    shelf = Collection.objects.get(pk=root.add_child(name="Projektablage").pk)
    document = upload("ablage.pdf", pdf_bytes(f"Sitzung {SECRET} Vertraulich"))
    document.collection = shelf
    document.save()
    image = make_image("Ablagefoto", collection=shelf, description="Alt Ablagefoto")
    page = add_project(
        project_index,
        "Radwege",
        "Ein offenes Projekt.",
        [
            ("document_list", {"title": "Downloads", "documents": [document]}),
            ("image", {"image": image, "alt_text": "", "caption": "", "credit": ""}),
        ],
    )
    before = client.get(f"/api/v1/pages/{page.pk}/").json()
    assert [b["type"] for b in before["body"]] == ["document_list", "image"]
    rendition_url = before["body"][1]["value"]["image"]["renditions"][0]["url"]
    rendition_path = rendition_url.split("://", 1)[-1].split("/", 1)[-1]
    assert client.get(f"/{rendition_path}").status_code == 200

    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    client.post(
        reverse("wagtailadmin_collections:edit", args=[shelf.pk]),
        {"name": "Projektablage", "parent": private.pk},
    )
    shelf.refresh_from_db()
    assert shelf.get_parent().pk == private.pk
    client.logout()

    after = client.get(f"/api/v1/pages/{page.pk}/").content.decode()
    fresh = client.get(f"/api/v1/pages/{page.pk}/?locale=de").content.decode()
    leaks = {
        "cached page answer names the image": "Alt Ablagefoto" in after,
        "cached page answer lists the document": "ablage.pdf" in after,
        "uncached page answer names the image": "Alt Ablagefoto" in fresh,
        "permanent rendition URL still served": client.get(f"/{rendition_path}").status_code == 200,
    }
    assert not any(leaks.values()), leaks
