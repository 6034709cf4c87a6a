"""Translations are made from what the German side has published, never from a draft.

wagtail-localize extracts a translation's source (``TranslationSource``) from whatever object it
is handed, live or not: submitting a never-published German page (or a subtree holding drafts,
or a snippet draft) copied the unpublished German text into the English draft, the translation
editor and the PO file, and publishing that copy made it public. It also bypassed the workflow
"Redaktion → Freigabe".

This module is the one place where the project decides what a translation may be made from:

- :func:`published_version` returns the published state of a German object, or raises
  :class:`NotPublished` (a German message). For a live page or live snippet with draft state the
  database row is the published state (Wagtail keeps unpublished changes in revisions, never in
  the row of a live object), so it is read afresh from the database; an object that is not live
  has no published state.
- :class:`PublishedTranslationCreator` is wagtail-localize's ``TranslationCreator`` that skips
  unpublished objects (also the related snippets it pulls in); :func:`translate_published_subtree`
  walks a subtree and leaves out unpublished pages with everything below them.
- :func:`source_is_published` tells whether an existing source may be shown to a translator
  (the translation editor, its PO file, preview, machine translation); a source taken from a
  draft before this rule existed is closed until the German side publishes and synchronises.

The admin views that use it are in :mod:`cms.translation.views` and answer wagtail-localize's
own URLs (:mod:`cms.translation.wagtail_hooks`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator


class NotPublished(Exception):
    """The object (or an ancestor a translation would need) has no published state.

    ``str(exc)`` is a German sentence for the admin; ``instance`` is the object concerned.
    """

    def __init__(self, message: str, instance: Model):
        super().__init__(message)
        self.instance = instance


def label(instance: Model) -> str:
    """How the admin names ``instance`` in messages: a page's admin display title (draft title
    included), else ``str()``.
    """
    if isinstance(instance, Page):
        return instance.get_admin_display_title()
    return str(instance)


def is_published(instance: Model) -> bool:
    """Whether ``instance`` has a published state: live, or a model without drafts at all."""
    return not isinstance(instance, DraftStateMixin) or bool(instance.live)


def published_version(instance: Model) -> Model:
    """The published state of ``instance``, read afresh from the database (the specific model).

    Raises :class:`NotPublished` when the object is not live (never published, unpublished or
    expired). Unpublished changes of a live object live in its revisions and are never returned.
    """
    if isinstance(instance, Page):
        instance = instance.specific
    fresh = type(instance)._default_manager.get(pk=instance.pk)
    if not is_published(fresh):
        raise NotPublished(
            _(
                "„%(title)s“ ist nicht veröffentlicht. Übersetzt wird nur, was auf Deutsch "
                "veröffentlicht ist: bitte zuerst über „Redaktion → Freigabe“ veröffentlichen."
            )
            % {"title": label(fresh)},
            fresh,
        )
    return fresh


def check_ancestors(page: Page, locales: Iterable[Locale]) -> None:
    """Raise :class:`NotPublished` when a translation of ``page`` into ``locales`` would copy
    an unpublished ancestor (wagtail-localize copies untranslated parents along)."""
    locale_ids = [locale.pk for locale in locales]
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        translated = Page.objects.filter(
            translation_key=ancestor.translation_key, locale_id__in=locale_ids
        ).count()
        if translated < len(locale_ids) and not is_published(ancestor):
            raise NotPublished(
                _(
                    "Die übergeordnete Seite „%(title)s“ ist nicht veröffentlicht und noch nicht "
                    "übersetzt. Übersetzt wird nur, was auf Deutsch veröffentlicht ist."
                )
                % {"title": label(ancestor)},
                ancestor,
            )


class PublishedTranslationCreator(TranslationCreator):
    """wagtail-localize's ``TranslationCreator``, fed only with published states.

    Objects without a published state (and the related snippets wagtail-localize pulls in along
    with a page) are skipped and listed in ``skipped``.
    """

    def __init__(self, user, target_locales):
        super().__init__(user, target_locales)
        self.skipped: list[Model] = []

    def create_translations(self, instance, include_related_objects=True):
        """wagtail-localize's ``create_translations`` from the published version of ``instance``; an
        object without one is appended to ``skipped`` instead of raising.
        """
        try:
            published = published_version(instance)
        except NotPublished as exc:
            self.skipped.append(exc.instance)
            return
        super().create_translations(published, include_related_objects=include_related_objects)


def translate_published(
    instance: Model, locales, components=None, user=None
) -> PublishedTranslationCreator:
    """Submit ``instance`` (already checked with :func:`published_version`) for ``locales``."""
    creator = PublishedTranslationCreator(user, locales)
    creator.create_translations(instance)
    if components is not None:
        components.save(creator, sources_and_translations=creator.mappings)
    return creator


def translate_published_subtree(
    page: Page, locales, components=None, user=None
) -> PublishedTranslationCreator:
    """Submit every published page below ``page``; an unpublished page is left out together
    with everything below it (its translation would need a copy of the unpublished page)."""
    creator = PublishedTranslationCreator(user, locales)

    def walk(parent: Page) -> None:
        for child in parent.get_children():
            if not is_published(child):
                creator.skipped.append(child)
                creator.skipped.extend(child.get_descendants())
                continue
            creator.create_translations(child)
            if child.numchild:
                walk(child)

    walk(page)
    if components is not None:
        components.save(creator, sources_and_translations=creator.mappings)
    return creator


def source_is_published(source: TranslationSource) -> bool:
    """Whether a translator may see ``source``: its object is live, and the source was not
    taken from a draft before the object's first publication (sources made before this rule)."""
    try:
        instance = source.get_source_instance()
    except ObjectDoesNotExist:
        return True  # wagtail-localize's own "source deleted" handling applies
    if not is_published(instance):
        return False
    first = getattr(instance, "first_published_at", None)
    return first is None or source.last_updated_at >= first


def closed_translation_message(translation: Translation) -> str:
    """The German refusal shown where a translator would otherwise read an unpublished source."""
    return _(
        "Die deutsche Fassung von „%(title)s“ ist nicht veröffentlicht. Übersetzt wird nur, was auf "
        "Deutsch veröffentlicht ist; die Übersetzung ist gesperrt, bis die deutsche Fassung "
        "veröffentlicht und synchronisiert ist."
    ) % {"title": translation.source.object_repr}
