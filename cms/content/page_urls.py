"""Where a page lives for readers: its public path and its URL per front end, computed here only.

The CMS is headless: it routes no pages (there is no ``wagtail_serve`` route), the front ends
do. They address a page by its language and its path within that language's tree,
``/<language><path>``, e.g. ``/de/projekte/windpark/``: the path is Wagtail's ``url_path``
without the first segment, the locale's start page (depth 2, ``/start/`` in
``/start/projekte/windpark/``), so the start page itself is ``/de/``. A front end
(:class:`cms.api.models.FrontEnd`) sets the address before it: ``https://www.example.org`` gives
``https://www.example.org/de/projekte/windpark/``, the app's ``nordthueringen://`` gives
``nordthueringen://de/projekte/windpark/``.

Every caller goes through this module: the API's ``path``/``url`` fields
(:class:`cms.api.serialize.ApiContext`), find-by-path and redirects (:mod:`cms.content.redirects`),
Wagtail's own page URLs (:meth:`cms.content.pages.CmsPage.get_url_parts`, hence "view live" in the admin,
``Redirect.link``, the site map of :mod:`cms.runtime.sitemaps`, Wagtail's front-end cache purge) and the
purge list of :mod:`cms.delivery.purge`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page

    from cms.api.models import FrontEnd

__all__ = [
    "DEFAULT",
    "default_frontend",
    "language_code",
    "page_url",
    "path_in_locale",
    "public_path",
    "public_url",
    "url_parts",
]


class _Default:
    """Marker for "the default front end" (``None`` means "no front end": a path only)."""

    def __repr__(self) -> str:
        return "DEFAULT"


#: Ask for the URL of the default front end (``FrontEnd.is_default``).
DEFAULT: Any = _Default()

#: Attribute of a request on which the default front end is kept for the rest of it.
_REQUEST_CACHE = "_cms_default_frontend"
#: Attribute of a request on which the language codes of the locales are kept (by id).
_LOCALES_CACHE = "_cms_locale_codes"


def path_in_locale(url_path: str) -> str:
    """A page's path within its locale: Wagtail's ``url_path`` without its first segment.

    ``"/start/projekte/windpark/"`` → ``"/projekte/windpark/"``; the locale's start page
    (``"/start/"``) and the tree root (``"/"``) → ``"/"``. The result starts and, like
    ``url_path``, ends with ``/``. This is the ``path`` that the API gives out and that
    ``/api/v1/pages/find/?path=`` takes.
    """
    parts = url_path.split("/", 2)
    return "/" + (parts[2] if len(parts) > 2 else "")


def public_path(locale: str, path: str) -> str:
    """The path front ends serve a page under: ``/<locale><path>`` (``/de/projekte/x/``).

    ``locale`` is a language code (``de``), ``path`` a path within the locale
    (:func:`path_in_locale`).
    """
    return f"/{locale}{path}"


def default_frontend(request: HttpRequest | None = None) -> FrontEnd | None:
    """The front end marked default (``FrontEnd.is_default``), or None when none is.

    Read through the API's per-generation cache (:func:`cms.api.http.frontends`: one small
    query for the content generation); with ``request`` the answer is kept on it, so the
    admin's listings ask once per request however many pages they show.
    """
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return getattr(request, _REQUEST_CACHE)
    from cms.api.http import frontends
    from cms.api.models import ContentGeneration

    generation = getattr(request, "api_generation", None)
    if generation is None:
        generation = ContentGeneration.current()
    frontend = next((fe for fe in frontends(generation).values() if fe.is_default), None)
    if request is not None:
        setattr(request, _REQUEST_CACHE, frontend)
    return frontend


def language_code(page: Page, request: HttpRequest | None = None) -> str:
    """The language code of ``page``'s locale (``de``).

    With ``request``, every locale is read once per request and kept on it, so that a listing
    of many pages (the admin's, a site map) costs no query per page.
    """
    if request is None or "locale" in page._state.fields_cache:
        return page.locale.language_code
    codes = getattr(request, _LOCALES_CACHE, None)
    if codes is None:
        from wagtail.models import Locale

        codes = dict(Locale.objects.values_list("pk", "language_code"))
        setattr(request, _LOCALES_CACHE, codes)
    return codes.get(page.locale_id) or page.locale.language_code


def public_url(locale: str, path: str, frontend: FrontEnd | None = DEFAULT, *, request=None) -> str:
    """The URL of the page at ``path`` (within ``locale``) for ``frontend``: THE URL function.

    ``frontend`` is a :class:`~cms.api.models.FrontEnd`, :data:`DEFAULT` (the default front
    end; the default) or ``None``. The URL is the front end's ``base_url`` followed by
    :func:`public_path`; a base ending in ``://`` (an app's scheme) is followed directly by the
    locale (``nordthueringen://de/x/``). Without a front end (``None``, or :data:`DEFAULT` when
    none is marked default) the answer is the public path alone (``/de/x/``), relative to
    whatever front end reads it. ``request`` only caches the default front end's lookup.
    """
    if frontend is DEFAULT:
        frontend = default_frontend(request)
    if frontend is None or not frontend.base_url:
        return public_path(locale, path)
    base = frontend.base_url
    if base.endswith("://"):
        return f"{base}{locale}{path}"
    return f"{base.rstrip('/')}{public_path(locale, path)}"


def page_url(
    page: Page, frontend: FrontEnd | None = DEFAULT, *, url_path: str | None = None, request=None
) -> str:
    """:func:`public_url` of ``page`` (its locale and ``url_path``, or the ``url_path`` it had).

    ``url_path`` gives an old position (a page before a move or rename), in Wagtail's form.
    Reads the page's locale (:func:`language_code`).
    """
    path = path_in_locale(url_path or page.url_path)
    return public_url(language_code(page, request), path, frontend, request=request)


def url_parts(page: Page, request: HttpRequest | None = None) -> tuple[int, str, str] | None:
    """``(site_id, root_url, page_path)`` for Wagtail's ``Page.get_url_parts``: the default
    front end's URL of ``page`` split so that ``root_url + page_path`` is that URL.

    ``page_path`` is the public path (``/de/x/``), ``root_url`` the front end's address
    (``https://www.example.org``; ``nordthueringen:/`` for an app's ``nordthueringen://``).
    ``site_id`` is the Wagtail site whose tree holds the page (the start page of any locale,
    as Wagtail's i18n site root paths have it). None, as Wagtail answers for a page it cannot
    route, for the tree root, a page outside every site, and while no front end is default
    (without a front end no public URL is known). Follows the contract of Wagtail's
    ``Page.get_url_parts`` (wagtail/models/pages.py).
    """
    if page.depth is None or page.depth < 2:
        return None
    sites = page._get_relevant_site_root_paths(request)
    if not sites:
        return None
    frontend = default_frontend(request)
    if frontend is None or not frontend.base_url:
        return None
    locale, path = language_code(page, request), path_in_locale(page.url_path)
    url, page_path = public_url(locale, path, frontend), public_path(locale, path)
    return sites[0][0], url[: len(url) - len(page_path)], page_path
