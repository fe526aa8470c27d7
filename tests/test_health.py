"""/healthz/live and /healthz/ready: a platform can tell a running worker from a ready one."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from helpline.store.state import Store, make_engine
from tests.conftest import (
    SENDER,
    AppBuilder,
    Texter,
    back_up_sqlite,
    close,
    delete_sqlite,
    make_app,
    opted_out_in,
    runtime,
)


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
        assert body["content_version"] == runtime(app).release.catalog.version


def test_a_worker_without_its_database_is_live_but_not_ready_and_says_why(
    app: Flask,
) -> None:
    store = runtime(app).services.store
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
    runtime(app).services.consent.sync()
    status, body, _ = get(app, "/healthz/ready")
    assert (status, body["opt_outs_waiting"]) == (200, 0)


def test_a_deleted_sqlite_file_is_reported_and_never_silently_replaced(tmp_path: Path) -> None:
    database = tmp_path / "helpline.sqlite3"
    app = make_app(f"sqlite:///{database}", tmp_path)
    texter = Texter(app.test_client())
    try:
        assert texter.send("BONE").messages
        runtime(app).services.recorder.flush()
        database.unlink()
        time.sleep(runtime(app).services.store.guard.cool_off)
        status, body, _ = get(app, "/healthz/ready")
        assert status == 503
        assert "was deleted or moved" in str(body["database"])
        assert texter.send("MORE").text == runtime(app).release.sms.fallback
        assert not database.exists(), "a new empty file would split the workers"
    finally:
        runtime(app).services.consent.close()
        runtime(app).services.recorder._closed = True  # nothing can be written; do not wait for it
        runtime(app).services.store.engine.dispose()


@contextlib.contextmanager
def backed_up(tmp_path: Path) -> Iterator[tuple[Flask, Texter, Path, Path]]:
    """A service on an SQLite file that has had a text, and a backup of that file taken:
    the app, a texter, the file and the backup; the app is closed afterwards."""
    database = tmp_path / "helpline.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    app = make_app(f"sqlite:///{database}", tmp_path)
    texter = Texter(app.test_client())
    try:
        assert texter.send("BONE").messages
        runtime(app).services.recorder.flush()
        back_up_sqlite(database, backup)
        yield app, texter, database, backup
    finally:
        close(app)


def test_a_restored_sqlite_file_takes_the_stop_kept_meanwhile_and_no_connection_uses_the_old(
    tmp_path: Path,
) -> None:
    with backed_up(tmp_path) as (app, texter, database, backup):
        delete_sqlite(database)
        time.sleep(runtime(app).services.store.guard.cool_off)
        assert get(app, "/healthz/ready")[0] == 503
        assert texter.send("STOP").messages == []
        shutil.copy(backup, database)  # an operator restores the backup
        time.sleep(runtime(app).services.store.guard.cool_off)
        runtime(app).services.consent.sync()
        status, body, _ = get(app, "/healthz/ready")
        assert (status, body["opt_outs_waiting"]) == (200, 0), body
        assert opted_out_in(database) == 1, "the STOP went to the restored file, not the old"


def test_an_sqlite_file_emptied_for_a_copy_in_place_is_left_alone_until_it_is_whole(
    tmp_path: Path,
) -> None:
    with backed_up(tmp_path) as (app, texter, database, backup):
        delete_sqlite(database)
        database.touch()  # an operator's copy has begun: the file is there, still empty
        time.sleep(runtime(app).services.store.guard.cool_off)
        assert texter.send("STOP").messages == []
        assert get(app, "/healthz/ready")[0] == 503
        assert database.stat().st_size == 0, "nothing was written into the half-made file"
        database.write_bytes(backup.read_bytes())  # the copy ends
        time.sleep(runtime(app).services.store.guard.cool_off)
        runtime(app).services.consent.sync()
        assert opted_out_in(database) == 1, "the STOP went to the restored file"


def test_a_backup_moved_over_the_sqlite_file_is_used_at_once_by_pooled_connections(
    tmp_path: Path,
) -> None:
    with backed_up(tmp_path) as (_app, texter, database, backup):
        delete_sqlite(database, keep_file=True)
        os.replace(backup, database)  # never missing for a moment
        assert texter.send("STOP").messages == []
        assert opted_out_in(database) == 1, "a pooled connection wrote the STOP to the old file"


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


def scraped(app: Flask, token: str | None) -> tuple[int, str]:
    """GET /metrics with a bearer token (or none): status and text."""
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = app.test_client().get("/metrics", headers=headers)
    return response.status_code, response.get_data(as_text=True)


def counter(text: str, name: str) -> float:
    """One sample's value in a scrape, 0 when absent."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


def test_metrics_do_not_exist_until_the_operator_sets_a_token(app: Flask) -> None:
    assert scraped(app, None)[0] == 404
    assert scraped(app, "anything")[0] == 404


def test_metrics_need_the_token_and_count_requests_red_flags_and_fallbacks(
    build_app: AppBuilder,
) -> None:
    app = build_app(HELPLINE_METRICS_TOKEN="operators-secret")
    assert scraped(app, None)[0] == 401
    assert scraped(app, "wrong")[0] == 401
    status, before = scraped(app, "operators-secret")
    assert status == 200
    texter = Texter(app.test_client())
    texter.send("BONE")
    texter.send("my legs have gone weak and numb since this morning")
    store = runtime(app).services.store
    good, store.engine = store.engine, sa.create_engine("sqlite:////nonexistent-dir/x.sqlite3")
    try:
        texter.send("MORE")
    finally:
        store.engine.dispose()
        store.engine = good
    after = scraped(app, "operators-secret")[1]
    sms = 'helpline_requests_total{channel="sms"}'
    fallbacks = 'helpline_fallbacks_total{channel="sms"}'
    assert counter(after, sms) - counter(before, sms) == 3
    assert (
        counter(after, "helpline_red_flags_total") - counter(before, "helpline_red_flags_total")
        == 1
    )
    assert counter(after, fallbacks) - counter(before, fallbacks) == 1
    errors = "helpline_database_errors_total"
    assert counter(after, errors) > counter(before, errors)
    assert "helpline_write_queue" in after and "helpline_opt_outs_waiting" in after
    assert SENDER not in after
