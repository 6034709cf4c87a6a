"""The search report for one viewer: readers' queries, indexing failures, unreadable documents.

Readers' queries are stored as typed (lower-cased, counted per day and language, nothing about
the reader); a query can still name a person, so the whole report needs the right
``cms_search.view_search_report`` (:data:`search.models.SEARCH_REPORT_PERMISSION`; checked by the
view and the menu item in ``search.wagtail_hooks``). Within the report, the viewer sees only what
they may reach in the admin (``cms.visibility.AdminReach``):

- queries that name a private page or document the viewer may not reach are left out (see
  :func:`names_any`), so that the report never reveals the title of a restricted document;
- indexing failures only of pages the viewer may explore;
- documents without readable text only in collections where the viewer holds a right.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Sum
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.visibility import AdminReach, admin_reach
from search.models import IndexingFailure, QueryStat

#: The periods the report offers, in days; the default is 30.
REPORT_DAYS = (7, 30, 365)
DEFAULT_DAYS = 30

#: Rows per table.
ROW_LIMIT = 50

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QueryRow:
    """One query of the period: how often it was searched (``total``), how often without results
    (``empty``)."""

    query: str
    language: str
    total: int
    empty: int


@dataclass(frozen=True)
class SearchReport:
    """The search report for ``days`` days: the most frequent queries (``popular``), those without
    results (``without``), recorded indexing failures and documents whose text could not be read
    (``unreadable``), limited to what the viewing user may reach.
    """

    days: int
    popular: list[QueryRow]
    without: list[QueryRow]
    failures: list[IndexingFailure]
    unreadable: list


def words(text: str) -> frozenset[str]:
    """The case-folded words of ``text`` (letters and digits, any script)."""
    return frozenset(_WORD.findall(text.casefold()))


def names_any(query: str, titles: Iterable[frozenset[str]]) -> bool:
    """Whether ``query`` names one of ``titles`` (each given as its :func:`words`).

    A query names a title when it contains every word of the title („protokoll vorstand 2025“
    names „Vorstand: Protokoll 2025“), or when it has at least two words and each of them is a
    word of the title („vorstand protokoll“). A single word shared with a title („protokoll“)
    names nothing: it is what readers search for every day.
    """
    query_words = words(query)
    if not query_words:
        return False
    for title in titles:
        if not title:
            continue
        if title <= query_words or (len(query_words) >= 2 and query_words <= title):
            return True
    return False


def private_titles(reach: AdminReach) -> list[frozenset[str]]:
    """The words of every title the viewer may not be told about: documents (and images) in
    restricted collections outside their collections, and non-public pages they may not explore."""
    from wagtail.images import get_image_model

    titles = set()
    for model in (get_document_model(), get_image_model()):
        titles.update(reach.hidden_private_documents(model).values_list("title", flat=True))
    for title, draft_title in reach.hidden_private_pages().values_list("title", "draft_title"):
        titles.update((title, draft_title))
    return [words(title) for title in titles if title]


def _queries(rows, hidden: list[frozenset[str]]) -> list[QueryRow]:
    result = []
    for row in rows:
        if names_any(row["query"], hidden):
            continue
        result.append(QueryRow(row["query"], row["language"], row["total"], row["empty"]))
        if len(result) == ROW_LIMIT:
            break
    return result


def search_report(user: AbstractBaseUser | AnonymousUser, days: int = DEFAULT_DAYS) -> SearchReport:
    """The report of the last ``days`` days (one of :data:`REPORT_DAYS`, else the default) as
    ``user`` may see it. Does not check the report permission: the view does."""
    days = days if days in REPORT_DAYS else DEFAULT_DAYS
    reach = admin_reach(user)
    hidden = private_titles(reach)
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    stats = (
        QueryStat.objects.filter(day__gte=since)
        .values("query", "language")
        .annotate(total=Sum("searches"), empty=Sum("without_results"))
    )
    popular = _queries(stats.order_by("-total", "query"), hidden)
    without = _queries(stats.filter(empty__gt=0).order_by("-empty", "query"), hidden)
    failures = [
        failure
        for failure in IndexingFailure.objects.order_by("-last_failed_at")
        if reach.may_explore(failure.page_id)
    ][:ROW_LIMIT]
    documents = get_document_model()
    unreadable = list(
        documents.objects.filter(
            text_extraction__in=["encrypted", "empty", "failed"],
            collection_id__in=reach.collection_ids(documents),
        ).order_by("-created_at")[:ROW_LIMIT]
    )
    return SearchReport(
        days=days, popular=popular, without=without, failures=failures, unreadable=unreadable
    )
