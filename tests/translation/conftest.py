"""Fixtures of the translation tests: roles from ``setup_roles``, one user per group, PO helpers."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from cms.translation import roles as role_defs


@pytest.fixture
def roles(home):
    """The four groups, the English start page (a draft translation) and the workflow."""
    call_command("setup_roles", stdout=io.StringIO())
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def en_home(roles, locales):
    return Page.objects.get(depth=2, locale=locales["en"]).specific


@pytest.fixture
def make_user(db):
    def make(username: str, *groups: str):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.set(Group.objects.filter(name__in=groups))
        return user

    return make


@pytest.fixture
def editor(roles, make_user):
    return make_user("redakteurin", role_defs.EDITORS)


@pytest.fixture
def publisher(roles, make_user):
    return make_user("freigabe", role_defs.PUBLISHERS)


@pytest.fixture
def translator(roles, make_user):
    return make_user("uebersetzer", role_defs.TRANSLATORS)
