"""Checks on a PO file uploaded for a translation, before wagtail-localize imports anything.

wagtail-localize's own upload view accepts a file for the right translation, silently skips
entries it does not recognise, imports entries flagged ``fuzzy`` as final translations, and
polib even accepts an unterminated string as empty. Translators work offline in PO editors, so
mistakes are common. :func:`check_po_upload` sorts them:

- a file that is not a translation of this page (another page's file, broken syntax, a changed
  German ``msgid``, a field the page does not have) is refused with :class:`PoFileRejected`, a
  German message naming the line; nothing is imported;
- an entry flagged ``fuzzy`` ("needs work", what Poedit sets on pre-translated entries) is not
  imported: the string keeps the translation it had (or stays untranslated), and the upload
  names its line (:attr:`CheckedUpload.fuzzy`);
- an entry whose translation breaks its source (placeholders, inline tags, link targets; the one
  check of :mod:`cms.translation.validation`, also applied by the translation editor) is imported
  flagged, exactly as a save in the translation editor is, and the upload names its line
  (:attr:`CheckedUpload.flagged`); the page uses the German text for it until it is fixed.

:func:`export_po` is wagtail-localize's export with one addition that makes "needs work"
travel both ways: a flagged string (one the translation editor or an earlier upload stored with
a problem) is exported ``fuzzy``, with its German message as the translator comment, so a PO
editor shows it as "needs work"; uploaded unchanged it stays as it is, corrected (which clears
the mark in Poedit and the like) it is imported. So a file the system exported imports again
unchanged, whatever its strings hold.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field

import polib
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
)

from cms.translation.validation import translation_problems

#: How many problems one message lists; a file with more is usually the wrong file altogether.
MAX_REPORTED = 5

#: A quoted PO string: opening quote, escaped or plain characters, closing quote, nothing after.
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
KEYWORD_LINE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$")

ID_HEADER = "X-WagtailLocalize-TranslationID"

#: A page's PO file is a few kilobytes; anything this large is not one.
MAX_BYTES = 5 * 1024 * 1024


class PoFileRejected(ValueError):
    """The upload is refused; ``str(exc)`` is the German message for the translator."""


@dataclass
class CheckedUpload:
    """A PO file that may be imported.

    ``po`` holds the entries to import (fuzzy entries removed); ``fuzzy`` and ``flagged`` are
    German descriptions ("Zeile 12 („…“)") of the entries left out as fuzzy and of
    those imported with a problem (with the problem named).
    """

    po: polib.POFile
    fuzzy: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """The German messages the upload shows besides its success message (none, one or two)."""
        found = []
        if self.fuzzy:
            found.append(
                _(
                    "Als „ungenau“ (fuzzy) markierte Einträge wurden nicht übernommen; diese "
                    "Texte behalten ihre bisherige Übersetzung: %(lines)s Bitte im PO-Editor "
                    "prüfen, die Markierung entfernen und die Datei erneut hochladen."
                )
                % {"lines": _listed(self.fuzzy)}
            )
        if self.flagged:
            found.append(
                _(
                    "Diese Übersetzungen wurden gespeichert, aber markiert; bis zur Korrektur "
                    "verwendet die Seite den deutschen Ausgangstext: %(lines)s"
                )
                % {"lines": _listed(self.flagged)}
            )
        return found


def _listed(items: list[str]) -> str:
    shown = " ".join(items[:MAX_REPORTED])
    more = len(items) - MAX_REPORTED
    if more > 0:
        shown += " " + _("(und %(count)s weitere)") % {"count": more}
    return shown


def export_po(translation: Translation) -> polib.POFile:
    """The PO file of ``translation`` (wagtail-localize's ``Translation.export_po``) with its
    flagged strings marked ``fuzzy`` and their message as translator comment."""
    po = translation.export_po()
    flagged = {
        (string.context.path, string.translation_of.data): string.get_error() or ""
        for string in StringTranslation.objects.filter(
            context__object_id=translation.source.object_id,
            locale_id=translation.target_locale_id,
            has_error=True,
        ).select_related("context", "translation_of")
    }
    for entry in po:
        if entry.obsolete or (entry.msgctxt, entry.msgid) not in flagged:
            continue
        entry.flags.append("fuzzy")
        entry.tcomment = flagged[(entry.msgctxt, entry.msgid)]
    return po


def check_po_upload(translation: Translation, content: bytes) -> CheckedUpload:
    """Parse ``content`` (bytes of an uploaded file) as a PO file for ``translation``.

    Returns the entries to import and the German notes on fuzzy and flagged entries (see the
    module docstring); raises :class:`PoFileRejected` when the file must not be imported at all.
    """
    if len(content) > MAX_BYTES:
        raise PoFileRejected(
            _("Die Datei ist zu groß für eine PO-Datei einer Seite (höchstens %(limit)s MB).")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PoFileRejected(
            _(
                "Die PO-Datei ist nicht UTF-8-kodiert (ungültiges Byte an Position %(position)s). "
                "Bitte im PO-Editor als UTF-8 speichern."
            )
            % {"position": exc.start}
        ) from None
    _check_syntax(text)
    po = _parse(text)
    _check_translation_id(translation, po)
    problems = _check_entries(translation, po)
    if problems:
        shown = problems[:MAX_REPORTED]
        more = len(problems) - len(shown)
        message = _("Die PO-Datei wurde nicht importiert: %(problems)s") % {
            "problems": " ".join(shown)
        }
        if more:
            message += " " + _("(und %(count)s weitere Fehler)") % {"count": more}
        raise PoFileRejected(message)
    return _sort_entries(po)


def _check_syntax(text: str) -> None:
    """Refuse lines polib would misread: unknown keywords and unterminated or trailing quotes."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = KEYWORD_LINE.match(line)
        value = match.group(2) if match else line
        if not line.startswith('"') and not match:
            raise PoFileRejected(
                _("Syntaxfehler in Zeile %(line)s der PO-Datei: unbekannte Angabe „%(text)s“.")
                % {"line": number, "text": _short(line)}
            )
        if not QUOTED.fullmatch(value):
            raise PoFileRejected(
                _(
                    "Syntaxfehler in Zeile %(line)s der PO-Datei: der Text „%(text)s“ ist nicht "
                    "korrekt in Anführungszeichen eingeschlossen."
                )
                % {"line": number, "text": _short(value)}
            )


def _parse(text: str) -> polib.POFile:
    # polib.pofile() treats an argument naming an existing file as a path; parse from a file of
    # our own so that an upload containing "/etc/passwd" is never read as a file name.
    with tempfile.NamedTemporaryFile("w", suffix=".po", delete=False, encoding="utf-8") as f:
        f.write(text)
    try:
        return polib.pofile(f.name)
    except (OSError, UnicodeDecodeError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PoFileRejected(
            _("Syntaxfehler in Zeile %(line)s der PO-Datei.")
            % {"line": line.group(1) if line else "?"}
        ) from None
    finally:
        os.unlink(f.name)


def _describe(translation: Translation) -> str:
    return _("„%(title)s“ nach %(locale)s") % {
        "title": translation.source.object_repr,
        "locale": translation.target_locale.get_display_name(),
    }


def _check_translation_id(translation: Translation, po: polib.POFile) -> None:
    uploaded = po.metadata.get(ID_HEADER, "").strip()
    if not uploaded:
        raise PoFileRejected(
            _(
                "Die PO-Datei enthält keine Übersetzungskennung (%(header)s). Bitte die Datei "
                "über „PO-Datei herunterladen“ dieser Übersetzung erzeugen."
            )
            % {"header": ID_HEADER}
        )
    if uploaded == str(translation.uuid):
        return
    other = Translation.objects.filter(uuid=uploaded).select_related("source").first()
    if other is None:
        raise PoFileRejected(
            _(
                "Die PO-Datei gehört zu keiner bekannten Übersetzung (Kennung %(uuid)s); "
                "erwartet wurde die Übersetzung von %(expected)s."
            )
            % {"uuid": _short(uploaded), "expected": _describe(translation)}
        )
    raise PoFileRejected(
        _(
            "Die PO-Datei gehört zur Übersetzung von %(other)s, nicht zur Übersetzung von "
            "%(expected)s."
        )
        % {"other": _describe(other), "expected": _describe(translation)}
    )


def _check_entries(translation: Translation, po: polib.POFile) -> list[str]:
    current = {
        (segment.context.path, segment.string.data)
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "context", "string"
        )
    }
    known_contexts = set(
        TranslationContext.objects.filter(object_id=translation.source.object_id).values_list(
            "path", flat=True
        )
    )
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        where = _where(entry) + ":"
        if (entry.msgctxt, entry.msgid) not in current:
            if entry.msgctxt not in known_contexts:
                problems.append(
                    where
                    + " "
                    + _("das Feld „%(context)s“ gibt es in dieser Seite nicht.")
                    % {"context": entry.msgctxt or ""}
                )
            else:
                problems.append(
                    where
                    + " "
                    + _(
                        "der Ausgangstext wurde verändert oder ist veraltet; bitte die PO-Datei "
                        "neu herunterladen."
                    )
                )
    return problems


def _where(entry: polib.POEntry) -> str:
    return _("Zeile %(line)s („%(text)s“)") % {"line": entry.linenum, "text": _short(entry.msgid)}


def _sort_entries(po: polib.POFile) -> CheckedUpload:
    """Leave fuzzy entries out and name the entries that will be imported flagged."""
    checked = CheckedUpload(po=po)
    for entry in list(po):
        if entry.obsolete or not entry.msgstr:
            continue
        if entry.fuzzy:
            po.remove(entry)
            checked.fuzzy.append(_where(entry) + ".")
            continue
        problems = translation_problems(entry.msgid, entry.msgstr)
        if problems:
            checked.flagged.append(_where(entry) + ": " + " ".join(problems))
    return checked


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(60)
