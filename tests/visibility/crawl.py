"""Crawl every exit as one reader and report what that reader was shown but may not see.

One function per family of exits (:data:`FAMILIES`); each requests its URLs through
:class:`Crawler`, which scans every response body (gzip decoded, search query echoes removed) for
markers and asks the oracle about each. Some checks need more than markers:

- a document page's file facts (size, MIME type, page count) next to a hidden document, a hero
  image's alt text, caption or credit next to a hidden hero image;
- listing totals (``with_total``) that count more than the listing shows;
- search facet counts that differ from the counts over the hits;
- a hidden document or a hidden image's rendition served to the reader.

Every path of the v1 OpenAPI document must be claimed by a family (:func:`unclaimed_v1_paths`):
a new exit fails the test until it is crawled.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.test import Client

from tests.visibility.oracle import Oracle, may_read_drafts
from tests.visibility.world import SECTIONS, Marker, PageSpec, Reader, World

MARKER = re.compile(r"zq[a-z]{5}x")
RENDITION = re.compile(r"/images/([^/\"\s]+)/(\d+)/([^/\"\s]+)/")
DOCUMENT_URL = re.compile(r"/documents/(\d+)/([^\"\s?<>]+)")
V2_LIMIT = 20  # Wagtail's default WAGTAILAPI_LIMIT_MAX
SEARCH_BATCH = 5
#: Readers crawled with every variant of every exit: the one who sees least, and one who sees
#: drafts but nothing restricted (``VISIBILITY_THOROUGH=1``: everyone).
THOROUGH = ("anonymous", "token:drafts")


@dataclass
class Crawl:
    """What all readers' crawlers share: findings, counts, URLs of files handed out."""

    findings: list[Finding] = field(default_factory=list)
    checks: Counter = field(default_factory=Counter)
    #: Rendition and document URLs found in any response (served views are tried with them).
    media_urls: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Finding:
    exit: str
    reader: str
    url: str
    kind: str  # what kind of thing was shown (for grouping)
    what: str  # the object (and version) shown
    why: str  # why the reader may not see it
    marker: str = ""

    def __str__(self) -> str:
        token = f"marker {self.marker} " if self.marker else ""
        return (
            f"[{self.exit}] reader {self.reader} saw {token}({self.what}; why hidden: {self.why}) "
            f"at {self.url}"
        )


class Crawler:
    """One reader's client, with the scanning every response goes through."""

    def __init__(self, world: World, oracle: Oracle, reader: Reader, shared: Crawl):
        self.world, self.oracle, self.reader = world, oracle, reader
        self.findings, self.checks, self.media_urls = (
            shared.findings,
            shared.checks,
            shared.media_urls,
        )
        self.client = Client()
        self.headers = {}
        if reader.bearer:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {reader.bearer}"
        if reader.kind == "session":
            from django.contrib.auth import get_user_model

            self.client.force_login(get_user_model().objects.get(pk=reader.user.id))
        #: The other readers skip variants that cannot show them anything else.
        self.thorough = reader.name in THOROUGH or bool(os.environ.get("VISIBILITY_THOROUGH"))
        self._gzip = False

    # Requests.
    def get(self, exit: str, path: str, params: dict | None = None, *, echo: Iterable[str] = ()):
        """GET ``path``; returns ``(status, parsed JSON or None, text)`` after scanning it."""
        url = f"{path}?{urlencode(params, doseq=True)}" if params else path
        self._gzip = not self._gzip  # every other request asks for gzip
        extra = {"HTTP_ACCEPT_ENCODING": "gzip"} if self._gzip else {}
        response = self.client.get(url, **self.headers, **extra)
        return self.read(exit, url, response, echo)

    def post(self, exit: str, path: str, data: dict):
        response = self.client.post(path, data, **self.headers)
        return self.read(exit, path, response, ())

    def read(self, exit: str, url: str, response, echo: Iterable[str]):
        self.checks["requests"] += 1
        self.last_type = response.get("Content-Type", "")
        if response.streaming:
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        if response.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        text = body.decode("utf-8", "replace")
        data = None
        if "json" in response.get("Content-Type", ""):
            data = json.loads(body) if body else None
        scanned = text
        if echo and isinstance(data, dict):
            scanned = json.dumps({k: v for k, v in data.items() if k not in echo})
        if response.status_code >= 500:
            self.report(
                exit, url, "server error", f"status {response.status_code}", "nothing checked"
            )
        self.scan(exit, url, scanned)
        if isinstance(data, dict | list):
            self.check_facts(exit, url, data)
        if "json" in self.last_type:
            self.media_urls.update(m.group(0) for m in RENDITION.finditer(text))
            self.media_urls.update(m.group(0) for m in DOCUMENT_URL.finditer(text))
        return response.status_code, data, text

    # Checks.
    def report(self, exit: str, url: str, kind: str, what: str, why: str, marker: str = ""):
        self.findings.append(Finding(exit, self.reader.name, url, kind, what, why, marker))

    def hidden(self, marker: Marker) -> str | None:
        return self.oracle.hidden(self.reader, marker)

    def scan(self, exit: str, url: str, text: str) -> None:
        for token in sorted(set(MARKER.findall(text))):
            marker = self.world.markers.get(token)
            if marker is None:
                continue
            why = self.hidden(marker)
            if why:
                self.report(exit, url, marker.kind(), marker.describe(), why, token)

    def check_facts(self, exit: str, url: str, data) -> None:
        """Facts of a hidden document or hero image must go with it (they describe it)."""
        pages = self.pages_by_id
        for item in _dicts(data):
            page = pages.get(item.get("id")) if isinstance(item.get("id"), int) else None
            if page is None:
                continue
            facts = [k for k in ("file_size", "mime_type", "page_count") if item.get(k)]
            document = page.refs.document
            self.checks["pages checked for facts"] += 1
            if "document" in item and item["document"] is None and facts and document:
                why = self.oracle.media(self.reader, document)
                if why:
                    what = f"{', '.join(facts)} of {document} on {page}"
                    self.report(exit, url, "document facts beside a hidden document", what, why)
            # Hero texts live in the image object (folded overrides): none may stand beside it.
            texts = [k for k in ("hero_image_alt", "hero_image_caption", "hero_image_credit")
                     if k in item]  # fmt: skip
            hero = page.refs.hero
            if "hero_image" in item and item["hero_image"] is None and texts and hero:
                why = self.oracle.media(self.reader, hero)
                if why:
                    what = f"{', '.join(texts)} of {hero} on {page}"
                    self.report(exit, url, "hero texts beside a hidden hero image", what, why)

    @property
    def pages_by_id(self) -> dict[int, PageSpec]:
        if not hasattr(self, "_pages_by_id"):
            self._pages_by_id = self.world.page_by_id()
        return self._pages_by_id

    def check_total(self, exit: str, url: str, data) -> None:
        if not isinstance(data, dict) or data.get("total") is None:
            return
        if data.get("next_offset") is None and data.get("offset", 0) == 0:
            self.checks["listing totals"] += 1
            if data["total"] != len(data["items"]):
                self.report(
                    exit,
                    url,
                    "listing total over hidden objects",
                    f"a total of {data['total']} for {len(data['items'])} items listed",
                    "the total counts objects the listing leaves out",
                )


def _dicts(data) -> Iterable[dict]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _dicts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _dicts(value)


def within_locale(page: PageSpec) -> str:
    """A page's path within its locale (``url_path`` without the locale root's segment)."""
    parts = page.url_path.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 else "/"


# --- Discovery ---------------------------------------------------------------------------------

#: v1 path templates (OpenAPI) -> the family that crawls them.
V1_CLAIMS = [
    (re.compile(r"^/api/v1/$"), "api_v1_root"),
    (re.compile(r"^/api/v1/locales/$"), "api_v1_root"),
    (re.compile(r"^/api/v1/pages/(\{page_id\}/|find/)?$"), "api_v1_pages"),
    (re.compile(r"^/api/v1/(images|documents)/(\{item_id\}/)?$"), "api_v1_media"),
    (re.compile(r"^/api/v1/snippets/\w+/(\{item_id\}/)?$"), "api_v1_snippets"),
    (re.compile(r"^/api/v1/search/(suggest/)?$"), "api_v1_search"),
    (re.compile(r"^/api/v1/sync/$"), "api_v1_sync"),
    (re.compile(r"^/api/v1/preview/$"), "api_v1_preview"),
]


def v1_paths(client: Client) -> dict[str, dict]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)["paths"]


def unclaimed_v1_paths(paths: Iterable[str]) -> list[str]:
    return [p for p in paths if not any(rx.match(p) for rx, _family in V1_CLAIMS)]


def enum_values(paths: dict, path: str, name: str) -> list[str]:
    for parameter in paths[path]["get"].get("parameters", []):
        if parameter["name"] == name:
            schema = parameter["schema"]
            for option in [schema, *schema.get("anyOf", [])]:
                if "enum" in option:
                    return list(option["enum"])
    return []


# --- Families of exits -------------------------------------------------------------------------


def api_v1_root(c: Crawler, paths: dict) -> None:
    c.get("api v1 root", "/api/v1/")
    c.get("api v1 root", "/api/v1/locales/")


def _listing(c: Crawler, exit: str, path: str, params: dict) -> None:
    params = {**params, "limit": 100, "with_total": "true"}
    offset = 0
    while True:
        url_params = {**params, "offset": offset} if offset else params
        status, data, _text = c.get(exit, path, url_params)
        if status != 200 or not isinstance(data, dict):
            return
        c.check_total(exit, f"{path}?{urlencode(url_params)}", data)
        if data.get("next_offset") is None:
            return
        offset = data["next_offset"]


def api_v1_pages(c: Crawler, paths: dict) -> None:
    """Listings (all types, each type, drafts; filters and parents for the readers that see
    most and least), every page by id (own and other locale, latest revision) and by path."""
    world = c.world
    listing = "/api/v1/pages/"
    # One value per filter (the code path is the same for every value): a value some
    # generated page has, a snippet, partner pages (hidden from some readers).
    filters: list[dict] = [{"published_from": "2000-01-01"}, {"date_from": "2000-01-01"}]
    filters += [{"status": world.german("project")[0].status}]
    filters += [{"kind": world.german("document")[0].doc_kind}]
    for name, api_name in (("topics", "topic"), ("places", "place"),
                           ("funding_programmes", "funding_programme")):  # fmt: skip
        filters += [{name: next(s.id for s in world.snippets if s.api_name == api_name)}]
    filters += [{"partners": p.id} for p in world.german("partner")[:2]]
    for locale in ("de", "en"):
        base = {"locale": locale}
        _listing(c, "pages listing", listing, base)
        _listing(c, "pages listing (draft)", listing, {**base, "draft": "true"})
        for api_name in enum_values(paths, listing, "type"):
            if c.thorough or locale == "de":
                _listing(c, "pages listing by type", listing, {**base, "type": api_name})
        if c.thorough:
            for condition in filters:
                _listing(c, "pages listing by filter", listing, {**base, **condition})
            for page in world.pages:
                if page.locale == locale and (page.kind in SECTIONS or page.kind == "home"):
                    _listing(c, "pages listing by parent", listing, {**base, "parent": page.id})
    for page in world.pages:
        other = "en" if page.locale == "de" else "de"
        detail = f"/api/v1/pages/{page.id}/"
        find = {"path": within_locale(page), "locale": page.locale}
        c.get("page detail", detail)
        if c.thorough:
            c.get("page detail", detail, {"locale": other, "fallback": "true"})
            c.get("page find", "/api/v1/pages/find/", find)
            c.get("page detail (draft)", detail, {"draft": "true"})
            c.get("page find (draft)", "/api/v1/pages/find/", {**find, "draft": "true"})
        elif page.state not in ("live", "expiring") and may_read_drafts(c.reader, page):
            c.get("page detail (draft)", detail, {"draft": "true"})


def api_v1_media(c: Crawler, paths: dict) -> None:
    """Listings, and by id every image and document the reader may not see (all of them for
    the thorough readers; a visible one refers to nothing that could leak)."""
    for kind, items in (("images", c.world.images), ("documents", c.world.documents)):
        _listing(c, f"{kind} listing", f"/api/v1/{kind}/", {})
        for item in items:
            if c.thorough or c.oracle.media(c.reader, item):
                c.get(f"{kind} detail", f"/api/v1/{kind}/{item.id}/")


def api_v1_snippets(c: Crawler, paths: dict) -> None:
    """Listings and details in both locales: of menus and footers (they link pages and files)
    for every reader, of every snippet type for the thorough readers."""
    for path in paths:
        match = re.match(r"^/api/v1/snippets/(\w+)/$", path)
        if not match or not (c.thorough or match.group(1) in ("navigation", "footer")):
            continue
        for locale in ("de", "en"):
            _listing(c, "snippets listing", path, {"locale": locale})
        for snippet in c.world.snippets:
            if snippet.api_name == match.group(1):
                c.get("snippet detail", f"{path}{snippet.id}/")
                c.get("snippet detail", f"{path}{snippet.id}/", {"locale": "en"})


def api_v1_sync(c: Crawler, paths: dict) -> None:
    """The delta-sync API's first sync in both locales, every page of it (``next_page_token``),
    then one delta (``next_sync_token``): everything it hands out is scanned like any answer."""
    for locale in ("de", "en"):
        params = {"locale": locale, "limit": 50}
        for _page in range(100):  # a bound, far above the world's size
            status, data, _text = c.get("sync", "/api/v1/sync/", params)
            if status != 200 or not isinstance(data, dict):
                break
            token = data.get("next_page_token") or data.get("next_sync_token")
            if not token:
                break
            params = {"locale": locale, "limit": 50, "sync_token": token}
            if data.get("next_sync_token"):
                c.get("sync", "/api/v1/sync/", params)  # the (empty) delta after it
                break


def api_v1_preview(c: Crawler, paths: dict) -> None:
    """The headless preview without a token an editor's preview made: none, a forged one, one
    signed with another salt. Each must be a problem that names no content (a preview token is a
    bearer capability handed only to the front end that renders the editor's draft)."""
    from django.core import signing

    for params in (
        None,
        {"token": "x"},
        {"token": signing.dumps({"s": "0" * 32}, salt="wrong")},
    ):
        status, _data, _text = c.get("preview", "/api/v1/preview/", params)
        assert status in (400, 401, 404), status


def _search(c: Crawler, query: str, locale: str) -> None:
    """One search (all hits, page by page), its facets checked against the hits."""
    hits: list[dict] = []
    offset, facets, url = 0, {}, ""
    while True:
        params = {"q": query, "locale": locale, "limit": 50, "offset": offset}
        url = f"/api/v1/search/?{urlencode(params)}"
        status, data, _text = c.get("search", "/api/v1/search/", params, echo=("query",))
        if status != 200 or not isinstance(data, dict):
            return
        if offset == 0:
            facets = data.get("facets") or {}
        hits += data.get("results") or []
        offset += 50
        if offset >= data.get("total", 0) or not data.get("results"):
            break
    pages = c.pages_by_id
    for hit in hits:
        page = pages.get(hit.get("id"))
        why = c.oracle.page(c.reader, page) if page else None
        if why:
            c.report("search", url, "hidden page as a hit", str(page), why, page.row_marker)
    for name, values in facets.items():
        for value in values:
            c.checks["facet counts"] += 1
            if name == "type":
                expected = sum(1 for hit in hits if hit.get("type") == value["value"])
            else:
                expected = sum(
                    1
                    for hit in hits
                    if hit.get("id") in pages
                    and value["value"] in pages[hit["id"]].facets().get(name, ())
                )
            if value["count"] != expected:
                c.report(
                    "search facets",
                    url,
                    "facet count over hidden pages",
                    f"facet {name}={value['value']} counted {value['count']}",
                    f"{expected} of the hits carry it: the count includes pages not shown",
                )


def api_v1_search(c: Crawler, paths: dict) -> None:
    """Every marker the reader may not see is searched for, a few at a time (a leaking page
    shows its snippet around the matches), in both languages; for the thorough readers also
    the visible ones (facet counts checked on every search). Suggestions by title prefix."""
    hidden = [t for t, m in c.world.markers.items() if c.hidden(m)]
    batches = [hidden[i : i + SEARCH_BATCH] for i in range(0, len(hidden), SEARCH_BATCH)]
    if c.thorough:
        shown = [t for t, m in c.world.markers.items() if not c.hidden(m)]
        batches += [shown[i : i + 3 * SEARCH_BATCH] for i in range(0, len(shown), 3 * SEARCH_BATCH)]
    for locale in ("de", "en"):
        for batch in batches:
            _search(c, " ".join(batch), locale)
        prefixes = ["zq"]
        while prefixes:
            prefix = prefixes.pop()
            params = {"q": prefix, "locale": locale, "limit": 20}
            _status, data, _text = c.get(
                "search suggest", "/api/v1/search/suggest/", params, echo=("query",)
            )
            if isinstance(data, dict) and len(data.get("suggestions") or []) >= 20:
                prefixes += [prefix + letter for letter in string.ascii_lowercase]


def api_v2(c: Crawler, paths: dict) -> None:
    """Wagtail's stock v2 API (it knows no tokens: crawled as it answers everyone)."""
    from django.apps import apps

    from tests.visibility.world import KINDS

    def listing(exit: str, path: str, params: dict) -> None:
        offset = 0
        while True:
            status, data, _text = c.get(exit, path, {**params, "limit": V2_LIMIT, "offset": offset})
            if status != 200 or not isinstance(data, dict) or not data.get("items"):
                return
            offset += V2_LIMIT
            if offset >= data.get("meta", {}).get("total_count", 0):
                return

    for locale in ("de", "en"):
        listing("v2 pages listing", "/api/v2/pages/", {"locale": locale})
    for model, *_labels in KINDS.values():
        label = apps.get_model(model)._meta.label
        listing("v2 pages listing by type", "/api/v2/pages/", {"type": label, "fields": "*"})
    hidden = [t for t, m in c.world.markers.items() if c.hidden(m)]
    for i in range(0, len(hidden), SEARCH_BATCH):
        query = " ".join(hidden[i : i + SEARCH_BATCH])
        listing("v2 pages search", "/api/v2/pages/", {"search": query, "search_operator": "or"})
    for page in c.world.pages:
        c.get("v2 page detail", f"/api/v2/pages/{page.id}/")
        if page.locale == "de":
            c.get("v2 page find", "/api/v2/pages/find/", {"html_path": within_locale(page)})
    for kind, items in (("images", c.world.images), ("documents", c.world.documents)):
        listing(f"v2 {kind} listing", f"/api/v2/{kind}/", {"fields": "*"})
        for item in items:
            c.get(f"v2 {kind} detail", f"/api/v2/{kind}/{item.id}/")


def serving(c: Crawler, paths: dict) -> None:
    """Document files and image renditions: each by its URL, and every such URL of a hidden one
    that any response handed out so far (to a private token, say)."""
    from django.urls import reverse
    from wagtail.images.utils import generate_signature

    documents = {d.id: d for d in c.world.documents}
    images = {i.id: i for i in c.world.images}
    computed = [reverse("wagtaildocs_serve", args=[d.id, d.filename]) for d in documents.values()]
    computed += [
        reverse("wagtailimages_serve", args=[generate_signature(i, "width-480"), i, "width-480"])
        for i in images
    ]
    harvested = sorted(c.media_urls - set(computed))
    for url in computed + harvested:
        if match := RENDITION.search(url):
            item, kind = images.get(int(match.group(2))), "image rendition"
        else:
            match = DOCUMENT_URL.search(url)
            item, kind = documents.get(int(match.group(1))), "document file"  # type: ignore[union-attr]
        why = c.oracle.media(c.reader, item) if item else None
        if url in harvested and not why:
            continue
        status, _data, text = c.get(kind, url)
        served = status == 200 and (text.startswith("%PDF") or c.last_type.startswith("image/"))
        if served and why:
            c.report(kind, url, f"hidden {kind.split()[0]} served", str(item), why)


def admin(c: Crawler, paths: dict) -> None:
    """The admin as a logged-in role: dashboard, reports, page search, explorer, media, and the
    translation submission and sync forms of pages hidden from the reader."""
    from django.urls import reverse
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    world = c.world
    c.get("admin dashboard", reverse("wagtailadmin_home"))
    for name in ("cms_broken_references", "cms_search_report"):
        c.get("admin reports", reverse(name))
    for page in range(1, 5):
        status, _data, text = c.get(
            "admin page search", reverse("wagtailadmin_pages:search"), {"q": world.word, "p": page}
        )
        if status != 200 or f"p={page + 1}" not in text:
            break
    for locale in ("de", "en"):
        c.get("admin explorer", reverse("wagtailadmin_explore", args=[world.home(locale).id]))
    for name in ("wagtailimages:index", "wagtaildocs:index"):
        c.get("admin media", reverse(name))
    sources = {
        (s.object_id, s.locale.language_code): s.pk
        for s in TranslationSource.objects.select_related("locale")
    }
    keys = dict(Page.objects.values_list("pk", "translation_key"))
    for page in world.german():
        if c.oracle.page(c.reader, page) is None:
            continue
        c.get(
            "translation submission",
            reverse("wagtail_localize:submit_page_translation", args=[page.id]),
        )
        source = sources.get((keys[page.id], "de"))
        if source:
            c.get(
                "translation sync", reverse("wagtail_localize:update_translations", args=[source])
            )


def translation_post(c: Crawler, paths: dict) -> None:
    """A translator submits a German page they may not see (a never-published draft): no
    English version of it may come out of it."""
    from django.urls import reverse
    from wagtail.models import Locale, Page

    english = Locale.objects.get(language_code="en")
    for page in c.world.german():
        if page.state != "draft" or c.oracle.page(c.reader, page) is None:
            continue
        url = reverse("wagtail_localize:submit_page_translation", args=[page.id])
        c.post("translation submission (POST)", url, {"locales": [english.pk]})
        made = Page.objects.filter(
            translation_key=Page.objects.get(pk=page.id).translation_key, locale=english
        ).first()
        if made is not None:
            c.report(
                "translation submission (POST)",
                url,
                "English copy made of a hidden German page",
                f"English page id {made.pk}, a copy of {page}",
                c.oracle.page(c.reader, page) or "",
                page.row_marker,
            )
        return


def smoke(c: Crawler, paths: dict) -> None:
    """For a reader who may see everything (nothing to leak): the main exits answer, with
    totals that add up."""
    if c.reader.kind == "session":
        c.get("admin dashboard", "/admin/")
        return
    api_v1_root(c, paths)
    for locale in ("de", "en"):
        _listing(c, "pages listing", "/api/v1/pages/", {"locale": locale, "draft": "true"})
        _listing(c, "pages listing", "/api/v1/pages/", {"locale": locale})


def hides_something(world: World, oracle: Oracle, reader: Reader) -> bool:
    return any(oracle.hidden(reader, m) for m in world.markers.values())


FAMILIES = {
    "smoke": smoke,
    "api_v1_root": api_v1_root,
    "api_v1_pages": api_v1_pages,
    "api_v1_media": api_v1_media,
    "api_v1_snippets": api_v1_snippets,
    "api_v1_search": api_v1_search,
    "api_v1_sync": api_v1_sync,
    "api_v1_preview": api_v1_preview,
    "api_v2": api_v2,
    "serving": serving,
    "admin": admin,
    "translation_post": translation_post,
}

#: Which families each kind of reader crawls. The API ignores sessions and v2 ignores tokens;
#: files and renditions are served by session (Wagtail's serve views), never by bearer token.
PLAN = {
    "project_token": ("api_v1_root", "api_v1_pages", "api_v1_media", "api_v1_snippets",
                      "api_v1_search", "api_v1_sync", "api_v1_preview"),
    "wagtail_token": ("api_v1_root", "api_v1_pages", "api_v1_media", "api_v1_snippets",
                      "api_v1_search", "api_v1_sync", "api_v1_preview"),
    "session": ("serving", "admin"),
    "anonymous": ("api_v1_root", "api_v1_pages", "api_v1_media", "api_v1_snippets",
                  "api_v1_search", "api_v1_sync", "api_v1_preview", "api_v2", "serving"),
}  # fmt: skip


def crawl(
    world: World,
    oracle: Oracle,
    *,
    only_families: Iterable[str] = (),
    only_readers: Iterable[str] = (),
) -> tuple[list[Finding], Counter]:
    """Every reader through every family planned for it; the translator's POST comes last.

    ``only_families`` / ``only_readers`` narrow the crawl (the engine case crawls the search).
    Returns the findings and counts of what was checked (``requests``, ``listing totals`` …).
    """
    shared = Crawl()
    paths = v1_paths(Client())
    only_families, only_readers = set(only_families), set(only_readers)
    for reader in world.readers:
        if only_readers and reader.name not in only_readers:
            continue
        crawler = Crawler(world, oracle, reader, shared)
        families = PLAN[reader.kind] if hides_something(world, oracle, reader) else ("smoke",)
        if only_families:
            families = [f for f in families if f in only_families]
        for family in families:
            FAMILIES[family](crawler, paths)
    if not only_families or "translation_post" in only_families:
        translator = next(r for r in world.readers if r.name == "session:translator")
        translation_post(Crawler(world, oracle, translator, shared), paths)
    return shared.findings, shared.checks


# --- Reporting -------------------------------------------------------------------------------


def reason_class(why: str) -> str:
    """A short class of an oracle's reason, for grouping findings."""
    admin = ""
    if why.startswith(("not explorable", "no media rights")):
        rule, why = why.split("; as a reader: ", 1)
        admin = rule.split(" for ", 1)[0] + ", and "
    kind = why.split(" restriction", 1)[0]
    if "German original" in why:
        short = f"{kind} restriction on the German original"
    elif " restriction on collection" in why:
        short = f"{kind} restriction on the collection"
    elif " restriction on " in why:
        short = f"{kind} restriction on the page or above"
    elif why.startswith("unpublished revision of a "):
        short = f"unpublished revision ({why.split(' of a ', 1)[1].split(' ', 1)[0]} page)"
    elif why.startswith("page is "):
        short = f"page {why.split(' ', 3)[2]}"
    else:
        short = why
    return admin + short


def summary(findings: list[Finding], limit: int = 80) -> str:
    """Findings grouped by exit, kind and reason, each group with its readers and one example."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.exit, finding.kind, reason_class(finding.why))
        groups.setdefault(key, []).append(finding)
    lines = [f"{len(findings)} findings in {len(groups)} groups:"]
    for (exit, kind, why), items in sorted(groups.items()):
        readers = ", ".join(sorted({f.reader for f in items}))
        lines.append(f"- {exit}: {kind} | hidden: {why} | {len(items)}x, readers {readers}")
        lines.append(f"    e.g. {items[0]}")
        if len(lines) > 2 * limit:
            lines.append(f"… {len(groups) - limit} more groups")
            break
    return "\n".join(lines)
