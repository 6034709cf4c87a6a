"""Endpoints of the read API. Every view returns a ready ``HttpResponse`` (ETag, gzip, caching)."""

import datetime
from functools import cache
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Query, Router, Schema
from pydantic import Field, create_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, TranslatableMixin

from cms.api import common
from cms.api.http import (
    ApiError,
    bad_param,
    build_context,
    check_params,
    content_languages,
    json_response,
    may_read_draft,
    use_locale,
)
from cms.api.pages import (
    MAX_ID,
    ROW_FIELDS,
    attach_m2m,
    card,
    card_pages,
    card_union,
    content_type_id,
    detail,
    detail_union,
    filter_defs,
    filter_q,
    page_listing_schema,
    page_type_by_content_type_id,
    page_types,
    parent_subquery,
    specific_queryset,
    visible_pages,
)
from cms.api.serialize import (
    ApiContext,
    Resolver,
    document_data,
    en,
    image_data,
    model_spec,
    pascal,
    unique_name,
)
from cms.content.media_texts import document_texts, image_texts
from cms.plugin.registry import registry

ERRORS = {400: common.Problem, 401: common.Problem, 404: common.Problem}

#: Ties are broken by tree path in the same direction, so that one index (cms migration 0005)
#: serves each order both ways.
ORDERINGS = {
    "path": ("path",),
    "title": ("title", "path"),
    "-title": ("-title", "-path"),
    "first_published_at": ("first_published_at", "path"),
    "-first_published_at": ("-first_published_at", "-path"),
    "last_published_at": ("last_published_at", "path"),
    "-last_published_at": ("-last_published_at", "-path"),
}


#: How ``locale`` defaults on an endpoint that chooses among locales (listings, find by path).
NEGOTIATED = "Content locale (labels too); default: the best match of Accept-Language."
#: How ``locale`` defaults on an endpoint given an id: the id names one locale's object.
OWN_LOCALE = (
    "Content locale (labels too): the translation of this object in that locale; default: the "
    "object's own locale (an id names one locale's version, so Accept-Language is not read)."
)


def locale_param(description: str = NEGOTIATED) -> Any:
    """A ``locale`` query parameter field for ``create_model``: ``(Literal[codes] | None,
    Field(None, description=description))``, the codes being the content languages.
    """
    codes = tuple(content_languages())
    return (
        Literal[codes] | None,  # type: ignore[valid-type]
        Field(None, description=description),
    )


def common_params(locale: str = NEGOTIATED) -> dict[str, Any]:
    """The ``locale`` and ``frontend`` query parameter fields every content endpoint takes, for
    :func:`params_schema`: ``{name: (annotation, FieldInfo)}``."""
    return {
        "locale": locale_param(locale),
        "frontend": (
            str | None,
            Field(None, description="Front end to build URLs for (also the X-Frontend header)."),
        ),
    }


def _paging_params() -> dict[str, Any]:
    return {
        "limit": (
            int,
            Field(common.DEFAULT_LIMIT, ge=1, le=common.MAX_LIMIT, description="Page size."),
        ),
        "offset": (int, Field(0, ge=0, le=100_000)),
        "with_total": (
            bool,
            Field(False, description="Count all matches (costs time on large listings)."),
        ),
    }


def params_schema(name: str, **fields: Any) -> type[Schema]:
    """A ninja ``Schema`` named ``name`` (made unique among the generated schemas) with ``fields``
    given as ``create_model`` takes them: ``name=(annotation, FieldInfo)``.
    """
    return create_model(unique_name(name), __base__=Schema, **fields)


@cache
def page_list_params() -> type[Schema]:
    """The query parameters of ``GET /pages/``: ``type``, ``locale``, ``frontend``, ``parent``,
    ``ancestor``, ``published_from``/``published_to``, ``order``, ``draft``, paging and every
    registry filter (:func:`cms.api.pages.filter_defs`). Built once per process.
    """
    fields: dict[str, Any] = {
        "type": type_param(),
        **common_params(),
        "parent": (int | None, Field(None, ge=1, le=MAX_ID, description="Children of this page.")),
        "ancestor": (
            int | None,
            Field(None, ge=1, le=MAX_ID, description="Descendants of this page."),
        ),
        "published_from": (
            datetime.date | None,
            Field(None, description="First published on or after."),
        ),
        "published_to": (
            datetime.date | None,
            Field(None, description="First published on or before."),
        ),
        "order": (Literal[tuple(ORDERINGS)], Field("path", description="Sort order.")),  # type: ignore[valid-type]
        "draft": (bool, Field(False, description="Include unpublished pages (token required).")),
        **_paging_params(),
    }
    return params_schema("PageListParams", **fields, **filter_params())


def type_param() -> Any:
    """The ``type`` query parameter field (one registered page type's ``api_name``)."""
    types = tuple(page_types()) or ("page",)
    return (
        Literal[types] | None,  # type: ignore[valid-type]
        Field(None, description="Only pages of this type (its api_name)."),
    )


def filter_params() -> dict[str, Any]:
    """The query parameter fields of every registry filter (:func:`cms.api.pages.filter_defs`),
    as ``GET /pages/`` takes them (ids for relations, a ``Literal`` of choices, date bounds
    ``<name>_from``/``<name>_to``), for :func:`params_schema`.
    """
    fields: dict[str, Any] = {}
    for fd in filter_defs().values():
        for param, annotation in fd.params.items():
            types_ = ", ".join(sorted({en(m._meta.verbose_name) for m, _f in fd.targets}))
            fields[param] = (
                annotation | None,
                Field(None, description=f"Registry filter {fd.name!r} ({types_})."),
            )
    return fields


@cache
def page_detail_params() -> type[Schema]:
    """The query parameters of ``GET /pages/{id}/``: ``locale`` (the object's own by default),
    ``frontend``, ``fallback``, ``draft``.
    """
    return params_schema(
        "PageDetailParams",
        **common_params(OWN_LOCALE),
        fallback=(
            bool,
            Field(
                False,
                description="Serve the default-locale page, marked, when the "
                "requested translation is missing (instead of 404).",
            ),
        ),
        draft=(bool, Field(False, description="Latest revision (token required).")),
    )


@cache
def page_find_params() -> type[Schema]:
    """The query parameters of ``GET /pages/find/``: ``path`` (within the locale, required),
    ``locale``, ``frontend``, ``fallback``, ``draft``.
    """
    return params_schema(
        "PageFindParams",
        path=(str, Field(..., min_length=1, max_length=1000, description="e.g. /projekte/x/")),
        **common_params(),
        fallback=(bool, Field(False, description="As for the page detail.")),
        draft=(bool, Field(False, description="Latest revision (token required).")),
    )


def allowed_params(schema: type[Schema]) -> set[str]:
    """The parameter names of a query ``schema`` (for :func:`cms.api.http.check_params`)."""
    return set(schema.model_fields)


# --- Pages ---------------------------------------------------------------------------------------


def build_pages_router() -> Router:
    """The ``/pages/`` router: list (cards, filtered and paged), find by path, and detail by id.
    Every endpoint refuses unknown or repeated parameters (400), answers errors as problem
    details and answers through :func:`~cms.api.http.json_response` (ETag, gzip, caching).
    """
    router = Router(tags=["pages"])
    ListParams, DetailParams, FindParams = (
        page_list_params(),
        page_detail_params(),
        page_find_params(),
    )

    @router.get(
        "/",
        response={200: page_listing_schema(), **ERRORS},
        summary="List pages as cards",
        operation_id="list_pages",
    )
    def list_pages(request: HttpRequest, params: Query[ListParams]):  # type: ignore[valid-type]
        check_params(request, allowed_params(ListParams))
        ctx = build_context(request, params.locale)
        drafts = params.draft
        if drafts and not ctx.principal.may_list_drafts():
            # A user's drafts are checked per page (detail); listings would show titles of
            # pages the user may not edit.
            raise ApiError(401, "Draft listings need a project token with draft access.")
        typed = page_types()[params.type] if params.type else None
        if typed is not None:
            # One type: its table is read directly, cards and all, in one query.
            qs = visible_pages(
                ctx,
                drafts=drafts,
                queryset=typed.card_columns.queryset(),
                content_type_id=content_type_id(typed),
                locale_id=ctx.locale_id(),
            )
        else:
            qs = visible_pages(
                ctx,
                drafts=drafts,
                content_type_id__in=list(page_type_by_content_type_id()),
                locale_id=ctx.locale_id(),
            )
        for name, direct in (("parent", True), ("ancestor", False)):
            pk = getattr(params, name)
            if pk is None:
                continue
            row = (
                Page.objects.filter(
                    translation_key__in=Page.objects.filter(pk=pk).values("translation_key"),
                    locale_id=ctx.locale_id(),
                )
                .values("path", "depth")
                .first()
            )
            if row is None:
                qs = qs.none()
                continue
            qs = qs.filter(path__startswith=row["path"])
            qs = qs.filter(depth=row["depth"] + 1) if direct else qs.filter(depth__gt=row["depth"])
        if params.published_from:
            qs = qs.filter(first_published_at__date__gte=params.published_from)
        if params.published_to:
            qs = qs.filter(first_published_at__date__lte=params.published_to)
        if registry_filters := filter_q(params.dict()):
            qs = qs.filter(registry_filters)
        total = qs.count() if params.with_total else None
        window = slice(params.offset, params.offset + params.limit + 1)
        qs = qs.order_by(*ORDERINGS[params.order])
        if typed is not None:
            pages = card_pages(typed, qs[window], drafts=drafts)
            more = len(pages) > params.limit
            by_type = [(typed, pages[: params.limit])]
            order = [page.pk for page in pages[: params.limit]]
        else:
            rows = list(qs.values_list("pk", "content_type_id")[window])
            more = len(rows) > params.limit
            order = [pk for pk, _ct in rows[: params.limit]]
            pks_of: dict[int, list[int]] = {}
            for pk, ct_id in rows[: params.limit]:
                pks_of.setdefault(ct_id, []).append(pk)
            types = page_type_by_content_type_id()
            by_type = []
            for ct_id, pks in pks_of.items():
                pt = types[ct_id]
                found = card_pages(pt, pt.card_columns.queryset().filter(pk__in=pks), drafts=drafts)
                by_type.append((pt, found))
        r = Resolver(ctx)
        cards = {}
        for pt, pages in by_type:
            for page in pages:
                cards[page.pk] = card(pt, page, r)
        r.resolve()
        items = [r.finalize(cards[pk]) for pk in order if pk in cards]
        return json_response(
            request,
            {
                "limit": params.limit,
                "offset": params.offset,
                "next_offset": params.offset + params.limit if more else None,
                "total": total,
                "items": items,
            },
        )

    @router.get(
        "/find/",
        response={200: detail_union(), **ERRORS},
        summary="Find a page by its path within a locale (for a website router)",
        operation_id="find_page",
    )
    def find_page(request: HttpRequest, params: Query[FindParams]):  # type: ignore[valid-type]
        check_params(request, allowed_params(FindParams))
        ctx = build_context(request, params.locale)
        path = "/" + params.path.strip("/") + "/" if params.path.strip("/") else "/"
        if "//" in path or any(c in path for c in "?#"):
            raise bad_param("path", "not a page path")
        not_found = f"No page at {path!r}."
        _check_draft_request(ctx, params)
        roots = ctx.site_roots()
        candidates = [root + path[1:] for root in roots]
        rows = list(
            visible_pages(ctx, drafts=params.draft and ctx.can_read_drafts)
            .filter(url_path__in=candidates)
            .annotate(parent_pk=parent_subquery())
            .values(*ROW_FIELDS)
            .order_by("path")
        )
        if params.draft:
            rows = _readable_drafts(ctx, rows)
        want = ctx.locale_id()
        row = next((r_ for r_ in rows if r_["locale_id"] == want), None) or next(iter(rows), None)
        if row is None:
            # An old path (the page was moved or renamed) answers the page at its new path.
            from cms.content.redirects import find_redirect

            target = find_redirect(path, language=ctx.locale)
            if target is not None and target.page is not None:
                row = (
                    visible_pages(ctx)
                    .filter(pk=target.page.pk)
                    .annotate(parent_pk=parent_subquery())
                    .values(*ROW_FIELDS)
                    .first()
                )
        if row is None:
            raise ApiError(404, not_found)
        return _page_response(request, ctx, row, params, not_found)

    @router.get(
        "/{page_id}/",
        response={200: detail_union(), **ERRORS},
        summary="A page by id (in ``locale``: its translation)",
        description=(
            "An id names one locale's page: without ``locale`` the page is answered in its own "
            "locale (``Content-Language`` says which) and ``Accept-Language`` is not read."
        ),
        operation_id="get_page",
    )
    def get_page(
        request: HttpRequest,
        params: Query[DetailParams],  # type: ignore[valid-type]
        page_id: int = Path(..., ge=1, le=MAX_ID),
    ):
        check_params(request, allowed_params(DetailParams))
        ctx = build_context(request, params.locale)
        not_found = f"No page with id {page_id}."
        _check_draft_request(ctx, params)
        row = (
            visible_pages(ctx, drafts=params.draft and ctx.can_read_drafts)
            .filter(pk=page_id)
            .annotate(parent_pk=parent_subquery())
            .values(*ROW_FIELDS)
            .first()
        )
        if row is not None and params.draft:
            row = next(iter(_readable_drafts(ctx, [row])), None)
        if row is None or row["content_type_id"] not in page_type_by_content_type_id():
            raise ApiError(404, not_found)
        if params.locale is None:
            use_locale(ctx, ctx.locale_codes().get(row["locale_id"], ctx.locale))
        return _page_response(request, ctx, row, params, not_found)

    return router


def _check_draft_request(ctx: ApiContext, params) -> None:
    """Refuse anonymous draft requests before looking at any page (see
    :attr:`cms.visibility.Principal.may_ask_for_drafts`)."""
    if params.draft and not ctx.principal.may_ask_for_drafts:
        raise ApiError(401, "Drafts need a token allowed to edit the page.")


def _readable_drafts(ctx: ApiContext, rows: list[dict]) -> list[dict]:
    """The page ``rows`` whose drafts this reader may read; the others are "not found"."""
    if not rows:
        return rows
    pages = Page.objects.in_bulk([row["pk"] for row in rows])
    return [row for row in rows if may_read_draft(ctx, pages[row["pk"]])]


def _page_response(request: HttpRequest, ctx: ApiContext, row: dict, params, not_found: str) -> Any:
    """The detail response for a found page ``row`` (in the requested locale, else per
    ``fallback``); a draft this reader may not read answers 404 ``not_found``, as a missing page
    would."""
    fallback = False
    want = ctx.locale_id()
    if row["locale_id"] != want:
        drafts = params.draft and ctx.can_read_drafts
        versions = list(
            visible_pages(ctx, drafts=drafts)
            .filter(translation_key=row["translation_key"])
            .annotate(parent_pk=parent_subquery())
            .values(*ROW_FIELDS)
        )
        if params.draft:
            versions = _readable_drafts(ctx, versions)
        local = next((v for v in versions if v["locale_id"] == want), None)
        if local is not None:
            row = local
        elif params.fallback:
            default = ctx.locale_id(settings.LANGUAGE_CODE)
            row = next((v for v in versions if v["locale_id"] == default), row)
            fallback = True
        else:
            codes = ctx.locale_codes()
            available = sorted(codes[v["locale_id"]] for v in versions)
            raise ApiError(
                404,
                f"This page has no {ctx.locale!r} translation; it exists in: {', '.join(available)}.",
                available_locales=available,
            )
    pt = page_type_by_content_type_id().get(row["content_type_id"])
    if pt is None:
        raise ApiError(404, "Not a content page.")
    page = specific_queryset(pt).get(pk=row["pk"])
    attach_m2m([page], pt.m2m)
    draft = False
    if params.draft:
        if not may_read_draft(ctx, page):
            raise ApiError(404, not_found)
        revision = page.get_latest_revision_as_object()
        draft = revision.has_unpublished_changes or not page.live
        page = revision
    elif not page.live:
        raise ApiError(404, "No such page.")
    r = Resolver(ctx)
    data = detail(pt, page, r, fallback=fallback, draft=draft, parent_id=row.get("parent_pk", 0))
    r.resolve()
    return json_response(request, r.finalize(data))


# --- Images and documents ------------------------------------------------------------------------


def _media_router(kind: str) -> Router:
    """``/images/`` or ``/documents/``: texts in the requested locale, falling back text by text
    to the source locale (``text_locales`` says which); hidden collections left out whole."""
    model = get_image_model() if kind == "image" else get_document_model()
    schema = common.Image if kind == "image" else common.Document
    to_data = image_data if kind == "image" else document_data
    texts_of = image_texts if kind == "image" else document_texts
    listing = create_model(
        unique_name(f"{schema.__name__}Listing"), __base__=common.Listing, items=(list[schema], ...)
    )
    Params = params_schema(
        f"{schema.__name__}ListParams", locale=locale_param(), **_paging_params()
    )
    DetailParams = params_schema(f"{schema.__name__}DetailParams", locale=locale_param())
    router = Router(tags=[f"{kind}s"])

    def visible(ctx: ApiContext):
        qs = model.objects.all()
        for path in ctx.private_collection_paths():
            qs = qs.exclude(collection__path__startswith=path)
        return qs

    @router.get("/", response={200: listing, **ERRORS}, operation_id=f"list_{kind}s")
    def list_media(request: HttpRequest, params: Query[Params]):  # type: ignore[valid-type]
        check_params(request, allowed_params(Params))
        ctx = build_context(request, params.locale)
        qs = visible(ctx).order_by("-pk")
        total = qs.count() if params.with_total else None
        objs = list(qs[params.offset : params.offset + params.limit + 1])
        more = len(objs) > params.limit
        objs = objs[: params.limit]
        texts = texts_of(objs, ctx.locale)  # one query for the page of items
        return json_response(
            request,
            {
                "limit": params.limit,
                "offset": params.offset,
                "next_offset": params.offset + params.limit if more else None,
                "total": total,
                "items": [to_data(o, ctx, texts[o.pk]) for o in objs],
            },
        )

    @router.get("/{item_id}/", response={200: schema, **ERRORS}, operation_id=f"get_{kind}")
    def get_media(
        request: HttpRequest,
        params: Query[DetailParams],  # type: ignore[valid-type]
        item_id: int = Path(..., ge=1, le=MAX_ID),
    ):
        check_params(request, allowed_params(DetailParams))
        ctx = build_context(request, params.locale)
        obj = visible(ctx).filter(pk=item_id).first()
        if obj is None:
            raise ApiError(404, f"No {kind} with id {item_id}.")
        return json_response(request, to_data(obj, ctx))

    return router


# --- Snippets ------------------------------------------------------------------------------------


def _snippet_router(ct) -> Router:
    model = ct.get_model()
    spec = model_spec(model, "snippet")
    kind = f"snippet:{model._meta.label}"
    listing = create_model(
        unique_name(f"{pascal(ct.api_name)}Listing"),
        __base__=common.Listing,
        items=(list[spec.annotation], ...),
    )
    translatable = issubclass(model, TranslatableMixin)
    ListParams = params_schema(
        f"{pascal(ct.api_name)}ListParams",
        **(common_params() if translatable else {}),
        **_paging_params(),
    )
    DetailParams = params_schema(
        f"{pascal(ct.api_name)}DetailParams",
        **(common_params(OWN_LOCALE) if translatable else {}),
    )
    router = Router(tags=["snippets"])

    @router.get(
        "/",
        response={200: listing, **ERRORS},
        operation_id=f"list_{ct.api_name}",
        summary=f"List {en(model._meta.verbose_name_plural)}",
    )
    def list_snippets(request: HttpRequest, params: Query[ListParams]):  # type: ignore[valid-type]
        check_params(request, allowed_params(ListParams))
        ctx = build_context(request, getattr(params, "locale", None))
        qs = model._default_manager.all()
        if translatable:
            qs = qs.filter(locale_id=ctx.locale_id())
        if any(f.name == "live" for f in model._meta.fields) and not ctx.can_read_drafts:
            qs = qs.filter(live=True)
        qs = qs.order_by("pk")
        total = qs.count() if params.with_total else None
        pks = list(
            qs.values_list("pk", flat=True)[params.offset : params.offset + params.limit + 1]
        )
        more = len(pks) > params.limit
        r = Resolver(ctx)
        refs = [r.ref(kind, pk) for pk in pks[: params.limit]]
        r.resolve()
        return json_response(
            request,
            {
                "limit": params.limit,
                "offset": params.offset,
                "next_offset": params.offset + params.limit if more else None,
                "total": total,
                "items": r.finalize(refs),
            },
        )

    @router.get(
        "/{item_id}/", response={200: spec.annotation, **ERRORS}, operation_id=f"get_{ct.api_name}"
    )
    def get_snippet(
        request: HttpRequest,
        params: Query[DetailParams],  # type: ignore[valid-type]
        item_id: int = Path(..., ge=1, le=MAX_ID),
    ):
        check_params(request, allowed_params(DetailParams))
        ctx = build_context(request, getattr(params, "locale", None))
        if translatable and getattr(params, "locale", None) is None:
            locale_id = (
                model._default_manager.filter(pk=item_id)
                .values_list("locale_id", flat=True)
                .first()
            )
            use_locale(ctx, ctx.locale_codes().get(locale_id, ctx.locale))
        r = Resolver(ctx)
        ref = r.ref(kind, item_id)
        r.resolve()
        data = r.finalize(ref)
        if data is None:
            raise ApiError(404, f"No {ct.api_name} with id {item_id}.")
        return json_response(request, data)

    return router


# --- Locales (navigation and footer are snippets of the home plugin) ----------------------------------------------------------------


def build_site_router() -> Router:
    """The site router: ``GET /locales/``, the content locales with their names in the requested
    language and in their own, and which is the default.
    """
    router = Router(tags=["site"])
    LocaleParams = params_schema(
        "LocaleListParams",
        locale=locale_param("Language of the names; default: the best match of Accept-Language."),
    )

    @router.get(
        "/locales/",
        response={200: list[common.LocaleOut], **ERRORS},
        operation_id="list_locales",
        summary="The content locales, named in the requested language and in their own",
    )
    def list_locales(request: HttpRequest, params: Query[LocaleParams]):  # type: ignore[valid-type]
        check_params(request, allowed_params(LocaleParams))
        build_context(request, params.locale)
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        codes = list(Locale.objects.order_by("pk").values_list("language_code", flat=True))
        data = []
        for code in codes:
            name = names.get(code, code)
            with translation.override(code):
                native = str(name)
            data.append(
                {
                    "code": code,
                    "name": str(name),
                    "native_name": native,
                    "is_default": code == settings.LANGUAGE_CODE,
                }
            )
        return json_response(request, data)

    return router


def mount(api) -> None:
    """Add every router to ``api``: core endpoints, per-snippet endpoints, plugin routers."""
    from django.utils.module_loading import import_string

    api.add_router("/pages/", build_pages_router())
    api.add_router("/images/", _media_router("image"))
    api.add_router("/documents/", _media_router("document"))
    for ct in registry.content_types("snippet"):
        api.add_router(f"/snippets/{ct.api_name}/", _snippet_router(ct))
    api.add_router("/", build_site_router())
    from cms.delivery.sync import build_sync_router

    api.add_router("/sync/", build_sync_router())
    from cms.api.preview import build_preview_router

    api.add_router("/preview/", build_preview_router())
    for plugin in registry:
        for dotted in plugin.api_routers:
            router = import_string(dotted)
            prefix = getattr(router, "api_prefix", None) or f"/{plugin.label}/"
            api.add_router(prefix, router)


__all__ = ["mount", "card_union"]
