"""Counters a platform can scrape at GET /metrics, in Prometheus's text format.

Under gunicorn every worker writes its numbers to files in PROMETHEUS_MULTIPROC_DIR (a fresh
folder that `helpline serve` sets before gunicorn imports prometheus_client; gunicorn started
some other way must set it itself, empty, or each worker counts alone) and a scrape sums them,
so one request to any worker sees the whole service. Nothing here is about a person: no numbers, no
pseudonyms, no topics by sender.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"

_requests = Counter("helpline_requests", "Webhook requests answered", ["channel"])
_fallbacks = Counter("helpline_fallbacks", "Requests answered with the safe fallback", ["channel"])
SMS_REQUESTS = _requests.labels("sms")
VOICE_REQUESTS = _requests.labels("voice")
SMS_FALLBACKS = _fallbacks.labels("sms")
VOICE_FALLBACKS = _fallbacks.labels("voice")
RED_FLAGS = Counter("helpline_red_flags", "Texts answered with urgent advice first")
DATABASE_ERRORS = Counter(
    "helpline_database_errors", "Database work that failed or did not answer in time"
)
WRITE_QUEUE = Gauge(
    "helpline_write_queue", "Records waiting to be written", multiprocess_mode="livesum"
)
OPT_OUTS_WAITING = Gauge(
    "helpline_opt_outs_waiting",
    "STOPs and STARTs kept in journals until the database has them",
    multiprocess_mode="livemax",
)


def exposition() -> tuple[bytes, str]:
    """The scrape: every worker's numbers summed (or this process's, outside gunicorn)."""
    if os.environ.get(MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_gone(pid: int) -> None:
    """Drop a stopped worker's live gauges (gunicorn's child_exit hook)."""
    if os.environ.get(MULTIPROCESS_DIR):
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
