"""The search languages: one analysis configuration per content language, from the settings.

Every language of ``WAGTAIL_CONTENT_LANGUAGES`` is a search language; nothing else in the search
names a language. For each one :func:`analysis_for` says how its text is analysed:

* in Python (:mod:`search.analysis`, the terms the database backends match and rank): the
  Snowball stemmer of the language when there is one (:data:`SNOWBALL`, the languages of the
  ``snowballstemmer`` package), else no stemming (lower-case and accent folding only);
* in the engine (:mod:`search.backends`): the project's own analysers for German
  (``cms_german``: umlaut normalisation, decompounding, light stemming) and English
  (``cms_english``), the engine's built-in language analyser where Elasticsearch 8 and
  OpenSearch 2 both ship one (:data:`ENGINE_ANALYZERS`, `the engines' language analysers
  <https://www.elastic.co/guide/en/elasticsearch/reference/8.15/analysis-lang-analyzer.html>`_),
  else ``cms_standard`` (standard tokenizer, lower case, ASCII folding: words match only in the
  form they are written). ``CMS_SEARCH_ENGINE_ANALYZERS`` (``{"pl": {"analyzer": "polish"}}``)
  names an analyser an engine plugin provides, for a language without a built-in one.

Each language has its own engine fields (``title_<key>``, ``teaser_<key>``, ``body_<key>``,
:class:`search.models.SearchDocument`), analysed with its analyser and empty in the documents of
every other language; see ``docs/search.md`` (*Languages*) for why and how to add one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info

#: ISO 639-1 code → ``snowballstemmer`` algorithm (every language the package ships).
SNOWBALL = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

#: The project's own engine analysers (defined in :data:`search.backends.ANALYSIS`).
CUSTOM_ENGINE_ANALYZERS = {
    "de": {"analyzer": "cms_german", "search_analyzer": "cms_german_search"},
    "en": {"analyzer": "cms_english"},
}

#: Language code → built-in analyser that both Elasticsearch 8 and OpenSearch 2 ship.
ENGINE_ANALYZERS = {
    "ar": "arabic",
    "bg": "bulgarian",
    "bn": "bengali",
    "ca": "catalan",
    "ckb": "sorani",
    "cs": "czech",
    "da": "danish",
    "el": "greek",
    "es": "spanish",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "gl": "galician",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "ja": "cjk",
    "ko": "cjk",
    "lt": "lithuanian",
    "lv": "latvian",
    "nb": "norwegian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "pt-br": "brazilian",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "th": "thai",
    "tr": "turkish",
    "zh": "cjk",
}

#: The engine analyser of a language without a dedicated one (defined in the backends).
STANDARD_ENGINE_ANALYZER = {"analyzer": "cms_standard"}

#: Languages that join words into compounds: a query word also finds the indexed compounds that
#: begin or end with it (:func:`search.analysis.expand`).
COMPOUNDING = {"da", "de", "fi", "is", "nb", "nl", "nn", "no", "sv"}


@dataclass(frozen=True)
class LanguageAnalysis:
    """How the text of one search language is analysed.

    ``code``: the content language code as configured (``"de"``, ``"pt-br"``); ``key``: the code
    as it appears in engine field names (``"pt_br"``); ``snowball``: the Snowball algorithm of the
    Python analysis, ``None`` for none (no stemming); ``engine``: the analyser settings of the
    language's engine fields (``{"analyzer": …, "search_analyzer": …}``); ``dedicated``: whether
    the engine analyses it with a language analyser (``False``: ``cms_standard``);
    ``compounds``: whether query words are also looked up as parts of indexed compounds.
    """

    code: str
    key: str
    snowball: str | None
    engine: dict
    dedicated: bool
    compounds: bool


def languages() -> list[str]:
    """The search languages: the codes of ``WAGTAIL_CONTENT_LANGUAGES`` in settings order, lower
    case (``["de", "en"]``)."""
    return [code.lower() for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def source_language() -> str:
    """The source (default) content language: ``LANGUAGE_CODE`` as a content language."""
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE).lower()


def language_of(code: str | None) -> str:
    """The search language of a locale or language code: ``"de-AT"`` → ``"de"``; a code that is
    no content language (or ``None``) → :func:`source_language`."""
    codes = languages()
    wanted = (code or "").lower().replace("_", "-")
    if wanted in codes:
        return wanted
    base = wanted.split("-", 1)[0]
    return base if base in codes else source_language()


def field_key(code: str) -> str:
    """``code`` as a part of an engine field or analyser name: ``"pt-br"`` → ``"pt_br"``."""
    return re.sub(r"[^a-z0-9]", "_", code.lower())


def analysis_for(code: str) -> LanguageAnalysis:
    """The :class:`LanguageAnalysis` of the search language ``code`` (any code: see the module
    docstring for how each part is chosen; unknown languages get the standard fallback)."""
    base = code.split("-", 1)[0]
    configured = getattr(settings, "CMS_SEARCH_ENGINE_ANALYZERS", {}) or {}
    if code in configured:
        engine, dedicated = dict(configured[code]), True
    elif code in CUSTOM_ENGINE_ANALYZERS or base in CUSTOM_ENGINE_ANALYZERS:
        engine, dedicated = (
            dict(CUSTOM_ENGINE_ANALYZERS.get(code, CUSTOM_ENGINE_ANALYZERS[base])),
            True,
        )
    elif code in ENGINE_ANALYZERS or base in ENGINE_ANALYZERS:
        engine, dedicated = (
            {"analyzer": ENGINE_ANALYZERS.get(code, ENGINE_ANALYZERS.get(base))},
            True,
        )
    else:
        engine, dedicated = dict(STANDARD_ENGINE_ANALYZER), False
    return LanguageAnalysis(
        code=code,
        key=field_key(code),
        snowball=SNOWBALL.get(code, SNOWBALL.get(base)),
        engine=engine,
        dedicated=dedicated,
        compounds=base in COMPOUNDING,
    )


def without_dedicated_analysis() -> list[str]:
    """The search languages the engine analyses with ``cms_standard`` or Python does not stem,
    each as ``"<code> (<name>)"`` (for the start-up note, :func:`search.checks.languages`)."""
    found = []
    for code in languages():
        found_analysis = analysis_for(code)
        if not found_analysis.dedicated or found_analysis.snowball is None:
            try:
                name = get_language_info(code)["name"]
            except KeyError:
                name = code
            found.append(f"{code} ({name})")
    return found
