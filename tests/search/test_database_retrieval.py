"""The database backends at scale: retrieval through indexes, no work and no writes on the
read path (issue 17). Runs on SQLite, and on PostgreSQL when ``DATABASE_URL`` names one."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import service, terms
from search.models import DocumentFacet, IndexTerm, SearchDocument, TitleWord

from .conftest import add_project, search_ids

pytestmark = pytest.mark.django_db

DOCUMENTS = '"cms_search_searchdocument"'
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.I)


def _queries(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries]


def _reads_all_documents(sql: str) -> bool:
    """A query over the search documents that is not limited to given pages (a scan)."""
    return f"FROM {DOCUMENTS}" in sql and f'{DOCUMENTS}."page_id" IN' not in sql


def test_a_search_and_a_suggestion_write_nothing(corpus):
    """No write on the readers' path: statistics are counted in memory (search.stats)."""
    service.search("Kalibergbau", "de")  # the vocabulary of this generation is read once
    for run in (
        lambda: service.search("Kalibergbau", "de"),
        lambda: service.search("Schuelerinnen Energie", "de", log=True),
        lambda: service.search("Masterpaln", "de"),
        lambda: service.suggest("Fachkr", "de"),
    ):
        writes = [sql for sql in _queries(run) if WRITES.match(sql)]
        assert writes == []


def test_the_freshness_check_is_one_read_by_primary_key(corpus):
    """Each search used to aggregate over all documents twice (Count and Max) to see whether the
    vocabulary was stale; now it reads the generation row."""
    service.search("Radweg", "de")
    queries = _queries(lambda: service.search("Radweg", "de"))
    aggregates = [sql for sql in queries if re.search(r"\b(COUNT|MAX)\(", sql, re.I)]
    # The facet counts aggregate over the matches only (their ids one parameter), never all.
    over_all = [sql for sql in aggregates if "json_each('[" not in sql and "unnest(" not in sql]
    assert over_all == []
    assert len([sql for sql in queries if "cms_search_indexgeneration" in sql]) == 1


def test_a_publish_does_not_make_searches_reread_the_vocabulary(corpus, project_index):
    """After a publish the next search reads only the terms it needs, by index, never all
    documents' terms; a compound published just now is found by its part."""
    service.search("Windpark", "de")
    add_project(project_index, "Wasserstoffzentrum Nordhausen", "Elektrolyse im Gewerbegebiet.")
    queries = _queries(lambda: search_ids("Wasserstoff"))
    assert [sql for sql in queries if _reads_all_documents(sql)] == []
    assert search_ids("Wasserstoff")[:1] == list(
        SearchDocument.objects.filter(title__startswith="Wasserstoff").values_list("pk", flat=True)
    )


def _recount() -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for language, title_terms, body_terms in SearchDocument.objects.values_list(
        "language", "title_terms", "terms"
    ):
        for term in terms.document_terms(title_terms, body_terms):
            counts[(language, term)] = counts.get((language, term), 0) + 1
    return counts


def _facet_rows() -> set[tuple]:
    return set(
        DocumentFacet.objects.values_list(
            "document_id", "language", "content_type", "name", "value", "label"
        )
    )


def _facets_of_documents() -> set[tuple]:
    """The facet rows the documents call for: each one's type, and each value of its facets."""
    rows = set()
    for page_id, language, content_type, facets in SearchDocument.objects.values_list(
        "page_id", "language", "content_type", "facets"
    ):
        rows.add((page_id, language, content_type, "type", content_type, ""))
        for name, pairs in facets.items():
            rows.update(
                (page_id, language, content_type, name, value, label or "")
                for value, label in pairs
            )
    return rows


def _stored() -> dict[tuple[str, str], int]:
    return {
        (row.language, row.term): row.documents for row in IndexTerm.objects.filter(documents__gt=0)
    }


def test_stored_vocabulary_follows_every_write(corpus, project_index, locales, reindex):
    """Publish, republish with other text, unpublish, delete, an English page, a rebuild: the
    stored document frequencies always equal a recount, the title words follow, and so do the
    facet rows the facet counts read (:class:`DocumentFacet`)."""

    def follows():
        assert _stored() == _recount()
        assert _facet_rows() == _facets_of_documents()

    follows()
    assert len(_facet_rows()) > SearchDocument.objects.count()  # types and facet values
    page = add_project(project_index, "Glasfaser für Dörfer", "Breitband im Kyffhäuserkreis.")
    follows()
    page.title = "Glasfasernetz für Gemeinden"
    page.status = "planned"
    page.save_revision().publish()
    follows()
    assert (page.pk, "status", "planned") in {(r[0], r[3], r[4]) for r in _facet_rows()}
    corpus["radweg"].unpublish()
    follows()
    corpus["kali"].delete()
    follows()
    corpus["wind"].copy_for_translation(locales["en"], copy_parents=True)
    english = corpus["wind"].get_translation(locales["en"])
    english.title = "Citizens' wind farm"
    english.save_revision().publish()
    assert ("en", "citizen") in _stored()
    follows()
    words = set(TitleWord.objects.values_list("document_id", "word"))
    assert (page.pk, "glasfasernetz") in words and (page.pk, "glasfaser") not in words
    IndexTerm.objects.all().delete()
    DocumentFacet.objects.all().delete()
    reindex()
    follows()


def test_suggest_reads_spelled_out_umlauts_as_search_does(corpus):
    """Review of issue 17: „foerderung“ found „Förderung“ in the search, but suggested nothing
    while typing („foerd“, „Schuel“); title words are stored folded (``schulerlabor``)."""
    assert [s["id"] for s in service.suggest("Schuel", "de")] == [corpus["schule"].pk]
    assert [s["id"] for s in service.suggest("Schül", "de")] == [corpus["schule"].pk]
    assert [s["id"] for s in service.suggest("Buergerw", "de")] == [corpus["wind"].pk]
    assert service.suggest("Schuelx", "de") == []


def test_suggest_looks_up_the_prefix_instead_of_reading_every_title(corpus):
    queries = _queries(lambda: service.suggest("Fachkr", "de"))
    assert [sql for sql in queries if _reads_all_documents(sql)] == []
    assert [s["id"] for s in service.suggest("Fachkr", "de")] == [corpus["fachkraefte"].pk]
    assert [s["id"] for s in service.suggest("Windpark Hain", "de")] == [corpus["wind"].pk]
    assert service.suggest("Windpark Rad", "de") == []


def test_a_search_reads_the_documents_of_the_results_it_ranks_only(corpus):
    """Issue 17 at 10,000 pages: a search read the document row (its whole text) of every
    match, up to 1,000 to check them and all of them to count facets, which cost most of its
    time. It now reads the narrow facet rows of every match and the documents of the first
    :data:`~search.service.RERANK_DEPTH` only, by id; whether a match's page is still live is
    told by the (few) unpublished pages, not by reading every match's page."""
    every_match = re.compile(r"json_each\('\[|unnest\(")
    for query in ("Kalibergbau Strukturwandel", "Radweg", "Energie"):
        queries = _queries(lambda q=query: service.search(q, "de", filters={"status": "running"}))
        reads = [sql for sql in queries if re.search(r"\bcms_search_searchdocument\b", sql)]
        assert [sql for sql in reads if every_match.search(sql)] == []
        facet_counts = [sql for sql in queries if "cms_search_documentfacet" in sql]
        assert any(every_match.search(sql) for sql in facet_counts)
        # Nor each match's page (whether it is live): the unpublished pages are read instead.
        live_checks = [sql for sql in queries if re.search(r"\blive\b", sql)]
        assert [sql for sql in live_checks if every_match.search(sql) or "@@" in sql] == []


def _retrieval_sql(queries: list[str]) -> str:
    # The ranked retrieval; it also hands every match's id to the facet count.
    matches = [sql for sql in queries if ("@@" in sql and "ts_rank" in sql) or " MATCH " in sql]
    assert len(matches) == 1, queries
    return matches[0]


def test_a_search_matches_the_text_once(corpus):
    """Review of issue 17: PostgreSQL ran the text match twice per search (the ranked
    candidates, then every match again for the facets); both databases now match once."""
    queries = _queries(lambda: search_ids("Kalibergbau Strukturwandel"))
    matches = [sql for sql in queries if "@@" in sql or " MATCH " in sql]
    assert len(matches) == 1, matches


def test_retrieval_uses_the_full_text_indexes(corpus):
    """PostgreSQL: the per-field ``tsvector`` columns answer through their GIN indexes (a
    concatenation ``title || body`` can use none), ranked in SQL; SQLite: the FTS5 index."""
    queries = _queries(lambda: search_ids("Kalibergbau Strukturwandel"))
    sql = _retrieval_sql(queries)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assert "||" not in sql
            # Enough documents that the language's B-tree no longer narrows them down; they
            # point to no page and are removed before the foreign key is checked.
            SearchDocument.objects.bulk_create(
                SearchDocument(
                    page_id=10_000_000 + n,
                    locale_id=corpus["kali"].locale_id,
                    language="de",
                    content_type="project",
                    title=f"Seite {n}",
                    title_terms=f"seit {n}",
                    terms=f"fullwort{n % 50} text",
                )
                for n in range(3000)
            )
            # New entries wait in the GIN indexes' pending lists (fastupdate) until a vacuum;
            # merge them, as autovacuum does, so the plan is the one a settled index gets.
            for index in ("search_document_title_vector", "search_document_body_vector"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute("ANALYZE cms_search_searchdocument")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("DELETE FROM cms_search_searchdocument WHERE page_id >= 10000000")
            assert "Bitmap Index Scan on search_document_title_vector" in plan, plan
            assert "Bitmap Index Scan on search_document_body_vector" in plan, plan
            assert "ts_rank" in sql
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan
    assert search_ids("Kalibergbau Strukturwandel")[:1] == [corpus["kali"].pk]
