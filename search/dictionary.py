"""The German dictionary: the nouns the engine's decompounder splits compounds into, and the
compound boundaries the database backends' query expansion accepts.

The word list is that of Debian's ``wngerman`` package (``/usr/share/dict/ngerman``, the
igerman98 dictionary, GPL; installed by ``bin/system-deps``, never committed), or the file the
setting ``CMS_SEARCH_DECOMPOUND_WORDLIST`` names (one word per line). Its nouns (capitalised
words of :data:`MIN_PART`–:data:`MAX_PART` letters, about 100,000) are read once per file
version and folded as the engine's ``german_normalization`` folds (:func:`engine_fold`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings as django_settings

from search import analysis

#: The dictionary the German decompounder's word list comes from (Debian: ``wngerman``).
DEFAULT_DECOMPOUND_WORDLIST = "/usr/share/dict/ngerman"
#: Lengths of the dictionary's nouns kept as compound parts (characters).
MIN_PART, MAX_PART = 4, 16
#: What the engine's ``german_normalization`` folds besides umlauts and ß.
GERMAN_NORMALISATION = [("ae", "a"), ("oe", "o"), ("ue", "u")]
_NORMALISATION = [(re.compile(rf"(?<!q){p}"), r) for p, r in GERMAN_NORMALISATION]


def engine_fold(word: str) -> str:
    """What ``lowercase`` + ``german_normalization`` make of a word (for the word list)."""
    folded = analysis.fold(word)
    for pattern, replacement in _NORMALISATION:
        folded = pattern.sub(replacement, folded)
    return folded


def decompound_wordlist_path() -> Path:
    """The dictionary file of the decompounder: ``CMS_SEARCH_DECOMPOUND_WORDLIST`` or
    :data:`DEFAULT_DECOMPOUND_WORDLIST`."""
    configured = getattr(django_settings, "CMS_SEARCH_DECOMPOUND_WORDLIST", None)
    return Path(configured or DEFAULT_DECOMPOUND_WORDLIST)


_COMBINING = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=4)
def _dictionary_parts(path: str, mtime: float) -> tuple[str, ...]:
    with open(path, encoding="utf-8") as lines:
        nouns = [
            word
            for word in (line.strip() for line in lines)
            if word[:1].isupper() and MIN_PART <= len(word) <= MAX_PART and word.isalpha()
        ]
    # engine_fold of every noun at once (one string, one pass per step: 10× faster than word
    # by word); the steps are those of search.analysis.fold, then the normalisation.
    text = unicodedata.normalize("NFKD", "\n".join(nouns).lower().translate(analysis.FOLD_TABLE))
    text = _COMBINING.sub("", text)
    for pattern, replacement in _NORMALISATION:
        text = pattern.sub(replacement, text)
    return tuple(sorted(set(text.split("\n"))))


@lru_cache(maxsize=4)
def _noun_set(path: str, mtime: float) -> frozenset[str]:
    return frozenset(_dictionary_parts(path, mtime))


def _version() -> tuple[str, float] | None:
    path = decompound_wordlist_path()
    try:
        return str(path), path.stat().st_mtime
    except OSError:
        return None


def dictionary_parts() -> list[str] | None:
    """The nouns of the German dictionary (:func:`decompound_wordlist_path`) between
    :data:`MIN_PART` and :data:`MAX_PART` characters, folded as the engine folds
    (:func:`engine_fold`), sorted; ``None`` when the file is missing. Read once per file
    version (about 100,000 words, 1.4 MB, from ``wngerman``)."""
    version = _version()
    return list(_dictionary_parts(*version)) if version else None


def _ends_with_noun(head: str, nouns: frozenset[str]) -> bool:
    folded = engine_fold(head)
    return any(folded[i:] in nouns for i in range(0, len(folded) - MIN_PART + 1))


def _begins_a_noun(tail: str, parts: tuple[str, ...]) -> bool:
    folded = engine_fold(tail)
    at = bisect.bisect_left(parts, folded)
    return at < len(parts) and parts[at].startswith(folded)


def compound_boundary(compound: str, part: str) -> bool | None:
    """Whether index term ``compound`` is ``part`` joined to another German word at a real
    compound boundary: ``wirtschaftsforder`` ends with ``forder`` after the noun „Wirtschaft“
    and a linking ``s``; ``herausforder`` ends with it after „heraus“, which ends in no noun,
    so „Förderung“ does not expand to „Herausforderungen“. ``part`` at the start needs the
    rest (after a linking element, three letters or more) to begin a noun (``fachkraftesicher``:
    „Sicherung“); at the end the rest (before a linking element) must end with a noun of
    :data:`MIN_PART` letters or more. Terms are folded index terms (:func:`search.analysis.term`).

    ``None`` when the dictionary file is missing (then the caller decides without it).
    """
    version = _version()
    if version is None:
        return None
    parts = _dictionary_parts(*version)
    nouns = _noun_set(*version)
    links = analysis.LINKING_ELEMENTS
    if compound.startswith(part):
        rest = compound[len(part) :]
        return any(
            rest.startswith(link)
            and len(rest) - len(link) >= 3
            and _begins_a_noun(rest[len(link) :], parts)
            for link in links
        )
    if compound.endswith(part):
        head = compound[: len(compound) - len(part)]
        return any(
            head.endswith(link) and _ends_with_noun(head[: len(head) - len(link)], nouns)
            for link in links
        )
    return False


def warm() -> None:
    """Read the dictionary now (about 0.3 s), so that no search pays for it."""
    version = _version()
    if version is not None:
        _noun_set(*version)
