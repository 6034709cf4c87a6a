"""Retry the index operations that failed (e.g. while the engine was down)."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Retry failed search index operations; exits non-zero while some still fail."

    def handle(self, *args, **options):
        fixed, failing = indexing.retry_failures()
        self.stdout.write(f"{fixed} fixed, {failing} still failing.")
        if failing:
            raise SystemExit(1)
