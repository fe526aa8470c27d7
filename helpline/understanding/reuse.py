"""What a worker's next matcher can take over from the last one instead of compiling again.

A worker takes up a new release in the background while it goes on answering requests, on the
same cores (serving/following.py). Most of a matcher is compiled from parts a typical edit
leaves alone: the lexicon, the keywords and red flags, the ways of asking. Each part here is
kept by what it was compiled from, so only what changed is compiled again, and requests keep
the CPU (issue 10: a publish with no throughput dip). Every part is immutable once built, so
sharing it between releases changes nothing they answer.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from helpline.understanding.context import Context
from helpline.understanding.patterns import Phrase, PhraseIndex, compile_phrase
from helpline.understanding.spelling import Speller

RELEASES_KEPT = 4
"""Compiled parts kept for this many lexicons or indexes: the live release, the staged one,
and those a rollback may return to."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A lexicon and the digest of its words: equal when the words are, hashed at once."""

    digest: str
    lexicon: Mapping[str, Sequence[str]] = field(compare=False, hash=False)

    @classmethod
    def of(cls, lexicon: Mapping[str, Sequence[str]]) -> Vocabulary:
        """The vocabulary of a catalog's lexicon."""
        written = json.dumps(sorted((kind, list(members)) for kind, members in lexicon.items()))
        return cls(hashlib.sha256(written.encode()).hexdigest(), lexicon)


@lru_cache(maxsize=65536)
def phrase(text: str, owner: str, vocabulary: Vocabulary, *, exact: bool = False) -> Phrase:
    """A content phrase compiled against a lexicon, once per lexicon (see compile_phrase)."""
    return compile_phrase(text, owner, vocabulary.lexicon, exact=exact)


def phrases(
    written: Iterable[tuple[str, str]], vocabulary: Vocabulary, *, exact: bool = False
) -> tuple[Phrase, ...]:
    """Several (text, owner) phrases compiled against one lexicon."""
    return tuple(phrase(text, owner, vocabulary, exact=exact) for text, owner in written)


def index(found: Sequence[Phrase], vocabulary: Vocabulary) -> PhraseIndex:
    """The index of these phrases, compiled once for the same phrases of the same lexicon."""
    key = (vocabulary, tuple((p.text, p.owner, p.exact) for p in found))
    with _INDEXES_LOCK:
        kept = _INDEXES.get(key)
        # The very phrases given, not equal ones compiled again: the matcher looks pages up
        # by the phrase an index finds.
        if kept is None or any(a is not b for a, b in zip(kept.phrases, found, strict=True)):
            kept = _INDEXES[key] = PhraseIndex(found)
            while len(_INDEXES) > _INDEXES_KEPT:
                _INDEXES.pop(next(iter(_INDEXES)))
        else:
            _INDEXES.move_to_end(key)
        return kept


_INDEXES: OrderedDict[tuple[Vocabulary, tuple[tuple[str, str, bool], ...]], PhraseIndex] = (
    OrderedDict()
)
_INDEXES_LOCK = threading.Lock()
_INDEXES_KEPT = 6 * RELEASES_KEPT
"""A matcher has six indexes: of red flags, names, ways of asking, pages' words, injuries and
the trigger classes."""


@lru_cache(maxsize=RELEASES_KEPT)
def context(vocabulary: Vocabulary, year: int) -> Context:
    """The trigger classes of a lexicon, compiled once for it (and the year, which dates
    "in 2020" as history)."""
    return Context(vocabulary.lexicon, year)


def context_now(vocabulary: Vocabulary) -> Context:
    """The trigger classes of a lexicon for this year."""
    return context(vocabulary, date.today().year)


@lru_cache(maxsize=RELEASES_KEPT)
def speller(targets: frozenset[str], never: frozenset[str], real: frozenset[str]) -> Speller:
    """The speller for these target words, compiled once for them."""
    return Speller(targets, never, real)
