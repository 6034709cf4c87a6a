"""``manage.py adopt_translations``: pair hand-made English objects with their German sources."""

from django.core.management.base import BaseCommand

from cms.plugin.registry import registry
from cms.translation.adopt import adopt, adoptable


class Command(BaseCommand):
    """Run by ``make setup`` after the demo content; see ``help``."""

    help = (
        "Make English pages and snippets that were created outside wagtail-localize (demo content, "
        "imports) synced translations of their German originals, keeping their English text, so "
        "that sync, PO files and the up-to-date state work for them. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        """Adopt every adoptable English page and snippet of the registry's models; one line per
        object and a summary on stdout. Objects whose German source is unpublished or whose texts
        do not pair are skipped and named; the command never fails for them.
        """
        adopted = skipped = 0
        for source, target in list(adoptable(registry.models())):
            result = adopt(source, target)
            if result is None:
                continue
            language = target.locale.language_code
            if result.not_published:
                skipped += 1
                self.stdout.write(
                    f"  {source} → {language}: nicht übernommen, die deutsche Fassung ist nicht "
                    "veröffentlicht"
                )
                continue
            if result.translation is None:
                skipped += 1
                self.stdout.write(
                    f"  {source} → {language}: nicht übernommen, {result.unpaired} Texte passen "
                    "nicht zur deutschen Fassung; die englische Fassung bleibt von Hand gepflegt"
                )
                continue
            adopted += 1
            self.stdout.write(f"  {source} → {language}: {result.paired} Texte übernommen")
        self.stdout.write(
            self.style.SUCCESS(f"Übersetzungen übernommen: {adopted}; nicht übernommen: {skipped}.")
        )
