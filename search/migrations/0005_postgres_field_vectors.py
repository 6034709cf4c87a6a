"""Per-field ``tsvector`` columns with GIN indexes on PostgreSQL; the vocabulary filled.

On PostgreSQL the search documents get ``title_vector`` and ``body_vector``, generated from the
analysed terms (``title_terms``, ``terms``: already stemmed and folded per language in Python,
:mod:`search.analysis`, so the ``simple`` configuration only splits them), each with a GIN
index: retrieval asks each field's index (:func:`search.service.retrieve_database`). Other
databases need nothing (SQLite searches its FTS5 table).

The stored vocabulary and title words are computed from the documents present.
"""

from collections import Counter

from django.db import migrations

TABLE = "cms_search_searchdocument"
#: Characters of terms a vector is built from (a tsvector holds at most 1 MB).
MAX_CHARS = 400_000

FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple'::regconfig, left(title_terms, {MAX_CHARS}))) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN body_vector tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple'::regconfig, left(terms, {MAX_CHARS}))) STORED",
    f"CREATE INDEX search_document_title_vector ON {TABLE} USING gin (title_vector)",
    f"CREATE INDEX search_document_body_vector ON {TABLE} USING gin (body_vector)",
]
BACKWARD = [
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS body_vector",
]


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


def fill_vocabulary(apps, schema_editor):
    import unicodedata
    import re

    SearchDocument = apps.get_model("cms_search", "SearchDocument")
    IndexTerm = apps.get_model("cms_search", "IndexTerm")
    TitleWord = apps.get_model("cms_search", "TitleWord")
    IndexGeneration = apps.get_model("cms_search", "IndexGeneration")
    fold_table = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "o", "œ": "oe"})

    def fold(word):
        decomposed = unicodedata.normalize("NFKD", word.lower().translate(fold_table))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    counts = {}
    words = []
    rows = SearchDocument.objects.values_list("page_id", "language", "title", "title_terms", "terms")
    for page_id, language, title, title_terms, terms in rows.iterator(chunk_size=500):
        counts.setdefault(language, Counter()).update(
            {t for t in f"{title_terms} {terms}".split() if len(t) <= 200} | {""}
        )
        for position, match in enumerate(re.finditer(r"\w+", title or "")):
            word = fold(match.group())[:200]
            if len(word) >= 2 and position < 1000:
                words.append(
                    TitleWord(
                        document_id=page_id,
                        language=language,
                        word=word,
                        head=word[:2],
                        position=position,
                    )
                )
    TitleWord.objects.bulk_create(words, batch_size=2000)
    IndexTerm.objects.bulk_create(
        [
            IndexTerm(
                language=language,
                term=term,
                documents=n,
                head=term[:4],
                tail=term[-4:],
                initial=term[:1],
                length=len(term),
            )
            for language, counter in counts.items()
            for term, n in counter.items()
        ],
        batch_size=2000,
    )
    IndexGeneration.objects.update_or_create(pk=1, defaults={"value": 1})


class Migration(migrations.Migration):
    dependencies = [
        ("cms_search", "0004_stored_vocabulary"),
    ]

    operations = [
        migrations.RunPython(add_vectors, drop_vectors),
        migrations.RunPython(fill_vocabulary, migrations.RunPython.noop),
    ]
