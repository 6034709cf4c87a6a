"""The request context: what an API answer depends on besides the data (locale, front end, who
is asking) and the small tables every request reads (locales, site roots)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Page

from cms.content.page_urls import path_in_locale, public_url
from cms.plugin.registry import registry
from cms.visibility import Principal, path_is_under

#: Cache: the small tables every request needs (key: ``"locales"``, ``"roots"``), kept per
#: process for one content generation (``"generation"``). Cleared when a request comes with
#: another generation (any change to these tables bumps it, :mod:`cms.runtime.signals`) and by
#: :func:`reset`.
_per_generation: dict = {"generation": None}


def reset() -> None:
    """Forget the per-generation tables (tests, whose rollbacks bring back old generations)."""
    _per_generation.clear()
    _per_generation["generation"] = None


@dataclass
class ApiContext:
    """What a response depends on besides the data: locale, front end, who is asking.

    ``principal`` is the reader (:class:`cms.visibility.Principal`: anonymous, a project token
    with scopes, or a user), built once at the edge of the request
    (:func:`cms.api.http.build_context`); every visibility decision of the API reads it, through
    the methods below. ``generation`` (:class:`cms.api.models.ContentGeneration`) keys the
    per-process tables; ``None`` (previews, tests) reads them afresh.
    """

    locale: str
    #: The locale came from ``Accept-Language`` (no ``locale`` parameter): the answer varies on it.
    negotiated: bool = False
    frontend: Any = None  # cms.api.models.FrontEnd | None
    media_base: str = ""
    principal: Principal = field(default_factory=Principal)
    generation: int | None = None
    #: This request's answers (key: table name): locales, roots, the reader's private paths.
    _cache: dict = field(default_factory=dict)

    @property
    def can_read_private(self) -> bool:
        """The reader passes view restrictions (a user who may, or a token with the scope)."""
        return self.principal.can_read_private

    @property
    def can_read_drafts(self) -> bool:
        """The reader may see unpublished content (drafts, previews)."""
        return self.principal.can_read_drafts

    def _shared(self, key: str, load: Callable[[], Any]) -> Any:
        if key in self._cache:
            return self._cache[key]
        if self.generation is not None:
            if _per_generation["generation"] != self.generation:
                _per_generation.clear()
                _per_generation["generation"] = self.generation
            if key not in _per_generation:
                _per_generation[key] = load()
            value = _per_generation[key]
        else:
            value = load()
        self._cache[key] = value
        return value

    def locale_codes(self) -> dict[int, str]:
        """``{locale id: language code}`` of every Wagtail locale."""
        from wagtail.models import Locale

        return self._shared(
            "locales", lambda: dict(Locale.objects.values_list("id", "language_code"))
        )

    def locale_id(self, code: str | None = None) -> int | None:
        """The id of the locale ``code`` (default: the answer's locale), ``None`` if unknown."""
        code = code or self.locale
        return next((i for i, c in self.locale_codes().items() if c == code), None)

    def site_roots(self) -> list[str]:
        """The ``url_path`` of every locale's root page (depth 2): page paths start below them."""
        return self._shared(
            "roots",
            lambda: list(Page.objects.filter(depth=2).values_list("url_path", flat=True)),
        )

    def private_page_paths(self) -> list[str]:
        """Tree paths of view-restricted pages this reader may not see (their subtrees too)."""
        if "private_pages" not in self._cache:
            self._cache["private_pages"] = self.principal.restricted_page_paths(self.generation)
        return self._cache["private_pages"]

    def private_collection_paths(self) -> list[str]:
        """Tree paths of view-restricted collections this reader may not see."""
        if "private_collections" not in self._cache:
            self._cache["private_collections"] = self.principal.restricted_collection_paths(
                self.generation
            )
        return self._cache["private_collections"]

    def is_private_path(self, path: str) -> bool:
        """The page at tree path ``path`` is hidden from this reader by a view restriction."""
        return path_is_under(path, self.private_page_paths())

    def is_private_collection(self, collection_path: str) -> bool:
        """The collection at tree path ``collection_path`` is hidden from this reader."""
        return path_is_under(collection_path, self.private_collection_paths())

    def page_url(self, locale: str, path: str) -> str:
        """The URL of the page at ``path`` within ``locale`` for this request's front end (the
        public path alone without one): :func:`cms.content.page_urls.public_url`."""
        return public_url(locale, path, self.frontend)

    def media_url(self, url: str) -> str:
        """``url`` (a media path) made absolute with the answer's media base, unless it is."""
        return url if "://" in url else f"{self.media_base}{url}"


def page_path(url_path: str) -> str:
    """A page's path within its locale: :func:`cms.content.page_urls.path_in_locale`."""
    return path_in_locale(url_path)


def api_name_for_content_type(content_type_id: int) -> str:
    """The registered ``api_name`` of a page's content type; ``"page"`` for unregistered types."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    ct = registry.for_model(model) if model else None
    return ct.api_name if ct else "page"
