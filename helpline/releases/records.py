"""The release tables: snapshots, the live and staged pointers, the audit log and testers.

Every change to a pointer is written with its audit entry in one transaction, so the log never
disagrees with what was served. A release row is never changed once written.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from helpline.releases.snapshot import Snapshot
from helpline.store.files import holding
from helpline.store.schema import sqlite_file
from helpline.store.state import (
    recordings,
    release_audit,
    release_pointers,
    releases,
    testers,
    utcnow,
)

LIVE, STAGED = "live", "staged"
POINTERS = (LIVE, STAGED)
PUBLISH_LOCK_KEY = 0x68656C71  # the PostgreSQL advisory lock one publish holds at a time


class Busy(RuntimeError):
    """Another publish, stage or rollback is running; nothing was changed."""


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    """One release as the list shows it; its files are read only when needed."""

    id: int
    content_hash: str
    created_at: datetime
    created_by: str
    note: str
    report: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change: who, when, what, why, and the live content hash before and after."""

    id: int
    at: datetime
    actor: str
    action: str
    note: str
    release_id: int | None
    hash_before: str | None
    hash_after: str | None


class ReleaseRecords:
    """Reads and writes the release tables of one database."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    def add(
        self, snapshot: Snapshot, content_hash: str, *, by: str, note: str, report: dict[str, Any]
    ) -> int:
        """Store a new release; returns its id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                releases.insert().values(
                    content_hash=content_hash,
                    created_at=self.clock(),
                    created_by=by,
                    note=note,
                    report=json.dumps(report, ensure_ascii=False),
                    files=snapshot.to_json(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def get(self, release_id: int) -> ReleaseRecord | None:
        """One release's record, or None when there is no such release."""
        with self.engine.connect() as conn:
            row = conn.execute(_RECORDS.where(releases.c.id == release_id)).first()
        return _record(row) if row is not None else None

    def all(self) -> list[ReleaseRecord]:
        """Every release, newest first."""
        with self.engine.connect() as conn:
            return [_record(row) for row in conn.execute(_RECORDS.order_by(releases.c.id.desc()))]

    def snapshot(self, release_id: int) -> Snapshot:
        """A release's files."""
        with self.engine.connect() as conn:
            text = conn.execute(
                sa.select(releases.c.files).where(releases.c.id == release_id)
            ).scalar_one()
        return Snapshot.from_json(text)

    def with_hash(self, content_hash: str) -> int | None:
        """The newest release with this content, if any."""
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.max(releases.c.id)).where(releases.c.content_hash == content_hash)
            ).scalar()

    def pointers(self) -> dict[str, int]:
        """Which release is live and which staged; a pointer never set is absent."""
        with self.engine.connect() as conn:
            return read_pointers(conn)

    def point(
        self,
        name: str,
        release_id: int,
        *,
        actor: str,
        action: str,
        note: str,
    ) -> None:
        """Set a pointer and log it, in one transaction."""
        if name not in POINTERS:
            raise ValueError(f"no pointer called {name!r}")
        with self.engine.begin() as conn:
            before = read_pointers(conn).get(LIVE)
            now = self.clock()
            table = release_pointers
            updated = conn.execute(
                table.update()
                .where(table.c.name == name)
                .values(release_id=release_id, changed_at=now)
            )
            if updated.rowcount == 0:
                conn.execute(
                    table.insert().values(name=name, release_id=release_id, changed_at=now)
                )
            after = release_id if name == LIVE else before
            self._log(conn, actor, action, note, release_id, before, after)

    def log(self, actor: str, action: str, note: str, release_id: int | None = None) -> None:
        """Log a change that moves no pointer (a release stored, a tester added)."""
        with self.engine.begin() as conn:
            live = read_pointers(conn).get(LIVE)
            self._log(conn, actor, action, note, release_id, live, live)

    def audit(self) -> list[AuditEntry]:
        """Every logged change, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(release_audit).order_by(release_audit.c.id)).all()
        return [AuditEntry(*row) for row in rows]

    def live_history(self) -> list[int]:
        """The releases made live, oldest first, one entry per change of the live pointer."""
        return [
            entry.release_id
            for entry in self.audit()
            if entry.release_id is not None and entry.action in LIVE_ACTIONS
        ]

    def keep_recordings(self, digests: dict[str, str], read: Callable[[str], bytes]) -> int:
        """Store the recordings (name: file hash) the database lacks, reading only those;
        returns how many."""
        with self.engine.begin() as conn:
            have = set(
                conn.execute(
                    sa.select(recordings.c.name).where(recordings.c.name.in_(list(digests)))
                ).scalars()
            )
            new = [
                {"name": name, "file_sha256": digest, "sound": read(name)}
                for name, digest in digests.items()
                if name not in have
            ]
            if new:
                conn.execute(recordings.insert(), new)
            return len(new)

    def recording(self, name: str) -> bytes | None:
        """One recording's bytes, or None when the database has none by that name."""
        with self.engine.connect() as conn:
            sound = conn.execute(
                sa.select(recordings.c.sound).where(recordings.c.name == name)
            ).scalar()
        return bytes(sound) if sound is not None else None

    def add_tester(self, sender: str, by: str) -> bool:
        """Add a tester's pseudonym; False when it was one already."""
        with self.engine.begin() as conn:
            if conn.execute(sa.select(testers.c.sender).where(testers.c.sender == sender)).first():
                return False
            conn.execute(testers.insert().values(sender=sender, added_at=self.clock(), added_by=by))
            return True

    def remove_tester(self, sender: str) -> bool:
        """Remove a tester's pseudonym; False when it was not one."""
        with self.engine.begin() as conn:
            return conn.execute(testers.delete().where(testers.c.sender == sender)).rowcount > 0

    def testers(self) -> frozenset[str]:
        """Every tester's pseudonym."""
        with self.engine.connect() as conn:
            return frozenset(conn.execute(sa.select(testers.c.sender)).scalars())

    @contextlib.contextmanager
    def changing(self, *, wait: bool = False) -> Iterator[None]:
        """Hold the one lock under which releases are published, staged or rolled back; raise
        Busy at once when another process holds it, so two publishes never interleave. With
        `wait` (a service starting), wait for it instead."""
        path = sqlite_file(self.engine)
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                if wait:
                    conn.execute(
                        sa.text("SELECT pg_advisory_lock(:key)"), {"key": PUBLISH_LOCK_KEY}
                    )
                    held = True
                else:
                    held = bool(
                        conn.execute(
                            sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": PUBLISH_LOCK_KEY}
                        ).scalar()
                    )
                conn.commit()
                if not held:
                    raise Busy("another publish, stage or rollback is running; try again soon")
                try:
                    yield
                finally:
                    conn.execute(
                        sa.text("SELECT pg_advisory_unlock(:key)"), {"key": PUBLISH_LOCK_KEY}
                    )
                    conn.commit()
            return
        if path is None:
            yield
            return
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(holding(Path(f"{path}.publish-lock"), wait=wait))
            except BlockingIOError as exc:
                raise Busy("another publish, stage or rollback is running; try again soon") from exc
            yield

    def _log(
        self,
        conn: Connection,
        actor: str,
        action: str,
        note: str,
        release_id: int | None,
        before: int | None,
        after: int | None,
    ) -> None:
        hashes = _hashes(conn, before, after)
        conn.execute(
            release_audit.insert().values(
                at=self.clock(),
                actor=actor,
                action=action,
                note=note,
                release_id=release_id,
                hash_before=hashes.get(before) if before is not None else None,
                hash_after=hashes.get(after) if after is not None else None,
            )
        )


LIVE_ACTIONS = frozenset({"publish", "rollback", "import"})
"""The logged actions that move the live pointer."""

_RECORDS = sa.select(
    releases.c.id,
    releases.c.content_hash,
    releases.c.created_at,
    releases.c.created_by,
    releases.c.note,
    releases.c.report,
)


def read_pointers(conn: Connection) -> dict[str, int]:
    """The pointers as one connection sees them."""
    rows = conn.execute(sa.select(release_pointers.c.name, release_pointers.c.release_id))
    return {name: release_id for name, release_id in rows}


def _record(row: Any) -> ReleaseRecord:
    return ReleaseRecord(
        row.id, row.content_hash, row.created_at, row.created_by, row.note, json.loads(row.report)
    )


def _hashes(conn: Connection, *ids: int | None) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = conn.execute(
        sa.select(releases.c.id, releases.c.content_hash).where(releases.c.id.in_(wanted))
    )
    return {release_id: content_hash for release_id, content_hash in rows}
