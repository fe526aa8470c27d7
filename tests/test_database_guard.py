"""The database guard: a request never waits on the database longer than its deadline."""

from __future__ import annotations

import os
import threading
import time

import pytest
import sqlalchemy as sa

from helpline.store import database_guard
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


def test_work_that_hangs_is_given_up_on_at_the_deadline_and_marks_the_database_down() -> None:
    guard = DatabaseGuard(deadline=0.2)
    release = threading.Event()
    began = time.monotonic()
    with pytest.raises(DatabaseDown, match=r"did not answer within 0\.2 s"):
        guard.run(lambda: release.wait(10))
    assert time.monotonic() - began < 1.0
    assert guard.problem == "the database did not answer within 0.2 s"
    release.set()


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


def test_while_earlier_work_is_stuck_on_a_hung_database_new_work_fails_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(database_guard, "STUCK_LIMIT", 2)
    guard = DatabaseGuard(deadline=0.1, cool_off=0.0)
    release = threading.Event()
    for _ in range(2):
        with pytest.raises(DatabaseDown):
            guard.run(lambda: release.wait(10))
    began = time.monotonic()
    with pytest.raises(DatabaseDown, match="still waiting"):
        guard.run(lambda: None)
    assert time.monotonic() - began < 0.05
    release.set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            assert guard.run(lambda: "answered") == "answered"
            break
        except DatabaseDown:
            time.sleep(0.01)
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
    guard = DatabaseGuard(deadline=2.0, threads=3)
    before = set(threading.enumerate())

    def query(n: int) -> int:
        time.sleep(0.01 * (n % 3))
        return n * n

    results = at_once(lambda n: (n, guard.run(lambda: query(n))), list(range(20)))
    assert sorted(results) == [(n, n * n) for n in range(20)]
    started = [t for t in set(threading.enumerate()) - before if t.name == "helpline-db"]
    assert 1 <= len(started) <= 3
    assert guard.problem is None


def test_an_error_in_the_work_reaches_the_request_as_database_down_with_its_cause() -> None:
    guard = DatabaseGuard(deadline=1.0)

    def broken() -> None:
        raise sa.exc.OperationalError("SELECT 1", {}, OSError("disk I/O error"))

    with pytest.raises(DatabaseDown, match="disk I/O error") as raised:
        guard.run(broken)
    assert isinstance(raised.value.__cause__, sa.exc.OperationalError)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork, as gunicorn's workers are made")
def test_a_forked_worker_does_its_database_work_on_threads_of_its_own() -> None:
    guard = DatabaseGuard(deadline=2.0)
    assert guard.run(lambda: os.getpid()) == os.getpid()  # the parent's threads now exist
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            answered = guard.run(lambda: os.getpid()) == os.getpid()
            os.write(writer, b"ok" if answered else b"wrong")
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        said = pipe.read()
    os.waitpid(child, 0)
    assert said == b"ok"
