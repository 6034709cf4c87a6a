"""The change feed's tables: one row per change the API serves, numbered in commit order.

They live in the ``cms`` app (imported by :mod:`cms.models`); migrations are ``cms`` migrations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeSequence(models.Model):
    """The one counter row (``pk=1``) that numbers the feed.

    :func:`cms.delivery.feed.record` increments it with an ``UPDATE`` in the transaction of the
    change; the row lock that update takes is held until that transaction ends, so a second
    writing transaction waits for the first to commit (or roll back) before it gets its number.
    Numbers are therefore handed out in commit order: when a reader sees number *n* committed,
    every lower number is committed too (or was never used). See ``docs/delivery.md``.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Änderungszähler")
        verbose_name_plural = _("Änderungszähler")

    def __str__(self) -> str:
        return f"sequence {self.value}"


class ChangeEvent(models.Model):
    """One change to something the API serves, written in the transaction of the change.

    - ``seq``: position in the feed (commit order, see :class:`ChangeSequence`);
    - ``object_type``: ``page``, ``image``, ``document``, a snippet type's ``api_name``, or one of
      ``collection``, ``locale``, ``site``, ``frontend``, ``redirect``, ``group`` (things that
      change how others are shown);
    - ``object_id``: the object's primary key (``None`` when the change names a translation group
      only, e.g. wagtail-localize's sync state);
    - ``locale``: the object's locale code (empty for objects without one);
    - ``translation_key``: the object's translation group, when it has one;
    - ``action``: ``upsert`` (created or changed) or ``delete``;
    - ``subtree``: the change reaches the object's descendants too (a move, a new slug, a view
      restriction added or lifted);
    - ``urls``: the API URLs it affects (paths below ``/api/v1/``, the old ones of a moved or
      renamed page included), for front-end cache purges.
    """

    UPSERT = "upsert"
    DELETE = "delete"

    seq = models.BigIntegerField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    object_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField(null=True, blank=True)
    locale = models.CharField(max_length=20, blank=True)
    translation_key = models.UUIDField(null=True, blank=True)
    action = models.CharField(
        max_length=10, choices=[(UPSERT, "upsert"), (DELETE, "delete")], default=UPSERT
    )
    subtree = models.BooleanField(default=False)
    urls = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")
        ordering = ("seq",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id} {self.locale}"

    def later_events(self) -> models.QuerySet:
        """The events recorded after this one for the same object (``object_type`` and
        ``object_id``) that reach at least as far (a subtree too if this one does): a consumer
        whose work each of them repeats may skip this one (search indexing, the cache purge)."""
        later = ChangeEvent.objects.filter(
            seq__gt=self.seq, object_type=self.object_type, object_id=self.object_id
        )
        return later.filter(subtree=True) if self.subtree else later


class WebhookEndpoint(models.Model):
    """A receiver of signed webhooks (Standard Webhooks), configured in the admin
    (Einstellungen → Webhooks, permission ``cms.manage_webhooks``).

    - ``events``: message types it receives (``page.publish``, ``image.*``, ``*.delete``; see
      :mod:`cms.delivery.webhooks`); empty: all;
    - ``locales``: language codes (``de``, ``en``); empty: all. Objects without a locale (images,
      documents, sites) reach every endpoint;
    - ``secret``: ``whsec_`` and base64 of 32 random bytes (Standard Webhooks' format), shown in
      the admin for copying;
    - ``active``: switched by editors; ``paused_at``/``pause_reason``: set by the system when the
      endpoint keeps failing (``consecutive_failures``), cleared by "Fortsetzen". Only active and
      unpaused endpoints get messages.
    """

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("Beschreibung"), max_length=255, blank=True)
    events = models.JSONField(
        _("Ereignisse"),
        default=list,
        blank=True,
        help_text=_("Leer: alle Ereignisse."),
    )
    locales = models.JSONField(
        _("Sprachen"),
        default=list,
        blank=True,
        help_text=_(
            "Leer: alle Sprachen. Bilder und Dokumente haben keine Sprache und gehen immer."
        ),
    )
    secret = models.CharField(_("Geheimnis"), max_length=100, editable=False)
    active = models.BooleanField(_("aktiv"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verantwortlich"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wird per E-Mail benachrichtigt, wenn der Endpunkt pausiert wird."),
    )
    paused_at = models.DateTimeField(_("pausiert seit"), null=True, blank=True, editable=False)
    pause_reason = models.CharField(
        _("Grund der Pause"), max_length=255, blank=True, editable=False
    )
    consecutive_failures = models.PositiveIntegerField(
        _("Fehlschläge in Folge"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook")
        verbose_name_plural = _("Webhooks")
        ordering = ("url", "pk")
        permissions = [("manage_webhooks", _("Webhooks verwalten"))]

    def __str__(self) -> str:
        return self.description or self.url

    @property
    def is_paused(self) -> bool:
        """Paused by the system after failures (see :mod:`cms.delivery.webhooks`)."""
        return self.paused_at is not None


class WebhookDelivery(models.Model):
    """One message to one endpoint, and its attempts (the endpoint's delivery log).

    ``message_id`` (``msg_…``) is the Standard Webhooks ``webhook-id``: the same for every attempt
    and for "Erneut senden", so a receiver can drop duplicates. ``payload`` is the JSON body
    sent; ``status`` one of ``pending``, ``retrying``, ``succeeded``, ``failed`` (all retries
    spent); ``duration_ms`` and ``response_code`` are those of the last attempt
    (``response_code`` ``None``: no answer, e.g. connection refused or a timeout).
    ``object_key`` (``type:id:locale``) finds a waiting message about the same object to merge
    into (:mod:`cms.delivery.webhooks`); ``seq`` is the latest feed event it carries.
    """

    PENDING = "pending"
    RETRYING = "retrying"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    STATUSES = [
        (PENDING, _("wartet")),
        (RETRYING, _("wird wiederholt")),
        (SUCCEEDED, _("zugestellt")),
        (FAILED, _("fehlgeschlagen")),
    ]

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("Webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    seq = models.BigIntegerField(_("Änderung Nr."), null=True, blank=True)
    object_key = models.CharField(_("Objekt"), max_length=120, blank=True, editable=False)
    message_id = models.CharField(_("Nachrichten-ID"), max_length=64, unique=True)
    event_type = models.CharField(_("Ereignis"), max_length=80)
    payload = models.JSONField(_("Inhalt"))
    status = models.CharField(_("Status"), max_length=12, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    response_code = models.PositiveIntegerField(_("Antwortcode"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("Dauer (ms)"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")
        ordering = ("-pk",)
        indexes = [models.Index(fields=["endpoint", "status", "object_key"])]

    def __str__(self) -> str:
        return f"{self.message_id} {self.event_type} → {self.endpoint_id} ({self.status})"
