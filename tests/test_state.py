"""Shared state on SQLite and PostgreSQL: written once, keyed by pseudonym, kept for a while."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from helpline.store import state
from helpline.store.database_guard import DEADLINE
from helpline.store.files import holding
from helpline.store.schema import LOCK_KEY, sqlite_file
from helpline.store.state import (
    TEXT_PENDING,
    Outcome,
    Position,
    Store,
    make_engine,
    processed,
    usage,
)
from tests.conftest import AppBuilder, Texter, at_once, empty_database, patient_guard, runtime

StoreFactory = Callable[[str, datetime], tuple[Store, list[datetime]]]


@pytest.fixture
def store_on() -> Iterator[StoreFactory]:
    """Stores on a database with a clock the test moves; closed afterwards."""
    engines: list[sa.Engine] = []

    def make(url: str, clock_start: datetime) -> tuple[Store, list[datetime]]:
        now = [clock_start]
        engines.append(make_engine(url))
        store = Store(
            engines[-1],
            position_ttl=timedelta(hours=24),
            clock=lambda: now[0],
            guard=patient_guard(),
        )
        store.create_schema()
        return store, now

    yield make
    for engine in engines:
        engine.dispose()


def test_the_schema_can_be_created_twice_as_workers_do_at_start(
    database_url: str, store_on: StoreFactory
) -> None:
    first, _ = store_on(database_url, datetime(2026, 1, 1))
    second, _ = store_on(database_url, datetime(2026, 1, 1))
    assert first.reply_for("missing") is None and second.reply_for("missing") is None


def create_schema(engine: sa.Engine) -> BaseException | None:
    """One worker's start-up schema creation; what went wrong, if anything."""
    try:
        Store(engine, position_ttl=timedelta(hours=1)).create_schema()
    except Exception as error:  # collected, so the test names it
        return error
    return None


def test_many_workers_creating_the_schema_at_the_same_moment_all_start(
    database_url: str, tmp_path: Path
) -> None:
    for round_ in range(5):
        url = database_url
        if url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / f'race-{round_}.sqlite3'}"
        else:
            empty_database(url)
        engines = [make_engine(url) for _ in range(6)]
        failures = [error for error in at_once(create_schema, engines) if error is not None]
        for engine in engines:
            engine.dispose()
        assert failures == []


def test_a_worker_starting_while_another_migrates_slowly_waits_for_it(
    database_url: str,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite's migration lock is a file, held without a timeout")
    empty_database(database_url)
    holder = make_engine(database_url)
    starter = make_engine(database_url)
    try:
        with holder.begin() as connection:
            # Another process migrating, for longer than a request may wait for a lock.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            result: list[BaseException | None] = []
            started = threading.Thread(target=lambda: result.append(create_schema(starter)))
            started.start()
            started.join(timeout=state.LOCK_TIMEOUT_MS / 1000 + 1.0)
            assert started.is_alive(), "it waits while the other holds the lock"
        started.join(timeout=30)
        assert result == [None]
    finally:
        holder.dispose()
        starter.dispose()


@contextlib.contextmanager
def migrating_elsewhere(url: str) -> Iterator[None]:
    """Another process in the middle of migrating this database: it holds the migration lock."""
    engine = make_engine(url)
    try:
        path = sqlite_file(engine)
        if path is not None:
            with holding(Path(f"{path}.migrate-lock")):
                yield
        else:
            with engine.begin() as connection:
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
                yield
    finally:
        engine.dispose()


def test_a_worker_whose_migration_takes_longer_than_a_request_may_wait_starts_answering_fully(
    database_url: str, build_app: AppBuilder
) -> None:
    # A loaded host once took 2.6 s over the migrations; the worker took that for an outage and
    # gave its first texts the safe reply.
    held = threading.Event()

    def migrate_slowly() -> None:
        with migrating_elsewhere(database_url):
            held.set()
            time.sleep(DEADLINE + 2)

    other = threading.Thread(target=migrate_slowly)
    other.start()
    try:
        assert held.wait(timeout=10)
        app = build_app()
    finally:
        other.join()
    services = runtime(app).services
    assert services.store.guard.problem is None
    text = Texter(app.test_client()).send("BONE").text
    assert text == runtime(app).release.sms.topic_reply("bone", 0)


def test_a_message_id_is_recorded_once_and_its_first_reply_stands(
    database_url: str, store_on: StoreFactory
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    first = Outcome("SM1", "first reply", "sms", "bone", "more", "sender-a", from_state=True)
    again = Outcome("SM1", "a later reply", "sms", "bone", "more", "sender-a", from_state=True)
    assert store.record(first) == "first reply"
    assert store.record(again) == "first reply"
    assert store.usage_counts() == [("sms", "bone", "more", 1)]


def test_a_reply_that_depends_on_the_message_alone_is_counted_once_but_not_stored(
    database_url: str, store_on: StoreFactory
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    first = Outcome("SM1", "about bone", "sms", "bone", "keyword", "sender-a")
    assert store.record(first) == "about bone"
    assert store.record(first) == "about bone"
    assert store.reply_for("SM1") is None
    assert store.usage_counts() == [("sms", "bone", "keyword", 1)]
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(processed.c.reply)).scalars().all() == [""]


def test_a_batch_mixing_new_ids_with_one_seen_before_writes_only_the_new_ones(
    database_url: str, store_on: StoreFactory
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    seen = Outcome("SM-seen", "page two", "sms", "bone", "more", "a", from_state=True)
    store.record(seen)
    later = [
        Outcome("SM-new1", "r", "sms", "pain", "keyword", "b", position=Position("pain", 1)),
        Outcome("SM-seen", "page three", "sms", "bone", "more", "a", position=Position("x", 9)),
        Outcome("SM-new2", "r", "sms", "pain", "keyword", "c"),
    ]
    assert store.record_many(later) == 2
    assert store.usage_counts() == [("sms", "pain", "keyword", 2), ("sms", "bone", "more", 1)]
    assert store.reply_for("SM-seen") == "page two"
    assert store.position("a") is None, "a message seen before changes nothing again"
    assert store.position("b") == Position("pain", 1)


def test_outcomes_without_a_message_id_are_counted_each_time(
    database_url: str, store_on: StoreFactory
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    heard = Outcome("", "", "voice", "pain", "key", None)
    assert store.record_many([heard, heard]) == 2
    assert store.usage_counts() == [("voice", "pain", "key", 2)]


def test_usage_is_stored_as_counts_per_minute_never_one_row_per_message(
    database_url: str, store_on: StoreFactory
) -> None:
    store, now = store_on(database_url, datetime(2026, 1, 1, 9, 30, 17))
    batch = [Outcome(f"SM{n}", "r", "sms", "bone", "keyword", f"s{n}") for n in range(5)]
    store.record_many([*batch, Outcome("SM9", "", "sms", None, "stop", "s9", opted_out=True)])
    now[0] += timedelta(seconds=20)
    store.record(Outcome("SM10", "r", "sms", "bone", "keyword", "s10"))
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                usage.c.minute, usage.c.topic_id, usage.c.matched_by, usage.c.events
            ).order_by(usage.c.id)
        ).all()
    minute = datetime(2026, 1, 1, 9, 30)
    assert [tuple(row) for row in rows] == [
        (minute, "bone", "keyword", 5),
        (minute, None, "stop", 1),
        (minute, "bone", "keyword", 1),
    ]
    assert store.usage_counts() == [("sms", "bone", "keyword", 6), ("sms", None, "stop", 1)]


def test_more_positions_are_kept_per_sender_and_expire(
    database_url: str, store_on: StoreFactory
) -> None:
    store, now = store_on(database_url, datetime(2026, 1, 1, 12))
    store.record(Outcome("SM1", "r", "sms", "bone", "keyword", "a", position=Position("bone", 1)))
    assert store.position("a") == Position("bone", 1)
    assert store.position("b") is None
    store.record(Outcome("SM2", "r", "sms", "bone", "more", "a", position=Position("bone", 2)))
    assert store.position("a") == Position("bone", 2)
    now[0] += timedelta(hours=25)
    assert store.position("a") is None


def test_a_position_expires_at_its_very_moment_when_read_on_the_drivers_cursor(
    database_url: str, store_on: StoreFactory
) -> None:
    # A whole second is where a time written by the driver's own rules ("12:00:00") and by
    # SQLAlchemy's ("12:00:00.000000") would compare differently as text.
    store, now = store_on(database_url, datetime(2026, 1, 1, 12))
    store.record(Outcome("SM1", "r", "sms", "bone", "keyword", "a", position=Position("bone", 1)))
    now[0] += timedelta(hours=24) - timedelta(microseconds=1)
    assert store.more_state("SM2", "a") == (None, Position("bone", 1))
    now[0] += timedelta(microseconds=1)
    assert store.more_state("SM3", "a") == (None, None)


def test_opt_outs_are_recorded_and_lifted(database_url: str, store_on: StoreFactory) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    store.record(Outcome("SM1", "", "sms", None, "stop", "a", opted_out=True))
    assert store.is_opted_out("a") and not store.is_opted_out("b")
    store.record(Outcome("SM2", "back", "sms", None, "start", "a", opted_out=False))
    assert not store.is_opted_out("a")
    store.set_opted_out("b", True)
    assert store.is_opted_out("b")


def test_purge_removes_records_older_than_the_retention_period(
    database_url: str, store_on: StoreFactory
) -> None:
    store, now = store_on(database_url, datetime(2026, 1, 1))
    store.record(Outcome("SM-old", "r", "sms", "bone", "more", "a", from_state=True))
    store.claim_text("CA-old:bone")
    now[0] += timedelta(days=100)
    store.record(Outcome("SM-new", "r", "sms", "bone", "more", "a", from_state=True))
    store.claim_text("CA-new:bone")
    assert store.purge(timedelta(days=90)) == 3
    assert store.reply_for("SM-old") is None
    assert store.reply_for("SM-new") == "r"
    assert store.text_status("CA-old:bone") is None
    assert store.text_status("CA-new:bone") == TEXT_PENDING


def test_the_app_stores_usage_as_minute_channel_topic_match_and_a_count_only(
    app: Flask, texter: Texter
) -> None:
    texter.send("BONE")
    with runtime(app).services.store.engine.connect() as conn:
        columns = list(conn.execute(sa.select(usage)).keys())
    assert columns == ["id", "minute", "channel", "topic_id", "matched_by", "events"]


def test_a_text_key_is_claimed_once_and_then_holds_the_outcome(
    database_url: str, store_on: StoreFactory
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    assert store.text_status("CA1:bone") is None
    assert store.claim_text("CA1:bone")
    assert store.text_status("CA1:bone") == TEXT_PENDING
    assert not store.claim_text("CA1:bone")
    store.finish_text("CA1:bone", "sent")
    assert store.text_status("CA1:bone") == "sent"
    assert not store.claim_text("CA1:bone")
    assert store.text_status("CA1:bone") == "sent"
    assert store.claim_text("CA1:pain")


def test_only_one_of_many_workers_racing_for_a_text_key_claims_it(
    database_url: str, store_on: StoreFactory
) -> None:
    stores = [store_on(database_url, datetime(2026, 1, 1))[0] for _ in range(8)]
    claimed = at_once(lambda store: store.claim_text("CA-race:bone"), stores)
    assert sorted(claimed) == [False] * 7 + [True]


def test_more_state_reads_an_earlier_reply_or_else_the_position_in_one_go(
    database_url: str,
) -> None:
    store = Store(make_engine(database_url), position_ttl=timedelta(hours=24))
    store.create_schema()
    try:
        store.record(
            Outcome(
                "SM1", "page two", "sms", "bone", "more", "a",
                position=Position("bone", 2), from_state=True,
            )
        )  # fmt: skip
        assert store.more_state("SM1", "a") == ("page two", None)
        assert store.more_state("SM2", "a") == (None, Position("bone", 2))
        assert store.more_state("SM2", "b") == (None, None)
        assert store.more_state("", None) == (None, None)
    finally:
        store.engine.dispose()


def test_workers_writing_overlapping_batches_in_opposite_orders_never_deadlock(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite reports a deadlock at once, without using its busy wait; a wait longer than any
    # batch keeps a slow host's ordinary queueing (one writer at a time) from failing the test.
    monkeypatch.setattr(state, "SQLITE_BUSY_TIMEOUT", 30.0)
    stores = [Store(make_engine(database_url), position_ttl=timedelta(hours=24)) for _ in range(2)]
    stores[0].create_schema()
    senders = [f"sender-{n}" for n in range(40)]
    failures: list[BaseException] = []

    def write(store: Store, order: list[str], tag: str) -> None:
        try:
            for round_number in range(15):
                store.record_many(
                    [
                        Outcome(
                            f"{tag}-{round_number}-{sender}",
                            "r",
                            "sms",
                            "bone",
                            "keyword",
                            sender,
                            position=Position("bone", round_number),
                        )
                        for sender in order
                    ]
                )
        except BaseException as error:  # collected, so the test names what went wrong
            failures.append(error)

    threads = [
        threading.Thread(target=write, args=(stores[0], senders, "a")),
        threading.Thread(target=write, args=(stores[1], senders[::-1], "b")),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []
        assert len(stores[0].usage_counts()) == 1
        assert stores[0].usage_counts()[0][3] == 2 * 15 * len(senders)
    finally:
        for store in stores:
            store.engine.dispose()


def backend_pid(store: Store) -> int:
    """The PostgreSQL server process behind the store's pooled connection."""
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_cut_while_idle_in_the_pool_is_replaced_before_it_is_used(
    database_url: str, store_on: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has no server connection to lose")
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    cut = backend_pid(store)
    other = sa.create_engine(database_url)
    try:
        with other.begin() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": cut})
    finally:
        other.dispose()
    monkeypatch.setattr(state, "PING_AFTER_IDLE", 0.0)
    assert store.position("a") is None
    assert backend_pid(store) != cut


def test_a_connection_in_steady_use_is_not_pinged_before_each_query(
    database_url: str, store_on: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1))
    pings: list[object] = []
    monkeypatch.setattr(store.engine.dialect, "do_ping", pings.append)
    for _ in range(3):
        store.more_state("SM1", "a")
    assert pings == []
    monkeypatch.setattr(state, "PING_AFTER_IDLE", 0.0)
    store.more_state("SM1", "a")
    if database_url.startswith("postgresql"):
        assert len(pings) == 1


def test_a_workers_late_batch_never_undoes_a_newer_move_of_the_same_sender(
    database_url: str, store_on: StoreFactory
) -> None:
    store, _ = store_on(database_url, datetime(2026, 1, 1, 12))
    more_at, bone_at = datetime(2026, 1, 1, 12, 0, 1), datetime(2026, 1, 1, 12, 0, 2)
    # "BONE" on one worker, just after "MORE" on another; the MORE's batch lands last.
    bone = Outcome("SM-bone", "page one", "sms", "bone", "keyword", "a", at=bone_at)
    bone = replace(bone, position=Position("bone", 1))
    more = Outcome("SM-more", "page two", "sms", "bone", "more", "a", at=more_at)
    more = replace(more, position=Position("bone", 2), from_state=True)
    store.record_many([bone])
    store.record_many([more])
    assert store.more_state("SM-next", "a")[1] == Position("bone", 1)
    stop_before = Outcome("SM-stop", "", "sms", None, "stop", "a", clear_position=True)
    store.record_many([replace(stop_before, at=more_at)])
    assert store.more_state("SM-next", "a")[1] == Position("bone", 1)
    store.record_many([replace(stop_before, sid="SM-stop2", at=bone_at + timedelta(seconds=1))])
    assert store.more_state("SM-next", "a")[1] is None


def test_a_worker_starting_as_another_creates_the_database_file_still_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "line.sqlite3"
    real_exists = os.path.exists
    created_by_the_other = {"done": False}

    def exists_until_the_other_worker_creates_it(name: str) -> bool:
        # The other worker creates the file between this one's look and its create.
        if str(name) == str(path) and not created_by_the_other["done"]:
            created_by_the_other["done"] = True
            path.write_bytes(b"")
            return False
        return bool(real_exists(name))

    monkeypatch.setattr(os.path, "exists", exists_until_the_other_worker_creates_it)
    engine = state.make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("select 1")).scalar() == 1
    finally:
        engine.dispose()
    assert created_by_the_other["done"]
