"""One gate for content: what `check` rejects is never served, by serve, a worker or a reload."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from helpline import ContentError
from helpline.content import codes
from helpline.content.gate import inspect
from helpline.operators.cli import main
from tests.conftest import AppBuilder, Texter, runtime
from tests.test_last_good import content_copy, health, keep_serving, restart_after_edit

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


def test_a_worker_meeting_a_rule_breaking_edit_serves_the_last_good_and_says_degraded(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    good = build_app(**keep_serving(folder, tmp_path))
    reassure_first(folder)

    app = build_app(**keep_serving(folder, tmp_path))

    assert runtime(app).release.catalog.version == runtime(good).release.catalog.version
    reply = Texter(app.test_client()).send("I can't feel my legs")
    assert REASSURING not in reply.text
    assert reply.text != runtime(app).release.sms.fallback
    assert str(health(app)["status"]).startswith("degraded")


def test_content_that_breaks_a_rule_never_becomes_the_last_good_copy(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    good_version = runtime(build_app(**keep_serving(folder, tmp_path))).release.catalog.version
    reassure_first(folder)
    build_app(**keep_serving(folder, tmp_path))

    kept = (tmp_path / "kept" / ".content-version").read_text()

    assert kept == good_version
    kept_topic = tmp_path / "kept" / "topics" / "spinal-cord-compression.yaml"
    assert REASSURING not in kept_topic.read_text()


def test_without_a_last_good_copy_a_rule_breaking_edit_refuses_to_start(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    folder = content_copy(tmp_path)
    reassure_first(folder)
    with pytest.raises(ContentError, match=codes.REASSURANCE.code):
        build_app(**keep_serving(folder, tmp_path))


def test_a_last_good_folder_that_cannot_be_written_is_logged_and_good_content_still_serves(
    build_app: AppBuilder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = content_copy(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder's parent should be")
    settings = keep_serving(folder, tmp_path) | {"HELPLINE_LAST_GOOD_DIR": str(blocker / "kept")}

    with caplog.at_level(logging.ERROR):
        app = build_app(**settings)

    assert "could not keep a copy of the good content" in caplog.text
    assert health(app)["status"] == "ok"
    assert Texter(app.test_client()).send("BONE").text == runtime(app).release.sms.topic_reply(
        "bone", 0
    )


def test_a_reload_after_a_rule_breaking_edit_keeps_the_last_good_content(tmp_path: Path) -> None:
    first, after = restart_after_edit(tmp_path, content_copy(tmp_path), reassure_first, reload=True)
    assert first["status"] == "ok"
    assert after["status"].startswith("degraded")
    assert after["content_version"] == first["content_version"]
