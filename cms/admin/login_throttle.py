"""The login throttle's answer (django-axes): a German page when a login is locked out.

django-axes counts failed logins per user name and address (``AXES_*`` in the settings, from
``LOGIN_FAILURE_LIMIT`` and ``LOGIN_LOCKOUT_MINUTES``) and, once the limit is reached, refuses
even the right password until the wait is over. This module renders what the person at the login
sees then: ``429 Too Many Requests`` with ``Retry-After`` and the wait in minutes, in the admin's
language (German first, through the project's catalogs).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

__all__ = ["lockout_response"]


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the lockout page (status 429, ``Retry-After`` in seconds)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "cms_admin/login_locked.html",
        {"minutes": max(1, seconds // 60), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response
