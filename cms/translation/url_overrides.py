"""Link targets a translator overrides follow the URL rule of :mod:`cms.content.safe_urls`.

wagtail-localize lets a translator override what is not text: a URL block, an embed, the target
of a rich text link (``<a href>``), a synchronised URL field. It stores any value
(``SegmentOverride``) and writes it into the translated page on publishing, so a translator could
publish ``javascript:alert(1)`` as a link target. This receiver checks every saved override: one
whose value would land in the translation as an unsafe link target is flagged with the German
rule (``has_error`` and ``field_error``, shown in the translation editor), and wagtail-localize
leaves flagged overrides out: the translation keeps the German target until the override is
fixed; a new value clears the flag. The final guard on every save (``cms.content.safe_urls.refuse_unsafe_urls``) stays behind it.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail_localize.models import SegmentOverride, SourceDeletedError, Translation

from cms.content.safe_urls import MESSAGE_WITH_URL, _shown, is_safe_url, unsafe_urls


def lands_as_unsafe_link(override: SegmentOverride) -> bool:
    """Whether ``override`` would put an unsafe link target into a translated object.

    Values that are safe URLs (or not strings: image, page and document ids) never do. For the
    rest the translated object is built in memory, as wagtail-localize's preview does, and its
    link targets are checked: a text override such as ``Hinweis: …`` on a plain text field is
    no link and passes.
    """
    value = override.data
    if not isinstance(value, str) or is_safe_url(value):
        return False
    translations = Translation.objects.filter(
        source__object_id=override.context.object_id, target_locale_id=override.locale_id
    ).select_related("source")
    for translation in translations:
        try:
            instance = translation.source.get_ephemeral_translated_instance(
                translation.target_locale, fallback=True
            )
        except (SourceDeletedError, ObjectDoesNotExist, ValidationError, ValueError):
            return True  # cannot tell where it lands: refuse rather than risk it
        if any(item.url == value for item in unsafe_urls(instance)):
            return True
    return False


@receiver(post_save, sender=SegmentOverride, dispatch_uid="cms_translation_safe_url_overrides")
def refuse_unsafe_overrides(sender, instance: SegmentOverride, update_fields=None, **kwargs):
    """``post_save`` of a ``SegmentOverride``: clear an earlier error, then flag the override
    (``has_error`` with the German URL-rule message as ``field_error``) when it would put an
    unsafe link target into the translation (:func:`lands_as_unsafe_link`); wagtail-localize then
    leaves it out. Raises nothing; saves without ``data_json`` in ``update_fields`` are ignored.
    """
    if update_fields is not None and "data_json" not in update_fields:
        return
    if instance.context_id is None:
        return
    if instance.has_error:
        # A new value: the error of the old one no longer applies (wagtail-localize keeps it).
        instance.has_error, instance.field_error = False, ""
        SegmentOverride.objects.filter(pk=instance.pk).update(has_error=False, field_error="")
    if not lands_as_unsafe_link(instance):
        return
    instance.has_error = True
    instance.field_error = str(MESSAGE_WITH_URL % {"url": _shown(instance.data)})
    SegmentOverride.objects.filter(pk=instance.pk).update(
        has_error=True, field_error=instance.field_error
    )
