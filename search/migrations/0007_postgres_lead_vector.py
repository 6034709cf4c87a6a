"""PostgreSQL: ``lead_vector``, the first words of a document's terms, for ranking in SQL.

Retrieval ranks every match in SQL to pick the candidates Python re-ranks
(:data:`search.service.POSTGRES_RETRIEVAL`). Ranking by ``body_vector`` read each matching row's
whole vector from out-of-line storage (TOAST): 50 of a search's 75 ms when a query matched 7,700
of 10,000 documents. ``lead_vector`` holds the document's first 1,000 characters of terms (the
teaser and the body's opening, about 130 words; about 1.3 kB, kept in the row): what the SQL
ranking reads besides the title. Matching still asks the whole ``body_vector`` through its GIN
index. Other databases need nothing.
"""

from django.db import migrations

TABLE = "cms_search_searchdocument"
#: Characters of terms the lead vector is built from.
LEAD_CHARS = 1000


def add_lead_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # STORAGE MAIN: kept in the row (compressed if need be), not out of line like the
    # long columns, so ranking reads no TOAST: 22–31 ms instead of 52–74 for 7,700–9,100 matches.
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN lead_vector tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('simple'::regconfig, left(terms, {LEAD_CHARS}))) STORED, "
        "ALTER COLUMN lead_vector SET STORAGE MAIN"
    )


def drop_lead_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS lead_vector")


class Migration(migrations.Migration):
    dependencies = [("cms_search", "0006_document_facets")]

    operations = [migrations.RunPython(add_lead_vector, drop_lead_vector)]
