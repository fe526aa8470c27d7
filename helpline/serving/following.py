"""Each worker follows the database's live and staged releases, without a restart.

A background thread reads the two pointers and the testers once a second: one small query each.
When a pointer moves, it unpacks the release, puts it through the content gate again and
compiles it, all off the request path, then swaps one reference. A release that fails the gate
here (a rule added since it was published) is logged and never served.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from helpline.audio.recordings import AudioLibrary
from helpline.releases.publishing import Releases
from helpline.releases.records import LIVE, STAGED
from helpline.serving.heap import refreeze
from helpline.serving.logs import Throttle
from helpline.serving.runtime import Release, Runtime
from helpline.store.database_guard import describe

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0
"""How often a worker looks at the pointers: a publish reaches it within this and a compile."""


class Follower:
    """Keeps one worker's runtime on the releases the database names."""

    def __init__(
        self,
        runtime: Runtime,
        releases: Releases,
        compile_release: Callable[..., Release],
        interval: float = POLL_SECONDS,
        audio_dir: Path | None = None,
    ) -> None:
        self.runtime = runtime
        self.releases = releases
        self.compile = compile_release
        self.interval = interval
        self.audio_dir = audio_dir
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refused: set[int] = set()
        self._trouble = Throttle()

    def start(self) -> None:
        """Follow in a daemon thread until `stop`."""
        self._thread = threading.Thread(target=self._run, name="release-follower", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop following; the current releases stay."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def follow(self) -> bool:
        """Look once; True when this worker now serves a different live or staged release."""
        records = self.releases.records
        pointers = records.pointers()
        changed = False
        live_id = pointers.get(LIVE)
        if live_id is not None and live_id != self.runtime.release.id:
            opened = self.open(live_id)
            if opened is not None:
                self.runtime.swap(opened)
                log.info("now serving release %d (content %s)", live_id, opened.version)
                changed = True
        staged_id = pointers.get(STAGED)
        staged = self.runtime.staged
        testers = records.testers() if staged_id is not None else frozenset()
        if staged_id is None:
            changed |= staged is not None
            self.runtime.stage(None, frozenset())
        elif staged is None or staged.id != staged_id:
            opened = self.open(staged_id)
            if opened is not None:
                self.runtime.stage(opened, testers)
                changed = True
        else:
            self.runtime.stage(staged, testers)
        if changed:
            refreeze()
        return changed

    def open(self, release_id: int) -> Release | None:
        """A release compiled for serving, or None when it fails today's gate."""
        kept = self.runtime.kept(release_id)
        if kept is not None:
            return kept
        if release_id in self._refused:
            return None
        catalog, problems = self.releases.servable(release_id)
        if catalog is None:
            self._refused.add(release_id)
            log.error(
                "release %d fails the content gate, so this worker does not serve it:\n%s",
                release_id,
                "\n".join(problems),
            )
            return None
        return self.compile(
            release_id, catalog, recordings_of(self.releases, release_id, self.audio_dir)
        )

    def _run(self) -> None:
        # Compiling a release takes about a fifth of a second of CPU. Not at a lower
        # priority: a thread the kernel puts off while it holds the GIL stalls every request
        # thread of the worker behind it (the bench showed a deeper dip that way).
        while not self._stop.wait(self.interval):
            try:
                self.follow()
            except Exception as error:  # the database may be down: look again next time
                if self._trouble.due("follow"):
                    log.warning("could not look for a new release: %s", describe(error))


def recordings_of(
    releases: Releases, release_id: int | None, audio_dir: Path | None
) -> AudioLibrary | None:
    """A release's own recordings, fetched into this worker's audio folder; None to play what
    that folder's manifest lists (a release published without recordings, or no release)."""
    if release_id is None or audio_dir is None:
        return None
    try:
        return releases.recordings(release_id, audio_dir)
    except OSError as error:
        log.error("could not fetch the recordings of release %d: %s", release_id, error)
        return None
