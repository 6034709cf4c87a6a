"""Language analysis in Python: the same normalisation for indexing and for queries.

Both backends match on *terms*: lower-cased words, umlauts and ``ß`` folded (``Roßleben`` and
``Rossleben`` give ``rossleben``, ``Schüler`` and ``Schueler`` give ``schul``) and stemmed with the
Snowball stemmer of the text's language (the German one already folds ``ae``/``oe``/``ue``; a
language without one, :mod:`search.languages`, is folded but not stemmed).
Indexing writes these terms into :class:`search.models.SearchDocument`, so the database backend
(SQLite FTS5 or PostgreSQL) matches inflections, plurals and umlaut-free spellings it could not
match on the raw text; the engine analyses raw text with each language's analyser too.

Compounds are handled against the vocabulary of the index (:class:`Vocabulary`): a query term is
expanded to the indexed compounds it begins or ends (``fachkraft`` to ``fachkraftesicher``), and a
query compound whose parts are both indexed is also searched as its parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from search import languages

#: Words too frequent to carry meaning; dropped from queries (documents keep them, harmlessly).
#: Languages not listed drop none.
STOPWORDS = {
    "de": set(
        "aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass dem den der "
        "des die dies diese dieser dieses doch dort du durch ein eine einem einen einer eines er es "
        "für fuer hat hatte ich ihr im in ist ja kann man mit nach nicht noch nur ob oder sich sie "
        "sind so über ueber um und uns unter vom von vor war was wer wie wir wird wo zu zum zur".split()
    ),
    "en": set(
        "a an and are as at be but by for from has have how i in into is it its of on or that the "
        "their there this to was what when where which who will with".split()
    ),
}

#: Linking elements (Fugenelemente) between the parts of a German compound.
LINKING_ELEMENTS = ("", "s", "es", "n", "en", "e", "er")
MIN_PART = 4

_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "o", "œ": "oe"})
#: The characters :func:`fold` replaces before stripping accents (``str.translate`` table).
FOLD_TABLE = _FOLD


def language_of(code: str | None) -> str:
    """The search language of a locale code (:func:`search.languages.language_of`: ``de-AT`` →
    ``de``; a code that is no content language → the source language)."""
    return languages.language_of(code)


@lru_cache(maxsize=32)
def _stemmer(language: str):
    algorithm = languages.analysis_for(language).snowball
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, ``ß`` → ``ss``, accents and umlauts stripped (``Größe`` → ``grosse``)."""
    word = word.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Words of ``text`` with their character spans (for highlighting)."""
    for match in _WORD.finditer(text or ""):
        yield match.start(), match.end(), match.group()


@lru_cache(maxsize=200_000)
def term(word: str, language: str) -> str:
    """The index term of one word: stemmed, then folded."""
    lowered = word.lower().translate(_FOLD)
    stemmer = _stemmer(language)
    stemmed = stemmer.stemWord(lowered) if stemmer and not lowered.isdigit() else lowered
    return fold(stemmed)


def terms(text: str, language: str) -> list[str]:
    """All terms of ``text``, in order, stop words included (for indexing)."""
    return [term(w, language) for _, _, w in words(text)]


def query_words(text: str, language: str) -> list[str]:
    """The meaningful words of a query: no stop words, no one-letter words, no repeats."""
    seen: list[str] = []
    stopwords = STOPWORDS.get(language, set())
    for _, _, word in words(text):
        lowered = word.lower()
        if len(lowered) < 2 and not lowered.isdigit():
            continue
        if lowered in stopwords or fold(lowered) in stopwords:
            continue
        if lowered not in seen:
            seen.append(lowered)
    return seen


#: ``boundary(compound, part)``: whether ``compound`` holds ``part`` at a real compound
#: boundary (``None``: unknown, accepted).
Boundary = Callable[[str, str], "bool | None"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str) -> set[str]:
    """The words one edit away from ``word`` (folded, ``a``–``z``)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | swaps | replaces | inserts


@dataclass
class Vocabulary:
    """Document frequencies of the indexed terms of one language (built by ``search.vocabulary``)."""

    df: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    _sorted: list[str] | None = None

    def __contains__(self, item: str) -> bool:
        return item in self.df

    def load(self, terms: Iterable[str]) -> None:
        """Make sure ``df`` holds the frequencies of ``terms`` (all are held here; a vocabulary
        read on demand, :class:`search.terms.StoredVocabulary`, reads them)."""

    @property
    def sorted_terms(self) -> list[str]:
        """The indexed terms in sorted order (for prefix lookups by bisection), sorted once."""
        if self._sorted is None:
            self._sorted = sorted(self.df)
        return self._sorted

    def completions(self, prefix: str, limit: int = 10) -> list[str]:
        """Indexed terms starting with ``prefix``, most frequent first."""
        import bisect

        items = self.sorted_terms
        start = bisect.bisect_left(items, prefix)
        found = []
        for candidate in items[start:]:
            if not candidate.startswith(prefix):
                break
            found.append(candidate)
        found.sort(key=lambda t: -self.df[t])
        return found[:limit]

    def compounds_containing(
        self, part: str, limit: int = 30, boundary: Boundary | None = None
    ) -> list[str]:
        """Indexed compounds that begin or end with ``part`` (``fachkraft`` → ``fachkraftesicher``),
        most frequent first. ``boundary(compound, part)``, when given, must also accept each
        (:func:`search.dictionary.compound_boundary`: only at a real compound boundary, so
        ``forder`` does not find ``herausforder``; ``None`` from it accepts)."""
        if len(part) < MIN_PART:
            return []
        found = []
        for candidate in self.df:
            if candidate == part or len(candidate) < len(part) + 3:
                continue
            if candidate.startswith(part):
                rest = candidate[len(part) :]
                if not any(
                    rest.startswith(link) and len(rest) - len(link) >= 3
                    for link in LINKING_ELEMENTS
                ):
                    continue
            elif not (candidate.endswith(part) and len(candidate) - len(part) >= 3):
                continue
            if boundary is None or boundary(candidate, part) is not False:
                found.append(candidate)
        found.sort(key=lambda t: -self.df[t])
        return found[:limit]

    def corrections(self, word: str, language: str, limit: int = 3) -> list[str]:
        """Indexed terms of the words one edit away from ``word`` (a letter deleted, inserted,
        replaced, or two neighbours swapped: Damerau–Levenshtein distance 1, as the engine's
        fuzziness; P. Norvig, "How to Write a Spelling Corrector"), most frequent first: the
        typo „skiled“ → ``skill`` (of „skilled“), „Erklärnug“ → ``erklar`` (of „Erklärung“),
        which a comparison of stems misses (the stemmer cannot take the ending off a misspelt
        word). Words of five letters or more (folded), the first letter kept."""
        folded = fold(word)
        if len(folded) < 5 or not folded.isalpha():
            return []
        candidates = {term(edit, language) for edit in _edits(folded) if edit[:1] == folded[:1]}
        candidates.discard(term(word, language))
        self.load(candidates)
        found = sorted((t for t in candidates if t in self.df), key=lambda t: (-self.df[t], t))
        return found[:limit]

    def split(self, compound: str) -> list[str] | None:
        """Two indexed terms that make up ``compound`` (with a linking element), or ``None``."""
        best = None
        for cut in range(MIN_PART, len(compound) - 2):
            head, tail = compound[:cut], compound[cut:]
            for link in LINKING_ELEMENTS:
                if link and not head.endswith(link):
                    continue
                left = head[: len(head) - len(link)] if link else head
                if len(left) < 3:
                    continue
                left_term = left if left in self.df else None
                tail_term = tail if tail in self.df else None
                if left_term and tail_term:
                    score = self.df[left_term] * self.df[tail_term]
                    if best is None or score > best[0]:
                        best = (score, [left_term, tail_term])
        return best[1] if best else None

    def similar(self, word_term: str, limit: int = 3) -> list[str]:
        """Indexed terms within a small edit distance (typos): ``foerdrung`` → ``forder``."""
        if len(word_term) < 4:
            return []
        from rapidfuzz import fuzz, process

        cutoff = 85 if len(word_term) < 7 else 80
        matches = process.extract(
            word_term,
            [t for t in self.df if abs(len(t) - len(word_term)) <= 2 and t[0] == word_term[0]],
            scorer=fuzz.ratio,
            limit=limit,
            score_cutoff=cutoff,
        )
        return [m[0] for m in matches]


@dataclass
class TermGroup:
    """One query word and the index terms that count as a match for it, with a weight each."""

    word: str
    variants: dict[str, float]

    def add(self, term_: str, weight: float) -> None:
        """Count ``term_`` as a match for this word with ``weight`` (0–1), keeping the higher weight
        if it is already there.
        """
        if weight > self.variants.get(term_, 0.0):
            self.variants[term_] = weight


def expand(
    query: str,
    language: str,
    vocabulary: Vocabulary | None = None,
    synonyms: dict[str, set[str]] | None = None,
) -> list[TermGroup]:
    """Query words → term groups: stem, compounds, synonyms, typo corrections.

    Weights rank the kind of match: the word itself 1.0, a synonym 0.8, a compound containing
    it or the parts of a query compound 0.7, a typo correction 0.6.
    """
    vocabulary = vocabulary or Vocabulary()
    synonyms = synonyms or {}
    groups = []
    compounding = languages.analysis_for(language).compounds
    for word in query_words(query, language):
        base = term(word, language)
        group = TermGroup(word=word, variants={base: 1.0})
        folded = fold(word)
        if folded != base and folded in vocabulary:
            group.add(folded, 1.0)
        for synonym in synonyms.get(base, ()):
            group.add(synonym, 0.8)
        if compounding or base not in vocabulary:
            boundary = compound_boundary if compounding else None
            for compound in vocabulary.compounds_containing(base, boundary=boundary):
                group.add(compound, 0.7)
        genitive = None
        if base not in vocabulary and len(word) > 4 and word.endswith("s"):
            # A genitive -s the stemmer keeps („Vorpommerns“ → vorpommern, the name →
            # vorpomm): the word without it, when that is indexed.
            genitive = term(word[:-1], language)
            if genitive in vocabulary:
                group.add(genitive, 1.0)
            else:
                genitive = None
        if base not in vocabulary and genitive is None:
            parts = vocabulary.split(base) or vocabulary.split(folded)
            if parts:
                for part in parts:
                    group.add(part, 0.7)
            elif not any(v in vocabulary for v in group.variants):
                for correction in vocabulary.corrections(word, language):
                    group.add(correction, 0.6)
                for similar in vocabulary.similar(base):
                    group.add(similar, 0.6)
        groups.append(group)
    return groups


def compound_boundary(compound: str, part: str) -> bool | None:
    """:func:`search.dictionary.compound_boundary` (the German dictionary, read on first use)."""
    from search import dictionary

    return dictionary.compound_boundary(compound, part)


_BREAK = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """``text`` on one line, for snippets: a line break (between blocks, headings, a card's
    labels such as a status or a partner's name) becomes `` · `` after a word and a space after
    punctuation, other runs of whitespace one space (``"laufend\\nRegionalmanagement"`` →
    ``"laufend · Regionalmanagement"``, ``"gewinnen.\\n\\nAusbildung"`` → ``"gewinnen.
    Ausbildung"``). Works on HTML too (no tag holds a line break)."""

    def joint(match: re.Match) -> str:
        before = text[: match.start()].removesuffix("</mark>")[-1:]
        return " · " if before.isalnum() else " "

    return _SPACES.sub(" ", _BREAK.sub(joint, text))


def synonym_map(rows: Iterable[Iterable[str]], language: str) -> dict[str, set[str]]:
    """Editor synonym sets → ``{term: other terms of its set}``."""
    result: dict[str, set[str]] = {}
    for row in rows:
        group = {" ".join(terms(entry, language)) for entry in row if entry.strip()}
        group = {g for g in group if g}
        for member in group:
            result.setdefault(member, set()).update(group - {member})
    return result
