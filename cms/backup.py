"""Backups of an installation: the database and every media file, in one tar archive.

``manage.py backup`` writes, ``manage.py restore`` reads (docs/deployment.md, "Backup and restore").
The work is django-dbbackup's (https://github.com/Archmonger/django-dbbackup): its database
connectors make the dump (SQLite's online backup API, ``pg_dump --format=custom``, or Django's
``dumpdata`` for ``--format json``) and its ``mediabackup``/``mediarestore`` commands pack and
unpack the media storage (any Django storage, S3 included). This module adds what a whole
installation needs around them:

- one archive file: ``manifest.json`` (what is inside, see :func:`create`), the database dump
  (``database.sqlite3``, ``database.psql.bin`` or ``database.json``) and ``media.tar``;
- a restore refuses a target that already has content (:func:`target_contents`) unless forced;
- after a restore the installation is made consistent: newer migrations applied (native dumps),
  the change feed restarted so that no sync token issued before the restore continues
  (:func:`restart_change_feed`), the API cache and its generation renewed, and every plugin's
  ``Plugin.after_restore`` callable run (the search plugin rebuilds its indexes).

One deviation from dbbackup: a native SQLite dump is restored through SQLite's backup API into
the open database, not by writing the file over it (dbbackup's way), which would corrupt a
database in write-ahead-logging mode whose ``-wal`` file still holds pages.
"""

from __future__ import annotations

import datetime
import io
import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

__all__ = [
    "ARCHIVE_VERSION",
    "FORMATS",
    "BackupError",
    "Manifest",
    "create",
    "restart_change_feed",
    "restore",
    "target_contents",
]

#: Version of the archive layout (``manifest.json``'s ``version``); a newer one is refused.
ARCHIVE_VERSION = 1
#: ``native``: the engine's own dump (same engine only, fast, exact); ``json``: Django's
#: serialization (``dumpdata``), engine-independent (SQLite to PostgreSQL and back).
FORMATS = ("native", "json")
#: How far the change feed's numbers jump at a restore (see :func:`restart_change_feed`).
FEED_JUMP = 2**32

_NATIVE_CONNECTORS = {
    "sqlite": "dbbackup.db.sqlite.SqliteBackupConnector",
    "postgresql": "dbbackup.db.postgresql.PgDumpBinaryConnector",
}
_JSON_CONNECTOR = "cms.backup.JsonConnector"
#: Not in a JSON dump: the database search backend's index (SQLite's is a full-text virtual
#: table, PostgreSQL's a tsvector column); ``update_index`` rebuilds it after the restore.
_JSON_EXCLUDE = ("wagtailsearch.indexentry", "wagtailsearch.sqliteftsindexentry")


def _json_connector_class():
    from dbbackup.db.django import DjangoConnector

    class JsonConnector(DjangoConnector):
        """dbbackup's Django connector with primary keys kept: its natural primary keys drop the
        ``pk`` of models with a ``natural_key()`` that cannot be loaded by it (Wagtail's
        ``Collection``). Into a flushed database the rows keep their ids, content types
        included."""

        def _create_dump(self):
            import codecs
            from tempfile import SpooledTemporaryFile

            binary = SpooledTemporaryFile(mode="w+b")
            call_command(
                "dumpdata",
                format="json",
                stdout=codecs.getwriter("utf-8")(binary),
                verbosity=0,
                exclude=[label for label in _JSON_EXCLUDE if _model_exists(label)],
            )
            binary.seek(0)
            return binary

        def _restore_dump(self, dump):
            """Load the fixture with the content types first: building a page asks
            ``ContentType.objects.get_for_model``, which in a fresh process would create the
            type under a new id before the dump's own row arrives (a unique-constraint error).
            """
            rows = json.load(dump)
            rows.sort(key=lambda row: row.get("model") != "contenttypes.contenttype")
            return super()._restore_dump(io.BytesIO(json.dumps(rows).encode()))

    return JsonConnector


def _model_exists(label: str) -> bool:
    """Whether ``app_label.model`` is installed (SQLite's full-text model is not on PostgreSQL)."""
    from django.apps import apps

    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def __getattr__(name: str):
    """``cms.backup.JsonConnector`` (the dotted path in manifests), made when first asked for:
    dbbackup reads settings when imported."""
    if name == "JsonConnector":
        return _json_connector_class()
    raise AttributeError(name)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why in one sentence."""


@dataclass
class Manifest:
    """What an archive holds (``manifest.json``).

    ``format``: one of :data:`FORMATS`; ``engine``: the Django vendor (``sqlite``,
    ``postgresql``); ``connector``: the dbbackup connector that made the dump; ``database_file``:
    its name in the archive; ``media_files``: how many media files ``media.tar`` holds (originals,
    renditions and documents: everything in the media storage); ``migrations``: the applied
    migrations, ``{app_label: [name, …]}``; ``created``: ISO 8601 time in UTC.
    """

    format: str
    engine: str
    connector: str
    database_file: str
    media_files: int
    migrations: dict[str, list[str]] = field(default_factory=dict)
    created: str = ""
    version: int = ARCHIVE_VERSION


def _connection(alias: str = DEFAULT_DB_ALIAS):
    return connections[alias]


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The applied migrations of the database, ``{app_label: [name, …]}``, sorted."""
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(_connection(alias)).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _connector(path: str, alias: str = DEFAULT_DB_ALIAS):
    from dbbackup.db.base import get_connector

    return get_connector(alias, connector_path=path)


def _media_storage():
    from django.core.files.storage import default_storage

    return default_storage


def _media_files() -> list[str]:
    """Every file name in the media storage (recursively)."""
    storage = _media_storage()
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        names.extend(f"{folder}/{name}" if folder else name for name in files)
        folders.extend(f"{folder}/{sub}" if folder else sub for sub in subfolders)
    return sorted(names)


def create(output: Path, fmt: str = "native", alias: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write a backup of the database ``alias`` and the media storage to ``output`` (a tar file).

    ``fmt``: ``native`` (the engine's own dump) or ``json`` (see :data:`FORMATS`). Raises
    :class:`BackupError` for an unknown format or an engine without a native connector; errors
    of ``pg_dump`` surface as dbbackup's ``CommandConnectorError``. Returns the manifest written.
    """
    from dbbackup.management.commands.mediabackup import Command as MediaBackup

    engine = _connection(alias).vendor
    if fmt not in FORMATS:
        raise BackupError(f"Unknown format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    if fmt == "native" and engine not in _NATIVE_CONNECTORS:
        raise BackupError(f"No native dump for the {engine} engine; use --format json.")
    connector_path = _NATIVE_CONNECTORS[engine] if fmt == "native" else _JSON_CONNECTOR
    connector = _connector(connector_path, alias)
    database_file = f"database.{connector.extension}"
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cms-backup-") as work:
        media_tar = Path(work) / "media.tar"
        call_command(MediaBackup(), output_path=str(media_tar), verbosity=0)
        with tarfile.open(media_tar) as tar:
            media_files = sum(1 for member in tar if member.isfile())
        manifest = Manifest(
            format=fmt,
            engine=engine,
            connector=connector_path,
            database_file=database_file,
            media_files=media_files,
            migrations=applied_migrations(alias),
            created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        )
        dump = connector.create_dump()
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(asdict(manifest), indent=2).encode())
            dump.seek(0, io.SEEK_END)
            info = tarfile.TarInfo(database_file)
            info.size = dump.tell()
            dump.seek(0)
            archive.addfile(info, dump)
            archive.add(media_tar, "media.tar")
        partial.replace(output)
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def read_manifest(path: Path) -> Manifest:
    """The manifest of the archive at ``path``; :class:`BackupError` when it is none of ours."""
    try:
        with tarfile.open(path) as archive:
            member = archive.extractfile("manifest.json")
            data = json.loads(member.read()) if member else None
    except FileNotFoundError as error:
        raise BackupError(f"{path} does not exist.") from error
    except IsADirectoryError as error:
        raise BackupError(f"{path} is a directory; name the archive file.") from error
    except (tarfile.ReadError, EOFError) as error:
        raise BackupError(
            f"{path} is not a backup made by manage.py backup, or a damaged (truncated) one: "
            "it cannot be read as a tar archive."
        ) from error
    except (tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{path} is not a backup made by manage.py backup ({error}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise BackupError(f"{path} is not a backup made by manage.py backup (no manifest).")
    if data["version"] > ARCHIVE_VERSION:
        raise BackupError(
            f"{path} was written by a newer release (archive version {data['version']}); "
            f"this one reads version {ARCHIVE_VERSION}."
        )
    try:
        return Manifest(**data)
    except TypeError as error:
        raise BackupError(f"{path} has a damaged manifest ({error}).") from error


def target_contents(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """What the installation already holds that a restore would replace: counts of content pages
    (any page but the tree root and Wagtail's placeholder pages of type ``Page``), images,
    documents, users and media files; only the non-zero ones. Empty for a fresh installation
    (migrated database, empty media storage).
    """
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    counts = {
        "pages": Page.objects.using(alias).exclude(content_type__model="page").count(),
        "images": get_image_model().objects.using(alias).count(),
        "documents": get_document_model().objects.using(alias).count(),
        "users": get_user_model().objects.using(alias).count(),
        "media files": len(_media_files()),
    }
    return {name: count for name, count in counts.items() if count}


def restore(
    path: Path,
    *,
    force: bool = False,
    alias: str = DEFAULT_DB_ALIAS,
    report: Callable[[str], None] = lambda line: None,
) -> Manifest:
    """Restore the archive at ``path`` (written by :func:`create`) into this installation.

    Refuses (:class:`BackupError`) an archive that is not ours or from a newer release, a native
    dump of another engine, a JSON dump whose migrations differ from the database's, and a
    target with content (:func:`target_contents`) unless ``force``. Then replaces the database's
    content with the dump, writes every media file of the archive into the media storage
    (replacing files of the same name; others stay), and makes the installation consistent (see
    the module docstring). ``report`` receives one line per step. Returns the manifest.
    """
    manifest = read_manifest(path)
    engine = _connection(alias).vendor
    if manifest.format not in FORMATS:
        raise BackupError(f"{path} has an unknown format {manifest.format!r}.")
    if manifest.format == "native" and manifest.engine != engine:
        raise BackupError(
            f"{path} is a native {manifest.engine} dump; this installation runs on {engine}. "
            "Make the backup with --format json to move between engines."
        )
    if manifest.format == "json" and manifest.migrations != applied_migrations(alias):
        raise BackupError(
            f"{path} was made at other migrations than this database's: run the release of the "
            "backup (or migrate this database to the same state) before restoring a JSON backup."
        )
    try:
        present = target_contents(alias)
    except DatabaseError as error:
        raise BackupError(
            f"The target database is not ready ({error}): run `manage.py migrate` first, then "
            "restore."
        ) from error
    if present and not force:
        found = ", ".join(f"{count} {name}" for name, count in present.items())
        raise BackupError(
            f"The target is not empty ({found}); restore into a fresh installation "
            "(migrated database, empty media) or pass --force to replace its content."
        )
    with tempfile.TemporaryDirectory(prefix="cms-restore-") as work:
        with tarfile.open(path) as archive:
            archive.extractall(work, filter="data")
        work_path = Path(work)
        _restore_database(manifest, work_path / manifest.database_file, alias)
        report(f"Database restored ({manifest.format}, {manifest.engine}).")
        _restore_media(work_path / "media.tar")
        report(f"{manifest.media_files} media files restored.")
    if manifest.format == "native":
        call_command("migrate", database=alias, interactive=False, verbosity=0)
    _make_consistent(report)
    return manifest


def _restore_database(manifest: Manifest, dump_path: Path, alias: str) -> None:
    connection = _connection(alias)
    if manifest.format == "json":
        # loaddata adds rows; the rows the migrations made (content types, permissions, the
        # tree roots, Wagtail's welcome page) go first, without post_migrate recreating them.
        # One transaction: a dump that cannot be loaded leaves the target as it was.
        with transaction.atomic(using=alias):
            call_command(
                "flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0
            )
            with dump_path.open("rb") as dump:
                _connector(manifest.connector, alias).restore_dump(dump)
        call_command("update_index", verbosity=0)
        return
    if manifest.engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump_path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    connection.close()  # pg_restore drops and recreates every table: hold no lock meanwhile
    with dump_path.open("rb") as dump:
        _connector(manifest.connector, alias).restore_dump(dump)


def _restore_media(media_tar: Path) -> None:
    from dbbackup.management.commands.mediarestore import Command as MediaRestore

    call_command(
        MediaRestore(), input_path=str(media_tar), replace=True, interactive=False, verbosity=0
    )


def restart_change_feed() -> None:
    """Make every sync token issued before now start over (410 at ``/api/v1/sync/``).

    After a restore the feed's numbers would be handed out again for other changes than those
    that a client's token (issued by the installation before the restore) has seen. The events
    go and the numbering jumps by :data:`FEED_JUMP`: a token below the new number finds the
    events after it missing ("pruned"), one above it is ahead of the feed
    (:func:`cms.delivery.sync`).
    """
    from cms.delivery.feed import current_seq
    from cms.delivery.models import ChangeEvent, ChangeSequence

    with transaction.atomic():
        value = current_seq() + FEED_JUMP
        ChangeEvent.objects.all().delete()
        ChangeSequence.objects.update_or_create(pk=1, defaults={"value": value})


def _make_consistent(report: Callable[[str], None]) -> None:
    from django.utils.module_loading import import_string

    from cms.api import cache
    from cms.api.models import ContentGeneration
    from cms.plugin.registry import registry

    restart_change_feed()
    ContentGeneration.bump()
    cache.reset()
    report("Change feed restarted (sync clients start over); API cache cleared.")
    for plugin in registry:
        for dotted in plugin.after_restore:
            import_string(dotted)(report)
