"""Fingerprints of the source documents, so `check` can tell copied wording without their text.

The content must say things in its own words. A fingerprint file holds, for one source
document, hashes of every run of eight words (RUN) and of its rare words (WORD), never the
text itself. Numbers, and names (words written with a capital inside a sentence), are left
out of both runs and content before comparing: "Aredia (pamidronate) is given over 90
minutes" may share its names and numbers with the source, not its sentence. A rare word is
one that English seldom uses (drug names, "vertebroplasty"); a page using one from a document
its topic does not name is missing a source.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wordfreq import zipf_frequency

from helpline.store.files import replace_file

RUN = 8
"""Words in a run that may not be shared with a source document."""
RARE = 2.5
"""Words rarer than this (Zipf frequency) are a document's own."""
FOLDER = "fingerprints"
"""Where fingerprint files live in a content folder."""
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)?")
_SENTENCE_START = re.compile(r"(^|[.!?:\n•]\s*)$")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What can be known of a source document's wording without its text."""

    runs: frozenset[str]
    rare: frozenset[str]


def digest(text: str) -> str:
    """A short, stable hash of some words."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def comparable(text: str) -> list[str]:
    """The words that count for copying: lowercase, no numbers, no names inside a sentence."""
    kept: list[str] = []
    for found in _WORD.finditer(text):
        word = found.group(0)
        if word[0].isdigit():
            continue
        mid_sentence = not _SENTENCE_START.search(text[: found.start()])
        if word[0].isupper() and mid_sentence:
            continue
        kept.append(word.lower().replace("\u2019", "'"))
    return kept


def runs(words: list[str]) -> Iterator[tuple[int, str]]:
    """Each run of RUN words, with where it starts."""
    for i in range(len(words) - RUN + 1):
        yield i, " ".join(words[i : i + RUN])


def rare_words(words: Iterable[str]) -> set[str]:
    """The words of a text that English seldom uses."""
    return {w for w in words if len(w) > 4 and zipf_frequency(w, "en") < RARE}


def take(text: str) -> Fingerprint:
    """Fingerprint a source document's text."""
    words = comparable(text)
    return Fingerprint(
        frozenset(digest(run) for _, run in runs(words)),
        frozenset(digest(w) for w in rare_words(words)),
    )


def write(fingerprint: Fingerprint, path: Path, source: str) -> None:
    """Save a fingerprint as text: a header, then one hash a line."""
    lines = [
        f"# Fingerprint of {source}: hashed {RUN}-word runs (run) and rare words (word).",
        "# Written by `helpline fingerprint`; the document's text is not kept.",
        *(f"run {h}" for h in sorted(fingerprint.runs)),
        *(f"word {h}" for h in sorted(fingerprint.rare)),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, "\n".join(lines) + "\n")


def read(path: Path) -> Fingerprint:
    """Load a fingerprint file."""
    found: dict[str, set[str]] = {"run": set(), "word": set()}
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, _, value = line.partition(" ")
        if kind in found and value:
            found[kind].add(value)
    return Fingerprint(frozenset(found["run"]), frozenset(found["word"]))


def path_for(content: Path, source_file: str) -> Path:
    """Where a source document's fingerprint lives in a content folder."""
    return content / FOLDER / f"{Path(source_file).stem}.txt"
