"""A server worker warms the search up before its first request (issue 17: the first search
after a worker starts cost 4–6 warm ones), reading only."""

import runpy
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import analysis, dictionary, terms

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def test_the_gunicorn_worker_warms_the_search_up_reading_only(corpus):
    gunicorn_conf = runpy.run_path(str(Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py"))
    terms._vocabularies.clear()
    analysis._stemmer.cache_clear()
    dictionary._noun_set.cache_clear()
    with CaptureQueriesContext(connection) as queries:
        gunicorn_conf["post_worker_init"](None)
    assert "de" in terms._vocabularies and "en" in terms._vocabularies  # a search ran per language
    assert analysis._stemmer.cache_info().currsize >= 2  # the stemmers are built
    assert dictionary._noun_set.cache_info().currsize == 1  # the dictionary is read
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert any("cms_search_searchdocument" in q["sql"] for q in queries)


def test_the_development_server_of_make_run_warms_up_too(corpus, monkeypatch):
    from cms.management.commands.serve import Command as ServeCommand

    served = []
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.inner_run",
        lambda self, *a, **k: served.append(dict(terms._vocabularies)),
    )
    terms._vocabularies.clear()
    ServeCommand().inner_run(publish_interval=0, webhook_worker=False)
    assert served and {"de", "en"} <= set(served[0])  # warm before the first request


def test_the_warm_up_is_a_registered_plugin_step():
    from cms.plugin.registry import registry
    from cms.runtime.warmup import warm_up

    assert "search.warmup.warm" in registry.get("cms_search").warm_up
    assert callable(warm_up)
