"""A release's files: every file of a content folder, read into memory and written back."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

SUFFIXES = (".yaml", ".txt")
"""The files a content folder holds: YAML, and the source documents' fingerprints."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every content file by its path in the folder ("topics/bone.yaml"), as text."""

    files: Mapping[str, str]

    @classmethod
    def of_folder(cls, folder: Path) -> Snapshot:
        """Read every content file under a folder; hidden files and folders are not content."""
        files = {
            path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*"))
            if path.is_file()
            and path.suffix in SUFFIXES
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        }
        return cls(MappingProxyType(files))

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        """A snapshot as the database keeps it."""
        return cls(MappingProxyType(dict(json.loads(text))))

    @property
    def key(self) -> str:
        """A name for exactly these files: their folder in the cache is called this."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]

    def to_json(self) -> str:
        """The form the database keeps: one JSON object of path to text, in path order."""
        return json.dumps(dict(sorted(self.files.items())), ensure_ascii=False)

    def write(self, folder: Path) -> None:
        """Write every file under a folder that must not exist yet, or be empty."""
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise FileExistsError(f"{folder} is not empty")
        for relative, text in self.files.items():
            target = folder / relative
            if Path(relative).is_absolute() or ".." in Path(relative).parts:
                raise ValueError(f"a release file may not leave its folder: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def unpacked(self, cache: Path) -> Path:
        """The files as a folder under `cache`, named by `key` and written once: processes that
        unpack the same release at the same moment end with one complete folder."""
        key = self.key
        folder = cache / key
        if folder.is_dir():
            return folder
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache))
        try:
            shutil.rmtree(staging)
            self.write(staging)
            try:
                os.rename(staging, folder)
            except OSError:
                if not folder.is_dir():
                    raise  # not another process's copy of the same files: a real failure
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return folder
