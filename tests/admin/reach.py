"""A site where not everyone may see everything: the world of the "who sees what" admin tests.

Built on the roles of ``setup_roles`` (Redakteure, Freigabe, Übersetzer), a superuser, and a
partner office group that reaches one collection and nothing else:

- German pages (marker „Fachtag“): one per dashboard panel; the translator may not explore them;
- an internal tree added after ``setup_roles`` (marker „Klausur“), under a login restriction, on
  which no role holds a right: only the superuser may explore it;
- a German project linking to an unpublished internal page („Klausur-Archiv“): editors may see
  the German page but not the target's title;
- the German navigation snippet with broken links to both (no snippet rights: the partner office);
- a private document („Vorstandsprotokoll“) in a restricted collection and a public one
  („Jahresbericht“) in the partner office's collection, both without readable text;
- readers' queries naming each, and indexing failures of a German and an internal page.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    Locale,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowTask,
)

from cms.models import CmsDocument
from cms.plugin.demo import stream
from cms.translation import roles
from tests.projekte import factories

PASSWORD = "pw-Nordthueringen"
PARTNERS = "Partnerbüro"

#: The users of the tests, by the role they stand for.
ROLES = ("redakteurin", "freigabe", "uebersetzer", "chef", "partner")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    snippet: object = None

    def client(self, role: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        client.force_login(self.users[role])
        return client


def cta(page_pk: int):
    link = {"label": "Mehr", "page": page_pk, "document": None, "url": ""}
    return ("call_to_action", {"title": "Weiter", "text": "", "link": link})


def _user(username: str, *groups: str, superuser: bool = False):
    model = get_user_model()
    if superuser:
        return model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    user = model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def _partner_office(collection: Collection) -> None:
    """A group with admin access, the search report and documents of one collection only."""
    group = Group.objects.create(name=PARTNERS)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "cms_search"],
            codename__in=["access_admin", "view_search_report"],
        )
    )
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )


def _document(title: str, collection: Collection) -> CmsDocument:
    document = factories.make_document(title)
    document.collection = collection
    document.save()
    CmsDocument.objects.filter(pk=document.pk).update(text_extraction="failed")
    return document


def _edited(page: Page, user) -> Page:
    page.save_revision(user=user, log_action=True)
    return page


def build(home) -> World:
    """The world above, on top of the ``home`` fixture (German and English start pages)."""
    from home.models import HomePage, Navigation
    from search.models import IndexingFailure, QueryStat

    call_command("setup_roles", stdout=io.StringIO())
    world = World()
    german = Locale.objects.get(language_code="de")
    world.users = {
        "redakteurin": _user("redakteurin", roles.EDITORS),
        "freigabe": _user("freigabe", roles.PUBLISHERS),
        "uebersetzer": _user("uebersetzer", roles.TRANSLATORS),
        "chef": _user("chef", superuser=True),
    }
    # German pages are written by the editor in the agency's workflow; internal ones by the
    # superuser in the management's own workflow (no role moderates it).
    management = Group.objects.create(name="Geschäftsführung")
    internal_task = GroupApprovalTask.objects.create(name="Geschäftsführung")
    internal_task.groups.set([management])
    internal_workflow = Workflow.objects.create(name="Interne Freigabe")
    WorkflowTask.objects.create(workflow=internal_workflow, task=internal_task, sort_order=0)
    actors = {
        "de": (world.users["redakteurin"], Workflow.objects.get(name=roles.WORKFLOW_NAME)),
        "intern": (world.users["chef"], internal_workflow),
    }
    later = timezone.now() + datetime.timedelta(days=3)

    # The internal tree: added after setup_roles, so no group holds a right on it.
    internal = Page.get_first_root_node().add_child(
        instance=HomePage(title="Interner Bereich Klausur", slug="intern", locale=german)
    )
    internal.save_revision().publish()
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)
    german_projects = factories.ProjectIndexPageFactory(parent=home)
    internal_projects = factories.ProjectIndexPageFactory(
        parent=internal, title="Klausur-Projekte", slug="klausur-projekte"
    )

    pages = world.pages
    for prefix, parent, marker in (
        ("de", german_projects, "Fachtag"),
        ("intern", internal_projects, "Klausur"),
    ):
        editor, workflow = actors[prefix]
        submitted = factories.ProjectPageFactory(
            parent=parent, title=f"{marker} im Workflow", slug=f"{prefix}-workflow", live=False
        )
        _edited(submitted, editor)
        workflow.start(submitted, editor)
        planned = factories.ProjectPageFactory(
            parent=parent, title=f"{marker} geplant", slug=f"{prefix}-geplant", live=False
        )
        planned.go_live_at = later
        planned.save_revision(user=editor).publish()
        expiring = factories.ProjectPageFactory(
            parent=parent, title=f"{marker} läuft ab", slug=f"{prefix}-ablauf"
        )
        expiring.expire_at = later
        expiring.save_revision(user=editor).publish()
        untranslated = factories.ProjectPageFactory(
            parent=parent, title=f"{marker} ohne Übersetzung", slug=f"{prefix}-deutsch"
        )
        _edited(untranslated, editor)
        draft = factories.ProjectPageFactory(
            parent=parent, title=f"{marker} Entwurf", slug=f"{prefix}-entwurf", live=False
        )
        _edited(draft, editor)
        pages[prefix] = {
            "workflow": submitted,
            "planned": planned,
            "expiring": expiring,
            "untranslated": untranslated,
            "draft": draft,
        }

    # An unpublished internal page, linked from a German and an internal project.
    archive = factories.ProjectPageFactory(
        parent=internal_projects, title="Klausur-Archiv", slug="klausur-archiv"
    )
    for prefix, parent, marker in (
        ("de", german_projects, "Fachtag"),
        ("intern", internal_projects, "Klausur"),
    ):
        linking = factories.ProjectPageFactory(
            parent=parent, title=f"{marker} mit totem Link", slug=f"{prefix}-link"
        )
        linking.body = stream([cta(archive.pk)])
        linking.save_revision().publish()
        pages[prefix]["linking"] = linking
    archive.unpublish()
    pages["archive"] = archive

    # The German navigation: a snippet with two broken links (the unpublished German draft, the
    # unpublished internal page).
    items = [
        {
            "link": {"label": f"Menü {number}", "page": target.pk, "document": None, "url": ""},
            "children": [],
        }
        for number, target in enumerate((pages["de"]["draft"], archive), start=1)
    ]
    navigation = Navigation.objects.filter(locale=german).first() or Navigation(locale=german)
    navigation.main_menu = stream([("item", item) for item in items])
    navigation.save()
    world.snippet = navigation

    # Documents: a private one (restricted collection) and one of the partner office.
    root = Collection.get_first_root_node()
    confidential = root.add_child(name="Vertraulich")
    CollectionViewRestriction.objects.create(
        collection=confidential, restriction_type=CollectionViewRestriction.LOGIN
    )
    partner_collection = root.add_child(name="Partnerdokumente")
    world.documents = {
        "private": _document("Vorstandsprotokoll Kalirevier", confidential),
        "public": _document("Jahresbericht Partnerregion", partner_collection),
    }
    _partner_office(partner_collection)
    world.users["partner"] = _user("partner", PARTNERS)

    # Readers' queries, and indexing failures of a German and an internal page.
    today = timezone.localdate()
    for query, searches, without in (
        ("vorstandsprotokoll kalirevier", 5, 5),
        ("jahresbericht partnerregion", 4, 0),
        ("klausur ohne übersetzung", 3, 3),
        ("fachtag", 2, 0),
    ):
        QueryStat.objects.create(
            day=today, language="de", query=query, searches=searches, without_results=without
        )
    IndexingFailure.objects.create(
        page_id=pages["de"]["untranslated"].pk,
        backend="default",
        operation="add",
        error="Zeitüberschreitung Fachtag-Index",
    )
    IndexingFailure.objects.create(
        page_id=pages["intern"]["untranslated"].pk,
        backend="default",
        operation="add",
        error="Zeitüberschreitung Klausur-Index",
    )
    return world
