"""Which pages share a question's telling words, across every topic: the matcher's second
opinion on the page.

The matcher (meaning.py) picks a topic from the names people use and a page from the kinds of
question asked. Facts often sit on a page of another topic than the one named: "which
supplements come with the bone drugs?" names the bone drugs, but the answer is on the page of
their side effects that speaks of vitamin D. Retrieval scores every page by the words it shares
with the message, rare words counting most (Okapi BM25, the usual ranking of search engines),
so the matcher can see when another page answers far better than the one it chose.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

K1 = 1.2
"""How quickly a word said again on a page stops adding to its score."""
B = 0.75
"""How much a long page is marked down for holding more words by chance."""


@dataclass(frozen=True, slots=True)
class Found:
    """A page, how well it shares the message's telling words, and how many it shares."""

    score: float
    topic: str
    page: int
    shared: int


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every page sharing a word with one message, with its score and the words it shares."""

    scores: Mapping[tuple[str, int], float]
    shared: Mapping[tuple[str, int], int]

    def score(self, topic: str, page: int) -> float:
        """A page's score; 0 for a page sharing no word."""
        return self.scores.get((topic, page), 0.0)

    def best(self, *, skip: frozenset[tuple[str, int]], within: str | None = None) -> Found:
        """The page that shares most, of one topic when `within` names it, leaving out those
        in `skip` (the earliest filed on a tie); a zero score when none shares anything."""
        top = Found(0.0, "", 0, 0)
        for (topic, page), score in self.scores.items():
            if within is not None and topic != within:
                continue
            if (topic, page) not in skip and score > top.score:
                top = Found(score, topic, page, self.shared[(topic, page)])
        return top


class Retrieval:
    """Every page's words, filed by word, compiled once per catalog."""

    def __init__(self, pages: Mapping[tuple[str, int], Iterable[str]]) -> None:
        counted = {where: Counter(words) for where, words in pages.items()}
        total = len(counted)
        average = sum(sum(c.values()) for c in counted.values()) / total if total else 1.0
        postings: dict[str, list[tuple[tuple[str, int], float]]] = {}
        for where, counts in counted.items():
            length = sum(counts.values())
            norm = K1 * (1 - B + B * length / average)
            for word, n in counts.items():
                postings.setdefault(word, []).append((where, n * (K1 + 1) / (n + norm)))
        self.postings = {
            word: (math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5)), tuple(found))
            for word, found in postings.items()
        }

    def rank(self, words: Iterable[str]) -> Ranking:
        """Score every page sharing any of the words."""
        scores: dict[tuple[str, int], float] = {}
        shared: dict[tuple[str, int], int] = {}
        for word in set(words):
            entry = self.postings.get(word)
            if entry is None:
                continue
            weight, found = entry
            for where, share in found:
                scores[where] = scores.get(where, 0.0) + weight * share
                shared[where] = shared.get(where, 0) + 1
        return Ranking(scores, shared)
