"""Failed webhook deliveries in ``/metrics``: ``cms_webhook_delivery_failures_total{outcome}``."""

from __future__ import annotations

import pytest

from cms.delivery.models import WebhookDelivery
from tests.api.conftest import publish
from tests.delivery.test_webhooks import endpoint, new_event, refused_url
from tests.delivery.webhook_receiver import Receiver, run_worker
from tests.metrics import scrape, value

# The worker commits and closes its database connection, as in tests/delivery/test_webhooks.py.
pytestmark = pytest.mark.django_db(transaction=True)

FAILURES = "cms_webhook_delivery_failures_total"


def _failures(client, settings) -> tuple[float, float]:
    samples = scrape(client, settings)
    return (
        value(samples, FAILURES, outcome="retrying"),
        value(samples, FAILURES, outcome="failed"),
    )


def test_every_failed_attempt_counts_the_last_one_as_failed(
    home, django_user_model, client, settings
):
    owner = django_user_model.objects.create_user("webmaster", "webmaster@example.org", "pw")
    retrying, failed = _failures(client, settings)
    hook = endpoint(refused_url(), owner=owner, events=["page.publish"])  # connection refused
    publish(new_event(home))
    run_worker()
    [delivery] = WebhookDelivery.objects.filter(endpoint=hook)
    retries = len(settings.CMS_WEBHOOK_RETRY_DELAYS)
    assert (delivery.status, delivery.attempts) == ("failed", retries + 1)
    assert _failures(client, settings) == (retrying + retries, failed + 1)


def test_a_delivered_message_counts_no_failure_but_its_failed_tries(
    home, django_user_model, client, settings
):
    owner = django_user_model.objects.create_user("webmaster", "webmaster@example.org", "pw")
    retrying, failed = _failures(client, settings)
    with Receiver(fail_next=1) as receiver:  # one 503, then accepted
        hook = endpoint(receiver.url, owner=owner, events=["page.publish"])
        receiver.secret = hook.secret
        publish(new_event(home))
        run_worker()
    assert WebhookDelivery.objects.get(endpoint=hook).status == "succeeded"
    assert _failures(client, settings) == (retrying + 1, failed)
