"""The site map of the website: ``/sitemap.xml``, served by the CMS, listing front-end URLs.

Wagtail's site map (``wagtail.contrib.sitemaps``) with two changes for a headless CMS: it lists
the pages of every locale (Wagtail's takes the current site's root page only, which is the
German start page; the English tree is its translation, beside it), and it asks the one
visibility rule (:mod:`cms.visibility`, the anonymous reader) instead of Wagtail's
``public()``. Each ``<loc>`` is the page's URL on the default front end
(:meth:`cms.content.pages.CmsPage.get_url_parts`, :mod:`cms.content.page_urls`); while no front end is default
the map is empty, as no public URL is known. The website serves it as its own ``/sitemap.xml``
(a proxy rule) or names this address in its ``robots.txt`` (``Sitemap: <url>``), which search
engines accept for a map on another host. Format: https://www.sitemaps.org/protocol.html.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms import visibility
from cms.content.page_urls import default_frontend
from cms.plugin.registry import registry


class PageSitemap(Sitemap):
    """Every live page of a registered page type that an anonymous reader may see, all locales."""

    def items(self):
        if default_frontend(self.request) is None:
            return Page.objects.none()
        content_types = ContentType.objects.get_for_models(*registry.models("page")).values()
        pages = Page.objects.live().filter(
            depth__gt=1, content_type__in=[ct.pk for ct in content_types]
        )
        for path in visibility.anonymous_restricted_page_paths():
            pages = pages.exclude(path__startswith=path)
        return pages.select_related("locale").order_by("path").defer_streamfields().specific()


#: The ``sitemaps`` argument of Wagtail's sitemap view (``cms.urls``).
SITEMAPS = {"pages": PageSitemap}
