"""``manage.py check_catalogs``: fail when a marked string has no German catalog entry."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.translation import catalogs


class Command(BaseCommand):
    """Run by ``make test`` and ``make messages``; see ``help``."""

    help = (
        "Extract every string marked for translation (in a scratch copy; the catalogs stay as they "
        "are) and fail when one has no German entry in locale/de. Missing or fuzzy English entries "
        "are listed; with --strict they fail too. Fix with: make messages. The upstream "
        "catalog (locale/upstream) fails when an entry has no German or its msgid is no "
        "longer used by Wagtail, wagtail-localize or Django."
    )

    def add_arguments(self, parser) -> None:
        """``--strict``: missing or fuzzy English entries fail too."""
        parser.add_argument(
            "--strict", action="store_true", help="Also fail on missing English entries."
        )

    def handle(self, *args, **options) -> None:
        """Report per language the entries without translation and the fuzzy ones (the first 50
        listed) and the problems of ``locale/upstream``; raises ``CommandError`` (exit status 1)
        when German entries (or, with ``--strict``, English ones) are missing or upstream has
        problems.
        """
        report = catalogs.check()
        for language in catalogs.LANGUAGES:
            missing, fuzzy = report.missing[language], report.fuzzy[language]
            self.stdout.write(
                f"locale/{language}: {len(missing)} ohne Eintrag, {len(fuzzy)} unsicher (fuzzy)"
            )
            for msgid in (missing + fuzzy)[:50]:
                self.stdout.write(f"    {msgid!r}")
        upstream = catalogs.check_upstream(settings.BASE_DIR / "locale")
        self.stdout.write(f"locale/upstream: {len(upstream)} Probleme")
        for problem in upstream:
            self.stdout.write(f"    {problem}")
        failing = list(report.problems(catalogs.SOURCE_LANGUAGE)) + upstream
        if options["strict"]:
            failing += report.problems("en")
        if failing:
            raise CommandError(
                f"{len(failing)} Katalogprobleme (markierte Texte ohne Eintrag, locale/upstream); "
                "bitte 'make messages' ausführen und die englischen Einträge ergänzen."
            )
        self.stdout.write(self.style.SUCCESS("Kataloge vollständig."))
