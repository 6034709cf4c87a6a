from django.utils.translation import gettext_lazy as _

from cms.plugin import Plugin, PluginConfig


class SearchConfig(PluginConfig):
    name = "search"
    label = "cms_search"
    verbose_name = _("Suche")
    plugin = Plugin(
        label="cms_search",
        verbose_name="Suche",
        api_routers=("search.api.router",),
    )

    def ready(self) -> None:
        super().ready()
        from search import signals

        signals.connect()
