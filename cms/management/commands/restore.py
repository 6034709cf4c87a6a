"""``manage.py restore PATH``: an archive of ``manage.py backup`` into this installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms import backup


class Command(BaseCommand):
    """See ``help``; docs/deployment.md, "Backup and restore"."""

    help = (
        "Restore a backup of manage.py backup (database and media) into this installation, "
        "which must be empty (migrated database, empty media) unless --force. Then applies newer "
        "migrations, restarts the change feed (sync clients start over), clears the API cache "
        "and rebuilds search. Stop the app servers and workers while it runs."
    )

    def add_arguments(self, parser) -> None:
        """``PATH`` of the archive; ``--force`` to replace existing content."""
        parser.add_argument("path", type=Path, help="Archive written by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of an installation that is not empty.",
        )

    def handle(self, *args, **options) -> None:
        """Restore, printing one line per step; refusals and failures end in ``CommandError``."""
        try:
            manifest = backup.restore(
                options["path"], force=options["force"], report=self.stdout.write
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # dbbackup's connector errors (pg_restore's message)
            raise CommandError(f"The restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup of {manifest.created} from {options['path']}.")
        )
