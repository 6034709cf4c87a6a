"""Schema building blocks: a field's or block's :class:`Spec`, and the names of generated schemas.

Every generated Pydantic model gets a unique, stable name (the ``components/schemas`` key of the
OpenAPI document, which front ends generate their types from): :func:`unique_name` hands them
out in build order, so the same registry always yields the same names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import translation
from pydantic import create_model

from cms.api import common

if TYPE_CHECKING:
    from cms.api.serialize.resolver import Resolver

#: ``serialize(stored, resolver) -> data``: stored data (a model instance for model fields, the
#: raw JSON value for blocks) to plain data with placeholders (:mod:`.resolver`) for references.
Serializer = Callable[[Any, "Resolver"], Any]


@dataclass
class Spec:
    """How the API serves one field or block: ``annotation`` types it in the OpenAPI document
    (a Pydantic model, a type, or ``None`` for a value that is always null), ``serialize`` turns
    the stored value into data (see :data:`Serializer`)."""

    annotation: Any
    serialize: Serializer


#: Cache: every schema name taken in this process (key: the name). Never cleared: the API's
#: schemas are built once, when the URL configuration is imported, and keep their names for the
#: life of the process; a name freed while its model lives on would be handed out twice.
_names: dict[str, bool] = {}


def pascal(name: str) -> str:
    """``"key_figures"`` → ``"KeyFigures"`` (any run of ``_`` or non-word characters splits)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def unique_name(base: str) -> str:
    """``base``, or ``base2``, ``base3`` … if taken: the name of a new schema, reserved."""
    name, n = base, 2
    while name in _names:
        name, n = f"{base}{n}", n + 1
    _names[name] = True
    return name


def en(text: Any) -> str:
    """Text for the OpenAPI document, always in English whatever the request's language.

    Labels and help texts are gettext strings; the contract must not depend on which language
    was active when the schemas were first built.
    """
    with translation.override("en"):
        return str(text) if text else ""


def make_model(name: str, doc: Any = None, /, **fields) -> type:
    """A Pydantic output model named ``unique_name(name)``, documented by ``doc`` (in English),
    with ``fields`` as for :func:`pydantic.create_model` (``name=(annotation, default)``)."""
    return create_model(unique_name(name), __base__=common.Out, __doc__=en(doc) or None, **fields)


def flat_choices(choices) -> Iterator[tuple[Any, Any]]:
    """``(value, label)`` pairs of Django choices, option groups flattened."""
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from flat_choices(label)
        else:
            yield value, label


def to_int(value: Any) -> int | None:
    """``value`` as an int, ``None`` if it is none (a stored id may be a string or missing)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
