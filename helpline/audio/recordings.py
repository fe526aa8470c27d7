"""Pre-rendered telephone audio: eSpeak NG through pyttsx3, 8 kHz µ-law WAV named by content hash.

`build` renders every spoken prompt into a folder with a manifest; the web process only ever
reads that manifest (`AudioLibrary`) and never starts the speech engine itself. eSpeak runs in
worker processes started with `spawn`: it is not thread-safe, can hang a process that forks after
it started, and calls `exit(1)` when its voice data is missing. See /work/shared/notes/audio.md.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import MappingProxyType
from typing import Any

from helpline.store.files import TEMPORARY, replace_file, replacing

log = logging.getLogger(__name__)

ENGINE = "espeak-ng"
# Part of every file name: bump it when the processing after the engine changes (gain,
# resampling, encoding), so a changed file never reuses a name a cache may still hold.
FORMAT = 1
MANIFEST = "manifest.json"
LOCK = ".build.lock"  # flock()ed for a whole build; never deleted, so all builds lock one file
LOCK_TIMEOUT = 600.0  # seconds a build waits for another build into the same folder to finish
LOCK_POLL = 0.1  # seconds between tries to take the lock
SAMPLE_RATE = 8000
ENGINE_RATE = 22050  # pyttsx3's eSpeak driver always writes 22,050 Hz mono 16-bit PCM
GAIN = 0.89  # headroom so resampling overshoot does not clip
CHUNK_WORDS = 250  # pyttsx3 slows down sharply on long texts: render longer ones in pieces
CHUNK_TIMEOUT = 20.0  # seconds to wait for eSpeak to finish one piece (it takes milliseconds)
SETTLE_TIMEOUT = 2.0  # seconds for eSpeak to go idle or take new settings (it takes < 1 ms)
JOB_GRACE = 10.0  # seconds beyond that before a silent worker process is stopped
START_TIMEOUT = 60.0  # seconds for a worker process to import and start the engine
EXTRA_STARTS = 4  # replacement worker processes allowed per build after crashes or timeouts
JOB_TRIES = 2  # eSpeak NG now and then crashes on a prompt it renders fine the next time
NAME = re.compile(r"[0-9a-f]{20}\.wav")
WORD_GAP = 7  # espeakWORDGAP in speak_lib.h: extra pause between words, in 10 ms units
RATE = 1  # espeakRATE


class Pace(StrEnum):
    """How fast a prompt is spoken: callers can ask for a slower version."""

    NORMAL = "normal"
    SLOWER = "slower"


@dataclass(frozen=True, slots=True)
class EngineVoice:
    """The eSpeak settings one pace is rendered with."""

    name: str
    rate: int
    word_gap: int


# "en-gb" selects eSpeak NG's "English (Great Britain)" voice (gmw/en); workers check it is the
# voice really in use, because pyttsx3 ignores an unknown name silently.
VOICES: Mapping[Pace, EngineVoice] = MappingProxyType(
    {
        Pace.NORMAL: EngineVoice("en-gb", rate=140, word_gap=0),
        # Measured over the 26 topic scripts: 153 words a minute normal, 124 slower.
        Pace.SLOWER: EngineVoice("en-gb", rate=130, word_gap=2),
    }
)


@dataclass(frozen=True, slots=True)
class Utterance:
    """One prompt to speak, at one pace."""

    text: str
    pace: Pace


class EngineUnavailable(RuntimeError):
    """No speech engine can run on this machine; the reason is in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FolderBusy(TimeoutError):
    """Another build kept the audio folder locked for longer than a build waits for it."""

    def __init__(self, directory: Path, waited: float) -> None:
        super().__init__(
            f"another build is still writing {directory} after {_duration(waited)} of waiting; "
            "let it finish (or stop it), then build again"
        )
        self.directory = directory


def text_digest(text: str) -> str:
    """Identify the exact words of a prompt, so changed words never match old audio."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audio_name(utterance: Utterance, version: str) -> str:
    """Name a file by everything that decides its sound, so a name never changes meaning."""
    voice = VOICES[utterance.pace]
    digest = hashlib.sha256()
    parts = (utterance.text, voice.name, voice.rate, voice.word_gap, version, FORMAT)
    for part in parts:
        digest.update(str(part).encode("utf-8") + b"\0")
    return digest.hexdigest()[:20] + ".wav"


def _distribution_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _loader_folder() -> Path | None:
    """Where espeakng-loader is installed, found without importing anything."""
    spec = importlib.util.find_spec("espeakng_loader")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def engine_version() -> str:
    """Say which engine renders the audio, for the manifest and file names; starts nothing."""
    loader = _distribution_version("espeakng-loader") or "missing"
    pyttsx3 = _distribution_version("pyttsx3") or "missing"
    folder = _loader_folder()
    library = ""
    if folder is not None:
        found = sorted(folder.glob("libespeak-ng.so.*.*.*"))
        if found:
            library = " " + found[-1].name.removeprefix("libespeak-ng.so.")
    return f"{ENGINE}{library} (espeakng-loader {loader}) / pyttsx3 {pyttsx3}"


def _engine_paths() -> tuple[Path, Path]:
    """The eSpeak NG library and its `espeak-ng-data` folder shipped by espeakng-loader."""
    import espeakng_loader  # type: ignore[import-untyped]

    library = Path(espeakng_loader.get_library_path())
    data = Path(espeakng_loader.get_data_path())  # raises RuntimeError when missing
    return library, data


def engine_problem() -> str | None:
    """Say why audio cannot be built here, in plain words, without ever starting the engine."""
    for module, package in (
        ("pyttsx3", "pyttsx3"),
        ("espeakng_loader", "espeakng-loader"),
        ("soundfile", "soundfile"),
        ("soxr", "soxr"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {package} is not installed"
    try:
        library, data = _engine_paths()
    except Exception as error:  # the loader raises a bare RuntimeError for missing data
        return f"the eSpeak NG voice data is missing ({error})"
    if not library.is_file():
        return f"the eSpeak NG library is missing: {library}"
    if not data.is_dir():
        return f"the eSpeak NG voice data folder is missing: {data}"
    for needed in ("phontab", "phonindex", "phondata", "intonations", "en_dict"):
        if not (data / needed).is_file():
            return f"the eSpeak NG voice data is incomplete: {data / needed} is missing"
    return None


# The manifest ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    text_sha256: str
    pace: Pace
    voice: str
    rate: int
    word_gap: int
    seconds: float
    bytes: int
    file_sha256: str = ""  # of the file's bytes; "" in manifests written before it was kept

    def as_json(self) -> dict[str, Any]:
        return {
            "text_sha256": self.text_sha256,
            "pace": self.pace.value,
            "voice": self.voice,
            "rate": self.rate,
            "word_gap": self.word_gap,
            "seconds": self.seconds,
            "bytes": self.bytes,
            "file_sha256": self.file_sha256,
        }

    def plays(self, voice: EngineVoice) -> bool:
        return (self.voice, self.rate, self.word_gap) == (voice.name, voice.rate, voice.word_gap)


def _entry(raw: Any) -> _Entry | None:
    """One manifest entry, or None when it is not what `build` writes."""
    try:
        entry = _Entry(
            text_sha256=raw["text_sha256"],
            pace=Pace(raw["pace"]),
            voice=raw["voice"],
            rate=raw["rate"],
            word_gap=raw["word_gap"],
            seconds=float(raw["seconds"]),
            bytes=raw["bytes"],
            file_sha256=raw.get("file_sha256", ""),
        )
    except (TypeError, KeyError, ValueError):
        return None
    typed = (
        isinstance(entry.text_sha256, str)
        and isinstance(entry.voice, str)
        and isinstance(entry.file_sha256, str)
        and all(type(n) is int for n in (entry.rate, entry.word_gap, entry.bytes))
    )
    return entry if typed else None


def _read_manifest(directory: Path) -> dict[str, _Entry]:
    """The well-formed entries of a manifest; ValueError says why one is unusable."""
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is unreadable ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path} is not a format {FORMAT} audio manifest")
    files = data.get("files")
    if not isinstance(files, dict):
        raise ValueError(f"{path} lists no files")
    entries = {}
    for name, raw in files.items():
        entry = _entry(raw)
        if NAME.fullmatch(name) and entry is not None:
            entries[name] = entry
    if len(entries) < len(files):
        log.warning("ignoring %d malformed entries in %s", len(files) - len(entries), path)
    return entries


def manifest_files(directory: Path, utterances: Sequence[Utterance]) -> dict[str, dict[str, Any]]:
    """The files a folder's manifest lists for these prompts, as JSON: a release keeps these
    with its content."""
    version = engine_version()
    names = {audio_name(u, version) for u in utterances if u.text.strip()}
    listed = _read_manifest(directory)
    return {name: listed[name].as_json() for name in sorted(names & listed.keys())}


def _write_manifest(directory: Path, version: str, entries: Mapping[str, _Entry]) -> None:
    """Replace the manifest in one step, so a reader sees the old one or the new one."""
    document = {
        "format": FORMAT,
        "engine": version,
        "files": {name: entries[name].as_json() for name in sorted(entries)},
    }
    replace_file(directory / MANIFEST, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _has_file(path: Path, size: int) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, as the manifest keeps it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


RECHECK_SECONDS = 2.0  # how often a worker looks again at the files it may point Twilio at

_Identity = tuple[int, int, int]  # size, modification time (ns) and inode of a checked file


class _FileCheck:
    """Which listed files still hold the bytes the manifest says, looked at every few seconds.

    A file that went missing, was cut short or was changed stops being offered within
    RECHECK_SECONDS, and is never served; `generation` moves on each time the set changes, so
    pages worked out with the old set are worked out again.
    """

    def __init__(self, directory: Path, entries: Mapping[str, _Entry]) -> None:
        self.directory = directory
        self.entries = entries
        self.lock = threading.Lock()
        self.checked: dict[str, _Identity] = {}
        self.bad: frozenset[str] = frozenset()
        self.generation = 0
        self.next_look = 0.0
        self.look()

    def usable(self, name: str) -> bool:
        """Whether the file may be offered now (it was sound at the last look)."""
        self.look_if_due()
        return name not in self.bad

    def look_if_due(self) -> None:
        """Look at the files again when RECHECK_SECONDS have passed since the last look."""
        if time.monotonic() >= self.next_look:
            self.look()

    def sound_now(self, name: str) -> bool:
        """Whether the file's bytes match the manifest at this moment (before it is served)."""
        with self.lock:
            sound = self._sound(name)
            if not sound and name not in self.bad:
                self._mark({*self.bad, name})
            return sound

    def look(self) -> None:
        """Look at every listed file again; hash only those that changed since the last look."""
        with self.lock:
            self.next_look = time.monotonic() + RECHECK_SECONDS
            bad = {name for name in self.entries if not self._sound(name)}
            if bad != self.bad:
                self._mark(bad)

    def _mark(self, bad: set[str]) -> None:
        newly = bad - self.bad
        if newly:
            log.warning(
                "%d recording(s) in %s are missing or damaged: those prompts use <Say> "
                "until `helpline build` is run",
                len(newly),
                self.directory,
            )
        self.bad = frozenset(bad)
        self.generation += 1

    def _sound(self, name: str) -> bool:
        entry = self.entries[name]
        try:
            found = (self.directory / name).stat()
        except OSError:
            self.checked.pop(name, None)
            return False
        identity = (found.st_size, found.st_mtime_ns, found.st_ino)
        if self.checked.get(name) == identity:
            return True
        sound = found.st_size == entry.bytes
        if sound and entry.file_sha256:
            try:
                sound = file_digest(self.directory / name) == entry.file_sha256
            except OSError:
                sound = False
        if sound:
            self.checked[name] = identity
        else:
            self.checked.pop(name, None)
        return sound


@dataclass(frozen=True, slots=True)
class AudioLibrary:
    """The built audio a web worker may play, read once; lookups are dictionary reads, and the
    files themselves are looked at again every few seconds (see _FileCheck)."""

    directory: Path
    _by_text: Mapping[tuple[str, Pace], str] = field(default_factory=dict, repr=False)
    _entries: Mapping[str, _Entry] = field(default_factory=dict, repr=False)
    _check: _FileCheck | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, directory: Path) -> AudioLibrary:
        """Read the manifest; anything missing or damaged means <Say>, never an error."""
        try:
            entries = _read_manifest(directory)
        except FileNotFoundError:
            log.warning("no audio in %s (run `helpline build`): prompts use <Say>", directory)
            entries = {}
        except ValueError as error:
            log.warning("%s: prompts use <Say>", error)
            entries = {}
        return cls._over(directory, entries)

    @classmethod
    def listed(cls, directory: Path, files: Mapping[str, Any]) -> AudioLibrary:
        """A library over files in `directory` that a release's own manifest lists (as
        `manifest_files` gives it); an entry that is not what `build` writes is left out."""
        entries = {
            name: entry
            for name, raw in files.items()
            if NAME.fullmatch(name) and (entry := _entry(raw)) is not None
        }
        return cls._over(directory, entries)

    @classmethod
    def _over(cls, directory: Path, entries: Mapping[str, _Entry]) -> AudioLibrary:
        check = _FileCheck(directory, entries)
        by_text = {
            (entry.text_sha256, entry.pace): name
            for name, entry in entries.items()
            if entry.plays(VOICES[entry.pace])
        }
        return cls(directory, MappingProxyType(by_text), MappingProxyType(entries), check)

    @property
    def generation(self) -> int:
        """Moves on whenever the set of playable files changes (looking again when due)."""
        if self._check is None:
            return 0
        self._check.look_if_due()
        return self._check.generation

    def find(self, text: str, pace: Pace) -> str | None:
        """The file that speaks exactly these words at this pace, or None to use <Say>."""
        name = self._by_text.get((text_digest(text), pace))
        if name is None or self._check is None or not self._check.usable(name):
            return None
        return name

    def path(self, name: str) -> Path | None:
        """Where a listed file is, for the web route, only while its bytes match the manifest;
        None for any other name."""
        if name not in self._entries or self._check is None or not self._check.sound_now(name):
            return None
        return self.directory / name

    def __len__(self) -> int:
        """How many recordings can be played (for logs and health checks)."""
        bad = self._check.bad if self._check is not None else frozenset()
        return len(self._entries.keys() - bad)


# Building -------------------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    whole = round(seconds)
    if seconds < 60:
        return f"{seconds:.1f} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


def _size(count: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _text_start(text: str, length: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class BuildSummary:
    """What a build did; speech and size count every file now in the library."""

    rendered: int
    reused: int
    failed: tuple[tuple[str, str], ...]
    removed: int
    seconds_of_speech: float
    bytes: int
    elapsed: float

    def lines(self) -> list[str]:
        """The closing report a person reads after `helpline build` (failures are in `failed`)."""
        return [
            f"Rendered {self.rendered}, reused {self.reused}, failed {len(self.failed)}, "
            f"removed {self.removed}; {_duration(self.seconds_of_speech)} of speech, "
            f"{_size(self.bytes)}, in {self.elapsed:.1f} s"
        ]


@dataclass(frozen=True, slots=True)
class _Job:
    name: str
    text: str
    voice: EngineVoice


@dataclass(frozen=True, slots=True)
class _Done:
    name: str
    seconds: float
    bytes: int


@dataclass(frozen=True, slots=True)
class _Failed:
    name: str
    reason: str


def _pieces(text: str) -> list[str]:
    """Paragraphs, and sentences of very long paragraphs, short enough to render quickly."""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        piece: list[str] = []
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph.strip()):
            if piece and len(" ".join([*piece, sentence]).split()) > CHUNK_WORDS:
                pieces.append(" ".join(piece))
                piece = []
            piece.append(sentence)
        if piece:
            pieces.append(" ".join(piece))
    return [p for p in pieces if p.strip()]


_Render = Callable[[_Job], tuple[float, int]]


class _Engine:
    """One eSpeak engine in a worker process, driven through pyttsx3 one file at a time."""

    def __init__(self, directory: Path) -> None:
        library, data = _engine_paths()
        # Before pyttsx3 loads "libespeak-ng.so.1": point eSpeak at the shipped data and make
        # the shipped library the one that name binds to.
        os.environ["ESPEAK_DATA_PATH"] = str(data.parent)
        self._library = ctypes.CDLL(str(library), mode=ctypes.RTLD_GLOBAL)
        self._library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._library.espeak_GetParameter.argtypes = [ctypes.c_int, ctypes.c_int]
        self._library.espeak_IsPlaying.argtypes = []
        import pyttsx3  # type: ignore[import-untyped]

        self._directory = directory
        self._scratch = Path(tempfile.mkdtemp(prefix="helpline-tts-"))
        self._finished = threading.Event()
        self._completed = False
        self._engine = pyttsx3.init("espeak")
        self._engine.connect("finished-utterance", self._on_finished)
        self._voice_ids = self._list_voices()
        self._voice: EngineVoice | None = None
        # Until the first runAndWait, pyttsx3 queues settings and applies them just before it
        # checks whether eSpeak is busy; busy then, it cancels the next text. So the first text
        # goes out with no settings queued, and `_use` sets the voice afterwards.
        self._speak("Ready.", self._scratch / "warm-up.wav")

    def close(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)

    def _list_voices(self) -> dict[str, str]:
        """Voice names eSpeak accepts (identifier or language), mapped to the identifier."""
        ids: dict[str, str] = {}
        for voice in self._engine.getProperty("voices"):
            ids[voice.id] = voice.id
            for language in voice.languages:
                ids.setdefault(language, voice.id)
        return ids

    def _on_finished(self, name: object = None, completed: bool = True) -> None:
        self._completed = completed
        self._finished.set()

    def _settle(self, done: Callable[[], bool], what: str) -> None:
        """Wait for eSpeak's own thread to go idle with `done` true, or fail saying `what`."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while self._library.espeak_IsPlaying() or not done():
            if time.monotonic() > deadline:
                raise RuntimeError(what)
            time.sleep(0.001)

    def _use(self, voice: EngineVoice) -> None:
        """Apply a voice's settings and check eSpeak really took each one."""
        if voice == self._voice:
            return
        self._voice = None
        expected = self._voice_ids.get(voice.name)
        if expected is None:
            raise RuntimeError(f"eSpeak has no voice named {voice.name!r}")
        self._engine.setProperty("voice", voice.name)
        self._engine.setProperty("rate", voice.rate)
        self._library.espeak_SetParameter(WORD_GAP, voice.word_gap, 0)

        def applied() -> bool:
            # eSpeak applies parameters on its own thread, in order: poll until it has.
            actual = (
                self._engine.getProperty("voice"),
                self._library.espeak_GetParameter(RATE, 1),
                self._library.espeak_GetParameter(WORD_GAP, 1),
            )
            return actual == (expected, voice.rate, voice.word_gap)

        self._settle(applied, f"eSpeak did not take the settings {voice}")
        self._voice = voice

    def _speak(self, text: str, path: Path) -> None:
        """One save_to_file per runAndWait, then wait for eSpeak's own end of the utterance."""
        # pyttsx3 cancels the new text if eSpeak's thread is still busy when runAndWait starts.
        self._settle(lambda: True, "eSpeak did not become idle")
        self._finished.clear()
        self._engine.save_to_file(text, str(path))
        self._engine.runAndWait()  # returns before the file is written
        if not self._finished.wait(CHUNK_TIMEOUT):
            raise TimeoutError(f"eSpeak did not finish within {CHUNK_TIMEOUT:.0f} s")
        if not self._completed:
            raise RuntimeError("eSpeak stopped before the end of the text")
        self._settle(lambda: not self._engine.isBusy(), "eSpeak did not become idle after the text")
        if not path.is_file() or path.stat().st_size <= 44:
            raise RuntimeError("eSpeak wrote no audio")

    def render(self, job: _Job) -> tuple[float, int]:
        """Speak a job, convert it to 8 kHz µ-law and move it into place; (seconds, bytes)."""
        import numpy as np
        import soundfile  # type: ignore[import-untyped]
        import soxr  # type: ignore[import-untyped]

        self._use(job.voice)
        parts = []
        for piece in _pieces(job.text):
            raw = self._scratch / "piece.wav"
            self._speak(piece, raw)
            samples, rate = soundfile.read(raw, dtype="float64", always_2d=False)
            if rate != ENGINE_RATE or samples.ndim != 1:
                raise RuntimeError(f"eSpeak wrote {rate} Hz audio with shape {samples.shape}")
            parts.append(samples)
        if not parts:
            raise RuntimeError("there are no words to speak")
        telephone = soxr.resample(np.concatenate(parts) * GAIN, ENGINE_RATE, SAMPLE_RATE, "HQ")
        target = self._directory / job.name
        with replacing(target) as temporary:
            soundfile.write(temporary, telephone, SAMPLE_RATE, subtype="ULAW", format="WAV")
        return len(telephone) / SAMPLE_RATE, target.stat().st_size


def _serve(connection: Connection, make: Callable[[], _Render]) -> None:
    """A worker's loop: start the engine, say ready, then render one job per message."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):  # "Audio saved to …"
        try:
            render = make()
        except Exception as error:
            connection.send(("unavailable", f"the speech engine did not start: {error}"))
            return
        connection.send(("ready",))
        while True:
            try:
                job: _Job | None = connection.recv()
            except EOFError:
                return
            if job is None:
                return
            try:
                seconds, size = render(job)
            except Exception as error:
                connection.send(("failed", _Failed(job.name, str(error) or type(error).__name__)))
                return  # the engine may be in a bad state: a fresh process takes the rest
            else:
                connection.send(("done", _Done(job.name, seconds, size)))


def _worker_main(connection: Connection, directory: str) -> None:
    """Entry point of a render process (started with spawn, so it imports this module)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    engine: _Engine | None = None

    def make() -> _Render:
        nonlocal engine
        engine = _Engine(Path(directory))
        return engine.render

    try:
        _serve(connection, make)
    finally:
        if engine is not None:
            engine.close()


# Tests replace this to simulate crashing or hanging workers.
_worker_entry: Callable[[Connection, str], None] = _worker_main


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    started: float
    ready: bool = False
    leaving: bool = False  # it reported a failure and is exiting, as a worker does then
    job: _Job | None = None
    since: float = 0.0


def _job_timeout(job: _Job) -> float:
    return CHUNK_TIMEOUT * max(1, len(_pieces(job.text))) + JOB_GRACE


def _render_all(jobs: Sequence[_Job], directory: Path, workers: int) -> Iterator[_Done | _Failed]:
    """Render jobs in spawned processes; a crashed or stuck process fails only its own job.

    A job whose process crashed or stuck is tried again in a fresh process (JOB_TRIES in all)
    while replacement starts are left; a failure the engine reports is final.
    """
    context = multiprocessing.get_context("spawn")
    pending = deque(jobs)
    tries: dict[str, int] = {}
    running: list[_Worker] = []
    starts_left = min(workers, len(jobs)) + EXTRA_STARTS
    last_trouble = "the speech engine process stopped unexpectedly"

    def start() -> None:
        nonlocal starts_left
        starts_left -= 1
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_worker_entry, args=(theirs, str(directory)), name="helpline-tts", daemon=True
        )
        process.start()
        theirs.close()
        running.append(_Worker(process, ours, time.monotonic()))

    def stop(worker: _Worker, reason: str | None) -> Iterator[_Failed]:
        nonlocal last_trouble
        last_trouble = reason or last_trouble
        running.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.connection.close()
        if worker.job is None:
            return
        if tries[worker.job.name] < JOB_TRIES and starts_left > 0:
            log.warning("%s; trying %s again", last_trouble, worker.job.name)
            pending.appendleft(worker.job)
        else:
            yield _Failed(worker.job.name, last_trouble)

    try:
        while pending or any(w.job is not None for w in running):
            staying = sum(not w.leaving for w in running)
            while pending and starts_left > 0 and staying < min(workers, len(pending)):
                staying += 1
                start()
            if not running:
                while pending:
                    yield _Failed(pending.popleft().name, last_trouble)
                break
            for worker in running:
                if worker.ready and not worker.leaving and worker.job is None and pending:
                    job = pending.popleft()
                    try:
                        worker.connection.send(job)
                    except OSError:  # it has just died: the next pass sees that
                        pending.appendleft(job)
                    else:
                        worker.job, worker.since = job, time.monotonic()
                        tries[job.name] = tries.get(job.name, 0) + 1
            wait([w.connection for w in running] + [w.process.sentinel for w in running], 0.5)
            now = time.monotonic()
            for worker in list(running):
                message: tuple[Any, ...] | None = None
                try:
                    if worker.connection.poll():
                        message = worker.connection.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None and message[0] == "ready":
                    worker.ready = True
                elif message is not None and message[0] == "unavailable":
                    yield from stop(worker, message[1])
                elif message is not None:
                    worker.job, worker.since = None, now
                    worker.leaving = message[0] == "failed"
                    yield message[1]
                elif not worker.process.is_alive():
                    code = worker.process.exitcode
                    if code == 0 and worker.leaving:
                        starts_left += 1  # a planned exit does not use up the restarts
                        yield from stop(worker, None)
                    else:
                        yield from stop(
                            worker, f"the speech engine process stopped (exit code {code})"
                        )
                elif worker.leaving and now - worker.since > JOB_GRACE:
                    starts_left += 1
                    yield from stop(worker, None)
                elif worker.job is not None and now - worker.since > _job_timeout(worker.job):
                    yield from stop(worker, "the speech engine took too long and was stopped")
                elif not worker.ready and now - worker.started > START_TIMEOUT:
                    yield from stop(worker, "the speech engine did not start in time")
    finally:
        for worker in running:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        for worker in running:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm  # type: ignore[import-untyped]

    return tqdm(
        total=total, disable=not enabled, file=sys.stderr, unit="file", desc="Rendering audio"
    )


@contextlib.contextmanager
def _build_lock(directory: Path, timeout: float) -> Iterator[None]:
    """Keep other builds out of the folder, so none prunes or half-writes what this one lists."""
    fd = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            if not waiting:
                waiting = True
                log.warning("another build is writing %s; waiting for it to finish", directory)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FolderBusy(directory, timeout)
            time.sleep(min(LOCK_POLL, remaining))
        yield
    finally:
        os.close(fd)  # releases the lock; the kernel does the same if this process dies


def build(
    utterances: Sequence[Utterance],
    directory: Path,
    *,
    workers: int = 2,
    progress: bool = True,
    prune: bool = True,
    lock_timeout: float | None = None,
) -> BuildSummary:
    """Render new or changed prompts into `directory`, reuse the rest, delete what is stale.

    With prune=False, files no prompt uses any more stay on disk and listed, so workers still
    on an earlier release never point Twilio at a missing file and still find them. A build
    waits up to `lock_timeout` seconds for another build into the same folder to finish, then
    raises FolderBusy.
    """
    problem = engine_problem()
    if problem is not None:
        raise EngineUnavailable(problem)
    if workers < 1:
        raise ValueError("workers must be at least 1")
    began = time.monotonic()
    directory.mkdir(parents=True, exist_ok=True)
    with _build_lock(directory, LOCK_TIMEOUT if lock_timeout is None else lock_timeout):
        return _build_locked(utterances, directory, workers, progress, prune, began)


def _build_locked(
    utterances: Sequence[Utterance],
    directory: Path,
    workers: int,
    progress: bool,
    prune: bool,
    began: float,
) -> BuildSummary:
    """The work of `build`, done only while this process holds the folder's lock."""
    for leftover in directory.iterdir():
        if TEMPORARY.fullmatch(leftover.name):
            leftover.unlink(missing_ok=True)
    version = engine_version()
    try:
        old = _read_manifest(directory)
    except FileNotFoundError:
        old = {}
    except ValueError as error:
        log.warning("%s: rendering everything again", error)
        old = {}

    failed: list[tuple[str, str]] = []
    wanted: dict[str, Utterance] = {}
    for utterance in utterances:
        if utterance.text.strip():
            wanted.setdefault(audio_name(utterance, version), utterance)
        else:
            failed.append(("", "the text is empty"))
    entries: dict[str, _Entry] = {}
    jobs: list[_Job] = []
    for name, utterance in wanted.items():
        known = old.get(name)
        if (
            known is not None
            and known.text_sha256 == text_digest(utterance.text)
            and known.pace == utterance.pace
            and _has_file(directory / name, known.bytes)
            and (not known.file_sha256 or file_digest(directory / name) == known.file_sha256)
        ):
            # Manifests from before hashes were kept get them now.
            digest = known.file_sha256 or file_digest(directory / name)
            entries[name] = dataclasses.replace(known, file_sha256=digest)
        else:
            jobs.append(_Job(name, utterance.text, VOICES[utterance.pace]))
    reused = len(entries)

    rendered = 0
    try:
        with _progress(len(jobs), progress and bool(jobs)) as bar:
            for outcome in _render_all(jobs, directory, workers):
                utterance = wanted[outcome.name]
                if isinstance(outcome, _Done):
                    voice = VOICES[utterance.pace]
                    entries[outcome.name] = _Entry(
                        text_digest(utterance.text),
                        utterance.pace,
                        voice.name,
                        voice.rate,
                        voice.word_gap,
                        round(outcome.seconds, 3),
                        outcome.bytes,
                        file_digest(directory / outcome.name),
                    )
                    rendered += 1
                else:
                    failed.append((_text_start(utterance.text), outcome.reason))
                bar.update(1)
    except BaseException:
        # Interrupted: keep what exists, so the next build reuses it; delete nothing.
        _write_manifest(directory, version, {**old, **entries})
        raise

    # Without pruning, earlier builds' entries stay listed while their files do, so a worker
    # still on an earlier release (or a tester's staged one) finds its recordings.
    kept = (
        {}
        if prune
        else {
            name: entry
            for name, entry in old.items()
            if name not in entries and _has_file(directory / name, entry.bytes)
        }
    )
    _write_manifest(directory, version, {**kept, **entries})
    removed = 0
    for name in (old.keys() - entries.keys()) if prune else ():
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()
            removed += 1
    return BuildSummary(
        rendered=rendered,
        reused=reused,
        failed=tuple(failed),
        removed=removed,
        seconds_of_speech=sum(e.seconds for e in entries.values()),
        bytes=sum(e.bytes for e in entries.values()),
        elapsed=time.monotonic() - began,
    )
