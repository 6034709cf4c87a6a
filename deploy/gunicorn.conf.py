"""gunicorn settings for metrics in multiprocess mode (``gunicorn -c deploy/gunicorn.conf.py``).

With ``PROMETHEUS_MULTIPROC_DIR`` set, each worker keeps its metric values in files there and a
scrape sums them (cms.runtime.metrics). prometheus_client asks for two things, done here: the
directory is emptied when the server starts (values of an earlier run would be counted again),
and an exited worker is marked dead (its live gauges dropped). Without the variable nothing
happens. https://prometheus.github.io/client_python/multiprocess/

Each worker warms up once after it loaded the application and before it accepts a connection
(``post_worker_init``, :func:`cms.runtime.warmup.warm_up`: the plugins' ``warm_up`` steps), so
the first search of a worker costs what a warm one does.
"""

import os
import shutil
from pathlib import Path

wsgi_app = "cms.wsgi:application"


def on_starting(server):
    """Empty ``PROMETHEUS_MULTIPROC_DIR`` (create it if missing) before any worker starts."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    """Mark ``worker``'s metric files dead (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Warm the worker up before its first request (:func:`cms.runtime.warmup.warm_up`)."""
    from cms.runtime.warmup import warm_up

    warm_up()
