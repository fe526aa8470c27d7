"""The content model: frozen, typed objects every channel is rendered from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

TopicKind = Literal["urgent", "treatment", "condition", "support"]
TOPIC_KINDS: tuple[TopicKind, ...] = ("urgent", "treatment", "condition", "support")


SourceKind = Literal["document", "policy"]


@dataclass(frozen=True, slots=True)
class Source:
    """A named, dated source every fact traces back to: a document, or the service's own policy."""

    file: str
    title: str
    last_reviewed: date
    next_review: date
    kind: SourceKind = "document"
    approved_by: str = ""
    """Who approved a policy source: the service's own clinical rules need a named approver."""
    statements: tuple[str, ...] = ()
    """A policy's rules, in words: what the service adds to the documents."""


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
    text_on_its_way: str
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
class TemperatureRule:
    """When a temperature someone reports needs a call now (from the clinical policy)."""

    at_or_above: float
    below: float
    topic: str
    """The urgent topic a reading outside the band points to."""

    def urgent(self, celsius: float) -> bool:
        """Whether a reading in degrees Celsius is outside the safe band."""
        return celsius >= self.at_or_above or celsius < self.below


@dataclass(frozen=True, slots=True)
class Service:
    """Facts about the service itself, shared by every channel."""

    name: str
    helpline: Helpline
    emergency_number: str
    relay: str
    disclaimer: str
    replies: Replies
    temperature: TemperatureRule
    urgent_order: tuple[str, ...]
    """Urgent topic ids, the one needing the fastest action first."""
    urgent_leads: tuple[str, ...] = ()
    """Urgent topics that go first when the message tells of an injury (the lexicon's injury
    class), because it explains the others: a swollen limb, not being able to walk."""
    backdrop: tuple[str, ...] = ()
    """Topics most messages name only as their setting ("my bone mets", "my treatment"): beside
    another topic named, they count as little as a setting does."""


@dataclass(frozen=True, slots=True)
class Page:
    """One SMS page of a topic, and the kinds of question it answers."""

    text: str
    answers: tuple[str, ...] = ()
    """Ids of question kinds from questions.yaml: how-often, how-long, side-effects..."""
    about: tuple[str, ...] = ()
    """Words or phrases that point at this page within its topic: kidney, dentist, jaw."""


@dataclass(frozen=True, slots=True)
class SpeechPart:
    """One part of a topic's spoken script, and the kinds of question it answers."""

    text: str
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A kind of question people ask about a topic, and the words they ask it with."""

    id: str
    label: str
    phrases: tuple[str, ...]
    expected_for: tuple[str, ...]
    """Topic kinds that should answer it; `check` reports one that does not."""
    home: str | None = None
    """The topic this kind of question goes to when no topic is named ("are you open on
    Saturdays?" goes to the nurses' page)."""


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A medical word, and the plain words that must come with it on any page that uses it."""

    term: str
    plain: str
    explained_by: tuple[str, ...]
    """Any of these on the same page counts as explaining the term."""


@dataclass(frozen=True, slots=True)
class Case:
    """An operator's must-pass case: this message must get this answer, or content is invalid."""

    message: str
    topic: str | None
    urgent: bool | None
    contains: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    """One subject a person can ask about, in every channel's words."""

    id: str
    title: str
    kind: TopicKind
    keywords: tuple[str, ...]
    synonyms: tuple[str, ...]
    red_flags: tuple[str, ...]
    pages: tuple[Page, ...]
    speech_parts: tuple[SpeechPart, ...]
    sources: tuple[Source, ...]
    """Every source its facts come from; their review dates apply to it."""
    names: tuple[str, ...] = ()
    """Drug and brand names, as shown: "Zometa (zoledronic acid)". Several topics may share one;
    the name a person used is echoed in the reply."""
    within: str | None = None
    """The broader topic this one is a kind of (electrochemotherapy within chemotherapy):
    named together, this one is what is asked about."""

    @property
    def sms(self) -> tuple[str, ...]:
        """The text of each SMS page, in the order MORE walks them."""
        return tuple(page.text for page in self.pages)

    @property
    def speech(self) -> str:
        """The whole spoken script."""
        return " ".join(part.text for part in self.speech_parts)

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
    questions: tuple[Question, ...] = ()
    lexicon: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Word classes red flags may name as {class}: {pain} is pain, ache, sore..."""
    glossary: tuple[GlossaryTerm, ...] = ()
    cases: tuple[Case, ...] = ()
    _by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.topics})

    def topic(self, topic_id: str) -> Topic:
        """Look a topic up by its id."""
        return self._by_id[topic_id]

    def has_topic(self, topic_id: str) -> bool:
        """Whether a stored id (say, from an older content version) still exists."""
        return topic_id in self._by_id
