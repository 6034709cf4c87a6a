"""A translated page's relations follow its source, mapped to the target locale.

wagtail-localize leaves many-to-many relations out of its derived ``translatable_fields``
("not supported yet"); declared as a ``SynchronizedField`` they are copied as they are (the German
topics land on the English page) and only when the source has any (clearing them in German
leaves the English page with its old ones). Here every forward many-to-many relation of a page
to a translatable model (topics, places, funding programmes, related documents, partners …)
takes part in every synchronisation and first translation through wagtail-localize's own
mechanism: :class:`SynchronizedRelations` is one ``SynchronizedField`` (declared by
``cms.content.pages.CmsPage.override_translatable_fields``) whose value is the page's relations;
wagtail-localize's ``copy_synchronised_fields`` reads it from the synchronised source and writes
it to the translation, and writing maps each related object to its version in the translation's
locale.

The mapping rule (:func:`localized`): a related object whose version in the target locale exists
and is live (or has no publishing state) is replaced by that version; otherwise the source
object stays (the API shows a related object in the reader's locale as soon as a live version
exists, and falls back to the source locale until then, so a reader never loses a topic or a
partner because its translation is not done yet). The order of the source is kept.

:func:`relations_differ` is the check of :mod:`cms.translation.status`: the translation's
stored relations against what a synchronisation would write now.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Exists, OuterRef
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

#: The attribute name of the synthetic synchronised field (see :class:`SynchronizedRelations`).
FIELD_NAME = "synchronized_relations"


def relation_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The forward many-to-many fields of ``model`` (``ManyToManyField`` and modelcluster's
    ``ParentalManyToManyField``) whose related model is translatable, in declaration order."""
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.ManyToManyField)
        and not field.auto_created
        and isinstance(field.related_model, type)
        and issubclass(field.related_model, TranslatableMixin)
    ]


def _available(model: type[models.Model]) -> models.QuerySet:
    """Objects of ``model`` a relation may be mapped to: live ones where the model publishes."""
    queryset = model._default_manager.all()
    if any(f.name == "live" for f in model._meta.concrete_fields):
        queryset = queryset.filter(live=True)
    return queryset


def localized(objects: Iterable[models.Model], locale_id: int) -> list[models.Model]:
    """``objects`` (of one translatable model) mapped to ``locale_id`` by the rule of this module.

    Returns a list in the given order without duplicates; one query.
    """
    objects = list(objects)
    if not objects:
        return []
    model = type(objects[0])
    keys = {obj.translation_key for obj in objects if obj.locale_id != locale_id}
    versions = {
        obj.translation_key: obj
        for obj in _available(model).filter(translation_key__in=keys, locale_id=locale_id)
    }
    mapped, seen = [], set()
    for obj in objects:
        target = obj if obj.locale_id == locale_id else versions.get(obj.translation_key, obj)
        if target.pk not in seen:
            seen.add(target.pk)
            mapped.append(target)
    return mapped


class _RelationsAccessor:
    """What ``copy_synchronised_fields`` treats as the field: it only reads ``attname``."""

    attname = FIELD_NAME
    name = FIELD_NAME


class SynchronizedRelations(SynchronizedField):
    """Every translatable many-to-many relation of a page, synchronised as one field.

    Not overridable: the translation editor shows no control for it; a relation changes in the
    source language and follows on the next synchronisation.
    """

    def __init__(self) -> None:
        super().__init__(FIELD_NAME, overridable=False)

    def get_field(self, model):
        """The stand-in field wagtail-localize reads and writes the relations through."""
        return _RelationsAccessor()

    def get_value(self, obj):
        """``obj.synchronized_relations``: ``{field name: [related objects]}``."""
        return getattr(obj, FIELD_NAME)

    def __repr__(self) -> str:
        return "<SynchronizedRelations>"


class RelationsDescriptor:
    """``page.synchronized_relations``: ``{field name: [related objects]}`` to read; assigning
    such a dict (from the source) sets each relation to the objects mapped to the page's locale.

    Assigning only stages the values (modelcluster's deferred relations); they are written when
    the page is saved, and are part of its revisions.
    """

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return {
            field.name: list(getattr(instance, field.name).all())
            for field in relation_fields(type(instance))
        }

    def __set__(self, instance, value: dict[str, list]) -> None:
        for field in relation_fields(type(instance)):
            if field.name in value:
                setattr(instance, field.name, localized(value[field.name], instance.locale_id))


def relations_differ(source, target) -> list[str]:
    """The names of the relations of ``target`` (a translation of the page ``source``, same model)
    that differ, as sets, from the source's relations mapped to the target's locale.

    Reads the stored relations of both pages: one query per relation field.
    """
    differing = []
    for field in relation_fields(type(source)):
        through = field.remote_field.through
        own = field.m2m_field_name()
        other = field.m2m_reverse_field_name()
        related = field.related_model
        rows = (
            through.objects.filter(**{f"{own}__in": [source.pk, target.pk]})
            .annotate(
                translated=Exists(
                    _available(related).filter(
                        translation_key=OuterRef(f"{other}__translation_key"),
                        locale_id=target.locale_id,
                    )
                )
            )
            .values_list(
                f"{own}_id",
                f"{other}_id",
                f"{other}__translation_key",
                f"{other}__locale_id",
                "translated",
            )
        )
        expected, stored = set(), set()
        for page_id, _pk, key, locale_id, translated in rows:
            if page_id == source.pk:
                expected.add((key, target.locale_id if translated else locale_id))
            else:
                stored.add((key, locale_id))
        if expected != stored:
            differing.append(field.name)
    return differing
