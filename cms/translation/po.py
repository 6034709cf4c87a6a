"""Checks on a PO file uploaded for a translation, before wagtail-localize imports anything.

wagtail-localize's own upload view accepts a file for the right translation and silently skips
entries it does not recognise; polib even accepts an unterminated string as empty. Translators
work offline in PO editors, so mistakes are common: the file of another page, a broken line, a
changed ``%(name)s`` placeholder, an inline tag such as ``<a id="a1">`` deleted or renamed, or
a link target (``<a href="javascript:…">``, refused by :mod:`cms.safe_urls`) added.
:func:`check_po_upload` finds these and raises :class:`PoFileRejected` with a German message that
names the line and the string; the caller imports only a file that passed, so a refused upload
changes nothing in the database.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from html.parser import HTMLParser

import polib
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail_localize.models import StringSegment, Translation, TranslationContext

from cms.safe_urls import MESSAGE_WITH_URL, unsafe_links

#: How many problems one message lists; a file with more is usually the wrong file altogether.
MAX_REPORTED = 5

#: Python/Django placeholders a translation must keep unchanged: %(name)s, %s, %d, {name}, {0}.
PLACEHOLDER = re.compile(r"%\([^)]+\)[a-zA-Z]|%[sdif]|\{[A-Za-z0-9_.]*\}")

#: A quoted PO string: opening quote, escaped or plain characters, closing quote, nothing after.
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
KEYWORD_LINE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$")

ID_HEADER = "X-WagtailLocalize-TranslationID"

#: A page's PO file is a few kilobytes; anything this large is not one.
MAX_BYTES = 5 * 1024 * 1024


class PoFileRejected(ValueError):
    """The upload is refused; ``str(exc)`` is the German message for the translator."""


def check_po_upload(translation: Translation, content: bytes) -> polib.POFile:
    """Parse ``content`` as a PO file for ``translation`` or raise :class:`PoFileRejected`."""
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
    return po


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
        where = _("Zeile %(line)s („%(text)s“):") % {
            "line": entry.linenum,
            "text": _short(entry.msgid),
        }
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
            continue
        if not entry.msgstr:
            continue
        problem = (
            url_problem(entry.msgstr)
            or placeholder_problem(entry.msgid, entry.msgstr)
            or tag_problem(entry.msgid, entry.msgstr)
        )
        if problem:
            problems.append(f"{where} {problem}")
    return problems


def url_problem(translated: str) -> str | None:
    """A German sentence naming an unsafe link target in ``translated`` (``<a href="javascript:
    …">``, see :mod:`cms.safe_urls`), or ``None``. Link targets never come from a PO file; this
    names the worst case explicitly before the tag check refuses any added attribute."""
    unsafe = unsafe_links(translated)
    if not unsafe:
        return None
    return str(MESSAGE_WITH_URL % {"url": _short(unsafe[0])})


def placeholder_problem(source: str, translated: str) -> str | None:
    """A German sentence naming placeholders the translation lost or added, or ``None``."""
    expected, found = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(translated))
    if expected == found:
        return None
    return _("Platzhalter verändert (fehlt: %(missing)s; neu: %(extra)s).") % {
        "missing": ", ".join(sorted((expected - found).elements())) or "–",
        "extra": ", ".join(sorted((found - expected).elements())) or "–",
    }


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        rendered = "".join(f' {name}="{value}"' for name, value in sorted(attrs))
        self.tags[f"<{tag}{rendered}>"] += 1

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag) -> None:
        if tag != "br":
            self.tags[f"</{tag}>"] += 1


def _tags(html: str) -> Counter[str]:
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def tag_problem(source: str, translated: str) -> str | None:
    """A German sentence naming inline HTML tags the translation lost or added, or ``None``.

    Order may change (word order differs between languages); the set of tags, their ``id``
    attributes and their closing tags may not.
    """
    expected, found = _tags(source), _tags(translated)
    if expected == found:
        return None
    return _("HTML-Tags verändert (fehlt: %(missing)s; neu: %(extra)s).") % {
        "missing": " ".join(sorted((expected - found).elements())) or "–",
        "extra": " ".join(sorted((found - expected).elements())) or "–",
    }


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(60)
