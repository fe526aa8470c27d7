"""The last content that loaded cleanly, kept so a worker started after a bad edit still serves.

`helpline serve` refuses to start on content with errors. But gunicorn starts new workers
long after that check: on a HUP, or when a worker dies or times out. A worker that met a
half-finished edit would fail to boot, and gunicorn would stop the whole service. So a worker
that loads good content keeps a copy in the instance folder, and a later worker that finds
the content broken serves that copy instead, says so on /healthz, and logs the problems.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

FOLDER = "last-good-content"
"""Its name in the instance folder, unless HELPLINE_LAST_GOOD_DIR says otherwise."""
VERSION_FILE = ".content-version"


def remember(target: Path, content: Path, version: str) -> None:
    """Keep a copy of content that just loaded cleanly, unless this version is kept already."""
    with contextlib.suppress(OSError):
        if (target / VERSION_FILE).read_text() == version:
            return
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".content-", dir=parent))
    try:
        shutil.copytree(content, staging, dirs_exist_ok=True)
        (staging / VERSION_FILE).write_text(version)
        retired = parent / f".retired-{staging.name}"
        with contextlib.suppress(FileNotFoundError):
            os.rename(target, retired)
        # OSError: another worker put its copy of the same content there first.
        with contextlib.suppress(OSError):
            os.rename(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def folder(target: Path) -> Path | None:
    """The kept copy, if there is one."""
    return target if (target / VERSION_FILE).is_file() else None
