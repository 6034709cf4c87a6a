"""Shared fixtures: locales and a site whose root is a German home page."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Collection, Locale, Page, Site

#: Fixtures through which a test reaches the database (pytest-django's).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}

MIGRATION_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("wagtail_localize", "translation", "submit_translation", "Can submit translations"),
]


def pytest_collection_modifyitems(config, items):
    """Mark the tests that cannot reach the database ``database_independent``.

    pytest-django refuses database access to a test without the ``django_db`` marker or one of
    its database fixtures, so such a test gives the same result on every database; ``bin/test``
    runs them on the first database of ``TEST_DATABASE_URLS`` only (lint-like checks, npm builds,
    subprocess checks of settings).
    """
    for item in items:
        if item.get_closest_marker("django_db") is None and not (
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.database_independent)


@pytest.fixture(autouse=True)
def _fresh_api_caches():
    """Test rollbacks undo content-generation bumps, so generations repeat: forget cached ones."""
    from cms.api.cache import reset

    reset()


@pytest.fixture(autouse=True)
def _commits_run_feed_consumers(request, monkeypatch):
    """``on_commit`` callbacks (feed consumers: search indexing, purges) run where production
    commits (:mod:`tests.commits`), unless the test captures them itself."""
    if "django_capture_on_commit_callbacks" in request.fixturenames:
        return
    from tests.commits import run_on_commit_where_production_commits

    run_on_commit_where_production_commits(monkeypatch)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, as each request does. An API request leaves
    its answer's language active in the thread (``cms.api.http.use_locale``; the next request's
    middleware activates its own), so a test after an English answer saw English messages."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tree_roots(request):
    """Recreate what migrations create (locale, root page, root collection) for transactional tests.

    A transactional test (``live_server``, ``transactional_db``) ends by flushing every table,
    which also removes the rows that Wagtail's migrations inserted; later tests would then find no
    root page or collection.
    """
    if not {"live_server", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    # Permissions that only data migrations create (the snapshot restore can miss them).
    for app_label, model, codename, name in MIGRATION_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )


@pytest.fixture
def locales(db):
    call_command("setup_site", stdout=open("/dev/null", "w"))
    return {code: Locale.objects.get(language_code=code) for code in ("de", "en")}


@pytest.fixture
def home(locales):
    """The German home page as the default site's root (what ``load_demo_content`` starts with)."""
    from home.demo import load

    load(stdout=None, translate_media=False)
    return Site.objects.get(is_default_site=True).root_page.specific


def restore_migration_data() -> None:
    """Recreate what Wagtail's data migrations made, when a flush removed it.

    pytest-django flushes the database after a test that commits (``transactional_db``); on
    SQLite that is a file copy (:mod:`tests.shared_database`), on PostgreSQL the test database
    itself. The flush's ``post_migrate`` recreates content types and permissions, not the tree
    roots. Source of the list: wagtailcore 0002 and 0026 (root page; the "Welcome" page and its
    site are left out, as ``setup_site`` replaces them), the collections migration (root
    collection), wagtailcore's default locale.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    if Page.objects.filter(depth=1).exists() and Collection.objects.filter(depth=1).exists():
        return
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Every database test starts with the tree roots (see :func:`restore_migration_data`)."""
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    elif request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("_django_db_helper")
    else:
        return
    restore_migration_data()


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The test database reachable from other connections (see tests/shared_database.py)."""
    from tests.shared_database import SharedDatabase

    database = SharedDatabase(tmp_path)
    yield database
    database.close()
