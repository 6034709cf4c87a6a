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


def decompounding(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A warning (``cms_search.W002``) when an engine is configured and German is a content
    language but the German dictionary of the decompounder is missing (then compounds are split
    only into words of the indexed text, :mod:`search.backends`)."""
    from django.conf import settings

    from search import languages as search_languages
    from search.backends import decompound_wordlist_path, dictionary_parts

    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", "")
    german = any(code.split("-")[0] == "de" for code in search_languages.languages())
    if backend.endswith(".database") or not german or dictionary_parts():
        return []
    return [
        checks.Warning(
            f"The German dictionary for decompounding is missing: {decompound_wordlist_path()}.",
            hint="Install Debian's wngerman (bin/system-deps does) or set "
            "CMS_SEARCH_DECOMPOUND_WORDLIST, then run manage.py search_rebuild.",
            id="cms_search.W002",
        )
    ]
