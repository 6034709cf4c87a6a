"""The core's app configuration (:class:`CmsConfig`). Plugins subclass
:class:`cms.plugin.config.PluginConfig`, which registers the plugin in
:data:`cms.plugin.registry.registry`.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The core: settings, the plugin registry, shared page and block bases, API assembly."""

    name = "cms"
    verbose_name = _("Nordthüringen CMS")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the core's signal receivers once the app registry is ready: the system checks of
        :mod:`cms.plugin.checks`, redirects on moves, API generation bumps and cache purge
        (:mod:`cms.runtime.signals`), the URL rule on every write (:mod:`cms.content.safe_urls`), media texts
        (:mod:`cms.content.media_texts`), and the German labels upstream leaves unmarked
        (:mod:`cms.admin.upstream_german`); the webhooks' feed consumer (:mod:`cms.delivery.webhooks`).
        """
        from cms.content.redirects import connect as connect_redirects
        from cms.plugin import checks  # noqa: F401

        connect_redirects()
        from cms.runtime.signals import connect as connect_api_signals

        connect_api_signals()
        from cms.content.safe_urls import connect as connect_url_guard

        connect_url_guard()
        from cms.content.media_texts import connect as connect_media_texts

        connect_media_texts()
        from cms.admin import upstream_german

        upstream_german.apply()
        from cms.delivery import webhooks  # noqa: F401 - registers the feed consumer "webhooks"
