"""Signed webhooks: every change of the feed, sent to the configured endpoints by a worker.

After the `Standard Webhooks <https://www.standardwebhooks.com/>`_ specification, signed with its
library (``standardwebhooks``): each message is a POST with a JSON body and the headers
``webhook-id`` (``msg_…``, the same on every retry), ``webhook-timestamp`` (Unix seconds of the
attempt) and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` keyed
with the endpoint's ``whsec_`` secret). The body::

    {"type": "page.publish", "timestamp": "2026-11-30T07:50:00.123456Z",
     "data": {"object_type": "page", "id": 12, "locale": "en", "action": "publish", "seq": 345,
              "translation_key": "…", "subtree": false, "urls": ["/api/v1/pages/12/", …]}}

**Message types** (after Contentful's topics ``Entry.publish``/``Entry.unpublish``/
``Entry.delete``): ``<object_type>.<action>``, where ``object_type`` is the feed's (``page``,
``image``, ``document``, a snippet type's ``api_name`` such as ``venue``, ``collection``,
``locale``, ``site``, ``frontend``, ``redirect``, ``group``, ``translation``) and ``action`` is

- ``publish``: created or changed, visible in the API now (for pages: live);
- ``unpublish``: pages only, the page is no longer live;
- ``delete``: deleted.

A page saved as a draft that was never published sends nothing. Changes of one object that
follow each other before its message was first tried are one message (a publish records several
feed events; ``seq`` is the latest, ``urls`` their union). An endpoint subscribes to
patterns (``page.*``, ``*.delete``, exact types; none: all) and to locales (none: all; objects
without a locale always match).

**Flow.** :func:`deliver` is the feed consumer ``webhooks``: after the commit of a change it
writes one :class:`~cms.delivery.models.WebhookDelivery` per matching endpoint and enqueues
:func:`send_webhook` to run ``CMS_WEBHOOK_DELAY`` (1 s) later, on the task backend
``webhooks`` (``TASKS["webhooks"]``, by default django-tasks-db's database queue), then
returns: publishing never waits on a receiver. The worker (``manage.py db_worker --backend
webhooks``; ``make run`` runs one inside the server) sends.

**Retries.** A non-2xx answer, a timeout or a refused connection is a failed attempt; the next
follows after ``CMS_WEBHOOK_RETRY_DELAYS[n]`` seconds (default 5 s, 5 min, 30 min, 2 h, 5 h,
10 h: Standard Webhooks' recommended schedule) times a random factor of 0.8–1.2 (jitter), through
the task's ``run_after``. After the last retry the message has *failed* and its endpoint is
paused; so it is after ``CMS_WEBHOOK_PAUSE_AFTER`` failed attempts in a row (any messages). A
paused endpoint gets no attempts (its messages wait), its owner gets an email, the admin shows it;
"Fortsetzen" resumes it and sends what waited.
"""

from __future__ import annotations

import base64
import datetime
import fnmatch
import json
import logging
import random
import secrets
import time
import uuid
from functools import partial

import requests
from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from standardwebhooks.webhooks import Webhook

from cms.delivery import consumers
from cms.delivery.models import ChangeEvent, WebhookDelivery, WebhookEndpoint
from cms.runtime.metrics import WEBHOOK_FAILURES

logger = logging.getLogger(__name__)

__all__ = [
    "PUBLISH",
    "UNPUBLISH",
    "DELETE",
    "deliver",
    "event_choices",
    "fan_out",
    "event_type",
    "matches",
    "new_message_id",
    "new_secret",
    "pause",
    "payload",
    "resend",
    "resume",
    "send_webhook",
    "sign_headers",
]

PUBLISH, UNPUBLISH, DELETE = "publish", "unpublish", "delete"
USER_AGENT = "Nordthueringen-CMS-Webhooks/1 (Standard Webhooks)"

#: The feed's object types that are not snippets, with their German labels (plural).
OBJECT_TYPES = {
    "page": _("Seiten"),
    "image": _("Bilder"),
    "document": _("Dokumente"),
    "collection": _("Sammlungen"),
    "locale": _("Sprachen"),
    "site": _("Websites"),
    "frontend": _("Frontends"),
    "redirect": _("Weiterleitungen"),
    "group": _("Gruppen"),
    "translation": _("Übersetzungsstand"),
}
ACTION_LABELS = {
    PUBLISH: _("veröffentlicht oder geändert"),
    UNPUBLISH: _("nicht mehr veröffentlicht"),
    DELETE: _("gelöscht"),
}


def new_secret() -> str:
    """A fresh endpoint secret in Standard Webhooks' format: ``whsec_`` and the base64 of 32
    random bytes (256 bits, the HMAC-SHA256 key)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def new_message_id() -> str:
    """A message id (``webhook-id``): ``msg_`` and 32 hex digits, unique per message."""
    return f"msg_{uuid.uuid4().hex}"


def event_choices() -> list[tuple[str, str]]:
    """The message types an endpoint can subscribe to, as ``(type, German label)`` choices:
    ``page.publish``, ``page.unpublish``, ``page.delete``, then ``<type>.publish`` and
    ``<type>.delete`` for media, every snippet type of the registry and the other feed kinds."""
    from cms.plugin.registry import registry

    types: dict[str, str] = dict(list(OBJECT_TYPES.items())[:3])
    for ct in registry.content_types("snippet"):
        types[ct.api_name] = str(ct.get_model()._meta.verbose_name_plural)
    types.update(list(OBJECT_TYPES.items())[3:])
    choices = []
    for name, label in types.items():
        actions = (PUBLISH, UNPUBLISH, DELETE) if name == "page" else (PUBLISH, DELETE)
        for action in actions:
            choices.append((f"{name}.{action}", f"{label}: {ACTION_LABELS[action]}"))
    return choices


def event_type(event: ChangeEvent) -> str | None:
    """The message type of a feed event (module docstring), judged now (after its commit);
    ``None`` for a change no receiver needs: a never-published page's draft, or a page saved
    and deleted in one transaction (its delete event follows)."""
    if event.action == ChangeEvent.DELETE:
        return f"{event.object_type}.{DELETE}"
    if event.object_type == "page" and event.object_id is not None:
        from wagtail.models import Page

        state = Page.objects.filter(pk=event.object_id).values("live", "last_published_at").first()
        if state is None or (not state["live"] and state["last_published_at"] is None):
            return None
        return f"page.{PUBLISH if state['live'] else UNPUBLISH}"
    return f"{event.object_type}.{PUBLISH}"


def payload(event: ChangeEvent, type_: str) -> dict:
    """The JSON body of the message for ``event`` (module docstring): ``type``, ``timestamp``
    (the change's time, ISO 8601 UTC) and ``data``."""
    created = event.created_at or timezone.now()
    return {
        "type": type_,
        "timestamp": created.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            "object_type": event.object_type,
            "id": event.object_id,
            "locale": event.locale or None,
            "action": type_.rsplit(".", 1)[1],
            "seq": event.seq,
            "translation_key": str(event.translation_key) if event.translation_key else None,
            "subtree": event.subtree,
            "urls": list(event.urls or []),
        },
    }


def matches(endpoint: WebhookEndpoint, type_: str, locale: str) -> bool:
    """Whether ``endpoint`` subscribes to messages of ``type_`` in ``locale``: its ``events``
    patterns (``fnmatch``: ``page.*``, ``*.delete``; none: all) and ``locales`` (none: all; an
    object without a locale matches every endpoint)."""
    if endpoint.events and not any(fnmatch.fnmatchcase(type_, p) for p in endpoint.events):
        return False
    return not (locale and endpoint.locales and locale not in endpoint.locales)


def deliver(event: ChangeEvent) -> None:
    """Feed consumer ``webhooks``: a message (:class:`WebhookDelivery`) per active endpoint that
    subscribes to the event, merged into a waiting one where :func:`_merge_into` allows, and one
    task for the new ones (enqueued after the rows commit; for a paused endpoint not until
    :func:`resume`). Sends nothing itself. One query when no endpoint is configured; about five
    per event whatever the number of endpoints (``bench/delivery/publish_webhooks.py``)."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    if not endpoints:
        return
    type_ = event_type(event)
    if type_ is None:
        return
    subscribed = [e for e in endpoints if matches(e, type_, event.locale)]
    if not subscribed:
        return
    body = payload(event, type_)
    key = f"{event.object_type}:{event.object_id or event.translation_key or ''}:{event.locale}"
    with transaction.atomic():
        merged = _merge_into(subscribed, key, type_, event, body)
        fresh = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                endpoint=endpoint,
                seq=event.seq,
                object_key=key,
                message_id=new_message_id(),
                event_type=type_,
                payload=body,
            )
            for endpoint in subscribed
            if endpoint.pk not in merged
        )
        ready = [d.pk for d in fresh if not d.endpoint.is_paused]
        if ready:
            transaction.on_commit(partial(_enqueue_first, ready))


def _enqueue_first(delivery_ids: list[int]) -> None:
    """The first attempt of new messages, ``CMS_WEBHOOK_DELAY`` seconds from now: the other
    events of the same change (a publish records several) are merged into them meanwhile. One
    message: its task; more: one :func:`fan_out` task (one row in the request, whatever the
    number of endpoints)."""
    delay = getattr(settings, "CMS_WEBHOOK_DELAY", 1.0)
    when = timezone.now() + datetime.timedelta(seconds=delay) if delay > 0 else None
    if len(delivery_ids) == 1:
        _enqueue(delivery_ids[0], 1, run_after=when)
    else:
        (fan_out.using(run_after=when) if when else fan_out).enqueue(delivery_ids)


#: How many of an object's latest messages (over all endpoints) :func:`_merge_into` looks at.
MERGE_WINDOW = 100


def _merge_into(
    endpoints: list[WebhookEndpoint], key: str, type_: str, event: ChangeEvent, body: dict
) -> set[int]:
    """Fold the event into each endpoint's latest message about the same object if that has
    the same type and has not been tried yet (a publish records several events; a busy worker
    falls behind): its ``seq`` becomes the event's, ``urls`` and ``subtree`` the union. Only
    the latest: a publish after an unpublish stays a message after the unpublish's. The update
    is conditional on ``attempts=0`` (the worker's claim, :func:`send_webhook`): a message being
    sent is never changed. Returns the ids of the endpoints whose message took the event."""
    ids = {e.pk for e in endpoints}
    latest: dict[int, WebhookDelivery] = {}
    recent = WebhookDelivery.objects.filter(endpoint_id__in=ids, object_key=key).order_by("-pk")
    for delivery in recent[:MERGE_WINDOW]:
        latest.setdefault(delivery.endpoint_id, delivery)
    groups: dict[str, tuple[dict, list[int]]] = {}
    for delivery in latest.values():
        if (delivery.status, delivery.attempts, delivery.event_type) != (
            WebhookDelivery.PENDING,
            0,
            type_,
        ):
            continue
        merged = dict(body, data=dict(body["data"]))
        before = delivery.payload.get("data", {})
        merged["data"]["subtree"] = bool(before.get("subtree")) or event.subtree
        merged["data"]["urls"] = list(
            dict.fromkeys([*before.get("urls", []), *body["data"]["urls"]])
        )
        group = groups.setdefault(json.dumps(merged, sort_keys=True), (merged, []))
        group[1].append(delivery.pk)
    taken: set[int] = set()
    for merged, pks in groups.values():
        WebhookDelivery.objects.filter(pk__in=pks, attempts=0).update(payload=merged, seq=event.seq)
        taken.update(
            WebhookDelivery.objects.filter(pk__in=pks, seq=event.seq).values_list(
                "endpoint_id", flat=True
            )
        )
    return taken


@task(backend="webhooks")
def fan_out(delivery_ids: list[int]) -> int:
    """Worker task: enqueue the first attempt of each delivery (one task row per message is
    written by the worker, not by the editor's request). Returns how many."""
    for delivery_id in delivery_ids:
        _enqueue(delivery_id, 1)
    return len(delivery_ids)


def _enqueue(
    delivery_id: int,
    attempt: int,
    retry: int = 0,
    *,
    force: bool = False,
    run_after: datetime.datetime | None = None,
) -> None:
    job = send_webhook.using(run_after=run_after) if run_after else send_webhook
    job.enqueue(delivery_id, attempt, retry, force)


def sign_headers(secret: str, message_id: str, body: str, at: datetime.datetime) -> dict:
    """The Standard Webhooks headers for ``body`` sent at ``at`` (an aware datetime), signed with
    ``secret`` (``whsec_…``) by the ``standardwebhooks`` library."""
    at = at.astimezone(datetime.UTC)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


@task(backend="webhooks")
def send_webhook(delivery_id: int, attempt: int, retry: int = 0, force: bool = False) -> str:
    """Worker task: attempt number ``attempt`` of a delivery, the ``retry``-th retry of its
    schedule (0: the first try, or a resend). Returns the delivery's status afterwards, or
    ``"skipped"``/``"held"``.

    Claims the attempt first (``attempts`` goes from ``attempt - 1`` to ``attempt`` in one
    ``UPDATE``), so a second task for the same attempt (two workers, or "Fortsetzen" while a
    retry was scheduled) does nothing. An inactive or paused endpoint holds its messages
    (``"held"``: sent again by :func:`resume`), unless ``force`` ("Erneut senden"). The request:
    POST, JSON, Standard Webhooks headers, ``CMS_WEBHOOK_TIMEOUT`` seconds, no redirects
    followed; 2xx succeeds. A database too busy to claim the attempt defers it by a second
    (``"deferred"``).
    """
    try:
        delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
        if delivery is None or delivery.status == WebhookDelivery.SUCCEEDED:
            return "skipped"
        endpoint = delivery.endpoint
        if not endpoint.active or (endpoint.is_paused and not force):
            return "held"
        claimed = WebhookDelivery.objects.filter(pk=delivery_id, attempts=attempt - 1).update(
            attempts=attempt
        )
    except OperationalError:  # e.g. SQLite busy beyond its timeout: nothing sent, try again
        logger.warning("Webhook delivery %s deferred: database busy", delivery_id, exc_info=True)
        when = timezone.now() + datetime.timedelta(seconds=1)
        _enqueue(delivery_id, attempt, retry, force=force, run_after=when)
        return "deferred"
    if not claimed:
        return "skipped"
    delivery.refresh_from_db(fields=["payload"])  # as merged up to the claim (see _merge)
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        **sign_headers(endpoint.secret, delivery.message_id, body, timezone.now()),
    }
    started = time.monotonic()
    code: int | None = None
    try:
        response = requests.post(
            endpoint.url,
            data=body.encode("utf-8"),
            headers=headers,
            timeout=settings.CMS_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
        code = response.status_code
        error = "" if 200 <= code < 300 else f"HTTP {code}: {response.text[:500]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    duration = round((time.monotonic() - started) * 1000)
    return _record_attempt(delivery, attempt, retry, code, duration, error)


def _record_attempt(
    delivery: WebhookDelivery, attempt: int, retry: int, code: int | None, duration: int, error: str
) -> str:
    endpoint = delivery.endpoint
    fields = {"response_code": code, "duration_ms": duration, "last_error": error}
    if not error:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.SUCCEEDED, next_attempt_at=None, **fields
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return WebhookDelivery.SUCCEEDED
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    failures = WebhookEndpoint.objects.values_list("consecutive_failures", flat=True).get(
        pk=endpoint.pk
    )
    delays = settings.CMS_WEBHOOK_RETRY_DELAYS
    if retry < len(delays):
        delay = delays[retry] * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto
        when = timezone.now() + datetime.timedelta(seconds=delay)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.RETRYING, next_attempt_at=when, **fields
        )
        status = WebhookDelivery.RETRYING
        _enqueue(delivery.pk, attempt + 1, retry + 1, run_after=when)
        WEBHOOK_FAILURES.labels(outcome="retrying").inc()
    else:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.FAILED, next_attempt_at=None, **fields
        )
        status = WebhookDelivery.FAILED
        WEBHOOK_FAILURES.labels(outcome="failed").inc()
        pause(
            endpoint,
            _("Nachricht %(id)s nach %(attempts)d Versuchen nicht zugestellt: %(error)s")
            % {"id": delivery.message_id, "attempts": retry + 1, "error": error[:120]},
        )
    if failures >= settings.CMS_WEBHOOK_PAUSE_AFTER:
        pause(endpoint, _("%(count)d Fehlschläge in Folge") % {"count": failures})
    return status


def pause(endpoint: WebhookEndpoint, reason: str) -> bool:
    """Pause ``endpoint`` (no more attempts until :func:`resume`) and tell its owner by email.
    Returns ``False`` if it was paused already (then nobody is told again)."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(reason)[:255]
    paused = WebhookEndpoint.objects.filter(pk=endpoint.pk, paused_at__isnull=True).update(
        paused_at=timezone.now(), pause_reason=reason
    )
    if paused:
        logger.warning("Webhook endpoint %s paused: %s", endpoint.url, reason)
        endpoint.refresh_from_db()
        _notify_owner(endpoint)
    return bool(paused)


def _notify_owner(endpoint: WebhookEndpoint) -> None:
    """Email the endpoint's owner (in their admin language, German by default) that it paused."""
    from django.core.mail import send_mail

    owner = endpoint.owner
    if owner is None or not owner.email:
        return
    profile = getattr(owner, "wagtail_userprofile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Webhook pausiert: %(name)s") % {"name": endpoint}
        message = _(
            "Der Webhook „%(name)s“ (%(url)s) wurde pausiert: %(reason)s\n\n"
            "Bis er fortgesetzt wird, werden ihm keine Nachrichten zugestellt; sie warten. "
            "Prüfen Sie den Empfänger und setzen Sie den Webhook in der Verwaltung unter "
            "Einstellungen → Webhooks fort („Fortsetzen“)."
        ) % {"name": endpoint, "url": endpoint.url, "reason": endpoint.pause_reason}
    try:
        send_mail(str(subject), str(message), None, [owner.email])
    except Exception:  # noqa: BLE001 - a mail outage must not stop the worker
        logger.exception("Could not email the owner of webhook endpoint %s", endpoint.pk)


def resume(endpoint: WebhookEndpoint) -> int:
    """Un-pause ``endpoint``, reset its failure count and send its waiting messages (pending or
    retrying) again. Returns how many were enqueued."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        paused_at=None, pause_reason="", consecutive_failures=0
    )
    endpoint.refresh_from_db()
    waiting = list(
        WebhookDelivery.objects.filter(
            endpoint=endpoint, status__in=[WebhookDelivery.PENDING, WebhookDelivery.RETRYING]
        )
        .order_by("pk")
        .values_list("pk", "attempts")
    )
    for pk, attempts in waiting:
        transaction.on_commit(partial(_enqueue, pk, attempts + 1))
    return len(waiting)


def resend(delivery: WebhookDelivery) -> None:
    """The action "Erneut senden": one more attempt of ``delivery`` with the same message id (a
    receiver that already has it may drop it), whatever its status and even to a paused endpoint
    (which stays paused); if it fails, retries follow as for a new message."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.PENDING, next_attempt_at=None
    )
    delivery.refresh_from_db()
    transaction.on_commit(partial(_enqueue, delivery.pk, delivery.attempts + 1, force=True))


consumers.register("webhooks", deliver)
