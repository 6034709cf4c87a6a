"""Wagtail's stock v2 API at ``/api/v2/``, held to the one visibility rule (:mod:`cms.visibility`).

Stock v2 already serves only live pages outside view restrictions (``get_public_pages_queryset``)
and media outside restricted collections the request does not pass. What it does not do is hide
what *describes* a hidden target: a public page's foreign key to an image or document in a
restricted collection, and the properties marked with :func:`cms.visibility.describes` (a
document page's ``file_size``, a hero image's alt text). :class:`PageSerializer` empties both, as
``/api/v1/`` does. StreamField and rich-text values stay in v2's own format (ids of chosen objects);
front ends that need resolved references use ``/api/v1/``.
"""

from __future__ import annotations

from typing import Any

from wagtail.api.v2.serializers import PageSerializer as StockPageSerializer
from wagtail.api.v2.views import PagesAPIViewSet as StockPagesAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage

from cms import visibility


def _view(request) -> visibility.View:
    """The reader's :class:`~cms.visibility.View`, built once per request."""
    view = getattr(request, "_cms_visibility_view", None)
    if view is None:
        user = getattr(request, "user", None)
        view = visibility.View.of(visibility.for_user(user, via="session"))
        request._cms_visibility_view = view
    return view


def _empty_value(model: type, name: str) -> Any:
    """A property's value on an instance whose references are all empty."""
    return getattr(model(), name, None)


class PageSerializer(StockPageSerializer):
    """Stock v2 page serializer; hidden media and what describes them come out empty."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            return data
        view = _view(request)
        if not view.collection_paths and not view.page_paths:
            return data
        model = type(instance)
        for name in list(data):
            attr = getattr(model, name, None)
            fget = attr.fget if isinstance(attr, property) else None
            target_name = getattr(fget, "describes", None)
            if target_name is not None:
                target = getattr(instance, target_name, None)
                if target is not None and not view.shows(target):
                    data[name] = _empty_value(model, name)
                continue
            value = getattr(instance, name, None) if not isinstance(attr, property) else None
            if isinstance(value, AbstractImage | AbstractDocument) and not view.shows(value):
                data[name] = None
        return data


class PagesAPIViewSet(StockPagesAPIViewSet):
    base_serializer_class = PageSerializer
