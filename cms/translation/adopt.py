"""Adopt English versions made outside wagtail-localize (demo content, imports) as translations.

A page or snippet copied with Wagtail's ``copy_for_translation`` and filled in by hand is not
known to wagtail-localize: no "sync", no PO file, no up-to-date state. Adopting it creates the
``TranslationSource`` of the German original and an enabled ``Translation``, and records the
English text already present as the translation of each German string. Strings are paired field
by field in document order (the first German string of ``body`` with the first English string of
``body`` …). An object whose versions do not pair up completely (a field with a different number
of strings, or an English string that fails the check of every translated string,
:func:`cms.translation.validation.translation_problems`: other placeholders or inline tags) is
not adopted: publishing from the translation editor would otherwise replace its hand-written
English with German fallbacks. The English page itself is never changed.

The texts of the images and documents a page shows (its ``media_texts`` field) are not paired:
an English page's copy of them says nothing about what a translator wrote. They stay
untranslated until translated in the workflow (:func:`cms.plugin.demo.translate_media` for the demo).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from cms.translation.published_source import NotPublished, published_version
from cms.translation.validation import translation_problems

TOOL_NAME = "Übernahme"


@dataclass
class Adopted:
    """The outcome for one object; ``translation`` is ``None`` when it was not adopted."""

    translation: Translation | None
    paired: int
    unpaired: int
    #: The German version has no published state: nothing is adopted (see published_source).
    not_published: bool = False


def _field(path: str) -> str:
    return path.split(".", 1)[0]


#: Fields whose strings are never paired (see the module docstring).
_NOT_PAIRED = {"media_texts"}


def _english_strings(instance: Model) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            by_field[_field(segment.path)].append(segment.string.data)
    return by_field


@transaction.atomic
def adopt(source_instance: TranslatableMixin, target_instance: TranslatableMixin) -> Adopted | None:
    """Make ``target_instance`` the wagtail-localize translation of ``source_instance``.

    Returns ``None`` when a translation into that locale exists already (idempotent). A German
    version that is not published is not adopted: a translation is made from published text only
    (:mod:`cms.translation.published_source`).
    """
    existing = TranslationSource.objects.filter(
        object_id=source_instance.translation_key, locale_id=source_instance.locale_id
    ).first()
    if existing and existing.translations.filter(target_locale=target_instance.locale).exists():
        return None
    try:
        source_instance = published_version(source_instance)
    except NotPublished:
        return Adopted(None, 0, 0, not_published=True)
    source, _ = TranslationSource.get_or_create_from_instance(source_instance)
    german: dict[str, list[StringSegment]] = defaultdict(list)
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("context", "string")
        .order_by("order")
    ):
        german[_field(segment.context.path)].append(segment)
    english = _english_strings(target_instance)
    pairs, unpaired = [], 0
    for field, segments in german.items():
        if field in _NOT_PAIRED:
            continue
        texts = english.get(field, [])
        if len(texts) != len(segments):
            unpaired += len(segments)
            continue
        for segment, text in zip(segments, texts, strict=True):
            if translation_problems(segment.string.data, text):
                unpaired += 1
            else:
                pairs.append((segment, text))
    if unpaired:
        transaction.set_rollback(True)
        return Adopted(None, len(pairs), unpaired)
    for segment, text in pairs:
        StringTranslation.objects.update_or_create(
            translation_of_id=segment.string_id,
            locale=target_instance.locale,
            context_id=segment.context_id,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": TOOL_NAME,
            },
        )
    translation = Translation.objects.create(
        source=source, target_locale=target_instance.locale, enabled=True
    )
    # The English text was written for the German as it is now: the source counts as synced
    # no later than the English version's publication (see cms.translation.status).
    published = getattr(target_instance, "last_published_at", None)
    if published is not None and published < source.last_updated_at:
        source_published = getattr(source_instance, "last_published_at", None)
        if source_published is None or source_published <= published:
            TranslationSource.objects.filter(pk=source.pk).update(last_updated_at=published)
    return Adopted(translation, len(pairs), 0)


def adoptable(models: list[type[Model]]):
    """``(source, target)`` pairs: German objects and their other-locale versions not yet managed."""
    default = Locale.get_default()
    for model in models:
        manager = model.objects
        if issubclass(model, Page):
            manager = model.objects.exclude(depth=1)
        for source in manager.filter(locale=default).order_by("pk"):
            for target in model.objects.filter(translation_key=source.translation_key).exclude(
                locale=default
            ):
                if isinstance(target, Page) and target.alias_of_id:
                    continue
                if not Translation.objects.filter(
                    source__object_id=source.translation_key,
                    source__locale=default,
                    target_locale_id=target.locale_id,
                ).exists():
                    yield source, target
