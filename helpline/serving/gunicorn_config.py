"""Gunicorn settings shared by the Procfile, `helpline serve` and the benchmark."""

import os

from helpline.operators.metrics import worker_gone
from helpline.serving.logs import gunicorn_logconfig

# Production (a platform's router in front) listens on every address; anywhere else, only on
# this machine, so a laptop never offers the line to its network by accident.
_HOST = "0.0.0.0" if os.environ.get("HELPLINE_ENV") == "production" else "127.0.0.1"
bind = f"{os.environ.get('HELPLINE_BIND_HOST', _HOST)}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Requests are read whole on each worker's poller before a thread takes them, with a deadline,
# so idle or trickling connections hold nothing (gunicorn_worker.py). One request thread: every
# request the line answers is a few hundred microseconds of Python, and more threads only
# contend for the interpreter lock (the README's Reliability section has the measurements).
worker_class = "helpline.serving.gunicorn_worker.DeadlineThreadWorker"
threads = int(os.environ.get("HELPLINE_THREADS", "1"))
# Connections a worker keeps open at once (parked ones cost a file descriptor, not a thread).
worker_connections = 1000
keepalive = 5
# Twilio gives up after 15 s; a worker stuck longer than that helps nobody.
timeout = 20
graceful_timeout = 20
accesslog = None
logconfig_dict = gunicorn_logconfig()  # gunicorn's lines in the service's one format
# Gunicorn's control socket (in ~/.gunicorn) could stop or reload the service and is shared by
# every gunicorn of the user; signals do all this service needs.
control_socket_disable = True
# The app factory runs in each worker, never in the master (see notes/audio.md on forking).
preload_app = False


def child_exit(_server: object, worker: object) -> None:
    """gunicorn's hook when a worker has stopped: its live gauges no longer count."""
    worker_gone(int(getattr(worker, "pid", 0)))
