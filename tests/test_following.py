"""A running worker follows the database's releases: a publish or rollback reaches it within
5 s without a restart, MORE goes on with the pages it started on, and testers get the staged
release on both channels while everyone else gets the live one."""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from helpline.channels import voice
from helpline.content.loading import PACKAGED_CONTENT
from helpline.operators.cli import main
from helpline.releases.records import ReleaseRecords
from helpline.releases.snapshot import Snapshot
from helpline.serving.heap import freeze_loaded
from tests.conftest import CALLER, SENDER, AppBuilder, Caller, Texter, runtime
from tests.test_voice_webhook import TUESDAY_NOON

OLD, NEW = "in the bone means breast", "in the bones means breast"
SAID_OLD, SAID_NEW = "in the bone means that breast", "in the bones means that breast"
FOLLOW_WITHIN = 5.0


def operate(app: Flask, tmp_path: Path, *args: str) -> str:
    """Run a release command on the app's database, as an operator at another machine would."""
    return operate_with(app, tmp_path, {}, *args)


def operate_with(app: Flask, tmp_path: Path, settings: dict[str, str], *args: str) -> str:
    """`operate`, with other settings too (building recordings on another host)."""
    (tmp_path / "no-evaluation").mkdir(exist_ok=True)
    env = {
        "HELPLINE_DATABASE_URL": app.config["HELPLINE_DATABASE_URL"],
        "HELPLINE_SECRET_KEY": app.config["HELPLINE_SECRET_KEY"],
        "HELPLINE_BUILD_AUDIO": "0",
        "HELPLINE_EVALUATION_DIR": str(tmp_path / "no-evaluation"),
        "HELPLINE_CONTENT_DIR": "",
        **settings,
    }
    note = ["--note", "a test"] if args[0] in ("publish", "stage", "rollback") else []
    result = CliRunner().invoke(main, [*args, *note], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def edited(tmp_path: Path) -> Path:
    folder = tmp_path / "edited"
    shutil.copytree(PACKAGED_CONTENT, folder)
    path = folder / "topics" / "bone.yaml"
    path.write_text(path.read_text().replace(OLD, NEW, 1).replace(SAID_OLD, SAID_NEW, 1))
    return folder


def eventually(check: Callable[[], bool]) -> float:
    """Seconds until `check` holds; fails after FOLLOW_WITHIN."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < FOLLOW_WITHIN, "not followed within 5 s"
        time.sleep(0.05)
    return time.monotonic() - start


@pytest.fixture
def app(build_app: AppBuilder) -> Flask:
    return build_app(HELPLINE_RELEASE_POLL="0.2")


def test_a_publish_and_a_rollback_reach_a_running_worker_within_5_seconds(
    app: Flask, tmp_path: Path
) -> None:
    texter = Texter(app.test_client())
    assert OLD in texter.send("BONE").text
    operate(app, tmp_path, "publish", "--content-dir", str(edited(tmp_path)), "--by", "t")
    eventually(lambda: NEW in texter.send("BONE").text)
    shown = app.test_client().get("/healthz/live").get_json()
    assert shown["content_version"] == runtime(app).release.version
    assert shown["release"] == runtime(app).release.id
    operate(app, tmp_path, "rollback")
    eventually(lambda: OLD in texter.send("BONE").text)


def test_in_a_frozen_worker_a_followed_publish_is_frozen_too(app: Flask, tmp_path: Path) -> None:
    texter = Texter(app.test_client())
    texter.send("BONE")
    before = runtime(app).release
    try:
        freeze_loaded()
        operate(app, tmp_path, "publish", "--content-dir", str(edited(tmp_path)), "--by", "t")
        eventually(lambda: runtime(app).release.id != before.id)
        new = runtime(app).release
        assert gc.is_tracked(new.sms)
        eventually(lambda: not any(o is new.sms for o in gc.get_objects()))
        assert gc.get_freeze_count() > 0
        assert NEW in texter.send("BONE").text
    finally:
        gc.unfreeze()


def test_more_started_before_a_publish_goes_on_with_the_pages_it_started_on(
    app: Flask, tmp_path: Path
) -> None:
    texter = Texter(app.test_client())
    before = runtime(app).release
    texter.send("BONE")
    folder = edited(tmp_path)
    second = folder / "topics" / "bone.yaml"
    old_page_two = before.sms.topic_reply("bone", 1)
    first_words = old_page_two.split(".")[0]
    second.write_text(second.read_text().replace(first_words, first_words + " today", 1))
    operate(app, tmp_path, "publish", "--content-dir", str(folder), "--by", "t")
    eventually(lambda: runtime(app).release.id != before.id)
    assert texter.send("MORE").text == old_page_two
    assert NEW in Texter(app.test_client(), sender="+447700900077").send("BONE").text


def test_a_tester_gets_the_staged_release_by_text_and_by_phone_and_others_get_live(
    app: Flask, tmp_path: Path
) -> None:
    operate(app, tmp_path, "stage", "--content-dir", str(edited(tmp_path)), "--by", "t")
    operate(app, tmp_path, "testers", "add", SENDER)
    operate(app, tmp_path, "testers", "add", CALLER)
    eventually(lambda: NEW in Texter(app.test_client()).send("BONE").text)
    assert OLD in Texter(app.test_client(), sender="+447700900077").send("BONE").text
    staged = runtime(app).staged
    assert staged is not None
    assert runtime(app).for_sender(None) is runtime(app).release
    caller = Caller(app.test_client())
    eventually(lambda: SAID_NEW in " ".join(caller.say(caller.start(), "bone").text.split()))
    stranger = Caller(app.test_client(), number="+447700900078")
    assert SAID_OLD in " ".join(stranger.say(stranger.start(), "bone").text.split())
    operate(app, tmp_path, "testers", "remove", SENDER)
    eventually(lambda: OLD in Texter(app.test_client()).send("BONE").text)


def test_a_release_that_fails_todays_gate_is_never_served(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = edited(tmp_path)
    pain = folder / "topics" / "pain.yaml"
    pain.write_text("id: pain\ntitle: [unclosed\n")
    records = ReleaseRecords(runtime(app).services.store.engine)
    bad = records.add(Snapshot.of_folder(folder), "0badc0ffee00", by="t", note="n", report={})
    live = runtime(app).release
    records.point("live", bad, actor="a script", action="publish", note="past the gate")
    assert runtime(app).release is live
    follower = app.extensions["helpline.follower"]
    assert follower.follow() is False
    assert runtime(app).release is live
    assert "fails the content gate" in caplog.text


def test_a_published_releases_recordings_reach_an_instance_whose_disk_has_none(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    listener = build_app(
        HELPLINE_RELEASE_POLL="0.2", HELPLINE_AUDIO_DIR=str(tmp_path / "empty-disk")
    )
    caller = Caller(listener.test_client())
    assert not any(heard.startswith("[play") for heard in caller.start().spoken)
    elsewhere = tmp_path / "publishing-host-audio"
    env = {"HELPLINE_BUILD_AUDIO": "1", "HELPLINE_AUDIO_DIR": str(elsewhere)}
    operate_with(listener, tmp_path, env, "publish", "--content-dir", str(edited(tmp_path)))
    eventually(lambda: any(h.startswith("[play") for h in caller.start().spoken))
    played = [h for h in caller.start().spoken if h.startswith("[play")]
    name = played[0].removeprefix("[play ").removesuffix("]").rsplit("/", 1)[1]
    with listener.test_client().get(f"/audio/{name}") as served:
        assert served.status_code == 200
        assert served.data == (elsewhere / name).read_bytes()


def test_after_a_publish_that_changes_the_helpline_number_0_dials_the_new_one(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voice, "now", lambda: TUESDAY_NOON)
    folder = tmp_path / "new-number"
    shutil.copytree(PACKAGED_CONTENT, folder)
    for path in folder.rglob("*.yaml"):
        text = path.read_text().replace("0808 800 6000", "0808 800 6001")
        path.write_text(text.replace("six zero zero zero", "six zero zero one"))
    caller = Caller(app.test_client())

    def dialled() -> list[str]:
        page = caller.say(caller.start(), "can I speak to a nurse")
        assert page.dial is not None
        return [n.text or "" for n in page.dial.iter("Number")]

    assert dialled() == ["+448088006000"]
    operate(app, tmp_path, "publish", "--content-dir", str(folder))
    eventually(lambda: dialled() == ["+448088006001"])
