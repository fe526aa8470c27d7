"""Shared state in a real database: opt-outs, MORE positions, handled messages, usage counts."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.compiler import SQLCompiler

from helpline.store.database_guard import STARTUP, DatabaseDown, DatabaseGuard, describe
from helpline.store.schema import sqlite_file, upgrade

log = logging.getLogger(__name__)
T = TypeVar("T")
metadata = sa.MetaData()

# Each sender's last STOP or START. changed_at is when that message reached the service, and a
# row only ever moves to a later one, so a STOP and a START written in either order end as the
# person sent them. written_at is when the row was written, for workers catching up (consent.py).
consent = sa.Table(
    "consent",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("opted_out", sa.Boolean, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("written_at", sa.DateTime, nullable=False, index=True),
)
positions = sa.Table(
    "positions",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("topic_id", sa.String(64), nullable=False),
    sa.Column("next_page", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
    # The content release whose pages MORE goes on with; None for positions from before releases.
    sa.Column("release_id", sa.Integer, nullable=True),
)
processed = sa.Table(
    "processed_messages",
    metadata,
    sa.Column("sid", sa.String(64), primary_key=True),
    # Empty unless a retry could not work the reply out again alike (see Outcome.kept_reply).
    sa.Column("reply", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
)
# Usage is counted, not logged: one row per minute, channel, topic and way of matching in each
# batch the recorder writes. That is all the operators' report needs, it holds nothing about
# any one message, and it keeps a busy minute to a few rows instead of one per text.
usage = sa.Table(
    "usage_counts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("minute", sa.DateTime, nullable=False, index=True),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("topic_id", sa.String(64), nullable=True),
    sa.Column("matched_by", sa.String(24), nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
)
sent_texts = sa.Table(
    "sent_texts",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
)

# Content releases (releases/): immutable snapshots of every content file, the release that is
# live and the one that is staged (one row each), every change to them, and tester numbers.
releases = sa.Table(
    "releases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("report", sa.Text, nullable=False),
    sa.Column("files", sa.Text, nullable=False),
)
release_pointers = sa.Table(
    "release_pointers",
    metadata,
    sa.Column("name", sa.String(16), primary_key=True),
    sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id"), nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)
release_audit = sa.Table(
    "release_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("release_id", sa.Integer, nullable=True),
    sa.Column("hash_before", sa.String(64), nullable=True),
    sa.Column("hash_after", sa.String(64), nullable=True),
)
# Each recording a published release plays, by its content-addressed name (audio/), so an
# instance whose disk starts empty fetches what it needs.
recordings = sa.Table(
    "recordings",
    metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("sound", sa.LargeBinary, nullable=False),
)
testers = sa.Table(
    "testers",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("added_by", sa.String(80), nullable=False),
)

# The status of a text whose key is claimed but whose sending has not finished (or never will,
# if the process died mid-send).
TEXT_PENDING = "pending"
# The status of a text that certainly was not sent: the only one whose key may be claimed again.
TEXT_UNSENT = "unsent"


_REPLY_FOR = sa.select(processed.c.reply).where(
    processed.c.sid == sa.bindparam("sid"), processed.c.reply != ""
)
_OPTED_OUT = sa.select(consent.c.opted_out).where(consent.c.sender == sa.bindparam("sender"))
_CONSENT_SINCE = sa.select(consent.c.sender, consent.c.opted_out, consent.c.changed_at).where(
    consent.c.written_at >= sa.bindparam("since")
)
# What MORE needs in one round trip: an earlier reply kept for this very message id (a
# retry), and where the sender's MORE continues.
_MORE_STATE = sa.union_all(
    _REPLY_FOR.add_columns(
        sa.cast(sa.null(), sa.String).label("topic_id"),
        sa.cast(sa.null(), sa.Integer).label("next_page"),
        sa.cast(sa.null(), sa.Integer).label("release_id"),
    ),
    sa.select(
        sa.cast(sa.null(), sa.Text),
        positions.c.topic_id,
        positions.c.next_page,
        positions.c.release_id,
    ).where(
        positions.c.sender == sa.bindparam("sender"), positions.c.expires_at > sa.bindparam("now")
    ),
)
_TEXT_STATUS = sa.select(sent_texts.c.status).where(sent_texts.c.key == sa.bindparam("key"))


class DriverQuery:
    """A hot read run on the database driver's own cursor, compiled once per dialect.

    SQLAlchemy's execution path (connection wrapper, execution context, result object) costs
    about twice what the query itself does on SQLite, and MORE reads its state on every use.
    Values still pass through SQLAlchemy's own bind processors, so a time is stored and
    compared in the form every other statement writes it.
    """

    def __init__(self, statement: sa.sql.ClauseElement) -> None:
        self.statement = statement
        self._forms: dict[str, _DriverForm] = {}

    def rows(self, engine: Engine, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Every row the query returns for these values."""
        form = self._forms.get(engine.dialect.name)
        if form is None:
            form = self._forms[engine.dialect.name] = _DriverForm.of(self.statement, engine)
        values = dict(form.compiled.construct_params(params) or {})
        for name, process in form.processors.items():
            values[name] = process(values[name])
        arguments = tuple(values[n] for n in form.order) if form.order is not None else values
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(form.sql, arguments)
                return [tuple(row) for row in cursor.fetchall()]
            finally:
                cursor.close()
        finally:
            connection.close()


@dataclass(frozen=True)
class _DriverForm:
    compiled: SQLCompiler
    sql: str
    order: tuple[str, ...] | None
    """The parameters' names in order, for a driver that takes them by position (SQLite)."""
    processors: dict[str, Callable[[Any], Any]]

    @classmethod
    def of(cls, statement: sa.sql.ClauseElement, engine: Engine) -> _DriverForm:
        dialect = engine.dialect
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        processors: dict[str, Callable[[Any], Any]] = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors[name] = process
        return cls(compiled, str(compiled), order, processors)


_MORE_STATE_READ = DriverQuery(_MORE_STATE)
_REPLY_FOR_READ = DriverQuery(_REPLY_FOR)
"""Read on a MORE whose position this worker still holds in its write queue."""


class _SeenBefore(Exception):
    """A batch met a message id already written: roll back and sort out which ids are new."""


def utcnow() -> datetime:
    """Naive UTC, the one form of time both SQLite and PostgreSQL store alike."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Position:
    """Where MORE continues for one sender, in the release that sent the last page."""

    topic_id: str
    next_page: int
    release_id: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What handling one message changes, written in a single transaction."""

    sid: str
    reply: str
    channel: str
    topic_id: str | None
    matched_by: str
    sender: str | None
    position: Position | None = None
    clear_position: bool = False
    opted_out: bool | None = None
    from_state: bool = False
    """Whether the reply hung on stored state (MORE's page), not on the message alone."""
    at: datetime | None = None
    """When the message reached the service: orders a sender's STOPs and STARTs."""

    @property
    def durable(self) -> bool:
        """Whether it must be written before the reply goes (an opt-out must never be lost)."""
        return self.opted_out is not None

    @property
    def kept_reply(self) -> str:
        """What to store for a retry of this message: the reply itself only when working it
        out again could give another answer (the state has moved on) or when it changed state."""
        return self.reply if self.from_state or self.durable else ""


# Seconds a pooled PostgreSQL connection may sit unused before it is checked on its next use.
PING_AFTER_IDLE = 10.0
# Every wait on the database is bounded, so a reply never outlasts Twilio's budget: a request
# stops waiting after database_guard.DEADLINE; these free the connection and the server too.
CONNECT_TIMEOUT = 2  # seconds (libpq and SQLite's busy wait take whole or decimal seconds)
SQLITE_BUSY_TIMEOUT = 1.0  # seconds a write waits for another worker's transaction
STATEMENT_TIMEOUT_MS = 5000  # PostgreSQL ends a statement running longer (purge included)
LOCK_TIMEOUT_MS = 1500  # PostgreSQL ends a wait for a row or table lock longer than this


def make_engine(url: str) -> Engine:
    """An engine tuned so a busy or missing database fails fast instead of stalling Twilio.

    Errors never carry the statement's parameters: they hold message ids and pseudonyms
    beside topics, which is health data about a person.
    """
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT}, hide_parameters=True
        )

        _refuse_a_vanished_file(engine)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    options = f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}"
    engine = sa.create_engine(
        url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "options": options},
        hide_parameters=True,
        pool_timeout=CONNECT_TIMEOUT,
    )

    # A connection in steady use is known to be alive; one that sat idle in the pool may have
    # been cut (a restarted or failed-over server), so only that one is pinged before use.
    # Pinging every checkout (pool_pre_ping) cost MORE a second round trip on every text.
    @sa.event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool throws this connection away and checks out a fresh one.
            raise sa.exc.DisconnectionError(f"a pooled connection had gone: {error}") from error

    return engine


def _refuse_a_vanished_file(engine: Engine) -> None:
    """Stop using an SQLite file that was deleted or moved while the service ran.

    Open connections would go on writing to the deleted file, and new ones would create an
    empty file beside it, so workers would split between the two; instead every use fails and
    the service answers safely (and /healthz/ready says why) until an operator restores it.
    A connection opened on a file since replaced (a restored backup) is closed, not reused.
    """
    path = sqlite_file(engine)
    if path is None:
        return
    if not os.path.exists(path) and os.path.isdir(os.path.dirname(path) or "."):
        # Created private: it holds pseudonyms and opt-outs (SQLite gives its -wal and -shm
        # files the same permissions). Workers start together: another may create it first.
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    existed = [os.path.exists(path)]
    filled = [os.path.exists(path) and os.path.getsize(path) > 0]

    def still_there(*_args: Any) -> tuple[int, int] | None:
        """The file's identity (device, inode); raises if it was there and is gone, or if a
        file that held a database is empty again: a backup being copied back in place, which
        a connection opened now would write a fresh header into."""
        try:
            found = os.stat(path)
        except OSError:
            if existed[0]:
                gone = FileNotFoundError(f"the SQLite file {path} was deleted or moved")
                raise sa.exc.OperationalError("connect", None, gone) from None
            return None
        existed[0] = True
        if found.st_size:
            filled[0] = True
        elif filled[0]:
            empty = FileNotFoundError(f"the SQLite file {path} is empty (being restored?)")
            raise sa.exc.OperationalError("connect", None, empty) from None
        return found.st_dev, found.st_ino

    def before_connect(*_args: Any) -> None:
        still_there()  # returns nothing: a value returned here would be used as the connection

    def remember_file(_dbapi_connection: Any, record: Any) -> None:
        record.info[_FILE_IDENTITY] = still_there()

    def same_file(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if record.info.get(_FILE_IDENTITY) != still_there():
            # The pool closes this connection and opens a fresh one on the file now there.
            raise sa.exc.DisconnectionError(f"the SQLite file {path} was replaced")

    # Before a new connection would create the file again, and before a pooled one is used.
    sa.event.listen(engine, "do_connect", before_connect)
    sa.event.listen(engine, "connect", remember_file)
    sa.event.listen(engine, "checkout", same_file)


_FILE_IDENTITY = "helpline_sqlite_file"


class Store:
    """The only code that reads or writes shared state.

    What a request waits for goes through the guard (database_guard.py), so it ends within
    its deadline; the background writers call the database directly and report to the guard.
    The tables are created on first use, so a worker starts while the database is down.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        position_ttl: timedelta,
        clock: Callable[[], datetime] = utcnow,
        guard: DatabaseGuard | None = None,
    ) -> None:
        self.engine = engine
        self.position_ttl = position_ttl
        self.clock = clock
        self.guard = guard or DatabaseGuard()
        self.guard.watch(engine)
        self._schema_ready = False

    def create_schema(self) -> None:
        """Bring the tables up to date (schema.py); safe when several workers start at once."""
        revision = upgrade(self.engine)
        self._schema_ready = True
        log.debug("database schema at revision %s", revision)

    def ensure_schema(self) -> None:
        """Create the tables if this worker has not yet (it may have started without a database)."""
        if not self._schema_ready:
            self.create_schema()

    def start(self) -> None:
        """A starting worker's first look: raise DatabaseDown unless the database answers
        within a request's deadline; then give its migrations up to STARTUP seconds, since a
        slow migration on a database that answers (a loaded host, another worker holding the
        migration lock) is work to wait for, not an outage to answer safely through."""

        def answers() -> None:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1")).all()

        self.guard.run(answers)
        self.guard.run(self.ensure_schema, deadline=STARTUP)
        self.check()

    def check(self) -> None:
        """Raise DatabaseDown unless the database answers a trivial query within the deadline."""

        def ping() -> None:
            self.ensure_schema()
            with self.engine.connect() as conn:
                # A read of a real table, so a damaged file is found, not only a live server.
                conn.execute(sa.select(consent.c.sender).limit(1)).all()
            path = sqlite_file(self.engine)
            if path is not None:
                # Pooled SQLite connections answer from pages they hold; a fresh one reads the
                # file itself, so a file damaged underneath them is found too.
                fresh = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=1)
                try:
                    fresh.execute("SELECT count(*) FROM sqlite_master").fetchone()
                finally:
                    fresh.close()

        self.guard.run(ping)

    def _guarded(self, work: Callable[[], T]) -> T:
        """Request-path database work: within the deadline, or DatabaseDown."""

        def ready_then_work() -> T:
            self.ensure_schema()
            return work()

        return self.guard.run(ready_then_work)

    def reply_for(self, sid: str) -> str | None:
        """The reply already given to this message, when Twilio sends it again and it was kept
        (Outcome.kept_reply); otherwise None, and the message is answered afresh, alike."""
        if not sid:
            return None
        return self._guarded(lambda: self._reply_for(sid))

    def _reply_for(self, sid: str) -> str | None:
        rows = _REPLY_FOR_READ.rows(self.engine, {"sid": sid})
        return str(rows[0][0]) if rows else None

    def position(self, sender: str) -> Position | None:
        """Where MORE continues for this sender, unless it has expired."""
        return self.more_state("", sender)[1]

    def more_state(self, sid: str, sender: str | None) -> tuple[str | None, Position | None]:
        """What MORE needs, in one query: an earlier reply to this very message (a retry),
        else where the sender's MORE continues."""
        if not sid and not sender:
            return None, None
        params = {"sid": sid, "sender": sender or "", "now": self.clock()}
        rows = self._guarded(lambda: _MORE_STATE_READ.rows(self.engine, params))
        position = None
        for reply, topic_id, next_page, release_id in rows:
            if reply is not None:
                return reply, None
            position = Position(topic_id, next_page, release_id)
        return None, position

    def is_opted_out(self, sender: str) -> bool:
        """Whether this sender said STOP and has not said START since."""

        def read() -> bool:
            with self.engine.connect() as conn:
                return bool(conn.execute(_OPTED_OUT, {"sender": sender}).scalar())

        return self._guarded(read)

    def consent_written_since(self, since: datetime) -> list[tuple[str, bool, datetime]]:
        """Each sender's STOP or START written at or after `since` (datetime.min: all of them)."""
        self.ensure_schema()
        with self.engine.connect() as conn:
            rows = conn.execute(_CONSENT_SINCE, {"since": since})
            return [(r.sender, bool(r.opted_out), r.changed_at) for r in rows]

    def record(self, outcome: Outcome) -> str:
        """Write one outcome now; returns the reply that stands.

        When the same message id was handled before, nothing is written and the first
        reply is returned, so a retry is answered alike and counted once.
        """

        def write() -> str:
            if self._record_many([outcome]) or not outcome.sid:
                return outcome.reply
            earlier = self._reply_for(outcome.sid)
            return outcome.reply if earlier is None else earlier

        return self._guarded(write)

    def record_many(self, outcomes: Sequence[Outcome]) -> int:
        """Write a batch of outcomes in one transaction, each message id once; returns how
        many were new. For background writers: it waits as long as the database takes."""
        try:
            self.ensure_schema()
            written = self._record_many(outcomes)
        except SQLAlchemyError as error:
            if unreachable(error):
                self.guard.failed(describe(error))
            raise
        self.guard.succeeded()
        return written

    def _record_many(self, outcomes: Sequence[Outcome]) -> int:
        now = self.clock()
        first: dict[str, Outcome] = {}
        for outcome in outcomes:
            if outcome.sid:
                first.setdefault(outcome.sid, outcome)
        # In key order, like every batch write: see _apply.
        rows = [{"sid": sid, "reply": o.kept_reply, "at": now} for sid, o in sorted(first.items())]
        unique = [o for o in outcomes if not o.sid or first[o.sid] is o]
        if self.engine.dialect.name == "sqlite":
            try:
                with self.engine.begin() as conn:
                    # Nearly every batch holds only new ids, and for SQLite a plain insert is
                    # the cheap way to write them (its driver counts what an executemany
                    # wrote; psycopg does not); a batch meeting an id seen before starts over.
                    insert = self._insert_ignoring(processed)
                    if rows and conn.execute(insert, rows).rowcount != len(rows):
                        raise _SeenBefore
                    return self._write_fresh(conn, unique, now)
            except _SeenBefore:
                pass
        with self.engine.begin() as conn:
            new_sids: set[str] = set()
            if rows:
                new_sids = set(conn.execute(self._insert_new(processed, "sid"), rows).scalars())
            fresh = [o for o in unique if not o.sid or o.sid in new_sids]
            return self._write_fresh(conn, fresh, now)

    def _write_fresh(self, conn: Connection, fresh: list[Outcome], now: datetime) -> int:
        """Count the outcomes not written before and apply what they change; returns how many."""
        if not fresh:
            return 0
        counts = Counter((o.channel, o.topic_id, o.matched_by) for o in fresh)
        minute = now.replace(second=0, microsecond=0)
        conn.execute(
            usage.insert(),
            [
                {
                    "minute": minute,
                    "channel": channel,
                    "topic_id": topic_id,
                    "matched_by": matched_by,
                    "events": count,
                }
                for (channel, topic_id, matched_by), count in counts.items()
            ],
        )
        self._write_sender_state(conn, fresh, now)
        return len(fresh)

    def set_opted_out(self, sender: str, opted_out: bool) -> None:
        """Record an opt-out learned outside a message (say, Twilio's error 21610)."""
        self.record(Outcome("", "", "sms", None, "twilio-opt-out", sender, opted_out=opted_out))

    def purge(self, keep: timedelta) -> int:
        """Delete operational records older than the retention period; returns rows removed."""
        cutoff = self.clock() - keep
        with self.engine.begin() as conn:
            removed = conn.execute(processed.delete().where(processed.c.at < cutoff)).rowcount
            removed += conn.execute(usage.delete().where(usage.c.minute < cutoff)).rowcount
            removed += conn.execute(sent_texts.delete().where(sent_texts.c.at < cutoff)).rowcount
            removed += conn.execute(
                positions.delete().where(positions.c.expires_at < self.clock())
            ).rowcount
        return int(removed)

    def usage_counts(self) -> list[tuple[str, str | None, str, int]]:
        """Anonymous counts by channel, topic and how it matched, for operators."""
        total = sa.func.sum(usage.c.events)
        query = (
            sa.select(usage.c.channel, usage.c.topic_id, usage.c.matched_by, total)
            .group_by(usage.c.channel, usage.c.topic_id, usage.c.matched_by)
            .order_by(total.desc(), usage.c.channel, usage.c.topic_id, usage.c.matched_by)
        )
        with self.engine.connect() as conn:
            return [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(query)]

    def claim_text(self, key: str) -> bool:
        """Claim a text's key before sending; False if it was claimed before: send once.

        A key recorded as TEXT_UNSENT is claimed again; any other recorded key is not.
        """
        return self._guarded(lambda: self._claim_text(key))

    def _claim_text(self, key: str) -> bool:
        now = self.clock()
        row = {"key": key, "status": TEXT_PENDING, "at": now}
        with self.engine.begin() as conn:
            if conn.execute(self._insert_new(sent_texts, "key"), row).first() is not None:
                return True
            # One conditional statement, so of requests racing to claim it again exactly one
            # sees its row change.
            retake = (
                sent_texts.update()
                .where(sent_texts.c.key == key, sent_texts.c.status == TEXT_UNSENT)
                .values(status=TEXT_PENDING, at=now)
            )
            return conn.execute(retake).rowcount == 1

    def finish_text(self, key: str, status: str) -> None:
        """Record how sending the text claimed under this key ended (TEXT_UNSENT frees it)."""
        update = sent_texts.update().where(sent_texts.c.key == key).values(status=status)

        def write() -> None:
            with self.engine.begin() as conn:
                conn.execute(update)

        self._guarded(write)

    def text_status(self, key: str) -> str | None:
        """The last recorded outcome of the text under this key, or None if never claimed."""

        def read() -> str | None:
            with self.engine.connect() as conn:
                return conn.execute(_TEXT_STATUS, {"key": key}).scalar()

        return self._guarded(read)

    def _write_sender_state(self, conn: Connection, fresh: list[Outcome], now: datetime) -> None:
        """Each sender's last opt-out and MORE position in the batch, in a few statements."""
        opt: dict[str, dict[str, Any]] = {}
        where: dict[str, dict[str, Any]] = {}
        for outcome in fresh:
            if not outcome.sender:
                continue
            if outcome.opted_out is not None:
                changed_at = outcome.at or now
                last = opt.get(outcome.sender)
                if last is None or last["changed_at"] <= changed_at:
                    opt[outcome.sender] = {
                        "opted_out": outcome.opted_out,
                        "changed_at": changed_at,
                        "written_at": now,
                    }
            # Expiry counts from when the message came, so it orders a sender's moves too.
            expires_at = (outcome.at or now) + self.position_ttl
            if outcome.position is not None:
                where[outcome.sender] = {
                    "topic_id": outcome.position.topic_id,
                    "next_page": outcome.position.next_page,
                    "release_id": outcome.position.release_id,
                    "expires_at": expires_at,
                }
            elif outcome.clear_position:
                where[outcome.sender] = {"cleared_by": expires_at}
        self._apply_consent(conn, opt)
        self._apply_positions(conn, where)

    def _apply_consent(self, conn: Connection, rows: dict[str, dict[str, Any]]) -> None:
        """Upsert each sender's STOP or START, unless the row holds a later one already."""
        if not rows:
            return
        insert = self._dialect().insert(consent)
        upsert = insert.on_conflict_do_update(
            index_elements=["sender"],
            set_={
                name: insert.excluded[name] for name in ("opted_out", "changed_at", "written_at")
            },
            where=consent.c.changed_at <= insert.excluded.changed_at,
        )
        conn.execute(
            upsert, [{"sender": sender, **values} for sender, values in sorted(rows.items())]
        )

    def _apply_positions(self, conn: Connection, rows: dict[str, dict[str, Any]]) -> None:
        """Upsert or clear each sender's MORE position, unless the row holds a later move:
        two workers' batches may reach the database in either order ("BONE" on one worker
        just after "MORE" on the other must leave the first page's position).

        Rows go in sender order, so two workers writing overlapping batches take their row
        locks in the same order and cannot deadlock (PostgreSQL would abort one batch).
        """
        ordered = sorted(rows.items())
        keep = [{"sender": sender, **values} for sender, values in ordered if "topic_id" in values]
        drop = [
            {"gone": sender, "cleared_by": values["cleared_by"]}
            for sender, values in ordered
            if "cleared_by" in values
        ]
        if keep:
            insert = self._dialect().insert(positions)
            changes = {name: insert.excluded[name] for name in keep[0] if name != "sender"}
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=["sender"],
                    set_=changes,
                    where=positions.c.expires_at <= insert.excluded.expires_at,
                ),
                keep,
            )
        if drop:
            conn.execute(
                positions.delete().where(
                    positions.c.sender == sa.bindparam("gone"),
                    positions.c.expires_at <= sa.bindparam("cleared_by"),
                ),
                drop,
            )

    def _dialect(self) -> Any:
        return postgresql if self.engine.dialect.name == "postgresql" else sqlite

    def _insert_ignoring(self, table: sa.Table) -> Any:
        """An insert that skips rows whose key exists; its rowcount says how many it wrote."""
        return self._dialect().insert(table).on_conflict_do_nothing()

    def _insert_new(self, table: sa.Table, key: str) -> Any:
        """An insert that skips rows whose key exists and returns the keys it did insert."""
        return self._insert_ignoring(table).returning(table.c[key])


def unreachable(error: BaseException) -> bool:
    """Whether an error says the database cannot take writes now (down, hung, locked, corrupt,
    deleted), not that one row was bad (too long, a broken constraint): a batch that meets it
    waits for the database instead of being written row by row."""
    if isinstance(error, sa.exc.IntegrityError | sa.exc.DataError):
        return False
    return isinstance(error, DatabaseDown | sa.exc.DBAPIError | sa.exc.TimeoutError | OSError)
