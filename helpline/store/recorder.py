"""Writes that need not hold up a reply, batched on a background thread in each worker."""

from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import threading
import time
from collections import deque
from dataclasses import dataclass

from helpline.operators.metrics import WRITE_QUEUE
from helpline.serving.logs import Throttle
from helpline.store.database_guard import describe
from helpline.store.state import Outcome, Position, Store, unreachable

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Queued:
    """What this worker's queue already says about a message and its sender."""

    reply: str | None
    """The reply already given to this message id, when it is queued."""
    knows_position: bool
    """Whether a queued outcome sets or clears the sender's MORE position."""
    position: Position | None


NOTHING_QUEUED = Queued(None, False, None)


class Recorder:
    """Collects outcomes and writes them together a moment later, one transaction a batch.

    Handled message ids, usage counts and MORE positions go this way; an opt-out never
    does (see Outcome.durable). A graceful stop writes what is pending; a crash can lose
    at most the last `interval` seconds of them, and a retry after that is still answered
    alike, because those replies depend on the message alone.

    Half a second between batches: two workers committing ten times a second to one SQLite
    file held each other up (README, measured performance). The cost: a MORE that reaches
    the other worker within half a second of the text before it cannot see that position.
    """

    def __init__(self, store: Store, *, interval: float = 0.5, limit: int = 50_000) -> None:
        self.store = store
        self.interval = interval
        self.limit = limit
        self._pending: deque[Outcome] = deque()
        self._by_sid: dict[str, Outcome] = {}
        self._moves: dict[str, Outcome] = {}
        self._wake = threading.Condition()
        self._flushing = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._closed = False
        self._stopping = threading.Event()
        self._failure_lines = Throttle()
        atexit.register(self._flush_quietly)

    @property
    def depth(self) -> int:
        """How many outcomes wait to be written."""
        return len(self._pending)

    def submit(self, outcome: Outcome) -> None:
        """Queue an outcome to be written shortly."""
        if outcome.at is None and (outcome.position is not None or outcome.clear_position):
            # When it happened, so a later batch from another worker cannot undo a newer move.
            outcome = dataclasses.replace(outcome, at=self.store.clock())
        with self._wake:
            if len(self._pending) >= self.limit:
                self._forget([self._pending.popleft()])
                log.error("the write queue is full; dropped the oldest usage record")
            self._pending.append(outcome)
            self._remember(outcome)
            WRITE_QUEUE.set(len(self._pending))
            self._ensure_thread()
            self._wake.notify()

    def queued(self, sid: str, sender: str | None) -> Queued:
        """What the queue knows ahead of the database, so MORE can be answered without a flush.

        The queue holds this worker's newest outcomes; another worker could only hold a newer
        one for the same sender if that person sent two texts within one write interval.
        """
        with self._wake:
            same = self._by_sid.get(sid) if sid else None
            move = self._moves.get(sender) if sender else None
        if move is None:
            return Queued(same.reply if same else None, False, None)
        return Queued(same.reply if same else None, True, move.position)

    def flush(self) -> None:
        """Write everything queued so far, now, on the caller's thread."""
        with self._flushing:
            with self._wake:
                batch = list(self._pending)
                self._pending.clear()
            if not batch:
                return
            # The batch stays indexed until it is written: a MORE arriving mid-write finds its
            # position here, since the database does not hold it yet.
            try:
                self.store.record_many(batch)
                with self._wake:
                    self._forget(batch)
                WRITE_QUEUE.set(self.depth)
            except Exception as error:
                if not unreachable(error):
                    self._one_by_one(batch)
                    with self._wake:
                        waiting = {id(outcome) for outcome in self._pending}
                        self._forget([o for o in batch if id(o) not in waiting])
                    return
                with self._wake:
                    # Keep them for the next try: the database may be back by then.
                    self._pending.extendleft(reversed(batch))
                    self._by_sid.clear()
                    self._moves.clear()
                    for outcome in self._pending:
                        self._remember(outcome)
                raise

    def _one_by_one(self, batch: list[Outcome]) -> None:
        """Write a batch that failed on its contents row by row: one bad row loses only itself."""
        for outcome in batch:
            try:
                self.store.record_many([outcome])
            except Exception as error:
                if unreachable(error):
                    with self._wake:
                        self._pending.appendleft(outcome)  # the rest wait for the database
                        self._remember(outcome)
                    continue
                log.error(
                    "dropped one usage record the database refused (%s; channel=%s matched_by=%s)",
                    describe(error),
                    outcome.channel,
                    outcome.matched_by,
                )

    def _remember(self, outcome: Outcome) -> None:
        """Index a queued outcome: the first reply to a message id stands, the last move wins."""
        if outcome.sid:
            self._by_sid.setdefault(outcome.sid, outcome)
        if outcome.sender and (outcome.position is not None or outcome.clear_position):
            self._moves[outcome.sender] = outcome

    def _forget(self, batch: list[Outcome]) -> None:
        for outcome in batch:
            if self._by_sid.get(outcome.sid) is outcome:
                del self._by_sid[outcome.sid]
            if outcome.sender and self._moves.get(outcome.sender) is outcome:
                del self._moves[outcome.sender]

    def close(self) -> None:
        """Write what is queued and stop the background thread, before the database goes away."""
        with self._wake:
            self._closed = True
            self._stopping.set()
            self._wake.notify()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout=5)
        self.flush()
        # Flushed now, so the exit hook has nothing to do; dropping it lets the recorder, its
        # store and the store's database guard (and watchdog thread) be freed.
        atexit.unregister(self._flush_quietly)

    def _ensure_thread(self) -> None:
        if self._closed:
            return
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="helpline-recorder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
            # Let a burst gather so it goes in one transaction; close() cuts the wait short.
            if self._stopping.wait(self.interval):
                return
            self._flush_quietly()

    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception as error:
            # The guard logs the outage itself; this says what waits, once a minute at most.
            if self._failure_lines.due():
                log.warning(
                    "could not write %d usage record(s) (%s); will try again",
                    self.depth,
                    describe(error),
                )
            time.sleep(1.0)
