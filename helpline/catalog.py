"""The content model: frozen, typed objects every channel is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

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

    def is_open(self, moment: datetime) -> bool:
        """Whether nurses answer at this moment (an aware datetime), in the helpline's time zone."""
        local = moment.astimezone(ZoneInfo(self.timezone))
        now = local.time()
        return any(
            local.weekday() in hours.days and hours.opens <= now < hours.closes
            for hours in self.opening
        )


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
class VoiceWords:
    """What the phone line says besides topics, written for the ear, placeholders filled in."""

    greeting: str
    how_to: str
    repeat: str
    slower: str
    text: str
    person: str
    back: str
    not_an_option: str
    not_understood: str
    no_input: str
    goodbye: str
    connecting: str
    no_answer: str
    closed: str
    text_sent: str
    text_failed: str
    text_opted_out: str
    text_not_mobile: str
    fallback: str


@dataclass(frozen=True, slots=True)
class MenuOption:
    """One key in a phone menu, leading to a topic or to another menu."""

    key: str
    label: str
    topic_id: str | None = None
    menu_id: str | None = None


@dataclass(frozen=True, slots=True)
class Menu:
    """A phone menu: an optional topic heard first, then its options."""

    id: str
    label: str
    intro_topic: str | None
    options: tuple[MenuOption, ...]

    def option(self, key: str) -> MenuOption | None:
        """The option behind a key, if there is one."""
        return next((o for o in self.options if o.key == key), None)


@dataclass(frozen=True, slots=True)
class Voice:
    """The phone line's words and menus; the main menu comes first."""

    words: VoiceWords
    menus: tuple[Menu, ...]
    _by_id: dict[str, Menu] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.id: m for m in self.menus})

    @property
    def main(self) -> Menu:
        """The menu every call starts in."""
        return self.menus[0]

    def menu(self, menu_id: str) -> Menu | None:
        """Look a menu up by id; None for an id from an older content version."""
        return self._by_id.get(menu_id)


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
    sources: tuple[Source, ...]
    """Every source document its facts come from; their review dates apply to it."""

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
    voice: Voice | None
    """None only while voice.yaml has errors, so `helpline check` can still judge the rest."""
    _by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.topics})

    def topic(self, topic_id: str) -> Topic:
        """Look a topic up by its id."""
        return self._by_id[topic_id]

    def has_topic(self, topic_id: str) -> bool:
        """Whether a stored id (say, from an older content version) still exists."""
        return topic_id in self._by_id
