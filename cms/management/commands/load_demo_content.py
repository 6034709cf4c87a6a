"""``manage.py load_demo_content``: every plugin's demo content, in ``Plugin.demo_order``."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from cms.plugin.registry import registry


class Command(BaseCommand):
    """Run by ``make setup`` with ``--if-empty``; see ``help``."""

    help = (
        "Load every plugin's demo content (the agency's site in German and English). "
        "Idempotent: what exists is left as it is, only what is missing is created."
    )

    def add_arguments(self, parser) -> None:
        """``--if-empty``: do nothing when any registered page type already has pages."""
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when pages of any plugin already exist.",
        )

    def handle(self, *args, **options) -> None:
        """Call each plugin's demo loader (lowest ``demo_order`` first), each in one transaction,
        and print the summed counts of what they created. An exception of a loader rolls back
        that plugin's content and ends the command.
        """
        page_models = registry.models("page")
        if options["if_empty"] and Page.objects.type(*page_models).exists():
            self.stdout.write("Content exists; demo content not loaded (--if-empty).")
            return
        plugins = sorted((p for p in registry if p.demo_content), key=lambda p: p.demo_order)
        totals: dict[str, int] = {}
        for number, plugin in enumerate(plugins, start=1):
            self.stdout.write(f"[{number}/{len(plugins)}] {plugin.verbose_name} …")
            with transaction.atomic():
                counts = plugin.demo_loader()(stdout=self.stdout)
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        summary = ", ".join(f"{key}: {value}" for key, value in totals.items()) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Created: {summary}."))
