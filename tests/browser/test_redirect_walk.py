"""Moving a page in the admin leaves its old address working: the API's find-by-path follows the
redirect (the last step of the editor's walk)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cms.content.redirects import find_redirect
from tests.browser.walk import (
    PASSWORD,
    footer_action,
    leave_admin,
)
from tests.projekte import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_moved_page_is_found_under_its_old_path_through_the_api(
    page, live_server, admin_login, agency, django_user_model
):
    """Projects can only live in the project section, so "moving" one gives it a new address."""
    base = live_server.url
    project = factories.ProjectPageFactory(
        parent=agency["index"], title="Breitband Kyffhäuser", slug="breitband"
    )
    project.save_revision().publish()
    django_user_model.objects.create_superuser("chefin", "chefin@example.org", PASSWORD)
    page.step("Anmelden")
    admin_login(page, base, "chefin", PASSWORD)
    page.step("Neue Adresse vergeben")
    page.goto(f"{base}/admin/pages/{project.pk}/edit/")
    page.get_by_role("tab", name="Veröffentlichung").click()
    page.fill("#id_slug", "breitband-kyffhaeuser")
    footer_action(page, "button[name=action-publish]")
    expect(page.locator(".messages")).to_contain_text("Breitband Kyffhäuser")
    leave_admin(page)
    assert find_redirect("/projekte/breitband/", language="de").path == (
        "/de/projekte/breitband-kyffhaeuser/"
    )

    page.step("Alte Adresse über die API")
    new = page.request.get(
        f"{base}/api/v1/pages/find/?path=/projekte/breitband-kyffhaeuser/&locale=de"
    )
    assert new.status == 200, new.text()
    # The API's find-by-path must answer the old path with the new location: a redirect, or
    # the page itself (cms.content.redirects.find_redirect is the lookup it calls).
    old = page.request.get(
        f"{base}/api/v1/pages/find/?path=/projekte/breitband/&locale=de", max_redirects=0
    )
    if old.status in (301, 302, 307, 308):
        assert "breitband-kyffhaeuser" in old.headers["location"]
    else:
        assert old.status == 200, old.text()
        data = old.json()
        assert data["id"] == project.pk
        assert "breitband-kyffhaeuser" in data["path"]
