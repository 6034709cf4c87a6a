"""Wagtail's and wagtail-localize's own reports name pages the viewer may not explore.

docs/security.md: "Dashboard panels and reports list nothing beyond [what Wagtail's permissions
let them reach]"; docs/translation.md: "a translator's dashboard lists no German page". Two
reports in the admin's "Berichte" menu still do:

- "Nutzung der Seitentypen" (``/admin/reports/page-types-usage/``, Wagtail) shows, per page type,
  the title of the last edited page, wherever it is;
- "Translations" (``/admin/localize/reports/translations/``, wagtail-localize) lists every
  translation with the title of its German source.

Both open to a translator (group "Übersetzer", rights on the English tree only) and to an editor
whose only page right is on another section.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail_localize.models import Translation, TranslationSource

from tests.translation.helpers import create_german_section

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Kooperationsraum Hainich Vertraulich"


@pytest.fixture
def subtree_editor(home, roles, make_user):
    """An editor whose only page right is on a separate German section."""
    from projekte.models import ProjectIndexPage

    section = home.add_child(
        instance=ProjectIndexPage(title="Partnerbereich", slug="partnerbereich")
    )
    section.save_revision().publish()
    group = Group.objects.create(name="Nur Partnerbereich")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=section,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    return make_user("partnerbereich", "Nur Partnerbereich")


@pytest.fixture
def secret_project(home, en_home, publisher):
    """A published German project (in a section neither viewer may explore), submitted for
    translation to English."""
    _index, project = create_german_section(home, publisher, title=SECRET_TITLE)
    source, _ = TranslationSource.update_or_create_from_instance(project)
    Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    return project


REPORTS = {
    "page types usage": "wagtailadmin_reports:page_types_usage",
    "translations": "wagtail_localize:translations_report",
}


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("viewer", ["translator", "subtree_editor"])
def test_reports_do_not_name_pages_the_viewer_may_not_explore(
    client, request, secret_project, report, viewer
):
    user = request.getfixturevalue(viewer)
    assert not secret_project.permissions_for_user(user).can_edit()
    client.force_login(user)
    response = client.get(reverse(REPORTS[report]))
    assert response.status_code in (200, 302, 403), response.status_code
    assert SECRET_TITLE not in response.content.decode(), (viewer, report)


def _reports_menu_urls() -> dict[str, str]:
    """Every report registered in the admin's "Berichte" menu (Wagtail's, wagtail-localize's,
    the project's), by name: the whole family, not a list kept by hand. Each is asked for,
    whether or not the menu shows it to the viewer."""
    from wagtail import hooks

    items = [fn() for fn in hooks.get_hooks("register_reports_menu_item")]
    return {item.name: item.url for item in items}


@pytest.mark.parametrize("viewer", ["translator", "subtree_editor"])
def test_no_registered_report_names_pages_outside_the_reach(
    client, request, secret_project, publisher, home, viewer
):
    """The secret page is locked, in a running workflow, published (aging), logged (site
    history), of a page type (page types usage) and in translation: no report names it. Nor does
    the site history name the pages a subtree editor only walks through (the German start page;
    a translator's English start page may carry the same title: it is in their reach)."""
    secret_project.locked = True
    secret_project.locked_by = publisher
    secret_project.save(update_fields=["locked", "locked_by"])
    secret_project.save_revision(user=publisher)
    workflow = secret_project.get_workflow()
    assert workflow is not None
    workflow.start(secret_project, publisher)
    home.save_revision(user=publisher).publish(user=publisher)

    user = request.getfixturevalue(viewer)
    client.force_login(user)
    urls = _reports_menu_urls()
    assert {"locked-pages", "workflows", "workflow-tasks", "site-history", "aging-pages"} <= set(
        urls
    ), urls
    assert "/admin/localize/reports/translations/" in urls.values()
    home_title = home.title
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (name, response.status_code)
        html = response.content.decode()
        assert SECRET_TITLE not in html, (viewer, name)
        if name == "site-history" and viewer == "subtree_editor":
            assert home_title not in html, (viewer, name)


def test_reports_still_name_what_the_viewer_reaches(client, secret_project, translator, en_home):
    """A superuser sees everything; a translator sees the translations whose translated page is
    in their tree (here: the start page's), with the German source's title."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("chefin", "c@example.org", "pw")
    client.force_login(admin)
    for name in REPORTS.values():
        assert SECRET_TITLE in client.get(reverse(name)).content.decode(), name

    german_home = en_home.get_translation(en_home.locale.get_default())
    source, _ = TranslationSource.update_or_create_from_instance(german_home)
    Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    client.force_login(translator)
    html = client.get(reverse(REPORTS["translations"])).content.decode()
    assert german_home.title in html
    assert SECRET_TITLE not in html
