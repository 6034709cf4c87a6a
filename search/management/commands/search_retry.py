"""Retry the index operations that failed (e.g. while the engine was down)."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    """``manage.py search_retry``: see ``help``; for a cron job or after an engine outage."""

    help = "Retry failed search index operations; exits non-zero while some still fail."

    def handle(self, *args, **options):
        """Retry every recorded failure; prints fixed and failing counts, exits with status 1 while
        any still fails.
        """
        fixed, failing = indexing.retry_failures()
        self.stdout.write(f"{fixed} fixed, {failing} still failing.")
        if failing:
            raise SystemExit(1)
