"""App configuration of the search plugin (label ``cms_search``)."""

from django.utils.translation import gettext_lazy as _

from cms.plugin import Plugin, PluginConfig


class SearchConfig(PluginConfig):
    """The search plugin: no content types of its own, the API router ``search.api.router`` (mounted
    at ``/api/v1/search/``); ``ready()`` connects the indexing signals.
    """

    name = "search"
    label = "cms_search"
    verbose_name = _("Suche")
    plugin = Plugin(
        label="cms_search",
        verbose_name="Suche",
        api_routers=("search.api.router",),
    )

    def ready(self) -> None:
        """Register the plugin, then connect the receivers that keep the index in step
        (:func:`search.signals.connect`).
        """
        super().ready()
        from search import signals

        signals.connect()
