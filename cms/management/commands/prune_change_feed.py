"""``manage.py prune_change_feed``: delete change-feed events older than a sync token lives.

Events recorded before ``CMS_SYNC_TOKEN_MAX_AGE`` (default 90 days) are deleted, never the newest
one (:mod:`cms.delivery.pruning`); a sync token that would need a deleted event answers 410
"start over". ``manage.py run_scheduler`` runs this once a day; run it from cron otherwise.
"""

from django.core.management.base import BaseCommand

from cms.delivery import pruning


class Command(BaseCommand):
    """See the module docstring."""

    help = "Delete change-feed events older than the sync token lifetime (never the newest)."

    def handle(self, *args, **options):
        """Prune and report how many events went and the lowest number left."""
        deleted = pruning.prune()
        self.stdout.write(
            f"Deleted {deleted} change-feed events recorded before {pruning.cutoff():%Y-%m-%d %H:%M} "
            f"UTC; the feed now starts at #{pruning.oldest_seq() or '-'}."
        )
