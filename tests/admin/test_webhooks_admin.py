"""Webhooks in the German admin (cms.admin.webhooks): the permission "Webhooks verwalten" gates
every view, the role Freigabe holds it, endpoints get a secret on creation, the delivery log
shows each attempt, and "Erneut senden" and "Fortsetzen" work (POST only)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.delivery import webhooks
from cms.delivery.models import WebhookDelivery, WebhookEndpoint
from cms.translation.roles import EDITORS, PUBLISHERS, TRANSLATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=io.StringIO())


def login(django_user_model, name: str, group: str | None = None) -> Client:
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def hook(db):
    return WebhookEndpoint.objects.create(
        url="https://build.example.org/hook",
        description="Website-Build",
        secret=webhooks.new_secret(),
    )


def urls(hook) -> dict[str, str]:
    return {
        "index": reverse("webhooks:index"),
        "add": reverse("webhooks:add"),
        "edit": reverse("webhooks:edit", args=[hook.pk]),
        "delete": reverse("webhooks:delete", args=[hook.pk]),
        "deliveries": reverse("webhooks:deliveries", args=[hook.pk]),
        "resume": reverse("webhooks:resume", args=[hook.pk]),
    }


def test_only_the_permission_opens_the_views(roles, hook, django_user_model):
    publisher = login(django_user_model, "freigabe", PUBLISHERS)
    for name, url in urls(hook).items():
        if name != "resume":
            assert publisher.get(url).status_code == 200, name
    for group in (EDITORS, TRANSLATORS, None):
        other = login(django_user_model, f"u-{group}", group)
        for name, url in urls(hook).items():
            response = other.get(url) if name != "resume" else other.post(url)
            assert response.status_code in (302, 403), (group, name)
            assert not response.get("Location", "").endswith(url)
        assert other.post(urls(hook)["deliveries"], {"resend": 1}).status_code in (302, 403)
    assert (
        not Group.objects.get(name=EDITORS).permissions.filter(codename="manage_webhooks").exists()
    )
    menu = publisher.get(reverse("wagtailadmin_home")).content.decode()
    assert urls(hook)["index"] in menu


def test_create_generates_a_secret_and_the_edit_page_shows_it(admin_client):
    response = admin_client.post(
        reverse("webhooks:add"),
        {
            "url": "https://build.example.org/hook",
            "description": "Website-Build",
            "events": ["page.publish", "page.unpublish", "page.delete"],
            "locales": ["en"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    hook = WebhookEndpoint.objects.get()
    assert response["Location"] == reverse("webhooks:edit", args=[hook.pk])
    assert hook.secret.startswith("whsec_") and hook.owner == admin_client.user
    assert hook.events == ["page.publish", "page.unpublish", "page.delete"]
    assert hook.locales == ["en"]
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert hook.secret in page and "Geheimnis (Standard Webhooks)" in page
    assert "Seiten: nicht mehr veröffentlicht" in page and "Zustellungen" in page


def test_german_labels_and_the_delivery_log(admin_client, hook):
    WebhookDelivery.objects.create(
        endpoint=hook,
        seq=7,
        message_id="msg_abc",
        event_type="page.publish",
        payload={"type": "page.publish", "data": {}},
        status=WebhookDelivery.FAILED,
        attempts=4,
        response_code=502,
        duration_ms=37,
        last_error="HTTP 502: Bad Gateway",
    )
    index = admin_client.get(reverse("webhooks:index")).content.decode()
    assert "Webhooks" in index and "Fehlschläge in Folge" in index and "aktiv" in index
    log = admin_client.get(reverse("webhooks:deliveries", args=[hook.pk])).content.decode()
    for text in ("Zustellungen", "fehlgeschlagen", "502", "37", "msg_abc", "Erneut senden"):
        assert text in log, text
    assert 'method="POST"' in log and "csrfmiddlewaretoken" in log


def test_send_again_queues_one_more_attempt_with_the_same_id(
    admin_client, hook, django_capture_on_commit_callbacks
):
    delivery = WebhookDelivery.objects.create(
        endpoint=hook,
        message_id="msg_again",
        event_type="page.publish",
        payload={"type": "page.publish", "data": {}},
        status=WebhookDelivery.FAILED,
        attempts=4,
    )
    url = reverse("webhooks:deliveries", args=[hook.pk])
    assert admin_client.get(url, {"resend": delivery.pk}).status_code == 200  # GET only shows
    assert not DBTaskResult.objects.exists()
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(admin_client.user)
    assert csrf.post(url, {"resend": delivery.pk}).status_code == 403  # no CSRF token
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"resend": delivery.pk}, follow=True)
    assert "msg_again wird erneut gesendet" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.PENDING and delivery.message_id == "msg_again"
    [queued] = DBTaskResult.objects.filter(backend_name="webhooks")
    assert queued.args_kwargs["args"] == [delivery.pk, 5, 0, True]


def test_resume_unpauses_and_queues_what_waited(
    admin_client, hook, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.filter(pk=hook.pk).update(
        paused_at=timezone.now(), pause_reason="20 Fehlschläge in Folge", consecutive_failures=20
    )
    waiting = WebhookDelivery.objects.create(
        endpoint=hook, message_id="msg_wait", event_type="page.publish", payload={}
    )
    index = admin_client.get(reverse("webhooks:index")).content.decode()
    assert "ist pausiert: 20 Fehlschläge in Folge" in index and "pausiert" in index
    edit = admin_client.get(reverse("webhooks:edit", args=[hook.pk])).content.decode()
    assert "Fortsetzen" in edit
    assert admin_client.get(reverse("webhooks:resume", args=[hook.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("webhooks:resume", args=[hook.pk]), follow=True)
    assert "fortgesetzt; 1 wartende Nachrichten werden gesendet" in response.content.decode()
    hook.refresh_from_db()
    assert not hook.is_paused and hook.consecutive_failures == 0

    [queued] = DBTaskResult.objects.filter(backend_name="webhooks")
    assert queued.args_kwargs["args"] == [waiting.pk, 1, 0, False]


def test_switching_an_endpoint_back_on_sends_what_waited(
    admin_client, hook, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.filter(pk=hook.pk).update(active=False)
    waiting = WebhookDelivery.objects.create(
        endpoint=hook, message_id="msg_off", event_type="page.publish", payload={}
    )
    form = {"url": hook.url, "description": hook.description, "active": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("webhooks:edit", args=[hook.pk]), form)
    assert response.status_code == 302
    [queued] = DBTaskResult.objects.filter(backend_name="webhooks")
    assert queued.args_kwargs["args"] == [waiting.pk, 1, 0, False]


def visible_text(html: str) -> str:
    """The text of ``html`` outside scripts, styles, templates and ``hidden`` elements."""
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []
            self.stack: list[bool] = []

        def handle_starttag(self, tag, attrs):
            if tag in void:
                return
            hidden = tag in ("script", "style", "template") or any(k == "hidden" for k, _ in attrs)
            self.stack.append(hidden)

        def handle_endtag(self, tag):
            if tag not in void and self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if not any(self.stack):
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_every_webhook_screen_reads_german(admin_client, hook):
    from tests.browser.german_ui import english_words

    WebhookEndpoint.objects.filter(pk=hook.pk).update(
        paused_at=timezone.now(), pause_reason="3 Fehlschläge in Folge"
    )
    WebhookDelivery.objects.create(
        endpoint=hook,
        message_id="msg_de",
        event_type="page.unpublish",
        payload={},
        status=WebhookDelivery.RETRYING,
        attempts=2,
        next_attempt_at=timezone.now(),
        last_error="ConnectionError: refused",
    )
    for name, url in urls(hook).items():
        if name == "resume":
            continue
        html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        text = visible_text(html[html.index("<main") : html.index("</main>")])
        text = text.replace("ConnectionError: refused", " ")
        assert english_words(text) == [], (name, english_words(text))
