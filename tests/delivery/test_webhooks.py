"""Signed webhooks (cms.delivery.webhooks): a real receiver on 127.0.0.1 verifies every message
with the standardwebhooks library and sees each event of an editing session exactly once, in
order per object; retries, pausing with the owner told, filters, and publishing that never waits.
"""

from __future__ import annotations

import datetime
import socket
import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cms.delivery import webhooks
from cms.delivery.models import ChangeEvent, WebhookDelivery, WebhookEndpoint
from cms.models import CmsImage
from tests.api.conftest import make_image, publish
from tests.delivery.webhook_receiver import Receiver, dumps, payloads, run_worker
from tests.plugins.events.models import EventPage, Venue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("webmaster", "webmaster@example.org", "pw")


def endpoint(url: str, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=url, secret=webhooks.new_secret(), **fields)


def new_event(home, slug: str = "sommerfest", title: str = "Sommerfest") -> EventPage:
    return home.add_child(
        instance=EventPage(
            title=title,
            slug=slug,
            start=datetime.date(2026, 7, 1),
            locale=home.locale,
            live=False,
        )
    )


def rename(instance, field: str, value: str) -> None:
    setattr(instance, field, value)
    instance.save()


def last_seq() -> int:
    return ChangeEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def refused_url() -> str:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/hook"


def test_editing_session_reaches_the_receiver_once_per_event_signed_and_in_order(home, owner):
    with Receiver() as receiver:
        hook = endpoint(receiver.url, owner=owner, description="Website-Build")
        receiver.secret = hook.secret
        start = last_seq()

        page = new_event(home)  # a draft nobody has seen: no message
        page.save_revision()
        steps = [
            lambda: publish(page),
            lambda: (setattr(page, "title", "Sommerfest 2026"), publish(page)),
            lambda: (setattr(page, "slug", "sommerfest-2026"), publish(page)),  # rename
            page.unpublish,
            lambda: Venue.objects.create(name="Theater Nordhausen", locale=home.locale),
            lambda: rename(Venue.objects.get(), "name", "Theater Nordhausen (Großes Haus)"),
            lambda: make_image("Kyffhäuser"),
            lambda: rename(CmsImage.objects.get(title="Kyffhäuser"), "title", "Kyffhäuserdenkmal"),
            page.delete,
        ]
        page_id = page.pk
        for step in steps:
            step()
            run_worker()  # a worker that keeps up: one message per change
        venue = Venue.objects.get()

    assert receiver.rejected == []
    ids = [message_id for message_id, _ in receiver.messages]
    assert len(ids) == len(set(ids))  # each message exactly once
    deliveries = list(WebhookDelivery.objects.filter(endpoint=hook))
    assert {d.message_id for d in deliveries} == set(ids)
    assert all(d.status == "succeeded" and d.attempts == 1 for d in deliveries)
    assert all(d.response_code == 204 and d.duration_ms is not None for d in deliveries)

    received = payloads(receiver)
    seqs = [p["data"]["seq"] for p in received]
    events = list(ChangeEvent.objects.filter(seq__gt=start))
    first_publish = min(
        p["data"]["seq"]
        for p in received
        if p["type"] == "page.publish" and p["data"]["id"] == page_id
    )

    # Every event of the session arrived (events of one transaction as one message), but the
    # draft's before its first publish.
    def covered(event):
        return any(
            (p["data"]["object_type"], p["data"]["id"]) == (event.object_type, event.object_id)
            and p["data"]["seq"] >= event.seq
            for p in received
        )

    missing = [e for e in events if e.seq not in seqs]
    assert missing and all(covered(e) or e.seq < first_publish for e in missing)
    assert all(e.object_id == page_id for e in missing if not covered(e))
    assert len(seqs) == len(set(seqs))
    # In order per object.
    by_object: dict = {}
    for p in received:
        by_object.setdefault((p["data"]["object_type"], p["data"]["id"]), []).append(
            p["data"]["seq"]
        )
    assert all(s == sorted(s) for s in by_object.values())

    page_types = [
        p["type"]
        for p in received
        if (p["data"]["object_type"], p["data"]["id"]) == ("page", page_id)
    ]
    assert page_types == ["page.publish"] * 3 + ["page.unpublish", "page.delete"]
    types = {p["type"] for p in received}
    assert {"venue.publish", "image.publish"} <= types
    venue_payloads = [p for p in received if p["type"] == "venue.publish"]
    assert {p["data"]["id"] for p in venue_payloads} == {venue.pk}
    assert all(p["data"]["locale"] == "de" for p in venue_payloads)
    [renamed] = [p for p in received if "sommerfest-2026" in " ".join(p["data"]["urls"])][:1]
    assert renamed["type"] == "page.publish" and renamed["data"]["subtree"]
    assert "/api/v1/pages/find/?path=/sommerfest/" in " ".join(renamed["data"]["urls"])  # old path
    assert all(p["timestamp"].endswith("Z") for p in received)


def test_receiver_rejects_replays_forgeries_and_old_timestamps(home, owner):
    with Receiver() as receiver:
        hook = endpoint(receiver.url, owner=owner)
        receiver.secret = hook.secret
        publish(new_event(home))
        run_worker()
        assert len(receiver.messages) >= 1 and receiver.rejected == []
        body, headers = receiver.raw[-1]

        assert receiver.post(body, headers) == 409  # the same webhook-id again
        forged = body.replace(b"sommerfest", b"sommerfest-x")
        assert receiver.post(forged, headers) == 400
        old = timezone.now() - datetime.timedelta(minutes=10)
        stale = webhooks.sign_headers(hook.secret, "msg_old", body.decode(), old)
        assert receiver.post(body, stale) == 400
        other = webhooks.sign_headers(webhooks.new_secret(), "msg_other", body.decode(), old)
        assert receiver.post(body, other) == 400
    assert receiver.rejected[0].startswith("replay of msg_")
    assert receiver.rejected[1:] == [
        "No matching signature found",
        "Message timestamp too old",
        "Message timestamp too old",
    ]


def test_two_failures_then_success_is_one_delivery_of_three_attempts(home, owner):
    with Receiver(fail_next=2) as receiver:
        hook = endpoint(receiver.url, owner=owner, events=["page.publish"])
        receiver.secret = hook.secret
        publish(new_event(home))  # several feed events, one message
        run_worker()
    assert receiver.requests == 3
    [delivery] = WebhookDelivery.objects.filter(endpoint=hook)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 3, 204)
    assert [message_id for message_id, _ in receiver.messages] == [delivery.message_id]
    # Every attempt carried the same webhook-id (signed with the time of the attempt).
    assert {h["webhook-id"] for _, h in receiver.raw} == {delivery.message_id}
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and not hook.is_paused


def test_endpoint_that_keeps_failing_is_paused_and_its_owner_told(home, owner, settings):
    with Receiver(fail_next=1000, fail_status=500) as receiver:
        hook = endpoint(receiver.url, owner=owner, events=["page.publish"])
        receiver.secret = hook.secret
        publish(new_event(home))
        run_worker()
        [delivery] = WebhookDelivery.objects.filter(endpoint=hook)
        attempts = 1 + len(settings.CMS_WEBHOOK_RETRY_DELAYS)
        assert (delivery.status, delivery.attempts) == ("failed", attempts)
        assert delivery.response_code == 500 and "HTTP 500" in delivery.last_error
        hook.refresh_from_db()
        assert hook.is_paused and delivery.message_id in hook.pause_reason
        assert receiver.requests == attempts
        [message] = mail.outbox
        assert message.to == ["webmaster@example.org"]
        assert message.subject.startswith("Webhook pausiert")
        assert "Fortsetzen" in message.body

        # While paused, changes wait for it and nothing is sent.
        publish(new_event(home, "herbstfest", "Herbstfest"))
        run_worker()
        assert receiver.requests == attempts
        [waiting] = WebhookDelivery.objects.filter(endpoint=hook, status="pending")

        # Resumed with a healthy receiver: what waited arrives; "send again" sends the failed one.
        receiver.fail_next = 0
        with transaction.atomic():
            assert webhooks.resume(hook) == 1
        run_worker()
        with transaction.atomic():
            webhooks.resend(delivery)
        run_worker()
    assert receiver.rejected == []
    assert [message_id for message_id, _ in receiver.messages] == [
        waiting.message_id,
        delivery.message_id,
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", attempts + 1)
    assert len(mail.outbox) == 1  # told once


def test_consecutive_failures_across_messages_pause_the_endpoint(home, owner, settings):
    settings.CMS_WEBHOOK_PAUSE_AFTER = 2
    settings.CMS_WEBHOOK_RETRY_DELAYS = [60.0]  # retries much later: two first tries fail
    with Receiver(fail_next=1000) as receiver:
        hook = endpoint(receiver.url, owner=owner, events=["page.publish"])
        receiver.secret = hook.secret
        publish(new_event(home, "a", "A"))
        publish(new_event(home, "b", "B"))
        run_worker()
    hook.refresh_from_db()
    assert receiver.requests == 2
    assert hook.is_paused and hook.pause_reason == "2 Fehlschläge in Folge"
    assert sorted(hook.deliveries.values_list("status", flat=True)) == ["retrying", "retrying"]
    assert len(mail.outbox) == 1


def test_publish_never_waits_on_a_dead_or_hanging_endpoint(home, owner, settings):
    hanging = socket.socket()  # accepts connections, never answers
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(8)
    try:
        dead = endpoint(refused_url(), owner=owner)
        slow = endpoint(f"http://127.0.0.1:{hanging.getsockname()[1]}/hook", owner=owner)
        page = new_event(home)
        started = time.monotonic()
        publish(page)
        elapsed = time.monotonic() - started
        assert elapsed < settings.CMS_WEBHOOK_TIMEOUT  # a send in the request would hang
        for hook in (dead, slow):
            deliveries = WebhookDelivery.objects.filter(endpoint=hook)
            assert deliveries.exists()
            assert all(d.status == "pending" and d.attempts == 0 for d in deliveries)
        assert EventPage.objects.get(pk=page.pk).live
        slow.delete()
    finally:
        hanging.close()
    settings.CMS_WEBHOOK_RETRY_DELAYS = [0.01]
    run_worker()
    delivery = WebhookDelivery.objects.filter(endpoint=dead).first()
    assert delivery.response_code is None and "ConnectionError" in delivery.last_error
    assert delivery.attempts == 2 and delivery.status == "failed"


def test_events_and_locales_filter_what_an_endpoint_gets(home, english_home, owner):
    images = endpoint("http://127.0.0.1:9/images", events=["image.*"])
    english = endpoint("http://127.0.0.1:9/en", locales=["en"])
    deletions = endpoint("http://127.0.0.1:9/deleted", events=["page.delete"])
    everything = endpoint("http://127.0.0.1:9/all")
    off = endpoint("http://127.0.0.1:9/off", active=False)
    start = last_seq()

    german = publish(new_event(home))
    english_page = german.copy_for_translation(english_home.locale)
    publish(english_page)
    image = make_image()
    german.delete()

    def types(hook):
        return sorted({(d.event_type, d.payload["data"]["locale"]) for d in hook.deliveries.all()})

    assert types(images) == [("image.publish", None)]
    assert types(english) == [("image.publish", None), ("page.publish", "en")]
    assert types(deletions) == [("page.delete", "de")]
    assert {("page.publish", "de"), ("page.publish", "en"), ("page.delete", "de")} <= set(
        types(everything)
    )
    assert not off.deliveries.exists()
    assert all(d.seq > start for d in everything.deliveries.all())
    assert {d.payload["data"]["id"] for d in images.deliveries.all()} == {image.pk}


def test_matches_and_event_types():
    hook = WebhookEndpoint(events=["page.*", "*.delete"], locales=["de"])
    assert webhooks.matches(hook, "page.unpublish", "de")
    assert webhooks.matches(hook, "venue.delete", "")
    assert not webhooks.matches(hook, "venue.publish", "de")
    assert not webhooks.matches(hook, "page.publish", "en")
    choices = dict(webhooks.event_choices())
    assert choices["page.unpublish"] == "Seiten: nicht mehr veröffentlicht"
    assert "venue.publish" in choices and "image.delete" in choices
    secret = webhooks.new_secret()
    assert secret.startswith("whsec_") and len(secret) == 6 + 44
    body = dumps({"type": "page.publish"})
    at = timezone.now()
    headers = webhooks.sign_headers(secret, "msg_1", body, at)
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    assert headers["webhook-signature"].startswith("v1,")


def test_serve_sends_webhooks_from_its_worker_thread(shared_database, home, owner, monkeypatch):
    # The worker thread has its own connection: the test database as a real file (SQLite).
    from cms.delivery import worker
    from cms.management.commands.serve import Command as ServeCommand

    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.inner_run", lambda self, *a, **k: None
    )
    started = []
    monkeypatch.setattr(worker, "start", lambda: started.append(worker.WebhookWorker(0.05)))
    ServeCommand().inner_run(publish_interval=0, webhook_worker=True)
    [thread] = started
    with Receiver() as receiver:
        hook = endpoint(receiver.url, owner=owner, events=["page.publish"])
        receiver.secret = hook.secret
        thread.start()
        try:
            publish(new_event(home))
            deadline = time.monotonic() + 30
            while not receiver.messages and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            thread.stop()
            thread.join(5)
    assert [p["type"] for p in payloads(receiver)] == ["page.publish"]
    assert thread.name == "cms-webhook-worker" and thread.daemon and not thread.is_alive()
