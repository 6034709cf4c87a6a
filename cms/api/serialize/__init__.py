"""Typed schemas and batched serialization, both generated from models and block definitions.

Every public field (a model's ``api_fields``) and every StreamField block gets a *spec*: a Pydantic
annotation for the OpenAPI document and a function that turns stored data into JSON. Serializing
runs in two phases so that a response costs a constant number of queries:

1. specs turn objects into plain data in which every reference (image, document, page, snippet,
   or a link or embed inside rich text) is a placeholder, :class:`Ref` or :class:`RichText`;
   StreamField bodies are read from their raw JSON, so no block fetches anything on its own;
2. :meth:`Resolver.resolve` fetches each kind of reference in one query, in the requested locale,
   dropping what the client may not see; :meth:`Resolver.finalize` swaps the placeholders for
   the resolved objects and leaves out what is gone (deleted, unpublished, private).

One concern per module:

- :mod:`.context`: :class:`ApiContext`, who is asking (a typed :class:`cms.visibility.Principal`),
  in which locale, for which front end; the per-generation tables;
- :mod:`.resolver`: placeholders, :class:`Resolver` (fetching, locale mapping, visibility);
- :mod:`.richtext`: rich text through Wagtail's rewriters and batched entity handlers;
- :mod:`.media`: image and document representations, signed renditions, ``srcset``;
- :mod:`.blocks`: block specs and their registry (:class:`BlockSpec`, plugins add theirs);
- :mod:`.fields`, :mod:`.models`: field and model specs; :mod:`.schema`: :class:`Spec`, schema
  names.

Caches (each documented where it lives): per-generation tables (:mod:`.context`), rendition
paths (:mod:`.media`), schema names (:mod:`.schema`, for the life of the process), the block
registry and built block and model specs (:mod:`.blocks`, :mod:`.models`). :func:`reset` clears
what may go stale.

This module is the face: import from ``cms.api.serialize``, not from its modules.
"""

from cms.api.serialize import blocks as _blocks
from cms.api.serialize import context as _context
from cms.api.serialize import media as _media
from cms.api.serialize import models as _models
from cms.api.serialize.blocks import (
    BlockRegistry,
    BlockSpec,
    UnknownBlockError,
    block_registry,
    block_serializer,
    block_spec,
    build_block_registry,
    unknown_blocks,
)
from cms.api.serialize.context import ApiContext, api_name_for_content_type, page_path
from cms.api.serialize.fields import (
    choice_label_spec,
    field_spec,
    related_kind,
    with_choice_labels,
)
from cms.api.serialize.media import document_data, image_data, rendition_path
from cms.api.serialize.models import PAGE_BASE_FIELDS, ModelSpec, api_field_names, model_spec
from cms.api.serialize.resolver import (
    OVERRIDE_LOCALE,
    Described,
    Ref,
    Resolver,
    StreamItem,
    StructOut,
    page_link,
    with_overrides,
)
from cms.api.serialize.richtext import RichText
from cms.api.serialize.schema import Serializer, Spec, en, make_model, pascal, unique_name

__all__ = [
    "OVERRIDE_LOCALE",
    "PAGE_BASE_FIELDS",
    "ApiContext",
    "BlockRegistry",
    "BlockSpec",
    "Described",
    "ModelSpec",
    "Ref",
    "Resolver",
    "RichText",
    "Serializer",
    "Spec",
    "StreamItem",
    "StructOut",
    "UnknownBlockError",
    "api_field_names",
    "api_name_for_content_type",
    "block_registry",
    "block_serializer",
    "block_spec",
    "build_block_registry",
    "choice_label_spec",
    "document_data",
    "en",
    "field_spec",
    "image_data",
    "make_model",
    "model_spec",
    "page_link",
    "page_path",
    "pascal",
    "related_kind",
    "rendition_path",
    "reset",
    "unique_name",
    "unknown_blocks",
    "with_choice_labels",
    "with_overrides",
]


def reset(*, specs: bool = False) -> None:
    """Clear the caches that may go stale: per-generation tables and rendition paths (what
    :func:`cms.api.cache.reset` needs between tests); with ``specs``, also the block registry and
    every built block and model spec (after the plugin registry changed; schemas built again get
    new names, so the running API's document is not rebuilt)."""
    _context.reset()
    _media.reset()
    if specs:
        _blocks.reset()
        _models.reset()
