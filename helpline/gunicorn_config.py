"""Gunicorn settings shared by the Procfile, `helpline serve` and the benchmark."""

import os

bind = f"{os.environ.get('HELPLINE_BIND_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Twilio gives up after 15 s; a worker stuck longer than that helps nobody.
timeout = 20
graceful_timeout = 20
accesslog = None
# The app factory runs in each worker, never in the master (see notes/audio.md on forking).
preload_app = False
