"""Fixtures for the admin tests: a logged-in superuser client and a snapshot of stored uploads."""

from __future__ import annotations

import os

import pytest
from django.conf import settings


@pytest.fixture
def admin_client(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def stored_files() -> set[str]:
    found = set()
    for directory, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(directory, name) for name in files)
    return found


@pytest.fixture
def nothing_stored(db):
    """Asserts at the end of the test that no image, document, pending upload or file was stored."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import UploadedFile

    models = (get_image_model(), get_document_model(), UploadedFile)
    before = ({m: m.objects.count() for m in models}, stored_files())
    yield
    after = ({m: m.objects.count() for m in models}, stored_files())
    assert after == before, "a refused upload left something behind"
