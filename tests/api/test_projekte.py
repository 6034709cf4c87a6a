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
