"""The `helpline` command as an operator uses it, and the server the Procfile starts."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpline.audio import recordings as audio_module
from helpline.channels.sms_render import render_sms
from helpline.content.loading import load_catalog
from helpline.operators.cli import main
from tests.conftest import Page, parse_messages

ROOT = Path(__file__).resolve().parent.parent


def cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        "HELPLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "HELPLINE_SECRET_KEY": "cli-secret",
        "TWILIO_AUTH_TOKEN": "cli-token",
        "HELPLINE_PUBLIC_URL": "https://helpline.example.org",
        "HELPLINE_AUDIO_DIR": str(tmp_path / "audio"),
        "HELPLINE_JOURNAL_DIR": str(tmp_path / "opt-outs"),
    }


class TestTrySms:
    def test_try_sms_walks_a_conversation_as_one_sender_showing_encoding_and_segments(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        result = runner.invoke(main, ["try", "sms", "bone", "MORE"], env=cli_env(tmp_path))
        assert result.exit_code == 0, result.output
        assert "> bone" in result.output and "> MORE" in result.output
        catalog = load_catalog().catalog
        assert catalog is not None
        first, second = render_sms(catalog).pages("bone")[:2]
        assert first in result.output and second in result.output
        assert re.search(r"\[GSM-7, [12] segment\(s\), \d+ characters\]", result.output)

    def test_try_sms_shows_that_stop_sends_nothing(self, runner: CliRunner, tmp_path: Path) -> None:
        result = runner.invoke(main, ["try", "sms", "STOP"], env=cli_env(tmp_path))
        assert result.exit_code == 0
        assert "(no reply is sent)" in result.output

    def test_try_sms_works_without_any_twilio_settings(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        env = {**cli_env(tmp_path), "TWILIO_AUTH_TOKEN": "", "HELPLINE_PUBLIC_URL": ""}
        result = runner.invoke(main, ["try", "sms", "what is xgeva?"], env=env)
        assert result.exit_code == 0, result.output
        assert "Xgeva (denosumab) is" in result.output
        assert "Urgent? Text URGENT or call 999." in result.output

    def test_a_broken_content_folder_stops_try_with_the_reason(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        env = {**cli_env(tmp_path), "HELPLINE_CONTENT_DIR": str(tmp_path / "nothing-here")}
        result = runner.invoke(main, ["try", "sms", "bone"], env=env)
        assert result.exit_code == 1
        assert "helpline check" in result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def worker_pids(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def worker_count(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return len(children.read_text().split()) if children.exists() else -1


def start(command: list[str], tmp_path: Path, **env: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, **cli_env(tmp_path), "HELPLINE_BIND_HOST": "127.0.0.1", **env}
    bin_dir = str(Path(sys.executable).parent)
    environment["PATH"] = f"{bin_dir}:{environment.get('PATH', '')}"
    return subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)


def serve(tmp_path: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    """`helpline serve` on a port, without the audio build unless asked for."""
    helpline = str(Path(sys.executable).parent / "helpline")
    settings = {"PORT": str(port), "HELPLINE_BUILD_AUDIO": "0", **env}
    return start([helpline, "serve"], tmp_path, **settings)


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


class TestServing:
    def test_helpline_serve_runs_gunicorn_on_port_with_web_concurrency_workers(
        self, tmp_path: Path
    ) -> None:
        port = free_port()
        process = serve(tmp_path, port, WEB_CONCURRENCY="3")
        try:
            body = wait_for(f"http://127.0.0.1:{port}/healthz")
            assert b'"status":"ok"' in body.replace(b" ", b"")
            deadline = time.monotonic() + 20
            while worker_count(process.pid) != 3 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert worker_count(process.pid) == 3
        finally:
            stop(process)

    def test_the_procfile_web_line_serves_the_app_on_port(self, tmp_path: Path) -> None:
        (line,) = [x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:")]
        port = free_port()
        command = ["/bin/sh", "-c", "exec " + line.removeprefix("web:").strip()]
        process = start(command, tmp_path, PORT=str(port), WEB_CONCURRENCY="1")
        try:
            body = wait_for(f"http://127.0.0.1:{port}/healthz", seconds=90)
            assert b"content_version" in body
            assert shlex.split(line.removeprefix("web:")) == ["helpline", "serve"]
            # Recordings were brought up to date before the workers started.
            manifest = json.loads((tmp_path / "audio" / "manifest.json").read_text())
            assert len(manifest["files"]) > 50
            assert (tmp_path / "audio" / "voice-fallback.xml").is_file()
        finally:
            stop(process)

    def test_serve_refuses_to_start_in_production_without_secrets(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        env = {**cli_env(tmp_path), "HELPLINE_ENV": "production", "TWILIO_AUTH_TOKEN": ""}
        result = runner.invoke(main, ["serve"], env=env)
        assert result.exit_code == 1
        assert "TWILIO_AUTH_TOKEN" in result.output


class TestStateCommands:
    def test_usage_shows_anonymous_counts_after_messages(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        env = cli_env(tmp_path)
        runner.invoke(main, ["try", "sms", "bone", "bone", "my legs feel numb"], env=env)
        result = runner.invoke(main, ["usage"], env=env)
        assert result.exit_code == 0
        assert re.search(r"sms\s+bone\s+keyword\s+2", result.output)
        assert re.search(r"sms\s+spinal-cord-compression\s+red-flag\s+1", result.output)

    def test_purge_reports_what_it_removed(self, runner: CliRunner, tmp_path: Path) -> None:
        result = runner.invoke(main, ["purge"], env=cli_env(tmp_path))
        assert result.exit_code == 0
        assert "older than 90 days" in result.output


def test_fallback_prints_static_twiml_giving_the_helpline_and_999(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["fallback"], env=cli_env(tmp_path))
    assert result.exit_code == 0
    (message,) = parse_messages(result.output.encode())
    assert "0808 800 6000" in message and "999" in message


def test_the_voice_fallback_speaks_the_helpline_and_999_and_ends_the_call(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["fallback", "--voice"], env=cli_env(tmp_path))
    assert result.exit_code == 0
    page = Page(200, result.output.encode())
    assert "zero eight zero eight" in page.text and "nine nine nine" in page.text
    assert page.hangs_up and not page.root.findall(".//Play")


class TestTryCall:
    def test_try_call_with_keys_shows_each_step_and_what_is_said(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        result = runner.invoke(main, ["try", "call", "--keys", "4,3,1,*"], env=cli_env(tmp_path))
        assert result.exit_code == 0, result.output
        output = result.output
        assert "SAY: Welcome to the Secondary Breast Cancer Info Line" in output
        assert "> press 4" in output and "For denosumab, also called Xgeva, press 3." in output
        assert "SAY: Denosumab is also called Xgeva." in output
        assert "SAY (slower): Denosumab" in output
        assert output.rstrip().endswith("[you hang up]")

    def test_try_call_takes_typed_words_and_silence_until_the_line_says_goodbye(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        result = runner.invoke(
            main, ["try", "call"], env=cli_env(tmp_path), input="my legs feel numb\n\n\n\n"
        )
        assert result.exit_code == 0, result.output
        assert 'say "my legs feel numb"' in result.output
        assert "SAY: Spinal cord compression is an emergency." in result.output
        assert result.output.count("Sorry, we did not hear anything.") == 2
        assert "HANG UP" in result.output and "[call ended]" in result.output

    def test_try_call_counts_the_topics_heard(self, runner: CliRunner, tmp_path: Path) -> None:
        env = cli_env(tmp_path)
        runner.invoke(main, ["try", "call", "--keys", "5,1"], env=env)
        result = runner.invoke(main, ["usage"], env=env)
        assert re.search(r"voice\s+pain\s+key\s+1", result.output)


class TestBuild:
    def test_build_renders_every_prompt_then_reuses_them(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        audio = tmp_path / "audio"
        first = runner.invoke(main, ["build", "--no-progress", "--audio-dir", str(audio)])
        assert first.exit_code == 0, first.output
        assert re.search(r"Rendered \d+, reused 0, failed 0", first.output)
        again = runner.invoke(main, ["build", "--no-progress", "--audio-dir", str(audio)])
        assert again.exit_code == 0
        assert re.search(r"Rendered 0, reused \d+, failed 0", again.output)
        assert Page(200, (audio / "voice-fallback.xml").read_bytes()).hangs_up

    def test_build_without_a_speech_engine_says_so_and_fails_but_writes_the_fallback(
        self, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(audio_module, "engine_problem", lambda: "eSpeak NG is not installed")
        audio = tmp_path / "audio"
        result = runner.invoke(main, ["build", "--audio-dir", str(audio)])
        assert result.exit_code == 1
        assert "no speech engine can run here: eSpeak NG is not installed" in result.output
        assert "<Say>" in result.output
        assert (audio / "voice-fallback.xml").is_file()

    def test_build_while_another_build_holds_the_folder_too_long_fails_naming_it(
        self, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(audio_module, "LOCK_TIMEOUT", 0.2)
        audio = tmp_path / "audio"
        audio.mkdir()
        with (audio / audio_module.LOCK).open("w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            result = runner.invoke(main, ["build", "--no-progress", "--audio-dir", str(audio)])
        assert result.exit_code == 1
        assert f"another build is still writing {audio}" in result.output
        assert "Traceback" not in result.output

    def test_what_build_writes_is_readable_by_a_web_worker_running_as_another_user(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        audio = tmp_path / "audio"
        previous = os.umask(0o022)
        try:
            result = runner.invoke(main, ["build", "--no-progress", "--audio-dir", str(audio)])
        finally:
            os.umask(previous)
        assert result.exit_code == 0, result.output
        for name in (audio_module.MANIFEST, "voice-fallback.xml"):
            assert (audio / name).stat().st_mode & 0o777 == 0o644, name
        assert not [p.name for p in audio.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "command",
    [["--help"], ["check", "--help"], ["try", "sms", "--help"], ["try", "call", "--help"]],
)
def test_every_command_explains_itself(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, command)
    assert result.exit_code == 0 and "Usage" in result.output
