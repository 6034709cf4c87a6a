"""``manage.py openapi_document``: the API's OpenAPI document, as ``/api/v1/openapi.json`` serves
it, on standard output or into a file; reads no database.

``clients/openapi.json`` (the contract the typed client generates its types from) is this
command's output for the installation as ``make run`` configures it (the shipped plugins):

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python manage.py openapi_document \\
        --output clients/openapi.json
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import resolve


def openapi_document() -> dict:
    """The OpenAPI 3.1 document of ``/api/v1/`` as a dict (the view's answer, without the
    middleware: no database). Raises ``CommandError`` if the API could not be built."""
    request = RequestFactory().get("/api/v1/openapi.json", HTTP_HOST="127.0.0.1")
    response = resolve("/api/v1/openapi.json").func(request)
    if response.status_code != 200:
        raise CommandError(f"The API answered {response.status_code}: {response.content[:300]!r}")
    return json.loads(response.content)


def dumps(document: dict) -> str:
    """The committed form: two-space indent, sorted keys, UTF-8 text, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    """Write the OpenAPI document (module docstring)."""

    help = "Schreibt das OpenAPI-Dokument der API (wie /api/v1/openapi.json)."

    def add_arguments(self, parser):
        """``--output PATH`` writes a file instead of standard output."""
        parser.add_argument("--output", help="Datei statt Standardausgabe.")

    def handle(self, *args, output=None, **options):
        """Build and write the document."""
        text = dumps(openapi_document())
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
