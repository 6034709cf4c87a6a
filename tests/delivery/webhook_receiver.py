"""A real webhook receiver on 127.0.0.1 for the tests, and a way to run the webhook worker.

:class:`Receiver` is what a front end's build hook would be: an HTTP server (a thread) that
verifies every request with the ``standardwebhooks`` library (signature, timestamp within five
minutes) and rejects a ``webhook-id`` it has seen (replay). It can be told to fail its next
requests. :func:`run_worker` runs django-tasks-db's worker on the ``webhooks`` backend until no
task is waiting (retries scheduled a little later included).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Receiver:
    """An HTTP receiver of Standard Webhooks: ``messages`` holds ``(webhook-id, payload)`` of
    every verified request in arrival order, ``rejected`` the reasons of refused ones,
    ``requests`` counts all. ``fail_next`` requests are answered ``fail_status`` first."""

    def __init__(self, secret: str = "", fail_next: int = 0, fail_status: int = 503):
        self.secret = secret
        self.fail_next = fail_next
        self.fail_status = fail_status
        self.messages: list[tuple[str, dict]] = []
        self.rejected: list[str] = []
        self.requests = 0
        self.raw: list[tuple[bytes, dict]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                status = receiver.handle(body, dict(self.headers.items()))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The URL to configure as the endpoint."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, body: bytes, headers: dict) -> int:
        """Verify one request: 2xx for a new, correctly signed, fresh message."""
        with self._lock:
            self.requests += 1
            self.raw.append((body, headers))
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.fail_status
            try:
                payload = Webhook(self.secret).verify(body, headers)
            except WebhookVerificationError as exc:
                self.rejected.append(str(exc))
                return 400
            message_id = {k.lower(): v for k, v in headers.items()}["webhook-id"]
            if any(seen == message_id for seen, _ in self.messages):
                self.rejected.append(f"replay of {message_id}")
                return 409
            self.messages.append((message_id, payload))
            return 204

    def post(self, body: bytes, headers: dict) -> int:
        """Send a request to this receiver as someone else would (a replay, a forgery)."""
        import requests

        return requests.post(self.url, data=body, headers=headers, timeout=5).status_code


def run_worker(timeout: float = 15.0, horizon: float = 5.0) -> None:
    """Run the ``webhooks`` worker until no task is ready or scheduled within ``horizon``
    seconds; fails after ``timeout``."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while True:
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="webhooks",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
        soon = timezone.now() + datetime.timedelta(seconds=horizon)
        waiting = DBTaskResult.objects.filter(
            backend_name="webhooks", status="READY", run_after__lte=soon
        )
        if not waiting.exists():
            return
        assert time.monotonic() < deadline, "webhook tasks still waiting"
        time.sleep(0.02)


def payloads(receiver: Receiver) -> list[dict]:
    """The verified payloads in arrival order."""
    return [payload for _, payload in receiver.messages]


def dumps(data) -> str:
    """JSON as the CMS sends it (compact)."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
