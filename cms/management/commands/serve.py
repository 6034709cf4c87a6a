"""``manage.py serve``: Django's development server plus the publishing scheduler.

``make run`` uses it instead of ``runserver`` so that scheduled publications and expiries
happen without a separate worker (see ``cms.admin.scheduler``). The scheduler runs in the
process that serves requests (with the autoreloader, the child process), every
``--publish-interval`` seconds; ``--publish-interval 0`` turns it off.
"""

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)

from cms.admin import scheduler


class Command(RunserverCommand):
    """Django's ``runserver`` with the publishing scheduler (see the module docstring)."""

    help = "Serve the CMS for development and publish scheduled pages every minute."

    def add_arguments(self, parser):
        """``runserver``'s arguments plus ``--publish-interval`` (seconds; 0 turns the scheduler
        off).
        """
        super().add_arguments(parser)
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=scheduler.DEFAULT_INTERVAL,
            help="Seconds between runs of publish_scheduled (0 turns the scheduler off).",
        )

    def inner_run(self, *args, **options):
        """Start the scheduler thread in the serving process, then serve as ``runserver`` does."""
        interval = options.get("publish_interval") or 0
        if interval > 0:
            scheduler.start(interval)
            self.stdout.write(f"Scheduled publishing: every {interval:g} s (publish_scheduled).")
        return super().inner_run(*args, **options)
