"""Is a translation up to date with its German source? The one definition for the API and the admin.

wagtail-localize records when a source was last synchronised (``TranslationSource.last_updated_at``)
and which strings are translated, but never fills ``Translation.destination_last_updated_at``,
so that field cannot tell. A translated page is *up to date* when all of these hold:

1. its translation is enabled (wagtail-localize still manages it);
2. the source page was not published after the last synchronisation (no German change waiting
   for "Synchronisiere übersetzte Seiten");
3. every string of the synchronised source has a valid translation in the target locale;
4. its relations (topics, places, partners …) are those of the source mapped to its locale
   (:func:`cms.translation.relations.relations_differ`: a synchronisation would change nothing);
5. the translated page is live and was published after the last synchronisation.

The source itself is up to date. A locale version that wagtail-localize does not manage (a copy
kept by hand, see ``adopt_translations``) has no strings to compare: it is up to date while it is
live and was published no earlier than the default-locale (German) version. Snippets follow the same rules where
they apply (a snippet without publishing state has no rule 5; snippets hold no relations).

Every place that shows the state reads it from here: the API's ``translations[].up_to_date``,
the dashboard panel "Englische Übersetzung fehlt oder ist veraltet", the report "Übersetzungen",
the hint in the English explorer and edit view (``cms.translation.wagtail_hooks``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.translation.relations import relation_fields, relations_differ

#: Why a translation is not up to date, in the order a translator would act on them.
DISABLED = "disabled"
SOURCE_CHANGED = "source_changed"
STRINGS_MISSING = "strings_missing"
RELATIONS_DIFFER = "relations_differ"
NOT_LIVE = "not_live"
NOT_REPUBLISHED = "not_republished"
SOURCE_NEWER = "source_newer"

_LABELS = {
    DISABLED: _("wird von Hand gepflegt (nicht mehr synchronisiert)"),
    SOURCE_CHANGED: _("deutsche Fassung geändert, bitte synchronisieren"),
    RELATIONS_DIFFER: _("Verknüpfungen weichen von der deutschen Fassung ab"),
    NOT_LIVE: _("nicht veröffentlicht"),
    NOT_REPUBLISHED: _("seit der Synchronisierung nicht veröffentlicht"),
    SOURCE_NEWER: _("von Hand gepflegt; die deutsche Fassung ist neuer"),
}


@dataclass(frozen=True)
class TranslationStatus:
    """The state of one locale version: ``up_to_date`` and the ``reasons`` (codes of this
    module, in order) why not; ``missing``: how many strings lack a translation."""

    reasons: tuple[str, ...] = ()
    missing: int = 0

    @property
    def up_to_date(self) -> bool:
        """Whether the version needs nothing (no reasons)."""
        return not self.reasons

    @property
    def needs_sync(self) -> bool:
        """A synchronisation is the translator's next step (source or relations changed)."""
        return bool({SOURCE_CHANGED, RELATIONS_DIFFER} & set(self.reasons))

    def label(self) -> str:
        """German (through gettext): "aktuell" or the reasons, separated by semicolons."""
        if self.up_to_date:
            return str(_("aktuell"))
        parts = []
        for reason in self.reasons:
            if reason == STRINGS_MISSING:
                parts.append(
                    ngettext(
                        "%(count)d Text nicht übersetzt",
                        "%(count)d Texte nicht übersetzt",
                        self.missing,
                    )
                    % {"count": self.missing}
                )
            else:
                parts.append(str(_LABELS[reason]))
        return "; ".join(parts)


UP_TO_DATE = TranslationStatus()


def translation_states(page: Page) -> dict[int, bool]:
    """``{locale_id: up_to_date}`` for every locale version of ``page`` (any version may be given)."""
    return translation_overview(page)[0]


def translation_overview(
    page: Page, versions: list[dict] | None = None
) -> tuple[dict[int, bool], int | None]:
    """The states of :func:`translation_states` and the locale id of the synchronised source
    (``None`` when wagtail-localize does not manage the page).

    ``versions``: the rows of every locale version (``id``, ``locale_id``, ``live``,
    ``last_published_at``) when the caller has them already.
    """
    statuses, source_locale = page_statuses(page, versions)
    return {locale_id: s.up_to_date for locale_id, s in statuses.items()}, source_locale


def page_statuses(
    page: Page, versions: list[dict] | None = None
) -> tuple[dict[int, TranslationStatus], int | None]:
    """``{locale_id: TranslationStatus}`` for every locale version of ``page`` and the locale id
    of the synchronised source (``None`` when wagtail-localize does not manage the page)."""
    if versions is None or any("id" not in row for row in versions):
        versions = list(
            Page.objects.filter(translation_key=page.translation_key).values(
                "id", "locale_id", "live", "last_published_at"
            )
        )
    by_locale = {row["locale_id"]: row for row in versions}
    source = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .order_by("-last_updated_at")
        .first()
    )
    source_locale = source.locale_id if source is not None else Locale.get_default().pk
    statuses = {
        locale_id: (
            UP_TO_DATE
            if locale_id == source_locale
            else _unmanaged_status(by_locale.get(source_locale), row)
        )
        for locale_id, row in by_locale.items()
    }
    if source is None:
        return statuses, None
    for translation in Translation.objects.filter(source=source):
        if translation.target_locale_id in by_locale:
            statuses[translation.target_locale_id] = _status(
                translation, source, by_locale.get(source.locale_id), by_locale
            )
    return statuses, source.locale_id


def _unmanaged_status(source_version: dict | None, version: dict) -> TranslationStatus:
    """A locale version kept by hand: live, and published no earlier than the source."""
    if not version["live"]:
        return TranslationStatus(reasons=(NOT_LIVE,))
    source_published = (source_version or {}).get("last_published_at")
    published = version["last_published_at"]
    if source_published and (published is None or published < source_published):
        return TranslationStatus(reasons=(SOURCE_NEWER,))
    return UP_TO_DATE


def translation_status(translation: Translation) -> TranslationStatus:
    """The status of one wagtail-localize ``Translation`` (a page's or a snippet's)."""
    source = translation.source
    model = source.specific_content_type.model_class()
    if model is not None and issubclass(model, Page):
        return page_statuses(Page(translation_key=source.object_id))[0].get(
            translation.target_locale_id, UP_TO_DATE
        )
    versions = {}
    if model is not None:
        fields = {"pk", "locale_id"} | {
            name for name in ("live", "last_published_at") if _has_field(model, name)
        }
        for row in model._default_manager.filter(translation_key=source.object_id).values(*fields):
            row["id"] = row.pop("pk")
            versions[row["locale_id"]] = row
    if translation.target_locale_id not in versions:
        return UP_TO_DATE
    return _status(translation, source, versions.get(source.locale_id), versions)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _status(
    translation: Translation,
    source: TranslationSource,
    source_version: dict | None,
    by_locale: dict[int, dict],
) -> TranslationStatus:
    version = by_locale[translation.target_locale_id]
    reasons = []
    if not translation.enabled:
        reasons.append(DISABLED)
    source_published = (source_version or {}).get("last_published_at")
    if source_published and source_published > source.last_updated_at:
        reasons.append(SOURCE_CHANGED)
    missing = _untranslated_count(source, translation.target_locale_id)
    if missing:
        reasons.append(STRINGS_MISSING)
    if source_version is not None and _relations_differ(source, source_version, version):
        reasons.append(RELATIONS_DIFFER)
    if "live" in version:
        published = version.get("last_published_at")
        if not version["live"]:
            reasons.append(NOT_LIVE)
        elif published is None or published < source.last_updated_at:
            reasons.append(NOT_REPUBLISHED)
    return TranslationStatus(reasons=tuple(reasons), missing=missing)


def _relations_differ(source: TranslationSource, source_version: dict, version: dict) -> bool:
    model = source.specific_content_type.model_class()
    if model is None or not relation_fields(model):
        return False
    source_obj = model(pk=source_version["id"], locale_id=source_version["locale_id"])
    target_obj = model(pk=version["id"], locale_id=version["locale_id"])
    return bool(relations_differ(source_obj, target_obj))


def is_up_to_date(page: Page) -> bool:
    """Whether this locale version of ``page`` is up to date with its source."""
    return translation_states(page).get(page.locale_id, True)


def status_of(page: Page) -> TranslationStatus:
    """The :class:`TranslationStatus` of this locale version of ``page``."""
    return page_statuses(page)[0].get(page.locale_id, UP_TO_DATE)


def _untranslated_count(source: TranslationSource, locale_id: int) -> int:
    """How many string segments of ``source`` lack a valid translation into ``locale_id``."""
    return (
        StringSegment.objects.filter(source=source)
        .annotate(
            done=Exists(
                StringTranslation.objects.filter(
                    translation_of_id=OuterRef("string_id"),
                    context_id=OuterRef("context_id"),
                    locale_id=locale_id,
                    has_error=False,
                )
            )
        )
        .aggregate(missing=Count("pk", filter=Q(done=False)))["missing"]
    )
