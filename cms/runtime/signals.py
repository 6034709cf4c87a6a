"""Keeping API caches honest, and CORS for the configured front ends.

Anything the API serves changing (a page published, unpublished, moved, renamed or deleted; an
image, document, snippet, locale, site, front end, view restriction or its groups, or a group
saved or deleted) is recorded in the change feed (:mod:`cms.delivery.feed`), in the transaction
of the change. The feed bumps the content generation, which invalidates every cached API response
in every worker, and after the commit purges every URL showing a changed page (API and front
ends, absolute: :func:`cms.delivery.purge.purge_urls_for_page`) from a front-end cache (CDN) through Wagtail's
``frontend_cache`` app, when one is configured in ``WAGTAILFRONTENDCACHE``. Wagtail's own handler
purges the page's default front-end URL on publish and unpublish as well
(``CmsPage.get_url_parts``).
"""

from __future__ import annotations

import logging
from functools import cache

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)


@cache
def _relevant_models() -> tuple[type, ...]:
    from django.contrib.auth.models import Group
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Locale,
        Page,
        PageViewRestriction,
        Site,
    )
    from wagtail_localize.models import Translation, TranslationSource

    from cms.api.models import FrontEnd
    from cms.models import DocumentText, ImageText
    from cms.plugin.registry import registry

    return (
        Translation,  # translation sync state is part of every page's representation
        TranslationSource,
        Redirect,  # find-by-path follows redirects of moved and renamed pages
        Page,
        get_image_model(),
        get_document_model(),
        ImageText,  # an image's or document's texts in another locale
        DocumentText,
        Locale,
        Site,
        PageViewRestriction,
        CollectionViewRestriction,
        # A collection moved below a restricted one hides its media (the admin saves it, then
        # moves it, in one transaction: the bump is committed with the move).
        Collection,
        # Deleting a group takes it out of every restriction's groups without an m2m_changed
        # signal (nor a post_delete of the rows of the group tables).
        Group,
        FrontEnd,
        *registry.models("snippet"),
    )


def bump(**_kwargs) -> None:
    """Start a new content generation through the change feed (an unnamed change)."""
    from cms.delivery import feed

    feed.record("site", None)


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, signal=None, **kwargs) -> None:
    """``post_save``/``post_delete`` of any model: recorded in the change feed when it is one the
    API serves or that changes what readers may see (pages, sites, locales, redirects, images,
    documents, collections, view restrictions, groups, front ends, the registry's snippets).
    Not for rows loaded raw (``loaddata``: a JSON restore, whose rows may come before their
    locale; ``manage.py restore`` restarts the feed afterwards, :mod:`cms.backup`).
    """
    if kwargs.get("raw"):
        return
    if isinstance(instance, _relevant_models()):
        from cms.delivery import feed

        feed.record_instance(instance, deleted=signal is post_delete)


@receiver(m2m_changed)
def restriction_groups_changed(sender, instance, action, **kwargs) -> None:
    """A view restriction's groups are saved after the restriction itself (admin forms)."""
    from wagtail.models import CollectionViewRestriction, PageViewRestriction

    from cms.delivery import feed

    throughs = (PageViewRestriction.groups.through, CollectionViewRestriction.groups.through)
    if action.startswith("post_") and sender in throughs:
        feed.record_instance(instance)


def page_changed(sender=None, instance=None, **kwargs) -> None:
    """Published, unpublished or moved (``url_path_before``, ``parent_page_before``): recorded in
    the change feed, which purges its URLs after the commit (a new slug:
    :func:`cms.delivery.feed.remember_url_path`)."""
    from cms.delivery import feed

    if instance is None:
        bump()
        return
    feed.record_page(
        instance,
        old_url_path=kwargs.get("url_path_before"),
        parent_before=kwargs.get("parent_page_before"),
    )


def connect() -> None:
    """Called from ``CmsConfig.ready``."""
    from corsheaders.signals import check_request_enabled
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.delivery import feed

    page_published.connect(page_changed, dispatch_uid="cms_api_published")
    page_unpublished.connect(page_changed, dispatch_uid="cms_api_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="cms_api_moved")
    feed.connect()
    check_request_enabled.connect(cors_allow_frontends, dispatch_uid="cms_api_cors")


def cors_allow_frontends(sender, request, **kwargs) -> bool:
    """CORS for the origins of configured front ends (besides ``CORS_ALLOWED_ORIGINS``).

    Only on ``CORS_URLS_REGEX`` (the API): django-cors-headers lets this signal enable CORS on
    any path, and the admin, its login and document downloads must never be readable from a
    front end's origin.
    """
    import re

    from django.conf import settings

    from cms.api.http import frontends
    from cms.api.models import ContentGeneration

    origin = request.headers.get("Origin", "")
    if not origin or not re.match(settings.CORS_URLS_REGEX, request.path_info):
        return False
    generation = getattr(request, "api_generation", None)
    if generation is None:
        generation = ContentGeneration.current()
    return any(
        fe.allowed_origin and fe.allowed_origin.rstrip("/") == origin.rstrip("/")
        for fe in frontends(generation).values()
    )
