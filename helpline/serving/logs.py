"""One log format for the service and gunicorn: a line of key=value pairs per event.

    ts=2026-11-30T08:21:07.412Z level=error logger=helpline.store.database_guard pid=4121
    msg="database unavailable: OperationalError: connection refused; answering safely until it
    is back"

(one line in the log). Keys come in this order: ts (UTC), level, logger, pid, msg, and exc
when an exception is logged, its traceback folded into the one value. A value with a space, a
quote or an equals sign is quoted, with backslash escapes for quotes, backslashes and line
breaks, so every event is exactly one line that a platform's log search can split. Phone
numbers, message ids, pseudonyms and what people write never reach a log line; database
errors are logged without their parameters (state.make_engine).
"""

from __future__ import annotations

import logging
import time
from typing import Any

FIELDS = ("ts", "level", "logger", "pid", "msg", "exc")


def _value(text: str) -> str:
    """A value as written after key=: bare when it can be, else quoted and escaped."""
    if text and not any(c in text for c in ' "=\\\n\r\t'):
        return text
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


class KeyValueFormatter(logging.Formatter):
    """Formats a record as one key=value line (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record's one line."""
        moment = time.gmtime(record.created)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{int(record.msecs):03d}Z"
        pairs = [
            ("ts", stamp),
            ("level", record.levelname.lower()),
            ("logger", record.name),
            ("pid", str(record.process)),
            ("msg", record.getMessage()),
        ]
        if record.exc_info:
            pairs.append(("exc", self.formatException(record.exc_info)))
        return " ".join(f"{key}={_value(value)}" for key, value in pairs)


class Throttle:
    """Lets a repeated log line through once per `seconds` for each key, so a fault that
    lasts does not flood the log; its start and end are logged where they are seen."""

    def __init__(self, seconds: float = 60.0) -> None:
        self.seconds = seconds
        self._quiet_until: dict[str, float] = {}

    def due(self, key: str = "") -> bool:
        """Whether the line for `key` may be logged now (and, if so, not again for a while)."""
        now = time.monotonic()
        if now < self._quiet_until.get(key, 0.0):
            return False
        self._quiet_until[key] = now + self.seconds
        return True

    def reset(self, key: str = "") -> None:
        """The fault is over: its next occurrence is logged at once."""
        self._quiet_until.pop(key, None)


def configure() -> None:
    """Send the service's logs to standard error in the one format, once per process."""
    root = logging.getLogger()
    if any(isinstance(h.formatter, KeyValueFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(KeyValueFormatter())
    root.addHandler(handler)
    if root.level == logging.WARNING:  # the default: nobody chose a level
        root.setLevel(logging.INFO)


def gunicorn_logconfig() -> dict[str, Any]:
    """gunicorn's own log lines (starting, workers, timeouts) in the same format."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"kv": {"()": KeyValueFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "kv"}},
        # The service's own loggers reach the root; configure() gives it this handler once.
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            # No access log: a line per request says nothing a counter does not (/metrics).
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }
