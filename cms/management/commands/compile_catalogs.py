"""``manage.py compile_catalogs``: ``.po`` to ``.mo`` with polib, no GNU gettext needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Run by ``make setup`` and ``make test``; see ``help``."""

    help = (
        "Compile the project's gettext catalogs (locale/*/LC_MESSAGES/*.po) to .mo files with polib, "
        "so that set-up needs no GNU gettext. Only stale .mo files are rewritten."
    )

    def handle(self, *args, **options) -> None:
        """Compile every catalog under ``LOCALE_PATHS`` whose ``.mo`` is missing or older than its
        ``.po``; prints each compiled path and a count.
        """
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(f"Catalogs: {compiled} compiled, the others up to date.")
