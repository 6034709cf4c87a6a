"""Fixtures of the delivery tests: those of the API tests (home page, English home, events)."""

from tests.api.conftest import api, document, en, english_home, event, image  # noqa: F401
