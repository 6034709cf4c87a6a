"""Search speaks the pages API's dialect (issue 17, part A): a hit is the page's card plus its
highlights, linkable by ``path``/``url``; filters take the names, values (ids) and repetition
rules of ``/pages/``; unknown parameters are 400; answers carry ETag, Cache-Control and
Content-Language like every other endpoint; suggestions answer with the same card basics."""

from __future__ import annotations

import pytest

from tests.search.test_languages import bilingual  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
SUGGEST = URL + "suggest/"


def _card(client, page, locale: str, **headers) -> dict:
    """The page's card as ``GET /pages/`` lists it."""
    listing = client.get(
        "/api/v1/pages/", {"type": "project", "locale": locale, "limit": 100}, **headers
    ).json()
    return next(item for item in listing["items"] if item["id"] == page.pk)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_hit_is_the_pages_card_plus_highlights(client, bilingual, language):  # noqa: F811
    page = bilingual[language]
    q = {"de": "Schule", "en": "School"}[language]
    body = client.get(URL, {"q": q, "locale": language}).json()
    hit = next(h for h in body["results"] if h["id"] == page.pk)
    assert "url_path" not in hit
    highlights = hit.pop("highlights")
    assert hit == _card(client, page, language)
    assert "<mark>" in highlights["title"] and set(highlights) == {"title", "snippet"}
    assert hit["locale"] == language and hit["hero_image"]["renditions"]
    found = client.get("/api/v1/pages/find/", {"path": hit["path"], "locale": language})
    assert found.status_code == 200, found.content
    assert found.json()["id"] == page.pk


def test_hit_urls_are_for_the_asking_front_end(client, bilingual):  # noqa: F811
    from cms.api.models import FrontEnd

    FrontEnd.objects.create(name="app", title="App", base_url="nordthueringen://")
    hit = client.get(URL, {"q": "Schule", "locale": "de"}, HTTP_X_FRONTEND="app").json()
    hit = hit["results"][0]
    assert hit["url"].startswith("nordthueringen://") and hit["url"].endswith(hit["path"])
    suggestion = client.get(SUGGEST, {"q": "Schul", "locale": "de"}, HTTP_X_FRONTEND="app")
    assert suggestion.json()["suggestions"][0]["url"] == hit["url"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_suggestions_carry_the_card_basics(client, bilingual, language):  # noqa: F811
    page = bilingual[language]
    q = {"de": "Schul", "en": "Scho"}[language]
    (suggestion,) = client.get(SUGGEST, {"q": q, "locale": language}).json()["suggestions"]
    card = _card(client, page, language)
    assert suggestion == {k: card[k] for k in ("id", "type", "title", "locale", "path", "url")}
    found = client.get("/api/v1/pages/find/", {"path": suggestion["path"], "locale": language})
    assert found.json()["id"] == page.pk


def test_filters_take_the_ids_pages_takes(client, corpus, topics):
    energie = topics["energie"].pk
    body = client.get(URL, {"q": "Energie", "locale": "de", "topics": energie}).json()
    assert [r["id"] for r in body["results"]] == [corpus["wind"].pk, corpus["schule"].pk] or {
        r["id"] for r in body["results"]
    } == {corpus["wind"].pk, corpus["schule"].pk}
    listed = client.get("/api/v1/pages/", {"type": "project", "topics": energie}).json()
    assert {r["id"] for r in body["results"]} == {item["id"] for item in listed["items"]}
    # The facet's values are the filter's values: each selects what it counts.
    facet = client.get(URL, {"q": "Energie", "locale": "de"}).json()["facets"]["topics"]
    for value in facet:
        chosen = client.get(URL, {"q": "Energie", "locale": "de", "topics": value["value"]})
        assert chosen.json()["total"] == value["count"], value
    selected = client.get(URL, {"q": "Energie", "locale": "de", "topics": energie}).json()
    assert [v["selected"] for v in selected["facets"]["topics"] if v["value"] == str(energie)] == [
        True
    ]


def test_filters_combine_with_the_type_and_choices(client, corpus, topics):
    body = client.get(
        URL,
        {"q": "Energie", "topics": topics["energie"].pk, "status": "running", "type": "project"},
    ).json()
    assert [r["id"] for r in body["results"]] == [corpus["wind"].pk]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"topic": "strukturwandel"}, "topic"),  # a name /pages/ does not know
        ({"topics": "energie"}, "topics"),  # a slug where /pages/ takes an id
        ({"status": "somewhere"}, "status"),  # not a status
        ({"type": "nonsense"}, "type"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_unknown_or_invalid_filters_are_problems(client, corpus, params, name):
    response = client.get(URL, {"q": "Kali", "locale": "de", **params})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert name in {p["name"] for p in response.json()["invalid_params"]}
    pages = client.get("/api/v1/pages/", params)
    assert pages.status_code == 400  # the same rule as the pages API


@pytest.mark.parametrize(
    "value", ["0", "-1", "2147483648", "9223372036854775808", "99999999999999999999"]
)
def test_an_id_out_of_range_is_a_problem_for_every_id_filter(client, corpus, value):
    """Review of issue 17/18: ``places=99999999999999999999`` was a 500 on search (the facet
    count's empty match) and ``partners=…`` one on /pages/ (SQLite's OverflowError)."""
    from cms.api.pages import filter_defs

    names = [fd.name for fd in filter_defs().values() if any(f.is_relation for _m, f in fd.targets)]
    assert {"topics", "places", "partners"} <= set(names)
    for name in names:
        for path, params in ((URL, {"q": "Kali", "locale": "de"}), ("/api/v1/pages/", {})):
            response = client.get(path, {**params, name: value})
            assert response.status_code == 400, (path, name, response.content[:300])
            assert response["Content-Type"] == "application/problem+json"
            assert name in {p["name"] for p in response.json()["invalid_params"]}


@pytest.mark.parametrize("path", [URL, SUGGEST])
def test_repeating_a_parameter_is_a_problem(client, corpus, topics, path):
    query = "q=Kali&locale=de&status=running&status=planned"
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "status"
    response = client.get(f"{path}?q=Kali&q=Schacht")
    assert response.status_code == 400


def test_unknown_parameters_of_suggest_are_problems(client, corpus):
    response = client.get(SUGGEST, {"q": "Kal", "topic": "x"})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "topic"


@pytest.mark.parametrize("path", [URL, SUGGEST])
def test_search_answers_have_etag_cache_control_and_language(client, corpus, path):
    response = client.get(path, {"q": "Kali", "locale": "de"})
    assert response.status_code == 200
    assert response["ETag"] and response["Cache-Control"].startswith("public")
    assert response["Content-Language"] == "de"
    again = client.get(path, {"q": "Kali", "locale": "de"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]


def test_search_answers_follow_what_changed(client, corpus):
    """Search answers depend on the index, synonyms and promotions: never served stale from the
    API's response cache."""
    from search.models import Synonym

    before = client.get(URL, {"q": "Bergwerk", "locale": "de"}).json()
    assert corpus["kali"].pk not in [r["id"] for r in before["results"]]
    Synonym.objects.create(language="de", words="Bergwerk, Schacht")
    after = client.get(URL, {"q": "Bergwerk", "locale": "de"}).json()
    assert after["results"][0]["id"] == corpus["kali"].pk


def test_a_bad_token_is_refused_like_everywhere(client, corpus):
    response = client.get(URL, {"q": "Kali"}, HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_describes_the_dialect(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    search = spec["paths"]["/api/v1/search/"]["get"]
    pages = spec["paths"]["/api/v1/pages/"]["get"]
    params = {p["name"]: p["schema"] for p in search["parameters"]}
    listing = {p["name"]: p["schema"] for p in pages["parameters"]}
    for name in ("type", "topics", "places", "status", "kind", "date_from", "locale", "frontend"):
        assert params[name] == listing[name], name
    for status in ("400", "401"):
        assert list(search["responses"][status]["content"]) == ["application/problem+json"]
    schemas = spec["components"]["schemas"]
    out = schemas[
        search["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[
            1
        ]
    ]
    assert out["properties"]["locale"]["enum"] == ["de", "en"]
    hits = out["properties"]["results"]["items"]
    assert hits["discriminator"]["propertyName"] == "type"
    project_hit = schemas[hits["discriminator"]["mapping"]["project"].rsplit("/", 1)[1]]
    project_card = schemas["ProjectCard"]
    assert set(project_hit["properties"]) == set(project_card["properties"]) | {"highlights"}


def test_promoted_pages_are_linkable_cards(client, corpus):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    radweg = corpus["radweg"]
    query = Query.get("radfahren")
    SearchPromotion.objects.create(query=query, page=radweg, description="Empfohlen")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/", external_link_text="Extern"
    )
    promotions = client.get(URL, {"q": "Radfahren", "locale": "de"}).json()["promotions"]
    page, link = promotions
    assert page["page"] == _card(client, radweg, "de") and page["page_id"] == radweg.pk
    found = client.get("/api/v1/pages/find/", {"path": page["page"]["path"], "locale": "de"})
    assert found.json()["id"] == radweg.pk
    assert link["page"] is None and link["url"] == "https://example.org/"


def test_every_facet_names_a_filter_the_search_takes():
    """A facet link sets ``<name>=<value>``: a date filter, set by ``date_from``/``date_to``,
    has no facet (``date=2019-09-10`` answered 400)."""
    from cms.plugin.api import filter_params
    from search.service import filter_names

    assert filter_names() and filter_names() <= set(filter_params())
