"""Field specs: how the API types and serializes one ``api_fields`` entry of a model.

Model fields map to scalars (:data:`SCALARS`), relations to the resolved objects (images,
documents, pages, snippets) or to inline child objects, StreamFields to their block specs
(:mod:`.blocks`), rich text to front-end HTML (:mod:`.richtext`); a property is typed by its
return annotation. A choice field is served with its label (``<name>_label``).
"""

from __future__ import annotations

import datetime
import typing
from typing import Annotated, Any, Literal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from pydantic import Field
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.api import common
from cms.api.serialize.blocks import block_spec
from cms.api.serialize.resolver import Described
from cms.api.serialize.schema import Spec, flat_choices, pascal
from cms.content.safe_urls import is_safe_url
from cms.plugin.registry import registry

SCALARS: list[tuple[type, Any]] = [
    (models.BooleanField, bool),
    (models.DateTimeField, datetime.datetime),
    (models.DateField, datetime.date),
    (models.TimeField, datetime.time),
    (models.IntegerField, int),
    (models.FloatField, float),
    (models.DecimalField, float),
    (models.JSONField, Any),
]


def related_kind(model: type[models.Model]) -> tuple[str, Any] | None:
    """``(reference kind, schema)`` of a relation's target: image, document, page or a snippet
    the API serves (``snippet:<app.Model>``); ``None`` for other models (served as ids)."""
    from cms.api.serialize.models import model_spec

    if issubclass(model, get_image_model()):
        return "image", common.Image
    if issubclass(model, get_document_model()):
        return "document", common.Document
    if issubclass(model, Page):
        return "page", common.PageLink
    if registry.for_model(model) is not None or hasattr(model, "api_fields"):
        return f"snippet:{model._meta.label}", model_spec(model, "snippet").annotation
    return None


def field_spec(model: type[models.Model], name: str, owner: str) -> tuple[Spec, str | None]:
    """Spec of one ``api_fields`` entry and the name to prefetch for it (relations).

    ``owner``: the schema name of the model being served, prefix of schemas made for the field
    (``ProjectPage`` + ``Body`` …). Raises :class:`~.blocks.UnknownBlockError` for a StreamField
    with a block no spec covers.
    """
    from cms.api.serialize.models import model_spec

    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return _attribute_spec(model, name), None
    if isinstance(f, StreamField):
        stream = block_spec(f.stream_block, owner + pascal(name))

        def streamfield(obj, r, name=name, stream=stream):
            value = getattr(obj, name)
            return stream.serialize(list(value.raw_data) if value is not None else [], r)

        return Spec(stream.annotation, streamfield), None
    if isinstance(f, RichTextField):
        return Spec(str, lambda obj, r, name=name: r.rich(getattr(obj, name))), None
    if f.many_to_many or f.one_to_many:
        target = f.related_model
        kind = related_kind(target)
        accessor = f.get_accessor_name() if f.one_to_many else name
        if f.one_to_many and (kind is None or not kind[0].startswith("snippet")):
            child = model_spec(target, "child", owner + pascal(name))
            return Spec(
                list[child.annotation],
                lambda obj, r, a=accessor, child=child: [
                    child.serialize(o, r) for o in getattr(obj, a).all()
                ],
            ), accessor
        if f.many_to_many and not f.auto_created:
            # Forward many-to-many: ids come from one UNION query per response (see
            # cms.api.pages.attach_m2m) or, for unsaved revisions, from the in-memory cluster.
            def related_ids(obj, a=accessor):
                preloaded = getattr(obj, "_api_m2m", None)
                if preloaded is not None:
                    return preloaded.get(a, [])
                return [o.pk for o in getattr(obj, a).all()]

            prefetch_name = None
        else:

            def related_ids(obj, a=accessor):
                return [o.pk for o in getattr(obj, a).all()]

            prefetch_name = accessor
        if kind is None:
            return Spec(list[int], lambda obj, r, ids=related_ids: ids(obj)), prefetch_name
        return Spec(
            list[kind[1]],
            lambda obj, r, ids=related_ids, k=kind[0]: [r.ref(k, pk) for pk in ids(obj)],
        ), prefetch_name
    if f.many_to_one or f.one_to_one:
        kind = related_kind(f.related_model)
        if kind is None:
            return Spec(int | None, lambda obj, r, a=f.attname: getattr(obj, a)), None
        overrides = (getattr(model, "image_text_overrides", None) or {}).get(name)
        if kind[0] == "image" and overrides:
            return Spec(
                kind[1] | None,
                lambda obj, r, a=f.attname, o=overrides: r.image_ref(
                    getattr(obj, a), {t: getattr(obj, c, "") for t, c in o.items()}
                ),
            ), None
        return Spec(
            kind[1] | None, lambda obj, r, a=f.attname, k=kind[0]: r.ref(k, getattr(obj, a))
        ), None
    if f.choices:
        values = tuple(str(v) for v, _label in flat_choices(f.choices) if v not in ("", None))
        annotation = Literal[values] if values else str  # type: ignore[valid-type]
        if f.null or f.blank:
            annotation = annotation | None
        return Spec(annotation, lambda obj, r, name=name: getattr(obj, name) or None), None
    if isinstance(f, models.URLField):
        return Spec(
            str | None if f.null else str,
            lambda obj, r, name=name: (
                v if (v := getattr(obj, name)) is None or is_safe_url(v) else ""
            ),
        ), None
    for field_cls, annotation in SCALARS:
        if isinstance(f, field_cls):
            if f.null:
                annotation = annotation | None
            if isinstance(f, models.DecimalField):
                return Spec(
                    annotation,
                    lambda obj, r, name=name: (
                        float(v) if (v := getattr(obj, name)) is not None else None
                    ),
                ), None
            return Spec(annotation, lambda obj, r, name=name: getattr(obj, name)), None
    return Spec(
        str | None if f.null else str,
        lambda obj, r, name=name: None if (v := getattr(obj, name)) is None else str(v),
    ), None


def choice_label_spec(model: type[models.Model], name: str) -> Spec | None:
    """The ``<name>_label`` companion of a choice field ``name`` (``None`` for other fields).

    A choice field is served as its value, an enum of the contract (``"running"``); its label
    (``"running"`` / ``"laufend"``) is served beside it in the language of the request, which the
    API activates while it serializes (:func:`cms.api.http.use_locale`), so front ends need no
    translation table of their own.
    """
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(f, "choices", None) or f.is_relation:
        return None
    labels = {str(v): label for v, label in flat_choices(f.choices) if v not in ("", None)}

    def label(obj, r, name=name, labels=labels):
        value = getattr(obj, name)
        return str(labels[str(value)]) if value not in ("", None) and str(value) in labels else None

    annotation = str | None if f.null or f.blank else str
    doc = f"The label of ``{name}`` in the requested language."
    return Spec(Annotated[annotation, Field(description=doc)], label)


def with_choice_labels(model: type[models.Model], fields: dict[str, Spec]) -> dict[str, Spec]:
    """``fields`` with each choice field followed by its ``<name>_label`` (unless the model
    already serves a field of that name)."""
    out: dict[str, Spec] = {}
    for name, spec in fields.items():
        out[name] = spec
        label = choice_label_spec(model, name)
        if label is not None and f"{name}_label" not in fields:
            out[f"{name}_label"] = label
    return out


def _attribute_spec(model, name: str) -> Spec:
    """A property or attribute; one marked with ``describes`` vanishes with its target."""
    annotation = _attribute_annotation(model, name)
    attr = getattr(model, name, None)
    fget = attr.fget if isinstance(attr, property) else None
    target = getattr(fget, "describes", None)
    if target is None:
        return Spec(annotation, lambda obj, r, name=name: getattr(obj, name, None))
    f = model._meta.get_field(target)
    kind = related_kind(f.related_model)[0]
    media = kind in ("image", "document")
    empty: list = []  # the property's value on an empty reference, computed once

    def described(obj, r, name=name, attname=f.attname):
        value = getattr(obj, name, None)
        pk = getattr(obj, attname)
        if pk is None or (media and not r.ctx.private_collection_paths()):
            return value  # nothing to hide (and nothing to fetch)
        if not empty:
            empty.append(getattr(model(), name, None))
        return Described(r.ref(kind, pk), value, empty[0])

    return Spec(annotation, described)


def _attribute_annotation(model, name: str) -> Any:
    """A property's return annotation (``-> str``) types it; anything else is free JSON."""
    attr = getattr(model, name, None)
    fget = attr.fget if isinstance(attr, property) else getattr(attr, "func", None)
    try:
        return typing.get_type_hints(fget).get("return", Any) if fget else Any
    except Exception:  # noqa: BLE001 - unresolvable hints fall back to free JSON
        return Any
