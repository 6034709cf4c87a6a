"""Writing the change feed: one :class:`~cms.delivery.models.ChangeEvent` per change the API serves.

Every write path that changes what the API shows ends in :func:`record` (through the signal
handlers of :mod:`cms.runtime.signals`, which call :func:`record_instance` and :func:`record_page`), in
the same database transaction as the change: a publish that rolls back leaves no event, and an
event is never missing for a committed change (the transactional-outbox pattern).

Consumers read the feed instead of listening to signals of their own (registered in
:mod:`cms.delivery.consumers`, called after the commit):

- the API response cache: :func:`record` gives :class:`~cms.api.models.ContentGeneration` a
  fresh value in the same transaction (atomic with the change: no window in which a cached answer
  outlives the change it predates, and no second write after the commit that could fail);
- the front-end cache purge (``WAGTAILFRONTENDCACHE``, :mod:`cms.delivery.purge`): the event's
  ``urls``, sent after the commit (``on_commit(robust=True)``): a failing CDN is logged and
  never undoes the change;
- the delta-sync API (:mod:`cms.delivery.sync`): reads events by sequence number.

**Ordering.** Sequence numbers come from one counter row (:class:`ChangeSequence`), incremented
with an ``UPDATE`` whose row lock is held until the transaction ends. A second transaction that
records a change waits at that ``UPDATE`` until the first commits, so numbers are handed out in
commit order and a reader that sees number *n* sees every lower number too: "everything after
token *n*" never skips a transaction that committed late with a lower number. The cost: writers
that record changes serialize from their first event to their commit; they already did, on the
content generation's row (and SQLite serializes every writer anyway). Lock order is always
counter, then generation, so the two locks cannot deadlock each other.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from cms.delivery import consumers, purge
from cms.delivery.models import ChangeEvent, ChangeSequence

logger = logging.getLogger(__name__)

__all__ = [
    "current_seq",
    "page_urls",
    "record",
    "record_instance",
    "record_page",
]

UPSERT, DELETE = ChangeEvent.UPSERT, ChangeEvent.DELETE


def _next_seq() -> int:
    """The next sequence number; the counter row stays locked until the transaction ends."""
    if not ChangeSequence.objects.filter(pk=1).update(value=F("value") + 1):
        # First event ever (or after a test's flush): create the row, racing writers agree.
        ChangeSequence.objects.bulk_create([ChangeSequence(pk=1, value=0)], ignore_conflicts=True)
        ChangeSequence.objects.filter(pk=1).update(value=F("value") + 1)
    return ChangeSequence.objects.filter(pk=1).values_list("value", flat=True).get()


def current_seq() -> int:
    """The highest committed sequence number (0 before the first event).

    Because numbers are handed out in commit order (module docstring), every event up to this
    number is committed and visible once this value is.
    """
    return ChangeSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def record(
    object_type: str,
    object_id: int | None,
    *,
    locale: str = "",
    translation_key: uuid.UUID | str | None = None,
    action: str = UPSERT,
    subtree: bool = False,
    urls: Iterable[str] = (),
) -> ChangeEvent:
    """Append one event to the feed, in the current transaction (a savepoint inside one, its
    own transaction in autocommit mode), and bump the API's content generation with it.

    ``object_type``: ``page``, ``image``, ``document``, a snippet's ``api_name`` or another kind
    (see :class:`ChangeEvent`); ``action``: ``"upsert"`` or ``"delete"``; ``urls``: absolute URLs
    to purge after the commit (:mod:`cms.delivery.purge`). Database errors propagate (the change itself could not be written).
    """
    from cms.api.models import ContentGeneration

    urls = list(dict.fromkeys(urls))
    with transaction.atomic():
        event = ChangeEvent.objects.create(
            seq=_next_seq(),
            object_type=object_type,
            object_id=object_id,
            locale=locale or "",
            translation_key=translation_key,
            action=action,
            subtree=subtree,
            urls=urls,
        )
        ContentGeneration.bump()
    consumers.dispatch(event)
    return event


# --- What an instance is, as the feed names it --------------------------------------------------


def _locale_code(locale_id: int | None) -> str:
    from wagtail.models import Locale

    if locale_id is None:
        return ""
    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first() or ""


def page_urls(
    page, old_url_path: str | None = None, parent_before=None, *, subtree: bool = False
) -> list[str]:
    """The absolute URLs that show ``page``: :func:`cms.delivery.purge.purge_urls_for_page`
    (detail, find by path and front-end URLs of the page and its translations, the listings it
    appears in; after a move or rename also the old paths of it and its subpages, and the old
    parent's listing; with ``subtree`` the subpages' URLs)."""
    return purge.purge_urls_for_page(
        page, url_path_before=old_url_path, parent_before=parent_before, subtree=subtree
    )


def connect() -> None:
    """Connect the feed's own signal handlers (called from :func:`cms.runtime.signals.connect`)."""
    from django.db.models.signals import pre_save

    pre_save.connect(remember_url_path, dispatch_uid="cms_delivery_url_path")
    pre_save.connect(remember_related_pages, dispatch_uid="cms_delivery_related_pages")


def _page_relations(model) -> list:
    """The many-to-many fields of a page model that name other pages (``related_documents``)."""
    from wagtail.models import Page

    return [
        f
        for f in model._meta.many_to_many
        if isinstance(f.related_model, type) and issubclass(f.related_model, Page)
    ]


def remember_related_pages(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before a page is saved, keep the ids of the pages its many-to-many fields name now.

    Those pages show it back (a document page lists the projects naming it), so a save that
    drops one changes that page too: :func:`record_page` records it. One small query per such
    field and page save; none for page types without page relations.
    """
    from wagtail.models import Page

    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    targets: set[int] = set()
    for f in _page_relations(type(instance)):
        through = f.remote_field.through
        targets |= set(
            through.objects.filter(**{f.m2m_field_name(): instance.pk}).values_list(
                f.m2m_reverse_field_name(), flat=True
            )
        )
    if targets:
        instance._cms_related_before = targets


def remember_url_path(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before a page is saved, keep its stored ``url_path`` when the new one differs (a new slug,
    a move): its event then reaches its subtree and names the old path.

    Wagtail's ``page_slug_changed`` is sent after the commit, too late for the feed, which is
    written in the transaction of the change. One small query per page save.
    """
    from wagtail.models import Page

    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and "url_path" not in update_fields:
        return
    stored = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
    if stored and stored != instance.url_path:
        instance._cms_old_url_path = stored


def record_page(
    page,
    *,
    action: str = UPSERT,
    subtree: bool = False,
    old_url_path: str | None = None,
    parent_before=None,
) -> ChangeEvent:
    """Record a change of ``page`` (published, unpublished, moved, renamed, deleted).

    ``old_url_path`` (Wagtail's ``url_path`` form) and ``parent_before`` (a page) describe a move
    or rename; a renamed page's old path is also remembered by :func:`remember_url_path`.
    """
    remembered = page.__dict__.pop("_cms_old_url_path", None)
    old_url_path = old_url_path or remembered
    subtree = subtree or bool(old_url_path)
    event = record(
        "page",
        page.pk,
        locale=_locale_code(page.locale_id),
        translation_key=page.translation_key,
        action=action,
        subtree=subtree,
        urls=(
            page_urls(page, old_url_path, parent_before, subtree=subtree)
            if action == UPSERT
            else _deleted_page_urls(page)
        ),
    )
    _record_dropped_relations(page)
    return event


def _record_dropped_relations(page) -> None:
    """Record the pages a save of ``page`` stopped naming (:func:`remember_related_pages`): they
    no longer show it. Pages it still names are found by the readers' rule (``sync.affected``)."""
    from wagtail.models import Page

    before = page.__dict__.pop("_cms_related_before", set())
    if not before:
        return
    # The instance's own values: a ParentalManyToManyField writes its rows after the save.
    now = {target.pk for f in _page_relations(type(page)) for target in getattr(page, f.name).all()}
    for dropped in Page.objects.filter(pk__in=before - now).specific():
        record(
            "page",
            dropped.pk,
            locale=_locale_code(dropped.locale_id),
            translation_key=dropped.translation_key,
            urls=page_urls(dropped),
        )


def _deleted_page_urls(page) -> list[str]:
    try:
        return purge.purge_urls_for_page(page)
    except Exception:  # noqa: BLE001 - a half-deleted tree may miss the locale: URLs are a hint
        return []


def _page_of(page_id: int | None):
    from wagtail.models import Page

    return Page.objects.filter(pk=page_id).first() if page_id else None


def record_instance(instance, *, deleted: bool = False) -> ChangeEvent | None:
    """Record a saved or deleted model instance the API serves or that changes what it shows.

    Pages, view restrictions (of pages: the page and its subtree; of collections: the
    collection), collections, images, documents and their per-locale texts, snippets of the
    registry, locales, wagtail-localize's translation state (the translation group of its source),
    sites, front ends, redirects and groups. Anything else: ``None``.
    """
    from django.contrib.auth.models import Group
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
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

    action = DELETE if deleted else UPSERT
    if isinstance(instance, Page):
        return record_page(instance, action=action)
    if isinstance(instance, PageViewRestriction):
        page = _page_of(instance.page_id)
        if page is None:  # deleted with its page: the page's own event tells
            return record("page", instance.page_id, subtree=True)
        return record_page(page, subtree=True)
    if isinstance(instance, CollectionViewRestriction):
        return record("collection", instance.collection_id, subtree=True)
    if isinstance(instance, Collection):
        return record("collection", instance.pk, action=action, subtree=True)
    if isinstance(instance, AbstractImage | AbstractDocument):
        kind = "image" if isinstance(instance, AbstractImage) else "document"
        return record(kind, instance.pk, action=action, urls=purge.media_urls(kind, instance.pk))
    if isinstance(instance, ImageText):
        return record("image", instance.image_id, urls=purge.media_urls("image", instance.image_id))
    if isinstance(instance, DocumentText):
        return record(
            "document",
            instance.document_id,
            urls=purge.media_urls("document", instance.document_id),
        )
    if isinstance(instance, Translation | TranslationSource):
        return _record_translation_state(instance)
    if isinstance(instance, Locale):
        return record("locale", instance.pk, locale=instance.language_code, action=action)
    for model, kind in ((Site, "site"), (FrontEnd, "frontend"), (Redirect, "redirect")):
        if isinstance(instance, model):
            return record(kind, instance.pk, action=action)
    if isinstance(instance, Group):
        return record("group", instance.pk, action=action)
    ct = registry.for_model(type(instance))
    if ct is not None and ct.kind == "snippet":
        return record(
            ct.api_name,
            instance.pk,
            locale=_locale_code(getattr(instance, "locale_id", None)),
            translation_key=getattr(instance, "translation_key", None),
            action=action,
            urls=purge.snippet_urls(ct.api_name, instance.pk),
        )
    return None


def _record_translation_state(instance) -> ChangeEvent | None:
    """wagtail-localize's sync state shows in every version's ``translations``: name the group."""
    from django.core.exceptions import ObjectDoesNotExist
    from wagtail.models import Page
    from wagtail_localize.models import Translation, TranslationSource

    from cms.plugin.registry import registry

    try:
        source = instance.source if isinstance(instance, Translation) else instance
        assert isinstance(source, TranslationSource)
        key = source.object_id
        model = source.specific_content_type.model_class()
    except ObjectDoesNotExist:  # deleted with its source: the source's own events tell
        return record("translation", None)
    if model is not None and issubclass(model, Page):
        return record("page", None, translation_key=key)
    ct = registry.for_model(model) if model is not None else None
    if ct is not None and ct.kind == "snippet":
        return record(ct.api_name, None, translation_key=key)
    return record("translation", None, translation_key=key)
