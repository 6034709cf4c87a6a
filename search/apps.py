"""App configuration of the search plugin (label ``cms_search``)."""

from django.utils.translation import gettext_lazy as _

from cms.plugin import Plugin, PluginConfig


class SearchConfig(PluginConfig):
    """The search plugin: no content types of its own, the API router ``search.api.router`` (mounted
    at ``/api/v1/search/``), the feed consumer ``search.feed.on_change`` that keeps the index in
    step with every change, the readiness check ``search.health.SearchEngine``, the index rebuild after ``manage.py restore``
    (``search.indexing.after_restore``), the worker warm-up (``search.warmup.warm``); ``ready()`` connects the PDF text extraction and registers the
    start-up note on languages without a language analyser (:mod:`search.checks`).
    """

    name = "search"
    label = "cms_search"
    verbose_name = _("Suche")
    plugin = Plugin(
        label="cms_search",
        verbose_name="Suche",
        api_routers=("search.api.router",),
        feed_consumers=("search.feed.on_change",),
        health_checks=("search.health.SearchEngine",),
        after_restore=("search.indexing.after_restore",),
        warm_up=("search.warmup.warm",),
    )

    def ready(self) -> None:
        """Register the plugin and its checks, then connect the receivers that extract a
        document's text (:func:`search.signals.connect`).
        """
        super().ready()
        from django.core import checks

        from search import checks as search_checks
        from search import signals

        checks.register(search_checks.languages, "cms_search")
        checks.register(search_checks.decompounding, "cms_search")
        signals.connect()
