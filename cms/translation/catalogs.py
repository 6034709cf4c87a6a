"""The project's gettext catalogs (``locale/de`` and ``locale/en``): regenerate and check them.

``locale/upstream/de`` is a third catalog, kept by hand: German for English msgids of Wagtail,
wagtail-localize and Django whose own German is missing or wrong. makemessages never touches it
(its msgids are not in the project's code); :func:`check_upstream` reports an entry without
German and an entry whose msgid the packages no longer use (after an upgrade).

Source strings in the code are German, so the German catalog's ``msgstr`` equals its ``msgid``.
It is kept explicit anyway: every German entry was looked at, and a string that appears in the
code without a German entry (someone added a ``_()`` after the last ``make messages``) fails
``check_catalogs`` and so the test command. English entries are written by people; missing or
fuzzy English entries are reported (they show in German until translated).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

LANGUAGES = ("de", "en")
SOURCE_LANGUAGE = "de"
#: Directories makemessages never looks into (third-party code, tests, generated files, and
#: copies of Wagtail's templates, whose English msgids are Wagtail's: locale/upstream).
IGNORED = (
    ".venv",
    "tests",
    "tools",
    "var",
    "node_modules",
    "test-artifacts",
    "docs",
    "*.egg-info",
    "upstream_templates",
)


def catalog_path(root: Path, language: str) -> Path:
    """``<root>/<language>/LC_MESSAGES/django.po``, the gettext catalog of ``language`` under a
    ``locale`` directory ``root``.
    """
    return root / language / "LC_MESSAGES" / "django.po"


def makemessages(verbosity: int = 0) -> None:
    """Run Django's makemessages for every language over the project (not tests, not tools)."""
    call_command(
        "makemessages",
        locale=list(LANGUAGES),
        ignore_patterns=[*IGNORED, "*/migrations/*"],
        no_obsolete=True,
        verbosity=verbosity,
    )


def tidy_header(path: Path, language: str) -> None:
    """Name the catalog's language and clear the template's fuzzy header."""
    po = polib.pofile(str(path), wrapwidth=100)
    po.metadata_is_fuzzy = False
    po.metadata.update(
        {
            "Project-Id-Version": "Nordthüringen CMS",
            "Language": language,
            "Language-Team": language,
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    po.header = "Gettext catalog of Nordthüringen CMS. Regenerate with: make messages"
    po.save()


def fill_source_language(path: Path) -> int:
    """Set German ``msgstr`` to ``msgid`` where it is empty or fuzzy; returns how many."""
    po = polib.pofile(str(path), wrapwidth=100)
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgstr or "fuzzy" in entry.flags:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            filled += 1
    if filled:
        po.save()
    return filled


@dataclass
class CatalogReport:
    """Entries that need a person: per language, the untranslated and the fuzzy msgids."""

    missing: dict[str, list[str]] = field(default_factory=dict)
    fuzzy: dict[str, list[str]] = field(default_factory=dict)

    def problems(self, language: str) -> list[str]:
        """The msgids of ``language`` that need a person: untranslated first, then fuzzy."""
        return self.missing.get(language, []) + self.fuzzy.get(language, [])


def unfinished_entries(path: Path) -> tuple[list[str], list[str]]:
    """``(untranslated msgids, fuzzy msgids)`` of the PO file at ``path``, obsolete entries left
    out; ``(["(no catalog file)"], [])`` when the file does not exist.
    """
    if not path.exists():
        return ["(no catalog file)"], []
    po = polib.pofile(str(path))
    missing, fuzzy = [], []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            fuzzy.append(entry.msgid)
        elif not entry.translated():
            missing.append(entry.msgid)
    return missing, fuzzy


@contextmanager
def _scratch_copy() -> Iterator[Path]:
    """A copy of the project's sources and catalogs in a temporary directory.

    makemessages writes into the catalogs it finds; checking must not touch the real ones. The
    sources go to ``tmp/src`` and the catalogs to ``tmp/locale``: outside the copied tree, so
    makemessages files every source under ``LOCALE_PATHS`` (overridden to ``tmp/locale``).
    """
    base = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory(prefix="cms-catalogs-") as tmp:
        tmp_path = Path(tmp)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", ".*")
        for child in base.iterdir():
            if child.name.startswith(".") or child.name == "locale" or child.suffix == ".egg-info":
                continue
            if child.name in IGNORED:
                continue
            if child.is_dir():
                shutil.copytree(child, tmp_path / "src" / child.name, ignore=ignore)
        shutil.copytree(base / "locale", tmp_path / "locale", ignore=ignore)
        yield tmp_path


UPSTREAM = "upstream"


def upstream_catalogs(root: Path) -> list[Path]:
    """The upstream override catalogs (``locale/upstream/<language>/LC_MESSAGES/*.po``)."""
    return sorted((root / UPSTREAM).glob("*/LC_MESSAGES/*.po"))


def _package_msgids(language: str) -> set[tuple[str | None, str]]:
    """``(msgctxt, msgid)`` of every catalog the installed apps and Django ship for ``language``."""
    import django
    from django.apps import apps

    directories = [Path(django.__file__).parent / "conf" / "locale"]
    directories += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    found: set[tuple[str | None, str]] = set()
    for directory in directories:
        for po_path in (directory / language / "LC_MESSAGES").glob("*.po"):
            found.update((entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path)))
    return found


def _used_in(occurrence: str, msgid: str) -> bool:
    """Whether the file named by a PO reference (package- or project-relative) contains
    ``msgid``, also in its template form (``%(name)s`` written as ``{{ name }}``)."""
    import importlib.util
    import re

    first, _, rest = occurrence.partition("/")
    spec = importlib.util.find_spec(first) if first.isidentifier() else None
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / rest
    else:
        path = Path(settings.BASE_DIR) / occurrence
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    return msgid in text or re.sub(r"%\((\w+)\)s", r"{{ \1 }}", msgid) in text


def check_upstream(root: Path) -> list[str]:
    """Problems of the upstream override catalogs: entries without German, fuzzy entries, entries
    defined twice (GNU msgfmt refuses such a file), and entries whose msgid no installed package
    uses any more (not in its catalogs, and not in a file the entry names), each as one line."""
    problems = []
    for po_path in upstream_catalogs(root):
        language = po_path.parents[1].name
        known = _package_msgids(language)
        seen = set()
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            where = f"{po_path.relative_to(root)}: {entry.msgid!r}"
            if (entry.msgctxt, entry.msgid) in seen:
                problems.append(f"{where} ist doppelt eingetragen")
                continue
            seen.add((entry.msgctxt, entry.msgid))
            if "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{where} hat keine Übersetzung")
            elif (entry.msgctxt, entry.msgid) not in known and not any(
                _used_in(path, entry.msgid) for path, _line in entry.occurrences
            ):
                problems.append(f"{where} wird von keinem Paket mehr verwendet")
    return problems


def check() -> CatalogReport:
    """Extract the marked strings afresh (in a scratch copy) and list what the catalogs lack."""
    report = CatalogReport()
    with _scratch_copy() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp / "src")
        try:
            with override_settings(LOCALE_PATHS=[str(tmp / "locale")]):
                makemessages()
        finally:
            os.chdir(cwd)
        for language in LANGUAGES:
            missing, fuzzy = unfinished_entries(catalog_path(tmp / "locale", language))
            report.missing[language] = missing
            report.fuzzy[language] = fuzzy
    return report
