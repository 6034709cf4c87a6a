"""The admin opens in German with the agency dashboard, in a real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_login_shows_the_german_dashboard(page, live_server, admin_login, home, django_user_model):
    django_user_model.objects.create_superuser("chefin", "chefin@example.org", "geheim-123")
    page.step("Anmelden")
    admin_login(page, live_server.url, "chefin", "geheim-123")
    page.step("Dashboard")
    assert page.locator("html").get_attribute("lang") == "de"
    for heading in ("Warten auf Freigabe", "Defekte Verweise", "Zuletzt bearbeitet (ganzes Team)"):
        assert page.get_by_role("heading", name=heading).is_visible()
