"""``manage.py backup`` and ``restore`` (issue 18): every API answer survives a restore into an
empty installation byte for byte.

The source is the demo content as ``make setup`` loads it, plus a page restricted to logged-in
users, a document in a restricted collection and an image whose renditions exist. Every answer of
``/api/v1/`` is recorded in German and English (root, locales, page listings all and per type,
every page by id and by path, images, documents, every snippet, navigation and footer included,
the delta sync paged to its end, search and suggestions), with the bytes of every document
download and of one rendition per image. Then ``backup``, a fresh installation (a new database
with migrations only, an empty media directory), ``restore``, and the same walk: status, body and
the headers a client reads (type, language, ETag, caching, disposition) must be equal. Only the
sync tokens differ, by design: each carries its signing time, and the restore restarts the feed
so that no token of the old installation continues (their payload is compared without the
number). Runs on the suite's database engine (SQLite or PostgreSQL via ``DATABASE_URL``).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import tarfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client, override_settings
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.api import cache as api_cache
from tests.api.conftest import make_document, make_image

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "ETag",
    "Cache-Control",
    "Vary",
)
LOCALES = ("de", "en")
SEARCH_WORDS = ("Projekt", "Region", "Kyffhäuser")


def quiet(*args, **kwargs):
    call_command(*args, stdout=io.StringIO(), **kwargs)


@pytest.fixture
def source(locales):
    """The demo content plus a restricted page and document and an image with renditions."""
    quiet("load_demo_content")
    quiet("adopt_translations")
    page = Page.objects.filter(depth=4, locale=locales["de"]).order_by("path").first().specific
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    make_document("Interne Notiz", collection=internal)
    make_document("Öffentliche Erklärung")
    image = make_image("Kyffhäuser mit Renditionen")
    image.get_renditions("width-400", "width-400|format-webp", "fill-300x200")
    page.save_revision().publish()  # the restriction reaches the API's cache generation
    return {"page": page}


class Recorder:
    """Walks the API as an anonymous reader and keeps every answer as bytes."""

    def __init__(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.answers: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.downloads: set[str] = set()
        self.rendition_of: dict[str, str] = {}

    def get(self, endpoint: str, **params) -> object:
        url = f"{endpoint}?{urlencode(params, doseq=True)}" if params else endpoint
        if url not in self.answers:
            response = self.client.get(url)
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else bytes(response.content)
            )
            headers = {name: response.headers.get(name, "") for name in HEADERS}
            self.answers[url] = (response.status_code, headers, body)
            if response.headers.get("Content-Type", "").startswith("application/json"):
                self.note_files(json.loads(body))
        status, _headers, body = self.answers[url]
        assert status == 200, (url, status, body[:300])
        return json.loads(body)

    def note_files(self, data) -> None:
        """Document downloads and one rendition per image (the first, the smallest)."""
        for value in _strings(data):
            path = urlsplit(value).path
            if path.startswith("/documents/"):
                self.downloads.add(path)
            match = re.match(r"^/images/[^/]+/(\d+)/", path)
            if match:
                self.rendition_of.setdefault(match[1], value.split("://", 1)[-1].split("/", 1)[-1])

    def listing(self, endpoint: str, **params) -> list:
        items, offset = [], 0
        while True:
            page = self.get(endpoint, offset=offset, limit=50, **params)
            items.extend(page["items"])
            if page["next_offset"] is None:
                return items
            offset = page["next_offset"]

    def walk(self) -> dict[str, tuple[int, dict[str, str], bytes]]:
        root = self.get("/api/v1/")
        for locale in LOCALES:
            self.get("/api/v1/locales/", locale=locale)
            pages = self.listing("/api/v1/pages/", locale=locale)
            for ct in root["content_types"]:
                if ct["kind"] == "page":
                    self.listing("/api/v1/pages/", type=ct["api_name"], locale=locale)
                else:
                    for item in self.listing(f"/api/v1/snippets/{ct['api_name']}/", locale=locale):
                        self.get(f"/api/v1/snippets/{ct['api_name']}/{item['id']}/", locale=locale)
            for card in pages:
                detail = self.get(f"/api/v1/pages/{card['id']}/", locale=locale)
                self.get("/api/v1/pages/find/", path=detail["path"], locale=locale)
            for kind in ("images", "documents"):
                for item in self.listing(f"/api/v1/{kind}/", locale=locale):
                    self.get(f"/api/v1/{kind}/{item['id']}/", locale=locale)
            sync = self.get("/api/v1/sync/", locale=locale)
            while sync["next_page_token"]:
                sync = self.get("/api/v1/sync/", locale=locale, sync_token=sync["next_page_token"])
            for word in SEARCH_WORDS:
                self.get("/api/v1/search/", q=word, locale=locale)
                self.get("/api/v1/search/suggest/", q=word[:4], locale=locale)
        for path in sorted(self.downloads) + sorted(f"/{p}" for p in self.rendition_of.values()):
            response = self.client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            headers = {name: response.headers.get(name, "") for name in HEADERS}
            self.answers[path] = (response.status_code, headers, bytes(body))
        return self.answers


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def comparable(answers: dict) -> dict:
    """The answers with each sync token replaced by its payload without the feed number."""
    out = {}
    for url, (status, headers, body) in answers.items():
        key = re.sub(r"sync_token=[^&]+", "sync_token=…", url)
        if url.startswith("/api/v1/sync/") and status == 200:
            data = json.loads(body)
            for name in ("next_page_token", "next_sync_token"):
                if data.get(name):
                    payload = signing.loads(data[name], salt="cms.delivery.sync")
                    payload.pop("s")
                    data[name] = payload
            body = json.dumps(data, sort_keys=True).encode()
            headers = {k: v for k, v in headers.items() if k != "ETag"}
        out[key] = (status, headers, body)
    return out


def differences(before: dict, after: dict) -> list[str]:
    before, after = comparable(before), comparable(after)
    found = [f"missing after restore: {url}" for url in before.keys() - after.keys()]
    found += [f"new after restore: {url}" for url in after.keys() - before.keys()]
    for url in sorted(before.keys() & after.keys()):
        if before[url] != after[url]:
            (s1, h1, b1), (s2, h2, b2) = before[url], after[url]
            found.append(
                f"{url}: status {s1}->{s2}, headers {h1 != h2}, body {b1[:80]!r}->{b2[:80]!r}"
            )
    return found


@contextlib.contextmanager
def fresh_installation(tmp_path: Path):
    """A new, migrated database and an empty media directory, for the duration of the block.

    SQLite: a new file; PostgreSQL: a new database beside the test database. The test
    database's connection is put back (and the new database dropped) afterwards.
    """
    media = tmp_path / "restored-media"
    media.mkdir()
    original = connections["default"]
    saved = copy.deepcopy(original.settings_dict)
    new_name = (
        str(tmp_path / "restored.sqlite3")
        if original.vendor == "sqlite"
        else f"{saved['NAME']}_restored"
    )
    if original.vendor == "postgresql":
        with original.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{new_name}"')
            cursor.execute(f'CREATE DATABASE "{new_name}"')
    original.settings_dict["NAME"] = new_name
    connections["default"] = connections.create_connection("default")
    try:
        with override_settings(MEDIA_ROOT=media):
            quiet("migrate", interactive=False)
            _forget()
            yield media
    finally:
        connections["default"].close()
        original.settings_dict.clear()
        original.settings_dict.update(saved)
        connections["default"] = original
        _forget()
        if original.vendor == "postgresql":
            with original.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{new_name}"')


def _forget() -> None:
    """Forget what this process remembers of the other database (caches keyed by ids)."""
    from wagtail.models import Site

    api_cache.reset()
    Site.clear_site_root_paths_cache()


def test_restore_into_an_empty_installation_answers_every_request_alike(source, tmp_path):
    before = Recorder().walk()
    assert len(before) > 150, len(before)
    assert any(url.startswith("/documents/") for url in before), "no document download walked"
    assert any(url.startswith("/images/") for url in before), "no rendition walked"
    restricted = source["page"]
    assert all(
        f"/pages/{restricted.pk}/" not in url or s == 404 for url, (s, *_r) in before.items()
    )
    old_sync = json.loads(before["/api/v1/sync/?locale=de"][2])
    archive = tmp_path / "backup.tar"
    quiet("backup", output=archive)

    with fresh_installation(tmp_path) as media:
        assert not any(media.iterdir())
        quiet("restore", str(archive))
        after = Recorder().walk()
        assert not differences(before, after), "\n".join(differences(before, after)[:40])
        # A sync token of the installation before the restore starts over.
        token = old_sync["next_sync_token"] or old_sync["next_page_token"]
        response = Client().get(f"/api/v1/sync/?locale=de&sync_token={token}")
        assert response.status_code == 410, response.content[:300]

        # The comparison sees a lost media file: without the media, downloads and renditions
        # differ (and nothing else).
        for file in media.rglob("*"):
            if file.is_file():
                file.unlink()
        api_cache.reset()
        lost = Recorder().walk()
    found = differences(before, lost)
    assert found
    assert {line.split(":")[0].split("/")[1] for line in found} == {"documents", "images"}, found


def test_restore_refuses_a_target_with_content_unless_forced(source, tmp_path):
    before = Recorder().walk()  # renditions made on first request are in the backup
    archive = tmp_path / "backup.tar"
    quiet("backup", output=archive)
    with pytest.raises(CommandError, match=r"not empty \(\d+ pages, \d+ images, \d+ documents"):
        quiet("restore", str(archive))
    quiet("restore", str(archive), force=True)
    assert not differences(before, Recorder().walk())


def test_restore_refuses_what_is_not_a_backup_or_of_another_engine(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        quiet("restore", str(tmp_path / "missing.tar"))
    not_ours = tmp_path / "other.tar"
    not_ours.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="is not a backup made by manage.py backup"):
        quiet("restore", str(not_ours))
    with pytest.raises(CommandError, match="is a directory; name the archive file"):
        quiet("restore", str(tmp_path))
    archive = tmp_path / "backup.tar"
    quiet("backup", output=archive)
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match=r"damaged \(truncated\)"):
        quiet("restore", str(truncated))
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    moved = tmp_path / "moved.tar"
    with tarfile.open(archive) as tar_in, tarfile.open(moved, "w") as tar_out:
        for member in tar_in:
            data = tar_in.extractfile(member).read()
            if member.name == "manifest.json":
                data = json.dumps({**json.loads(data), "engine": other}).encode()
                member.size = len(data)
            tar_out.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match=f"native {other} dump; .* --format json"):
        quiet("restore", str(moved))


def test_json_backup_restores_into_an_empty_installation(english_home, tmp_path):
    """``--format json`` (Django's serialization, engine-independent) round-trips a small site:
    both home pages, an image with renditions and a document, every answer alike."""
    make_document("Öffentliche Erklärung")
    make_image("Kyffhäuser").get_renditions("width-400", "fill-300x200")
    before = Recorder().walk()
    assert any(url.startswith("/documents/") for url in before)
    archive = tmp_path / "backup.tar"
    quiet("backup", output=archive, format="json")
    with tarfile.open(archive) as tar:
        assert json.loads(tar.extractfile("manifest.json").read())["format"] == "json"
    with fresh_installation(tmp_path):
        # A restore runs in a fresh process, whose content-type cache is empty.
        ContentType.objects.clear_cache()
        quiet("restore", str(archive))
        after = Recorder().walk()
    assert not differences(before, after), "\n".join(differences(before, after)[:40])


def test_a_json_backup_that_cannot_be_loaded_leaves_the_target_as_it_was(tmp_path):
    archive = tmp_path / "backup.tar"
    quiet("backup", output=archive, format="json")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(".json") and member.name != "manifest.json":
                rows = json.loads(data)
                rows.append({"model": "wagtailcore.page", "pk": 1, "fields": {"depth": "tief"}})
                data = json.dumps(rows).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with fresh_installation(tmp_path):
        kept = ContentType.objects.count(), Page.objects.count()
        with pytest.raises(CommandError, match="restore failed"):
            quiet("restore", str(damaged))
        assert (ContentType.objects.count(), Page.objects.count()) == kept


def test_a_plugin_after_restore_step_that_cannot_be_imported_is_a_start_up_error():
    from django.core import checks

    from cms.plugin import Plugin
    from cms.plugin.registry import registry

    registry.register(Plugin(label="brokenrestore", verbose_name="x", after_restore=("nope.gone",)))
    try:
        errors = [e for e in checks.run_checks() if e.id == "cms.E023"]
    finally:
        registry.unregister("brokenrestore")
    assert len(errors) == 1 and "nope.gone" in errors[0].msg
    assert "search.indexing.after_restore" in {
        p for plugin in registry for p in plugin.after_restore
    }
