"""Keeping :class:`SearchDocument` rows and the search backends in step with the pages.

Only live, public pages of searchable registry content types have a search document. Every
backend operation that fails is recorded as an :class:`IndexingFailure` (and logged) and retried
by the next indexing run or ``manage.py search_retry``: nothing is silently dropped.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backends_with_name

from cms.plugin import ContentType, registry
from cms.visibility import ANONYMOUS, View
from search import analysis
from search import terms as index_terms
from search.extract import page_facets, page_text
from search.models import IndexingFailure, SearchDocument

logger = logging.getLogger(__name__)


def content_type_of(page: Page) -> ContentType | None:
    """The registry content type of ``page``'s class when it is a searchable page type, else
    ``None`` (snippets, unregistered or ``searchable=False`` types).
    """
    ct = registry.for_model(type(page))
    if ct is None or ct.kind != "page" or not ct.searchable:
        return None
    return ct


def is_searchable(page: Page, restricted_paths: list[str] | None = None) -> bool:
    """Live, not an alias, no view restriction on it or an ancestor, of a searchable type.

    ``restricted_paths`` (tree paths of restricted pages) saves a query per page in bulk runs.
    """
    if not page.live or page.alias_of_id or content_type_of(page) is None:
        return False
    if restricted_paths is not None:
        return not any(page.path.startswith(path) for path in restricted_paths)
    return not PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).exists()


def build_document(page: Page, view: View | None = None) -> SearchDocument:
    """The search document of a specific page (unsaved), holding only public text.

    ``view``: what the anonymous reader sees (:class:`cms.visibility.View`), loaded here unless
    a bulk run passes one.
    """
    ct = content_type_of(page)
    view = view or View.of(ANONYMOUS)
    language = analysis.language_of(page.locale.language_code)
    # Choice labels and object names in the page's own language (search.extract: one language
    # per document).
    with translation.override(page.locale.language_code):
        teaser, body, extra = page_text(page, view)
        facets = page_facets(page, ct, view)
    title_terms = analysis.terms(page.title, language)
    all_terms = analysis.terms(f"{teaser}\n{body}\n{extra}", language)
    return SearchDocument(
        page_id=page.pk,
        locale_id=page.locale_id,
        language=language,
        content_type=ct.api_name,
        title=page.title,
        teaser=teaser,
        body=body,
        extra=extra,
        title_terms=" ".join(title_terms),
        terms=" ".join(all_terms),
        facets=facets,
        url_path=page.url_path,
        last_published_at=page.last_published_at,
    )


def _record_failure(page_id: int, backend: str, operation: str, exc: Exception) -> None:
    logger.error("Search index %s of page %s in %r failed: %s", operation, page_id, backend, exc)
    failure, created = IndexingFailure.objects.get_or_create(
        page_id=page_id,
        backend=backend,
        defaults={"operation": operation, "error": str(exc)[:2000]},
    )
    if not created:
        failure.operation = operation
        failure.error = str(exc)[:2000]
        failure.attempts += 1
        failure.save()


_ready_indexes: set[str] = set()


def _ensure_index(backend) -> None:
    """Create the engine index with its analysers before the first document goes in.

    Without this an engine would create the index on the fly with a guessed mapping and no
    German analysis; ``search_rebuild`` replaces it atomically anyway, but nothing should depend
    on someone remembering to run it.
    """
    if not hasattr(backend, "es"):
        return
    index = backend.get_index_for_model(SearchDocument)
    if index.name in _ready_indexes:
        return
    if not index.exists():
        index.put()
        index.add_model(SearchDocument)
    _ready_indexes.add(index.name)


def _push(page_id: int, document: SearchDocument | None, only: str | None = None) -> bool:
    """Add ``document`` to (or, when ``None``, delete page ``page_id`` from) every backend."""
    ok = True
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        if only and name != only:
            continue
        try:
            _ensure_index(backend)
            if document is not None:
                backend.add(document)
            else:
                backend.delete(SearchDocument(page_id=page_id))
        except Exception as exc:  # noqa: BLE001 - any backend error is recorded, then retried
            ok = False
            _record_failure(page_id, name, "add" if document is not None else "delete", exc)
        else:
            IndexingFailure.objects.filter(page_id=page_id, backend=name).delete()
    return ok


def index_page(page_id: int) -> bool:
    """(Re)index one page, or take it out of the index when it is no longer searchable."""
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None:
        return remove_page(page_id)
    page = page.specific
    if not is_searchable(page):
        return remove_page(page_id)
    document = build_document(page)
    index_terms.replace(page_id, document)
    return _push(page_id, document)


def remove_page(page_id: int) -> bool:
    """Take a page out of the results: its row at once, then every backend."""
    index_terms.replace(page_id, None)
    return _push(page_id, None)


def index_subtree(page: Page) -> None:
    """(Re)index ``page`` and all its descendants, one :func:`index_page` each (after a move or a
    restriction change, whose effect reaches the whole subtree).
    """
    for descendant_id in page.get_descendants(inclusive=True).values_list("pk", flat=True):
        index_page(descendant_id)


def pages_referencing(model: type, pks) -> set[int]:
    """Ids of pages whose content (body, fields, inline children) references objects of
    ``model`` with these ``pks``, from Wagtail's reference index."""
    from django.contrib.contenttypes.models import ContentType as DjangoContentType
    from wagtail.models import ReferenceIndex

    pks = list(pks)
    if not pks:
        return set()
    rows = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model),
        to_object_id__in=[str(pk) for pk in pks],
        base_content_type=DjangoContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    found = {int(pk) for pk in rows}
    # The reference index leaves many-to-many fields out (e.g. a project's partners).
    for ct in registry.content_types("page"):
        page_model = ct.get_model()
        for m2m in page_model._meta.many_to_many:
            target = m2m.related_model
            if issubclass(model, target) or issubclass(target, model):
                found.update(
                    page_model.objects.filter(**{f"{m2m.name}__in": pks}).values_list(
                        "pk", flat=True
                    )
                )
    return found


def index_pages_referencing(model: type, pks) -> None:
    """Reindex every page that shows text of these objects: their visibility (or text) changed,
    so the pages' search documents must gain or lose it (see :func:`build_document`)."""
    for page_id in sorted(pages_referencing(model, pks)):
        index_page(page_id)


def retry_failures() -> tuple[int, int]:
    """Retry every recorded failure; returns ``(fixed, still failing)``."""
    fixed = failing = 0
    for failure in list(IndexingFailure.objects.all()):
        document = SearchDocument.objects.filter(page_id=failure.page_id).first()
        if _push(failure.page_id, document, only=failure.backend):
            fixed += 1
        else:
            failing += 1
    return fixed, failing


def searchable_pages():
    """A queryset of the live pages of every searchable registered page type (not yet specific;
    restrictions not applied, see :func:`is_searchable`).
    """
    models = [ct.get_model() for ct in registry.content_types("page") if ct.searchable]
    return Page.objects.type(*models).live() if models else Page.objects.none()


_DOCUMENT_FIELDS = [f.name for f in SearchDocument._meta.concrete_fields if not f.primary_key]


def _save_documents(documents: list[SearchDocument]) -> None:
    now = timezone.now()
    for document in documents:
        document.updated_at = now
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=_DOCUMENT_FIELDS,
        )


def rebuild(batch_size: int = 200) -> int:
    """Recompute every search document (the backends' indexes: :func:`rebuild_backend_index`)
    and the stored vocabulary and title words (:func:`search.terms.rebuild`).

    Documents are replaced in place, batch by batch: searches keep answering meanwhile.
    """
    view = View.of(ANONYMOUS)
    restricted = view.page_paths
    wanted: set[int] = set()
    batch: list[SearchDocument] = []
    for page in searchable_pages().specific().iterator(chunk_size=batch_size):
        if is_searchable(page, restricted):
            batch.append(build_document(page, view))
            wanted.add(page.pk)
        if len(batch) >= batch_size:
            _save_documents(batch)
            batch = []
    if batch:
        _save_documents(batch)
    stale = sorted(set(SearchDocument.objects.values_list("page_id", flat=True)) - wanted)
    for start in range(0, len(stale), 500):
        SearchDocument.objects.filter(page_id__in=stale[start : start + 500]).delete()
    index_terms.rebuild()
    return len(wanted)


def retry_failures_quietly(limit: int = 50) -> None:
    """Retry a few recorded failures before new work (cheap when there are none)."""
    if not IndexingFailure.objects.exists():
        return
    for failure in list(IndexingFailure.objects.order_by("last_failed_at")[:limit]):
        document = SearchDocument.objects.filter(page_id=failure.page_id).first()
        _push(failure.page_id, document, only=failure.backend)


def rebuild_backend_index(name: str) -> int:
    """Rebuild the search documents' index in one backend.

    On an engine this is atomic: a new index is filled next to the old one and the alias moves
    over when it is complete, so readers never see an empty or half-built index.
    """
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(name)
    index = backend.get_index_for_model(SearchDocument)
    rebuilder = backend.rebuilder_class(index)
    new_index = rebuilder.start()
    new_index.add_model(SearchDocument)
    count = 0
    batch: list[SearchDocument] = []
    for document in SearchDocument.objects.order_by("pk").iterator(chunk_size=500):
        batch.append(document)
        if len(batch) == 500:
            new_index.add_items(SearchDocument, batch)
            count += len(batch)
            batch = []
    if batch:
        new_index.add_items(SearchDocument, batch)
        count += len(batch)
    rebuilder.finish()
    return count


def after_restore(report) -> None:
    """After ``manage.py restore`` (``Plugin.after_restore``): recompute every search document
    and rebuild each auto-updated backend's index, as ``manage.py search_rebuild`` does; the
    engine's index lives outside the database and holds the content before the restore.
    ``report(line)`` receives the counts.
    """
    from wagtail.search.backends import get_search_backends_with_name

    count = rebuild()
    indexed = {
        name: rebuild_backend_index(name)
        for name, _backend in get_search_backends_with_name(with_auto_update=True)
    }
    per_backend = ", ".join(f"{n} in {name!r}" for name, n in indexed.items()) or "no backend"
    report(f"Search rebuilt: {count} documents ({per_backend}).")
