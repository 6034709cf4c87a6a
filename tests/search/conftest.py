"""A small German and English corpus of project pages, indexed for search."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from wagtail.models import Page

from search import indexing


@pytest.fixture(autouse=True)
def _commits_run_feed_consumers_also_when_captured(request, monkeypatch):
    """The search tests build their corpus through the feed also when they capture a request's
    callbacks (``tests/conftest.py`` leaves those alone): on_commit runs where production commits
    (:mod:`tests.commits`); a captured request's callbacks still run at its own commit."""
    if "django_capture_on_commit_callbacks" in request.fixturenames:
        from tests.commits import run_on_commit_where_production_commits

        run_on_commit_where_production_commits(monkeypatch)


def add_project(parent: Page, title: str, teaser: str, body=(), **fields):
    from projekte.models import ProjectPage

    page = ProjectPage(
        title=title,
        teaser=teaser,
        start_date=fields.pop("start_date", datetime.date(2024, 1, 1)),
        body=list(body),
        **fields,
    )
    # One transaction: the feed's consumers see the new page once, published (three commits
    # indexed it three times; the corpus is the tests' starting point, not what they test).
    with transaction.atomic():
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def project_index(home):
    from projekte.models import ProjectIndexPage

    index = ProjectIndexPage(title="Projekte", slug="projekte")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def topics(locales):
    from projekte.models import Topic

    return {
        slug: Topic.objects.create(name=name, slug=slug, locale=locales["de"])
        for slug, name in [
            ("energie", "Energie"),
            ("bildung", "Bildung"),
            ("wirtschaft", "Wirtschaft"),
        ]
    }


@pytest.fixture
def corpus(project_index, topics):
    """Five German projects with inflections, compounds, umlauts and ß."""
    pages = {}
    pages["fachkraefte"] = add_project(
        project_index,
        "Fachkräftesicherung im Kyffhäuserkreis",
        "Wie Betriebe in Nordthüringen Nachwuchs gewinnen.",
        [("heading", {"text": "Ausbildung und Zuzug", "level": "h2"})],
        status="running",
    )
    pages["fachkraefte"].topics.add(topics["wirtschaft"])
    pages["fachkraefte"].save_revision().publish()
    pages["schule"] = add_project(
        project_index,
        "Schülerlabor Sondershausen",
        "Schüler experimentieren mit erneuerbaren Energien.",
        status="finished",
        end_date=datetime.date(2025, 6, 30),
    )
    pages["schule"].topics.add(topics["bildung"], topics["energie"])
    pages["schule"].save_revision().publish()
    pages["kali"] = add_project(
        project_index,
        "Kalibergbau und Strukturwandel in Roßleben",
        "Vom Schacht zum Gewerbegebiet: die Nachnutzung der Kaliwerke.",
        status="running",
    )
    pages["radweg"] = add_project(
        project_index,
        "Radwege an der Unstrut",
        "Neue Radwege verbinden die Dörfer im Unstrut-Hainich-Kreis.",
        status="planned",
    )
    pages["wind"] = add_project(
        project_index,
        "Bürgerwindpark Hainleite",
        "Ein Windpark in Bürgerhand liefert Strom für die Region.",
        status="running",
    )
    pages["wind"].topics.add(topics["energie"])
    pages["wind"].save_revision().publish()
    return pages


@pytest.fixture(autouse=True)
def _no_counts_from_other_tests():
    """Search statistics wait in this process's memory (search.stats): start from none."""
    from search import stats

    stats.discard()


def search_ids(query, language="de", **kwargs):
    from search import service

    return [r["id"] for r in service.search(query, language, log=False, **kwargs).results]


@pytest.fixture
def reindex():
    return indexing.rebuild


@pytest.fixture
def engine(settings):
    """Point the search at the real engine node, with throw-away indices."""
    from .engine import delete_indices, engine_settings, engine_url

    url = engine_url()
    settings.WAGTAILSEARCH_BACKENDS, prefix = engine_settings(url)
    yield url
    delete_indices(url, prefix)


@pytest.fixture
def engine_corpus(engine, corpus):
    """The corpus, with the engine index built atomically (as ``search_rebuild`` does)."""
    indexing.rebuild_backend_index("default")
    return corpus
