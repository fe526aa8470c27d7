"""Forgiving misspellings of the words the matcher knows, without 'correcting' real words.

A word is only ever changed when it is not an English word (the most frequent words of
wordfreq's English list) and is one or two slips from exactly one word that a red flag,
keyword or question uses. So "temprature" and "brething" are read, while "thirty" is never
taken for "thirsty" nor "paint" for "pain".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list

from helpline.text.words import stem

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

    def __init__(
        self, targets: Iterable[str], never: Iterable[str] = (), real: Iterable[str] = ()
    ) -> None:
        banned = set(never)
        self.targets = tuple(sorted({t for t in targets if t.isalpha() and t not in banned}))
        self.target_set = frozenset(self.targets)
        # Real words too rare for the list ("niggling" is not "tingling"), from the lexicon.
        self.known = english() | self.target_set | {stem(w) for w in real} | set(real)
        self.sounds: dict[str, list[str]] = {}
        for target in self.targets:
            if len(target) >= SHORTEST:
                self.sounds.setdefault(sound(target), []).append(target)
        self.correct = lru_cache(maxsize=16384)(self._correct)

    def _correct(self, word: str) -> str:
        """The word itself, or the target it is one or two slips away from."""
        if word.endswith("in") and word + "g" in self.target_set:
            return word + "g"  # "killin", "mornin", "bleedin"
        if word.endswith("i") and word[:-1] + "y" in self.target_set and word not in self.known:
            return word[:-1] + "y"  # "thirsti", "dizzi", "wobbli"
        if word in self.known or not word.isalpha():
            return word
        if word.endswith("ss") and word[:-2] in self.target_set:
            return word[:-2]  # "bonefoss": a name ending in "s" is filed without it ("bonefo")
        limit = allowance(word)
        if not limit:
            return word
        found = process.extract(
            word, self.targets, scorer=OSA.distance, score_cutoff=limit, limit=8
        )
        if not found:
            return self._by_sound(word)
        best = min(score for _, score, _ in found)
        closest = [target for target, score, _ in found if score == best]
        if len(closest) > 1:
            # Same distance several ways: a letter left out is the likeliest slip, and a
            # word that starts the same is likelier than one that does not.
            closest = [t for t in closest if t[0] == word[0]] or closest
            # Two letters swapped is the commonest slip of the thumb: "wlak" is "walk".
            swapped = [t for t in closest if sorted(t) == sorted(word)]
            closest = swapped if len(swapped) == 1 else closest
            longer = [t for t in closest if len(t) > len(word)]
            closest = longer if len(longer) == 1 else closest
            if len(closest) != 1:
                said = self._by_sound(word)
                # Else the one of them that sounds the same ("carf" is "calf", not "card").
                heard = [t for t in closest if sound(t) == sound(word)]
                if said != word or len(heard) == 1:
                    return heard[0] if said == word else said
                # Else a thumb that hit the key beside the right one: "canr" is "cant".
                beside = [t for t in closest if _key_beside(word, t)]
                return beside[0] if len(beside) == 1 else word
        target = closest[0]
        # A slip in a very short word changes too much of it.
        if best > 1 and len(target) < 8:
            return word
        return target

    def _by_sound(self, word: str) -> str:
        """A word spelt as it sounds ("cofin", "blud", "brethless"), when only one known
        word sounds that way, or one is clearly nearest in its vowels."""
        key = sound(word)
        candidates = [t for t in self.sounds.get(key, ()) if t[0] == word[0]]
        if len(key) < 3 or not candidates:
            return word
        heard = vowels_as_said(word)
        ranked = sorted(candidates, key=lambda t: OSA.distance(heard, vowels_as_said(t)))
        if len(ranked) > 1 and OSA.distance(heard, vowels_as_said(ranked[0])) == OSA.distance(
            heard, vowels_as_said(ranked[1])
        ):
            return word
        return ranked[0]


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_BESIDE = frozenset(
    frozenset((row[i], row[i + 1])) for row in _KEY_ROWS for i in range(len(row) - 1)
) | frozenset(
    frozenset((upper[i], lower[j]))
    for upper, lower in itertools.pairwise(_KEY_ROWS)
    for i in range(len(upper))
    for j in (i - 1, i)
    if 0 <= j < len(lower)
)
"""Pairs of letters whose keys touch on a QWERTY keyboard, in its row and the row below."""


def _key_beside(word: str, target: str) -> bool:
    """Whether `word` is `target` with one letter typed as a neighbouring key."""
    if len(word) != len(target):
        return False
    slips = [(a, b) for a, b in zip(word, target, strict=True) if a != b]
    return len(slips) == 1 and frozenset(slips[0]) in _BESIDE


_SOUNDS = (
    # As much of Britain says them: no "r" after a vowel unless a vowel follows ("carf" is
    # "calf"), and no "l" in "alf", "alk" or "alm" ("cawf", "tawk").
    (re.compile(r"(?<=[aeiou])r(?![aeiouy])"), ""),
    (re.compile(r"(?<=a)l(?=[fkm])"), ""),
    (re.compile(r"(ing|in)$"), "n"),
    (re.compile(r"tch"), "ch"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(?<=[ao]u)gh"), "f"),
    (re.compile(r"gh"), ""),
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"[cq]"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"z"), "s"),
    (re.compile(r"wh"), "w"),
    (re.compile(r"^kn"), "n"),
    (re.compile(r"th"), "t"),
    (re.compile(r"sh|ch"), "s"),
    (re.compile(r"(?<=.)[aeiouyw]"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
)
_VOWELS_AS_SAID = (("oo", "u"), ("ou", "u"), ("ee", "i"), ("ea", "e"), ("ie", "i"), ("ph", "f"))


def sound(word: str) -> str:
    """A rough key for how a word sounds: its consonants, written the plain way."""
    for pattern, said in _SOUNDS:
        word = pattern.sub(said, word)
    return word


def vowels_as_said(word: str) -> str:
    """Vowel spellings that sound alike written alike, to pick between words that sound alike."""
    for written, said in _VOWELS_AS_SAID:
        word = word.replace(written, said)
    return word
