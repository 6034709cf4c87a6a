"""An editor whose save the database refuses gets a German answer and keeps every input.

A second connection holds the database's write lock (SQLite: ``BEGIN IMMEDIATE`` on the test
database's file; PostgreSQL: ``LOCK TABLE … IN EXCLUSIVE MODE``) and the editor's connection
waits one second for it, like it would wait ``SQLITE_BUSY_TIMEOUT`` in operation. The editor's
page, snippet, image and document forms are refused, nothing is half-saved, the answer carries
the input, and sending it again once the lock is gone saves exactly that input.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageLogEntry, Revision

from cms.admin.transactions import is_busy
from projekte.models import ProjectPage, Topic
from tests.admin import files
from tests.projekte import factories
from tests.projekte.test_admin import project_data

NEW_TITLE = "Dorfladen Großbodungen – neu eröffnet"


class FormFields(HTMLParser):
    """The fields of the answer's resubmit form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.action = None
        self.fields: list[tuple[str, str]] = []
        self.file_inputs: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self._in_form = True
            self.action = attrs["action"]
        elif tag == "input" and self._in_form:
            if attrs.get("type") == "file":
                self.file_inputs.append(attrs["name"])
            elif "name" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def resubmit_form(response) -> FormFields:
    parser = FormFields()
    parser.feed(response.content.decode())
    assert parser.action, "the answer has no form to send the input again"
    return parser


def as_post(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def initial_data(form) -> dict:
    """What an unchanged form would send: every field's initial value."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None and not hasattr(value, "read"):
            data[name] = str(value)
        elif getattr(field, "required", False) is False:
            data[name] = ""
    return data


@pytest.fixture
def editor(shared_database):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    return client


@pytest.fixture
def project(shared_database, request):
    home = request.getfixturevalue("home")
    index = factories.ProjectIndexPageFactory(parent=home)
    page = factories.ProjectPageFactory(parent=index, title="Dorfladen Großbodungen")
    page.save_revision().publish()
    return page


def page_publish(project):
    data = project_data(title=NEW_TITLE, slug=project.slug)
    data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:edit", args=[project.pk])

    def saved():
        page = ProjectPage.objects.get(pk=project.pk)
        return page.live and page.title == NEW_TITLE

    return url, data, saved


def page_create(project):
    data = project_data(title=NEW_TITLE, slug="neu-eroeffnet")
    data["action-publish"] = "action-publish"
    parent = project.get_parent()
    url = reverse("wagtailadmin_pages:add", args=("projekte", "projectpage", parent.pk))
    return url, data, lambda: ProjectPage.objects.filter(title=NEW_TITLE, live=True).exists()


def snippet_edit(editor, locales):
    topic = Topic.objects.create(name="Energie", slug="energie", locale=locales["de"])
    url = reverse("wagtailsnippets_projekte_topic:edit", args=[topic.pk])
    data = initial_data(editor.get(url).context["form"])
    data["name"] = "Erneuerbare Energie"
    return url, data, lambda: Topic.objects.get(pk=topic.pk).name == "Erneuerbare Energie"


def image_edit(editor):
    image = factories.ImageFactory(collection=Collection.get_first_root_node())
    url = reverse("wagtailimages:edit", args=[image.pk])
    data = initial_data(editor.get(url).context["form"])
    data["description"] = "Windräder bei Sondershausen im Abendlicht"
    model = get_image_model()
    return url, data, lambda: model.objects.get(pk=image.pk).description == data["description"]


def document_edit(editor):
    from django.core.files.base import ContentFile

    model = get_document_model()
    document = model(title="Jahresbericht", collection=Collection.get_first_root_node())
    document.file.save("jahresbericht.pdf", ContentFile(files.pdf(2)))
    url = reverse("wagtaildocs:edit", args=[document.pk])
    data = initial_data(editor.get(url).context["form"])
    data["title"] = "Jahresbericht 2026"
    return url, data, lambda: model.objects.get(pk=document.pk).title == "Jahresbericht 2026"


@pytest.mark.parametrize(
    "form", ["page_publish", "page_create", "snippet_edit", "image_edit", "document_edit"]
)
def test_a_locked_database_refuses_in_german_and_keeps_the_input(
    shared_database, editor, project, locales, form
):
    url, data, saved = {
        "page_publish": lambda: page_publish(project),
        "page_create": lambda: page_create(project),
        "snippet_edit": lambda: snippet_edit(editor, locales),
        "image_edit": lambda: image_edit(editor),
        "document_edit": lambda: document_edit(editor),
    }[form]()
    counts = (Revision.objects.count(), PageLogEntry.objects.count())

    with shared_database.write_lock(), shared_database.lock_wait(1):
        refused = editor.post(url, data)

    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    html = refused.content.decode()
    assert "Die Datenbank war zu lange mit einer anderen Änderung beschäftigt." in html
    assert "Es wurde nichts gespeichert." in html
    assert "Noch einmal senden" in html
    assert not saved()
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == counts

    # Every field the editor sent is in the answer's form, unchanged (the CSRF token is fresh).
    resubmit = resubmit_form(refused)
    kept = as_post(resubmit.fields)
    kept.pop("csrfmiddlewaretoken")
    sent = {k: v if isinstance(v, list) else [str(v)] for k, v in data.items() if v != []}
    assert kept == sent
    assert resubmit.action == url

    # Sending it again, once the lock is gone, saves exactly that input.
    again = editor.post(resubmit.action, kept)
    assert again.status_code == 302, again.content.decode()[:2000]
    assert saved()


def test_a_refused_autosave_gets_wagtails_json_error_in_german(shared_database, editor, project):
    url, data, saved = page_publish(project)
    with shared_database.write_lock(), shared_database.lock_wait(1):
        refused = editor.post(url, data, HTTP_ACCEPT="application/json")
    assert refused.status_code == 503
    body = refused.json()
    assert body["success"] is False and body["error_code"] == "database_busy"
    assert "Es wurde nichts gespeichert." in body["error_message"]
    assert not saved()


def test_an_upload_refused_asks_for_the_file_again(shared_database, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "title": "Windrad",
        "description": "Ein Windrad vor blauem Himmel",
        "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile("windrad.png", files.png()),
    }
    with shared_database.write_lock(), shared_database.lock_wait(1):
        refused = editor.post(reverse("wagtailimages:add"), data)
    assert refused.status_code == 503
    assert "Die Datei „windrad.png“ bitte noch einmal auswählen" in refused.content.decode()
    resubmit = resubmit_form(refused)
    assert resubmit.file_inputs == ["file"]
    assert ("title", "Windrad") in resubmit.fields
    assert not get_image_model().objects.exists()


def test_a_refused_login_never_repeats_the_password(shared_database):
    get_user_model().objects.create_superuser("redaktion", "r@example.org", "geheim-Kyffhaeuser")
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    data = {"username": "redaktion", "password": "geheim-Kyffhaeuser"}
    with shared_database.write_lock(), shared_database.lock_wait(1):
        refused = client.post(reverse("wagtailadmin_login"), data)
    assert refused.status_code == 503
    html = refused.content.decode()
    assert "geheim-Kyffhaeuser" not in html
    assert "Passwort bitte noch einmal eingeben" in html
    resubmit = resubmit_form(refused)
    assert ("username", "redaktion") in resubmit.fields
    assert ("password", "") in resubmit.fields  # an empty password input to type it again


REFUSE_PUBLISH = {
    "sqlite": [
        "CREATE TRIGGER cms_test_refuse BEFORE INSERT ON wagtailcore_pagelogentry "
        "WHEN NEW.action = 'wagtail.publish' BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION cms_test_refuse() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER cms_test_refuse BEFORE INSERT ON wagtailcore_pagelogentry "
        "FOR EACH ROW WHEN (NEW.action = 'wagtail.publish') EXECUTE FUNCTION cms_test_refuse()",
    ],
}


def test_a_publish_refused_half_way_saves_nothing_and_keeps_the_input(admin_client, home):
    """The database refuses the publish's log entry, after the revision was written."""
    index = factories.ProjectIndexPageFactory(parent=home)
    project = factories.ProjectPageFactory(parent=index, title="Dorfladen Großbodungen")
    project.save_revision().publish()
    url, data, saved = page_publish(project)
    revisions = Revision.objects.count()
    with connection.cursor() as cursor:
        for statement in REFUSE_PUBLISH[connection.vendor]:
            cursor.execute(statement)

    refused = admin_client.post(url, data)

    assert refused.status_code == 500
    html = refused.content.decode()
    assert "Die Datenbank hat die Änderung abgelehnt. Es wurde nichts gespeichert;" in html
    assert ("title", NEW_TITLE) in resubmit_form(refused).fields
    assert Revision.objects.count() == revisions  # the revision went with the refused publish
    assert not saved()


def test_only_lock_errors_count_as_busy():
    from django.db import IntegrityError, OperationalError

    assert is_busy(OperationalError("database is locked"))
    assert is_busy(OperationalError("database table is locked: wagtailcore_page"))
    assert not is_busy(OperationalError("no such table: wagtailcore_page"))
    assert not is_busy(IntegrityError("UNIQUE constraint failed"))


def test_the_middleware_must_come_last(settings):
    """It calls the view itself: a middleware after it (CSRF!) would be skipped."""
    from cms.plugin.checks import ADMIN_TRANSACTIONS, check_admin_transactions

    assert check_admin_transactions(None) == []
    others = [m for m in settings.MIDDLEWARE if m != ADMIN_TRANSACTIONS]
    settings.MIDDLEWARE = [*others[:-1], ADMIN_TRANSACTIONS, others[-1]]
    assert [error.id for error in check_admin_transactions(None)] == ["cms.E006"]


def test_a_lost_connection_is_unavailable_not_an_error():
    """Issue 18's PostgreSQL restart: the publish in flight lost its connection and was
    answered as a refused change (500); sending again works once the server is back."""
    from django.db import OperationalError

    from cms.admin.transactions import is_unreachable

    class Cause(Exception):
        def __init__(self, sqlstate):
            self.sqlstate = sqlstate

    for sqlstate in ("57P01", "08006", None):
        lost = OperationalError("terminating connection due to administrator command")
        lost.__cause__ = Cause(sqlstate)
        assert is_busy(lost) and is_unreachable(lost), sqlstate
    failed = OperationalError('connection failed: connection to server at "127.0.0.1" failed')
    assert is_busy(failed) and is_unreachable(failed)
    assert not is_unreachable(OperationalError("database is locked"))


def test_with_the_database_out_of_reach_the_answer_still_keeps_the_input(home, monkeypatch):
    """The admin's frame reads the editor's account: with the database gone that failed too,
    and the editor got Django's bare 500 page instead of their input."""
    from django.db import OperationalError

    from cms.admin import transactions

    index = factories.ProjectIndexPageFactory(parent=home)
    project = factories.ProjectPageFactory(parent=index, title="Dorfladen Großbodungen")
    project.save_revision().publish()
    url, data, _saved = page_publish(project)
    gone = OperationalError("server closed the connection unexpectedly")
    original_render = transactions.render

    def render(request, template, *args, **kwargs):
        if template == "cms_admin/database_refused.html":
            raise OperationalError("connection failed: the admin frame cannot read the account")
        return original_render(request, template, *args, **kwargs)

    monkeypatch.setattr(transactions, "render", render)

    def view_that_loses_the_database(*args, **kwargs):
        raise gone

    middleware = transactions.AdminTransactionMiddleware(lambda request: None)
    request = RequestFactory().post(url, data)
    answer = middleware.process_view(request, view_that_loses_the_database, (), {})

    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    html = answer.content.decode()
    assert "Die Datenbank war kurz nicht erreichbar. Es wurde nichts gespeichert." in html
    assert ("title", NEW_TITLE) in resubmit_form(answer).fields
