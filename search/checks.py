"""Start-up checks of the search plugin (registered in :meth:`search.apps.SearchConfig.ready`)."""

from __future__ import annotations

from django.core import checks

from search.languages import without_dedicated_analysis


def languages(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A note (``cms_search.I001``) for every content language without a dedicated analysis: its
    words match only in the form they are written (no stemming), see ``docs/search.md``."""
    missing = without_dedicated_analysis()
    if not missing:
        return []
    return [
        checks.Info(
            "Search analyses these content languages without a language analyser (no stemming, "
            f"words match only as written): {', '.join(missing)}.",
            hint="Name an engine analyser in CMS_SEARCH_ENGINE_ANALYZERS if your engine has one "
            "(docs/search.md, Languages).",
            id="cms_search.I001",
        )
    ]
