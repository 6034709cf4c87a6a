"""Redirects from a page's old front-end path when an editor moves or renames it.

The front ends address a page by ``/<language><path within the locale>``
(``/de/projekte/windpark/``, :mod:`cms.content.page_urls`), the same path the API gives out; this module
stores redirects under exactly that path, for every language. Wagtail's own automatic redirects
(``WAGTAILREDIRECTS_AUTO_CREATE``, off) would take the same path from ``CmsPage.get_url_parts``,
but only while a default front end is configured, bound to a site, and without clearing a
redirect that a page's new path shadows; so this module makes them:

- :func:`connect` hooks :func:`create_redirects` to Wagtail's ``page_slug_changed`` (a published
  page renamed) and ``post_page_move`` signals; the page and its live descendants each get a
  permanent, automatically created ``wagtail.contrib.redirects`` Redirect, visible and editable by
  editors under *Einstellungen → Weiterleitungen*.
- :func:`find_redirect` is the lookup the API's find-by-path calls when no page lives at a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from django.db.models import Q
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.signals import page_slug_changed, post_page_move

from cms.content.page_urls import page_url


def frontend_path(page: Page, url_path: str | None = None) -> str:
    """The path front ends use for ``page`` (``/de/projekte/windpark/``), or for the position
    it had at ``url_path`` (Wagtail's form): :func:`cms.content.page_urls.page_url` without a front end."""
    return page_url(page, None, url_path=url_path)


def create_redirects(page: Page, url_path_before: str) -> int:
    """Store a redirect from each old front-end path below ``url_path_before`` to its page.

    Returns the number of redirects stored. Older automatic redirects from the same paths are
    replaced; a redirect from a path that is now a page's own path again is removed.
    """
    page = page.specific
    if url_path_before == page.url_path or page.depth <= 2 or not page.live:
        return 0
    pairs = [(frontend_path(page, url_path_before), page)]
    for descendant in page.get_descendants().live():
        old = url_path_before + descendant.url_path[len(page.url_path) :]
        pairs.append((frontend_path(descendant, old), descendant))
    redirects = [
        Redirect(
            old_path=Redirect.normalise_path(old_path),
            redirect_page=target,
            is_permanent=True,
            automatically_created=True,
        )
        for old_path, target in pairs
    ]
    old_paths = [r.old_path for r in redirects]
    new_paths = [Redirect.normalise_path(frontend_path(page))] + [
        Redirect.normalise_path(frontend_path(d)) for d in page.get_descendants().live()
    ]
    Redirect.objects.filter(
        Q(old_path__in=new_paths) | Q(old_path__in=old_paths, automatically_created=True),
        site=None,
    ).delete()
    existing = set(
        Redirect.objects.filter(old_path__in=old_paths, site=None).values_list(
            "old_path", flat=True
        )
    )
    # A redirect an editor made by hand for one of these paths stays as it is.
    to_create = [r for r in redirects if r.old_path not in existing]
    Redirect.objects.bulk_create(to_create)
    return len(to_create)


def _on_slug_change(sender, instance, instance_before, **kwargs) -> None:
    create_redirects(instance, instance_before.url_path)


def _on_move(sender, instance, url_path_before, url_path_after, **kwargs) -> None:
    if url_path_before != url_path_after:
        create_redirects(instance, url_path_before)


def connect() -> None:
    """Connect the redirect creation to Wagtail's signals (called from ``CmsConfig.ready``)."""
    page_slug_changed.connect(_on_slug_change, dispatch_uid="cms.content.redirects.slug")
    post_page_move.connect(_on_move, dispatch_uid="cms.content.redirects.move")


@dataclass(frozen=True)
class RedirectTarget:
    """Where an old path leads: the live page (None for an external link) and the new path."""

    page: Page | None
    path: str
    is_permanent: bool


def _lookup(old_path: str) -> Redirect | None:
    return Redirect.objects.filter(old_path=old_path).order_by("site_id").first()


def find_redirect(path: str, language: str | None = None) -> RedirectTarget | None:
    """The redirect stored for a front-end ``path``, or None.

    ``path`` is either the full front-end path (``/de/regionalforum/``) or, with ``language``,
    the path within that locale (``/regionalforum/``); slashes and percent-encoding do not
    matter. ``path`` of the answer is the page's current front-end path (or the external link).
    A redirect to a page that is no longer live answers None, so callers say 404, not a dead link.
    """
    if not path or "\0" in path:
        return None
    if language:
        path = f"/{language}/{path.lstrip('/')}"
    normalised = Redirect.normalise_path(path)
    redirect = _lookup(normalised) or _lookup(unquote(normalised))
    if redirect is None:
        return None
    if redirect.redirect_page_id:
        page = redirect.redirect_page.specific
        if not page.live:
            return None
        return RedirectTarget(page, frontend_path(page), redirect.is_permanent)
    if redirect.redirect_link:
        return RedirectTarget(None, redirect.redirect_link, redirect.is_permanent)
    return None
