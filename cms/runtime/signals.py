"""Keeping API caches honest, and CORS for the configured front ends.

Anything the API serves changing (a page published, unpublished, moved, renamed or deleted; an
image, document, snippet, locale, site, front end, view restriction or its groups, or a group
saved or deleted) is recorded in the change feed (:mod:`cms.delivery.feed`), in the transaction
of the change. The feed bumps the content generation, which invalidates every cached API response
in every worker, and after the commit purges every URL showing a changed page (API and front
ends, absolute: :func:`purge_urls_for_page`) from a front-end cache (CDN) through Wagtail's
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
    """
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


def purge_urls_for_page(
    page, *, url_path_before: str | None = None, parent_before=None
) -> list[str]:
    """The absolute URLs a shared cache may hold that show ``page``: purge all of them.

    Every URL is absolute (Wagtail's HTTP purge backend sends the URL's host as ``Host``; a
    relative URL has none). API URLs start with the CMS's public address
    (``WAGTAILAPI_BASE_URL``, else ``WAGTAILADMIN_BASE_URL``); page paths and front-end URLs come
    from :mod:`cms.content.page_urls`. For the page and each of its translations (every locale the
    translation group lives in answers for any of them, ``?locale=``):

    - its detail, ``pages/<id>/`` plain and with ``?locale=`` of each locale;
    - its find-by-path, ``pages/find/?path=<path>`` plain and with ``&locale=`` of each locale;
    - its URL on every web front end (``http``/``https``; an app's scheme has no shared cache);
    - the listings it appears in, per locale: all pages, its type's, its parent's children.

    ``url_path_before`` (Wagtail's form) is the page's position before a move or rename: the
    find-by-path and front-end URLs of the old path of the page and of each live descendant are
    added, with the descendants' own detail URLs (their ``path`` changed); ``parent_before``
    adds the old parent's listing. Each API URL comes in the spellings a client sends: the
    query encoded as ``URLSearchParams`` does (``path=%2Fx%2F``, as the TypeScript client), the
    find path also with plain slashes, and each with ``&frontend=<name>`` of every front end.
    """
    from urllib.parse import urlencode

    from django.conf import settings
    from wagtail.models import Page

    from cms.api.cache import PREFIX
    from cms.api.models import FrontEnd
    from cms.api.pages import page_type_by_content_type_id
    from cms.content.page_urls import path_in_locale, public_url

    origin = getattr(settings, "WAGTAILAPI_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    base = origin.rstrip("/") + PREFIX
    frontends = list(FrontEnd.objects.all())
    names = [None, *(fe.name for fe in frontends)]
    websites = [fe for fe in frontends if fe.base_url.startswith(("http://", "https://"))]
    default = settings.LANGUAGE_CODE
    steplen = Page.steplen
    versions = list(
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values("pk", "path", "url_path", "content_type_id", "locale__language_code")
    )
    versions.insert(
        0,
        {
            "pk": page.pk,
            "path": page.path,
            "url_path": page.url_path,
            "content_type_id": page.content_type_id,
            "locale__language_code": page.locale.language_code,
        },
    )
    locales = sorted({v["locale__language_code"] for v in versions})
    parents = dict(
        Page.objects.filter(path__in={v["path"][:-steplen] for v in versions}).values_list(
            "path", "pk"
        )
    )
    types = page_type_by_content_type_id()
    urls: list[str] = []

    def api(endpoint: str, **query) -> None:
        """``endpoint`` with ``query`` (None values left out) in each spelling, per front end."""
        for name in names:
            params = {k: v for k, v in {**query, "frontend": name}.items() if v is not None}
            urls.append(f"{base}{endpoint}" + (f"?{urlencode(params)}" if params else ""))
            if "path" in params:
                plain = "&".join(f"{k}={v}" for k, v in params.items())
                urls.append(f"{base}{endpoint}?{plain}")

    def per_locale(endpoint: str, **query) -> None:
        api(endpoint, **query)
        for code in locales:
            api(endpoint, **query, locale=code)

    def shown_at(locale: str, url_path: str) -> None:
        path = path_in_locale(url_path)
        per_locale("pages/find/", path=path)
        urls.extend(public_url(locale, path, fe) for fe in websites)

    for v in versions:
        locale = v["locale__language_code"]
        per_locale(f"pages/{v['pk']}/")
        shown_at(locale, v["url_path"])
        pt = types.get(v["content_type_id"])
        lang = None if locale == default else locale
        for code in dict.fromkeys((lang, locale)):
            api("pages/", locale=code)
            if pt is not None:
                api("pages/", type=pt.api_name, locale=code)
            if parent := parents.get(v["path"][:-steplen]):
                api("pages/", parent=parent, locale=code)
            if parent_before is not None:
                api("pages/", parent=parent_before.pk, locale=code)
    if url_path_before and url_path_before != page.url_path:
        locale = page.locale.language_code
        shown_at(locale, url_path_before)
        if page.depth and page.depth > 2:
            for d in Page.objects.descendant_of(page).live().values("pk", "url_path"):
                per_locale(f"pages/{d['pk']}/")
                shown_at(locale, d["url_path"])
                shown_at(locale, url_path_before + d["url_path"][len(page.url_path) :])
    return list(dict.fromkeys(urls))


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
