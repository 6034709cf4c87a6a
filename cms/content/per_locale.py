"""A base for site-wide snippets with one instance per language (navigation, footer, settings).

Part of the core so that any plugin can declare such a snippet without importing another plugin.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, TranslatableMixin

from cms.content.safe_urls import SafeUrlsMixin

__all__ = ["OnePerLocale"]


class OnePerLocale(SafeUrlsMixin, TranslatableMixin, models.Model):
    """Abstract: a site-wide snippet with exactly one instance per language (its links follow
    the URL rule of :mod:`cms.content.safe_urls`).

    ``clean()`` refuses a second instance for a locale (a German ``ValidationError``, shown in
    the admin form); :meth:`for_locale` reads the instance of a language.
    """

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def __str__(self) -> str:
        """The type's name ("Navigation"): one per language, so the name says which object. The
        language is not repeated here: Wagtail shows it beside the name wherever it matters
        (listings, the translations report: "Navigation (Deutsch)")."""
        return str(self._meta.verbose_name)

    def clean(self) -> None:
        """Django's model validation, plus: a second instance in the same locale raises
        ``ValidationError`` (German, non-field) instead of failing on the database constraint.
        """
        super().clean()
        others = type(self)._default_manager.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and others.exists():
            raise ValidationError(
                _("Für diese Sprache gibt es bereits einen Eintrag; bitte bearbeiten Sie diesen.")
            )

    @classmethod
    def for_locale(cls, locale: Locale) -> OnePerLocale | None:
        """The instance of ``locale``, falling back to the default language's; ``None`` if
        neither exists."""
        return (
            cls._default_manager.filter(locale=locale).first()
            or cls._default_manager.filter(locale=Locale.get_default()).first()
        )
