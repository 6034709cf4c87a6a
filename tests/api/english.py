"""Crawl every English answer of the API and find German in what a reader reads.

Used by ``test_english_answers``. A *reader-facing string* is any text a front end shows: titles,
teasers, rich text (tags stripped), alt texts, captions, credits, labels, search snippets. Ids,
slugs, paths, URLs, file names, MIME types, dates and enum values are not. Each string is cut into
sentences, lines and parenthesised parts; proper names are taken out (:data:`PROPER_NAMES` and
every address the answers contain: streets and towns are not translated); what is left is judged
by lingua (a language detector built for short texts, restricted here to English and German).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from html import unescape
from urllib.parse import urlencode

from django.utils.html import strip_tags

#: Names that rightly stay German in English text: the region, its districts, towns, rivers and
#: hills, a business park's street, a partner region whose name has no English form, and the
#: agency's name as it signs. Keep it short: a name belongs here only when the English demo
#: content is right to use it untranslated. Addresses need no entry (see ``ADDRESS_KEYS``).
PROPER_NAMES = (
    "Regionalmanagement Nordthüringen",
    "Nordthüringen",
    "Kyffhäuserkreis",
    "Kyffhäuser",
    "Südharz",
    "Nordhausen",
    "Sondershausen",
    "Bleicherode",
    "Sollstedt",
    "Roßleben",
    "Unstrut",
    "Hainleite",
    "Thüringen",
    "Schachtstraße",
    "Allgäu",
)

#: Keys of address parts: their values are names (never translated) and are taken out of every
#: other string too, so that a partner's town quoted in a search snippet is not judged.
ADDRESS_KEYS = {"address", "street", "postal_code", "city"}
#: Keys whose values are identifiers, addresses, dates or enum values, never text to translate;
#: ``native_name`` is a locale's name in its own language, on purpose.
NOT_TEXT_KEYS = ADDRESS_KEYS | {
    "id",
    "type",
    "locale",
    "slug",
    "path",
    "url",
    "url_path",
    "srcset",
    "srcset_webp",
    "filename",
    "mime_type",
    "format",
    "code",
    "api_name",
    "kind",
    "status",
    "plugin",
    "backend",
    "query",
    "level",
    "first_published_at",
    "last_published_at",
    "start_date",
    "end_date",
    "date",
    "available_locales",
    "native_name",
}
#: lingua's confidence (0..1) that a piece of text is German rather than English, above which
#: it counts as German. Short English words and names score up to about 0.84 ("shaft", "Potash
#: shaft" 0.75); German words and labels 0.88 and more ("Englisch" 0.89, "laufend" 0.96).
THRESHOLD = 0.85

_ENUM = re.compile(r"^[a-z][a-z0-9_-]*$")  # e.g. ``running``, ``h2``: an enum value
_TEXT_KEYS = {"label", "name", "title"}
_SEGMENTS = re.compile(r"(?<=[.!?:;])\s+|\n+|\s[·•|–/]\s|[…()]")
_BLOCK_TAGS = re.compile(r"<(?:/p|br\s*/?|/li|/h[1-6]|/td|/th|/blockquote)>", re.I)
_LETTERS = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Finding:
    url: str
    where: str
    text: str
    confidence: float
    media: bool = False  # in an image or document object (their texts: see cms/models.py)

    def __str__(self) -> str:
        kind = " [image/document text]" if self.media else ""
        return f"{self.url} {self.where}: {self.text!r} (German {self.confidence:.2f}){kind}"


def is_media(data: dict) -> bool:
    """An image (it has renditions) or a document (file name and MIME type) of an answer."""
    return "renditions" in data or {"filename", "mime_type", "page_count"} <= set(data)


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.GERMAN).build()


def german_confidence(text: str) -> float:
    """lingua's confidence that ``text`` is German rather than English (0..1)."""
    from lingua import Language

    return _detector().compute_language_confidence(text, Language.GERMAN)


def reader_strings(data, where: str = "", media: bool = False) -> Iterator[tuple[str, str, bool]]:
    """``(where, string, in an image or document)`` for every reader-facing string of a decoded
    JSON answer."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from reader_strings(item, f"{where}[{index}]", media)
    elif isinstance(data, dict):
        facet = {"value", "label", "count", "selected"} <= set(data)
        media = media or is_media(data)
        for key, value in data.items():
            if key in NOT_TEXT_KEYS or (facet and key == "value"):
                continue
            if isinstance(value, str):
                if key not in _TEXT_KEYS and not key.endswith("_label") and _ENUM.match(value):
                    continue
                if value.startswith(("http://", "https://", "/")) and " " not in value:
                    continue
                yield f"{where}.{key}", value, media
            else:
                yield from reader_strings(value, f"{where}.{key}", media)


def addresses(data) -> Iterator[str]:
    """The names in the address parts of an answer (``Rochusstraße 1`` gives ``Rochusstraße``)."""
    if isinstance(data, list):
        for item in data:
            yield from addresses(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ADDRESS_KEYS and isinstance(value, str):
                for part in re.split(r"[\n,]|\d+", value):
                    if _LETTERS.search(part):
                        yield part.strip()
            else:
                yield from addresses(value)


class Judge:
    """Finds German in reader-facing strings, with the proper names of :data:`PROPER_NAMES`
    and ``names`` (longest first, so that a longer name is removed whole) taken out."""

    def __init__(self, names: Iterable[str] = (), threshold: float = THRESHOLD):
        self.names = sorted({*PROPER_NAMES, *names}, key=len, reverse=True)
        self.threshold = threshold

    def segments(self, text: str) -> Iterator[str]:
        """Sentences, lines and parenthesised parts of a string (HTML turned into text),
        names removed; only parts with a word of three letters or more."""
        text = unescape(strip_tags(_BLOCK_TAGS.sub("\n", text)))
        for part in _SEGMENTS.split(text):
            for name in self.names:
                part = part.replace(name, " ")
            part = " ".join(part.split())
            if _LETTERS.search(part):
                yield part

    def german_in(self, url: str, data) -> list[Finding]:
        found = []
        for where, value, media in reader_strings(data):
            for part in self.segments(value):
                confidence = german_confidence(part)
                if confidence >= self.threshold:
                    found.append(Finding(url, where, part, confidence, media))
        return found


class Crawler:
    """Fetches the English answers of every endpoint, following the ids it finds.

    An endpoint with a ``locale`` parameter (per the OpenAPI document) is asked with
    ``locale=en`` by a reader whose browser prefers German (``Accept-Language: de``): the
    parameter must win. Endpoints without one are asked with ``Accept-Language: en``.
    """

    def __init__(self, client):
        self.client = client
        self.answers: dict[str, object] = {}
        self.content_languages: dict[str, str | None] = {}
        spec = json.loads(client.get("/api/v1/openapi.json").content)
        self.with_locale = [
            re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
            for path, item in spec["paths"].items()
            if any(p["name"] == "locale" for op in item.values() for p in op.get("parameters", []))
        ]

    def takes_locale(self, endpoint: str) -> bool:
        return any(pattern.match(endpoint) for pattern in self.with_locale)

    def get(self, endpoint: str, **params):
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        if self.takes_locale(endpoint):
            params = {**params, "locale": "en"}
            headers["HTTP_ACCEPT_LANGUAGE"] = "de"
        url = f"{endpoint}?{urlencode(params, doseq=True)}" if params else endpoint
        if url in self.answers:
            return self.answers[url]
        response = self.client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        data = json.loads(response.content)
        self.answers[url] = data
        self.content_languages[url] = response.headers.get("Content-Language")
        return data

    def listing(self, endpoint: str, **params) -> list:
        items, offset = [], 0
        while True:
            page = self.get(endpoint, offset=offset, limit=100, **params)
            items.extend(page["items"])
            if page["next_offset"] is None:
                return items
            offset = page["next_offset"]

    def crawl(self) -> dict[str, object]:
        """Every answer: root, locales, page listings (all and per type), every English page by
        id and by path, every image and document, every snippet (list and detail), and search
        and suggestions for each word of every English page title."""
        root = self.get("/api/v1/")
        self.get("/api/v1/locales/")
        pages = self.listing("/api/v1/pages/")
        for ct in root["content_types"]:
            if ct["kind"] == "page":
                self.listing("/api/v1/pages/", type=ct["api_name"])
        titles = []
        for card in pages:
            detail = self.get(f"/api/v1/pages/{card['id']}/")
            self.get("/api/v1/pages/find/", path=detail["path"])
            titles.append(detail["title"])
        for kind in ("images", "documents"):
            for item in self.listing(f"/api/v1/{kind}/"):
                self.get(f"/api/v1/{kind}/{item['id']}/")
        for ct in root["content_types"]:
            if ct["kind"] == "snippet":
                for item in self.listing(f"/api/v1/snippets/{ct['api_name']}/"):
                    self.get(f"/api/v1/snippets/{ct['api_name']}/{item['id']}/")
        words = {w for title in titles for w in re.findall(r"[^\W\d_]{4,}", title)}
        for word in sorted(words, key=str.lower):
            self.get("/api/v1/search/", q=word)
            self.get("/api/v1/search/suggest/", q=word[:4])
        return self.answers

    def findings(self) -> list[Finding]:
        """German in the reader-facing strings of every answer crawled."""
        names = {name for data in self.answers.values() for name in addresses(data)}
        judge = Judge(names)
        return [f for url, data in self.answers.items() for f in judge.german_in(url, data)]
