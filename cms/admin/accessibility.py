"""Wagtail's accessibility checker (axe-core in the userbar and the editor's "Checks" panel).

Wagtail runs a small set of rules by default. The agency publishes for the public sector
(BITV 2.0 / WCAG 2.1 AA), so the checker here also runs the rules that catch what editors can
get wrong in content: missing image alt text, empty links and headings, skipped heading levels,
empty table headers, missing document title and language, and colour contrast of the preview.
Messages are German (Wagtail's own rule messages are translated by its catalog).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.userbar import ContentCheckerItem

#: Extra axe-core rules on top of Wagtail's defaults.
EXTRA_RULES = [
    "image-alt",
    "role-img-alt",
    "document-title",
    "html-has-lang",
    "html-lang-valid",
    "list",
    "listitem",
    "color-contrast",
    "duplicate-id-aria",
]

EXTRA_MESSAGES = {
    "image-alt": {
        "error_name": _("Bild ohne Alternativtext"),
        "help_text": _("Geben Sie im Bildblock oder beim Bild einen Alternativtext ein."),
    },
    "role-img-alt": {
        "error_name": _("Grafik ohne Textalternative"),
        "help_text": _("Beschreiben Sie die Grafik in einem Satz."),
    },
    "document-title": {
        "error_name": _("Seitentitel fehlt"),
        "help_text": _("Die Vorschau braucht einen Titel."),
    },
    "html-has-lang": {
        "error_name": _("Sprache der Seite fehlt"),
        "help_text": _("Die Vorschau muss ihre Sprache angeben."),
    },
    "html-lang-valid": {
        "error_name": _("Ungültige Sprachangabe"),
        "help_text": _("Die Sprache muss z. B. „de“ oder „en“ sein."),
    },
    "list": {
        "error_name": _("Fehlerhafte Liste"),
        "help_text": _("Listen dürfen nur Listeneinträge enthalten."),
    },
    "listitem": {
        "error_name": _("Listeneintrag außerhalb einer Liste"),
        "help_text": _("Verwenden Sie die Listenfunktion des Editors."),
    },
    "color-contrast": {
        "error_name": _("Zu geringer Farbkontrast"),
        "help_text": _("Text muss sich deutlich vom Hintergrund abheben."),
    },
    "duplicate-id-aria": {
        "error_name": _("Doppelte Kennung"),
        "help_text": _("Eine Kennung darf nur einmal vorkommen."),
    },
}


class CmsContentCheckerItem(ContentCheckerItem):
    """Wagtail's accessibility checker of the user bar (axe-core) with the project's extra rules and
    their German messages.
    """

    axe_run_only = [*ContentCheckerItem.axe_run_only, *EXTRA_RULES]
    axe_messages = {**ContentCheckerItem.axe_messages, **EXTRA_MESSAGES}


def construct_wagtail_userbar(request, items, page=None) -> None:
    """Swap Wagtail's checker for the project's (keeps its position and editor mode)."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, CmsContentCheckerItem):
            items[index] = CmsContentCheckerItem(in_editor=item.in_editor)
