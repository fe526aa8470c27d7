"""Who has said STOP: never lost, known to every request at once, honoured on every channel.

A STOP or START is appended to a journal on local disk (and synced) before anything else, then
written to the database. A background thread in each worker replays the journal into the
database whenever it is up (the writes are idempotent: a message id is written once, and a
sender's row only moves to a later message), so an opt-out taken during an outage, or by a
worker killed between the journal and the database, reaches the database when it can.

Each worker keeps every sender's last STOP or START in memory: it reads them all at start-up,
reads what other workers wrote every INTERVAL seconds, and reads the journal, so checking a
text against opt-outs costs no database round trip and still works while the database is down.
Twilio itself also blocks texts to a number that sent STOP; this list is the service's own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import logging
import mmap
import os
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from helpline.operators.metrics import OPT_OUTS_WAITING
from helpline.serving.logs import Throttle
from helpline.store.database_guard import DatabaseDown, describe
from helpline.store.state import Outcome, Store, utcnow

log = logging.getLogger(__name__)

JOURNAL = "journal.jsonl"
# A count of the STOPs and STARTs taken on this host, kept in the first bytes of this file and
# mapped into every worker's memory: a worker that sees it move catches up before answering,
# so every worker honours a STOP at once, not only the one that took it. Looking is a read of
# memory, not a system call, so it costs a text nothing measurable.
CHANGES = "changes"
COUNTER_BYTES = 8
REPLAYING = "replaying-"  # a journal taken by one worker to write into the database
INTERVAL = 0.5  # seconds between a worker's looks at the journal and at other workers' writes
# Rows are read by when they were written; a row committed a little after another worker's
# clock passed its written_at is still caught by reading this far back each time.
OVERLAP = timedelta(seconds=30)
FULL_READ_EVERY = 600.0  # seconds between reading every row again, whatever was missed


class Consent:
    """The one place that records and answers opt-outs, for texts and for texts sent from calls."""

    def __init__(
        self,
        store: Store,
        folder: Path,
        *,
        interval: float = INTERVAL,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.folder = folder
        self.interval = interval
        self.clock = clock
        self._known: dict[str, tuple[bool, datetime]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._stopping = threading.Event()
        # Where the next read of other workers' rows starts.
        self._read_up_to: datetime | None = None
        self._full_read_at = 0.0
        self._pending = 0
        self._failure_lines = Throttle()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._marker = self._map_marker()
        self._changes_seen = self._changes()
        self._read_journals()

    def opted_out(self, sender: str) -> bool:
        """Whether this sender's last word was STOP (or Twilio told us they opted out)."""
        self._ensure_thread()
        if self._changes() != self._changes_seen:
            self._catch_up()
        known = self._known.get(sender)
        return known is not None and known[0]

    @property
    def pending(self) -> int:
        """How many STOPs and STARTs wait in journals for the database."""
        return self._pending

    def record(self, outcome: Outcome) -> str:
        """Keep a STOP or START for good before its reply goes; returns the reply that stands."""
        if outcome.opted_out is None or not outcome.sender:
            raise ValueError("only an outcome that opts a sender out or in is recorded here")
        at = outcome.at or self.clock()
        kept = dataclasses.replace(outcome, at=at)
        self._append(kept)
        self._learn(outcome.sender, outcome.opted_out, at)
        try:
            reply = self.store.record(kept)
        except DatabaseDown as down:
            log.warning(
                "an opt-out change is kept in the journal until the database is back (%s)",
                down.reason,
            )
            return kept.reply
        # Written: the journal's copy is replayed harmlessly (and dropped) by the next sync.
        return reply

    def learned_from_twilio(self, sender: str) -> None:
        """Record that Twilio refused a text because this number opted out (error 21610)."""
        # An id of its own, so replaying the journal cannot count it twice.
        sid = f"21610-{uuid.uuid4().hex}"
        self.record(Outcome(sid, "", "sms", None, "twilio-opt-out", sender, opted_out=True))

    def sync(self) -> None:
        """Replay journals into the database and read what other workers wrote; may raise."""
        self._read_journals()
        self._replay()
        self._read_written()

    def _changes(self) -> int:
        return int.from_bytes(self._marker[:COUNTER_BYTES], "little")

    def _map_marker(self) -> mmap.mmap:
        """Map the host's count of opt-out changes, creating it (or widening an older, shorter
        marker) under the journal's lock."""
        with self._locked():
            fd = os.open(self.folder / CHANGES, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.fstat(fd).st_size < COUNTER_BYTES:
                    os.ftruncate(fd, COUNTER_BYTES)
                return mmap.mmap(fd, COUNTER_BYTES, access=mmap.ACCESS_READ)
            finally:
                os.close(fd)

    def _count_change(self) -> None:
        """Move the host's count on by one; called with the journal's lock held."""
        fd = os.open(self.folder / CHANGES, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            count = int.from_bytes(os.pread(fd, COUNTER_BYTES, 0), "little")
            os.pwrite(
                fd, ((count + 1) % 2 ** (8 * COUNTER_BYTES)).to_bytes(COUNTER_BYTES, "little"), 0
            )
        finally:
            os.close(fd)

    def _catch_up(self) -> None:
        """Learn a STOP or START another worker here has just taken: from the journals, or
        from the database if it has already been written there (within the deadline)."""
        self._changes_seen = self._changes()
        self._read_journals()
        with contextlib.suppress(DatabaseDown):
            self.store.guard.run(self._read_written)

    def start(self) -> None:
        """Read every sender's last word now, within the database deadline; the thread that
        keeps up after starts with the first request (so commands that serve none start none)."""
        try:
            self.store.guard.run(self.sync)
        except DatabaseDown as down:
            log.warning(
                "opt-outs: starting from the journal only until the database is back (%s)",
                down.reason,
            )

    def close(self) -> None:
        """Stop the background thread (the journal keeps anything unwritten)."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout=5)

    # The journal ---------------------------------------------------------------------------

    def _append(self, outcome: Outcome) -> None:
        """Add one change to the journal and make it durable before the reply goes."""
        line = (json.dumps(_to_json(outcome), separators=(",", ":")) + "\n").encode()
        with self._locked():
            fd = os.open(self.folder / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            self._count_change()
        with self._lock:
            self._pending += 1
            OPT_OUTS_WAITING.set(self._pending)

    def _replay(self) -> None:
        """Write every journal into the database, then delete it; a failure keeps it for later."""
        with self._locked():
            current = self.folder / JOURNAL
            if current.exists() and current.stat().st_size:
                # Appends go on into a fresh journal while this one is written.
                current.rename(self.folder / f"{REPLAYING}{os.getpid()}-{time.monotonic_ns()}")
        taken = sorted(self.folder.glob(f"{REPLAYING}*"))
        for path in taken:
            outcomes = list(_read(path))
            if outcomes:
                self.store.record_many(outcomes)
            with contextlib.suppress(FileNotFoundError):  # another worker replayed it too
                path.unlink()
        if taken:
            self._read_journals()  # what is left: appends made while these were written

    def _read_journals(self) -> None:
        """Learn the changes still waiting in journals (they count before the database has
        them), and how many there are, in one pass."""
        total = 0
        for path in [self.folder / JOURNAL, *sorted(self.folder.glob(f"{REPLAYING}*"))]:
            for outcome in _read(path):
                total += 1
                if outcome.sender and outcome.opted_out is not None and outcome.at is not None:
                    self._learn(outcome.sender, outcome.opted_out, outcome.at)
        with self._lock:
            self._pending = total
        OPT_OUTS_WAITING.set(total)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Keep other workers' appends and takes out of the journal for a moment."""
        fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # What other workers wrote ------------------------------------------------------------

    def _read_written(self) -> None:
        started = self.clock()
        full = time.monotonic() >= self._full_read_at
        since = datetime.min if full or self._read_up_to is None else self._read_up_to - OVERLAP
        for sender, opted_out, changed_at in self.store.consent_written_since(since):
            self._learn(sender, opted_out, changed_at)
        self._read_up_to = started
        if full:
            self._full_read_at = time.monotonic() + FULL_READ_EVERY

    def _learn(self, sender: str, opted_out: bool, at: datetime) -> None:
        with self._lock:
            known = self._known.get(sender)
            if known is None or known[1] <= at:
                self._known[sender] = (opted_out, at)

    # The background thread ---------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._pid == os.getpid():
            return
        with self._lock:
            if self._thread is not None and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(
                target=_keep_up, args=(weakref.ref(self),), name="helpline-consent", daemon=True
            )
            self._thread.start()

    def _sync_quietly(self) -> None:
        """One sync from the background thread; a failure is logged once a minute at most."""
        try:
            self.sync()
        except Exception as error:
            self.store.guard.failed(describe(error))
            if self._failure_lines.due():
                log.warning(
                    "opt-outs: could not sync with the database (%s); will try again",
                    describe(error),
                )
        else:
            self._failure_lines.reset()


def _keep_up(ref: weakref.ref[Consent]) -> None:
    """The background thread: holds its Consent only weakly, so a discarded one lets it end."""
    while True:
        consent = ref()
        if consent is None:
            return
        stopping, interval = consent._stopping, consent.interval
        del consent
        if stopping.wait(interval):
            return
        consent = ref()
        if consent is None:
            return
        consent._sync_quietly()
        del consent


def _to_json(outcome: Outcome) -> dict[str, Any]:
    """The journal's line for a change: what record_many needs to write it."""
    return {
        "sid": outcome.sid,
        "reply": outcome.reply,
        "channel": outcome.channel,
        "topic_id": outcome.topic_id,
        "matched_by": outcome.matched_by,
        "sender": outcome.sender,
        "clear_position": outcome.clear_position,
        "opted_out": outcome.opted_out,
        "at": outcome.at.isoformat() if outcome.at else None,
    }


def _read(path: Path) -> Iterator[Outcome]:
    """The changes in one journal file; a line cut short by a crash is skipped."""
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, 1):
        try:
            item = json.loads(line)
            at = item.pop("at")
            yield Outcome(**item, at=datetime.fromisoformat(at) if at else None)
        except (ValueError, TypeError, KeyError):
            log.error("opt-out journal %s line %d is unreadable; skipped", path.name, number)
