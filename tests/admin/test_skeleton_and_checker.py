"""A new page starts with its type's StreamField skeleton; the accessibility checker runs the
project's rules with German messages, in the userbar and the editor's checks panel."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem

from cms.admin.accessibility import CmsContentCheckerItem, construct_wagtail_userbar
from projekte.models import ProjectIndexPage, ProjectPage

SKELETON = {
    "body": [
        ("heading", {"text": "Ausgangslage", "level": "h2"}),
        ("heading", {"text": "Ziele", "level": "h2"}),
    ]
}


@pytest.fixture
def project_index(home):
    return home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))


def test_a_new_page_starts_with_the_declared_skeleton(admin_client, project_index, monkeypatch):
    monkeypatch.setattr(ProjectPage, "stream_skeleton", SKELETON, raising=False)
    url = reverse("wagtailadmin_pages:add", args=["projekte", "projectpage", project_index.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    body = response.context["form"].instance.body
    assert [block.block_type for block in body] == ["heading", "heading"]
    assert body[0].value["text"] == "Ausgangslage"
    assert "Ausgangslage" in response.content.decode()


def test_without_a_skeleton_a_new_page_starts_empty(admin_client, project_index, monkeypatch):
    monkeypatch.setattr(ProjectPage, "stream_skeleton", None, raising=False)
    url = reverse("wagtailadmin_pages:add", args=["projekte", "projectpage", project_index.pk])
    response = admin_client.get(url)
    assert len(response.context["form"].instance.body) == 0


def test_the_checker_is_swapped_in_place():
    items = ["before", AccessibilityItem(in_editor=True), "after"]
    construct_wagtail_userbar(None, items)
    assert items[0] == "before" and items[2] == "after"
    assert isinstance(items[1], CmsContentCheckerItem)
    assert items[1].in_editor is True


def test_the_checker_runs_the_projects_rules_with_german_messages(rf):
    config = CmsContentCheckerItem().get_axe_configuration(rf.get("/"))
    rules = config["options"]["runOnly"]
    assert set(ContentCheckerItem.axe_run_only) <= set(rules)
    assert {"image-alt", "html-has-lang", "document-title"} <= set(rules)
    assert config["messages"]["image-alt"]["error_name"] == "Bild ohne Alternativtext"


def test_the_editor_checks_panel_uses_the_projects_checker(admin_client, project_index):
    url = reverse("wagtailadmin_pages:add", args=["projekte", "projectpage", project_index.pk])
    html = admin_client.get(url).content.decode()
    match = re.search(
        r'<script [^>]*id="checker-axe-configuration"[^>]*>(.*?)</script>', html, re.S
    )
    assert match, "the checks panel carries the axe configuration"
    config = json.loads(match.group(1))
    assert "image-alt" in config["options"]["runOnly"]
