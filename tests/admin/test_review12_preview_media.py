"""Review 12: the admin preview shows media of a group-restricted collection to any editor.

docs/security.md: images in restricted collections are served only on expiring signed URLs,
"which the API gives only to readers who may see them, or to an admin session that passes the
restriction"; a user passes a *groups* restriction only as a member of one of the groups.

The preview (``cms.preview``, also Wagtail's "Entwurf ansehen") resolves the page with a fixed
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
