"""Roles from ``setup_roles``: each group can do what it must and nothing more."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)
from wagtail_localize.models import Translation

from cms.translation import roles as role_defs

pytestmark = pytest.mark.django_db


def event(parent, title="Regionalforum", slug="regionalforum", live=True):
    from tests.plugins.events.models import EventPage

    page = parent.add_child(
        instance=EventPage(title=title, slug=slug, start=datetime.date(2026, 5, 12))
    )
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def pages(home, en_home):
    """A German event and its English translation, both published."""
    german = event(home)
    english = german.copy_for_translation(en_home.locale)
    english.save_revision().publish()
    return {"de": german, "en": english, "de_home": home, "en_home": en_home}


def perms(user, page):
    return page.permissions_for_user(user)


def test_setup_roles_is_idempotent_and_reports(home, locales):
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        GroupApprovalTask.objects.count(),
    )
    again = io.StringIO()
    call_command("setup_roles", stdout=again)
    assert counts == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        GroupApprovalTask.objects.count(),
    )
    assert {g.name for g in Group.objects.all()} >= {
        role_defs.EDITORS,
        role_defs.PUBLISHERS,
        role_defs.TRANSLATORS,
        role_defs.API_CLIENTS,
    }
    assert "[1/4] Gruppe Redakteure" in out.getvalue()
    assert "Rollen bereit: 4 Gruppen" in again.getvalue()
    assert "aktualisiert" in again.getvalue() and "angelegt" in out.getvalue()


def test_setup_roles_gives_a_missing_locale_root_a_draft_translation(locales):
    from home.models import HomePage

    root = Page.get_first_root_node()
    german = root.add_child(instance=HomePage(title="Start", slug="start-de"))
    call_command("setup_roles", stdout=io.StringIO())
    english = german.get_translation(locales["en"])
    assert not english.live
    assert Translation.objects.filter(target_locale=locales["en"]).exists()
    assert GroupPagePermission.objects.filter(
        group__name=role_defs.TRANSLATORS, page=english, permission__codename="change_page"
    ).exists()


def test_editors_write_german_only(editor, pages):
    assert perms(editor, pages["de_home"]).can_add_subpage()
    assert perms(editor, pages["de"]).can_edit()
    assert not perms(editor, pages["de"]).can_publish()
    assert not perms(editor, pages["de"]).can_delete()
    assert not perms(editor, pages["en"]).can_edit()
    assert not perms(editor, pages["en_home"]).can_add_subpage()
    assert not editor.has_perm("wagtail_localize.submit_translation")
    assert editor.has_perm("wagtailadmin.access_admin")


def test_editors_submit_to_the_publishers_workflow(editor, publisher, pages, client):
    german = pages["de"]
    workflow = Workflow.objects.get(name=role_defs.WORKFLOW_NAME)
    assert german.get_workflow() == workflow
    assert pages["en"].get_workflow() is None
    assert perms(editor, german).can_submit_for_moderation()

    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[german.id]),
        {
            "title": "Regionalforum 2026",
            "slug": "regionalforum",
            "start": "2026-05-12",
            "venue": "",
            "body-count": "0",  # the (empty) body stream
            "action-submit": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    german.refresh_from_db()
    state = german.current_workflow_state
    assert state is not None and state.status == "in_progress"
    task = state.current_task_state.task.specific
    assert list(task.get_actions(german, publisher)) and not task.get_actions(german, editor)


def test_publishers_publish_both_languages(publisher, pages):
    for key in ("de", "en"):
        assert perms(publisher, pages[key]).can_publish()
    assert perms(publisher, pages["de_home"]).can_add_subpage()
    assert not perms(publisher, pages["en_home"]).can_add_subpage()
    assert publisher.has_perm("wagtail_localize.submit_translation")


def test_translators_edit_and_publish_english_only(translator, pages):
    assert perms(translator, pages["en"]).can_edit()
    assert perms(translator, pages["en"]).can_publish()
    assert not perms(translator, pages["en_home"]).can_add_subpage()
    for key in ("de", "de_home"):
        assert not perms(translator, pages[key]).can_edit()
        assert not perms(translator, pages[key]).can_publish()
    assert not perms(translator, pages["de_home"]).can_add_subpage()
    assert translator.has_perm("wagtail_localize.submit_translation")


def test_translators_cannot_open_german_pages_in_the_editor(translator, pages, client):
    client.force_login(translator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[pages["de"].id]))
    assert response.status_code in (302, 403)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[pages["en"].id])).status_code == 200


def test_translators_cannot_delete_pages(translator, pages, client):
    english = pages["en"]
    assert english.is_leaf() and perms(translator, english).can_delete(), "Wagtail would allow it"
    client.force_login(translator)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[english.id]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "Übersetzer dürfen keine Seiten löschen." in messages
    assert Page.objects.filter(id=english.id).exists()


def test_translators_cannot_move_pages(translator, pages, client):
    english, target = pages["en"], event(pages["en_home"], "Zweite", "zweite")
    client.force_login(translator)
    client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[english.id, pages["en_home"].id]),
        follow=True,
    )
    client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[english.id, target.id]), follow=True
    )
    english.refresh_from_db()
    assert english.get_parent().id == pages["en_home"].id
    assert english.path < target.path, "not reordered either"


def test_translators_translate_snippets_but_not_german_ones(translator, client, locales):
    from tests.plugins.events.models import Venue

    german = Venue.objects.create(name="Theater Nordhausen", locale=locales["de"])
    english = german.copy_for_translation(locales["en"])
    english.save()
    client.force_login(translator)
    url = "wagtailsnippets_events_venue:edit"
    response = client.get(reverse(url, args=[german.pk]), follow=True)
    assert any("deutsche Einträge" in str(m) for m in response.context["messages"])
    assert client.get(reverse(url, args=[english.pk])).status_code == 200
    response = client.post(reverse(url, args=[german.pk]), {"name": "Geändert"})
    german.refresh_from_db()
    assert german.name == "Theater Nordhausen"


def test_api_clients_have_no_admin(make_user, roles, client):
    user = make_user("website", role_defs.API_CLIENTS)
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not user.get_all_permissions()
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_setup_roles_skips_the_rights_of_a_switched_off_plugin(home, locales, monkeypatch):
    """A role may name a plugin's right (Freigabe: the search report); with the plugin's app not
    installed, setup_roles gives the other rights instead of failing."""
    publishers = next(role for role in role_defs.ROLES if role.name == role_defs.PUBLISHERS)
    assert "cms_search.view_search_report" in publishers.permissions
    gone = role_defs.Role(
        name="Ausprobiert", description="", permissions=("weggeschaltet.view_report",)
    )
    monkeypatch.setattr(role_defs, "ROLES", (*role_defs.ROLES, gone))
    call_command("setup_roles", stdout=io.StringIO())
    assert list(
        Group.objects.get(name="Ausprobiert").permissions.values_list("codename", flat=True)
    ) == ["access_admin"]
    assert (
        Group.objects.get(name=role_defs.PUBLISHERS)
        .permissions.filter(codename="view_search_report")
        .exists()
    )


def test_setup_roles_retires_wagtails_initial_groups(home, locales, make_user):
    """Wagtail's "Editors"/"Moderators" hold rights on the tree root: a member would edit and
    publish every language past the roles. Empty ones go; a used one keeps members, no rights."""
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission

    root = Page.get_first_root_node()
    edit = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    add_image = Permission.objects.get(codename="add_image")
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=edit)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=Collection.get_first_root_node(), permission=add_image
        )
    member = make_user("alt", "Moderators")
    assert perms(member, home).can_edit()

    out = io.StringIO()
    call_command("setup_roles", stdout=out)

    assert not Group.objects.filter(name="Editors").exists()
    moderators = Group.objects.get(name="Moderators")
    assert list(moderators.user_set.all()) == [member]
    assert not moderators.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    member = type(member).objects.get(pk=member.pk)  # drop the cached permissions
    assert not perms(member, home).can_edit()
    assert "Mitglieder (alt) bitte einer Rolle zuordnen" in out.getvalue()
