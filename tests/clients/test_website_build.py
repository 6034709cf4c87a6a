"""The reference website's own checks, as ``make test`` runs them: ``npm run build`` in clients/
generates the client's types from clients/openapi.json, compiles the client, type-checks the
website (``astro check``: every .astro and .ts file, strictest settings) and builds its Node
server; any error fails here with npm's output."""

from __future__ import annotations

from tests.clients.npm import WEBSITE, built


def test_website_type_checks_and_builds():
    entry = built()
    assert entry.is_file()
    assert (WEBSITE / "dist" / "client").is_dir()
    assert "@astrojs/node" in (WEBSITE / "package.json").read_text(encoding="utf-8")
