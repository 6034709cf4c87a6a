"""Broken references: finding them for editors and leaving them out for readers.

A page (or snippet) refers to images, documents, other pages and snippets through foreign keys,
many-to-many fields and StreamField chooser blocks. When a target is deleted or (for pages)
unpublished, the reference is *broken*. Two consumers care:

* Readers (API, preview) must never see a broken reference nor an error text in its place:
  :func:`prune` walks any block value and drops what points nowhere, and :func:`available` tells
  whether a single target may be shown. ``cms.content.blocks.CmsStreamBlock`` applies :func:`prune` to its
  API representation, so every StreamField built from the shared library is safe by default.
* Editors must see them: :func:`broken_references_for` lists the broken references of one object
  (the edit view's warning) and :func:`all_broken_references` those of the whole site (the admin
  report), both built on Wagtail's ``ReferenceIndex``.

This module is core: it knows Wagtail's block and model classes, never a plugin's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page, ReferenceIndex

if TYPE_CHECKING:
    from cms.visibility import AdminReach, View

#: Returned by :func:`prune` for a block value that must disappear entirely.
OMIT = object()


def available(obj: Any, view: View | None = None) -> bool:
    """Whether a referenced object may be shown to readers: it exists and, for a page, is live.

    With a reader's ``view`` (:class:`cms.visibility.View`), also only what that reader may see
    (no page under a restriction they do not pass, no media of such a collection).
    """
    if obj is None:
        return False
    if view is not None:
        return view.shows(obj)
    if isinstance(obj, Page):
        return bool(obj.live)
    return True


def _chooser_value(block: blocks.ChooserBlock, value: Any, view: View | None) -> Any:
    return value if available(value, view) else None


def prune(block: blocks.Block, value: Any, view: View | None = None) -> Any:
    """Return ``value`` without broken references, or :data:`OMIT` if the block must go.

    Rules: a chooser whose target is missing or unpublished (or, with ``view``, hidden from that
    reader) becomes empty; a struct loses itself when a *required* child became empty or when it
    says it is incomplete (``is_complete``, e.g. a link without any target left); lists and
    streams drop the children that went away.
    """
    if isinstance(block, blocks.ChooserBlock):
        return _chooser_value(block, value, view)
    if isinstance(block, blocks.StreamBlock):
        children = []
        for child in value or []:
            pruned = prune(child.block, child.value, view)
            if pruned is OMIT or (isinstance(child.block, blocks.ChooserBlock) and pruned is None):
                continue
            children.append((child.block_type, pruned, child.id))
        return blocks.StreamValue(block, children)
    if isinstance(block, blocks.ListBlock):
        items = []
        for item in value or []:
            pruned = prune(block.child_block, item, view)
            if pruned is OMIT or (
                isinstance(block.child_block, blocks.ChooserBlock) and pruned is None
            ):
                continue
            items.append(pruned)
        return blocks.list_block.ListValue(block, values=items)
    if isinstance(block, blocks.StructBlock):
        cleaned = []
        for name, child_block in block.child_blocks.items():
            child_value = value.get(name) if value is not None else None
            pruned = prune(child_block, child_value, view)
            if pruned is OMIT:
                return OMIT
            if (
                isinstance(child_block, blocks.ChooserBlock)
                and child_block.required
                and pruned is None
            ):
                return OMIT
            cleaned.append((name, pruned))
        struct_value = block.meta.value_class(block, cleaned)
        is_complete = getattr(block, "is_complete", None)
        if is_complete is not None and not is_complete(struct_value):
            return OMIT
        return struct_value
    return value


def struct_output_is_broken(block: blocks.Block, data: Any) -> bool:
    """For serializers that resolve references themselves (``cms.api``): drop this struct?

    ``data`` is the struct's output with references already resolved (``None`` where the target
    is gone). True when a required chooser child is empty or the block says it is incomplete,
    the same rule :func:`prune` applies to values.
    """
    if not isinstance(block, blocks.StructBlock) or not isinstance(data, dict):
        return False
    for name, child in block.child_blocks.items():
        if isinstance(child, blocks.ChooserBlock) and child.required and data.get(name) is None:
            return True
        if isinstance(child, blocks.StructBlock) and struct_output_is_broken(child, data.get(name)):
            return True
    is_complete = getattr(block, "is_complete", None)
    return is_complete is not None and not is_complete(data)


def prune_stream(stream_value: Any) -> Any:
    """Prune a StreamField value (``page.body``) for output; see :func:`prune`."""
    if stream_value is None:
        return stream_value
    return prune(stream_value.stream_block, stream_value)


# --- Detection for editors ------------------------------------------------------------------


@dataclass(frozen=True)
class BrokenReference:
    """One reference of ``source`` (at ``field``) that points to a missing or unpublished object."""

    source: models.Model
    field: str
    target_model: type[models.Model] | None
    target_id: str
    target: models.Model | None
    reason: str

    @property
    def source_label(self) -> str:
        """The source's title (pages) or ``str()``; shown in the editors' report."""
        return str(getattr(self.source, "title", None) or self.source)

    @property
    def target_label(self) -> str:
        """The target's ``str()``, or "<verbose name> #<id>" when it is gone."""
        if self.target is not None:
            return str(self.target)
        name = self.target_model._meta.verbose_name if self.target_model else _("Objekt")
        return f"{name} #{self.target_id}"

    @property
    def target_kind(self) -> str:
        """The verbose name of the target's type (a page's specific type), "Objekt" if unknown."""
        model = self.target_model
        if isinstance(self.target, Page) and self.target.specific_class is not None:
            model = self.target.specific_class
        return str(model._meta.verbose_name) if model else str(_("Objekt"))


REASON_DELETED = _("gelöscht")
REASON_UNPUBLISHED = _("nicht veröffentlicht")


def _field_label(source: models.Model, model_path: str) -> str:
    """A readable German name of the field holding a reference (``body.image`` → its label)."""
    field_name = model_path.split(".", 1)[0]
    try:
        field = source._meta.get_field(field_name)
    except FieldDoesNotExist:  # an unknown path still names itself
        return model_path
    return str(getattr(field, "verbose_name", field_name))


def _targets(refs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], models.Model | None]:
    """Fetch the targets of ``(content_type_id, object_id)`` pairs in one query per model."""
    by_type: dict[int, set[str]] = defaultdict(set)
    for ct_id, obj_id in refs:
        by_type[ct_id].add(obj_id)
    found: dict[tuple[int, str], models.Model | None] = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        pk_field = model._meta.pk
        wanted = []
        for obj_id in ids:
            try:
                wanted.append(pk_field.to_python(obj_id))
            except (ValidationError, ValueError, TypeError):  # malformed id: a missing target
                continue
        objects = {str(obj.pk): obj for obj in model._default_manager.filter(pk__in=wanted)}
        for obj_id in ids:
            found[(ct_id, obj_id)] = objects.get(obj_id)
    return found


def _broken(
    source: models.Model, rows: Iterable[tuple[int, str, str]]
) -> Iterator[BrokenReference]:
    from cms.content.media_texts import (
        FIELD_NAME as MEDIA_TEXTS,  # a derived copy, not an editor's choice
    )

    rows = [row for row in rows if row[2].split(".", 1)[0] != MEDIA_TEXTS]
    targets = _targets((ct_id, obj_id) for ct_id, obj_id, _path in rows)
    seen = set()
    for ct_id, obj_id, model_path in rows:
        key = (ct_id, obj_id, model_path.split(".", 1)[0])
        if key in seen:
            continue
        seen.add(key)
        target = targets.get((ct_id, obj_id))
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if not _is_content_model(model):
            continue
        if target is None:
            reason = REASON_DELETED
        elif isinstance(target, Page) and not target.live:
            reason = REASON_UNPUBLISHED
        else:
            continue
        yield BrokenReference(
            source=source,
            field=_field_label(source, model_path),
            target_model=model,
            target_id=obj_id,
            target=target,
            reason=str(reason),
        )


def _is_content_model(model: type[models.Model] | None) -> bool:
    """Targets editors choose: pages, images, documents and snippets (not users, locales …)."""
    if model is None:
        return False
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.snippets.models import get_snippet_models

    return (
        issubclass(model, (Page, AbstractImage, AbstractDocument)) or model in get_snippet_models()
    )


def broken_references_for(obj: models.Model) -> list[BrokenReference]:
    """The broken references of one object, from its current content (the latest draft for pages)."""
    if isinstance(obj, Page):
        obj = obj.specific
        revision = obj.latest_revision
        if revision is not None:
            # Not revision.as_object(): it silently drops foreign keys to deleted objects,
            # which are exactly what editors need to see.
            draft = type(obj).from_serializable_data(revision.content, check_fks=False)
            draft.pk = obj.pk
            obj = draft
    rows = [
        (ct_id, str(obj_id), model_path)
        for ct_id, obj_id, model_path, _content_path in ReferenceIndex._extract_references_from_object(
            obj
        )
    ]
    rows.extend(_page_relations(obj))
    rows.extend(_raw_stream_references(obj))
    return list(_broken(obj, rows))


def visible_to(refs: Iterable[BrokenReference], reach: AdminReach) -> list[BrokenReference]:
    """The broken references an admin user may be shown (report, dashboard, edit-view warning).

    A reference is kept when ``reach`` may see its source (``cms.visibility.AdminReach``); a
    target it may not see (an unpublished page outside the pages the user may explore) keeps its
    kind and id but loses its title („Seite #12“), so no hint names what the user may not open.
    """
    result = []
    for ref in refs:
        if not reach.may_see(ref.source):
            continue
        if ref.target is not None and not reach.may_see(ref.target):
            ref = replace(ref, target=None)
        result.append(ref)
    return result


def _raw_stream_references(obj: models.Model) -> Iterator[tuple[int, str, str]]:
    """Chooser ids in the stored StreamField data, including those whose target is gone.

    Wagtail turns a missing target into ``None`` when it reads a stream, so its own reference
    extraction cannot see deletions; the raw JSON still holds the id.
    """
    for field in obj._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        value = getattr(obj, field.name, None)
        raw = getattr(value, "raw_data", None)
        if raw is None:
            continue
        for model, target_id in _raw_choices(field.stream_block, list(raw)):
            yield (ReferenceIndex._get_base_content_type(model).id, str(target_id), field.name)


def _raw_choices(block: blocks.Block, raw: Any) -> Iterator[tuple[type[models.Model], Any]]:
    if raw is None:
        return
    if isinstance(block, blocks.ChooserBlock):
        target = raw.get("id") if isinstance(raw, dict) else raw
        if target not in (None, ""):
            yield block.model_class, target
    elif isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_raw = child if isinstance(child, dict) else {}
            child_block = block.child_blocks.get(child_raw.get("type"))
            if child_block is not None:
                yield from _raw_choices(child_block, child_raw.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            if (
                isinstance(item, dict)
                and item.keys() >= {"type", "value"}
                and item["type"] == "item"
            ):
                item = item["value"]
            yield from _raw_choices(block.child_block, item)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            yield from _raw_choices(child_block, raw.get(name))


def _page_relations(obj: models.Model) -> Iterator[tuple[int, str, str]]:
    """Many-to-many references to pages (e.g. related documents), which the index leaves out."""
    for field in obj._meta.get_fields():
        if not (field.many_to_many and not field.auto_created):
            continue
        if not (isinstance(field.related_model, type) and issubclass(field.related_model, Page)):
            continue
        page_ct = ContentType.objects.get_for_model(Page)
        for target in getattr(obj, field.name).all():
            yield (page_ct.id, str(target.pk), field.name)


def all_broken_references() -> list[BrokenReference]:
    """Every broken reference the reference index knows of, grouped per source, newest first.

    Index rows may be stale for foreign keys that the database nulled on delete; those are
    re-checked against the source's current content, so only real breakage is reported.
    """
    rows = ReferenceIndex.objects.values_list(
        "base_content_type_id", "content_type_id", "object_id", "to_content_type_id", "to_object_id"
    )
    targets = _targets((row[3], row[4]) for row in rows)
    suspects: set[tuple[int, str]] = set()
    for _base_ct, ct_id, obj_id, to_ct, to_id in rows:
        target = targets.get((to_ct, to_id))
        if target is None or (isinstance(target, Page) and not target.live):
            suspects.add((ct_id, obj_id))
    suspects.update(_sources_linking_unpublished_pages())
    sources = _targets(suspects)
    result: list[BrokenReference] = []
    for source in sources.values():
        if source is None:
            continue
        result.extend(broken_references_for(source))
    return result


def _sources_linking_unpublished_pages() -> set[tuple[int, str]]:
    """Pages whose many-to-many page relations include an unpublished page."""
    found: set[tuple[int, str]] = set()
    for model in _page_models_with_page_m2m():
        for field in model._meta.get_fields():
            if not (field.many_to_many and not field.auto_created):
                continue
            if not (
                isinstance(field.related_model, type) and issubclass(field.related_model, Page)
            ):
                continue
            ct = ContentType.objects.get_for_model(model)
            pks = model._default_manager.filter(**{f"{field.name}__live": False}).values_list(
                "pk", flat=True
            )
            found.update((ct.id, str(pk)) for pk in pks)
    return found


def _page_models_with_page_m2m() -> set[type[models.Model]]:
    from django.apps import apps

    result = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.many_to_many
                and not field.auto_created
                and isinstance(field.related_model, type)
                and issubclass(field.related_model, Page)
            ):
                result.add(model)
    return result
