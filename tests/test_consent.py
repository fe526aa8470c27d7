"""Opt-outs: kept on disk before the reply, written when the database can, honoured everywhere."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from helpline.store.consent import CHANGES, JOURNAL, Consent
from helpline.store.privacy import pseudonym
from helpline.store.state import Outcome, Store, consent, make_engine
from tests.conftest import SENDER, AppBuilder, Texter, close, make_app, runtime

ROOT = Path(__file__).resolve().parent.parent


def opted_out_in_database(app: Flask, number: str = SENDER) -> bool | None:
    """The sender's last word as the database holds it: True (STOP), False (START) or None."""
    current = runtime(app).services
    with current.store.engine.connect() as conn:
        row = conn.execute(
            sa.select(consent.c.opted_out).where(
                consent.c.sender == pseudonym(current.secret, number)
            )
        ).first()
    return None if row is None else bool(row.opted_out)


def journal_lines(app: Flask) -> list[str]:
    """The changes waiting in this worker's journal for the database."""
    path = runtime(app).services.consent.folder / JOURNAL
    return path.read_text().splitlines() if path.exists() else []


def test_a_stop_is_on_disk_before_the_database_is_asked(
    app: Flask, texter: Texter, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = runtime(app).services.store
    seen: list[list[str]] = []
    real = store.record

    def record(outcome: Outcome) -> str:
        seen.append(journal_lines(app))
        return real(outcome)

    monkeypatch.setattr(store, "record", record)
    assert texter.send("STOP").messages == []
    assert len(seen) == 1 and len(seen[0]) == 1
    assert SENDER not in seen[0][0], "the journal holds the pseudonym, never the number"
    assert opted_out_in_database(app) is True


def test_a_stop_survives_a_worker_killed_between_the_journal_and_the_database(
    database_url: str, tmp_path: Path
) -> None:
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from flask.testing import FlaskClient
        from tests.conftest import Texter, make_app, runtime
        app = make_app({database_url!r}, Path({str(tmp_path)!r}))
        store = runtime(app).services.store
        store.record = lambda outcome: os._exit(9)  # killed before the database has it
        Texter(app.test_client()).send("STOP")
        """
    )
    killed = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert killed.returncode == 9, killed.stderr
    app = make_app(database_url, tmp_path)  # the worker gunicorn starts in its place
    try:
        texter = Texter(app.test_client())
        assert texter.send("BONE").messages == [], "honoured from the journal at once"
        runtime(app).services.consent.sync()
        assert opted_out_in_database(app) is True
        assert journal_lines(app) == []
        assert runtime(app).services.consent.pending == 0
    finally:
        close(app)


def test_a_stop_and_a_start_written_out_of_order_end_in_the_order_they_arrived(
    database_url: str,
) -> None:
    store = Store(make_engine(database_url), position_ttl=timedelta(hours=1))
    store.create_schema()
    first = datetime(2026, 11, 30, 9, 0, 0)
    later = first + timedelta(milliseconds=3)
    try:
        # The START reached one worker 3 ms after the STOP reached the other, but was written first.
        store.record(Outcome("SM2", "back", "sms", None, "start", "s", opted_out=False, at=later))
        store.record(Outcome("SM1", "", "sms", None, "stop", "s", opted_out=True, at=first))
        assert store.is_opted_out("s") is False
        store.record(Outcome("SM3", "", "sms", None, "stop", "s", opted_out=True, at=later))
        assert store.is_opted_out("s") is True, "a later STOP still counts"
    finally:
        store.engine.dispose()


def test_an_opted_out_number_gets_empty_replies_except_to_start_and_help(texter: Texter) -> None:
    assert texter.send("BONE").messages
    assert texter.send("STOP").messages == []
    for text in ("BONE", "MORE", "hello", "my legs are weak and numb", "1", ""):
        reply = texter.send(text)
        assert (reply.status, reply.messages) == (200, []), text
    assert "0808 800 6000" in texter.send("HELP").text
    assert "back on" in texter.send("START").text
    assert texter.send("BONE").messages


def test_another_worker_honours_a_stop_once_it_has_caught_up(build_app: AppBuilder) -> None:
    first = build_app()
    second = build_app(
        HELPLINE_JOURNAL_DIR=str(Path(runtime(first).services.consent.folder) / "other")
    )
    Texter(first.test_client()).send("STOP")
    runtime(second).services.consent.sync()  # its background thread does this twice a second
    assert Texter(second.test_client()).send("BONE").messages == []


@pytest.mark.parametrize("older_marker", [b"", b"..."], ids=["no marker", "a shorter marker"])
def test_a_stop_taken_by_one_worker_is_honoured_by_another_on_the_host_at_once(
    app: Flask, tmp_path: Path, older_marker: bytes
) -> None:
    folder = tmp_path / "one-hosts-opt-outs"
    folder.mkdir()
    if older_marker:
        (folder / CHANGES).write_bytes(older_marker)  # as an earlier version left it
    store = runtime(app).services.store
    # An hour between syncs: only the shared count of changes can tell the second worker.
    taking, other = (Consent(store, folder, interval=3600.0) for _ in range(2))
    try:
        assert not other.opted_out("sender-pseudonym")
        taking.record(
            Outcome("SM-stop", "", "sms", None, "stop", "sender-pseudonym", opted_out=True)
        )
        assert other.opted_out("sender-pseudonym")
    finally:
        taking.close()
        other.close()


def test_opt_outs_kept_before_the_consent_table_are_carried_over(database_url: str) -> None:
    engine = make_engine(database_url)
    legacy = sa.Table(
        "opt_outs",
        sa.MetaData(),
        sa.Column("sender", sa.String(64), primary_key=True),
        sa.Column("since", sa.DateTime, nullable=False),
    )
    try:
        legacy.create(engine)
        with engine.begin() as conn:
            conn.execute(legacy.insert(), [{"sender": "old", "since": datetime(2026, 1, 2)}])
        store = Store(engine, position_ttl=timedelta(hours=1))
        store.create_schema()
        assert store.is_opted_out("old")
        assert "opt_outs" not in sa.inspect(engine).get_table_names()
        store.create_schema()  # a second worker starting finds nothing left to carry
        assert store.is_opted_out("old")
    finally:
        engine.dispose()


def test_the_journal_is_private_to_the_service(app: Flask, texter: Texter) -> None:
    folder = runtime(app).services.consent.folder
    store = runtime(app).services.store
    good, store.engine = store.engine, sa.create_engine("sqlite:////nonexistent-dir/x.sqlite3")
    try:
        texter.send("STOP")
    finally:
        store.engine = good
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / JOURNAL).stat().st_mode) == 0o600


def test_a_worker_starts_without_its_database_and_recovers_when_it_appears(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "not-yet"
    app = make_app(f"sqlite:///{missing / 'helpline.sqlite3'}", tmp_path)
    try:
        assert "the database is unreachable" in caplog.text
        texter = Texter(app.test_client())
        assert texter.send("BONE").messages, "content replies need no database"
        stop = texter.send("STOP")
        assert (stop.status, stop.messages) == (200, [])
        missing.mkdir()
        runtime(app).services.consent.sync()
        assert opted_out_in_database(app) is True
        assert texter.send("START").messages
    finally:
        close(app)
    assert os.path.exists(missing / "helpline.sqlite3")
