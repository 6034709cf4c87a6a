"""Round trips for the projekte plugin's types: filters from the registry, typed cards."""

from __future__ import annotations

import datetime

from projekte import models
from tests.api.conftest import publish
from tests.projekte import factories


def test_project_filters_topic_status_and_document_kind(api, home, en):
    projects = factories.ProjectIndexPageFactory(parent=home)
    media = factories.DocumentIndexPageFactory(parent=home)
    topic = factories.TopicFactory(name="Fachkräfte")
    other = factories.TopicFactory(name="Tourismus")
    running = factories.ProjectPageFactory(parent=projects, status="running")
    running.topics.set([topic])
    publish(running)
    finished = factories.ProjectPageFactory(
        parent=projects, status="finished", end_date=datetime.date(2025, 1, 1)
    )
    finished.topics.set([other])
    publish(finished)
    minutes = publish(factories.DocumentPageFactory(parent=media, kind=models.DocumentKind.MINUTES))

    def ids(query):
        return [i["id"] for i in api.get_json(f"/api/v1/pages/?{query}")["items"]]

    assert ids(f"type=project&topics={topic.pk}") == [running.pk]
    # The English topic's id selects the same projects (filters match all translations).
    english_topic = topic.copy_for_translation(en)
    english_topic.save()
    assert ids(f"type=project&topics={english_topic.pk}&locale=de") == [running.pk]
    assert ids("type=project&status=finished") == [finished.pk]
    assert ids(f"kind={models.DocumentKind.MINUTES}") == [minutes.pk]
    card = api.get_json("/api/v1/pages/?type=project&status=running")["items"][0]
    assert {"teaser", "hero_image", "status", "start_date"} <= set(card)
    detail = api.get_json(f"/api/v1/pages/{running.pk}/")
    assert [t["label"] for t in detail["topics"]] == ["Fachkräfte"]
    assert detail["type"] == "project" and detail["parent"]["type"] == "project_index"


def test_cards_of_every_projekte_type_cost_the_same_queries_for_2_and_8_pages(api, home, settings):
    """Listings load cards with only the columns a card needs: nothing is fetched per item."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    sections = {
        "project": (factories.ProjectIndexPageFactory, factories.ProjectPageFactory),
        "document": (factories.DocumentIndexPageFactory, factories.DocumentPageFactory),
        "partner": (factories.PartnerIndexPageFactory, factories.PartnerPageFactory),
    }
    image = factories.ImageFactory()
    for api_name, (index_factory, page_factory) in sections.items():
        index = index_factory(parent=home)
        counts = {}
        for n in (2, 8):
            while len(api.get_json(f"/api/v1/pages/?type={api_name}&limit=50")["items"]) < n:
                extra = {"hero_image": image} if api_name == "project" else {}
                publish(page_factory(parent=index, **extra))
            with CaptureQueriesContext(connection) as queries:
                items = api.get_json(f"/api/v1/pages/?type={api_name}&limit={n}")["items"]
            assert len(items) == n and all(i["type"] == api_name for i in items)
            counts[n] = len(queries)
        assert counts[2] == counts[8], (api_name, counts)
    cards = api.get_json("/api/v1/pages/?type=project&limit=1")["items"]
    assert cards[0]["hero_image"]["id"] == image.pk and cards[0]["hero_image"]["alt"]
