"""Rich text links and embeds through Wagtail's rewriters, with batched handlers answering from
the Resolver (``cms.api.serialize.richtext``)."""

from __future__ import annotations

from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.api.serialize import ApiContext, Resolver
from tests.api.conftest import publish


class _Tags(HTMLParser):
    """``(tag, attrs, text)`` of every ``<a>`` and ``<img>`` (attribute order does not matter)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "img"):
            self.found.append((tag, dict(attrs), ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.found and self.found[-1][0] == "a" and not self.found[-1][2]:
            tag, attrs, _ = self.found[-1]
            self.found[-1] = (tag, attrs, data)


def _serialized(html: str) -> str:
    r = Resolver(ApiContext(locale="de"))
    placeholder = r.rich(html)
    r.resolve()
    return r.finalize(placeholder)


def test_links_embeds_and_unknown_types(home, event, document, image):
    draft = home.add_child(
        instance=type(event)(title="Entwurf", slug="entwurf", start=event.start, live=False)
    )
    html = (
        f'<p><a linktype="page" id="{event.pk}">Forum</a> '
        f'<a linktype="document" id="{document.pk}">PDF</a> '
        f'<a linktype="page" id="{draft.pk}">Entwurf</a> '
        f'<a linktype="page" id="999999">weg</a> '
        f'<a linktype="strange" id="1">seltsam</a> '
        '<a href="https://example.org">extern</a> '
        '<a href="javascript:alert(1)">böse</a></p>'
        f'<embed embedtype="image" id="{image.pk}" alt="Der Berg" format="fullwidth"/>'
        '<embed embedtype="media" url="https://example.org/v"/>'
    )
    out = _serialized(html)
    tags = _Tags(out).found
    assert ("a", {"href": "/de/regionalforum/", "data-page-id": str(event.pk)}, "Forum") in tags
    assert ("a", {"href": document.url}, "PDF") in tags
    assert " Entwurf " in out and " weg " in out  # unreachable: the text stays, the link goes
    assert ("a", {}, "seltsam") in tags  # an unknown linktype loses its attributes (Wagtail's)
    assert ("a", {"href": "https://example.org"}, "extern") in tags
    assert "javascript" not in out and "böse" in out
    [img] = [attrs for tag, attrs, _ in tags if tag == "img"]
    assert img["alt"] == "Der Berg" and img["src"] and "960w" in img["srcset"]
    assert ("a", {}, "böse") in tags and len(tags) == 6
    assert "embedtype" not in out and "linktype" not in out


def test_the_handlers_fetch_what_was_not_collected_in_one_batch(home, event, document):
    """``rewrite_rich_text`` without the collecting phase still answers: one query per kind."""
    pages = [
        publish(
            home.add_child(instance=type(event)(title=f"T{n}", slug=f"t{n}", start=event.start))
        )
        for n in range(5)
    ]
    html = "".join(f'<a linktype="page" id="{p.pk}">{p.title}</a>' for p in pages)
    html += f'<a linktype="document" id="{document.pk}">PDF</a>'
    r = Resolver(ApiContext(locale="de"))
    r.ctx.locale_codes()  # per-request tables, read once
    with CaptureQueriesContext(connection) as queries:
        out = r.rewrite_rich_text(html)
    tags = _Tags(out).found
    assert tags == [
        *(("a", {"href": f"/de/{p.slug}/", "data-page-id": str(p.pk)}, p.title) for p in pages),
        ("a", {"href": document.url}, "PDF"),
    ]
    page_queries = [q for q in queries.captured_queries if '"wagtailcore_page"' in q["sql"]]
    assert len(page_queries) <= 2  # the pages, and their translations (none here)
