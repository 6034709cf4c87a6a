"""App configurations: the core's own (:class:`CmsConfig`) and the base every plugin's app
subclasses (:class:`PluginConfig`), which registers the plugin in :data:`cms.registry.registry`.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.registry import Plugin, registry


class CmsConfig(AppConfig):
    """The core: settings, the plugin registry, shared page and block bases, API assembly."""

    name = "cms"
    verbose_name = _("Nordthüringen CMS")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the core's signal receivers once the app registry is ready: the system checks of
        :mod:`cms.checks`, redirects on moves, API generation bumps and cache purge
        (:mod:`cms.signals`), the URL rule on every write (:mod:`cms.safe_urls`), media texts
        (:mod:`cms.media_texts`), and the German labels upstream leaves unmarked
        (:mod:`cms.admin.upstream_german`).
        """
        from cms import checks  # noqa: F401
        from cms.redirects import connect as connect_redirects

        connect_redirects()
        from cms.signals import connect as connect_api_signals

        connect_api_signals()
        from cms.safe_urls import connect as connect_url_guard

        connect_url_guard()
        from cms.media_texts import connect as connect_media_texts

        connect_media_texts()
        from cms.admin import upstream_german

        upstream_german.apply()


class PluginConfig(AppConfig):
    """Base ``AppConfig`` of a content-type plugin; set ``plugin`` and it registers itself."""

    plugin: Plugin
    default_auto_field = "django.db.models.BigAutoField"
    # Not a candidate itself when a plugin's apps.py imports it; each subclass is the default.
    default = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = True

    def ready(self) -> None:
        """Register ``self.plugin`` in :data:`cms.registry.registry`. A subclass that overrides
        ``ready()`` (to connect signals, say) must call ``super().ready()``.
        """
        registry.register(self.plugin)
