"""Tests for the audio build: real eSpeak NG speech, telephone format, reuse, and stale audio.

One build of a few short prompts is shared by the module (it takes well under a second); tests
that change things work on a copy of its folder. Tests of crashing or stuck render processes
swap in the worker functions at the end of this module, which spawned processes import by name.
"""

from __future__ import annotations

import contextlib
import fcntl
import fnmatch
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
import soundfile  # type: ignore[import-untyped]

from helpline.audio import recordings as audio
from helpline.audio.recordings import (
    VOICES,
    AudioLibrary,
    BuildSummary,
    EngineUnavailable,
    FolderBusy,
    Pace,
    Utterance,
    audio_name,
    build,
    engine_problem,
    engine_version,
    manifest_files,
    text_digest,
)

URGENT = (
    "If you have new pain in your back, or numbness in your legs, call your twenty four hour "
    "cancer line now. Do not wait until your next appointment."
)
MENU = "Press one for urgent help. Press two to hear about treatments."
TWO_PARAGRAPHS = (
    "This is the first paragraph. It is short.\n\n"
    "This is the second paragraph, spoken after a pause."
)
PROMPTS = (
    Utterance(URGENT, Pace.NORMAL),
    Utterance(URGENT, Pace.SLOWER),
    Utterance(MENU, Pace.NORMAL),
    Utterance(TWO_PARAGRAPHS, Pace.NORMAL),
)


@dataclass(frozen=True)
class Built:
    directory: Path
    summary: BuildSummary

    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.directory / "manifest.json").read_text())
        return data

    def name(self, utterance: Utterance) -> str:
        return audio_name(utterance, engine_version())

    def copy(self, target: Path) -> Path:
        shutil.copytree(self.directory, target)
        return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shared prompts, rendered once with the real engine."""
    directory = tmp_path_factory.mktemp("audio")
    return Built(directory, build(PROMPTS, directory, progress=False))


def seconds(path: Path) -> float:
    duration: float = soundfile.info(str(path)).duration
    return duration


def words_per_minute(text: str, path: Path) -> float:
    return len(text.split()) / seconds(path) * 60


# The files --------------------------------------------------------------------------------------


def test_every_prompt_is_rendered_once(built: Built) -> None:
    assert (built.summary.rendered, built.summary.reused, built.summary.failed) == (4, 0, ())
    assert sorted(built.manifest()["files"]) == sorted(built.name(u) for u in PROMPTS)


def test_every_file_is_8_khz_mono_mu_law_wav(built: Built) -> None:
    for utterance in PROMPTS:
        info = soundfile.info(str(built.directory / built.name(utterance)))
        assert (info.format, info.subtype) == ("WAV", "ULAW")
        assert (info.samplerate, info.channels) == (8000, 1)


def test_speech_lasts_about_as_long_as_the_words_take_to_say(built: Built) -> None:
    for utterance in PROMPTS:
        expected = len(utterance.text.split()) / 145 * 60
        assert 0.5 * expected < seconds(built.directory / built.name(utterance)) < 2 * expected


def test_the_slower_pace_is_measurably_slower_than_normal(built: Built) -> None:
    normal = words_per_minute(URGENT, built.directory / built.name(PROMPTS[0]))
    slower = words_per_minute(URGENT, built.directory / built.name(PROMPTS[1]))
    assert 135 < normal < 175
    assert 115 < slower < 145
    assert slower < 0.93 * normal


def test_the_manifest_records_each_file_with_the_hashes_of_its_words_and_bytes(
    built: Built,
) -> None:
    manifest = built.manifest()
    assert (manifest["format"], manifest["engine"]) == (1, engine_version())
    slower = manifest["files"][built.name(PROMPTS[1])]
    path = built.directory / built.name(PROMPTS[1])
    assert slower == {
        "text_sha256": text_digest(URGENT),
        "pace": "slower",
        "voice": "en-gb",
        "rate": VOICES[Pace.SLOWER].rate,
        "word_gap": VOICES[Pace.SLOWER].word_gap,
        "seconds": pytest.approx(seconds(path), abs=0.001),
        "bytes": path.stat().st_size,
        "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def test_the_summary_counts_the_speech_and_bytes_in_the_library(built: Built) -> None:
    files = built.manifest()["files"].values()
    assert built.summary.bytes == sum(f["bytes"] for f in files)
    assert built.summary.seconds_of_speech == pytest.approx(sum(f["seconds"] for f in files))


def test_the_engine_never_starts_in_the_calling_process(built: Built) -> None:
    assert "pyttsx3.drivers._espeak" not in sys.modules
    assert "ESPEAK_DATA_PATH" not in os.environ


# Rebuilding -------------------------------------------------------------------------------------


def test_a_second_build_reuses_every_file(built: Built, tmp_path: Path) -> None:
    directory = built.copy(tmp_path / "audio")
    before = {p.name: p.stat().st_mtime_ns for p in directory.glob("*.wav")}
    summary = build(PROMPTS, directory, progress=False)
    assert (summary.rendered, summary.reused, summary.removed) == (0, 4, 0)
    assert {p.name: p.stat().st_mtime_ns for p in directory.glob("*.wav")} == before


def test_a_changed_word_is_rendered_again_and_the_old_file_removed(
    built: Built, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    directory = built.copy(tmp_path / "audio")
    changed = Utterance(MENU.replace("two", "three"), Pace.NORMAL)
    summary = build([*PROMPTS[:2], changed, PROMPTS[3]], directory, progress=False)
    assert (summary.rendered, summary.reused, summary.removed, summary.failed) == (1, 3, 1, ())
    assert not (directory / built.name(PROMPTS[2])).exists()
    assert (directory / built.name(changed)).is_file()
    library = AudioLibrary.load(directory)
    assert library.find(MENU, Pace.NORMAL) is None
    assert library.find(changed.text, Pace.NORMAL) == built.name(changed)
    captured = capfd.readouterr()
    assert "Audio saved" not in captured.out + captured.err


def test_a_build_without_pruning_keeps_old_files_listed_for_workers_on_earlier_releases(
    built: Built, tmp_path: Path
) -> None:
    directory = built.copy(tmp_path / "audio")
    running = AudioLibrary.load(directory)
    summary = build(PROMPTS[:2], directory, progress=False, prune=False)
    assert (summary.rendered, summary.removed) == (0, 0)
    old = running.find(MENU, Pace.NORMAL)
    assert old is not None and (directory / old).is_file()
    assert AudioLibrary.load(directory).find(MENU, Pace.NORMAL) == old
    assert old not in manifest_files(directory, PROMPTS[:2]), "not one of this build's prompts"


def test_a_build_deletes_only_files_its_manifest_listed(built: Built, tmp_path: Path) -> None:
    directory = built.copy(tmp_path / "audio")
    strangers = [directory / "README.md", directory / "0123456789abcdef0123.wav"]
    for stranger in strangers:
        stranger.write_text("not ours")
    summary = build(PROMPTS[:2], directory, progress=False)
    assert (summary.rendered, summary.removed) == (0, 2)
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [
            *(built.name(u) for u in PROMPTS[:2]),
            "manifest.json",
            ".build.lock",
            *(s.name for s in strangers),
        ]
    )


def test_an_empty_text_is_reported_and_not_rendered(tmp_path: Path) -> None:
    summary = build([Utterance("  \n", Pace.NORMAL)], tmp_path, progress=False)
    assert (summary.rendered, summary.failed) == (0, (("", "the text is empty"),))


def test_long_texts_are_rendered_in_pieces_of_whole_sentences() -> None:
    sentence = "This sentence has exactly eight words in it."
    pieces = audio._pieces(" ".join([sentence] * 100) + "\n\nA new paragraph.")
    assert [len(p.split()) for p in pieces] == [248, 248, 248, 56, 3]
    assert all(p.endswith(".") for p in pieces)


# Two builds into one folder ---------------------------------------------------------------------


@contextlib.contextmanager
def holding_the_lock(directory: Path) -> Iterator[None]:
    """Hold the folder's build lock from this test, as a build in another process would."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / ".build.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def eventually(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def waiting_messages(caplog: pytest.LogCaptureFixture, directory: Path) -> int:
    said = f"another build is writing {directory}; waiting for it to finish"
    return [record.getMessage() for record in caplog.records].count(said)


def test_a_second_build_into_the_same_folder_waits_for_the_first(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "audio"
    prompts = [Utterance(MENU, Pace.NORMAL)]
    with (
        caplog.at_level(logging.WARNING, logger="helpline.audio.recordings"),
        ThreadPoolExecutor(2) as pool,
    ):
        builds = [
            pool.submit(build, prompts, directory, workers=1, progress=False) for _ in range(2)
        ]
        summaries = [b.result(timeout=120) for b in builds]
    assert sorted((s.rendered, s.reused, s.failed) for s in summaries) == [(0, 1, ()), (1, 0, ())]
    assert waiting_messages(caplog, directory) == 1
    assert AudioLibrary.load(directory).find(MENU, Pace.NORMAL) is not None


def test_a_build_touches_nothing_until_the_lock_is_released_and_says_it_waits_once(
    built: Built, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = built.copy(tmp_path / "audio")
    other_builds_file = directory / f".{built.name(PROMPTS[0])}.4242.tmp"
    other_builds_file.write_bytes(b"RIFF")
    with (
        caplog.at_level(logging.WARNING, logger="helpline.audio.recordings"),
        ThreadPoolExecutor(1) as pool,
    ):
        with holding_the_lock(directory):
            waiting = pool.submit(build, PROMPTS[:2], directory, progress=False)
            assert eventually(lambda: waiting_messages(caplog, directory) > 0)
            time.sleep(0.5)  # several more tries at the lock
            assert not waiting.done()
            assert other_builds_file.exists()
            assert len(built.manifest()["files"]) == len(PROMPTS)
        summary = waiting.result(timeout=60)
    assert (summary.rendered, summary.reused, summary.removed) == (0, 2, 2)
    assert not other_builds_file.exists()
    assert waiting_messages(caplog, directory) == 1


def test_a_build_that_waits_too_long_fails_naming_the_folder(tmp_path: Path) -> None:
    directory = tmp_path / "audio"
    with holding_the_lock(directory):
        began = time.monotonic()
        with pytest.raises(FolderBusy, match=re.escape(f"still writing {directory} after")):
            build(PROMPTS[:1], directory, progress=False, lock_timeout=0.3)
        assert 0.3 <= time.monotonic() - began < 5
    assert [p.name for p in directory.iterdir()] == [".build.lock"]


def test_the_lock_file_is_never_listed_or_played_and_git_ignores_what_a_build_leaves(
    built: Built,
) -> None:
    assert (built.directory / ".build.lock").is_file()
    assert ".build.lock" not in built.manifest()["files"]
    assert AudioLibrary.load(built.directory).path(".build.lock") is None
    gitignore = Path(__file__).parents[1] / "audio" / ".gitignore"
    patterns = [
        line for line in gitignore.read_text().splitlines() if line and not line.startswith("#")
    ]
    left = [p.name for p in built.directory.iterdir()]
    assert [n for n in left if not any(fnmatch.fnmatch(n, p) for p in patterns)] == []


# Playing only what matches ----------------------------------------------------------------------


def test_find_gives_the_file_only_for_the_same_words_at_the_same_pace(built: Built) -> None:
    library = AudioLibrary.load(built.directory)
    assert library.find(URGENT, Pace.NORMAL) == built.name(PROMPTS[0])
    assert library.find(URGENT, Pace.SLOWER) == built.name(PROMPTS[1])
    assert library.find(URGENT + " ", Pace.NORMAL) is None
    assert library.find(URGENT.replace("now", "today"), Pace.NORMAL) is None
    assert library.find(MENU, Pace.SLOWER) is None
    assert library.path(built.name(PROMPTS[2])) == built.directory / built.name(PROMPTS[2])


def test_a_missing_file_is_never_played(built: Built, tmp_path: Path) -> None:
    directory = built.copy(tmp_path / "audio")
    (directory / built.name(PROMPTS[0])).unlink()
    library = AudioLibrary.load(directory)
    assert library.find(URGENT, Pace.NORMAL) is None
    assert library.path(built.name(PROMPTS[0])) is None
    assert library.find(URGENT, Pace.SLOWER) == built.name(PROMPTS[1])


def test_a_file_of_another_size_is_never_played(built: Built, tmp_path: Path) -> None:
    directory = built.copy(tmp_path / "audio")
    path = directory / built.name(PROMPTS[2])
    path.write_bytes(path.read_bytes()[:1000])
    assert AudioLibrary.load(directory).find(MENU, Pace.NORMAL) is None


def test_a_corrupt_manifest_gives_an_empty_library_and_a_warning(
    built: Built, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = built.copy(tmp_path / "audio")
    (directory / "manifest.json").write_text('{"format": 1, "files": {')
    with caplog.at_level(logging.WARNING, logger="helpline.audio.recordings"):
        library = AudioLibrary.load(directory)
    assert len(library) == 0
    assert library.find(URGENT, Pace.NORMAL) is None
    assert library.path(built.name(PROMPTS[0])) is None
    assert "manifest.json is unreadable" in caplog.text


def test_a_missing_manifest_gives_an_empty_library_and_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="helpline.audio.recordings"):
        library = AudioLibrary.load(tmp_path / "nowhere")
    assert len(library) == 0
    assert "run `helpline build`" in caplog.text


def test_manifest_entries_that_name_other_paths_are_ignored(built: Built, tmp_path: Path) -> None:
    directory = built.copy(tmp_path / "audio")
    manifest = built.manifest()
    entry = manifest["files"][built.name(PROMPTS[0])]
    manifest["files"] = {"../manifest.json": entry, "x.wav": entry}
    (directory / "manifest.json").write_text(json.dumps(manifest))
    library = AudioLibrary.load(directory)
    assert len(library) == 0
    assert library.path("../manifest.json") is None


# The engine -------------------------------------------------------------------------------------


def test_the_engine_can_run_here() -> None:
    assert engine_problem() is None
    assert engine_version().startswith("espeak-ng ")
    assert "pyttsx3 2." in engine_version()


def test_build_refuses_with_a_plain_reason_when_the_voice_data_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import espeakng_loader  # type: ignore[import-untyped]

    def missing() -> str:
        raise RuntimeError(f"data path not exists at {tmp_path / 'espeak-ng-data'}")

    monkeypatch.setattr(espeakng_loader, "get_data_path", missing)
    reason = engine_problem()
    assert reason is not None
    assert reason.startswith("the eSpeak NG voice data is missing")
    with pytest.raises(EngineUnavailable, match="voice data is missing") as raised:
        build(PROMPTS, tmp_path / "audio", progress=False)
    assert raised.value.reason == reason
    assert not (tmp_path / "audio").exists()


def test_incomplete_voice_data_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library, _ = audio._engine_paths()
    (tmp_path / "espeak-ng-data").mkdir()
    monkeypatch.setattr(audio, "_engine_paths", lambda: (library, tmp_path / "espeak-ng-data"))
    assert engine_problem() == (
        f"the eSpeak NG voice data is incomplete: {tmp_path / 'espeak-ng-data' / 'phontab'} "
        "is missing"
    )


def test_the_summary_reads_as_a_closing_report() -> None:
    summary = BuildSummary(
        rendered=12,
        reused=40,
        failed=(("Press one for…", "eSpeak wrote no audio"),),
        removed=1,
        seconds_of_speech=23 * 60 + 5,
        bytes=11_100_000,
        elapsed=3.21,
    )
    assert summary.lines() == [
        "Rendered 12, reused 40, failed 1, removed 1; 23 min 5 s of speech, 11.1 MB, in 3.2 s"
    ]


# Render processes that crash, hang or cannot start ----------------------------------------------


def test_a_failed_or_crashed_prompt_is_reported_and_the_rest_are_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "_worker_entry", fail_or_crash_on_markers)
    prompts = [
        Utterance("FAIL here.", Pace.NORMAL),
        Utterance("CRASH here.", Pace.NORMAL),
        Utterance(MENU, Pace.NORMAL),
    ]
    summary = build(prompts, tmp_path, workers=1, progress=False)
    assert summary.rendered == 1
    assert summary.failed == (
        ("FAIL here.", "eSpeak wrote no audio"),
        ("CRASH here.", "the speech engine process stopped (exit code 3)"),
    )
    assert AudioLibrary.load(tmp_path).find(MENU, Pace.NORMAL) is not None


def test_a_prompt_whose_process_crashed_once_is_rendered_by_a_fresh_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "_worker_entry", crash_on_the_first_try)
    prompts = [Utterance("CRASH once.", Pace.NORMAL), Utterance(MENU, Pace.NORMAL)]
    summary = build(prompts, tmp_path, workers=1, progress=False)
    assert (tmp_path / "crashed-once").exists()
    assert summary.failed == ()
    assert summary.rendered == 2
    library = AudioLibrary.load(tmp_path)
    assert library.find("CRASH once.", Pace.NORMAL) is not None


def test_a_prompt_that_crashes_its_process_every_time_fails_after_its_second_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "_worker_entry", fail_or_crash_on_markers)
    summary = build([Utterance("CRASH here.", Pace.NORMAL)], tmp_path, workers=1, progress=False)
    assert summary.failed == (("CRASH here.", "the speech engine process stopped (exit code 3)"),)
    assert (tmp_path / "crashes").read_text() == "xx"


def test_a_stuck_render_process_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "_worker_entry", hang_on_every_prompt)
    monkeypatch.setattr(audio, "CHUNK_TIMEOUT", 0.2)
    monkeypatch.setattr(audio, "JOB_GRACE", 0.0)
    monkeypatch.setattr(audio, "EXTRA_STARTS", 0)
    began = time.monotonic()
    summary = build([Utterance(MENU, Pace.NORMAL)], tmp_path, workers=1, progress=False)
    assert time.monotonic() - began < 10
    assert summary.failed == ((MENU[:39] + "…", "the speech engine took too long and was stopped"),)


def test_a_render_process_that_dies_at_start_fails_the_build_without_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "_worker_entry", exit_at_start)
    monkeypatch.setattr(audio, "EXTRA_STARTS", 0)
    summary = build(PROMPTS[:2], tmp_path, workers=1, progress=False)
    assert summary.rendered == 0
    assert [reason for _, reason in summary.failed] == [
        "the speech engine process stopped (exit code 1)"
    ] * 2


def test_an_engine_that_cannot_start_gives_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "_worker_entry", refuse_at_start)
    monkeypatch.setattr(audio, "EXTRA_STARTS", 0)
    summary = build(PROMPTS[:1], tmp_path, workers=1, progress=False)
    assert summary.failed == ((URGENT[:39] + "…", "the speech engine did not start: no voice"),)


# Spawned processes import these by name, so they live at module level.


def fail_or_crash_on_markers(connection: Connection, directory: str) -> None:
    """A render process that fails on FAIL and dies, as eSpeak's exit() would, on CRASH."""
    engine = audio._Engine(Path(directory))

    def render(job: audio._Job) -> tuple[float, int]:
        if "FAIL" in job.text:
            raise RuntimeError("eSpeak wrote no audio")
        if "CRASH" in job.text:
            with (Path(directory) / "crashes").open("a") as crashes:
                crashes.write("x")
            engine.close()
            os._exit(3)
        return engine.render(job)

    audio._serve(connection, lambda: render)
    engine.close()


def crash_on_the_first_try(connection: Connection, directory: str) -> None:
    """A render process that dies on CRASH once, as eSpeak NG now and then does, then renders it."""
    engine = audio._Engine(Path(directory))
    marker = Path(directory) / "crashed-once"

    def render(job: audio._Job) -> tuple[float, int]:
        if "CRASH" in job.text and not marker.exists():
            marker.touch()
            engine.close()
            os._exit(-11 & 0xFF)
        return engine.render(job)

    audio._serve(connection, lambda: render)
    engine.close()


def hang_on_every_prompt(connection: Connection, directory: str) -> None:
    """A render process that starts but never finishes a prompt."""

    def render(job: audio._Job) -> tuple[float, int]:
        time.sleep(3600)
        return 0.0, 0

    audio._serve(connection, lambda: render)


def exit_at_start(connection: Connection, directory: str) -> None:
    """A render process that dies while starting, as eSpeak does when its data is missing."""
    os._exit(1)


def refuse_at_start(connection: Connection, directory: str) -> None:
    """A render process whose engine raises while starting."""

    def make() -> audio._Render:
        raise RuntimeError("no voice")

    audio._serve(connection, make)
