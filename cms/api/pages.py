"""Page types as the API sees them: generated schemas, queries, representations.

Everything here is derived from ``cms.plugin.registry.registry``: a plugin that registers a page type
gets a detail schema (``<ApiName>Page``), a card schema (``<ApiName>Card``), a place in the
``type`` discriminated unions, and its ``ContentType.filters`` as list parameters.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union

from django.contrib.contenttypes.models import ContentType as DjangoContentType
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Q, prefetch_related_objects
from django.db.models.base import ModelState
from pydantic import Field
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.api import common
from cms.api.serialize import (
    PAGE_BASE_FIELDS,
    ApiContext,
    Resolver,
    Spec,
    api_field_names,
    en,
    field_spec,
    make_model,
    page_path,
    pascal,
    with_choice_labels,
)
from cms.plugin.registry import ContentType, registry

#: The largest id a parameter may name: PostgreSQL's ``integer``, which Wagtail's ids are. Beyond
#: it an id filter was a 500 (SQLite's OverflowError; an empty match in the facet count).
MAX_ID = 2_147_483_647
#: An id query parameter (a page, snippet or media id): 1 to :data:`MAX_ID`, else a 400.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

_PAGE_FIELD_NAMES = {f.name for f in Page._meta.concrete_fields}
#: The Page columns a card reads (``card``) or Wagtail needs to handle a page instance; the
#: others (revisions, locking, scheduling, SEO) are not loaded for listings.
_CARD_PAGE_FIELDS = {
    "id", "path", "depth", "numchild", "translation_key", "locale", "live", "title", "slug",
    "content_type", "url_path", "first_published_at",
}  # fmt: skip
#: Columns of joined images and documents that no representation reads.
_UNREAD_MEDIA_FIELDS = ("created_at", "uploaded_by_user", "file_hash")


_IMMUTABLE = (bool, int, float, str, bytes, type(None), tuple, frozenset)


class CardColumns:
    """The columns of a card query, and read-only instances made from its rows.

    A listing reads its cards with ``values_list`` (the page's columns, then those of each joined
    image or document) and makes each instance with ``Model.__new__`` and the row, without
    ``Model.__init__``: its signals, modelcluster's child relations and Wagtail's defaults for
    new pages serve editing, and cost more than the query. What ``__init__`` sets besides fields
    (a Wagtail image's ``decorative`` flag, say) is copied from one instance made the usual way.
    A column left out (``card_defer``) is loaded on access, as Django's deferred fields are; the
    tests hold a card made this way equal to one made from a fully loaded page.
    """

    def __init__(self, model: type[models.Model], defer: list[str], select: list[str]):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if f.name not in defer]
        self.lookups = [f.name for f in fields]
        self.attnames = [f.attname for f in fields]
        #: (relation name, its foreign key's attname, model, attnames, first and last column)
        self.joins: list[tuple[str, str, type[models.Model], list[str], int, int]] = []
        for name in select:
            relation = model._meta.get_field(name)
            target = relation.related_model
            joined = [f for f in target._meta.concrete_fields if f.name not in _UNREAD_MEDIA_FIELDS]
            start = len(self.lookups)
            self.lookups += [f"{name}__{f.name}" for f in joined]
            self.joins.append(
                (
                    name,
                    relation.attname,
                    target,
                    [f.attname for f in joined],
                    start,
                    len(self.lookups),
                )
            )
        self._extras: dict[type, dict[str, Any]] = {}
        self._template = None

    def queryset(self):
        """The type's pages as rows of these columns: filter, order and slice, then ``instances``.

        Resolving 40-odd lookups costs more than the query compiles; they are resolved once.
        """
        if self._template is None:
            self._template = self.model._default_manager.values_list(*self.lookups)
        return self._template.all()

    def _new(self, model: type[models.Model], attnames: list[str], values, db: str):
        extras = self._extras.get(model)
        if extras is None:
            fields = {f.attname for f in model._meta.concrete_fields}
            made = model().__dict__
            extras = {k: v for k, v in made.items() if k not in fields and k != "_state"}
            self._extras[model] = extras
        obj = model.__new__(model)
        for key, value in extras.items():  # a mutable value is each instance's own
            obj.__dict__[key] = value if isinstance(value, _IMMUTABLE) else copy.copy(value)
        obj.__dict__.update(zip(attnames, values, strict=True))
        obj._state = ModelState()
        obj._state.adding, obj._state.db = False, db
        return obj

    def instances(self, queryset) -> list[models.Model]:
        """The pages of ``queryset`` (from :meth:`queryset`) with their joined media."""
        db = queryset.db
        width = len(self.attnames)
        out = []
        for row in queryset:
            obj = self._new(self.model, self.attnames, row[:width], db)
            for name, fk, target, attnames, start, end in self.joins:
                related = None
                if getattr(obj, fk) is not None:
                    related = self._new(target, attnames, row[start:end], db)
                obj._state.fields_cache[name] = related
            out.append(obj)
        return out


@dataclass
class PageType:
    """Everything the API derives once from one registered page type: its detail and card schemas
    (pydantic models), the field specs that fill them, and the query plan (prefetches,
    ``select_related``, deferred and joined columns, many-to-many fields) that keeps a request's
    query count constant.
    """

    ct: ContentType
    model: type[Page]
    detail_schema: Any
    card_schema: Any
    fields: dict[str, Spec]
    card_fields: dict[str, Spec]
    prefetch: list[str]
    card_prefetch: list[str]
    card_defer: list[str]
    select: list[str]
    joined_images: list[str]
    card_columns: CardColumns
    m2m: dict[str, models.ManyToManyField]
    card_m2m: dict[str, models.ManyToManyField]

    @property
    def api_name(self) -> str:
        """The registered public ``api_name`` (the ``type`` in JSON)."""
        return self.ct.api_name


def _page_type(ct: ContentType) -> PageType:
    model = ct.get_model()
    name = pascal(ct.api_name)
    fields: dict[str, Spec] = {}
    prefetch: list[str] = []
    pre_of: dict[str, str] = {}
    for n in api_field_names(model):
        if n in PAGE_BASE_FIELDS or n in fields:
            continue
        spec, pre = field_spec(model, n, name)
        fields[n] = spec
        if pre:
            prefetch.append(pre)
            pre_of[n] = pre
    fields = with_choice_labels(model, fields)
    m2m = {}
    for n in fields:
        try:
            f = model._meta.get_field(n)
        except Exception:  # noqa: BLE001 - properties are not fields
            continue
        if f.many_to_many and not f.auto_created:
            m2m[n] = f
    card_names: list[str] = []
    for declared in getattr(model, "api_card_fields", ()):
        for n in (declared, f"{declared}_label"):  # a choice's label goes where it goes
            if n in fields and n not in card_names:
                card_names.append(n)
    card_fields = {n: fields[n] for n in card_names}
    card_defer = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, StreamField | RichTextField | models.TextField)
        and f.name not in card_names
        and f.name not in _PAGE_FIELD_NAMES
    ] + sorted(_PAGE_FIELD_NAMES - _CARD_PAGE_FIELDS)
    # Image and document foreign keys are joined: properties such as ``hero_image_alt`` or a
    # document page's ``file_size`` read them.
    select = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.many_to_one
        and issubclass(f.related_model, (get_image_model(), get_document_model()))
    ]
    literal = Literal[ct.api_name]  # type: ignore[valid-type]
    doc = en(model._meta.verbose_name)
    base_card = {
        "id": (int, ...),
        "type": (literal, ...),
        "locale": (str, ...),
        "title": (str, ...),
        "path": (str, ...),
        "url": (str, ...),
        "first_published_at": (datetime.datetime | None, ...),
    }
    card_schema = make_model(
        f"{name}Card",
        f"{doc} (card, for listings)",
        **base_card,
        **{n: (s.annotation, ...) for n, s in card_fields.items()},
    )
    detail_schema = make_model(
        f"{name}Page",
        doc,
        **base_card,
        slug=(str, ...),
        seo_title=(str, ...),
        search_description=(str, ...),
        last_published_at=(datetime.datetime | None, ...),
        parent=(common.PageLink | None, ...),
        translations=(list[common.Translation], ...),
        fallback=(
            bool,
            Field(
                ...,
                description="True when the page is served in the default locale because "
                "the requested translation is missing and ``fallback=true`` was asked.",
            ),
        ),
        draft=(bool, Field(..., description="True when this is an unpublished revision.")),
        **{n: (s.annotation, ...) for n, s in fields.items()},
    )
    return PageType(
        ct=ct,
        model=model,
        detail_schema=detail_schema,
        card_schema=card_schema,
        fields=fields,
        card_fields=card_fields,
        prefetch=prefetch,
        card_prefetch=[pre_of[n] for n in card_names if n in pre_of],
        card_defer=card_defer,
        m2m=m2m,
        card_m2m={n: f for n, f in m2m.items() if n in card_names},
        select=select,
        joined_images=[
            name
            for name in select
            if issubclass(model._meta.get_field(name).related_model, get_image_model())
        ],
        card_columns=CardColumns(model, card_defer, select),
    )


@cache
def page_types() -> dict[str, PageType]:
    """Every registered page type by ``api_name``, built once per process on first use (the registry
    does not change after start-up).
    """
    return {ct.api_name: _page_type(ct) for ct in registry.content_types("page")}


@cache
def page_type_by_content_type_id() -> dict[int, PageType]:
    """The :class:`PageType` of each page model by its Django ``ContentType`` primary key; built
    once per process (``cms.api.cache.reset`` clears it for tests, whose flushes renumber content
    types).
    """
    return {
        DjangoContentType.objects.get_for_model(pt.model).pk: pt for pt in page_types().values()
    }


def content_type_id(pt: PageType) -> int:
    """The Django ``ContentType`` primary key of ``pt``'s model. Raises ``StopIteration`` for a page
    type that is not registered.
    """
    return next(k for k, v in page_type_by_content_type_id().items() if v is pt)


def _union(schemas: list) -> Any:
    if not schemas:
        return dict[str, Any]
    if len(schemas) == 1:
        return schemas[0]
    return Annotated[Union[tuple(schemas)], Field(discriminator="type")]  # noqa: UP007


@cache
def detail_union() -> Any:
    """The response schema of a page detail: the detail schema of the only page type, or a union of
    all discriminated on ``type``; ``dict[str, Any]`` when no page type is registered.
    """
    return _union([pt.detail_schema for pt in page_types().values()])


@cache
def card_union() -> Any:
    """The schema of a page card in listings: as :func:`detail_union`, of the card schemas."""
    return _union([pt.card_schema for pt in page_types().values()])


@cache
def page_listing_schema() -> Any:
    """The ``PageListing`` schema: :class:`cms.api.common.Listing` with ``items: [card, …]``."""
    return _listing("PageListing", card_union())


def _listing(name: str, item: Any) -> Any:
    from pydantic import create_model

    from cms.api.serialize import unique_name

    return create_model(unique_name(name), __base__=common.Listing, items=(list[item], ...))


# --- Filters from the registry -------------------------------------------------------------------


@dataclass
class FilterDef:
    """One registry filter: its query parameter(s) and the models/fields it applies to."""

    name: str
    params: dict[str, Any]  # parameter name -> annotation
    targets: list[tuple[type[Page], models.Field]]


def _resolve_filter_field(model, name):
    for candidate in (name, f"{name}s"):
        try:
            return model._meta.get_field(candidate)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
            continue
    return None


@cache
def filter_defs() -> dict[str, FilterDef]:
    """Every registry filter (``ContentType.filters``) that names a field of its model (or the
    plural of one), by name, with its query parameters: a date field gives ``<name>_from`` and
    ``<name>_to`` (``datetime.date``), a relation an ``int`` id, a boolean a ``bool``, a field
    with choices a ``Literal`` of the values of all types sharing the name, an integer an
    ``int``, anything else a ``str``. Unknown names are skipped here; ``cms.plugin.checks`` reports them
    (``cms.E011``).
    """
    targets: dict[str, list[tuple[type[Page], models.Field]]] = {}
    for pt in page_types().values():
        for name in pt.ct.filters:
            f = _resolve_filter_field(pt.model, name)
            if f is not None:
                targets.setdefault(name, []).append((pt.model, f))
    defs: dict[str, FilterDef] = {}
    for name, pairs in targets.items():
        f = pairs[0][1]
        if isinstance(f, models.DateField | models.DateTimeField):
            params = {f"{name}_from": datetime.date, f"{name}_to": datetime.date}
        elif f.is_relation:
            params = {name: Id}
        elif isinstance(f, models.BooleanField):
            params = {name: bool}
        elif f.choices:
            # Several types may share a filter name (``kind``): any of their values is valid.
            values = tuple(
                dict.fromkeys(
                    str(v) for _m, g in pairs for v, _l in g.flatchoices if v not in ("", None)
                )
            )
            params = {name: Literal[values] if values else str}  # type: ignore[valid-type]
        elif isinstance(f, models.IntegerField):
            low, high = BaseDatabaseOperations.integer_field_ranges.get(
                f.get_internal_type(), (None, None)
            )
            params = {name: Annotated[int, Field(ge=low, le=high)]}
        else:
            params = {name: str}
        defs[name] = FilterDef(name=name, params=params, targets=pairs)
    return defs


def filter_q(values: dict[str, Any]) -> Q:
    """A condition on ``Page`` for the registry filters given in ``values``."""
    q = Q()
    for fd in filter_defs().values():
        given = {p: values.get(p) for p in fd.params if values.get(p) is not None}
        if not given:
            continue
        per_model = Q()
        for model, f in fd.targets:
            lookup: dict[str, Any] = {}
            if isinstance(f, models.DateField | models.DateTimeField):
                suffix = "__date" if isinstance(f, models.DateTimeField) else ""
                if (v := given.get(f"{fd.name}_from")) is not None:
                    lookup[f"{f.name}{suffix}__gte"] = v
                if (v := given.get(f"{fd.name}_to")) is not None:
                    lookup[f"{f.name}{suffix}__lte"] = v
            elif f.is_relation:
                target = f.related_model
                value = given[fd.name]
                if hasattr(target, "translation_key"):
                    # Any locale's id of a translatable object selects all its translations.
                    keys = target._default_manager.filter(pk=value).values("translation_key")
                    lookup[f"{f.name}__translation_key__in"] = keys
                else:
                    lookup[f"{f.name}__pk"] = value
            else:
                lookup[f.name] = given[fd.name]
            per_model |= Q(pk__in=model._default_manager.filter(**lookup).values("pk"))
        q &= per_model
    return q


# --- Representations -----------------------------------------------------------------------------


def card(pt: PageType, page, r: Resolver) -> dict:
    """The card of ``page`` (a row from :func:`card_pages`) as a dict: ``id``, ``type``, ``locale``,
    ``title``, ``path`` (within the locale), ``url`` (for the requesting front end),
    ``first_published_at``, then the ``api_card_fields``. References come out as placeholders
    that ``r`` (the request's :class:`~cms.api.serialize.Resolver`) fills when resolved.
    """
    ctx = r.ctx
    locale = ctx.locale_codes().get(page.locale_id, ctx.locale)
    path = page_path(page.url_path)
    out = {
        "id": page.pk,
        "type": pt.api_name,
        "locale": locale,
        "title": page.title,
        "path": path,
        "url": ctx.page_url(locale, path),
        "first_published_at": page.first_published_at,
    }
    r.owner_locale = locale  # per-use overrides of image texts are in the page's locale
    for n, spec in pt.card_fields.items():
        out[n] = spec.serialize(page, r)
    for name in pt.joined_images:  # the resolver need not fetch them again
        r.offer_image(page._state.fields_cache.get(name))
    return out


def detail(
    pt: PageType,
    page,
    r: Resolver,
    *,
    fallback: bool = False,
    draft: bool = False,
    parent_id: int | None = 0,
) -> dict:
    """``parent_id``: known parent (``None`` for none); ``0`` (default) looks it up."""
    out = card(pt, page, r)
    out.update(
        slug=page.slug,
        seo_title=page.seo_title or "",
        search_description=page.search_description or "",
        last_published_at=page.last_published_at,
        parent=None,
        translations=translations(page, r.ctx),
        fallback=fallback,
        draft=draft,
    )
    if parent_id == 0 and page.depth and page.depth > 2:
        parent_id = next(
            iter(Page.objects.filter(path=page.path[: -Page.steplen]).values_list("pk", flat=True)),
            None,
        )
    if parent_id and (page.depth or 0) > 2:
        out["parent"] = r.ref("page", parent_id)
    for n, spec in pt.fields.items():
        out[n] = spec.serialize(page, r)
    return out


#: The columns of a page row the detail views start from (``parent_pk``: see below).
ROW_FIELDS = ("pk", "content_type_id", "locale_id", "translation_key", "path", "live", "parent_pk")


def parent_subquery():
    """The parent's id as an annotation (tree paths: the parent's is one step shorter)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Length, Substr

    return Subquery(
        Page.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        ).values("pk")[:1]
    )


def visible_pages(ctx: ApiContext, *, drafts: bool = False, queryset=None, **conditions):
    """Pages (or ``queryset``, of one page type) the viewer may see: live unless ``drafts``.

    ``conditions``: further lookups, applied with these in one ``filter``.
    """
    if not drafts:
        conditions["live"] = True
    qs = (Page.objects.all() if queryset is None else queryset).filter(depth__gt=1, **conditions)
    for path in ctx.private_page_paths():
        qs = qs.exclude(path__startswith=path)
    return qs


def translations(page, ctx: ApiContext) -> list[dict]:
    """Every visible locale version of ``page`` with its wagtail-localize sync state."""
    from cms.translation.status import translation_overview

    versions = list(
        Page.objects.filter(translation_key=page.translation_key)
        .values("id", "locale_id", "url_path", "path", "live", "last_published_at")
        .order_by("locale_id")
    )
    # One definition of "up to date" for the API and the admin: cms.translation.status.
    states, source_locale = translation_overview(page, versions)
    source_locale = source_locale or ctx.locale_id(_default_locale())
    rows = [
        row
        for row in versions
        if row["id"] == page.pk or (row["live"] and not ctx.is_private_path(row["path"]))
    ]
    out = []
    codes = ctx.locale_codes()
    for row in rows:
        code = codes.get(row["locale_id"], "")
        path = page_path(row["url_path"])
        up_to_date = states.get(row["locale_id"], True)
        out.append(
            {
                "locale": code,
                "id": row["id"],
                "path": path,
                "url": ctx.page_url(code, path),
                "is_source": row["locale_id"] == source_locale,
                "up_to_date": up_to_date,
            }
        )
    return out


def _default_locale() -> str:
    from django.conf import settings

    return settings.LANGUAGE_CODE


def attach_m2m(pages: list, fields: dict[str, models.ManyToManyField]) -> None:
    """Load the ids of all forward many-to-many fields of ``pages`` in one UNION query.

    The SQL is written once per field set (``_m2m_sql``): building it through the ORM cost more
    than running it.
    """
    if not pages or not fields:
        return
    pks = [p.pk for p in pages]
    parts, params = [], []
    for name, f in fields.items():
        parts.append(_m2m_sql(name, f, len(pks)))
        params += pks
    found: dict[int, dict[str, list[tuple[int, int]]]] = {pk: {} for pk in pks}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for name, owner, target, order in cursor.fetchall():
            found[owner].setdefault(name, []).append((order, target))
    for page in pages:
        page._api_m2m = {
            name: [target for _order, target in sorted(rows)]
            for name, rows in found[page.pk].items()
        }


def _m2m_sql(name: str, f: models.ManyToManyField, count: int) -> str:
    """``SELECT name, owner, target, row id`` of one many-to-many table for ``count`` owners."""
    assert name.isidentifier()  # a model field's name: safe as an SQL string literal
    through = f.remote_field.through
    q = connection.ops.quote_name
    src = q(through._meta.get_field(f.m2m_field_name()).column)
    dst = q(through._meta.get_field(f.m2m_reverse_field_name()).column)
    placeholders = ", ".join(["%s"] * count)
    return (
        f"SELECT '{name}', {src}, {dst}, {q(through._meta.pk.column)} "
        f"FROM {q(through._meta.db_table)} WHERE {src} IN ({placeholders})"
    )


def specific_queryset(pt: PageType):
    """The default manager's queryset of ``pt``'s model with its ``select_related`` and
    ``prefetch_related`` for details applied.
    """
    qs = pt.model._default_manager.all()
    if pt.select:
        qs = qs.select_related(*pt.select)
    return qs.prefetch_related(*pt.prefetch) if pt.prefetch else qs


def card_pages(pt: PageType, queryset, *, drafts: bool = False) -> list:
    """The pages of ``queryset`` (from ``pt.card_columns.queryset()``), ready for :func:`card`.

    With ``drafts``, each page with unpublished changes is replaced by its latest revision (as
    the detail with ``draft=true`` shows it), so a draft listing and a draft detail agree.
    """
    pages = pt.card_columns.instances(queryset)
    if pt.card_prefetch:
        prefetch_related_objects(pages, *pt.card_prefetch)
    attach_m2m(pages, pt.card_m2m)
    return latest_revisions(pages) if drafts else pages


def latest_revisions(pages: list) -> list:
    """``pages`` with each page that has unpublished changes replaced by its latest revision's
    page object (Wagtail's ``Revision.as_object()``: tree position, locale and ids of the live
    page, fields of the draft); in two queries. Pages without changes stay as they are."""
    from wagtail.models import Page, Revision

    changed = dict(
        Page.objects.filter(pk__in=[p.pk for p in pages], has_unpublished_changes=True).values_list(
            "pk", "latest_revision_id"
        )
    )
    if not changed:
        return pages
    revisions = Revision.objects.in_bulk([rid for rid in changed.values() if rid])
    return [
        revisions[changed[p.pk]].as_object() if changed.get(p.pk) in revisions else p for p in pages
    ]


def cards_by_id(ctx: ApiContext, ids: list[int]) -> dict[int, dict]:
    """The finished cards (as ``GET /pages/`` lists them, references resolved) of those live pages
    among ``ids`` that the reader of ``ctx`` may see (:func:`visible_pages`) and whose type is
    registered, by id; the others are left out. One query per page type present, plus the
    resolver's. For endpoints that find pages elsewhere (search) and answer them as cards.
    """
    if not ids:
        return {}
    types = page_type_by_content_type_id()
    rows = visible_pages(ctx, pk__in=ids, content_type_id__in=list(types)).values_list(
        "pk", "content_type_id"
    )
    pks_of: dict[int, list[int]] = {}
    for pk, ct_id in rows:
        pks_of.setdefault(ct_id, []).append(pk)
    r = Resolver(ctx)
    cards = {}
    for ct_id, pks in pks_of.items():
        pt = types[ct_id]
        for page in card_pages(pt, pt.card_columns.queryset().filter(pk__in=pks)):
            cards[page.pk] = card(pt, page, r)
    r.resolve()
    return {pk: r.finalize(data) for pk, data in cards.items()}


def card_union_with(suffix: str, doc: str, **fields: Any) -> Any:
    """A union like :func:`card_union`, discriminated on ``type``, of each page type's card schema
    extended by ``fields`` (``name=(annotation, default or FieldInfo)``, as pydantic's
    ``create_model`` takes them), each named ``<ApiName><suffix>`` and described ``doc``. Call once
    per ``suffix`` (schema names are unique per process).
    """
    from pydantic import create_model

    from cms.api.serialize import unique_name

    schemas = [
        create_model(
            unique_name(f"{pascal(pt.api_name)}{suffix}"),
            __base__=pt.card_schema,
            __doc__=f"{en(pt.model._meta.verbose_name)} {doc}",
            **fields,
        )
        for pt in page_types().values()
    ]
    return _union(schemas)


def visible_page_ids(ctx: ApiContext, ids: list[int]) -> set[int]:
    """Those of the page ``ids`` that are live and that the reader of ``ctx`` may see
    (:func:`visible_pages`); one query."""
    if not ids:
        return set()
    return set(visible_pages(ctx, pk__in=ids).values_list("pk", flat=True))
