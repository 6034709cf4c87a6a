"""``manage.py serve``: Django's development server plus the publishing scheduler and the
webhook worker, warmed up before it serves (the plugins' ``warm_up`` steps, as gunicorn's
``post_worker_init`` runs them: :mod:`cms.runtime.warmup`).

``make run`` uses it instead of ``runserver`` so that scheduled publications and expiries
happen and webhooks are sent without separate workers (see ``cms.admin.scheduler`` and
``cms.delivery.worker``). Both run in the process that serves requests (with the autoreloader,
the child process): the scheduler every ``--publish-interval`` seconds (``0`` turns it off), the
webhook worker unless ``--no-webhook-worker``.
"""

from argparse import BooleanOptionalAction

from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)

from cms.admin import scheduler
from cms.delivery import worker
from cms.runtime.warmup import warm_up


class Command(RunserverCommand):
    """Django's ``runserver`` with the publishing scheduler (see the module docstring)."""

    help = "Serve the CMS for development, publish scheduled pages every minute and send webhooks."

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
        parser.add_argument(
            "--webhook-worker",
            action=BooleanOptionalAction,
            default=True,
            help="Send webhooks from a worker thread (db_worker --backend webhooks).",
        )

    def inner_run(self, *args, **options):
        """Start the scheduler and webhook worker threads in the serving process, warm it up
        (:func:`cms.runtime.warmup.warm_up`: the first search costs what a warm one does), then
        serve as ``runserver`` does."""
        interval = options.get("publish_interval") or 0
        if interval > 0:
            scheduler.start(interval)
            self.stdout.write(f"Scheduled publishing: every {interval:g} s (publish_scheduled).")
        if options.get("webhook_worker") and worker.queue_is_database():
            worker.start()
            self.stdout.write("Webhooks: sent by a worker thread (db_worker --backend webhooks).")
        warm_up()
        return super().inner_run(*args, **options)
