"""One matcher for every channel: what a message or a spoken phrase is asking for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from helpline.content.model import Catalog, Topic
from helpline.text.words import bare, words
from helpline.understanding.context import NAME_ALONE
from helpline.understanding.meaning import Understanding
from helpline.understanding.tokens import MAX_CHARS

STOP_WORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
)
START_WORDS = frozenset({"start", "yes", "unstop"})
HELP_WORDS = frozenset({"help", "info"})
# Asking for help in a few words is not the carrier's HELP, but deserves the same answer:
# who we are, the nurses' number, and where to get urgent help now.
HELP_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "help me", "help please", "please help", "please help me", "i need help",
        "need help", "can you help", "can you help me", "help me please",
    )
)  # fmt: skip
CARRIER_WORDS = STOP_WORDS | START_WORDS | HELP_WORDS
MENU_WORDS = frozenset({"menu", "hi", "hello", "hiya", "hey", "topics"})
MORE_WORDS = frozenset({"more", "next"})
URGENT_WORD = "urgent"
RESERVED_WORDS = CARRIER_WORDS | MENU_WORDS | MORE_WORDS
# A word one slip away from a carrier word or URGENT is never guessed at; three-letter ones
# (yes, end) are too close to ordinary words to guard this way.
_GUARDED_WORDS = CARRIER_WORDS | {URGENT_WORD}
_GUARDED = tuple(sorted(w for w in _GUARDED_WORDS if len(w) > 3))
# Typos are forgiven in short messages only; a long one has had its chance at the phrases.
_GUESS_WORDS = 12


class MatchKind(StrEnum):
    """How a message was understood; also recorded (anonymously) as usage."""

    STOP = "stop"
    START = "start"
    HELP = "help"
    RED_FLAG = "red-flag"
    KEYWORD = "keyword"
    NUMBER = "number"
    MENU = "menu"
    MORE = "more"
    TYPO = "typo"
    FOLLOW_UP = "follow-up"
    """A question naming no topic, answered from the topic the person was just sent."""
    EMPTY = "empty"
    NOT_UNDERSTOOD = "not-understood"


@dataclass(frozen=True, slots=True)
class Answer:
    """A topic's page that answers what was asked, and the name to echo back."""

    topic: Topic
    page: int = 0
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """The answer to "what does this person want?", before any wording is chosen."""

    kind: MatchKind
    topic: Topic | None = None
    also: tuple[Topic, ...] = ()
    page: int = 0
    """The SMS page that answers the question asked; MORE walks on from it."""
    also_page: int | None = None
    """A second page of the topic that answers as well, sent after the first."""
    part: int = 0
    """The part of the spoken script that answers it, heard first on the phone."""
    name: str | None = None
    question: Answer | None = None
    """With urgent advice: the answer to the other thing asked, sent second, never lost."""

    @property
    def is_urgent_advice(self) -> bool:
        """Whether the reply leads with urgent advice: a red flag, or an urgent topic's first
        page (its later pages explain, and are not alarms)."""
        if self.kind is MatchKind.RED_FLAG:
            return True
        return self.topic is not None and self.topic.urgent and self.page == 0


def typo_allowance(word: str) -> int:
    """How many slips of the finger a word of this length may carry and still be recognised."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2


class Matcher:
    """Compiled once per catalog: red flags, phrases and the typo vocabulary."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.understanding = Understanding(catalog, never_correct=_GUARDED_WORDS)
        phrases: dict[tuple[str, ...], Topic] = {}
        for topic in catalog.topics:
            for text in (*topic.keywords, *topic.synonyms):
                key = words(text)
                if key:
                    phrases.setdefault(key, topic)
        self.vocabulary: tuple[tuple[str, Topic], ...] = tuple(
            (" ".join(key), topic)
            for key, topic in phrases.items()
            if not set(key) & (RESERVED_WORDS | {URGENT_WORD})
        )
        self.by_number = {str(i): t for i, t in enumerate(catalog.topics, start=1)}
        self._cached = lru_cache(maxsize=8192)(self._match)

    def match(self, text: str) -> Match:
        """What a message asks for; only its first MAX_CHARS are read, which also keeps the
        cache of recent messages to a bounded size whatever is sent."""
        return self._cached(text[:MAX_CHARS])

    def _match(self, text: str) -> Match:
        """Decide what a message asks for, in the service's order of precedence."""
        whole = bare(text)
        if whole in STOP_WORDS and _one_word(text):
            return Match(MatchKind.STOP)
        if whole in START_WORDS and _one_word(text):
            return Match(MatchKind.START)
        if whole in HELP_WORDS and _one_word(text):
            return Match(MatchKind.HELP)
        meaning = self.understanding.read(text)
        topic = self.catalog.topic(meaning.topic) if meaning.topic else None
        if meaning.urgent:
            first, *others = (self.catalog.topic(t) for t in meaning.urgent)
            question = None
            # The answer to what was asked, unless the urgent first page already is it.
            if topic is not None and not (topic.urgent and meaning.page == 0):
                question = Answer(topic, meaning.page, meaning.name)
            return Match(MatchKind.RED_FLAG, first, tuple(others), question=question)
        tokens = words(text)
        if not tokens:
            return Match(MatchKind.MENU if text.strip() == "?" else MatchKind.EMPTY)
        if tokens in HELP_PHRASES:
            return Match(MatchKind.HELP)
        if topic is not None:
            kind = MatchKind.TYPO if meaning.corrected else MatchKind.KEYWORD
            return Match(
                kind,
                topic,
                page=meaning.page,
                also_page=meaning.also_page,
                part=meaning.part,
                name=meaning.name,
            )
        if whole in self.by_number:
            return Match(MatchKind.NUMBER, self.by_number[whole])
        if whole in MORE_WORDS:
            return Match(MatchKind.MORE)
        if whole in MENU_WORDS:
            return Match(MatchKind.MENU)
        guessed = self.guess(tokens)
        if guessed is not None:
            # A slip of the finger alone ("bleedin gums") may be urgent now; in a longer
            # message in which nothing urgent was found ("zero bleedin, zero bruises, can I
            # get my flu jab?"), the guessed urgent topic is explained, not alarmed.
            explain = guessed.urgent and len(tokens) > NAME_ALONE and len(guessed.pages) > 1
            return Match(MatchKind.TYPO, guessed, page=1 if explain else 0)
        return Match(MatchKind.NOT_UNDERSTOOD)

    def asks(self, text: str) -> bool:
        """Whether a message asks some kind of question, so it may follow up an earlier one."""
        return self.understanding.asks(text[:MAX_CHARS])

    def follow_up(self, text: str, topic_id: str) -> Match | None:
        """A message understood on its own as nothing, read as a question about the topic the
        sender was last sent ("how often?" after the Zometa page), when a page of it answers."""
        if not self.catalog.has_topic(topic_id):
            return None
        page = self.understanding.follow_up(text[:MAX_CHARS], topic_id)
        if page is None:
            return None
        topic = self.catalog.topic(topic_id)
        return Match(MatchKind.FOLLOW_UP, topic, page=page, name=topic.title)

    def urgent_in(self, text: str) -> tuple[Topic, ...]:
        """The urgent topics a text would set off as symptoms there now."""
        return tuple(self.catalog.topic(t) for t in self.understanding.read(text).urgent)

    def guess(self, tokens: tuple[str, ...]) -> Topic | None:
        """Forgive a typo, but only when one topic is clearly meant."""
        tokens = tokens[:_GUESS_WORDS]
        candidates = [" ".join(tokens)] if len(tokens) > 1 else []
        # An English word ("broke") is what the person meant, not a slip from a keyword.
        english = self.understanding.speller.known
        candidates += [
            t for t in tokens if typo_allowance(t) and not _near_guarded(t) and t not in english
        ]
        best: tuple[int, Topic] | None = None
        ambiguous = False
        for word in candidates:
            allowance = typo_allowance(word) + (1 if " " in word and len(word) > 12 else 0)
            for phrase, topic in self.vocabulary:
                distance = OSA.distance(word, phrase, score_cutoff=allowance)
                # Exact words were the understanding's to judge: only slips are guessed here.
                if distance > allowance or distance == 0:
                    continue
                if best is None or distance < best[0]:
                    best, ambiguous = (distance, topic), False
                elif distance == best[0] and topic.id != best[1].id:
                    ambiguous = True
        return None if best is None or ambiguous else best[1]


def _one_word(text: str) -> bool:
    return len(words(text)) == 1


def _near_guarded(word: str) -> bool:
    return any(OSA.distance(word, g, score_cutoff=1) <= 1 for g in _GUARDED)
