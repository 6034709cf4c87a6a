"""Recompute every search document and rebuild its index in every backend (atomic on engines)."""

from django.core.management.base import BaseCommand
from wagtail.search.backends import get_search_backends_with_name

from search import indexing


class Command(BaseCommand):
    """``manage.py search_rebuild``: see ``help``."""

    help = "Rebuild the reader search: search documents, then each backend's index (atomically)."

    def handle(self, *args, **options):
        """Recompute every search document, then rebuild each auto-updated backend's index; reports
        the counts on stdout.
        """
        count = indexing.rebuild()
        self.stdout.write(f"{count} search documents computed.")
        for name, _backend in get_search_backends_with_name(with_auto_update=True):
            indexed = indexing.rebuild_backend_index(name)
            self.stdout.write(f"{indexed} search documents indexed in the {name!r} backend.")
