"""gunicorn settings of a web node (`gunicorn -c deploy/gunicorn.conf.py wsgi:app`).

Environment: BIND (127.0.0.1:8000), WEB_CONCURRENCY (workers, 2), PROMETHEUS_MULTIPROC_DIR (a
directory emptied before start: the workers' metrics are added up there, /metrics reads them).
"""

import os
import shutil
from pathlib import Path

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = 60           # a request longer than this is a bug (imports and e-mails are jobs)
graceful_timeout = 20
keepalive = 5          # nginx keeps connections to the upstream open
max_requests = 5000    # workers are replaced now and then (memory), not all at once
max_requests_jitter = 500
accesslog = None       # the app writes its own JSON access line, with the request id
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
proc_name = "floor-web"


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:  # stale files of a previous run would be added to this one's figures
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
