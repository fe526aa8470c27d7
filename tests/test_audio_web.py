"""Tests for GET /audio/<name>: only listed files, cached for ever, never an error page."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from helpline.audio import recordings as audio
from helpline.audio.recordings import AudioLibrary, Pace, text_digest
from helpline.audio.web import audio_url, create_blueprint

NAME = "0123456789abcdef0123.wav"
SOUND = b"RIFF" + bytes(range(256)) * 4


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    """An audio folder with one listed file and one file the manifest does not list."""
    (tmp_path / NAME).write_bytes(SOUND)
    (tmp_path / "fedcba9876543210fedc.wav").write_bytes(SOUND)
    entry = {
        "text_sha256": text_digest("Press one."),
        "pace": "normal",
        "voice": "en-gb",
        "rate": 140,
        "word_gap": 0,
        "seconds": 0.1,
        "bytes": len(SOUND),
    }
    manifest = {"format": 1, "engine": "test", "files": {NAME: entry}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def make_client(get_library: Callable[[], AudioLibrary]) -> FlaskClient:
    app = Flask(__name__)
    app.config["TESTING"] = True
    app.register_blueprint(create_blueprint(lambda: [get_library()]))
    return app.test_client()


@pytest.fixture
def client(directory: Path) -> FlaskClient:
    """A bare app serving the folder's library."""
    library = AudioLibrary.load(directory)
    return make_client(lambda: library)


def test_a_listed_file_is_served_as_wav_and_cached_for_a_year(client: FlaskClient) -> None:
    with client.get(f"/audio/{NAME}") as response:
        assert response.status_code == 200
        assert response.data == SOUND
        assert response.mimetype == "audio/wav"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["ETag"] == '"0123456789abcdef0123"'


def test_a_cached_copy_is_confirmed_without_sending_the_file(client: FlaskClient) -> None:
    etag = {"If-None-Match": '"0123456789abcdef0123"'}
    with client.get(f"/audio/{NAME}", headers=etag) as response:
        assert response.status_code == 304
        assert response.data == b""
        assert response.headers["ETag"] == '"0123456789abcdef0123"'
        assert "immutable" in response.headers["Cache-Control"]


def test_a_different_etag_gets_the_whole_file(client: FlaskClient) -> None:
    etag = {"If-None-Match": '"something-else"'}
    with client.get(f"/audio/{NAME}", headers=etag) as response:
        assert (response.status_code, response.data) == (200, SOUND)


def test_head_gives_the_headers_without_the_body(client: FlaskClient) -> None:
    with client.head(f"/audio/{NAME}") as response:
        assert response.status_code == 200
        assert response.data == b""
        assert response.headers["Content-Length"] == str(len(SOUND))
        assert response.mimetype == "audio/wav"


@pytest.mark.parametrize(
    "path",
    [
        "/audio/fedcba9876543210fedc.wav",  # on disk but not in the manifest
        "/audio/manifest.json",
        "/audio/..%2fmanifest.json",
        "/audio/..%2F..%2Fetc%2Fpasswd",
        "/audio/%2e%2e",
        "/audio/../manifest.json",
        f"/audio/{NAME}%00",
        "/audio/",
    ],
)
def test_anything_not_in_the_manifest_is_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_file_deleted_since_the_manifest_was_read_is_not_found(
    client: FlaskClient, directory: Path
) -> None:
    (directory / NAME).unlink()
    assert client.get(f"/audio/{NAME}").status_code == 404


def test_a_library_that_cannot_be_read_gives_not_found_rather_than_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> AudioLibrary:
        raise RuntimeError("no library")

    with caplog.at_level(logging.ERROR, logger="helpline.audio.web"):
        assert make_client(broken).get(f"/audio/{NAME}").status_code == 404
    assert "could not read the audio library" in caplog.text


@pytest.mark.parametrize("base", ["https://helpline.example.org", "https://helpline.example.org/"])
def test_audio_urls_are_absolute_for_twilio(base: str) -> None:
    assert audio_url(base, NAME) == f"https://helpline.example.org/audio/{NAME}"


# Files damaged after the worker started ---------------------------------------------------


@pytest.fixture
def hashed(directory: Path) -> Path:
    """The folder, its manifest also holding the file's hash (as `helpline build` writes)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"][NAME]["file_sha256"] = hashlib.sha256(SOUND).hexdigest()
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return directory


def test_a_file_changed_after_loading_is_never_served_even_at_the_same_size(
    hashed: Path,
) -> None:
    library = AudioLibrary.load(hashed)
    client = make_client(lambda: library)
    with client.get(f"/audio/{NAME}") as response:
        assert response.status_code == 200
    (hashed / NAME).write_bytes(SOUND[::-1])  # same length, other bytes
    with client.get(f"/audio/{NAME}") as response:
        assert response.status_code == 404
    assert library.find("Press one.", Pace.NORMAL) is None


def test_a_truncated_or_deleted_file_stops_being_offered_within_seconds(
    hashed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "RECHECK_SECONDS", 0.05)
    library = AudioLibrary.load(hashed)
    assert library.find("Press one.", Pace.NORMAL) == NAME
    generation = library.generation
    (hashed / NAME).write_bytes(SOUND[:100])
    time.sleep(0.1)
    assert library.find("Press one.", Pace.NORMAL) is None
    assert library.generation > generation
    assert len(library) == 0
    (hashed / NAME).write_bytes(SOUND)  # a build put it right
    time.sleep(0.1)
    assert library.find("Press one.", Pace.NORMAL) == NAME
    (hashed / NAME).unlink()
    time.sleep(0.1)
    assert library.find("Press one.", Pace.NORMAL) is None
    with make_client(lambda: library).get(f"/audio/{NAME}") as response:
        assert response.status_code == 404


def test_a_file_damaged_before_loading_is_not_offered(hashed: Path) -> None:
    (hashed / NAME).write_bytes(SOUND[::-1])
    library = AudioLibrary.load(hashed)
    assert library.find("Press one.", Pace.NORMAL) is None
    assert len(library) == 0
