"""Files written whole: under a temporary name first, then put in place in one step.

A reader (another worker, a web request, a restart after a crash) sees the old file or the
new one, never half of one. The one place this is done, for recordings, the audio manifest,
fingerprints and the local secret; and the one place a lock file is held.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

TEMPORARY = re.compile(r"\..+\.\d+\.tmp")
"""The shape of a name `temporary_name` makes, so folders can skip or sweep them."""


def temporary_name(path: Path) -> Path:
    """Where a file is written before it replaces `path`: hidden, and this process's own."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextlib.contextmanager
def replacing(path: Path, *, first_wins: bool = False) -> Iterator[Path]:
    """Yield where to write a new `path`, then put it in place in one step; a failed write
    leaves no temporary file behind. With `first_wins`, a `path` that already exists is kept,
    so processes racing to create it all end up reading the one that won."""
    temporary = temporary_name(path)
    try:
        yield temporary
        if first_wins:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        else:
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def replace_file(path: Path, text: str, *, first_wins: bool = False, private: bool = False) -> None:
    """Write a text file in one step (see `replacing`).

    The file gets the usual permissions (the umask's), so web workers running as another user
    can read what a build wrote; a `private` file (a secret) is readable by its owner alone
    from the moment it exists.
    """
    with replacing(path, first_wins=first_wins) as temporary:
        if private:
            temporary.touch(mode=0o600)
            temporary.chmod(0o600)
        temporary.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def holding(path: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on a file (made if missing) for the block, as one process of
    several on this host; without `wait`, BlockingIOError at once when another holds it."""
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
