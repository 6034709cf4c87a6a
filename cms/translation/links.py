"""Rich text links survive translation: a translation that drops a link keeps the source's.

In wagtail-localize a rich text paragraph becomes a string such as
``Mehr zu <a id="a1">unseren Projekten</a>``; the link target is kept aside under ``a1`` and put
back into the translated text. wagtail-localize flags an unknown ``id`` as an error, but a
translation that simply loses ``<a id="a1">`` would publish the English text without the link.
This receiver flags that case too; wagtail-localize then renders the source string (with its
link) for that segment, and the translation editor shows the German message below.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail_localize.models import StringTranslation
from wagtail_localize.strings import extract_ids


def missing_link_ids(source: str, translated: str) -> set[str]:
    """Link ids of ``source`` that ``translated`` lost."""
    return extract_ids(source) - extract_ids(translated)


@receiver(post_save, sender=StringTranslation, dispatch_uid="cms_translation_keep_links")
def keep_source_links(sender, instance: StringTranslation, update_fields=None, **kwargs) -> None:
    if update_fields is not None and "data" not in update_fields:
        return
    missing = missing_link_ids(instance.translation_of.data, instance.data)
    if not missing:
        return
    instance.has_error = True
    instance.field_error = _(
        "Die Übersetzung enthält den Link %(ids)s des Ausgangstexts nicht; bis er ergänzt ist, "
        "wird der Ausgangstext mit seinem Link verwendet."
    ) % {"ids": ", ".join(f'<a id="{link_id}">' for link_id in sorted(missing))}
    StringTranslation.objects.filter(pk=instance.pk).update(
        has_error=True, field_error=instance.field_error
    )
