"""The search index holds public text only: linked objects the anonymous reader may not see
(media in restricted collections, unpublished or restricted pages) add nothing to a page's
search document, and a change of their visibility reindexes the pages that show them."""

from __future__ import annotations

import datetime

import pytest
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from search.models import SearchDocument
from tests.search.conftest import add_project
from tests.search.test_documents import pdf_bytes, upload

pytestmark = pytest.mark.django_db

SECRET = "Geheimwortquarz"


@pytest.fixture
def private_collection():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Privat")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def _search(client, q: str) -> dict:
    response = client.get("/api/v1/search/", {"q": q, "locale": "de"})
    assert response.status_code == 200, response.content
    return response.json()


def _document_list(document) -> list:
    return [("document_list", {"title": "Downloads", "documents": [document]})]


def _document_text(page) -> str:
    document = SearchDocument.objects.get(page_id=page.pk)
    return " ".join((document.title, document.teaser, document.body, document.extra))


def test_restricted_pdf_text_is_not_in_public_search(client, project_index, private_collection):
    document = upload("intern.pdf", pdf_bytes(f"Vertraulich {SECRET} Sitzung"))
    document.collection = private_collection
    document.save()
    page = add_project(project_index, "Radwege", "Ein offenes Projekt.", _document_list(document))

    data = _search(client, SECRET)
    assert data["total"] == 0, data["results"]
    assert SECRET not in str(data["results"]) + str(data["facets"])
    assert SECRET not in _document_text(page)
    # The page itself stays findable by its own text.
    assert [hit["id"] for hit in _search(client, "Radwege")["results"]] == [page.pk]
    assert SECRET not in str(_search(client, "Radwege")).replace("'query': 'Radwege'", "")


def test_public_pdf_text_is_found(client, project_index):
    document = upload("offen.pdf", pdf_bytes(f"Oeffentlich {SECRET} Sitzung"))
    page = add_project(project_index, "Radwege", "Ein offenes Projekt.", _document_list(document))
    assert [hit["id"] for hit in _search(client, SECRET)["results"]] == [page.pk]


def test_restricting_a_collection_later_takes_the_text_out(client, project_index):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Bald privat")
    child = collection.add_child(name="Unterordner")
    document = upload("bald.pdf", pdf_bytes(f"Bald {SECRET} intern"))
    document.collection = child
    document.save()
    page = add_project(project_index, "Radwege", "Ein offenes Projekt.", _document_list(document))
    assert SECRET in _document_text(page)

    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    assert SECRET not in _document_text(page)
    assert _search(client, SECRET)["total"] == 0

    restriction.delete()
    assert SECRET in _document_text(page)


def test_moving_a_document_into_a_restricted_collection_takes_the_text_out(
    project_index, private_collection
):
    document = upload("umzug.pdf", pdf_bytes(f"Umzug {SECRET}"))
    page = add_project(project_index, "Radwege", "Ein offenes Projekt.", _document_list(document))
    assert SECRET in _document_text(page)
    document.collection = private_collection
    document.save()
    assert SECRET not in _document_text(page)


def test_restricted_image_texts_are_not_indexed(project_index, private_collection):
    from cms.plugin.demo import ensure_image

    image, _created = ensure_image(
        f"Bild {SECRET}", alt=f"Alt {SECRET}", caption=f"Caption {SECRET}", size=(64, 36)
    )
    get_image_model().objects.filter(pk=image.pk).update(collection=private_collection)
    page = add_project(
        project_index,
        "Radwege",
        "Ein offenes Projekt.",
        [("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})],
    )
    assert SECRET not in _document_text(page)


def test_hidden_partner_pages_add_no_text_and_no_facet(client, home, project_index):
    from projekte.models import PartnerIndexPage, PartnerPage

    partners = PartnerIndexPage(title="Partner", slug="partner")
    home.add_child(instance=partners)
    partners.save_revision().publish()
    hidden = PartnerPage(title=f"Partner {SECRET}", kind="company")
    partners.add_child(instance=hidden)
    hidden.save_revision().publish()
    project = add_project(project_index, "Radwege", "Ein offenes Projekt.")
    project.partners.set([hidden])
    project.save_revision().publish()
    assert SECRET in _document_text(project)

    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert SECRET not in _document_text(project)
    assert SECRET not in str(SearchDocument.objects.get(page_id=project.pk).facets)
    assert SECRET not in str(_search(client, "Radwege")).replace("'query': 'Radwege'", "")

    PageViewRestriction.objects.filter(page=hidden).delete()
    assert SECRET in _document_text(project)
    hidden.unpublish()
    assert SECRET not in _document_text(project)


def test_documents_used_by_a_public_document_page_keep_their_metadata_private(
    client, home, private_collection
):
    from projekte.models import DocumentIndexPage, DocumentPage

    index = DocumentIndexPage(title="Dokumente", slug="dokumente")
    home.add_child(instance=index)
    index.save_revision().publish()
    document = upload("geheim.pdf", pdf_bytes(f"Protokoll {SECRET}"))
    get_document_model().objects.filter(pk=document.pk).update(collection=private_collection)
    document.refresh_from_db()
    page = DocumentPage(
        title="Protokoll der Sitzung",
        document=document,
        kind=DocumentPage._meta.get_field("kind").choices[0][0],
        date=datetime.date(2024, 5, 1),
        summary="Ergebnisse.",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    assert SECRET not in _document_text(page)
    assert _search(client, SECRET)["total"] == 0
