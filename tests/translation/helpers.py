"""PO and translation-editor helpers shared by the translation tests (and the browser walk)."""

from __future__ import annotations

import datetime
import io
import json

import polib
from django.urls import reverse


def download_po(client, translation) -> polib.POFile:
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.id]))
    assert response.status_code == 200, response.status_code
    return polib.pofile(response.content.decode())


def upload_po(client, translation, content: str | bytes, next_url: str = "/admin/"):
    """POST a PO file to the (checked) upload view; returns the response after redirects."""
    data = content.encode() if isinstance(content, str) else content
    upload = io.BytesIO(data)
    upload.name = "translation.po"
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]),
        {"file": upload, "next": next_url},
        follow=True,
    )


def fill(po: polib.POFile, english: dict[str, str]) -> polib.POFile:
    """Fill every entry whose msgid is a key of ``english`` (untranslated ones only)."""
    for entry in po:
        if entry.msgid in english and not entry.msgstr:
            entry.msgstr = english[entry.msgid]
    return po


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def editor_props(client, page) -> dict:
    """The props of wagtail-localize's translation editor for ``page`` (its React app's input)."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.id]))
    assert response.status_code == 200
    return json.loads(response.context["props"])


def create_german_section(
    home,
    publisher=None,
    *,
    title: str = "Regionalbudget Nordthüringen",
    teaser: str = "Kleine Projekte aus der Region werden gefördert.",
):
    """A German project section: the index page "Projekte" with one project, both published."""
    from projekte.models import ProjectIndexPage, ProjectPage

    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))
    index.save_revision(user=publisher).publish(user=publisher)
    project = index.add_child(
        instance=ProjectPage(
            title=title,
            slug="regionalbudget",
            teaser=teaser,
            start_date=datetime.date(2024, 1, 1),
        )
    )
    project.save_revision(user=publisher).publish(user=publisher)
    return index, project
