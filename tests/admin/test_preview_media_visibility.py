"""The admin preview shows media of a group-restricted collection to any editor.

docs/security.md: images in restricted collections are served only on expiring signed URLs,
"which the API gives only to readers who may see them, or to an admin session that passes the
restriction"; a user passes a *groups* restriction only as a member of one of the groups.

The preview (``cms.admin.preview``, also Wagtail's "Entwurf ansehen") resolves the page with a fixed
principal that holds the scopes *drafts* and *private* (``EDITOR_PREVIEW``), whoever previews.
An editor who may edit one page but is not in the collection's group gets the image's alt text
and a working signed rendition URL (any browser, no session, can fetch it until it expires).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, CollectionViewRestriction, GroupPagePermission

from cms.visibility import for_user
from tests.api.conftest import make_image
from tests.search.conftest import add_project

pytestmark = pytest.mark.django_db

SECRET_ALT = "Vorstandssitzung Abberufung Geschäftsführer"


def test_preview_does_not_resolve_media_the_editor_may_not_see(client, home, django_user_model):
    from projekte.models import ProjectIndexPage

    board = Group.objects.create(name="Vorstand")
    vault = Collection.get_first_root_node().add_child(name="Vorstand intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=vault, restriction_type="groups"
    )
    restriction.groups.set([board])
    image = make_image("Vorstandsfoto", collection=vault, description=SECRET_ALT)

    section = home.add_child(instance=ProjectIndexPage(title="Partnerbereich", slug="partner"))
    section.save_revision().publish()
    editors = Group.objects.create(name="Nur Partnerbereich")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors,
            page=section,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    editor = django_user_model.objects.create_user("partnerin", "p@example.org", "pw")
    editor.groups.set([editors])
    assert not for_user(editor).may_see_media(image)
    # A draft in the editor's section shows the board's image (chosen by anyone, or by id).
    project = add_project(section, "Partnerprojekt", "Öffentlich.")
    project.body = [
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        }
    ]
    project.save_revision(user=editor)

    client.force_login(editor)
    response = client.get(f"/admin/pages/{project.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    signed = re.findall(rf'/images/[^"/]+/{image.pk}/[^" ]+', html)
    assert SECRET_ALT not in html
    assert signed == [], signed


SECRET_PAGE = "Vorstandsklausur Nachfolgeregelung"


def _section_editor(home, django_user_model, name: str, *groups: Group):
    """An editor with page rights on a separate section (and membership in ``groups``)."""
    from projekte.models import ProjectIndexPage

    section = home.add_child(instance=ProjectIndexPage(title=f"Bereich {name}", slug=name))
    section.save_revision().publish()
    editors = Group.objects.create(name=f"Bereich {name}")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors,
            page=section,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    editor = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    editor.groups.set([editors, *groups])
    return section, editor


@pytest.fixture
def board_page(home):
    """A published page under a view restriction for the group "Vorstand"."""
    from wagtail.models import PageViewRestriction

    board = Group.objects.create(name="Vorstand")
    page = add_project(home, SECRET_PAGE, "Nur für den Vorstand.")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.set([board])
    return page, board


def _draft_with_teaser(section, editor, target):
    project = add_project(section, "Teaserprojekt", "Öffentlich.")
    project.body = [
        {"type": "page_teasers", "value": {"title": "Mehr dazu", "pages": [target.pk]}},
    ]
    project.save_revision(user=editor)
    return project


def test_preview_does_not_show_teasers_of_pages_the_editor_may_not_see(
    client, home, board_page, django_user_model
):
    target, _board = board_page
    section, editor = _section_editor(home, django_user_model, "aussen")
    assert not for_user(editor).may_see_page(target)
    project = _draft_with_teaser(section, editor, target)

    client.force_login(editor)
    response = client.get(f"/admin/pages/{project.pk}/view_draft/")
    assert response.status_code == 200
    assert "Teaserprojekt" in response.content.decode()
    assert SECRET_PAGE not in response.content.decode()


def test_preview_shows_restricted_media_and_pages_to_who_passes_the_restriction(
    client, home, board_page, django_user_model
):
    """A member of the group sees what the restriction lets them see, in the same preview."""
    target, board = board_page
    vault = Collection.get_first_root_node().add_child(name="Vorstand intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=vault, restriction_type="groups"
    )
    restriction.groups.set([board])
    image = make_image("Vorstandsfoto", collection=vault, description=SECRET_ALT)
    section, member = _section_editor(home, django_user_model, "innen", board)
    project = _draft_with_teaser(section, member, target)
    project.body = [
        *project.body.raw_data,
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        },
    ]
    project.save_revision(user=member)

    client.force_login(member)
    html = client.get(f"/admin/pages/{project.pk}/view_draft/").content.decode()
    assert SECRET_PAGE in html
    assert SECRET_ALT in html
    assert re.findall(rf'/images/[^"/]+/{image.pk}/[^" ]+', html)
