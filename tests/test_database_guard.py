"""The database guard: a request never waits on the database longer than its deadline."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from helpline.store.database_guard import DatabaseDown, DatabaseGuard, describe
from tests.conftest import at_once


class Clock:
    """A clock the test moves by hand, for the cool-off."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_work_that_answers_in_time_returns_its_result() -> None:
    guard = DatabaseGuard(deadline=1.0)
    assert guard.run(lambda: 42) == 42
    assert guard.problem is None


def sqlite_engine(path: Path) -> sa.Engine:
    """An SQLite engine whose lock waits end within a second, as the service's do."""
    return sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 1})


# A statement that runs until it is interrupted (or for ever): a database that stopped answering.
ENDLESS = sa.text(
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
)
# One that takes about half a second on this machine's kind of core, and then answers.
A_WHILE = sa.text(
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000)"
    " SELECT count(*) FROM n"
)


def endless_on(engine: sa.Engine) -> Callable[[], object]:
    """Guarded work that runs ENDLESS on the engine until the watchdog cuts it."""

    def endless() -> object:
        with engine.connect() as conn:
            return conn.execute(ENDLESS).scalar()

    return endless


def answer_from_a_child(work: Callable[[], bytes], meanwhile: Callable[[], None]) -> bytes:
    """Fork as gunicorn makes a worker, run `work` in the child (then `meanwhile` in the
    parent) and return what the child said."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.write(writer, work())
        finally:
            os._exit(0)
    meanwhile()
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        said = pipe.read()
    os.waitpid(child, 0)
    return said


def test_a_statement_still_running_at_the_deadline_is_cut_and_marks_the_database_down(
    tmp_path: Path,
) -> None:
    engine = sqlite_engine(tmp_path / "db.sqlite3")
    guard = DatabaseGuard(deadline=0.2, cool_off=0.0)
    guard.watch(engine)
    endless = endless_on(engine)

    began = time.monotonic()
    with pytest.raises(DatabaseDown, match=r"did not answer within 0\.2 s") as raised:
        guard.run(endless)
    assert time.monotonic() - began < 1.0
    assert isinstance(raised.value.__cause__, sa.exc.OperationalError)
    assert guard.problem == "the database did not answer within 0.2 s"

    def short() -> object:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT 7")).scalar()

    assert guard.run(short) == 7  # the pooled connection that was cut answers again
    assert guard.problem is None


def test_each_timeout_in_a_row_doubles_the_pause_before_the_next_probe(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "db.sqlite3")
    clock = Clock()
    guard = DatabaseGuard(deadline=0.1, cool_off=1.0, clock=clock)
    guard.watch(engine)
    endless = endless_on(engine)

    def refused() -> bool:
        try:
            guard.run(lambda: None)
        except DatabaseDown:
            return True
        return False

    with pytest.raises(DatabaseDown, match="did not answer"):
        guard.run(endless)
    clock.now += 1.1  # the first pause is the cool-off
    with pytest.raises(DatabaseDown, match="did not answer"):
        guard.run(endless)  # the probe hangs too
    clock.now += 1.1
    assert refused()  # the second pause is twice as long
    clock.now += 1.0
    with pytest.raises(DatabaseDown, match="did not answer"):
        guard.run(endless)
    clock.now += 3.9
    assert refused()  # and the third twice as long again
    clock.now += 0.2
    assert not refused()  # the database answered: the next failure pauses for the cool-off
    assert guard.problem is None


def test_work_past_its_deadline_marks_the_database_down_for_others_before_it_ends() -> None:
    guard = DatabaseGuard(deadline=0.1, cool_off=30.0)
    release = threading.Event()
    outcome: list[object] = []
    stuck = threading.Thread(target=lambda: outcome.append(guard.run(lambda: release.wait(10))))
    stuck.start()
    try:
        time.sleep(0.4)
        assert guard.problem == "the database did not answer within 0.1 s"
        began = time.monotonic()
        with pytest.raises(DatabaseDown, match="did not answer"):
            guard.run(lambda: "should not run")
        assert time.monotonic() - began < 0.05
    finally:
        release.set()
        stuck.join(5)
    assert outcome == [True]  # work that did end in the end keeps its result


def test_only_the_late_works_connections_are_cut_not_another_threads(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "db.sqlite3")
    guard = DatabaseGuard(deadline=0.1)
    guard.watch(engine)
    results: list[object] = []

    def unguarded_query() -> None:  # as the background writer's are
        with engine.connect() as conn:
            results.append(conn.execute(A_WHILE).scalar())

    other = threading.Thread(target=unguarded_query)
    other.start()
    endless = endless_on(engine)

    with pytest.raises(DatabaseDown):
        guard.run(endless)
    other.join(10)
    assert results == [2000000]


def test_while_down_requests_fail_at_once_then_one_tries_again_after_the_cool_off() -> None:
    clock = Clock()
    guard = DatabaseGuard(deadline=1.0, cool_off=2.0, clock=clock)
    calls: list[str] = []

    def broken() -> None:
        calls.append("tried")
        raise sa.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    with pytest.raises(DatabaseDown, match="connection refused"):
        guard.run(broken)
    with pytest.raises(DatabaseDown):
        guard.run(lambda: calls.append("should not run"))
    assert calls == ["tried"]
    clock.now += 2.5
    assert guard.run(lambda: "back") == "back"
    assert guard.problem is None


def test_many_requests_using_the_database_at_once_are_not_taken_for_an_outage() -> None:
    guard = DatabaseGuard(deadline=2.0)

    def busy_query() -> str:
        time.sleep(0.05)
        return "ok"

    results = at_once(lambda _: guard.run(busy_query), list(range(12)))
    assert results == ["ok"] * 12
    assert guard.problem is None


def test_a_database_error_is_described_without_its_statement_or_parameters() -> None:
    error = sa.exc.IntegrityError(
        "INSERT INTO consent (sender) VALUES (?)",
        {"sender": "a1b2c3-pseudonym"},
        ValueError("UNIQUE constraint failed: consent.sender"),
    )
    text = describe(error)
    assert text == "ValueError: UNIQUE constraint failed: consent.sender"
    assert "pseudonym" not in text and "INSERT" not in text


def test_work_from_many_requests_at_once_comes_back_to_the_request_that_asked() -> None:
    guard = DatabaseGuard(deadline=2.0)

    def query(n: int) -> int:
        time.sleep(0.01 * (n % 3))
        return n * n

    results = at_once(lambda n: (n, guard.run(lambda: query(n))), list(range(20)))
    assert sorted(results) == [(n, n * n) for n in range(20)]
    assert guard.problem is None


def test_an_error_in_the_work_reaches_the_request_as_database_down_with_its_cause() -> None:
    guard = DatabaseGuard(deadline=1.0)

    def broken() -> None:
        raise sa.exc.OperationalError("SELECT 1", {}, OSError("disk I/O error"))

    with pytest.raises(DatabaseDown, match="disk I/O error") as raised:
        guard.run(broken)
    assert isinstance(raised.value.__cause__, sa.exc.OperationalError)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork, as gunicorn's workers are made")
def test_a_forked_worker_has_a_watchdog_of_its_own_that_cuts_its_late_work(
    tmp_path: Path,
) -> None:
    engine = sqlite_engine(tmp_path / "db.sqlite3")
    guard = DatabaseGuard(deadline=0.2)
    guard.watch(engine)
    assert guard.run(lambda: os.getpid()) == os.getpid()  # the parent's watchdog now runs

    def in_the_child() -> bytes:
        engine.dispose(close=False)  # the parent's pooled connections stay the parent's
        began = time.monotonic()
        try:
            guard.run(endless_on(engine))
        except DatabaseDown:
            return b"cut" if time.monotonic() - began < 2.0 else b"cut late"
        return b"not cut"

    said = answer_from_a_child(in_the_child, meanwhile=lambda: None)
    assert said == b"cut"


def test_guarded_work_runs_on_the_thread_of_the_request_that_asked() -> None:
    # Handing work to another thread and back cost a MORE more CPU than its query did.
    guard = DatabaseGuard(deadline=1.0)
    asked = at_once(lambda _: (threading.get_ident(), guard.run(threading.get_ident)), range(4))
    assert all(requester == worker for requester, worker in asked)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork, as gunicorn's workers are made")
def test_a_worker_forked_while_a_thread_held_the_guards_lock_still_does_database_work() -> None:
    guard = DatabaseGuard(deadline=2.0)
    held = threading.Event()
    release = threading.Event()

    def hold_the_lock() -> None:  # as the watchdog does for a moment on every tick
        with guard._lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    held.wait(5)

    def in_the_child() -> bytes:
        signal.alarm(5)  # a child stuck on the parent's lock is killed, not left to hang
        return b"ok" if guard.run(lambda: 7) == 7 else b"wrong"

    def let_go() -> None:
        release.set()
        holder.join(5)

    said = answer_from_a_child(in_the_child, meanwhile=let_go)
    assert said == b"ok"


def test_a_guard_no_longer_used_stops_its_watchdog() -> None:
    """Each store has a guard and each guard a watchdog: one that outlived its guard would
    wake twenty times a second for ever (a test session builds hundreds of stores)."""
    guard = DatabaseGuard()
    guard.run(lambda: None)
    watchdog = guard.watchdog
    assert watchdog is not None and watchdog.is_alive()
    del guard
    gc.collect()
    watchdog.join(timeout=2)
    assert not watchdog.is_alive()
