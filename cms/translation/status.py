"""Is a translation up to date with its German source? One definition for the API and the admin.

wagtail-localize records when a source was last synchronised (``TranslationSource.last_updated_at``)
and which strings are translated, but never fills ``Translation.destination_last_updated_at``,
so that field cannot tell. A translated page is *up to date* when all of these hold:

1. its translation is enabled (wagtail-localize still manages it);
2. the source page was not published after the last synchronisation (no German change waiting
   for "Übersetzungen synchronisieren");
3. every string of the synchronised source has a valid translation in the target locale;
4. the translated page is live and was published after the last synchronisation.

A locale version that wagtail-localize does not manage (written by hand, or the source itself)
counts as up to date: there is nothing it could lag behind.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def translation_states(page: Page) -> dict[int, bool]:
    """``{locale_id: up_to_date}`` for every locale version of ``page`` (any version may be given)."""
    return translation_overview(page)[0]


def translation_overview(
    page: Page, versions: list[dict] | None = None
) -> tuple[dict[int, bool], int | None]:
    """The states of :func:`translation_states` and the locale id of the synchronised source
    (``None`` when wagtail-localize does not manage the page).

    ``versions``: the rows of every locale version (``locale_id``, ``live``,
    ``last_published_at``) when the caller has them already.
    """
    if versions is None:
        versions = list(
            Page.objects.filter(translation_key=page.translation_key).values(
                "locale_id", "live", "last_published_at"
            )
        )
    by_locale = {row["locale_id"]: row for row in versions}
    states = dict.fromkeys(by_locale, True)
    source = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .order_by("-last_updated_at")
        .first()
    )
    if source is None:
        return states, None
    source_version = by_locale.get(source.locale_id)
    source_changed = bool(
        source_version
        and source_version["last_published_at"]
        and source_version["last_published_at"] > source.last_updated_at
    )
    missing_strings = _untranslated_counts(source)
    for translation in Translation.objects.filter(source=source):
        version = by_locale.get(translation.target_locale_id)
        if version is None:
            continue
        published = version["last_published_at"]
        states[translation.target_locale_id] = bool(
            translation.enabled
            and not source_changed
            and missing_strings.get(translation.target_locale_id, 0) == 0
            and version["live"]
            and published is not None
            and published >= source.last_updated_at
        )
    return states, source.locale_id


def is_up_to_date(page: Page) -> bool:
    """Whether this locale version of ``page`` is up to date with its source."""
    return translation_states(page).get(page.locale_id, True)


def _untranslated_counts(source: TranslationSource) -> dict[int, int]:
    """Per target locale, how many string segments of ``source`` lack a valid translation."""
    counts = {}
    for translation in Translation.objects.filter(source=source).values("target_locale_id"):
        locale_id = translation["target_locale_id"]
        counts[locale_id] = (
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
    return counts
