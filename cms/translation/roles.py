"""The agency's roles: who may write German, approve, translate to English, or read the API.

``setup_roles`` creates them from these definitions; the tests check each against Wagtail's own
permission policies. Page rights are granted per locale: a group holds them on a locale's root
page (the start page of that language) and so on that language's tree only.

- Redakteure (editors): create and edit German pages, images, documents and snippets; submit
  German pages to the "Redaktion → Freigabe" workflow. No publishing, nothing in English.
- Freigabe (publishers): approve the workflow's task and publish, in German and English; start and
  synchronise translations; read the search report (``cms_search.view_search_report``). They
  decide what the site offers and which results to promote, so they need to know what readers
  look for; readers' raw queries can name people (personal data), so the right stays with this
  one accountable role and not with every editor or translator (data minimisation). They also
  manage the webhooks that tell front ends about published changes (``cms.manage_webhooks``). A
  right of a plugin that is switched off is skipped by ``setup_roles``.
- Übersetzer (translators): start and synchronise translations, edit and publish English pages
  and snippets. German content and the page tree (creating, moving, deleting pages) stay closed:
  Wagtail grants "change" on a page also the deletion of leaf pages, so ``wagtail_hooks`` refuses
  deleting and moving for translators, and editing of German snippets (snippet permissions in
  Wagtail are per model, not per locale).
- API-Clients: technical accounts of front ends. No admin access and no content rights; read
  access comes from the API's scoped tokens (cms.api), this group only marks the accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

EDITORS = "Redakteure"
PUBLISHERS = "Freigabe"
TRANSLATORS = "Übersetzer"
API_CLIENTS = "API-Clients"

WORKFLOW_NAME = "Redaktion → Freigabe"
TASK_NAME = "Freigabe"

SOURCE = "source"
TRANSLATED = "translated"


@dataclass(frozen=True)
class Role:
    """A group and its rights.

    ``pages`` maps a locale kind (``source``: German; ``translated``: every other locale) to the
    Wagtail page permission types granted on that locale's root page. ``snippets`` are the
    model-permission actions on every registered snippet type (``publish`` only where the model
    has it); ``media`` the actions on images and documents in the root collection;
    ``permissions`` further rights as ``app_label.codename`` (of a plugin's app: skipped while the
    plugin is switched off).
    """

    name: str
    description: str
    admin: bool = True
    pages: dict[str, tuple[str, ...]] | None = None
    snippets: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()


ROLES: tuple[Role, ...] = (
    Role(
        name=EDITORS,
        description=_("Redakteure: deutsche Inhalte anlegen und bearbeiten"),
        pages={SOURCE: ("add", "change")},
        snippets=("add", "change"),
        media=("add", "change", "choose"),
    ),
    Role(
        name=PUBLISHERS,
        description=_("Freigabe: Inhalte prüfen, freigeben und veröffentlichen"),
        pages={
            SOURCE: ("add", "change", "publish", "bulk_delete", "lock", "unlock"),
            TRANSLATED: ("change", "publish", "lock", "unlock"),
        },
        snippets=("add", "change", "delete", "publish"),
        media=("add", "change", "delete", "choose"),
        permissions=(
            "wagtail_localize.submit_translation",
            # Image and document texts per locale (cms.admin.media_texts).
            "cms.add_imagetext",
            "cms.change_imagetext",
            "cms.add_documenttext",
            "cms.change_documenttext",
            # The search plugin's report of readers' queries (see the module docstring).
            "cms_search.view_search_report",
            # Signed webhooks to the front ends' build hooks (cms.admin.webhooks).
            "cms.manage_webhooks",
        ),
    ),
    Role(
        name=TRANSLATORS,
        description=_("Übersetzer: englische Fassungen übersetzen und veröffentlichen"),
        pages={TRANSLATED: ("change", "publish")},
        snippets=("change", "publish"),
        media=("choose",),
        permissions=(
            "wagtail_localize.submit_translation",
            # Image and document texts per locale (cms.admin.media_texts).
            "cms.add_imagetext",
            "cms.change_imagetext",
            "cms.add_documenttext",
            "cms.change_documenttext",
        ),
    ),
    Role(
        name=API_CLIENTS,
        description=_("API-Clients: technische Konten der Frontends, ohne Zugang zur Verwaltung"),
        admin=False,
    ),
)


def is_translator_only(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for a translator who is neither superuser, editor nor publisher."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATORS in names and not names & {EDITORS, PUBLISHERS}
