"""Reading level of helpline content: a self-contained Flesch-Kincaid grade level.

The content must be readable at a reading age of 9 to 11. These functions score a text
so that tests and content checks can hold every message to that aim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Aim: a reading age of 9-11. A US grade plus five is roughly the reading age, so the
# ceiling is grade 6, a reading age of about 11.
READING_GRADE_TARGET: float = 6.0

_VOWELS = "aeiouy"
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# A full stop between two digits ("2.5 mg") is a decimal point, not a sentence end.
_SENTENCE_END = re.compile(r"[!?\n]|\.(?!\d)|(?<!\d)\.")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    """Counts behind a Flesch-Kincaid score, and the US grade level itself."""

    words: int
    sentences: int
    syllables: int
    grade: float


def count_syllables(word: str) -> int:
    """Estimate the syllables in an English word, the core of the grade formula.

    A heuristic, usually exact and within one for common words; 0 if there are no letters.
    """
    if not any(char.isalpha() for char in word):
        return 0
    letters = "".join(
        char for char in unicodedata.normalize("NFKD", word.lower()) if "a" <= char <= "z"
    )
    # A leading "y" is a consonant ("yes", "you").
    counted = letters[1:] if letters.startswith("y") else letters
    count = len(_VOWEL_GROUP.findall(counted))
    if count > 1 and _has_silent_ending(letters):
        count -= 1
    return max(count, 1)


def readability(text: str) -> Readability:
    """Score text with the Flesch-Kincaid grade level formula."""
    words = _words(text)
    if not words:
        return Readability(words=0, sentences=0, syllables=0, grade=0.0)
    sentences = sum(1 for part in _SENTENCE_END.split(text) if _words(part))
    syllables = sum(count_syllables(word) for word in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (syllables / len(words)) - 15.59
    return Readability(words=len(words), sentences=sentences, syllables=syllables, grade=grade)


def reading_age(grade: float) -> float:
    """Turn a US grade level into the reading age in years that the content aim uses."""
    return grade + 5


def _words(text: str) -> list[str]:
    # The pattern also matches numeric characters such as "\u00b2"; a word needs a letter.
    return [word for word in _WORD.findall(text) if any(char.isalpha() for char in word)]


def _has_silent_ending(letters: str) -> bool:
    """Spot a final "e", "es" or "ed" that adds a vowel group but no syllable."""
    if len(letters) < 3:
        return False
    last, before = letters[-1], letters[-2]
    if last == "e":
        # "made" and "whole" end silently; "table" (consonant + "le") and "agree" do not.
        if before in _VOWELS:
            return False
        return not (before == "l" and letters[-3] not in _VOWELS)
    if len(letters) < 4 or before != "e" or letters[-3] in _VOWELS:
        return False
    stem_end = letters[-3]
    if last == "s":
        # "notes" ends silently; "places", "boxes", "wishes" and "tables" do not.
        if stem_end in "sxzcgh":
            return False
        return not (stem_end == "l" and letters[-4] not in _VOWELS)
    if last == "d":
        # "walked" ends silently; "needed" and "treated" do not.
        return stem_end not in "td"
    return False
