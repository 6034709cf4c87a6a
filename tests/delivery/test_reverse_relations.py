"""Pages that show a changed page through a *reverse* many-to-many relation (a document or
partner page's ``related_projects``: the projects whose ``related_documents``/``partners`` name
it) are sent again by the delta sync and purged from the CDN: after a rename, an unpublish, a
restriction, and when a project stops naming them. Found by the fresh-eyes review of issue 15
(sync and purge followed relations in one direction only)."""

from __future__ import annotations

from wagtail.models import PageViewRestriction

from cms.delivery.models import ChangeEvent
from cms.delivery.purge import showing_urls
from tests.api.conftest import publish
from tests.delivery.sync_client import SyncClient


def _project_with_document(home):
    from tests.projekte import factories

    projects = factories.ProjectIndexPageFactory(parent=home)
    documents = factories.DocumentIndexPageFactory(parent=home)
    document = publish(factories.DocumentPageFactory(parent=documents))
    project = factories.ProjectPageFactory(parent=projects, title="Kali-Masterplan")
    project.related_documents.set([document])
    publish(project)
    return project, document


def _related_titles(data: dict) -> list[str]:
    return [related["title"] for related in data["related_projects"]]


def test_renaming_a_project_sends_the_documents_that_show_it_again(api, home):
    project, document = _project_with_document(home)
    client = SyncClient(api, "de")
    held = client.sync()
    assert _related_titles(held[("page", document.pk)]) == ["Kali-Masterplan"]
    project.title = "Kali-Masterplan 2030"
    project.slug = "kali-masterplan-2030"
    publish(project)
    held = client.sync()
    fresh = SyncClient(api, "de").sync()
    assert _related_titles(fresh[("page", document.pk)]) == ["Kali-Masterplan 2030"]
    assert held[("page", document.pk)] == fresh[("page", document.pk)]


def test_unpublishing_or_restricting_a_project_sends_the_documents_again(api, home):
    project, document = _project_with_document(home)
    client = SyncClient(api, "de")
    client.sync()
    PageViewRestriction.objects.create(page=project, restriction_type="login")
    held = client.sync()
    assert ("page", project.pk) not in held
    # The restricted project's title and path must not stay in the anonymous copy.
    assert _related_titles(held[("page", document.pk)]) == []
    PageViewRestriction.objects.filter(page=project).delete()
    client.sync()
    project.unpublish()
    held = client.sync()
    assert _related_titles(held[("page", document.pk)]) == []


def test_the_cdn_purge_of_a_renamed_project_includes_the_documents_showing_it(api, home):
    project, document = _project_with_document(home)
    project.title = "Kali-Masterplan 2030"
    publish(project)
    event = ChangeEvent.objects.filter(object_type="page", object_id=project.pk).latest("seq")
    urls = showing_urls(event) + list(event.urls)
    assert any(f"/pages/{document.pk}/" in url for url in urls), urls


def test_a_project_that_stops_naming_a_document_sends_the_document_again(api, home):
    project, document = _project_with_document(home)
    client = SyncClient(api, "de")
    held = client.sync()
    assert _related_titles(held[("page", document.pk)]) == ["Kali-Masterplan"]
    project.related_documents.set([])
    publish(project)
    held = client.sync()
    assert _related_titles(held[("page", document.pk)]) == []
    event = ChangeEvent.objects.filter(object_type="page", object_id=document.pk).latest("seq")
    assert any(f"/pages/{document.pk}/" in url for url in event.urls)  # purged too
