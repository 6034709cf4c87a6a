"""Wagtail's stock v2 API (``/api/v2/``) with the project's read-side URL check.

The endpoints, parameters and output are Wagtail's own; only the serialisation of rich text,
URL and stream fields passes through :mod:`cms.safe_urls`, so that a link target stored before
the URL rule existed (``javascript:`` …) is not served here either: rich text loses the unsafe
``href``, a URL field or URL block is served empty, an unsafe embed is left out.
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers
from wagtail.api.v2 import serializers as v2_serializers
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.fields import RichTextField
from wagtail.fields import StreamField as StreamModelField

from cms.safe_urls import block_urls, is_safe_url, sanitized_block_raw, strip_unsafe_links


class SafeRichTextField(v2_serializers.RichTextFieldSerializer):
    def to_representation(self, value):
        output = super().to_representation(value)
        return strip_unsafe_links(output) if isinstance(output, str) else output


class SafeURLField(serializers.URLField):
    def to_representation(self, value):
        return value if is_safe_url(value) else ""


class SafeStreamField(v2_serializers.StreamField):
    def to_representation(self, value):
        block = value.stream_block
        raw = list(value.get_prep_value())
        if block_urls(block, raw):
            value = block.to_python(sanitized_block_raw(block, raw))
        return super().to_representation(value)


class SafePageSerializer(v2_serializers.PageSerializer):
    serializer_field_mapping = {
        **v2_serializers.PageSerializer.serializer_field_mapping,
        StreamModelField: SafeStreamField,
        RichTextField: SafeRichTextField,
        models.URLField: SafeURLField,
    }


class SafePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, serialised through :class:`SafePageSerializer`."""

    base_serializer_class = SafePageSerializer
