"""The operations on releases: publish, stage, roll back, diff, export, testers and the audit.

A small API that the `helpline` command calls, and that a browser console can call the same
way: every operation takes who did it and why, and returns data or raises `ReleaseError` with
every problem found. Nothing becomes live without passing the gate: every rule of `helpline
check`, the operators' must-pass cases, and the evaluation (each measure meets its goal or is
no worse than on the live release).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from helpline.audio.recordings import AudioLibrary, EngineUnavailable, FolderBusy, manifest_files
from helpline.audio.recordings import build as build_audio
from helpline.channels.sms_render import render_sms
from helpline.channels.voice_script import read_for_voice
from helpline.content.gate import Inspection, inspect, rules_version
from helpline.content.loading import PACKAGED_CONTENT, load_catalog
from helpline.content.model import Catalog
from helpline.content.problems import errors
from helpline.operators.evaluation import ALARMS, GOALS, SETS, evaluate, figure
from helpline.releases.diff import differences
from helpline.releases.records import LIVE, STAGED, Busy, ReleaseRecord, ReleaseRecords
from helpline.releases.snapshot import Snapshot
from helpline.store.files import replacing
from helpline.store.privacy import pseudonym
from helpline.understanding.matching import Matcher

__all__ = ["RELEASE_CACHE", "Busy", "Published", "ReleaseError", "Releases"]
RELEASE_CACHE = "releases"
"""The folder in the instance folder that releases are unpacked into."""


class ReleaseError(RuntimeError):
    """An operation refused, with every reason; nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Published:
    """What an operation made or moved: the release, its content hash, and what to know."""

    release_id: int
    content_hash: str
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Candidate:
    snapshot: Snapshot
    folder: Path
    catalog: Catalog
    report: dict[str, Any] = field(default_factory=dict)


class Releases:
    """Every release operation on one database."""

    def __init__(
        self,
        records: ReleaseRecords,
        *,
        cache: Path,
        secret: bytes,
        audio_dir: Path | None = None,
        evaluation: Path | None = None,
    ) -> None:
        self.records = records
        self.cache = cache
        """Where releases are unpacked into folders, one per snapshot, written once."""
        self.secret = secret
        self.audio_dir = audio_dir
        """Where recordings are built on publish; None builds none (callers hear <Say>)."""
        self.evaluation = evaluation
        """The evaluation sets a release is measured on; None or missing skips that part."""

    def publish(self, folder: Path | None, *, note: str, by: str) -> Published:
        """Check a content folder through the whole gate, build its recordings, store it and
        make it live; the packaged content when no folder is given."""
        return self._admit(folder, LIVE, action="publish", note=note, by=by)

    def stage(self, folder: Path | None, *, note: str, by: str) -> Published:
        """Check a content folder through the whole gate, build its recordings and store it as
        the staged release, which testers get instead of the live one."""
        return self._admit(folder, STAGED, action="stage", note=note, by=by)

    def _admit(
        self, folder: Path | None, pointer: str, *, action: str, note: str, by: str
    ) -> Published:
        with self.records.changing():
            candidate = self._checked(folder or PACKAGED_CONTENT, measure=True)
            warnings = self._record_audio(candidate)
            release_id = self._store(candidate, by=by, note=note)
            self.records.point(pointer, release_id, actor=by, action=action, note=note)
            return Published(release_id, candidate.catalog.version, warnings)

    def rollback(self, release_id: int | None, *, note: str, by: str) -> Published:
        """Make an earlier release live again: the given one, or the one live before now.
        It passes today's check again first."""
        with self.records.changing():
            target = release_id if release_id is not None else self._previous_live()
            record = self._record(target)
            self._checked_release(record.id)
            self.records.point(LIVE, record.id, actor=by, action="rollback", note=note)
            return Published(record.id, record.content_hash)

    def ensure_live(self, folder: Path | None, *, by: str = "service") -> int:
        """The live release, for a service starting: on an empty database the packaged content
        becomes release 1, and a configured folder whose content no release holds yet is
        imported and made live. Content seen before never moves the live pointer, so a worker
        restarted after a publish stays on what was published."""
        live = self.records.pointers().get(LIVE)
        if live is not None and folder is None:
            return live
        source = folder or PACKAGED_CONTENT
        candidate = self._candidate(Snapshot.of_folder(source))
        if live is not None and self.records.with_hash(candidate.catalog.version) is not None:
            return live  # seen before: no lock, so a worker never waits on a publish for this
        with self.records.changing(wait=True):
            live = self.records.pointers().get(LIVE)
            known = self.records.with_hash(candidate.catalog.version)
            if live is not None and (folder is None or known is not None):
                return live
            problems = _errors(self.inspected(candidate.folder))
            if problems:
                raise ReleaseError(problems)
            candidate.report["gate"] = rules_version()
            note = f"imported from {source} at start"
            release_id = known or self._store(candidate, by=by, note=note)
            self.records.point(LIVE, release_id, actor=by, action="import", note=note)
            return release_id

    def resolve(self, which: str) -> int:
        """A release named as `live`, `staged` or its id."""
        if which in (LIVE, STAGED):
            found = self.records.pointers().get(which)
            if found is None:
                raise ReleaseError([f"no release is {which}"])
            return found
        try:
            return self._record(int(which)).id
        except ValueError:
            raise ReleaseError(
                [f"'{which}' is not a release: give an id, live or staged"]
            ) from None

    def servable(self, release_id: int) -> tuple[Catalog | None, list[str]]:
        """A release's catalog if it may be served, else None and why. Its verdict is worked
        out again unless it passed the gate of this very code (`rules_version`) when it was
        published or staged: then loading it is enough, and a worker swaps it in sooner."""
        folder = self.folder(release_id)
        record = self._record(release_id)
        if record.report.get("gate") == rules_version():
            loaded = load_catalog(folder)
            if loaded.catalog is not None and not errors(loaded.problems):
                return loaded.catalog, []
        inspection = self.inspected(folder)
        return inspection.passed, _errors(inspection)

    def folder(self, release_id: int) -> Path:
        """A release's files as a folder, unpacked once into the cache; not yet judged."""
        return self.records.snapshot(release_id).unpacked(self.cache)

    def export(self, which: str, target: Path) -> int:
        """Write a release back to files in an empty or new folder; returns its id."""
        release_id = self.resolve(which)
        try:
            self.records.snapshot(release_id).write(target)
        except (FileExistsError, ValueError) as exc:
            raise ReleaseError([str(exc)]) from exc
        return release_id

    def diff(self, a: str, b: str) -> list[str]:
        """What changed from release `a` to release `b` (ids, live or staged)."""
        old, new = self.resolve(a), self.resolve(b)
        before, after = self.records.snapshot(old), self.records.snapshot(new)
        return differences(
            self._candidate(before).catalog, self._candidate(after).catalog, before, after
        )

    def add_tester(self, number: str, *, by: str) -> bool:
        """Let a phone number get the staged release; False when it could already."""
        added = self.records.add_tester(self._pseudonym(number), by)
        if added:
            self.records.log(by, "tester-add", "a tester number was added")
        return added

    def remove_tester(self, number: str, *, by: str) -> bool:
        """Stop a phone number getting the staged release; False when it did not."""
        removed = self.records.remove_tester(self._pseudonym(number))
        if removed:
            self.records.log(by, "tester-remove", "a tester number was removed")
        return removed

    def is_tester(self, number: str) -> bool:
        """Whether a phone number gets the staged release."""
        return self._pseudonym(number) in self.records.testers()

    def listing(self) -> list[tuple[ReleaseRecord, str]]:
        """Every release, newest first, with its state: live, staged or past."""
        pointers = self.records.pointers()
        states = {release_id: name for name, release_id in pointers.items()}
        if pointers.get(LIVE) is not None and pointers.get(LIVE) == pointers.get(STAGED):
            states[pointers[LIVE]] = f"{LIVE}, {STAGED}"
        return [(record, states.get(record.id, "past")) for record in self.records.all()]

    def _checked(self, folder: Path, *, measure: bool) -> _Candidate:
        """A folder through the whole gate; ReleaseError with every problem otherwise."""
        if not folder.is_dir():
            raise ReleaseError([f"no content folder at {folder}"])
        candidate = self._candidate(Snapshot.of_folder(folder))
        inspection = self.inspected(candidate.folder)
        problems = _errors(inspection)
        if not problems and measure:
            problems = self._measured(candidate)
        if problems:
            raise ReleaseError(problems)
        candidate.report["warnings"] = [str(p) for p in inspection.problems]
        candidate.report["gate"] = rules_version()
        return candidate

    def _checked_release(self, release_id: int) -> None:
        problems = _errors(self.inspected(self.folder(release_id)))
        if problems:
            raise ReleaseError([f"release {release_id} fails today's check:", *problems])

    def _measured(self, candidate: _Candidate) -> list[str]:
        """The evaluation: each measure must meet its goal or be no worse than live."""
        sets = self.evaluation
        if sets is None or not sets.is_dir():
            candidate.report["figures"] = {}
            return []
        figures = _figures(candidate.catalog, sets)
        candidate.report["figures"] = figures
        live = self.records.pointers().get(LIVE)
        baseline: dict[str, dict[str, float]] = {}
        if live is not None:
            record = self._record(live)
            stored = record.report.get("figures")
            baseline = stored if stored else _figures(self._live_catalog(live), sets)
        problems = []
        for name, measures in figures.items():
            for key, rate in measures.items():
                goal = GOALS[key]
                before = baseline.get(name, {}).get(key)
                if _meets(key, rate, goal) or (
                    before is not None and not _worse(key, rate, before)
                ):
                    continue
                compared = (
                    f"is worse than on the live release ({before:.1%})"
                    if before is not None
                    else "there is no live release to compare it with"
                )
                problems.append(
                    f"EVAL001 {name} {key} {rate:.1%} misses its goal of {goal:.0%}, and "
                    f"{compared}; run `helpline eval --misses`"
                )
        return problems

    def _live_catalog(self, release_id: int) -> Catalog:
        catalog = self.inspected(self.folder(release_id)).catalog
        if catalog is None:
            raise ReleaseError([f"the live release {release_id} cannot be loaded"])
        return catalog

    def _record_audio(self, candidate: _Candidate) -> tuple[str, ...]:
        """Build the release's recordings and keep them, and their list, in the database, so
        every instance can play them; a missing speech engine costs only a warning."""
        audio_dir = self.audio_dir
        if audio_dir is None:
            candidate.report["recordings"] = {"built": "no"}
            return ()
        book = read_for_voice(candidate.catalog)
        try:
            summary = build_audio(book.utterances(), audio_dir, progress=False, prune=False)
        except (EngineUnavailable, FolderBusy) as exc:
            candidate.report["recordings"] = {"built": f"no: {exc}"}
            return (f"recordings not built ({exc}): callers hear these words through <Say>",)
        files = manifest_files(audio_dir, book.utterances())
        digests = {name: str(entry["file_sha256"]) for name, entry in files.items()}
        self.records.keep_recordings(digests, lambda name: (audio_dir / name).read_bytes())
        candidate.report["recordings"] = {"built": " ".join(summary.lines()), "files": files}
        return tuple(f"recording failed: {text!r}: {why}" for text, why in summary.failed)

    def recordings(self, release_id: int, directory: Path) -> AudioLibrary | None:
        """The release's recordings, fetched from the database into `directory` where that
        lacks them; None for a release published without recordings."""
        record = self._record(release_id)
        listed = record.report.get("recordings", {})
        files = listed.get("files") if isinstance(listed, dict) else None
        if not isinstance(files, dict):
            return None
        for name, entry in files.items():
            path = directory / name
            if path.is_file() and path.stat().st_size == entry.get("bytes"):
                continue
            sound = self.records.recording(name)
            if sound is None:
                continue  # the library leaves it out: that prompt is said with <Say>
            directory.mkdir(parents=True, exist_ok=True)
            with replacing(path) as temporary:
                temporary.write_bytes(sound)
        return AudioLibrary.listed(directory, files)

    def _store(self, candidate: _Candidate, *, by: str, note: str) -> int:
        return self.records.add(
            candidate.snapshot,
            candidate.catalog.version,
            by=by,
            note=note,
            report=candidate.report,
        )

    def _candidate(self, snapshot: Snapshot) -> _Candidate:
        folder = snapshot.unpacked(self.cache)
        inspection = self.inspected(folder)
        if inspection.catalog is None:
            raise ReleaseError(_errors(inspection) or ["the content cannot be loaded"])
        return _Candidate(snapshot, folder, inspection.catalog)

    def _previous_live(self) -> int:
        history = self.records.live_history()
        live = self.records.pointers().get(LIVE)
        for release_id in reversed(history):
            if release_id != live:
                return release_id
        raise ReleaseError(["no earlier release has been live: give a release id"])

    def _record(self, release_id: int) -> ReleaseRecord:
        record = self.records.get(release_id)
        if record is None:
            raise ReleaseError([f"there is no release {release_id}"])
        return record

    def inspected(self, folder: Path) -> Inspection:
        """The gate's verdict on a folder; an unpacked release never changes, so each is
        inspected once a day in each process."""
        if folder.parent != self.cache:
            return inspect(folder)
        key = (folder.name, date.today())
        found = _INSPECTED.get(key)
        if found is None:
            found = _INSPECTED[key] = inspect(folder)
        return found

    def _pseudonym(self, number: str) -> str:
        cleaned = "".join(c for c in number if c.isdigit() or c == "+")
        if not cleaned.startswith("+") or len(cleaned) < 8:
            raise ReleaseError([f"'{number}' is not a phone number in +44… form"])
        return pseudonym(self.secret, cleaned)


_INSPECTED: dict[tuple[str, date], Inspection] = {}


def _errors(inspection: Inspection) -> list[str]:
    return [str(p) for p in inspection.errors]


def _figures(catalog: Catalog, sets: Path) -> dict[str, dict[str, float]]:
    matcher, book = Matcher(catalog), render_sms(catalog)
    figures = {}
    for name in SETS:
        if (sets / name).is_dir():
            report = evaluate(matcher, book, sets / name, name)
            figures[name] = {
                key: figure(score.passed, score.total, alarms=key == ALARMS)[0]
                for key, score, _, _ in report.measures()
            }
    return figures


def _meets(key: str, rate: float, goal: float) -> bool:
    return rate <= goal if key == ALARMS else rate >= goal


def _worse(key: str, rate: float, before: float) -> bool:
    return rate > before if key == ALARMS else rate < before
