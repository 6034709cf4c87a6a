"""The ``AppConfig`` base of a content-type plugin."""

from django.apps import AppConfig

from cms.plugin.registry import Plugin, registry


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
        """Register ``self.plugin`` in :data:`cms.plugin.registry.registry`. A subclass that
        overrides ``ready()`` (to connect signals, say) must call ``super().ready()``.
        """
        registry.register(self.plugin)
