"""``manage.py setup_roles``: the editorial groups, their rights per locale and the workflow."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import Translation, TranslationSource

from cms.plugin.registry import registry
from cms.translation import roles
from cms.translation.published_source import NotPublished, published_version

#: Groups Wagtail's initial migration creates with rights on the whole tree (wagtailcore 0002).
WAGTAIL_INITIAL_GROUPS = ("Editors", "Moderators")

# Wagtail checks image and document rights against its own models, also with custom ones.
MEDIA_MODELS = ("wagtailimages.image", "wagtaildocs.document")


def _installed(app_label: str) -> bool:
    try:
        apps.get_app_config(app_label)
    except LookupError:
        return False
    return True


class Command(BaseCommand):
    """Run by ``make setup`` and after adding a plugin or a locale root; see ``help``."""

    help = (
        "Create the groups Redakteure, Freigabe, Übersetzer and API-Clients with their rights per "
        "locale, and the workflow 'Redaktion → Freigabe' on the German start pages. Idempotent: "
        "run it again after adding a plugin or a locale root; rights are set, never duplicated."
    )

    def handle(self, *args, **options) -> None:
        """Create or update each role of :data:`cms.translation.roles.ROLES` (model, page and
        collection rights) and the review workflow, in one transaction; one line per group on
        stdout.
        """
        with transaction.atomic():
            roots = self._locale_roots()
            for number, role in enumerate(roles.ROLES, start=1):
                self.stdout.write(f"[{number}/{len(roles.ROLES)}] Gruppe {role.name} …")
                group, created = Group.objects.get_or_create(name=role.name)
                self._model_permissions(group, role)
                pages = self._page_permissions(group, role, roots)
                media = self._collection_permissions(group, role)
                state = "angelegt" if created else "aktualisiert"
                self.stdout.write(
                    f"    {state}: {group.permissions.count()} Rechte, "
                    f"{pages} Seitenrechte, {media} Sammlungsrechte"
                )
            workflow_pages = self._workflow(roots)
            self._retire_wagtail_groups()
        self.stdout.write(
            self.style.SUCCESS(
                f"Rollen bereit: {len(roles.ROLES)} Gruppen; Workflow „{roles.WORKFLOW_NAME}“ "
                f"auf {workflow_pages} Startseite(n)."
            )
        )

    def _locale_roots(self) -> dict[str, list[Page]]:
        """The top-level pages of each kind of locale: German (source) and translated ones.

        A translated locale without its own root gets one: a draft translation of the German
        root, made by wagtail-localize, so that translators have a tree to hold rights on.
        """
        default = Locale.get_default()
        # Wagtail's own welcome page (a plain Page) is no locale root; the demo content replaces it.
        top = Page.objects.filter(depth=2).exclude(
            content_type=ContentType.objects.get_for_model(Page)
        )
        source = list(top.filter(locale=default))
        for locale in Locale.objects.exclude(pk=default.pk):
            for page in source:
                if page.get_translations().filter(locale=locale).exists():
                    continue
                try:
                    published = published_version(page)
                except NotPublished:
                    self.stdout.write(
                        f"    Startseite für {locale.language_code} nicht angelegt: die deutsche "
                        "Startseite ist nicht veröffentlicht"
                    )
                    continue
                translation_source, _ = TranslationSource.get_or_create_from_instance(published)
                translation, _ = Translation.objects.get_or_create(
                    source=translation_source, target_locale=locale
                )
                translation.save_target(publish=False)
                self.stdout.write(
                    f"    Startseite für {locale.language_code} als Übersetzungsentwurf angelegt"
                )
        translated = list(top.exclude(locale=default))
        self.stdout.write(
            f"Startseiten: {len(source)} deutsch, {len(translated)} übersetzt"
            + ("" if source else " (noch keine Seiten: später erneut ausführen)")
        )
        return {roles.SOURCE: source, roles.TRANSLATED: translated}

    def _model_permissions(self, group: Group, role: roles.Role) -> None:
        wanted = set()
        if role.admin:
            wanted.add(("wagtailadmin", "access_admin"))
        for dotted in role.permissions:
            app_label, codename = dotted.split(".", 1)
            if not _installed(app_label):
                continue  # a switched-off plugin's right (CMS_DISABLED_PLUGINS)
            wanted.add((app_label, codename))
        for model in registry.models("snippet"):
            meta = model._meta
            for action in role.snippets:
                codename = f"{action}_{meta.model_name}"
                if (
                    any(c == codename for c, _ in meta.permissions)
                    or action in meta.default_permissions
                ):
                    wanted.add((meta.app_label, codename))
        found = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.filter(codename__in=[c for _a, c in wanted]).select_related(
                "content_type"
            )
        }
        missing = sorted(wanted - set(found))
        if missing:
            names = ", ".join(f"{a}.{c}" for a, c in missing)
            raise CommandError(f"Rechte fehlen in der Datenbank: {names} (migrate ausführen).")
        permissions = [found[key] for key in sorted(wanted)]
        # Set, not add: a right removed from a role is removed from the group on the next run.
        group.permissions.set(permissions)

    def _page_permissions(self, group: Group, role: roles.Role, roots: dict) -> int:
        wanted = set()
        for kind, types in (role.pages or {}).items():
            for page in roots[kind]:
                for permission_type in types:
                    permission = Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                    )
                    wanted.add((page.pk, permission.pk))
        existing = GroupPagePermission.objects.filter(group=group)
        existing.exclude(
            pk__in=[gpp.pk for gpp in existing if (gpp.page_id, gpp.permission_id) in wanted]
        ).delete()
        for page_id, permission_id in sorted(wanted):
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission_id=permission_id
            )
        return len(wanted)

    def _collection_permissions(self, group: Group, role: roles.Role) -> int:
        root = Collection.get_first_root_node()
        wanted = set()
        for label in MEDIA_MODELS:
            app_label, model_name = label.split(".")
            content_type = ContentType.objects.get(app_label=app_label, model=model_name)
            for action in role.media:
                permission = Permission.objects.filter(
                    content_type=content_type, codename=f"{action}_{model_name}"
                ).first()
                if permission is not None:
                    wanted.add(permission.pk)
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root, permission_id__in=wanted
        ).delete()
        for permission_id in sorted(wanted):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission_id=permission_id
            )
        return len(wanted)

    def _retire_wagtail_groups(self) -> None:
        """Take Wagtail's initial groups out of the role model.

        Wagtail's first migration creates "Editors" and "Moderators" with rights on the tree root
        and the root collection: a user put there would edit and publish every language and bypass
        the roles above. An empty one is deleted; one with members keeps its members but loses
        every right, and the output names them so an administrator assigns them a role.
        """
        for group in Group.objects.filter(name__in=WAGTAIL_INITIAL_GROUPS):
            members = sorted(group.user_set.values_list(get_user_model().USERNAME_FIELD, flat=True))
            if not members:
                group.delete()
                self.stdout.write(f"    Wagtails Standardgruppe {group.name} entfernt")
                continue
            group.permissions.clear()
            GroupPagePermission.objects.filter(group=group).delete()
            GroupCollectionPermission.objects.filter(group=group).delete()
            self.stdout.write(
                self.style.WARNING(
                    f"    Wagtails Standardgruppe {group.name}: alle Rechte entzogen; Mitglieder "
                    f"({', '.join(members)}) bitte einer Rolle zuordnen"
                )
            )

    def _workflow(self, roots: dict) -> int:
        publishers = Group.objects.get(name=roles.PUBLISHERS)
        workflow, _ = Workflow.objects.get_or_create(name=roles.WORKFLOW_NAME)
        task = GroupApprovalTask.objects.filter(name=roles.TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=roles.TASK_NAME)
        task.groups.set([publishers])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        for page in roots[roles.SOURCE]:
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        # Wagtail's initial data puts its "Moderators approval" on the tree root, which would send
        # English translations to the (empty) default Moderators group. Translations are published
        # by translators and publishers; the German trees have the workflow above.
        removed, _ = WorkflowPage.objects.filter(page__depth=1).delete()
        if removed:
            self.stdout.write("    Standard-Workflow von Wagtail an der Wurzel entfernt")
        return len(roots[roles.SOURCE])
