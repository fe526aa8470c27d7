"""/healthz/live and /healthz/ready: a platform can tell a running worker from a ready one."""

from __future__ import annotations

import stat
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from helpline.state import Store, make_engine
from tests.conftest import Texter, make_app, runtime


def get(app: Flask, path: str) -> tuple[int, dict[str, object], float]:
    """Status, JSON body and seconds taken."""
    began = time.monotonic()
    response = app.test_client().get(path)
    return response.status_code, response.get_json(), time.monotonic() - began


def test_a_worker_with_its_database_is_live_and_ready(app: Flask) -> None:
    status, body, _ = get(app, "/healthz/live")
    assert (status, body["status"]) == (200, "live")
    for path in ("/healthz/ready", "/healthz"):
        status, body, _ = get(app, path)
        assert status == 200
        assert body["status"] == "ok" and body["database"] == "ok"
        assert body["write_queue"] == 0 and body["opt_outs_waiting"] == 0
        assert body["content_version"] == runtime(app).catalog.version


def test_a_worker_without_its_database_is_live_but_not_ready_and_says_why(
    app: Flask,
) -> None:
    store = runtime(app).store
    good, store.engine = store.engine, sa.create_engine("sqlite:////nonexistent-dir/x.sqlite3")
    try:
        Texter(app.test_client()).send("STOP")
        time.sleep(store.guard.cool_off)
        status, body, elapsed = get(app, "/healthz/ready")
        assert status == 503
        assert str(body["status"]).startswith("not ready")
        assert "unable to open database file" in str(body["database"])
        assert body["opt_outs_waiting"] == 1
        assert elapsed < 3
        assert get(app, "/healthz/live")[0] == 200
    finally:
        store.engine.dispose()
        store.engine = good
    time.sleep(store.guard.cool_off)
    runtime(app).consent.sync()
    status, body, _ = get(app, "/healthz/ready")
    assert (status, body["opt_outs_waiting"]) == (200, 0)


def test_a_deleted_sqlite_file_is_reported_and_never_silently_replaced(tmp_path: Path) -> None:
    database = tmp_path / "helpline.sqlite3"
    app = make_app(f"sqlite:///{database}", tmp_path)
    texter = Texter(app.test_client())
    try:
        assert texter.send("BONE").messages
        runtime(app).recorder.flush()
        database.unlink()
        time.sleep(runtime(app).store.guard.cool_off)
        status, body, _ = get(app, "/healthz/ready")
        assert status == 503
        assert "was deleted or moved" in str(body["database"])
        assert texter.send("MORE").text == runtime(app).sms.fallback
        assert not database.exists(), "a new empty file would split the workers"
    finally:
        runtime(app).consent.close()
        runtime(app).recorder._closed = True  # nothing can be written; do not wait for it
        runtime(app).store.engine.dispose()


def test_a_new_sqlite_database_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        Store(engine, position_ttl=timedelta(hours=1)).create_schema()
    finally:
        engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or stat.S_IMODE(wal.stat().st_mode) == 0o600
