from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.plugin.registry import Plugin, registry


class CmsConfig(AppConfig):
    """The core: settings, the plugin registry, shared page and block bases, API assembly."""

    name = "cms"
    verbose_name = _("Nordthüringen CMS")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
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
        registry.register(self.plugin)
