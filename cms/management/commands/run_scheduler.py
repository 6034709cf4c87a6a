"""``manage.py run_scheduler``: the publishing scheduler as a worker process of its own.

For production, where the web server (gunicorn) should not run timers: start this once next to
it (systemd unit, container sidecar). It runs Wagtail's ``publish_scheduled`` every
``--interval`` seconds until stopped; ``--once`` runs it a single time (for cron).
"""

from django.core.management.base import BaseCommand

from cms.admin import scheduler


class Command(BaseCommand):
    """See the module docstring."""

    help = "Publish and unpublish scheduled pages every minute (or once with --once)."

    def add_arguments(self, parser):
        """``--interval`` (seconds, default :data:`cms.admin.scheduler.DEFAULT_INTERVAL`) and
        ``--once``.
        """
        parser.add_argument("--interval", type=float, default=scheduler.DEFAULT_INTERVAL)
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, **options):
        """With ``--once``: publish what is due and print Wagtail's report. Otherwise run the
        scheduler loop in this thread until the process is stopped.
        """
        if options["once"]:
            self.stdout.write(scheduler.publish_due() or "Nothing due.")
            return
        worker = scheduler.Scheduler(options["interval"])
        self.stdout.write(f"Scheduler: publish_scheduled every {options['interval']:g} s.")
        worker.run()
