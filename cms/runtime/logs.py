"""Log lines with the request's id, as text or JSON (python-json-logger, django-log-request-id).

Every request gets an id: the ``X-Request-ID`` header a proxy or client sent, when it is
1 to 128 characters of letters, digits and ``-_.:=+/`` (:data:`REQUEST_ID`), else a new one
(32 hex digits). :class:`RequestIdHeaderMiddleware` drops an invalid header, then
django-log-request-id's ``RequestIDMiddleware`` takes the id, keeps it for the request's log
records (its ``RequestIDFilter`` adds ``request_id`` to each) and returns it in the response's
``X-Request-ID``; it also logs one line per request (method, path, status). Records outside a
request carry ``-``.

:func:`logging_config` sends every record at or above ``LOG_LEVEL`` to stderr, one per line:

- ``text``: ``2026-11-30 14:20:00,123 INFO [<request id>] cms.delivery.webhooks: <message>``;
- ``json``: ``{"time": "2026-11-30T13:20:00.123+00:00", "level": "INFO", "logger": "…",
  "message": "…", "request_id": "…"}`` plus ``exc_info`` for a traceback and any ``extra``
  fields (https://nhairs.github.io/python-json-logger/).
"""

from __future__ import annotations

import re

__all__ = ["REQUEST_ID", "RequestIdHeaderMiddleware", "logging_config"]

#: An accepted incoming request id: what proxies and tracing send (UUIDs, hex, AWS trace ids),
#: never spaces, quotes or control characters that could forge or break a log line.
REQUEST_ID = re.compile(r"[A-Za-z0-9\-_.:=+/]{1,128}")


class RequestIdHeaderMiddleware:
    """Drop an ``X-Request-ID`` header that is not a valid id (:data:`REQUEST_ID`), so that
    django-log-request-id's middleware, which follows, makes a new one instead of logging it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Remove ``HTTP_X_REQUEST_ID`` from ``request.META`` unless it matches in full."""
        given = request.META.get("HTTP_X_REQUEST_ID")
        if given is not None and not REQUEST_ID.fullmatch(given):
            del request.META["HTTP_X_REQUEST_ID"]
        return self.get_response(request)


def logging_config(log_format: str, level: str) -> dict:
    """Django's ``LOGGING`` (a :func:`logging.config.dictConfig` dict): the root logger at
    ``level`` (``"INFO"``, …) to stderr in ``log_format`` (``"text"`` or ``"json"``), each record
    with ``request_id``. Django's own loggers hand their records to the root (no second
    console handler; ``mail_admins`` stays off, there is no mail for errors here)."""
    formatters = {
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request_id"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
            # django-axes greets every process ("AXES: BEGIN ...") at INFO: only its warnings.
            "axes.apps": {"handlers": [], "level": "WARNING", "propagate": True},
            # Chatty at INFO: every task run (django-tasks), every subset font (fontTools,
            # under WeasyPrint's PDF rendering of the demo content).
            "django_tasks": {"handlers": [], "level": "WARNING", "propagate": True},
            "fontTools": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
