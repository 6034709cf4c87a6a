"""The project's preview templates pass the rules the accessibility checker runs.

Wagtail's checker (axe-core, configured in ``cms.admin.accessibility``) runs in the browser on
the preview. This test checks the same rules on the rendered preview of a full project page:
document language and title, one ``h1`` and no skipped heading level, no empty heading, every
image with a non-empty alt text that is not a file name, every link and button with a name.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from wagtail.rich_text import RichText

from cms.admin.accessibility import CmsContentCheckerItem
from cms.admin.preview import render_preview
from tests.projekte import factories


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict] = []
        self.links: list[str] = []
        self._open: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if tag in ("title", "a", "button") or re.fullmatch(r"h[1-6]", tag):
            self._open.append(tag)
            self._text = []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()
            text = " ".join("".join(self._text).split())
            if tag == "title":
                self.title = text
            elif tag in ("a", "button"):
                self.links.append(text)
            else:
                self.headings.append((int(tag[1]), text))


@pytest.fixture
def full_project(home):
    index = factories.ProjectIndexPageFactory(parent=home)
    partners = factories.PartnerIndexPageFactory(parent=home)
    partner = factories.PartnerPageFactory(parent=partners, title="Landkreis Nordhausen")
    image = factories.ImageFactory(description="Windräder auf einem Hügel")
    document = factories.make_document(title="Machbarkeitsstudie", pages=2)
    return factories.ProjectPageFactory(
        parent=index,
        title="Windpark Hainleite",
        body=[
            ("heading", {"text": "Worum es geht", "level": "h2"}),
            (
                "rich_text",
                RichText('<p>Sechs Windräder, <a href="https://example.org">mehr</a>.</p>'),
            ),
            ("image", {"image": image, "alt_text": ""}),
            ("heading", {"text": "Unterlagen", "level": "h3"}),
            ("document_list", {"title": "Downloads", "documents": [document]}),
            ("partner_list", {"title": "Partner", "partners": [partner]}),
        ],
    )


def test_the_preview_of_a_full_project_page_passes_the_checkers_rules(full_project, admin_client):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user = admin_client.user
    outline = Outline()
    outline.feed(render_preview(full_project, request).render().content.decode())

    rules = set(CmsContentCheckerItem.axe_run_only)
    assert {"html-has-lang", "document-title", "image-alt", "heading-order"} <= rules
    assert outline.lang == "de"
    assert outline.title == "Windpark Hainleite"
    levels = [level for level, _text in outline.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert all(text for _level, text in outline.headings)
    assert outline.images, "the image block is shown"
    pattern = re.compile(r"\.(avif|gif|jpg|jpeg|png|svg|webp)$|_")
    for image in outline.images:
        alt = image.get("alt") or ""
        assert alt.strip() and not pattern.search(alt), image
    assert "Windräder auf einem Hügel" in [image.get("alt") for image in outline.images]
    assert all(outline.links), outline.links
