"""Fixtures of the core's tests: the English start page is the API tests' own fixture."""

from tests.api.conftest import english_home  # noqa: F401 - shared, not copied
