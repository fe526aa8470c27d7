"""Forgiving misspellings of the words the matcher knows, without 'correcting' real words.

A word is only ever changed when it is not an English word (the most frequent words of
wordfreq's English list) and is one or two slips from exactly one word that a red flag,
keyword or question uses. So "temprature" and "brething" are read, while "thirty" is never
taken for "thirsty" nor "paint" for "pain".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list

from helpline.words import stem

ENGLISH_WORDS = 60_000
"""How many of the most frequent English words count as real words, never corrected."""
SHORTEST = 4
"""Shorter words are too close to too many others to guess at."""


@lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """Frequent English words, as written and with their plural dropped."""
    listed = top_n_list("en", ENGLISH_WORDS)
    return frozenset(listed) | frozenset(stem(w.replace("'", "")) for w in listed)


def allowance(word: str) -> int:
    """How many slips a word of this length may carry and still be recognised."""
    if len(word) < SHORTEST:
        return 0
    return 1 if len(word) < 8 else 2


class Speller:
    """Corrects unknown words to the one target word they were surely meant to be."""

    def __init__(self, targets: Iterable[str], never: Iterable[str] = ()) -> None:
        banned = set(never)
        self.targets = tuple(sorted({t for t in targets if t.isalpha() and t not in banned}))
        self.target_set = frozenset(self.targets)
        self.known = english() | self.target_set
        self.correct = lru_cache(maxsize=16384)(self._correct)

    def _correct(self, word: str) -> str:
        """The word itself, or the target it is one or two slips away from."""
        if word.endswith("in") and word + "g" in self.target_set:
            return word + "g"  # "killin", "mornin", "bleedin"
        if word in self.known or not word.isalpha():
            return word
        limit = allowance(word)
        if not limit:
            return word
        found = process.extract(
            word, self.targets, scorer=OSA.distance, score_cutoff=limit, limit=8
        )
        if not found:
            return word
        best = min(score for _, score, _ in found)
        closest = [target for target, score, _ in found if score == best]
        if len(closest) > 1:
            # Same distance several ways: a letter left out is the likeliest slip, and a
            # word that starts the same is likelier than one that does not.
            closest = [t for t in closest if t[0] == word[0]] or closest
            longer = [t for t in closest if len(t) > len(word)]
            closest = longer if len(longer) == 1 else closest
            if len(closest) != 1:
                return word
        target = closest[0]
        # A slip in a very short word changes too much of it.
        if best > 1 and len(target) < 8:
            return word
        return target
