"""Feed consumers (cms.delivery.consumers): called once per event after the commit, never for a
rolled-back change, and a failing consumer neither undoes the change nor stops the others."""

import pytest
from django.core import checks
from django.db import transaction

from cms.delivery import consumers, feed
from cms.delivery.models import ChangeEvent
from cms.plugin.registry import Plugin, registry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seen():
    calls: list[int] = []
    consumers.register("test-seen", lambda event: calls.append(event.seq))
    yield calls
    consumers.unregister("test-seen")


def test_consumer_runs_after_commit_only(seen):
    with transaction.atomic():
        event = feed.record("locale", 1)
        assert seen == []  # not before the commit
    assert seen == [event.seq]

    with pytest.raises(RuntimeError), transaction.atomic():
        feed.record("locale", 2)
        raise RuntimeError("the change fails")
    assert seen == [event.seq]  # the rolled-back event never reaches a consumer


def test_failing_consumer_neither_undoes_the_change_nor_stops_the_others(seen, caplog):
    def broken(event):
        raise ValueError("consumer down")

    consumers.register("test-broken", broken)
    try:
        with transaction.atomic():
            event = feed.record("locale", 3)
    finally:
        consumers.unregister("test-broken")
    assert ChangeEvent.objects.filter(seq=event.seq).exists()
    assert seen == [event.seq]
    assert "test-broken failed on event" in caplog.text


def test_plugin_feed_consumer_that_cannot_be_imported_is_a_start_up_error():
    registry.register(Plugin(label="brokenfeed", verbose_name="x", feed_consumers=("nope.gone",)))
    try:
        errors = [e for e in checks.run_checks() if e.id == "cms.E021"]
    finally:
        registry.unregister("brokenfeed")
    assert len(errors) == 1 and "nope.gone" in errors[0].msg
