"""wagtail-localize's translation editor, readable in German.

The editor is a React app (``wagtail_localize/static/.../wagtail-localize.js``). Most of its
texts go through gettext and have German; two do not: the heading of the string list
("Deutsch to Englisch translation", a template literal) and the screen-reader label of the
footer's menu ("More actions"). And it shows every string as plain text, so a rich-text
paragraph with a link reads ``Die Protokolle stehen in der <a id="a1">Mediathek</a>.``: the
markup wagtail-localize keeps in place of the link (its target is stored aside and put back on
publishing).

``translation_editor.js`` (added to editor pages by :func:`editor_js`) fixes the display without
touching the package: it replaces the two English texts by the German of :func:`labels` and
shows such strings with the linked words underlined and bold or italic words formatted, in the
source and in saved translations. Only elements whose whole content is one such string are
changed (React sets them as one text), so the app keeps working; editing is unchanged: the
input field still holds the markup, which a translation must keep (see docs/translation.md).
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import gettext as _

SCRIPT = "cms_translation/translation_editor.js"


def labels() -> dict[str, str]:
    """The German texts the script puts in place of the editor's English ones."""
    return {
        "moreActions": _("Weitere Aktionen"),
        # %(source)s and %(target)s: the languages' names ("Deutsch", "Englisch")
        "heading": _("Übersetzung %(source)s → %(target)s"),
        "link": _("Verweis: bleibt in der Übersetzung erhalten"),
    }


def editor_js() -> str:
    """The script and its labels, for Wagtail's ``insert_editor_js`` hook (every editor page;
    the script does nothing outside wagtail-localize's translation editor)."""
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(labels(), "cms-translation-editor-labels"),
        static(SCRIPT),
    )
