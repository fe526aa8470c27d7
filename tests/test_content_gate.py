"""One gate for content: what `check` rejects is never served, by serve, a worker or a reload;
a worker that meets such content serves the live release from the database and says so."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask

from helpline import ContentError
from helpline.content import codes
from helpline.content.gate import inspect
from helpline.content.loading import PACKAGED_CONTENT
from helpline.operators.cli import main
from helpline.releases.records import ReleaseRecords
from tests.conftest import AppBuilder, Caller, Texter, runtime
from tests.test_cli import free_port, serve, stop, wait_for, worker_pids

REASSURING = "There is nothing to worry about, rest at home."


def reassure_first(folder: Path) -> None:
    """An edit `check` rejects (SAF005) though the file still loads: reassurance on top of SCC."""
    path = folder / "topics" / "spinal-cord-compression.yaml"
    data = yaml.safe_load(path.read_text())
    first = data["sms"][0]
    if isinstance(first, dict):
        first["text"] = f"{REASSURING} {first['text']}"
    else:
        data["sms"][0] = f"{REASSURING} {first}"
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000))


def content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(PACKAGED_CONTENT, folder)
    return folder


def break_content(folder: Path) -> None:
    """An edit that does not even load."""
    (folder / "topics" / "pain.yaml").write_text("id: pain\ntitle: [unclosed\n")


def keep_serving(folder: Path) -> dict[str, str]:
    """A worker as `helpline serve` starts it, on a content folder."""
    return {"HELPLINE_CONTENT_DIR": str(folder), "HELPLINE_KEEP_SERVING": "1"}


def health(app: Flask) -> dict[str, object]:
    data: dict[str, object] = json.loads(app.test_client().get("/healthz").data)
    return data


def test_the_edit_loads_but_the_gate_rejects_it_with_a_stable_code(tmp_path: Path) -> None:
    folder = content_copy(tmp_path)
    reassure_first(folder)

    inspection = inspect(folder)

    assert inspection.catalog is not None, "the file still loads: only the rules can catch it"
    assert inspection.passed is None
    assert codes.REASSURANCE.code in [p.code for p in inspection.errors]


def test_helpline_serve_refuses_content_that_check_rejects_and_prints_the_codes(
    tmp_path: Path,
) -> None:
    folder = content_copy(tmp_path)
    reassure_first(folder)

    result = CliRunner().invoke(
        main,
        ["serve"],
        env={
            "HELPLINE_CONTENT_DIR": str(folder),
            "HELPLINE_BUILD_AUDIO": "0",
            "HELPLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )

    assert result.exit_code == 1
    assert f"error {codes.REASSURANCE.code}: do not reassure" in result.output


@pytest.mark.parametrize("edit", [reassure_first, break_content], ids=["rule", "yaml"])
def test_a_worker_meeting_a_bad_edit_serves_the_live_release_and_says_degraded(
    build_app: AppBuilder, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    folder = content_copy(tmp_path)
    good = build_app(**keep_serving(folder))
    edit(folder)

    app = build_app(**keep_serving(folder))

    assert runtime(app).release.id == runtime(good).release.id
    assert runtime(app).release.version == runtime(good).release.version
    reply = Texter(app.test_client()).send("I can't feel my legs")
    assert REASSURING not in reply.text
    assert reply.text != runtime(app).release.sms.fallback
    assert str(health(app)["status"]).startswith("degraded")
    assert health(good)["status"] == "ok"


def test_content_that_breaks_a_rule_never_becomes_a_release(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    good = build_app(**keep_serving(folder))
    reassure_first(folder)
    build_app(**keep_serving(folder))

    records = ReleaseRecords(runtime(good).services.store.engine)
    assert [r.content_hash for r in records.all()] == [runtime(good).release.version]
    assert records.pointers()["live"] == runtime(good).release.id


@pytest.mark.parametrize("edit", [reassure_first, break_content], ids=["rule", "yaml"])
def test_with_no_live_release_a_bad_edit_refuses_to_start(
    build_app: AppBuilder, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    folder = content_copy(tmp_path)
    edit(folder)
    with pytest.raises(ContentError, match="helpline check"):
        build_app(**keep_serving(folder))


def test_outside_helpline_serve_a_bad_edit_refuses_to_start(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    build_app(**keep_serving(folder))
    reassure_first(folder)
    with pytest.raises(ContentError, match=codes.REASSURANCE.code):
        build_app(HELPLINE_CONTENT_DIR=str(folder))


def test_a_new_good_edit_goes_live_at_start_but_content_seen_before_never_moves_live(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    first = runtime(build_app(**keep_serving(folder))).release
    service = folder / "service.yaml"
    service.write_text(service.read_text().replace("Reply MORE for more.", "Text MORE for more."))
    second = runtime(build_app(**keep_serving(folder))).release
    assert second.version != first.version and second.id != first.id

    old = content_copy(tmp_path / "again")  # the first content, in another folder
    restarted = runtime(build_app(**keep_serving(old))).release
    assert restarted.id == second.id


def test_with_the_database_down_at_start_a_worker_serves_content_that_passes_the_gate(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    app = build_app(HELPLINE_DATABASE_URL="sqlite:////no-such-folder/helpline.sqlite3")
    release = runtime(app).release
    assert release.id is None
    assert release.version == inspect(None).catalog.version  # type: ignore[union-attr]
    # A call records nothing, so nothing waits for the missing database at the end.
    greeting = Caller(app.test_client()).start()
    assert greeting.status == 200 and greeting.gather is not None and not greeting.hangs_up
    assert release.voice.greeting in greeting.text


def restart_after_edit(
    tmp_path: Path, folder: Path, edit: Callable[[Path], None], *, reload: bool
) -> tuple[dict[str, str], dict[str, str]]:
    """Serve the folder with one worker, edit it, then kill the worker (as a crash does) or
    send gunicorn its reload signal; /healthz before and after, the master still running."""
    port = free_port()
    process = serve(tmp_path, port, WEB_CONCURRENCY="1", HELPLINE_CONTENT_DIR=str(folder))
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


def test_a_reload_after_a_rule_breaking_edit_keeps_the_live_release(tmp_path: Path) -> None:
    first, after = restart_after_edit(tmp_path, content_copy(tmp_path), reassure_first, reload=True)
    assert first["status"] == "ok"
    assert after["status"].startswith("degraded")
    assert after["content_version"] == first["content_version"]
