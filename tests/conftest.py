"""Shared fixtures: locales and a site whose root is a German home page."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Site


@pytest.fixture
def locales(db):
    call_command("setup_site", stdout=open("/dev/null", "w"))
    return {code: Locale.objects.get(language_code=code) for code in ("de", "en")}


@pytest.fixture
def home(locales):
    """The German home page as the default site's root (what ``load_demo_content`` starts with)."""
    from home.demo import load

    load(stdout=None)
    return Site.objects.get(is_default_site=True).root_page.specific
