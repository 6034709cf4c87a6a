"""The search API: results, facets, suggestions, promotions, synonyms, query report, bad input."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search import stats
from search.models import QueryStat, Synonym

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


def test_search_endpoint_answers_with_highlights_and_facets(client, corpus):
    response = client.get(URL, {"q": "Schueler", "locale": "de"})
    assert response.status_code == 200
    body = response.json()
    assert body["backend"] == "database" and body["fallback"] is False
    assert body["results"][0]["id"] == corpus["schule"].pk
    assert "<mark>" in body["results"][0]["highlights"]["snippet"]
    assert "project" in {f["value"] for f in body["facets"]["type"]}


def test_filters_by_registry_fields(client, corpus, topics):
    response = client.get(
        URL, {"q": "Energie", "topics": topics["energie"].pk, "status": "running"}
    )
    assert [r["id"] for r in response.json()["results"]] == [corpus["wind"].pk]


def test_syntax_laden_or_empty_queries_never_fail(client, corpus):
    for q in ['"', "((", "a OR b AND", "*", "title:x^2", "~~~", "\\", "<script>", "", "  "]:
        response = client.get(URL, {"q": q})
        assert response.status_code == 200, q
        assert "<script>" not in str(response.json()["results"])


def test_too_long_query_is_a_problem_response(client, corpus):
    response = client.get(URL, {"q": "Kali " * 50})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "200" in response.json()["detail"]


def test_unknown_locale_is_a_problem_response(client, corpus):
    response = client.get(URL, {"q": "Kali", "locale": "fr"})
    assert response.status_code == 400


def test_suggest_completes_titles(client, corpus):
    response = client.get(URL + "suggest/", {"q": "Radw", "locale": "de"})
    assert response.status_code == 200
    assert [s["id"] for s in response.json()["suggestions"]] == [corpus["radweg"].pk]
    response = client.get(URL + "suggest/", {"q": "Bürgerwind Hain"})
    assert [s["id"] for s in response.json()["suggestions"]] == [corpus["wind"].pk]


def test_promotions_come_first(client, corpus):
    query = Query.get("radfahren")
    SearchPromotion.objects.create(query=query, page=corpus["radweg"], description="Empfohlen")
    body = client.get(URL, {"q": "Radfahren"}).json()
    assert body["promotions"][0]["page_id"] == corpus["radweg"].pk


def test_synonyms_apply(client, corpus):
    assert corpus["kali"].pk not in [
        r["id"] for r in client.get(URL, {"q": "Bergwerk"}).json()["results"]
    ]
    Synonym.objects.create(language="de", words="Bergwerk, Schacht")
    results = client.get(URL, {"q": "Bergwerk"}).json()["results"]
    assert results[0]["id"] == corpus["kali"].pk


def test_query_report_counts_without_reader_identity(client, corpus):
    client.get(URL, {"q": "Kalibergbau"}, REMOTE_ADDR="10.1.2.3")
    client.get(URL, {"q": "kalibergbau "})
    client.get(URL, {"q": "Xylophon"})
    assert not QueryStat.objects.exists()  # counted in memory, stored in batches
    assert stats.flush() == 2
    stat = QueryStat.objects.get(query="kalibergbau")
    assert (stat.searches, stat.without_results) == (2, 0)
    assert QueryStat.objects.get(query="xylophon").without_results == 1
    fields = {f.name for f in QueryStat._meta.get_fields()}
    assert fields == {"id", "day", "language", "query", "searches", "without_results"}


def test_report_view_in_admin(admin_client, corpus):
    admin_client.get(URL, {"q": "Xylophon"})
    response = admin_client.get("/admin/suche/bericht/")
    assert "xylophon" not in response.content.decode()
    assert "Die Suchen der letzten Minute erscheinen hier noch nicht." in response.content.decode()
    stats.flush()
    response = admin_client.get("/admin/suche/bericht/")
    assert response.status_code == 200
    assert "xylophon" in response.content.decode()


def test_documents_of_a_type_no_longer_served_are_never_answered(client, corpus):
    """A plugin switched off (``CMS_DISABLED_PLUGINS``) left its pages' documents in the index,
    and search, suggest and promotions answered them until the index was rebuilt."""
    from search.models import DocumentFacet, SearchDocument

    radweg = corpus["radweg"]
    # As the index holds them: the document and its facet rows name the retired type.
    SearchDocument.objects.filter(page_id=radweg.pk).update(content_type="retired_plugin_type")
    DocumentFacet.objects.filter(document_id=radweg.pk).update(content_type="retired_plugin_type")
    DocumentFacet.objects.filter(document_id=radweg.pk, name="type").update(
        value="retired_plugin_type"
    )
    SearchPromotion.objects.create(query=Query.get("radfahren"), page=radweg, description="x")

    body = client.get(URL, {"q": "Radwege", "locale": "de"}).json()
    assert radweg.pk not in [r["id"] for r in body["results"]]
    assert "retired_plugin_type" not in {f["value"] for f in body["facets"].get("type", [])}
    assert not body["promotions"]
    suggested = client.get(URL + "suggest/", {"q": "Radw", "locale": "de"}).json()
    assert radweg.pk not in [s["id"] for s in suggested["suggestions"]]
