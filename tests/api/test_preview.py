"""Admin previews render the API representation as accessible HTML, in German and English."""

from __future__ import annotations

import datetime
import re

from django.test import RequestFactory
from wagtail.test.utils import WagtailPageTestCase

from tests.api.conftest import make_image, publish
from tests.plugins.events.models import EventPage


def _preview(page) -> str:
    request = RequestFactory().get("/admin/preview/")
    response = page.serve_preview(request, "")
    response.render()
    assert response.status_code == 200
    return response.content.decode()


def test_home_preview_in_german_and_english(home, english_home):
    image = make_image()
    home.body = [
        {"type": "heading", "id": "h", "value": {"text": "Über uns", "level": "h2"}},
        {
            "type": "rich_text",
            "id": "r",
            "value": f'<p>Zum <a linktype="page" id="{home.pk}">Start</a></p>',
        },
        {
            "type": "image",
            "id": "i",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        },
    ]
    publish(home)
    html = _preview(home)
    assert '<html lang="de">' in html
    assert html.count("<h1>") == 1 and "<h2>Über uns</h2>" in html
    assert '<a href="/de/" data-page-id' in html  # rich text links rewritten, not escaped
    assert 'alt="Blick auf den Kyffhäuser"' in html
    assert all(re.search(r'\balt="', tag) for tag in re.findall(r"<img[^>]*>", html))
    english = _preview(english_home)
    assert '<html lang="en">' in english and english_home.title in english


def test_event_preview_shows_unsaved_changes(event):
    event.title = "Neuer Titel, noch nicht gespeichert"
    html = _preview(event)
    assert "<h1>Neuer Titel, noch nicht gespeichert</h1>" in html
    assert "12. Mai 2026" in html and "Sondershausen" in html


class TestAdminPreview(WagtailPageTestCase):
    """Wagtail's own preview check posts the edit form and renders the preview panel."""

    def test_preview_panel_renders_the_generic_template(self):
        from django.core.management import call_command
        from wagtail.models import Site

        from home.demo import load

        call_command("setup_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
        load(stdout=None)
        home = Site.objects.get(is_default_site=True).root_page.specific
        event = publish(
            home.add_child(
                instance=EventPage(
                    title="Forum", slug="forum", start=datetime.date(2026, 5, 1), locale=home.locale
                )
            )
        )
        self.login()
        # Pages with StreamFields need their form data spelled out: the event's body is empty.
        self.assertPageIsPreviewable(
            event,
            post_data={
                "title": "Forum",
                "slug": "forum",
                "start": "2026-05-01",
                "venue": "",
                "body-count": "0",
            },
        )
