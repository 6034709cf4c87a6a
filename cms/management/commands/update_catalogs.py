"""``manage.py update_catalogs``: regenerate the gettext catalogs from the code."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.translation import catalogs


class Command(BaseCommand):
    """Run by ``make messages``; see ``help``."""

    help = (
        "Regenerate locale/de and locale/en from the code (makemessages), give every German entry "
        "its German text (msgstr = msgid) and compile. English entries stay for a translator; "
        "check_catalogs lists the missing ones. This is what 'make messages' runs."
    )

    def handle(self, *args, **options) -> None:
        """Run makemessages, tidy both catalogs' headers, fill every German msgstr with its msgid,
        compile, and print how many English entries are still missing or fuzzy.
        """
        self.stdout.write("[1/3] Texte aus dem Code sammeln (makemessages) …")
        catalogs.makemessages(verbosity=max(options["verbosity"] - 1, 0))
        self.stdout.write("[2/3] Deutsche Einträge ergänzen …")
        root = settings.BASE_DIR / "locale"
        for language in catalogs.LANGUAGES:
            catalogs.tidy_header(catalogs.catalog_path(root, language), language)
        filled = catalogs.fill_source_language(catalogs.catalog_path(root, "de"))
        missing, fuzzy = catalogs.unfinished_entries(catalogs.catalog_path(root, "en"))
        self.stdout.write("[3/3] Kataloge kompilieren …")
        call_command("compile_catalogs", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Kataloge aktualisiert: {filled} deutsche Einträge ergänzt; englisch offen: "
                f"{len(missing)} ohne Übersetzung, {len(fuzzy)} unsicher (fuzzy)."
            )
        )
