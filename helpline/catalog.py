"""The content model: frozen, typed objects every channel is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

TopicKind = Literal["urgent", "treatment", "condition", "support"]
TOPIC_KINDS: tuple[TopicKind, ...] = ("urgent", "treatment", "condition", "support")


@dataclass(frozen=True, slots=True)
class Source:
    """A source document every fact in a topic traces back to."""

    file: str
    title: str
    last_reviewed: date
    next_review: date


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """One stretch of opening time on some weekdays (0 is Monday)."""

    days: tuple[int, ...]
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class Helpline:
    """The nurses' helpline a person can always be pointed to."""

    number: str
    spoken_number: str
    hours: str
    spoken_hours: str
    timezone: str
    opening: tuple[OpeningHours, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Replies:
    """Service wording that is not a topic, placeholders already filled in."""

    help: str
    start: str
    menu_intro: str
    not_understood: str
    more_hint: str
    more_end: str
    no_text: str
    footer: str
    fallback: str


@dataclass(frozen=True, slots=True)
class Service:
    """Facts about the service itself, shared by every channel."""

    name: str
    helpline: Helpline
    emergency_number: str
    relay: str
    disclaimer: str
    replies: Replies


@dataclass(frozen=True, slots=True)
class Topic:
    """One subject a person can ask about, in every channel's words."""

    id: str
    title: str
    kind: TopicKind
    keywords: tuple[str, ...]
    synonyms: tuple[str, ...]
    red_flags: tuple[str, ...]
    sms: tuple[str, ...]
    speech: str
    source: Source

    @property
    def urgent(self) -> bool:
        """Urgent topics go first and carry a call to action."""
        return self.kind == "urgent"

    @property
    def menu_keyword(self) -> str:
        """The keyword the SMS menu shows for this topic."""
        return self.keywords[0]


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the service says, loaded once and never changed while serving."""

    service: Service
    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    version: str
    _by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.topics})

    def topic(self, topic_id: str) -> Topic:
        """Look a topic up by its id."""
        return self._by_id[topic_id]

    def has_topic(self, topic_id: str) -> bool:
        """Whether a stored id (say, from an older content version) still exists."""
        return topic_id in self._by_id
