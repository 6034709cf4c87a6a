"""Wagtail's stock v2 API at ``/api/v2/``, held to the one visibility rule (:mod:`cms.visibility`).

Stock v2 already serves only live pages outside view restrictions (``get_public_pages_queryset``)
and media outside restricted collections the request does not pass. What it does not do is hide
what *describes* a hidden target: a public page's foreign key to an image or document in a
restricted collection, and the properties marked with :func:`cms.visibility.describes` (a
document page's ``file_size``, a hero image's alt text), nor relations to hidden pages (a draft
partner among a project's partners). :class:`PageSerializer` empties or drops them, as
``/api/v1/`` does. StreamField values stay in v2's own format (ids of chosen objects), pruned of
hidden targets; front ends that need resolved references use ``/api/v1/``. v2 stays stock on
purpose and does not use v1's block specs (:mod:`cms.api.serialize.blocks`): ``docs/api.md``.

Link targets stored before the URL rule existed (``javascript:`` …) are not served either
(:mod:`cms.content.safe_urls`): rich text loses the unsafe ``href``, a URL field or URL block is served
empty, an unsafe embed is left out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers
from wagtail.api.v2 import serializers as v2_serializers
from wagtail.api.v2.serializers import PageSerializer as StockPageSerializer
from wagtail.api.v2.views import PagesAPIViewSet as StockPagesAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField
from wagtail.fields import StreamField as StreamModelField
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from cms import visibility
from cms.content.safe_urls import block_urls, is_safe_url, sanitized_block_raw, strip_unsafe_links


class SafeRichTextField(v2_serializers.RichTextFieldSerializer):
    """v2's rich text serializer with unsafe link targets removed (:mod:`cms.content.safe_urls`)."""

    def to_representation(self, value):
        """v2's front-end HTML of the rich text, without unsafe ``href``/``src`` targets."""
        output = super().to_representation(value)
        return strip_unsafe_links(output) if isinstance(output, str) else output


class SafeURLField(serializers.URLField):
    """A URL field served empty (``""``) when its stored value breaks the URL rule."""

    def to_representation(self, value):
        """``value`` if it is a safe URL (:func:`cms.content.safe_urls.is_safe_url`), else ``""``."""
        return value if is_safe_url(value) else ""


class SafeStreamField(v2_serializers.StreamField):
    """v2's StreamField serializer; stored unsafe link targets are sanitized before output."""

    def to_representation(self, value):
        """v2's stream output (a list of ``{"type", "value", "id"}``, chosen objects as ids) after
        unsafe URLs in the raw data are sanitized (:func:`cms.content.safe_urls.sanitized_block_raw`).
        """
        block = value.stream_block
        raw = list(value.get_prep_value())
        if block_urls(block, raw):
            value = block.to_python(sanitized_block_raw(block, raw))
        return super().to_representation(value)


def _empty_value(model: type, name: str) -> Any:
    """A property's value on an instance whose references are all empty."""
    return getattr(model(), name, None)


class PageSerializer(StockPageSerializer):
    """Stock v2 page serializer; hidden targets and what describes them come out empty.

    - a foreign key to a hidden image or document: ``null``;
    - a property marked with ``describes``: its value for an empty reference;
    - relations to pages (``related_projects``, ``partners`` …): hidden pages left out;
    - StreamFields: blocks choosing a hidden target are pruned (``cms.content.blocks.CmsStreamBlock``);
    - rich text, URL fields and stream values: unsafe link targets removed (``cms.content.safe_urls``).
    """

    serializer_field_mapping = {
        **StockPageSerializer.serializer_field_mapping,
        StreamModelField: SafeStreamField,
        RichTextField: SafeRichTextField,
        models.URLField: SafeURLField,
    }

    def to_representation(self, instance):
        """Stock v2 output of ``instance`` with what the request's reader may not see emptied or
        dropped (see the class docstring); unchanged when the serializer has no request.
        """
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            return data
        view = visibility.view_for_request(request)
        model = type(instance)
        for name in list(data):
            attr = getattr(model, name, None)
            if isinstance(attr, property):
                target_name = getattr(attr.fget, "describes", None)
                target = getattr(instance, target_name, None) if target_name else None
                if target is not None and not view.shows(target):
                    data[name] = _empty_value(model, name)
                continue
            field = _relation(model, name)
            if field is None:
                continue
            if issubclass(field.related_model, Page) and isinstance(data[name], list):
                data[name] = _visible_pages(data[name], view)
            elif issubclass(field.related_model, Page) and isinstance(data[name], dict):
                data[name] = (_visible_pages([data[name]], view) or [None])[0]
            elif field.many_to_one or field.one_to_one:
                value = getattr(instance, name, None)
                if isinstance(value, AbstractImage | AbstractDocument) and not view.shows(value):
                    data[name] = None
        return data


def _relation(model: type, name: str):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.is_relation and field.related_model is not None else None


def _visible_pages(items: list, view: visibility.View) -> list:
    """Serialized page references (``{"id": …}``) the reader may see, in order."""
    ids = [item["id"] for item in items if isinstance(item, dict) and "id" in item]
    shown = {
        page.pk
        for page in Page.objects.filter(pk__in=ids).only("pk", "live", "path")
        if view.shows_page(page)
    }
    return [item for item in items if isinstance(item, dict) and item.get("id") in shown]


class PagesAPIViewSet(StockPagesAPIViewSet):
    """Wagtail's v2 pages endpoint serializing through :class:`PageSerializer`."""

    base_serializer_class = PageSerializer
