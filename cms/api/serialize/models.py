"""Model specs: the schema and serializer of a snippet or of a model's inline rows, built from
its ``api_fields`` (page types are assembled in :mod:`cms.api.pages`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import models
from pydantic import Field
from wagtail.models import TranslatableMixin

from cms.api.serialize.fields import field_spec, related_kind, with_choice_labels
from cms.api.serialize.resolver import Resolver
from cms.api.serialize.schema import Spec, make_model, pascal
from cms.plugin.registry import registry


def api_field_names(model: type[models.Model]) -> list[str]:
    """The names in ``model.api_fields`` (entries may be names or Wagtail ``APIField``\\ s)."""
    return [getattr(f, "name", f) for f in getattr(model, "api_fields", None) or []]


@dataclass
class ModelSpec:
    """Schema and serializer of a snippet, or of a page type's extra fields."""

    annotation: Any
    fields: dict[str, Spec]
    prefetch: list[str]
    base: Callable[[Any, Resolver], dict] | None = None

    def optimize(self, qs):
        """``qs`` with the relations the fields read prefetched."""
        return qs.prefetch_related(*self.prefetch) if self.prefetch else qs

    def serialize(self, obj, r: Resolver) -> dict:
        """``obj`` as data with placeholders (resolve and finalize with ``r``)."""
        out = self.base(obj, r) if self.base else {}
        for name, spec in self.fields.items():
            out[name] = spec.serialize(obj, r)
        return out


#: Cache: built model specs. Key: ``(model class, role)``. Filled on first use (the API's schemas
#: are built when the URL configuration is imported); cleared by :func:`reset` together with the
#: block specs they contain.
_model_specs: dict[tuple, ModelSpec] = {}


def reset() -> None:
    """Forget every built model spec."""
    _model_specs.clear()


#: Fields every page representation has; ``api_fields`` of the same name are not repeated.
PAGE_BASE_FIELDS = {"id", "type", "title", "locale", "path", "url", "slug"}


def model_spec(model: type[models.Model], role: str, hint: str = "") -> ModelSpec:
    """The spec of ``model`` in ``role``: ``snippet`` (a referenced snippet: ``id``, ``type``,
    ``label``, ``locale`` and its ``api_fields``), ``child`` (inline rows: their ``api_fields``,
    else their plain columns). ``hint``: the schema name of an unregistered model. Built once
    per ``(model, role)``; a model referring to itself gets the placeholder being built."""
    key = (model, role)
    if key in _model_specs:
        return _model_specs[key]
    ct = registry.for_model(model)
    name = pascal(ct.api_name) if ct else (hint or model.__name__)
    names = api_field_names(model)
    if role == "child" and not names:
        from modelcluster.fields import ParentalKey

        names = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key
            and f.name not in ("sort_order", "translation_key", "locale")
            and not isinstance(f, ParentalKey)
            and (not f.is_relation or related_kind(f.related_model) is not None)
        ]
    # Placeholder entry against recursion (a snippet referring to its own type).
    placeholder = ModelSpec(annotation=Any, fields={}, prefetch=[])
    _model_specs[key] = placeholder
    fields, prefetch = {}, []
    for n in names:
        if n in ("id", "type", "locale"):
            continue
        spec, pre = field_spec(model, n, name)
        fields[n] = spec
        if pre:
            prefetch.append(pre)
    fields = with_choice_labels(model, fields)
    extra: dict[str, Any] = {}
    if role == "snippet":
        api_name = ct.api_name if ct else model._meta.label_lower
        extra = {
            "id": (int, ...),
            "type": (Literal[api_name], ...),  # type: ignore[valid-type]
            "label": (str, Field(..., description="The object's display name.")),
        }
        translatable = issubclass(model, TranslatableMixin)
        if translatable:
            extra["locale"] = (str, ...)

        def base(obj, r, api_name=api_name, translatable=translatable):
            out = {"id": obj.pk, "type": api_name, "label": str(obj)}
            if translatable:
                out["locale"] = r.ctx.locale_codes().get(obj.locale_id, r.ctx.locale)
            return out
    else:
        base = None
    annotation = make_model(
        name,
        model._meta.verbose_name,
        **extra,
        **{n: (s.annotation, ...) for n, s in fields.items()},
    )
    spec = ModelSpec(annotation=annotation, fields=fields, prefetch=prefetch, base=base)
    placeholder.__dict__.update(spec.__dict__)
    _model_specs[key] = placeholder
    return placeholder
