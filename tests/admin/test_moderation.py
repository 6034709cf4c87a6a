"""Moderation as editors and publishers meet it: request changes with a comment, compare and
revert revisions, locking, the audit log; all reachable, and in German."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from cms.translation.roles import EDITORS, PUBLISHERS
from tests.projekte import factories

PASSWORD = "pw-Nordthueringen"


@pytest.fixture
def team(home, django_user_model):
    call_command("setup_roles", stdout=io.StringIO())
    users = {}
    for name, group in (("redakteurin", EDITORS), ("freigeber", PUBLISHERS)):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        client.force_login(user)
        users[name] = (user, client)
    return users


@pytest.fixture
def project(home):
    index = factories.ProjectIndexPageFactory(parent=home)
    page = factories.ProjectPageFactory(parent=index, title="Dorfladen Großbodungen", live=False)
    page.save_revision()
    return page


def submit(project, editor):
    project.get_workflow().start(project, editor)
    return WorkflowState.objects.active().get(object_id=str(project.pk))


def test_publisher_requests_changes_with_a_comment(team, project):
    editor, _ = team["redakteurin"]
    publisher, client = team["freigeber"]
    state = submit(project, editor)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[project.pk, "reject", task_state.pk])
    response = client.post(url, {"comment": "Bitte den Teaser kürzen."})
    assert response.status_code in (200, 302)
    task_state = TaskState.objects.get(pk=task_state.pk)
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Bitte den Teaser kürzen."
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_an_editor_cannot_approve_and_the_publisher_can(team, project):
    editor, editor_client = team["redakteurin"]
    _, publisher_client = team["freigeber"]
    task_state = submit(project, editor).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[project.pk, "approve", task_state.pk])
    editor_client.post(url, {})
    project.refresh_from_db()
    assert not project.live
    publisher_client.post(url, {})
    project.refresh_from_db()
    assert project.live


def test_revisions_compare_and_revert_in_german(team, project):
    _, client = team["redakteurin"]
    first = project.get_latest_revision()
    project.teaser = "Ein neuer Teaser für den Dorfladen."
    second = project.save_revision()
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[project.pk, first.pk, second.pk])
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "neuer" in html and "Teaser" in html
    assert "Vergleich" in html or "Änderungen" in html

    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[project.pk, first.pk]))
    assert revert.status_code == 200
    assert revert.context["form"].instance.teaser == first.as_object().teaser
    history = client.get(reverse("wagtailadmin_pages:history", args=[project.pk]))
    assert history.status_code == 200


def test_a_locked_page_cannot_be_edited_by_someone_else(team, project):
    _, publisher_client = team["freigeber"]
    _, editor_client = team["redakteurin"]
    response = publisher_client.post(reverse("wagtailadmin_pages:lock", args=[project.pk]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.locked

    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[project.pk]))
    assert "gesperrt" in edit.content.decode()
    data = {
        "title": "Übernommen",
        "slug": project.slug,
        "teaser": "x",
        "status": "running",
        "start_date": "2024-01-01",
        "body-count": "0",
    }
    refused = editor_client.post(reverse("wagtailadmin_pages:edit", args=[project.pk]), data)
    assert "gesperrt" in refused.content.decode()
    project.refresh_from_db()
    assert project.title == "Dorfladen Großbodungen"


def test_the_audit_log_records_and_shows_actions_in_german(team, project, admin_client):
    _, publisher_client = team["freigeber"]
    publisher_client.post(reverse("wagtailadmin_pages:lock", args=[project.pk]))
    assert PageLogEntry.objects.filter(page=project, action="wagtail.lock").exists()
    response = admin_client.get(
        reverse("wagtailadmin_reports:site_history"), HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    assert "Gesperrt" in response.content.decode()
