"""The database search's stored vocabulary, title words, facet rows and index generation.

A search on the database backends expands query words against the indexed vocabulary
(compounds, parts, typo corrections: :func:`search.analysis.expand`) and weighs terms by their
document frequency. That vocabulary used to be rebuilt in every worker process from all
documents whenever any document changed (0.7–0.9 s at 10,000 pages, after every publish), and
each search checked for changes with two aggregates over the documents. Now:

* :class:`~search.models.IndexTerm` rows hold each term's document frequency per language,
  updated by the document writes themselves (:func:`replace`: only the terms a page gained or
  lost) and recomputed by ``search_rebuild`` (:func:`rebuild`);
* :class:`StoredVocabulary` reads only the terms a query needs, through indexed keys, and
  remembers them for as long as the generation lasts;
* :class:`~search.models.IndexGeneration` is one row whose value every document write raises
  (:func:`bump`, in the write's transaction); a search reads it by primary key to know whether
  what its process remembers is still current;
* :class:`~search.models.TitleWord` rows (folded title words keyed by their first two
  characters) let suggestions look up a prefix instead of reading every title;
* :class:`~search.models.DocumentFacet` rows (each document's type and facet values) let a
  search count facets over every match and keep the matches it may answer without reading
  the documents' text.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import F, Q

from search import analysis
from search.analysis import MIN_PART, Vocabulary
from search.models import (
    MAX_FACET_LABEL,
    DocumentFacet,
    IndexGeneration,
    IndexTerm,
    SearchDocument,
    TitleWord,
)

#: Terms per ``IN (…)`` list (below every database's parameter limit).
CHUNK = 500
#: Longest term stored (the column's length); longer tokens are not words anyone types.
MAX_TERM = 200


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- generation -----------------------------------------------------------------------------


def generation() -> int:
    """The current generation of the search documents (``0`` before the first write); one read
    by primary key."""
    row = IndexGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return row or 0


def bump() -> None:
    """Raise the generation: every process's remembered vocabulary is stale from the commit on.
    Call inside the transaction that writes documents."""
    if not IndexGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        IndexGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


# --- writes ---------------------------------------------------------------------------------


#: The term every document holds: its count is the number of documents of the language.
EVERY_DOCUMENT = ""


def document_terms(title_terms: str, terms: str) -> set[str]:
    """The distinct terms of a document (its ``title_terms`` and ``terms``, space-separated), as
    the vocabulary counts them, plus :data:`EVERY_DOCUMENT`; overlong tokens left out."""
    found = {t for t in f"{title_terms} {terms}".split() if len(t) <= MAX_TERM}
    found.add(EVERY_DOCUMENT)
    return found


def _term_row(language: str, term: str, documents: int = 0) -> IndexTerm:
    return IndexTerm(
        language=language,
        term=term,
        documents=documents,
        head=term[:4],
        tail=term[-4:],
        initial=term[:1],
        length=min(len(term), 32767),
    )


def _count(language: str, terms: set[str], delta: int) -> None:
    if not terms:
        return
    ordered = sorted(terms)
    if delta > 0:
        IndexTerm.objects.bulk_create(
            [_term_row(language, t) for t in ordered], ignore_conflicts=True, batch_size=CHUNK
        )
    for chunk in _chunks(ordered):
        IndexTerm.objects.filter(language=language, term__in=chunk).update(
            documents=F("documents") + delta
        )


def _title_words(document: SearchDocument) -> list[TitleWord]:
    words = []
    for position, (_, _, word) in enumerate(analysis.words(document.title)):
        folded = analysis.fold(word)[:200]
        if len(folded) >= 2 and position < 1000:
            words.append(
                TitleWord(
                    document_id=document.page_id,
                    language=document.language,
                    word=folded,
                    head=folded[:2],
                    position=position,
                )
            )
    return words


def facet_rows(document: SearchDocument) -> list[DocumentFacet]:
    """The :class:`~search.models.DocumentFacet` rows of ``document``: its ``type``, then each
    ``[value, label]`` of its ``facets`` (each value once per name: the rows are unique)."""
    pairs = {("type", document.content_type): ""}
    for name, values in (document.facets or {}).items():
        for value, label in values:
            pairs.setdefault((name, str(value)), (label or "")[:MAX_FACET_LABEL])
    return [
        DocumentFacet(
            document_id=document.page_id,
            language=document.language,
            content_type=document.content_type,
            name=name,
            value=value,
            label=label,
        )
        for (name, value), label in pairs.items()
    ]


def replace(page_id: int, new: SearchDocument | None) -> None:
    """Store ``new`` as page ``page_id``'s search document (``None``: delete it), with its title
    words, facet rows, the document frequencies of the terms it gains or loses, and a new generation; in one
    transaction. Costs a few queries per document, whatever the size of the index."""
    with transaction.atomic():
        if new is None:
            # post_delete (search.signals) forgets its terms and raises the generation.
            SearchDocument.objects.filter(pk=page_id).delete()
            return
        old = (
            SearchDocument.objects.filter(pk=page_id)
            .values_list("language", "title_terms", "terms")
            .first()
        )
        old_terms = document_terms(old[1], old[2]) if old else set()
        new.save()
        TitleWord.objects.filter(document_id=page_id).delete()
        TitleWord.objects.bulk_create(_title_words(new))
        DocumentFacet.objects.filter(document_id=page_id).delete()
        DocumentFacet.objects.bulk_create(facet_rows(new))
        new_terms = document_terms(new.title_terms, new.terms)
        if old and old[0] != new.language:
            _count(old[0], old_terms, -1)
            old_terms = set()
        _count(new.language, new_terms - old_terms, +1)
        _count(new.language, old_terms - new_terms, -1)
        bump()


def forget(document: SearchDocument) -> None:
    """Take the terms of a deleted search document out of the stored vocabulary and raise the
    generation (the ``post_delete`` receiver of :mod:`search.signals`; its title words and facet
    rows go by cascade)."""
    _count(document.language, document_terms(document.title_terms, document.terms), -1)
    bump()


def rebuild() -> int:
    """Recompute every term's document frequency, every title word and every facet row from the
    stored documents (``search_rebuild``); returns the number of terms. Searches keep answering
    meanwhile (one transaction)."""
    counts: dict[str, Counter[str]] = {}
    words: list[TitleWord] = []
    facets: list[DocumentFacet] = []
    documents = SearchDocument.objects.only(
        "page_id", "language", "content_type", "title", "title_terms", "terms", "facets"
    )
    with transaction.atomic():
        for document in documents.iterator(chunk_size=500):
            counts.setdefault(document.language, Counter()).update(
                document_terms(document.title_terms, document.terms)
            )
            words.extend(_title_words(document))
            facets.extend(facet_rows(document))
        TitleWord.objects.all().delete()
        TitleWord.objects.bulk_create(words, batch_size=2000)
        DocumentFacet.objects.all().delete()
        DocumentFacet.objects.bulk_create(facets, batch_size=2000)
        IndexTerm.objects.all().delete()
        rows = [
            _term_row(language, term, n)
            for language, counter in counts.items()
            for term, n in counter.items()
        ]
        IndexTerm.objects.bulk_create(rows, batch_size=2000)
        bump()
    return len(rows)


# --- reads ----------------------------------------------------------------------------------


class StoredVocabulary(Vocabulary):
    """The :class:`~search.analysis.Vocabulary` of one language read from
    :class:`~search.models.IndexTerm` on demand: ``df`` holds the terms asked for so far (absent
    ones are not indexed), every lookup an indexed query. Valid for one generation
    (:func:`vocabulary`)."""

    def __init__(self, language: str, documents: int) -> None:
        super().__init__(df={}, documents=documents)
        self.language = language
        self._asked: set[str] = set()
        self._memo: dict[tuple[str, str], list[str]] = {}
        self._lock = threading.Lock()

    def _rows(self, condition: Q) -> dict[str, int]:
        rows = IndexTerm.objects.filter(condition, language=self.language, documents__gt=0)
        found = dict(rows.values_list("term", "documents"))
        with self._lock:
            self.df.update(found)
        return found

    def load(self, terms: Iterable[str]) -> None:
        """Read the document frequencies of ``terms`` not asked for yet (one query per 500)."""
        missing = sorted({t for t in terms if t not in self._asked})
        for chunk in _chunks(missing):
            self._rows(Q(term__in=chunk))
        with self._lock:
            self._asked.update(missing)

    def __contains__(self, item: str) -> bool:
        self.load([item])
        return item in self.df

    def _remembered(self, kind: str, key: str, compute) -> list[str]:
        if (kind, key) not in self._memo:
            self._memo[(kind, key)] = compute()
        return self._memo[(kind, key)]

    def compounds_containing(self, part: str, limit: int = 30, boundary=None) -> list[str]:
        """As :meth:`Vocabulary.compounds_containing`, over the indexed terms sharing the first
        or last four characters with ``part``."""
        if len(part) < MIN_PART:
            return []

        def compute():
            found = self._rows(Q(head=part[:4]) | Q(tail=part[-4:]))
            return Vocabulary(df=found).compounds_containing(part, limit, boundary)

        return self._remembered(("compounds", boundary is not None), part, compute)

    def split(self, compound: str) -> list[str] | None:
        """As :meth:`Vocabulary.split`, reading every possible part in one query."""
        pieces = set()
        for cut in range(MIN_PART, len(compound) - 2):
            head, tail = compound[:cut], compound[cut:]
            pieces.add(tail)
            for link in analysis.LINKING_ELEMENTS:
                if not link or head.endswith(link):
                    pieces.add(head[: len(head) - len(link)] if link else head)
        self.load(pieces)
        return super().split(compound)

    def similar(self, word_term: str, limit: int = 3) -> list[str]:
        """As :meth:`Vocabulary.similar`, over the indexed terms with the same first character
        and a length within two."""
        if len(word_term) < 4:
            return []

        def compute():
            n = len(word_term)
            found = self._rows(Q(initial=word_term[0], length__gte=n - 2, length__lte=n + 2))
            return Vocabulary(df=found).similar(word_term, limit)

        return self._remembered("similar", word_term, compute)

    def completions(self, prefix: str, limit: int = 10) -> list[str]:
        """As :meth:`Vocabulary.completions` (prefixes of four characters or more)."""
        if len(prefix) < MIN_PART:
            return []
        found = self._rows(Q(head=prefix[:4]))
        return Vocabulary(df=found).completions(prefix, limit)


_vocabularies: dict[str, tuple[int, StoredVocabulary]] = {}


def vocabulary(language: str) -> StoredVocabulary:
    """The vocabulary of ``language`` (a search language) at the current generation: the one
    this process remembers while the generation is unchanged (one primary-key read), else a new,
    empty one (one read of the language's document count, :data:`EVERY_DOCUMENT`); never a
    scan of the documents."""
    current = generation()
    cached = _vocabularies.get(language)
    if cached and cached[0] == current:
        return cached[1]
    result = StoredVocabulary(language, 0)
    result.load([EVERY_DOCUMENT])
    result.documents = result.df.pop(EVERY_DOCUMENT, 0)
    _vocabularies[language] = (current, result)
    return result


def title_matches(language: str, prefix: str, limit: int = 500) -> list[int]:
    """Page ids of documents of ``language`` with a title word beginning with ``prefix`` (folded,
    two characters or more), through the index on the words' first two characters; at most
    ``limit``, earliest word positions first."""
    rows = (
        TitleWord.objects.filter(language=language, head=prefix[:2], word__startswith=prefix)
        .order_by("position", "document_id")
        .values_list("document_id", flat=True)
    )
    seen: dict[int, None] = {}
    for pk in rows[: limit * 2]:
        seen.setdefault(pk, None)
    return list(seen)[:limit]
