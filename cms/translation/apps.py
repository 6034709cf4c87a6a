"""App configuration of ``cms.translation`` (label ``cms_translation``), the translators' workflow
on top of wagtail-localize.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    """Core app for the translators' workflow; listed before ``wagtail_localize`` in settings.

    The order matters: this app's ``register_admin_urls`` hook must run before wagtail-localize's
    so that its checked PO upload view answers wagtail-localize's upload URL.
    """

    name = "cms.translation"
    label = "cms_translation"
    verbose_name = _("Übersetzung")

    def ready(self) -> None:
        """Connect the receivers: unsafe URL overrides (:mod:`.url_overrides`), the one check of
        every translated string (:mod:`.validation`), view restrictions across translation groups
        (:mod:`.restrictions`).
        """
        from cms.translation import url_overrides, validation  # noqa: F401  (connect the receivers)
        from cms.translation.restrictions import connect as connect_restrictions

        connect_restrictions()
