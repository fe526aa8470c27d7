"""Phrases from the content, compiled once, and found in a message's tokens.

A phrase is words and word classes: "{leg} {swollen}" finds "her calf is really puffy" when
the lexicon lists calf under {leg} and puffy under {swollen}. Its words must all appear in
one clause, close together, in any order, because people write "pain in my back" as often
as "back pain". Parts joined by " + " may sit anywhere in the message ("{line} + {swollen}"): the
last is the sign, the others set its scene. Parts joined by " & " are signs that count together
("{nausea} & {tired}"), so none of them may be denied.
Keywords, synonyms, names and question phrases are exact: their words in order. In a question
phrase, "..." stands for a few words of the person's own ("how does ... work" finds "how does
electrochemotherapy work").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from wordfreq import zipf_frequency

from helpline.understanding.tokens import Token, tokenize

SLACK = 7
"""How many other words may sit among a phrase's words: "pain in the middle of my back"."""
MOST_PLACES = 6
"""Occurrences of one word considered per phrase; more only repeat the same finding."""
CLASS = re.compile(r"^\{([a-z][a-z0-9_]*)\}$")
PARTS = re.compile(r" [+&] ")
"""What joins the parts of a phrase that may sit anywhere in a message."""
TOGETHER = " & "
GAP = "..."
"""Written in an exact phrase where a few words of the person's own may stand."""
GAP_WORDS = 4
"""The most words a "..." stands for: a drug's name and a word or two ("my ibandronic acid")."""
GAP_NAMES_BELOW = 4.8
"""A "..." stands for the name of a thing, so it must hold a word rarer than this (Zipf):
"how does the drip work", but not "what is the brand name for"."""

Alternative = tuple[str, ...]
"""Consecutive words, one way of writing a term."""


@dataclass(frozen=True, slots=True, eq=False)
class Term:
    """One slot of a phrase: a word, or any member of a word class."""

    alternatives: tuple[Alternative, ...]
    by_first: dict[str, tuple[Alternative, ...]] = field(default_factory=dict)
    word: str | None = None
    """The one word the term is, when it has no other ways of writing: the quick case."""

    @classmethod
    def of(cls, alternatives: tuple[Alternative, ...]) -> Term:
        """A term, with its ways of writing filed by their first word for quick lookup."""
        filed: dict[str, list[Alternative]] = {}
        for alternative in alternatives:
            filed.setdefault(alternative[0], []).append(alternative)
        single = (
            alternatives[0][0] if len(alternatives) == 1 and len(alternatives[0]) == 1 else None
        )
        return cls(alternatives, {word: tuple(alts) for word, alts in filed.items()}, single)

    def __iter__(self) -> Iterator[Alternative]:
        return iter(self.alternatives)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase ready to look for: its parts, each a sequence of terms."""

    text: str
    owner: str
    parts: tuple[tuple[Term, ...], ...]
    exact: bool = False
    """Words in order with nothing between them, as keywords and synonyms are written."""
    gaps: frozenset[int] = frozenset()
    """In an exact phrase, the terms that may follow a few other words ("how does ... work")."""
    together: bool = False
    """Parts joined by " & ": each is a sign, none merely sets the scene."""
    classes: tuple[str | None, ...] = ()
    """For each part, the lexicon class it names when it is that one {class} alone."""

    single: str | None = field(init=False, compare=False)
    """The one word this phrase is, when it is one word with no other ways of writing."""

    def __post_init__(self) -> None:
        word = self.parts[0][0].word if len(self.parts) == 1 and len(self.parts[0]) == 1 else None
        object.__setattr__(self, "single", word)

    @property
    def size(self) -> int:
        """How many terms: a longer phrase that matches says more than a shorter one."""
        return sum(len(part) for part in self.parts)


@dataclass(frozen=True, slots=True)
class Hit:
    """Where one part of a phrase was found in a message."""

    phrase: Phrase
    part: int
    positions: frozenset[int]
    clause: int
    start: int = field(init=False, compare=False)
    """The first token the part covers."""
    end: int = field(init=False, compare=False)
    """One past the last token the part covers."""

    def __post_init__(self) -> None:
        # Read many times for each hit (sorting, stretches, triggers before and after).
        object.__setattr__(self, "start", min(self.positions))
        object.__setattr__(self, "end", max(self.positions) + 1)


class UnknownClass(ValueError):
    """A phrase names a {class} the lexicon does not define."""


@lru_cache(maxsize=65536)
def words_of(text: str) -> Alternative:
    """A content phrase reduced exactly as messages are (once: a class's members are read
    for every phrase that names the class, and again for each release compiled)."""
    return tuple(token.word for token in tokenize(text))


def class_words(lexicon: Mapping[str, Sequence[str]], kind: str) -> frozenset[str]:
    """Every word of a lexicon class's members, reduced as messages are."""
    return frozenset(w for member in lexicon.get(kind, ()) for w in words_of(member))


def single_words(lexicon: Mapping[str, Sequence[str]], kinds: Iterable[str]) -> frozenset[str]:
    """The members of lexicon classes that are one word, reduced as messages are: the words of
    a longer member ("like a radiator", "the back of my leg") stand for nothing alone."""
    return frozenset(
        word
        for kind in kinds
        for member in lexicon.get(kind, ())
        if len(words := words_of(member)) == 1
        for word in words
    )


def compile_phrase(
    text: str, owner: str, lexicon: Mapping[str, Sequence[str]], *, exact: bool = False
) -> Phrase:
    """Turn a phrase as written in content into terms; raises UnknownClass for a bad {class}."""
    parts: list[tuple[Term, ...]] = []
    classes: list[str | None] = []
    gaps: set[int] = set()
    together = not exact and TOGETHER in text
    for written in PARTS.split(text) if not exact else [text]:
        terms: list[Term] = []
        for piece in written.split():
            if piece == GAP and exact:
                gaps.add(len(terms))
                continue
            named = CLASS.match(piece)
            if named is None:
                terms += [_shared_term(((word,),)) for word in words_of(piece)]
                continue
            if named.group(1) not in lexicon:
                raise UnknownClass(named.group(1))
            terms.append(_class_term(tuple(lexicon[named.group(1)])))
        if terms:
            parts.append(tuple(terms))
            alone = CLASS.fullmatch(written.strip())
            classes.append(alone.group(1) if alone else None)
    return Phrase(text, owner, tuple(parts), exact, frozenset(gaps), together, tuple(classes))


@lru_cache(maxsize=4096)
def _class_term(members: tuple[str, ...]) -> Term:
    """The Term of a {class}: its members reduced once per list, not once per phrase naming it
    (classes are named thousands of times, and each lists up to hundreds of ways)."""
    words = tuple(dict.fromkeys(words_of(m) for m in members))
    return _shared_term(tuple(w for w in words if w))


@lru_cache(maxsize=16384)
def _shared_term(alternatives: tuple[Alternative, ...]) -> Term:
    """One Term for each word or class as written, made once and shared by every phrase that
    names it, in this release and the next (a class may list hundreds of ways)."""
    return Term.of(alternatives)


class Places:
    """Where each word of one message is, for finding many phrases in it quickly."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.at: dict[str, list[int]] = {}
        for i, token in enumerate(tokens):
            self.at.setdefault(token.word, []).append(i)
        self.words = frozenset(self.at)
        self._known: dict[int, list[tuple[int, int]]] = {}
        """Where each term stands, found once per message (terms are shared by every phrase
        naming them, so a class is looked up once, not per phrase)."""

    def occurrences(self, term: Term) -> list[tuple[int, int]]:
        """Each (start, end) where some way of writing the term stands, inside one clause."""
        known = self._known.get(id(term))
        if known is None:
            known = self._known[id(term)] = self._occurrences(term)
        return known

    def _occurrences(self, term: Term) -> list[tuple[int, int]]:
        if term.word is not None:
            return [(i, i + 1) for i in self.at.get(term.word, ())[:MOST_PLACES]]
        found: list[tuple[int, int]] = []
        tokens = self.tokens
        by_first, at = term.by_first, self.at
        firsts = (
            [w for w in by_first if w in at]
            if len(by_first) < len(at)
            else [w for w in at if w in by_first]
        )
        for first in firsts:
            for alternative in by_first[first]:
                for start in self.at[first][:MOST_PLACES]:
                    end = start + len(alternative)
                    clause = tokens[start].clause
                    # Words written together never stand on both sides of a comma ("not
                    # sure who to call, back pain" holds no "call back").
                    if end <= len(tokens) and all(
                        tokens[start + k].word == word
                        and tokens[start + k].clause == clause
                        and not (k and tokens[start + k].after_comma)
                        for k, word in enumerate(alternative)
                    ):
                        found.append((start, end))
        return found

    def find(self, phrase: Phrase) -> list[list[Hit]] | None:
        """Every place each part stands, tightest first; None when some part is missing."""
        found: list[list[Hit]] = []
        for index, part in enumerate(phrase.parts):
            hits = self._part(phrase, index, part)
            if not hits:
                return None
            found.append(hits)
        return found

    def _part(self, phrase: Phrase, index: int, part: tuple[Term, ...]) -> list[Hit]:
        choices = []
        for term in part:
            places = self.occurrences(term)
            if not places:
                return []
            choices.append(places)
        runs = self._in_order(choices, phrase.gaps) if phrase.exact else self._near(choices)
        seen: dict[frozenset[int], Hit] = {}
        for covered in runs:
            key = frozenset(covered)
            seen.setdefault(key, Hit(phrase, index, key, self.tokens[min(key)].clause))
        return sorted(seen.values(), key=lambda h: (h.end - h.start, h.start))

    def _near(self, choices: list[list[tuple[int, int]]]) -> list[list[int]]:
        """Each way of placing the terms in one clause, close enough together."""
        width = sum(min(e - s for s, e in places) for places in choices) + SLACK
        runs: list[list[int]] = []
        for combination in itertools.product(*choices):
            covered = [i for s, e in combination for i in range(s, e)]
            if len(set(covered)) != len(covered):
                continue
            low, high = min(covered), max(covered) + 1
            if high - low <= width and len({self.tokens[i].clause for i in covered}) == 1:
                runs.append(covered)
        return runs

    def every(self, phrase: Phrase) -> list[frozenset[int]]:
        """Every place the first part of an exact phrase stands, for trigger words."""
        if phrase.single is not None:
            return [frozenset((i,)) for i in self.at.get(phrase.single, ())]
        choices = [self.occurrences(term) for term in phrase.parts[0]] if phrase.parts else []
        if not choices or not all(choices):
            return []
        return [frozenset(c) for c in self._in_order(choices, phrase.gaps)]

    def _in_order(
        self, choices: list[list[tuple[int, int]]], gaps: frozenset[int] = frozenset()
    ) -> list[list[int]]:
        """Each run where the terms' occurrences follow one another with nothing between, or
        with a few words of one clause where the phrase has a gap."""
        runs: list[list[int]] = []
        for start, end in choices[0]:
            covered = list(range(start, end))
            clause = self.tokens[start].clause
            for number, places in enumerate(choices[1:], start=1):
                reach = end + GAP_WORDS if number in gaps else end
                following = next(
                    (
                        p
                        for p in places
                        if (
                            p[0] == end
                            and not self.tokens[p[0]].after_comma
                            and self.tokens[p[0]].clause == clause
                        )
                        or self._bridged(end, p[0], reach, clause)
                    ),
                    None,
                )
                if following is None:
                    break
                covered += range(following[0], following[1])
                end = following[1]
            else:
                runs.append(covered)
        return runs

    def _bridged(self, start: int, end: int, reach: int, clause: int) -> bool:
        """Whether the words from start up to a term at end, no further than reach and all in
        the phrase's clause, name some thing (hold a word rarer than everyday ones)."""
        if not start < end <= reach:
            return False
        gap = self.tokens[start : end + 1]
        return all(t.clause == clause and not t.after_comma for t in gap) and any(
            _frequency(t.word) < GAP_NAMES_BELOW for t in gap[:-1]
        )


@lru_cache(maxsize=65536)
def _frequency(word: str) -> float:
    """How common a word is in English (Zipf scale), looked up once per word."""
    return float(zipf_frequency(word, "en"))


class PhraseIndex:
    """Phrases filed under the words that must be in a message for them to match, so a message
    is only tried against the few phrases it could hold, not all of them."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        self.phrases = tuple(phrases)
        self.by_word: dict[str, list[int]] = {}
        self.needs = [_needs(phrase) for phrase in self.phrases]
        for number, phrase in enumerate(self.phrases):
            firsts = [set(term.by_first) for part in phrase.parts for term in part]
            if not firsts:
                continue
            # The most selective term to file under: fewest ways of starting, then the rarest
            # words ("often" rather than "how").
            for word in min(firsts, key=lambda f: (len(f), max(_frequency(w) for w in f))):
                self.by_word.setdefault(word, []).append(number)

    def candidates(self, places: Places) -> list[Phrase]:
        """The phrases that might stand in a message, in the order they were given."""
        numbers = {n for word in places.at for n in self.by_word.get(word, ())}
        present, needs, found = places.words, self.needs, []
        for number in sorted(numbers):
            words, firsts = needs[number]
            if words <= present:
                for first in firsts:
                    if first.isdisjoint(present):
                        break
                else:
                    found.append(self.phrases[number])
        return found


def _needs(phrase: Phrase) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """What a message must hold for a phrase to stand in it, checked before the search: the
    words of its one-word terms, and some first word of each of its other terms."""
    terms = [term for part in phrase.parts for term in part]
    words = frozenset(term.word for term in terms if term.word is not None)
    firsts = {frozenset(term.by_first) for term in terms if term.word is None}
    return words, tuple(sorted(firsts, key=len))


def word_before(tokens: Sequence[Token], start: int, skipped: Callable[[int], bool]) -> int | None:
    """Where the first word before `start`, in its clause, that `skipped` does not pass over
    stands ("for" in "for my wife's bone mets"), if there is one."""
    clause = tokens[start].clause
    i = start - 1
    while i >= 0 and tokens[i].clause == clause and skipped(i):
        i -= 1
    return i if i >= 0 and tokens[i].clause == clause else None
