"""A worker that meets broken content keeps serving the last good version, and says so."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from helpline import ContentError
from helpline.content.loading import PACKAGED_CONTENT
from tests.conftest import AppBuilder, Texter, runtime
from tests.test_cli import free_port, serve, stop, wait_for, worker_pids


def content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(PACKAGED_CONTENT, folder)
    return folder


def break_content(folder: Path) -> None:
    (folder / "topics" / "pain.yaml").write_text("id: pain\ntitle: [unclosed\n")


def keep_serving(folder: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "HELPLINE_CONTENT_DIR": str(folder),
        "HELPLINE_KEEP_SERVING": "1",
        "HELPLINE_LAST_GOOD_DIR": str(tmp_path / "kept"),
    }


def health(app: Flask) -> dict[str, object]:
    data: dict[str, object] = json.loads(app.test_client().get("/healthz").data)
    return data


def test_a_worker_that_meets_a_bad_edit_serves_the_last_good_content_and_says_so(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    good = build_app(**keep_serving(folder, tmp_path))
    version = runtime(good).release.catalog.version
    break_content(folder)

    app = build_app(**keep_serving(folder, tmp_path))

    assert runtime(app).release.catalog.version == version
    assert Texter(app.test_client()).send("PAIN").text == runtime(good).release.sms.topic_reply(
        "pain", 0
    )
    status = health(app)["status"]
    assert isinstance(status, str) and status.startswith("degraded")
    assert health(good)["status"] == "ok"


def test_the_kept_copy_follows_each_good_version(build_app: AppBuilder, tmp_path: Path) -> None:
    folder = content_copy(tmp_path)
    first = runtime(build_app(**keep_serving(folder, tmp_path))).release.catalog.version
    replies = folder / "service.yaml"
    replies.write_text(replies.read_text().replace("Reply MORE for more.", "Text MORE for more."))
    second = runtime(build_app(**keep_serving(folder, tmp_path))).release.catalog.version
    break_content(folder)

    assert first != second
    assert runtime(build_app(**keep_serving(folder, tmp_path))).release.catalog.version == second


def test_broken_content_with_no_good_copy_kept_still_refuses_to_start(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    break_content(folder)
    with pytest.raises(ContentError, match="helpline check"):
        build_app(**keep_serving(folder, tmp_path))


def test_outside_helpline_serve_broken_content_refuses_to_start(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    build_app(**keep_serving(folder, tmp_path))
    break_content(folder)
    with pytest.raises(ContentError):
        build_app(HELPLINE_CONTENT_DIR=str(folder), HELPLINE_LAST_GOOD_DIR=str(tmp_path / "kept"))


def restart_after_edit(
    tmp_path: Path, folder: Path, edit: Callable[[Path], None], *, reload: bool
) -> tuple[dict[str, str], dict[str, str]]:
    """Serve the folder with one worker, edit it, then kill the worker (as a crash does) or
    send gunicorn its reload signal; /healthz before and after, the master still running."""
    port = free_port()
    process = serve(
        tmp_path,
        port,
        WEB_CONCURRENCY="1",
        HELPLINE_CONTENT_DIR=str(folder),
        HELPLINE_LAST_GOOD_DIR=str(tmp_path / "kept"),
    )
    try:
        first: dict[str, str] = json.loads(wait_for(f"http://127.0.0.1:{port}/healthz"))
        (worker,) = worker_pids(process.pid)
        edit(folder)
        os.kill(*((process.pid, signal.SIGHUP) if reload else (worker, signal.SIGKILL)))
        deadline = time.monotonic() + 30
        # Until the old worker is gone: on a reload it serves on while the new one boots.
        while (not (pids := worker_pids(process.pid)) or worker in pids) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.2)
        after: dict[str, str] = json.loads(wait_for(f"http://127.0.0.1:{port}/healthz"))
        assert process.poll() is None
        return first, after
    finally:
        stop(process)


def test_a_worker_restarted_after_a_bad_edit_keeps_the_service_answering(tmp_path: Path) -> None:
    first, after = restart_after_edit(tmp_path, content_copy(tmp_path), break_content, reload=False)
    assert first["status"] == "ok"
    assert after["status"].startswith("degraded")
    assert after["content_version"] == first["content_version"]
