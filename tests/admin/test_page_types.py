"""Adding a page offers only the page types that may be created at that place."""

from __future__ import annotations

from django.urls import reverse

from tests.projekte import factories


def offered_types(client, parent) -> set[str]:
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:  # a single allowed type: Wagtail goes straight to its form
        return {response["Location"].split("/add/", 1)[1].split("/")[1]}
    assert response.status_code == 200
    return {model_name for _name, _app, model_name, _desc in response.context["page_types"]}


def test_a_project_section_offers_only_projects(admin_client, home):
    index = factories.ProjectIndexPageFactory(parent=home)
    assert offered_types(admin_client, index) == {"projectpage"}


def test_a_project_offers_no_subpages(admin_client, home):
    project = factories.ProjectPageFactory(parent=factories.ProjectIndexPageFactory(parent=home))
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[project.pk]))
    assert response.status_code in (302, 403) or not response.context["page_types"]


def test_the_start_page_offers_sections_not_projects(admin_client, home):
    offered = offered_types(admin_client, home)
    assert "projectpage" not in offered
    assert "partnerpage" not in offered
