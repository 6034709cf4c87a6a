"""The change feed's tables: one row per change the API serves, numbered in commit order.

They live in the ``cms`` app (imported by :mod:`cms.models`); migrations are ``cms`` migrations.
"""

from __future__ import annotations

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
