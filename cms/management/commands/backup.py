"""``manage.py backup``: the database and every media file in one archive (:mod:`cms.backup`)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms import backup


class Command(BaseCommand):
    """See ``help``; docs/deployment.md, "Backup and restore"."""

    help = (
        "Back up the database and the media storage (originals, renditions, documents) into one "
        "tar archive, for manage.py restore. Safe while the site runs."
    )

    def add_arguments(self, parser) -> None:
        """``--output PATH`` (default ``var/backups/backup-<UTC time>.tar``), ``--format``."""
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="Archive to write (default: var/backups/backup-<UTC time>.tar).",
        )
        parser.add_argument(
            "--format",
            choices=backup.FORMATS,
            default="native",
            help=(
                "native: the database engine's own dump (restores into the same engine); "
                "json: Django's serialization, restores into any engine (slower)."
            ),
        )

    def handle(self, *args, **options) -> None:
        """Write the archive and print its path and contents; errors end in ``CommandError``."""
        from django.conf import settings

        output = options["output"]
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"backup-{stamp}.tar"
        try:
            manifest = backup.create(output, options["format"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # dbbackup's connector errors (pg_dump's message)
            raise CommandError(f"The backup failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {manifest.engine} database ({manifest.format}), "
                f"{manifest.media_files} media files."
            )
        )
