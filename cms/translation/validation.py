"""The one check of a translated string, applied on every write path into a translation.

A translated string (wagtail-localize's ``StringTranslation``) must keep what the page needs from
its German source: the placeholders (``%(anzahl)s``, ``%s``, ``{jahr}``), the inline HTML tags
with their ids (``<a id="a1">…</a>`` stands for a rich text link whose target stays in the
source; ``<b>``, ``<i>`` …) and no link target of its own that the URL rule
(:mod:`cms.content.safe_urls`) refuses. Word order may change; placeholders and tags may not.

:func:`translation_problems` is that check. It is applied

- on every save of a ``StringTranslation`` (:func:`flag_translation_problems`, ``post_save``):
  the translation editor, PO uploads (through wagtail-localize's ``import_po``), machine
  translation, ``manage.py adopt_translations`` and any script. A string with a problem is
  stored, *flagged* (``has_error`` with the German message in ``field_error``, shown below the
  string in the translation editor), and never used: wagtail-localize leaves flagged strings
  out, so the translated page shows the German source text (with its links) for that string
  until the translation is fixed. This follows wagtail-localize's own design for strings made
  by external tools ("we need to allow invalid HTML in the database so that it can be fixed in
  Wagtail", ``StringTranslation.save``), with the project's stricter rule;
- before a PO upload is imported (:mod:`cms.translation.po`), to name the flagged lines in the
  upload's message. Because both paths judge a string the same way, a PO file exported by the
  system (which contains flagged strings as they are) always imports again unchanged.

Overridden values (link targets, embeds, synchronised fields) are not translated strings; they
follow the URL rule on every write (:mod:`cms.translation.url_overrides`).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail_localize.models import StringTranslation

from cms.content.safe_urls import MESSAGE_WITH_URL, unsafe_links

#: Python/Django placeholders a translation must keep unchanged: %(name)s, %s, %d, {name}, {0}.
PLACEHOLDER = re.compile(r"%\([^)]+\)[a-zA-Z]|%[sdif]|\{[A-Za-z0-9_.]*\}")


def url_problem(translated: str) -> str | None:
    """A German sentence naming an unsafe link target in ``translated`` (``<a href="javascript:
    …">``, see :mod:`cms.content.safe_urls`), or ``None``. Link targets never come from a translation;
    this names the worst case explicitly before the tag check refuses any added attribute."""
    unsafe = unsafe_links(translated)
    if not unsafe:
        return None
    return str(MESSAGE_WITH_URL % {"url": _short(unsafe[0])})


def placeholder_problem(source: str, translated: str) -> str | None:
    """A German sentence naming placeholders the translation lost or added, or ``None``.

    Placeholders are counted (``%s %s`` needs two); their order may change.
    """
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
        """Count the tag with its attributes, sorted (``<a href="…">``)."""
        rendered = "".join(f' {name}="{value}"' for name, value in sorted(attrs))
        self.tags[f"<{tag}{rendered}>"] += 1

    def handle_startendtag(self, tag, attrs) -> None:
        """Count a self-closing tag as its start tag."""
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag) -> None:
        """Count the end tag (``<br>`` has none to count)."""
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


def translation_problems(source: str, translated: str) -> list[str]:
    """German sentences naming what ``translated`` breaks of ``source``; empty when it is fine.

    ``source`` is the German string as wagtail-localize extracts it (``Mehr zu <a id="a1">
    unseren Projekten</a>``), ``translated`` the translation as typed, uploaded or returned by a
    machine translator. An empty translation has no problems (it is "not translated").
    Checks, in this order: unsafe link targets, placeholders, inline tags.
    """
    if not translated:
        return []
    problems = (
        url_problem(translated),
        placeholder_problem(source, translated),
        tag_problem(source, translated),
    )
    return [problem for problem in problems if problem]


def flag_message(problems: list[str]) -> str:
    """The German message stored on a flagged string (``field_error``) for ``problems``."""
    return " ".join(
        [*problems, _("Bis zur Korrektur verwendet die Seite den deutschen Ausgangstext.")]
    )


@receiver(post_save, sender=StringTranslation, dispatch_uid="cms_translation_check_strings")
def flag_translation_problems(
    sender, instance: StringTranslation, update_fields=None, raw=False, **kwargs
) -> None:
    """``post_save`` of every ``StringTranslation``: flag a string with problems (see module).

    A save that does not change ``data`` (wagtail-localize recording a publishing error with
    ``update_fields``) is left alone; a corrected string loses the project's message.
    """
    if raw or (update_fields is not None and "data" not in update_fields):
        return
    problems = translation_problems(instance.translation_of.data, instance.data or "")
    if not problems:
        if instance.field_error and not instance.has_error:
            instance.field_error = ""
            StringTranslation.objects.filter(pk=instance.pk).update(field_error="")
        return
    instance.has_error = True
    instance.field_error = flag_message(problems)
    StringTranslation.objects.filter(pk=instance.pk).update(
        has_error=True, field_error=instance.field_error
    )


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(60)
