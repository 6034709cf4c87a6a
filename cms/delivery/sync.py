"""Delta sync: ``GET /api/v1/sync/`` (after Contentful's Sync API: items, deletions, tokens).

The first call (no ``sync_token``) lists every item the reader may see in one locale: pages in
their detail schema, snippets, images and documents, in pages of ``limit`` items, each answer
with a ``next_page_token`` until the last, which carries a ``next_sync_token``. A later call with
that token answers what changed since: changed or new items in full, and **tombstones** (type, id,
locale) for items gone for this reader: deleted, unpublished, newly restricted, moved out of the
site. A client that applies the answers in order holds exactly what a fresh first call lists.

How a delta is made: the change feed (:mod:`cms.delivery.feed`) names what changed after the
token's sequence number; the affected items are the changed objects, widened to what shows them
(:func:`affected`): a page's translations (their ``translations`` lists), its children (their
``parent`` link), its subtree when it moved, was renamed or its view restriction changed, the
media of a changed collection, and every page or snippet that embeds a changed object (Wagtail's
reference index, and many-to-many fields), repeated until nothing new is found. Each affected
item is then judged *now* for this reader by the one visibility rule (:mod:`cms.visibility`):
visible → the item in full, not visible → a tombstone. Judging the present state makes the
answer exact whatever happened in between (created then deleted: a tombstone the client may
ignore; restricted then lifted: the item).

Tokens are signed (:mod:`django.core.signing`, timestamped) and bind the locale, the ``type``
filter, the reader (anonymous, or one project token and its scopes) and the front end. A token
that is expired (``CMS_SYNC_TOKEN_MAX_AGE``, default 90 days), altered, from another reader,
ahead of the feed (a restored backup) or behind it (the events it needs were pruned:
:mod:`cms.delivery.pruning`) answers ``410`` with the problem type
:data:`RESTART_PROBLEM`: start over without a token.

Readers: anonymous readers and project tokens (drafts are never synced, whatever the scopes).
A Wagtail user token is refused (403): group memberships change outside the feed.
"""

from collections import defaultdict
from functools import cache
from typing import Any, Literal

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from ninja import Query, Router
from pydantic import Field, create_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin

from cms import visibility
from cms.api import common
from cms.api.http import ApiError, build_context, check_params, json_response, problem
from cms.api.serialize import ApiContext, Resolver, document_data, image_data, model_spec
from cms.delivery.feed import current_seq
from cms.delivery.models import ChangeEvent
from cms.delivery.pruning import oldest_seq
from cms.plugin.registry import registry

__all__ = ["RESTART_PROBLEM", "affected", "build_sync_router", "sync"]

#: The problem ``type`` of a token the server cannot continue from: start over without one.
RESTART_PROBLEM = "urn:nordthueringen-cms:problem:sync-restart"
SALT = "cms.delivery.sync"
DEFAULT_MAX_AGE = 90 * 24 * 3600
#: Events read for one delta answer; more make a ``next_page_token``.
EVENTS_PER_ANSWER = 500
#: Rounds of "what embeds what changed" (the nesting depth of references, with a margin).
REFERENCE_ROUNDS = 6


class RestartSync(Exception):
    """The token cannot be continued from (answered 410 :data:`RESTART_PROBLEM`)."""


# --- Types ---------------------------------------------------------------------------------------


def snippet_types() -> dict[str, Any]:
    """Snippet types of the registry by ``api_name``: their models."""
    return {ct.api_name: ct.get_model() for ct in registry.content_types("snippet")}


def sync_types() -> list[str]:
    """Every type the sync serves, in listing order."""
    return ["page", *snippet_types(), "image", "document"]


def _media_model(kind: str):
    return get_image_model() if kind == "image" else get_document_model()


def visible(ctx: ApiContext, kind: str):
    """The queryset of ``kind`` objects this reader sees in ``ctx.locale`` (published only)."""
    from cms.api.pages import page_type_by_content_type_id, visible_pages

    if kind == "page":
        return visible_pages(
            ctx,
            locale_id=ctx.locale_id(),
            content_type_id__in=list(page_type_by_content_type_id()),
        )
    if kind in ("image", "document"):
        qs = _media_model(kind).objects.all()
        for path in ctx.private_collection_paths():
            qs = qs.exclude(collection__path__startswith=path)
        return qs
    model = snippet_types()[kind]
    qs = model._default_manager.all()
    if issubclass(model, TranslatableMixin):
        qs = qs.filter(locale_id=ctx.locale_id())
    if any(f.name == "live" for f in model._meta.fields):
        qs = qs.filter(live=True)
    return qs


def _translatable(kind: str) -> bool:
    if kind == "page":
        return True
    model = snippet_types().get(kind)
    return model is not None and issubclass(model, TranslatableMixin)


def items(ctx: ApiContext, kind: str, ids: list[int]) -> list[dict]:
    """The representations of visible ``kind`` objects ``ids`` (in that order), as envelopes
    ``{"type", "id", "locale", "data"}``; ``data`` is what the object's own endpoint answers."""
    if not ids:
        return []
    if kind == "page":
        data = _pages(ctx, ids)
    elif kind in ("image", "document"):
        from cms.content.media_texts import document_texts, image_texts

        objs = list(_media_model(kind).objects.filter(pk__in=ids))
        texts = (image_texts if kind == "image" else document_texts)(objs, ctx.locale)
        to_data = image_data if kind == "image" else document_data
        data = {o.pk: to_data(o, ctx, texts.get(o.pk)) for o in objs}
    else:
        model = snippet_types()[kind]
        r = Resolver(ctx)
        refs = {pk: r.ref(f"snippet:{model._meta.label}", pk) for pk in ids}
        r.resolve()
        data = {pk: r.finalize(ref) for pk, ref in refs.items()}
    return [
        {"type": kind, "id": pk, "locale": ctx.locale, "data": data[pk]}
        for pk in ids
        if data.get(pk) is not None
    ]


def _pages(ctx: ApiContext, ids: list[int]) -> dict[int, dict]:
    from cms.api.pages import attach_m2m, detail, page_type_by_content_type_id, specific_queryset

    types = page_type_by_content_type_id()
    by_type: dict[int, list[int]] = defaultdict(list)
    for pk, ct_id in Page.objects.filter(pk__in=ids).values_list("pk", "content_type_id"):
        by_type[ct_id].append(pk)
    r = Resolver(ctx)
    out = {}
    for ct_id, pks in by_type.items():
        pt = types[ct_id]
        pages = list(specific_queryset(pt).filter(pk__in=pks))
        attach_m2m(pages, pt.m2m)
        for page in pages:
            out[page.pk] = detail(pt, page, r)
    r.resolve()
    return {pk: r.finalize(data) for pk, data in out.items()}


# --- What a set of events affects ---------------------------------------------------------------


def affected(events: list[ChangeEvent], kinds: list[str]) -> dict[str, set[int]]:
    """The ids per type whose representation the ``events`` may have changed (module docstring);
    every type of ``kinds`` has an entry. Cost: a few queries per type and reference round."""
    snippets = snippet_types()
    ids: dict[str, set[int]] = {kind: set() for kind in kinds}
    ids.update({kind: set() for kind in ("page", "image", "document", *snippets)})
    groups: dict[str, set] = defaultdict(set)
    subtree: set[int] = set()
    collections: set[int] = set()
    everything = False
    for event in events:
        kind = event.object_type
        if kind in ids:
            if event.object_id is not None:
                ids[kind].add(event.object_id)
            if event.translation_key is not None:
                groups[kind].add(event.translation_key)
            if kind == "page" and event.subtree and event.object_id is not None:
                subtree.add(event.object_id)
        elif kind == "collection":
            collections.add(event.object_id)
        elif kind in ("frontend", "site"):
            everything = True  # URLs of every page may have changed (rare: re-judge all)
    if everything:
        for kind in ids:
            ids[kind] |= set(_all_of(kind).values_list("pk", flat=True))
    # Translation groups: every version lists the others (pages) or stands in for them (snippets).
    for kind in ("page", *snippets):
        model = Page if kind == "page" else snippets[kind]
        if not issubclass(model, TranslatableMixin):
            continue
        keys = groups[kind] | set(
            model._default_manager.filter(pk__in=ids[kind]).values_list(
                "translation_key", flat=True
            )
        )
        if keys:
            ids[kind] |= set(
                model._default_manager.filter(translation_key__in=keys).values_list("pk", flat=True)
            )
    # Moves, new slugs, restrictions: the subtree (of every version: a restriction covers all).
    if subtree:
        roots = Page.objects.filter(
            translation_key__in=Page.objects.filter(pk__in=subtree).values("translation_key")
        ).values_list("path", flat=True)
        under = Q()
        for path in roots:
            under |= Q(path__startswith=path)
        if under:
            ids["page"] |= set(Page.objects.filter(under).values_list("pk", flat=True))
    # Children show their parent's title and path.
    paths = list(Page.objects.filter(pk__in=ids["page"]).values_list("path", flat=True))
    if paths:
        ids["page"] |= set(
            Page.objects.annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
            .filter(parent_path__in=paths)
            .values_list("pk", flat=True)
        )
    # A collection's media (restricted, lifted or moved: its subtree).
    if collections:
        from wagtail.models import Collection

        under = Q()
        for path in Collection.objects.filter(pk__in=collections).values_list("path", flat=True):
            under |= Q(collection__path__startswith=path)
        if under:
            for kind in ("image", "document"):
                ids[kind] |= set(
                    _media_model(kind).objects.filter(under).values_list("pk", flat=True)
                )
    _add_referrers(ids, snippets)
    return {kind: ids.get(kind, set()) for kind in kinds}


def _all_of(kind: str):
    if kind == "page":
        return Page.objects.filter(depth__gt=1)
    if kind in ("image", "document"):
        return _media_model(kind).objects.all()
    return snippet_types()[kind]._default_manager.all()


def _add_referrers(ids: dict[str, set[int]], snippets: dict[str, Any]) -> None:
    """Add, until nothing new, every page or snippet that embeds an object in ``ids``."""
    from wagtail.models import ReferenceIndex

    from cms.api.pages import page_types

    models = {"page": Page, "image": get_image_model(), "document": get_document_model()}
    models.update(snippets)
    kind_of_ct = {ReferenceIndex._get_base_content_type(m).pk: k for k, m in models.items()}
    frontier = {kind: set(pks) for kind, pks in ids.items()}
    for _round in range(REFERENCE_ROUNDS):
        found: dict[str, set[int]] = defaultdict(set)
        for kind, pks in frontier.items():
            if not pks or kind not in models:
                continue
            target_ct = ReferenceIndex._get_base_content_type(models[kind])
            for ct_id, object_id in ReferenceIndex.objects.filter(
                to_content_type=target_ct, to_object_id__in=[str(pk) for pk in pks]
            ).values_list("base_content_type_id", "object_id"):
                if ct_id in kind_of_ct and object_id.isdigit():
                    found[kind_of_ct[ct_id]].add(int(object_id))
            # Many-to-many fields (not in Wagtail's reference index): pages that name them.
            for pt in page_types().values():
                for f in pt.m2m.values():
                    through = f.remote_field.through
                    if f.related_model is models[kind]:
                        found["page"] |= set(
                            through.objects.filter(
                                **{f"{f.m2m_reverse_field_name()}__in": pks}
                            ).values_list(f.m2m_field_name(), flat=True)
                        )
                    if kind == "page" and issubclass(f.related_model, Page):
                        # ... and the pages they name, which show them back (a document page's
                        # ``related_projects``: the projects whose field names it).
                        found["page"] |= set(
                            through.objects.filter(
                                **{f"{f.m2m_field_name()}__in": pks}
                            ).values_list(f.m2m_reverse_field_name(), flat=True)
                        )
        frontier = {kind: pks - ids.get(kind, set()) for kind, pks in found.items()}
        frontier = {kind: pks for kind, pks in frontier.items() if pks}
        if not frontier:
            return
        for kind, pks in frontier.items():
            ids.setdefault(kind, set()).update(pks)


def _tombstones(ctx: ApiContext, kind: str, gone: set[int], events: list[ChangeEvent]) -> list:
    """Tombstones for ``gone`` ids, leaving out objects of another locale (never the reader's)."""
    if not gone:
        return []
    if _translatable(kind):
        model = Page if kind == "page" else snippet_types()[kind]
        existing = dict(model._default_manager.filter(pk__in=gone).values_list("pk", "locale_id"))
        deleted_in = {e.object_id: e.locale for e in events if e.object_type == kind and e.locale}
        want = ctx.locale_id()
        gone = {
            pk
            for pk in gone
            if (
                existing[pk] == want
                if pk in existing
                else deleted_in.get(pk, ctx.locale) == ctx.locale
            )
        }
    return [{"type": kind, "id": pk, "locale": ctx.locale} for pk in sorted(gone)]


# --- Tokens --------------------------------------------------------------------------------------


def _reader(ctx: ApiContext) -> str:
    principal = ctx.principal
    frontend = ctx.frontend.name if ctx.frontend is not None else ""
    if principal.kind == "project_token":
        private = "p" if principal.can_read_private else ""
        return f"t{principal.token.pk}{private}@{frontend}"
    return f"a@{frontend}"


def _dump(ctx: ApiContext, kind: str | None, **state: Any) -> str:
    payload = {"v": 1, "l": ctx.locale, "t": kind, "r": _reader(ctx), **state}
    return signing.dumps(payload, salt=SALT, compress=True)


def _load(ctx: ApiContext, kind: str | None, token: str) -> dict:
    max_age = getattr(settings, "CMS_SYNC_TOKEN_MAX_AGE", DEFAULT_MAX_AGE)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise RestartSync("The sync token has expired.") from exc
    except signing.BadSignature as exc:
        raise RestartSync("The sync token is not one this server issued.") from exc
    if not isinstance(payload, dict) or payload.get("v") != 1:
        raise RestartSync("The sync token is not one this server issued.")
    if payload.get("l") != ctx.locale or payload.get("t") != kind:
        raise RestartSync("The sync token was issued for another locale or type.")
    if payload.get("r") != _reader(ctx):
        raise RestartSync("The sync token was issued to another reader or front end.")
    seen = int(payload.get("s", 0))
    if seen > current_seq():
        raise RestartSync("The sync token is ahead of this server's change feed.")
    oldest = oldest_seq()
    # Numbers are dense: the next one was pruned. An empty feed behind a higher number was
    # restarted by a restore (cms.backup.restart_change_feed).
    if seen < current_seq() and (oldest is None or seen < oldest - 1):
        raise RestartSync("The changes after this sync token were pruned from the feed.")
    return payload


# --- The answer ----------------------------------------------------------------------------------


def sync(ctx: ApiContext, kind: str | None, token: str | None, limit: int) -> dict:
    """One answer of the sync API for ``ctx``'s reader and locale (see the module docstring).

    ``kind``: one type of :func:`sync_types` or ``None`` for all; ``token``: a ``next_page_token``
    or ``next_sync_token`` of an earlier answer, or ``None`` to start; ``limit``: items per page of
    the initial listing. Raises :class:`RestartSync` for a token that cannot be continued from.
    Returns ``{"items", "deleted", "next_page_token", "next_sync_token"}``.
    """
    kinds = [kind] if kind else sync_types()
    state = _load(ctx, kind, token) if token else {"m": "full", "s": current_seq(), "p": 0, "a": 0}
    if state["m"] == "full":
        return _full_page(ctx, kind, kinds, state, limit)
    return _delta(ctx, kind, kinds, state)


def _full_page(ctx, kind, kinds, state, limit) -> dict:
    """A page of the initial listing: types in order, ids ascending after the cursor."""
    phase, after, found, taken = int(state["p"]), int(state["a"]), [], 0
    while phase < len(kinds) and taken < limit:
        current, want = kinds[phase], limit - taken
        pks = list(
            visible(ctx, current)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:want]
        )
        found += items(ctx, current, pks)
        taken += len(pks)
        if len(pks) < want:  # this type is exhausted: the next one
            phase, after = phase + 1, 0
        else:
            after = pks[-1]
    done = phase >= len(kinds)
    if not done:
        more = visible(ctx, kinds[phase]).filter(pk__gt=after).exists() or any(
            visible(ctx, k).exists() for k in kinds[phase + 1 :]
        )
        done = not more
    seq = state["s"]
    return {
        "items": found,
        "deleted": [],
        "next_page_token": None if done else _dump(ctx, kind, m="full", s=seq, p=phase, a=after),
        "next_sync_token": _dump(ctx, kind, m="delta", s=seq) if done else None,
    }


def _delta(ctx, kind, kinds, state) -> dict:
    """What changed after the token's sequence number, up to ``EVENTS_PER_ANSWER`` events."""
    since, until = int(state["s"]), current_seq()
    events = list(
        ChangeEvent.objects.filter(seq__gt=since, seq__lte=until).order_by("seq")[
            : EVENTS_PER_ANSWER + 1
        ]
    )
    more = len(events) > EVENTS_PER_ANSWER
    if more:
        events = events[:EVENTS_PER_ANSWER]
        until = events[-1].seq
    found, deleted = [], []
    for current, ids in affected(events, kinds).items():
        if not ids:
            continue
        shown = set(visible(ctx, current).filter(pk__in=ids).values_list("pk", flat=True))
        found += items(ctx, current, sorted(shown))
        deleted += _tombstones(ctx, current, ids - shown, events)
    token = _dump(ctx, kind, m="delta", s=until)
    return {
        "items": found,
        "deleted": deleted,
        "next_page_token": token if more else None,
        "next_sync_token": None if more else token,
    }


# --- The endpoint --------------------------------------------------------------------------------


@cache
def sync_schemas() -> tuple[Any, Any]:
    """The answer's schema (``SyncAnswer``) and its query parameters (``SyncParams``)."""
    from typing import Annotated, Union

    from cms.api.pages import detail_union
    from cms.api.routers import locale_param, params_schema
    from cms.api.serialize import pascal, unique_name

    envelope = {"id": (int, ...), "locale": (str, Field(..., description="The answer's locale."))}
    variants = [
        create_model(
            unique_name("SyncPageItem"),
            __base__=common.Out,
            type=(Literal["page"], ...),
            data=(detail_union(), ...),
            **envelope,
        ),
        create_model(
            unique_name("SyncImageItem"),
            __base__=common.Out,
            type=(Literal["image"], ...),
            data=(common.Image, ...),
            **envelope,
        ),
        create_model(
            unique_name("SyncDocumentItem"),
            __base__=common.Out,
            type=(Literal["document"], ...),
            data=(common.Document, ...),
            **envelope,
        ),
    ]
    for api_name, model in snippet_types().items():
        variants.append(
            create_model(
                unique_name(f"Sync{pascal(api_name)}Item"),
                __base__=common.Out,
                type=(Literal[api_name], ...),  # type: ignore[valid-type]
                data=(model_spec(model, "snippet").annotation, ...),
                **envelope,
            )
        )
    item = Annotated[Union[tuple(variants)], Field(discriminator="type")]  # noqa: UP007
    types = tuple(sync_types())
    deleted = create_model(
        unique_name("SyncDeletion"),
        __doc__="A tombstone: the item is gone for this reader (deleted, unpublished, hidden).",
        __base__=common.Out,
        type=(Literal[types], ...),  # type: ignore[valid-type]
        **envelope,
    )
    answer = create_model(
        unique_name("SyncAnswer"),
        __base__=common.Out,
        items=(list[item], Field(..., description="Created or changed items, in full.")),
        deleted=(list[deleted], Field(..., description="Items to remove (tombstones).")),
        next_page_token=(
            str | None,
            Field(None, description="More to fetch now: call again with it as `sync_token`."),
        ),
        next_sync_token=(
            str | None,
            Field(None, description="Up to date: store it; call with it later for changes."),
        ),
    )
    params = params_schema(
        "SyncParams",
        locale=locale_param(),
        type=(
            Literal[types] | None,  # type: ignore[valid-type]
            Field(None, description="Only items of this type."),
        ),
        sync_token=(
            str | None,
            Field(
                None,
                max_length=4000,
                description="A `next_page_token` or `next_sync_token`; none to start.",
            ),
        ),
        limit=(
            int,
            Field(common.MAX_LIMIT, ge=1, le=common.MAX_LIMIT, description="Items per page."),
        ),
        frontend=(
            str | None,
            Field(None, description="Front end to build URLs for (also the X-Frontend header)."),
        ),
    )
    return answer, params


def build_sync_router() -> Router:
    """``/sync/``: the delta-sync endpoint (module docstring)."""
    answer, Params = sync_schemas()
    router = Router(tags=["sync"])

    @router.get(
        "/",
        response={
            200: answer,
            400: common.Problem,
            401: common.Problem,
            403: common.Problem,
            410: common.Problem,
        },
        summary="Delta sync: everything, then only what changed (with tombstones)",
        description=(
            "Without `sync_token`: every item the reader may see, paged by `next_page_token`; the "
            "last page carries `next_sync_token`. With a token: what changed since, created and "
            "changed items in full and `deleted` tombstones. A token that cannot be continued "
            f"from answers 410 with problem type `{RESTART_PROBLEM}`: start over without one."
        ),
        operation_id="sync",
    )
    def sync_view(request: HttpRequest, params: Query[Params]):  # type: ignore[valid-type]
        check_params(request, set(Params.model_fields))
        ctx = build_context(request, params.locale)
        if ctx.principal.kind == "user":
            raise ApiError(403, "The sync API serves anonymous readers and project tokens.")
        # Published content only, whatever the token's scopes.
        ctx.principal = visibility.Principal(
            kind=ctx.principal.kind,
            scopes=ctx.principal.scopes - {"drafts"},
            token=ctx.principal.token,
        )
        try:
            data = sync(ctx, params.type, params.sync_token, params.limit)
        except RestartSync as exc:
            return problem(
                410, f"{exc} Start over without a sync_token.", type=RESTART_PROBLEM, title="Gone"
            )
        return json_response(request, data)

    return router
