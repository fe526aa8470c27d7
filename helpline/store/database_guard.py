"""Database work a request waits for, with a deadline: a stopped or hung database costs a reply
seconds at most, never Twilio's whole budget.

A PostgreSQL server that is stopped with SIGSTOP (or a machine that has frozen) still has its
kernel acknowledge every packet, so neither TCP keepalives nor a server-side statement timeout
ever end the wait. The only bound a client can keep is its own. The work runs on the request's
own thread (handing it to another thread and back cost a MORE more than its query), and one
watchdog thread per process cuts whatever connection that work still holds at the deadline: it
shuts a PostgreSQL connection's socket, so the driver's wait ends with an error, and interrupts
an SQLite statement. A connection still being opened is bounded by its own connect timeout, and
SQLite's wait for a lock by its busy timeout (state.make_engine). After a failure the guard stays
open (fails at once) for COOL_OFF seconds, then lets one request try again, so an outage costs
one slow reply per COOL_OFF seconds, not one per request.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from helpline.operators.metrics import DATABASE_ERRORS

log = logging.getLogger(__name__)
T = TypeVar("T")

DEADLINE = 2.0  # seconds a request waits for one piece of database work
STARTUP = 10.0  # seconds a starting worker lets a database that answers take to migrate (with
# the two request deadlines around it, well inside gunicorn_config.timeout)
COOL_OFF = 1.0  # seconds after a failure before one request may try the database again
LONGEST_COOL_OFF = 8.0  # seconds: the longest pause between probes of a database that hangs
TICK = 0.05  # seconds between the watchdog's looks at the work in progress


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


_GUARDS: weakref.WeakSet[DatabaseGuard] = weakref.WeakSet()


def _forked() -> None:
    """In a forked child, give every guard a fresh lock: a thread of the parent may have held
    the old one at the fork, and no thread of the child would ever release it. The child has
    none of its parent's threads either, so none of its work and no watchdog."""
    for guard in list(_GUARDS):
        guard._lock = threading.Lock()
        guard._working = {}
        guard.watchdog = None


os.register_at_fork(after_in_child=_forked)


class DatabaseGuard:
    """Runs database work for requests with a deadline, and knows whether the database is up."""

    def __init__(
        self,
        *,
        deadline: float = DEADLINE,
        cool_off: float = COOL_OFF,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.deadline = deadline
        self.cool_off = cool_off
        self.clock = clock
        self._lock = threading.Lock()
        self._working: dict[int, _Work] = {}  # the guarded work each thread is doing now
        self._watched: weakref.WeakSet[Engine] = weakref.WeakSet()
        self.watchdog: threading.Thread | None = None  # this process's (a child starts its own)
        self._problem: str | None = None
        self._retry_at = 0.0
        self._timeouts = 0  # work cut at its deadline, in a row
        self._trying = False
        _GUARDS.add(self)

    @property
    def problem(self) -> str | None:
        """Why the database is taken to be down, or None while it answers."""
        return self._problem

    def watch(self, engine: Engine) -> None:
        """Let the guard cut the connections of this engine that guarded work has checked out."""
        if engine in self._watched:
            return
        self._watched.add(engine)
        # First, so a pooled connection's liveness ping (state.make_engine) is watched too.
        sa.event.listen(engine, "checkout", self._checked_out, insert=True)
        sa.event.listen(engine, "checkin", self._checked_in)

    def run(self, work: Callable[[], T], deadline: float | None = None) -> T:
        """Do `work` within the deadline (the guard's own unless given); raise DatabaseDown at
        once while the database is down."""
        thread = threading.get_ident()
        outer = self._working.get(thread)
        if outer is not None:  # work inside guarded work: the outer deadline covers both
            current = outer
        else:
            current = _Work(self.deadline if deadline is None else deadline)
            with self._lock:
                self._admit()
                self._keep_watch()
                self._working[thread] = current
        try:
            result = work()
        except DatabaseDown:
            raise
        except Exception as error:
            if current.cut:  # the watchdog has counted this failure already
                raise DatabaseDown(current.late) from error
            reason = describe(error)
            self.failed(reason)
            raise DatabaseDown(reason) from error
        finally:
            if outer is None:
                with self._lock:
                    del self._working[thread]
        self.succeeded()
        return result

    def failed(self, reason: str, *, timed_out: bool = False) -> None:
        """Note that the database failed some work (a request's or the background writer's)."""
        DATABASE_ERRORS.inc()
        with self._lock:
            if self._problem is None:
                log.error("database unavailable: %s; answering safely until it is back", reason)
            self._problem = reason
            # A request that probes a hung database waits out the whole deadline, so each
            # timeout in a row doubles the pause before the next probe, up to LONGEST_COOL_OFF.
            self._timeouts = self._timeouts + 1 if timed_out else 0
            pause = self.cool_off * 2 ** max(self._timeouts - 1, 0)
            self._retry_at = self.clock() + min(pause, max(self.cool_off, LONGEST_COOL_OFF))
            self._trying = False

    def succeeded(self) -> None:
        """Note that the database did some work: it is up."""
        with self._lock:
            if self._problem is not None:
                log.warning("database available again after: %s", self._problem)
            self._problem = None
            self._timeouts = 0
            self._trying = False

    def _admit(self) -> None:
        """Let the work through, or raise DatabaseDown; called with the lock held."""
        if self._problem is None:
            return
        if self._trying or self.clock() < self._retry_at:
            raise DatabaseDown(self._problem)
        self._trying = True  # this request probes; the rest fail fast until it knows

    def _keep_watch(self) -> None:
        """Start this process's watchdog unless it runs; called with the lock held."""
        if self.watchdog is not None:
            return
        # The thread holds the guard weakly, so a guard no longer used (a test's app, a
        # command's store) is freed and its watchdog ends instead of ticking for ever.
        self.watchdog = threading.Thread(
            target=_watch_over, args=(weakref.ref(self),), name="helpline-db-watchdog", daemon=True
        )
        self.watchdog.start()

    def _look(self) -> None:
        """One look by the watchdog: cut the connections of work past its deadline."""
        now = time.monotonic()
        late: list[_Work] = []
        with self._lock:
            for work in self._working.values():
                if work.ends_at <= now and (work.connections or not work.cut):
                    late.append(work)
                    work.cut = True
                    for connection in work.connections:
                        _cut(connection)
                    work.connections.clear()
        for work in late:
            self.failed(work.late, timed_out=True)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        work = self._working.get(threading.get_ident())
        if work is not None:
            with self._lock:
                work.connections.append(dbapi_connection)

    def _checked_in(self, dbapi_connection: Any, _record: Any) -> None:
        work = self._working.get(threading.get_ident())
        if work is not None and dbapi_connection is not None:
            with self._lock:
                if dbapi_connection in work.connections:
                    work.connections.remove(dbapi_connection)


class _Work:
    """One request's guarded work in progress: its deadline and the connections it holds."""

    __slots__ = ("connections", "cut", "ends_at", "wait")

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self.ends_at = time.monotonic() + wait
        self.connections: list[Any] = []
        self.cut = False

    @property
    def late(self) -> str:
        """Why it failed, once the watchdog has cut it."""
        return f"the database did not answer within {self.wait:g} s"


def _watch_over(guard_ref: weakref.ref[DatabaseGuard]) -> None:
    """The watchdog's loop: a look every TICK for as long as its guard is in use."""
    while True:
        time.sleep(TICK)
        guard = guard_ref()
        if guard is None:
            return
        guard._look()
        del guard  # only the look holds it: between looks the guard may be freed


def _cut(connection: Any) -> None:
    """End a driver's wait on the database from another thread: its statement is interrupted
    (SQLite) or its socket shut (PostgreSQL), so the waiting driver raises at once."""
    try:
        if isinstance(connection, sqlite3.Connection):
            connection.interrupt()
            return
        descriptor = connection.pgconn.socket  # psycopg; raises once the connection is closed
        with socket.socket(fileno=os.dup(descriptor)) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)  # shuts the connection both copies share
    except Exception as error:  # a connection that has just closed itself needs no cutting
        log.debug("could not cut a database connection: %s", describe(error))
