"""Writes that need not hold up a reply, batched on a background thread in each worker."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import deque

from helpline.state import Outcome, Store

log = logging.getLogger(__name__)


class Recorder:
    """Collects outcomes and writes them together a moment later, one transaction a batch.

    Handled message ids, usage counts and MORE positions go this way; an opt-out never
    does (see Outcome.durable). A graceful stop writes what is pending; a crash can lose
    at most the last `interval` seconds of them, and a retry after that is still answered
    alike, because those replies depend on the message alone.
    """

    def __init__(self, store: Store, *, interval: float = 0.02, limit: int = 50_000) -> None:
        self.store = store
        self.interval = interval
        self.limit = limit
        self._pending: deque[Outcome] = deque()
        self._wake = threading.Condition()
        self._flushing = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0
        atexit.register(self._flush_quietly)

    def submit(self, outcome: Outcome) -> None:
        """Queue an outcome to be written shortly."""
        with self._wake:
            if len(self._pending) >= self.limit:
                self._pending.popleft()
                log.error("the write queue is full; dropped the oldest usage record")
            self._pending.append(outcome)
            self._ensure_thread()
            self._wake.notify()

    def flush_sender(self, sender: str | None) -> None:
        """Write the queue now if it holds anything of this sender's, before reading their state."""
        with self._wake:
            waiting = any(o.sender == sender for o in self._pending)
        if waiting:
            self.flush()

    def flush(self) -> None:
        """Write everything queued so far, now, on the caller's thread."""
        with self._flushing:
            with self._wake:
                batch = list(self._pending)
                self._pending.clear()
            if not batch:
                return
            try:
                self.store.record_many(batch)
            except Exception:
                with self._wake:
                    # Keep them for the next try: the database may be back by then.
                    self._pending.extendleft(reversed(batch))
                raise

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="helpline-recorder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending:
                    self._wake.wait()
            # Let a burst gather so it goes in one transaction.
            time.sleep(self.interval)
            self._flush_quietly()

    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:
            log.exception("could not write usage records; will try again")
            time.sleep(1.0)
