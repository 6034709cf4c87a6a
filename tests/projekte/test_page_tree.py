"""Parent/child rules: editors can create each page type only where it belongs."""

import pytest
from wagtail.models import Page

from home.models import HomePage
from projekte.models import (
    DocumentIndexPage,
    DocumentPage,
    PartnerIndexPage,
    PartnerPage,
    ProjectIndexPage,
    ProjectPage,
)
from tests.projekte import factories


@pytest.mark.parametrize(
    ("model", "parent_key"),
    [
        (ProjectPage, "projects"),
        (DocumentPage, "documents"),
        (PartnerPage, "partners"),
    ],
)
def test_detail_pages_only_under_their_index(sections, home, model, parent_key):
    assert model.can_create_at(sections[parent_key])
    for other_key, other in sections.items():
        if other_key != parent_key:
            assert not model.can_create_at(other)
    assert not model.can_create_at(home)
    assert model.allowed_subpage_models() == []


@pytest.mark.parametrize("model", [ProjectIndexPage, DocumentIndexPage, PartnerIndexPage])
def test_index_pages_once_under_the_home_page(home, model):
    assert model.can_create_at(home)
    home.add_child(instance=model(title="Übersicht", slug=f"x-{model.__name__.lower()}"))
    assert not model.can_create_at(home), "only one index of each kind per home page"
    assert not model.can_create_at(Page.get_first_root_node())


def test_home_page_only_at_the_root(home, sections):
    root = Page.get_first_root_node()
    assert HomePage.allowed_parent_page_models() == [Page]
    assert not HomePage.can_create_at(home)
    assert not HomePage.can_create_at(sections["projects"])
    assert root.specific_class is Page


def test_index_pages_accept_only_their_items(sections):
    assert ProjectIndexPage.allowed_subpage_models() == [ProjectPage]
    assert DocumentIndexPage.allowed_subpage_models() == [DocumentPage]
    assert PartnerIndexPage.allowed_subpage_models() == [PartnerPage]


def test_a_project_cannot_be_moved_under_the_mediathek(sections):
    project = factories.ProjectPageFactory(parent=sections["projects"])
    assert not project.can_move_to(sections["documents"])
    assert project.can_move_to(sections["projects"])
