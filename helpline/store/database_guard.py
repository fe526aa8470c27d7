"""Database work a request waits for, with a deadline: a stopped or hung database costs a reply
seconds at most, never Twilio's whole budget.

A PostgreSQL server that is stopped with SIGSTOP (or a machine that has frozen) still has its
kernel acknowledge every packet, so neither TCP keepalives nor a server-side statement timeout
ever end the wait. The only bound a client can keep is its own: the work runs on a small pool of
threads and the request stops waiting after DEADLINE seconds. After a failure the guard stays
open (fails at once) for COOL_OFF seconds, then lets one request try again, so an outage costs
one slow reply per COOL_OFF seconds, not one per request.
"""

from __future__ import annotations

import _thread
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from helpline.operators.metrics import DATABASE_ERRORS

log = logging.getLogger(__name__)
T = TypeVar("T")

DEADLINE = 2.0  # seconds a request waits for one piece of database work
STARTUP = 10.0  # seconds a starting worker lets a database that answers take to migrate (with
# the two request deadlines around it, well inside gunicorn_config.timeout)
COOL_OFF = 1.0  # seconds after a failure before one request may try the database again
THREADS = 16  # threads per worker for database work (a worker has 8 request threads)
STUCK_LIMIT = 4  # given-up work still waiting on the database before new work is refused


class DatabaseDown(Exception):
    """The database could not do this work now; the reason is plain words for the logs."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def describe(error: BaseException) -> str:
    """A database error in a few words, without its SQL or parameters (they hold health data)."""
    original = getattr(error, "orig", None)
    named = original if isinstance(original, BaseException) else error
    text = str(named).strip().splitlines()[0] if str(named).strip() else ""
    # Drivers' first lines say what happened ("connection refused", "database is locked");
    # SQLAlchemy's own text adds the statement and its parameters on later lines.
    return f"{type(named).__name__}: {text[:160]}" if text else type(named).__name__


class DatabaseGuard:
    """Runs database work for requests with a deadline, and knows whether the database is up."""

    def __init__(
        self,
        *,
        deadline: float = DEADLINE,
        cool_off: float = COOL_OFF,
        threads: int = THREADS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.deadline = deadline
        self.cool_off = cool_off
        self.threads = threads
        self.clock = clock
        self._lock = threading.Lock()
        self._calls: queue.SimpleQueue[_Call[object]] = queue.SimpleQueue()
        self._started = 0  # threads started in this process
        self._idle = 0  # of those, how many wait for work
        self._pid = 0
        self._stuck = 0  # work given up on at its deadline and still waiting on the database
        self._problem: str | None = None
        self._retry_at = 0.0
        self._trying = False

    @property
    def problem(self) -> str | None:
        """Why the database is taken to be down, or None while it answers."""
        return self._problem

    def run(self, work: Callable[[], T], deadline: float | None = None) -> T:
        """Do `work` within the deadline (the guard's own unless given); raise DatabaseDown at
        once while the database is down."""
        wait = self.deadline if deadline is None else deadline
        call = _Call(work)
        with self._lock:
            self._admit()
            self._hand_over(call)
        if not call.done.acquire(timeout=wait):
            with self._lock:
                late = not call.finished
                if late:
                    call.given_up = True
                    self._stuck += 1
            if late:
                reason = f"the database did not answer within {wait:g} s"
                self.failed(reason)
                raise DatabaseDown(reason)
        if call.error is not None:
            if isinstance(call.error, DatabaseDown):
                raise call.error
            reason = describe(call.error)
            self.failed(reason)
            raise DatabaseDown(reason) from call.error
        self.succeeded()
        return call.result  # type: ignore[return-value]

    def failed(self, reason: str) -> None:
        """Note that the database failed some work (a request's or the background writer's)."""
        DATABASE_ERRORS.inc()
        with self._lock:
            if self._problem is None:
                log.error("database unavailable: %s; answering safely until it is back", reason)
            self._problem = reason
            self._retry_at = self.clock() + self.cool_off
            self._trying = False

    def succeeded(self) -> None:
        """Note that the database did some work: it is up."""
        with self._lock:
            if self._problem is not None:
                log.warning("database available again after: %s", self._problem)
            self._problem = None
            self._trying = False

    def _admit(self) -> None:
        """Let the work through, or raise DatabaseDown; called with the lock held."""
        if self._stuck >= STUCK_LIMIT:
            raise DatabaseDown("earlier database work is still waiting for an answer")
        if self._problem is None:
            return
        if self._trying or self.clock() < self._retry_at:
            raise DatabaseDown(self._problem)
        self._trying = True  # this request probes; the rest fail fast until it knows

    def _hand_over(self, call: _Call[T]) -> None:
        """Queue work for this process's threads, starting one when none is free; called with
        the lock held. A forked worker must not count on threads of its parent."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._calls = queue.SimpleQueue()
            self._started = self._idle = self._stuck = 0
        if self._idle == 0 and self._started < self.threads:
            self._started += 1
            threading.Thread(
                target=self._serve, args=(self._calls,), name="helpline-db", daemon=True
            ).start()
        else:
            self._idle -= 1  # taken by this call, so the next one starts a thread if need be
        self._calls.put(call)  # type: ignore[arg-type]

    def _serve(self, calls: queue.SimpleQueue[_Call[object]]) -> None:
        """One thread's loop: do each piece of work and hand back its result or error."""
        while True:
            call = calls.get()
            try:
                call.result = call.work()
            except BaseException as error:  # handed to the waiting request, never lost
                call.error = error
            with self._lock:
                call.finished = True
                if call.given_up:
                    self._stuck -= 1
                if calls is self._calls:
                    self._idle += 1
            call.done.release()


class _Call(Generic[T]):
    """One piece of database work, its outcome, and a lock released when it is done.

    A bare lock and a simple queue, rather than concurrent.futures: this hand-over is on the
    path of every MORE, and costs about half as much CPU as a Future and an executor."""

    __slots__ = ("done", "error", "finished", "given_up", "result", "work")

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.done = _thread.allocate_lock()
        self.done.acquire()
        self.result: T | None = None
        self.error: BaseException | None = None
        self.finished = False
        self.given_up = False
