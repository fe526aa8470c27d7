"""Logs: one key=value line per event, and an outage that does not flood them."""

from __future__ import annotations

import logging
import re
import shlex
import sys

import pytest
import sqlalchemy as sa
from flask import Flask

from helpline.serving.logs import KeyValueFormatter
from tests.conftest import SENDER, Texter, runtime


def record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    """A log record as the logging module makes one."""
    info = sys.exc_info() if exc else None
    return logging.LogRecord("helpline.test", logging.ERROR, __file__, 1, message, args, info)


def test_an_event_is_one_line_of_keys_and_values_in_a_fixed_order() -> None:
    line = KeyValueFormatter().format(record('a "quoted" value=%s', "x y"))
    assert "\n" not in line
    pairs = dict(part.split("=", 1) for part in shlex.split(line))
    assert list(pairs) == ["ts", "level", "logger", "pid", "msg"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", pairs["ts"])
    assert (pairs["level"], pairs["logger"]) == ("error", "helpline.test")
    assert pairs["msg"] == 'a "quoted" value=x y'


def test_a_traceback_is_folded_into_the_same_line() -> None:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        line = KeyValueFormatter().format(record("failed", exc=True))
    assert "\n" not in line
    assert line.endswith('ValueError: bad\\nthing"')
    assert ' exc="Traceback (most recent call last):\\n' in line


def test_an_outage_logs_its_cause_once_not_once_per_text(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    store = runtime(app).services.store
    good, store.engine = store.engine, sa.create_engine("sqlite:////nonexistent-dir/x.sqlite3")
    try:
        with caplog.at_level(logging.INFO):
            texter = Texter(app.test_client())
            for _ in range(20):
                assert texter.send("MORE").text == runtime(app).release.sms.fallback
    finally:
        store.engine.dispose()
        store.engine = good
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) <= 3, [r.getMessage() for r in lines]
    assert not [r for r in lines if r.exc_info], "no tracebacks for a known outage"
    assert not [r for r in caplog.records if SENDER in r.getMessage()]
