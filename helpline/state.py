"""Shared state in a real database: opt-outs, MORE positions, handled messages, usage counts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

log = logging.getLogger(__name__)
metadata = sa.MetaData()

opt_outs = sa.Table(
    "opt_outs",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("since", sa.DateTime, nullable=False),
)
positions = sa.Table(
    "positions",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("topic_id", sa.String(64), nullable=False),
    sa.Column("next_page", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False, index=True),
)
processed = sa.Table(
    "processed_messages",
    metadata,
    sa.Column("sid", sa.String(64), primary_key=True),
    sa.Column("reply", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
)
usage = sa.Table(
    "usage_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("topic_id", sa.String(64), nullable=True),
    sa.Column("matched_by", sa.String(24), nullable=False),
)


def utcnow() -> datetime:
    """Naive UTC, the one form of time both SQLite and PostgreSQL store alike."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Position:
    """Where MORE continues for one sender."""

    topic_id: str
    next_page: int


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


def make_engine(url: str) -> Engine:
    """An engine tuned so a busy or missing database fails fast instead of stalling Twilio."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 3})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 3})


class Store:
    """The only code that reads or writes shared state."""

    def __init__(
        self,
        engine: Engine,
        *,
        position_ttl: timedelta,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.position_ttl = position_ttl
        self.clock = clock

    def create_schema(self) -> None:
        """Create missing tables; safe when several workers start at once."""
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError:
            log.info("another worker created the schema first; checking again")
            metadata.create_all(self.engine)

    def reply_for(self, sid: str) -> str | None:
        """The reply already given to this message, when Twilio sends it again."""
        if not sid:
            return None
        with self.engine.connect() as conn:
            return conn.execute(sa.select(processed.c.reply).where(processed.c.sid == sid)).scalar()

    def position(self, sender: str) -> Position | None:
        """Where MORE continues for this sender, unless it has expired."""
        query = sa.select(positions.c.topic_id, positions.c.next_page).where(
            positions.c.sender == sender, positions.c.expires_at > self.clock()
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return Position(row.topic_id, row.next_page) if row else None

    def is_opted_out(self, sender: str) -> bool:
        """Whether this sender said STOP and has not said START since."""
        with self.engine.connect() as conn:
            query = sa.select(opt_outs.c.sender).where(opt_outs.c.sender == sender)
            return conn.execute(query).first() is not None

    def record(self, outcome: Outcome) -> str:
        """Write everything one message changes, once; returns the reply that stands.

        When the same message id was handled before, nothing is written and the first
        reply is returned, so a retry is answered alike and counted once.
        """
        now = self.clock()
        try:
            with self.engine.begin() as conn:
                if outcome.sid:
                    conn.execute(
                        processed.insert().values(sid=outcome.sid, reply=outcome.reply, at=now)
                    )
                conn.execute(
                    usage.insert().values(
                        at=now,
                        channel=outcome.channel,
                        topic_id=outcome.topic_id,
                        matched_by=outcome.matched_by,
                    )
                )
                if outcome.sender:
                    self._write_sender_state(conn, outcome, now)
        except IntegrityError:
            earlier = self.reply_for(outcome.sid)
            if earlier is None:
                raise
            return earlier
        return outcome.reply

    def set_opted_out(self, sender: str, opted_out: bool) -> None:
        """Record an opt-out learned outside a message (say, Twilio's error 21610)."""
        with self.engine.begin() as conn:
            self._set_opt_out(conn, sender, opted_out, self.clock())

    def purge(self, keep: timedelta) -> int:
        """Delete operational records older than the retention period; returns rows removed."""
        cutoff = self.clock() - keep
        with self.engine.begin() as conn:
            removed = conn.execute(processed.delete().where(processed.c.at < cutoff)).rowcount
            removed += conn.execute(usage.delete().where(usage.c.at < cutoff)).rowcount
            removed += conn.execute(
                positions.delete().where(positions.c.expires_at < self.clock())
            ).rowcount
        return int(removed)

    def usage_counts(self) -> list[tuple[str, str | None, str, int]]:
        """Anonymous counts by channel, topic and how it matched, for operators."""
        query = (
            sa.select(usage.c.channel, usage.c.topic_id, usage.c.matched_by, sa.func.count())
            .group_by(usage.c.channel, usage.c.topic_id, usage.c.matched_by)
            .order_by(sa.func.count().desc())
        )
        with self.engine.connect() as conn:
            return [(r[0], r[1], r[2], int(r[3])) for r in conn.execute(query)]

    def _write_sender_state(self, conn: Connection, outcome: Outcome, now: datetime) -> None:
        sender = outcome.sender
        assert sender is not None
        if outcome.opted_out is not None:
            self._set_opt_out(conn, sender, outcome.opted_out, now)
        if outcome.position is not None:
            values = {
                "sender": sender,
                "topic_id": outcome.position.topic_id,
                "next_page": outcome.position.next_page,
                "expires_at": now + self.position_ttl,
            }
            conn.execute(self._upsert(positions, values, "sender"))
        elif outcome.clear_position:
            conn.execute(positions.delete().where(positions.c.sender == sender))

    def _set_opt_out(self, conn: Connection, sender: str, opted_out: bool, now: datetime) -> None:
        if opted_out:
            conn.execute(self._upsert(opt_outs, {"sender": sender, "since": now}, "sender"))
        else:
            conn.execute(opt_outs.delete().where(opt_outs.c.sender == sender))

    def _upsert(self, table: sa.Table, values: dict[str, Any], key: str) -> Any:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table).values(**values)
        changes = {k: v for k, v in values.items() if k != key}
        return statement.on_conflict_do_update(index_elements=[key], set_=changes)
