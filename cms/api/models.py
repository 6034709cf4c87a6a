"""Models of the headless API: the configured front ends, scoped read tokens, the cache generation.

They live in the ``cms`` app (imported by :mod:`cms.models`); migrations are ``cms`` migrations.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_preview_url(value: str) -> None:
    """A preview address must contain the ``{token}`` placeholder exactly once (German message,
    ``ValidationError``)."""
    from django.core.exceptions import ValidationError

    if value and value.count("{token}") != 1:
        raise ValidationError(_("Die Vorschau-Adresse muss genau einmal {token} enthalten."))


class FrontEnd(models.Model):
    """A client of the API (the website, the mobile app) and how links are built for it.

    A request names its front end with the ``X-Frontend`` header or the ``frontend`` query
    parameter (its ``name``); without one the default front end answers. Page ``url`` values in
    responses are ``base_url`` + locale + page path, e.g. ``https://www.example.org/de/projekte/x/``
    or, for the app, ``nordthueringen://de/projekte/x/``. ``allowed_origin`` is added to CORS.
    """

    name = models.SlugField(
        _("Kennung"),
        max_length=50,
        unique=True,
        help_text=_("Kurzer Name, mit dem sich die Anwendung meldet, z. B. „website“ oder „app“."),
    )
    title = models.CharField(_("Bezeichnung"), max_length=100, blank=True)
    base_url = models.CharField(
        _("Basisadresse"),
        max_length=255,
        help_text=_(
            "Adresse, vor die Seitenpfade gesetzt werden, z. B. https://www.example.org "
            "oder nordthueringen:// für die App."
        ),
    )
    allowed_origin = models.CharField(
        _("Erlaubter Ursprung (CORS)"),
        max_length=255,
        blank=True,
        help_text=_("z. B. https://www.example.org; leer für Apps ohne Browser."),
    )
    preview_url = models.CharField(
        _("Vorschau-Adresse"),
        max_length=500,
        blank=True,
        validators=[validate_preview_url],
        help_text=_(
            "Adresse, unter der dieses Frontend den Entwurf einer Seite zeigt, mit {token} als "
            "Platzhalter, z. B. https://www.example.org/api/preview?token={token} oder "
            "nordthueringen://preview?token={token}. Leer: keine Vorschau in diesem Frontend."
        ),
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    is_default = models.BooleanField(_("Standard"), default=False)

    class Meta:
        verbose_name = _("Frontend")
        verbose_name_plural = _("Frontends")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.title or self.name

    def set_token(self, token: str | None) -> None:
        """Require ``token`` (a bearer token) from this front end; ``None`` makes it public.

        Only the digest is stored. Set in the admin (Einstellungen → Frontends → Token verwalten,
        :mod:`cms.admin.frontends`); requests naming a front end with a token must send it as
        ``Authorization: Bearer <token>`` (:func:`cms.api.http.build_context`).
        """
        self.token_hash = hash_token(token) if token else ""

    @property
    def requires_token(self) -> bool:
        """Whether requests naming this front end must carry its token."""
        return bool(self.token_hash)

    @property
    def opens_in_browser(self) -> bool:
        """Whether its previews open in a web page (``http(s)://``) rather than an app's deep link."""
        return self.preview_url.startswith(("http://", "https://"))

    def preview_link(self, token: str) -> str:
        """``preview_url`` with ``token`` (URL-quoted) in place of ``{token}``."""
        from urllib.parse import quote

        return self.preview_url.replace("{token}", quote(token, safe=""))

    def page_url(self, locale: str, path: str) -> str:
        """This front end's URL of the page at ``path`` within ``locale`` (see
        :func:`cms.content.page_urls.public_url`, where every page URL is computed)."""
        from cms.content.page_urls import public_url

        return public_url(locale, path, self)


def hash_token(token: str) -> str:
    """The hex SHA-256 digest (64 characters) of a bearer token: what is stored and compared, never
    the token itself.
    """
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A project-scoped bearer token: read access beyond the public, without a user account.

    Scopes: ``drafts`` (latest revisions, unpublished pages) and ``private`` (pages with view
    restrictions, documents and images in private collections). Only a digest is stored.
    """

    name = models.CharField(_("Name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    can_read_drafts = models.BooleanField(_("Entwürfe lesen"), default=False)
    can_read_private = models.BooleanField(_("Geschützte Inhalte lesen"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def create_with_key(cls, name: str, **scopes) -> tuple[ApiToken, str]:
        """Create a token; returns it with its plaintext key (shown once, never stored)."""
        key = "nt_" + secrets.token_urlsafe(32)
        return cls.objects.create(name=name, key_hash=hash_token(key), **scopes), key


class ContentGeneration(models.Model):
    """One row naming the current state of the content; part of every API cache key.

    Publishing, unpublishing, moving or deleting anything the API serves gives it a fresh random
    value (see :mod:`cms.runtime.signals`), which invalidates every cached response at once, in every
    worker process, whatever the cache backend: the value lives in the database, the responses
    in the cache. Random rather than counted, so that restoring a database backup brings back
    the backup's value, under which only responses of the backup's content were cached, and
    later changes never reuse a value that named other content (a counter would count up to
    values already used for newer content and serve their stale responses).
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"generation {self.value}"

    @classmethod
    def current(cls) -> int:
        """The current generation value (``0`` before the first change), one raw SQL query."""
        # Raw SQL: this runs on every API request, cached or not; the ORM would triple its cost.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def bump(cls) -> None:
        """Give the generation a fresh random positive 62-bit value (creating the row if
        missing), invalidating every cached API response. The receivers of :mod:`cms.runtime.signals`
        call it synchronously, so it commits or rolls back with the change."""
        value = secrets.randbits(62) + 1  # positive, fits a BigIntegerField, never 0 (no row)
        if not cls.objects.filter(pk=1).update(value=value):
            cls.objects.update_or_create(pk=1, defaults={"value": value})


class PreviewSnapshot(models.Model):
    """A page's draft as an editor previews it (unsaved form state included), for a front end.

    Wagtail's preview panel posts the form; :func:`cms.api.preview.create` stores the page's
    ``to_json()`` here and hands the front end a signed, short-lived token naming this row
    (``GET /api/v1/preview/?token=…``). Rows outlive their token only briefly: creating one
    deletes those older than the environment's ``PREVIEW_SECONDS``.
    """

    id = models.UUIDField(primary_key=True)
    page_id = models.IntegerField(null=True, blank=True)  # None while the page is being created
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    content_json = models.TextField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True)
    frontend = models.ForeignKey(FrontEnd, on_delete=models.CASCADE, null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Vorschau")
        verbose_name_plural = _("Vorschauen")

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.page_id or '(neu)'} · {self.created_at:%Y-%m-%d %H:%M}"
