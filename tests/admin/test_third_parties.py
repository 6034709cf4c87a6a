"""The admin sends nothing about its users to third parties (no Gravatar avatars)."""

from __future__ import annotations


def test_admin_pages_load_no_gravatar_avatars(admin_client):
    """Gravatar would receive each editor's e-mail hash and IP address on every admin page."""
    for url in ("/admin/", "/admin/pages/", "/admin/account/", "/admin/users/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "gravatar" not in response.content.decode().lower(), url
