"""Every editor's save is one transaction; one the database refuses keeps the editor's input.

Wagtail's editors write in many steps: publishing a page saves the page, a revision, log entries,
the search document, each on its own (Wagtail 8 wraps only some of them in a transaction). When
one step failed, for instance with SQLite's "database is locked" after the busy timeout
(``cms.runtime.env.SQLITE_BUSY_TIMEOUT``), the editor got a 500 page, lost what they had typed, and the
content was left half-saved.

:class:`AdminTransactionMiddleware` runs every POST to the admin in one ``transaction.atomic()``
(what Django's ``ATOMIC_REQUESTS`` does, for the admin only): all of it is saved or nothing. On
SQLite the transaction is ``BEGIN IMMEDIATE`` (see ``cms.runtime.env.sqlite_options``), so it queues for
the write lock at its start instead of failing half-way. When the database still refuses
(:class:`~django.db.DatabaseError`: locked or busy past the timeout, a lock or deadlock on
PostgreSQL, a constraint), the editor gets a German page that says what happened and carries every
submitted field in a form: one click sends exactly the same input again (files must be chosen
again, browsers cannot prefill them; passwords are typed again, never repeated). Requests that
expect JSON (Wagtail's autosave and other ``fetch`` calls; the editor stays open) get Wagtail's
JSON error shape instead.

Wagtail's editor itself cannot be shown again with the input in this case: rendering it records
an editing session, a write that would wait for the same lock.
"""

from __future__ import annotations

import logging
from inspect import iscoroutinefunction

from django.db import DatabaseError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: SQLSTATEs of PostgreSQL errors that mean "try again": lock_not_available, query_canceled
#: (statement or lock timeout), deadlock_detected, serialization_failure.
RETRYABLE_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})
#: SQLSTATEs of a PostgreSQL server going away or not yet back: admin_shutdown, crash_shutdown,
#: cannot_connect_now (class 08, connection exceptions, counts too).
UNREACHABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
#: Seconds suggested to clients before they send a refused request again.
RETRY_AFTER = 5


def is_busy(exc: DatabaseError) -> bool:
    """Whether the database refused because another writer held it, or was out of reach for a
    moment (a restart, a failover): sending again may work."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    if "locked" in text or "busy" in text:  # SQLite: database/table/schema is locked, busy
        return True
    return is_unreachable(exc) or getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def is_unreachable(exc: DatabaseError) -> bool:
    """Whether the connection to the database was lost or could not be made (PostgreSQL
    SQLSTATE class 08, :data:`UNREACHABLE_SQLSTATES`; psycopg's connection failures carry none)."""
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None) or ""
    if sqlstate.startswith("08") or sqlstate in UNREACHABLE_SQLSTATES:
        return True
    text = str(exc).lower()
    return not sqlstate and ("connection" in text or "server closed" in text)


def is_secret(field_name: str) -> bool:
    """Fields whose values the answer must not repeat (Django's password field names)."""
    return "password" in field_name.lower()


class AdminTransactionMiddleware:
    """One transaction per admin POST; a refused one answers with the input kept (see module).

    Must be the last entry of ``MIDDLEWARE``: it calls the view itself from ``process_view``,
    which skips the ``process_view`` of every middleware after it (CSRF checks come before).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self._prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    @property
    def prefix(self) -> str:
        """The admin's URL prefix (``/admin/``), resolved on first use."""
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        return self._prefix

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Run an admin POST's (synchronous) view inside ``transaction.atomic()``; a
        ``DatabaseError`` answers with :func:`refused` instead of a 500. Other requests: ``None``
        (Django goes on).
        """
        if (
            request.method != "POST"
            or not request.path.startswith(self.prefix)
            or iscoroutinefunction(view_func)
        ):
            return None
        try:
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        except DatabaseError as exc:
            return refused(request, exc)


def refused(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    """The answer to an editor's request the database refused: German, with the input kept."""
    busy = is_busy(exc)
    if busy and is_unreachable(exc):
        logger.warning(
            "Database unreachable, editor's request refused: %s %s: %s",
            request.method,
            request.path,
            exc,
        )
        status, code = 503, "database_unavailable"
        message = _("Die Datenbank war kurz nicht erreichbar. Es wurde nichts gespeichert.")
    elif busy:
        logger.warning(
            "Database busy, editor's request refused: %s %s: %s", request.method, request.path, exc
        )
        status, code = 503, "database_busy"
        message = _(
            "Die Datenbank war zu lange mit einer anderen Änderung beschäftigt. "
            "Es wurde nichts gespeichert."
        )
    else:
        logger.error(
            "Database refused an editor's request: %s %s",
            request.method,
            request.path,
            exc_info=exc,
        )
        status, code = 500, "database_error"
        message = _(
            "Die Datenbank hat die Änderung abgelehnt. Es wurde nichts gespeichert; "
            "der Fehler wurde für die Administration protokolliert."
        )
    if not request.accepts("text/html"):
        response: HttpResponse = JsonResponse(
            {"success": False, "error_code": code, "error_message": message}, status=status
        )
    else:
        # Passwords are never written back into a page; the editor types them again.
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if not is_secret(name)
            for value in values
        ]
        secrets = [name for name in request.POST if is_secret(name)]
        files = [(name, f.name) for name, uploads in request.FILES.lists() for f in uploads]
        context = {
            "message": message,
            "busy": busy,
            "action": request.get_full_path(),
            "fields": fields,
            "files": files,
            "secrets": secrets,
            "title": request.POST.get("title", ""),
        }
        try:
            response = render(request, "cms_admin/database_refused.html", context, status=status)
        except DatabaseError:
            # The admin's frame reads the editor's account and preferences: with the database
            # out of reach, the same answer on a page that reads nothing from it.
            response = render(
                request, "cms_admin/database_refused_plain.html", context, status=status
            )
    if busy:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
