"""The batch writer: off the request path, each message once, nothing lost on a clean stop."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from datetime import timedelta
from typing import Any

from flask import Flask

from helpline.store.privacy import pseudonym
from helpline.store.recorder import Recorder
from helpline.store.state import Outcome, Position
from tests.conftest import SENDER, Texter, runtime


def test_an_opt_out_is_written_before_the_reply_goes(app: Flask, texter: Texter) -> None:
    texter.send("STOP")
    current = runtime(app).services
    assert current.store.is_opted_out(pseudonym(current.secret, SENDER))


def test_queued_records_are_written_by_the_background_thread_shortly(
    app: Flask, texter: Texter
) -> None:
    texter.send("BONE")
    counts = runtime(app).services.store.usage_counts
    deadline = time.monotonic() + 5
    while not counts() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert counts() == [("sms", "bone", "keyword", 1)]


def test_the_same_message_id_twice_in_one_batch_is_counted_once(app: Flask) -> None:
    store = runtime(app).services.store
    recorder = Recorder(store, interval=3600)
    first = Outcome(
        "SM-same", "reply", "sms", "bone", "more", "a",
        position=Position("bone", 1), from_state=True,
    )  # fmt: skip
    recorder.submit(first)
    recorder.submit(Outcome("SM-same", "other", "sms", "pain", "more", "a", from_state=True))
    recorder.flush()
    assert store.usage_counts() == [("sms", "bone", "more", 1)]
    assert store.reply_for("SM-same") == "reply"
    assert store.position("a") == Position("bone", 1)


def test_the_last_position_of_a_sender_in_a_batch_wins(app: Flask) -> None:
    store = runtime(app).services.store
    recorder = Recorder(store, interval=3600)
    recorder.submit(
        Outcome("SM1", "r", "sms", "bone", "keyword", "a", position=Position("bone", 1))
    )
    recorder.submit(Outcome("SM2", "r", "sms", "bone", "more", "a", position=Position("bone", 2)))
    recorder.submit(
        Outcome("SM3", "r", "sms", "pain", "keyword", "b", position=Position("pain", 1))
    )
    recorder.submit(Outcome("SM4", "r", "sms", "pain", "more", "b", clear_position=True))
    recorder.flush()
    assert store.position("a") == Position("bone", 2)
    assert store.position("b") is None


def test_more_right_after_a_topic_sees_the_queued_position(app: Flask, texter: Texter) -> None:
    runtime(
        app
    ).services.recorder.interval = 3600  # the background thread would not get there first
    texter.send("zometa")
    assert texter.send("MORE").text == runtime(app).release.sms.topic_reply("bisphosphonates", 1)


def test_more_is_answered_from_the_queue_without_writing_it_first(
    app: Flask, texter: Texter
) -> None:
    runtime(app).services.recorder.interval = 3600
    texter.send("zometa")
    texter.send("MORE")
    assert runtime(app).services.store.usage_counts() == []


def test_a_retried_more_still_in_the_queue_gets_the_same_reply(app: Flask, texter: Texter) -> None:
    runtime(app).services.recorder.interval = 3600
    texter.send("zometa")
    first = texter.send("MORE", MessageSid="SM-more-once").text
    assert texter.send("MORE", MessageSid="SM-more-once").text == first
    assert texter.send("MORE").text == runtime(app).release.sms.topic_reply("bisphosphonates", 2)


def test_a_queued_last_page_ends_the_topic_for_the_next_more(app: Flask) -> None:
    recorder = Recorder(runtime(app).services.store, interval=3600)
    recorder.submit(Outcome("SM1", "r", "sms", "bone", "more", "a", clear_position=True))
    recorder.submit(Outcome("SM2", "r", "sms", None, "help", "a"))
    queued = recorder.queued("SM3", "a")
    assert queued.knows_position and queued.position is None and queued.reply is None
    assert recorder.queued("SM2", "b").reply == "r"
    recorder.flush()
    assert not recorder.queued("SM2", "a").knows_position


class _SlowStore:
    """A store whose batch write waits to be let go, to look into the queue mid-write."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.clock = store.clock
        self.writing = threading.Event()
        self.let_go = threading.Event()

    def record_many(self, batch: list[Outcome]) -> None:
        self.writing.set()
        assert self.let_go.wait(5)
        self.store.record_many(batch)


def test_more_during_a_batch_write_still_finds_the_position_being_written(app: Flask) -> None:
    store = runtime(app).services.store
    slow = _SlowStore(store)
    recorder = Recorder(slow, interval=3600)  # type: ignore[arg-type]
    recorder.submit(
        Outcome("SM1", "r", "sms", "bone", "keyword", "a", position=Position("bone", 1))
    )
    writer = threading.Thread(target=recorder.flush)
    writer.start()
    assert slow.writing.wait(5)
    during = recorder.queued("SM2", "a")
    slow.let_go.set()
    writer.join(5)
    assert during.knows_position and during.position == Position("bone", 1)
    assert store.position("a") == Position("bone", 1)
    assert not recorder.queued("SM2", "a").knows_position


def test_records_expire_with_the_retention_period(app: Flask, texter: Texter) -> None:
    store = runtime(app).services.store
    texter.send("BONE")
    runtime(app).services.recorder.flush()
    assert store.purge(timedelta(days=90)) == 0
    real = store.clock
    store.clock = lambda: real() + timedelta(days=91)
    try:
        assert store.purge(timedelta(days=90)) >= 2
    finally:
        store.clock = real
    assert store.usage_counts() == []


def test_closing_writes_what_is_queued_and_stops_the_writer_at_once(app: Flask) -> None:
    store = runtime(app).services.store
    recorder = Recorder(store, interval=3600)
    recorder.submit(Outcome("SM-close", "r", "sms", "bone", "keyword", "a"))
    started = time.monotonic()
    recorder.close()
    assert time.monotonic() - started < 2
    assert store.usage_counts() == [("sms", "bone", "keyword", 1)]
    assert recorder._thread is not None and not recorder._thread.is_alive()


def test_a_closed_recorder_is_not_kept_alive_by_its_exit_hook(app: Flask) -> None:
    """The exit hook that flushes a recorder at shutdown holds it, its store and the store's
    database guard; once closed (flushed) it lets go, so they and the guard's watchdog end."""
    recorder = Recorder(runtime(app).services.store, interval=3600)
    recorder.submit(Outcome("SM-closed", "reply", "sms", "bone", "keyword", "a"))
    recorder.close()
    gone = weakref.ref(recorder)
    del recorder
    gc.collect()
    assert gone() is None
