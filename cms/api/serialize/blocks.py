"""Block specs and their registry: how the API types and serializes every StreamField block.

Modelled on Wagtail's schema generators (one generator per block kind, looked up in a
registry, never a long ``isinstance`` chain): a :class:`BlockSpec` says how one block class,
and its subclasses, is served. The core registers Wagtail's standard kinds (struct → object,
stream → discriminated union on ``type``, list → array, choosers → the resolved objects, field
blocks → their scalar) and its own; a plugin registers the blocks it defines itself through
``Plugin.block_specs`` (``docs/plugins.md``, section 4). A block no spec covers is a start-up
error (``cms.E018``, :func:`unknown_blocks`), never an untyped ``Any`` in the OpenAPI document.

The lookup walks the block's class hierarchy (its MRO): a plugin's ``StructBlock`` subclass is
served as a struct, a ``FieldBlock`` subclass of its own (a new value shape) needs a spec.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from pydantic import Field
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.api import common
from cms.api.serialize.resolver import OVERRIDE_LOCALE, StreamItem, StructOut
from cms.api.serialize.schema import (
    Serializer,
    Spec,
    flat_choices,
    make_model,
    pascal,
    to_int,
)
from cms.content.safe_urls import is_safe_url
from cms.plugin.registry import registry

#: ``build(block, name) -> Spec``: the spec of one block definition (an instance); ``name`` is
#: the schema name to give a model made for it (unique names are made by ``make_model``).
SpecBuilder = Callable[[blocks.Block, str], Spec]


@dataclass(frozen=True)
class BlockSpec:
    """How the API serves ``block`` (a :class:`wagtail.blocks.Block` subclass) and every
    subclass without a spec of its own.

    ``build(block_instance, name) -> Spec`` makes the schema and serializer of one definition
    (see :data:`SpecBuilder`). ``walks_children``: the spec serves the block's children through
    their own specs (struct, stream, list), so the start-up check looks inside; a plugin's spec
    that serializes a whole value itself leaves it ``False``.
    """

    block: type[blocks.Block]
    build: SpecBuilder
    walks_children: bool = False


def block_serializer(block: type[blocks.Block], schema: Any) -> Callable[[Serializer], BlockSpec]:
    """Decorator making a :class:`BlockSpec` of a serializer with a fixed schema.

    ``schema``: the value's type in the OpenAPI document (a Pydantic model, best a subclass of
    :class:`cms.api.common.Out`, or any annotation). The decorated function is the serializer,
    ``serialize(raw, resolver) -> data``: ``raw`` is the block's stored JSON value (as in the
    database; never a Python value of the block), ``resolver`` the
    :class:`~cms.api.serialize.resolver.Resolver` to ask for references (``resolver.ref("page",
    id)``, ``resolver.rich(html)``), so that a response costs a constant number of queries::

        @block_serializer(ScheduleBlock, schema=list[ScheduleEntry])
        def schedule(raw, resolver):
            return [...]

    Name the result in ``Plugin.block_specs`` (``"myplugin.api.schedule"``).
    """

    def decorate(serialize: Serializer) -> BlockSpec:
        return BlockSpec(block, lambda _block, _name: Spec(schema, serialize))

    return decorate


class BlockRegistry:
    """Block classes → their :class:`BlockSpec`; looked up along a block's class hierarchy."""

    def __init__(self, specs: Iterable[BlockSpec] = ()):
        self._specs: dict[type, BlockSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: BlockSpec) -> None:
        """Add ``spec``; a later spec for the same class replaces the earlier one."""
        self._specs[spec.block] = spec

    def lookup(self, block_class: type) -> BlockSpec | None:
        """The spec of the nearest class in ``block_class``'s MRO that has one, else ``None``."""
        for cls in block_class.__mro__:
            spec = self._specs.get(cls)
            if spec is not None:
                return spec
        return None

    def __contains__(self, block_class: type) -> bool:
        return block_class in self._specs


def plugin_block_specs(plugin) -> list[BlockSpec]:
    """The :class:`BlockSpec` objects a plugin names in ``Plugin.block_specs`` (dotted paths).

    Raises ``ImproperlyConfigured`` when a path cannot be imported or names no ``BlockSpec``
    (``manage.py check`` reports it first, as ``cms.E019``).
    """
    specs = []
    for path in plugin.block_specs:
        try:
            spec = import_string(path)
        except ImportError as error:
            raise ImproperlyConfigured(
                f"Plugin {plugin.label!r}: block spec {path!r} cannot be imported ({error})."
            ) from error
        if not isinstance(spec, BlockSpec):
            raise ImproperlyConfigured(
                f"Plugin {plugin.label!r}: {path!r} is no cms.api.serialize.BlockSpec."
            )
        specs.append(spec)
    return specs


def build_block_registry(plugins: Iterable | None = None) -> BlockRegistry:
    """A registry of the core's specs and those of ``plugins`` (default: the enabled ones)."""
    block_registry = BlockRegistry(CORE_BLOCK_SPECS)
    for plugin in registry if plugins is None else plugins:
        for spec in plugin_block_specs(plugin):
            block_registry.register(spec)
    return block_registry


#: Cache: the block registry of this process, built on first use from the core's and the
#: enabled plugins' specs; :func:`reset` drops it (and the specs built from it).
_block_registry: BlockRegistry | None = None

#: Cache: built block specs. Key: a custom block class (one schema per class, named after it),
#: or ``(Wagtail's block class, schema name hint, id(block))`` for Wagtail's own classes, whose
#: instances differ (choices, required …). Cleared by :func:`reset`.
_block_cache: dict[Any, Spec] = {}

#: Cache: the ``<Name>Item`` wrapper model of a stream child. Key: ``(child name, id(child
#: annotation))``: streams sharing a child definition share its wrapper (one schema, not one per
#: stream). Cleared by :func:`reset`.
_wrapper_cache: dict[tuple, Any] = {}


def block_registry() -> BlockRegistry:
    """The process's block registry (built on first use)."""
    global _block_registry
    if _block_registry is None:
        _block_registry = build_block_registry()
    return _block_registry


def reset() -> None:
    """Forget the block registry and every block spec built from it (after plugins changed)."""
    global _block_registry
    _block_registry = None
    _block_cache.clear()
    _wrapper_cache.clear()


class UnknownBlockError(ImproperlyConfigured):
    """A block no registered :class:`BlockSpec` covers (``manage.py check`` reports it as
    ``cms.E018`` before any request could meet it)."""


def block_spec(block: blocks.Block, hint: str) -> Spec:
    """The schema and raw-JSON serializer of one block definition.

    ``hint``: the schema name for a Wagtail block's model (``ProjectPageBodyHeading``); a custom
    block class is named after the class. Raises :class:`UnknownBlockError` for a block no spec
    covers.
    """
    cls = type(block)
    custom = not cls.__module__.startswith("wagtail.")
    key = cls if custom else (cls, hint, id(block))
    if key in _block_cache:
        return _block_cache[key]
    spec = block_registry().lookup(cls)
    if spec is None:
        raise UnknownBlockError(
            f"No API spec covers the block {cls.__module__}.{cls.__qualname__}; register one in "
            "Plugin.block_specs (docs/plugins.md, section 4)."
        )
    built = spec.build(block, cls.__name__ if custom else hint)
    _block_cache[key] = built
    return built


def children_of(block: blocks.Block) -> list[tuple[str, blocks.Block]]:
    """The named child blocks of a struct or stream, the item of a list; else none."""
    if isinstance(block, blocks.ListBlock):
        return [("item", block.child_block)]
    return list(getattr(block, "child_blocks", {}).items())


def unknown_blocks(
    block: blocks.Block, block_registry: BlockRegistry, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], blocks.Block]]:
    """``(path, block)`` of every block under ``block`` (itself included) that no spec of
    ``block_registry`` covers; ``path``: the child names leading to it. Children are walked
    only where the covering spec serves them through their own specs."""
    spec = block_registry.lookup(type(block))
    if spec is None:
        yield path, block
        return
    if spec.walks_children:
        for name, child in children_of(block):
            yield from unknown_blocks(child, block_registry, (*path, name))


# --- The core's specs: Wagtail's standard kinds ---------------------------------------------------


def _ident(value, resolver):
    return value


_CHOOSERS = (
    ImageChooserBlock,
    DocumentChooserBlock,
    blocks.PageChooserBlock,
    SnippetChooserBlock,
    ImageBlock,
)


def _optional(annotation, required: bool):
    return annotation if required else annotation | None


def _fixed(annotation: Any, serialize: Serializer) -> SpecBuilder:
    return lambda block, name: Spec(annotation, serialize)


def _image_block(block, name) -> Spec:
    def image_block(raw, r):
        if not isinstance(raw, dict):
            return r.ref("image", raw)
        if raw.get("decorative"):
            return r.ref("image", raw.get("image"), {"alt": "", OVERRIDE_LOCALE: r.owner_locale})
        return r.image_ref(raw.get("image"), {"alt": raw.get("alt_text") or ""})

    return Spec(common.Image | None, image_block)


def _struct(block: blocks.BaseStructBlock, name: str) -> Spec:
    overrides = getattr(block, "image_text_overrides", None)
    if overrides:
        return _image_struct(block, name, overrides)
    children = {n: block_spec(b, name + pascal(n)) for n, b in block.child_blocks.items()}
    model = make_model(
        name if name.endswith(("Block", "Value")) else name + "Value",
        getattr(block.meta, "help_text", None),
        **{n: (s.annotation, ...) for n, s in children.items()},
    )

    def struct(raw, r, children=children, block=block):
        raw = raw if isinstance(raw, dict) else {}
        out = {}
        for n, s in children.items():
            value = raw.get(n)
            if value is None and n not in raw:
                value = block.child_blocks[n].get_prep_value(block.child_blocks[n].get_default())
            out[n] = s.serialize(value, r)
        return StructOut(block, out)

    return Spec(model, struct)


def _image_struct(block: blocks.BaseStructBlock, name: str, overrides: dict[str, str]) -> Spec:
    """A struct block with an ``image`` chooser and per-use overrides of its texts
    (``image_text_overrides``: ``{"alt": "alt_text", …}``): the overrides are folded into the
    image object (one rule for front ends, :class:`cms.api.common.Image`), not served beside it."""
    folded = set(overrides.values())
    children = {
        n: block_spec(b, name + pascal(n)) for n, b in block.child_blocks.items() if n not in folded
    }
    model = make_model(
        name if name.endswith(("Block", "Value")) else name + "Value",
        getattr(block.meta, "help_text", None),
        **{n: (s.annotation, ...) for n, s in children.items()},
    )

    def struct(raw, r, children=children, block=block):
        raw = raw if isinstance(raw, dict) else {}
        out = {}
        for n, s in children.items():
            if n == "image":
                out[n] = r.image_ref(
                    raw.get("image"), {t: raw.get(c) for t, c in overrides.items()}
                )
            else:
                value = raw.get(n)
                if value is None and n not in raw:
                    value = block.child_blocks[n].get_prep_value(
                        block.child_blocks[n].get_default()
                    )
                out[n] = s.serialize(value, r)
        return StructOut(block, out)

    return Spec(model, struct)


def _stream(block: blocks.BaseStreamBlock, name: str) -> Spec:
    children = {}
    members = []
    for child_name, child_block in block.child_blocks.items():
        child = block_spec(child_block, name + pascal(child_name))
        children[child_name] = child
        key = (child_name, id(child.annotation) if child.annotation is not None else None)
        wrapper = _wrapper_cache.get(key)
        if wrapper is None:
            wrapper = make_model(
                pascal(child_name) + "Item",
                getattr(child_block.meta, "help_text", None) or child_block.label,
                type=(Literal[child_name], ...),  # type: ignore[valid-type]
                id=(str, ...),
                value=(child.annotation, ...),
            )
            _wrapper_cache[key] = wrapper
        members.append(wrapper)
    if not members:
        item = Any
    elif len(members) == 1:
        item = members[0]
    else:
        item = Annotated[Union[tuple(members)], Field(discriminator="type")]  # noqa: UP007

    def stream(raw, r, children=children):
        out = []
        for child in raw or []:
            if not isinstance(child, dict) or child.get("type") not in children:
                continue
            value = children[child["type"]].serialize(child.get("value"), r)
            out.append(StreamItem(type=child["type"], id=str(child.get("id") or ""), value=value))
        return out

    return Spec(list[item], stream)


def _list(block: blocks.ListBlock, name: str) -> Spec:
    child = block_spec(block.child_block, name + "Item")

    def listing(raw, r, child=child):
        items = raw if isinstance(raw, list) else []
        values = [
            i["value"] if isinstance(i, dict) and i.get("type") == "item" and "value" in i else i
            for i in items
        ]
        return [child.serialize(v, r) for v in values]

    annotation = child.annotation
    if isinstance(block.child_block, _CHOOSERS):
        # References that do not resolve are left out of lists: items are never null.
        annotation = Union[tuple(a for a in get_args(annotation) if a is not type(None))]  # noqa: UP007
    return Spec(list[annotation], listing)


def _snippet_chooser(block: SnippetChooserBlock, name: str) -> Spec:
    from cms.api.serialize.models import model_spec

    target = block.target_model
    spec = model_spec(target, "snippet")
    kind = f"snippet:{target._meta.label}"
    return Spec(spec.annotation | None, lambda raw, r: r.ref(kind, raw))


def _integer(block, name) -> Spec:
    return Spec(_optional(int, getattr(block, "required", False)), lambda raw, r: to_int(raw))


def _number(block, name) -> Spec:
    return Spec(
        _optional(float, getattr(block, "required", False)),
        lambda raw, r: float(raw) if raw not in (None, "") else None,
    )


def _choice(block: blocks.ChoiceBlock, name: str) -> Spec:
    values = tuple(str(v) for v, _label in flat_choices(block.field.choices) if v != "")
    annotation = Literal[values] if values else str  # type: ignore[valid-type]
    return Spec(annotation | None, lambda raw, r, values=values: raw if raw in values else None)


def _text(raw, r):
    return "" if raw is None else str(raw)


#: Wagtail's block kinds. Text-valued field blocks (Char, Text, Email, Regex, RawHTML,
#: BlockQuote) are strings; a ``FieldBlock`` of another kind needs its own spec.
CORE_BLOCK_SPECS: tuple[BlockSpec, ...] = (
    BlockSpec(blocks.BaseStructBlock, _struct, walks_children=True),
    BlockSpec(blocks.BaseStreamBlock, _stream, walks_children=True),
    BlockSpec(blocks.ListBlock, _list, walks_children=True),
    BlockSpec(ImageBlock, _image_block),
    BlockSpec(blocks.RichTextBlock, _fixed(str, lambda raw, r: r.rich(raw))),
    BlockSpec(ImageChooserBlock, _fixed(common.Image | None, lambda raw, r: r.ref("image", raw))),
    BlockSpec(
        DocumentChooserBlock,
        _fixed(common.Document | None, lambda raw, r: r.ref("document", raw)),
    ),
    BlockSpec(
        blocks.PageChooserBlock, _fixed(common.PageLink | None, lambda raw, r: r.ref("page", raw))
    ),
    BlockSpec(SnippetChooserBlock, _snippet_chooser),
    BlockSpec(
        EmbedBlock,
        _fixed(
            common.Embed | None,
            lambda raw, r: (
                {"url": raw} if isinstance(raw, str) and raw and is_safe_url(raw) else None
            ),
        ),
    ),
    # A target that breaks the URL rule (stored before it existed) is served empty.
    BlockSpec(
        blocks.URLBlock,
        _fixed(str, lambda raw, r: raw if isinstance(raw, str) and is_safe_url(raw) else ""),
    ),
    BlockSpec(blocks.StaticBlock, _fixed(None, lambda raw, r: None)),
    BlockSpec(blocks.BooleanBlock, _fixed(bool, lambda raw, r: bool(raw))),
    BlockSpec(blocks.IntegerBlock, _integer),
    BlockSpec(blocks.FloatBlock, _number),
    BlockSpec(blocks.DecimalBlock, _number),
    BlockSpec(blocks.DateTimeBlock, _fixed(datetime.datetime | None, lambda raw, r: raw or None)),
    BlockSpec(blocks.DateBlock, _fixed(datetime.date | None, lambda raw, r: raw or None)),
    BlockSpec(blocks.TimeBlock, _fixed(datetime.time | None, lambda raw, r: raw or None)),
    BlockSpec(blocks.MultipleChoiceBlock, _fixed(list[str], lambda raw, r: list(raw or []))),
    BlockSpec(blocks.ChoiceBlock, _choice),
    BlockSpec(TableBlock, _fixed(dict[str, Any] | None, _ident)),
    *(
        BlockSpec(text_block, _fixed(str, _text))
        for text_block in (
            blocks.CharBlock,
            blocks.TextBlock,
            blocks.EmailBlock,
            blocks.RegexBlock,
            blocks.RawHTMLBlock,
            blocks.BlockQuoteBlock,
        )
    ),
)
