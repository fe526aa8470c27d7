"""Everything the phone line says, worked out once from the content: the script for the ear.

The webhooks, the audio build and the static fallback all read this one script, so a
recording, a spoken <Say> and the menu a caller hears can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpline.audio.recordings import Pace, Utterance
from helpline.channels.phone_keys import BACK, PERSON, REPEAT, SLOWER, SPOKEN_KEYS, TEXT, URGENT
from helpline.content.model import Catalog, Menu, Topic, Voice, VoiceWords

MAX_HINTS_CHARS = 1000
"""Twilio's hints are comma-separated phrases; keep them short enough to help, not drown."""


def dialable(number: str) -> str | None:
    """A UK helpline number as written for people (0808 800 6000) in the +44 form Dial needs."""
    digits = "".join(c for c in number if c.isdigit())
    if number.strip().startswith("+"):
        return "+" + digits
    if digits.startswith("0") and len(digits) in (10, 11):
        return "+44" + digits[1:]
    return None


def press(label: str, key: str) -> str:
    """One option as callers expect to hear it."""
    return f"For {label}, press {SPOKEN_KEYS.get(key, key)}."


def to_do(label: str, key: str) -> str:
    """One of the keys that mean the same everywhere."""
    return f"To {label}, press {SPOKEN_KEYS.get(key, key)}."


@dataclass(frozen=True, slots=True)
class VoiceBook:
    """The phone line's whole script, as plain text, keyed the way the webhooks ask for it."""

    catalog: Catalog
    voice: Voice
    greeting: str
    """Said first on every call: short, so the urgent key comes within seconds."""
    welcome_after: str
    """Said after the main menu on the first call page: the disclaimer and how to use it."""
    menu_prompts: dict[str, str]
    parents: dict[str, str]
    after_topic: str
    hints: str

    @property
    def words(self) -> VoiceWords:
        """The service wording for the phone."""
        return self.voice.words

    def menu(self, menu_id: str) -> Menu | None:
        """A menu by id; None for an id an old call may still carry after an update."""
        return self.voice.menu(menu_id)

    def parent(self, menu_id: str) -> str:
        """Where * goes from a menu: the menu that first leads to it (main goes nowhere)."""
        return self.parents.get(menu_id, self.voice.main.id)

    def topic(self, topic_id: str) -> Topic | None:
        """A topic by id; None for an id an old call may still carry after an update."""
        return self.catalog.topic(topic_id) if self.catalog.has_topic(topic_id) else None

    def words_before_urgent_key(self) -> int | None:
        """How many words a caller hears before the urgent key is offered; None if never."""
        main = self.voice.main
        heard = len(self.greeting.split())
        for option in main.options:
            target = self.voice.menu(option.menu_id) if option.menu_id else None
            heard += len(
                press(option.label or (target.label if target else ""), option.key).split()
            )
            if option.key == URGENT:
                return heard
        return None

    def utterances(self) -> tuple[Utterance, ...]:
        """Every distinct thing the line can say, at each pace it can be said at."""
        normal = [
            self.greeting,
            self.welcome_after,
            *self.menu_prompts.values(),
            self.after_topic,
            *(getattr(self.words, name) for name in VoiceWords.__dataclass_fields__),
            *(part.text for topic in self.catalog.topics for part in topic.speech_parts),
        ]
        slower = [part.text for topic in self.catalog.topics for part in topic.speech_parts]
        ordered = [Utterance(t, Pace.NORMAL) for t in normal]
        ordered += [Utterance(t, Pace.SLOWER) for t in slower]
        return tuple(dict.fromkeys(ordered))


def read_for_voice(catalog: Catalog) -> VoiceBook:
    """Work out the whole phone script once, at start-up."""
    if catalog.voice is None:
        raise ValueError("voice.yaml has errors; run `helpline check`")
    voice = catalog.voice
    words = voice.words
    parents: dict[str, str] = {}
    for menu in voice.menus:
        for option in menu.options:
            if option.menu_id and option.menu_id != voice.main.id:
                parents.setdefault(option.menu_id, menu.id)
    prompts = {m.id: _menu_prompt(voice, m, words) for m in voice.menus}
    after_topic = " ".join(
        [
            to_do(words.repeat, REPEAT),
            to_do(words.slower, SLOWER),
            to_do(words.text, TEXT),
            to_do(words.person, PERSON),
            to_do(words.back, BACK),
        ]
    )
    return VoiceBook(
        catalog=catalog,
        voice=voice,
        greeting=words.greeting,
        welcome_after=words.how_to,
        menu_prompts=prompts,
        parents=parents,
        after_topic=after_topic,
        hints=_hints(catalog),
    )


def _menu_prompt(voice: Voice, menu: Menu, words: VoiceWords) -> str:
    lines = []
    for option in menu.options:
        target = voice.menu(option.menu_id) if option.menu_id else None
        lines.append(press(option.label or (target.label if target else ""), option.key))
    lines.append(to_do(words.repeat, REPEAT))
    lines.append(to_do(words.person, PERSON))
    if menu.id != voice.main.id:
        lines.append(to_do(words.back, BACK))
    return " ".join(lines)


def _hints(catalog: Catalog) -> str:
    """Speech hints: every topic's keywords first, then as many synonyms as fit."""
    phrases = [k.lower() for topic in catalog.topics for k in topic.keywords]
    phrases += [synonym for topic in catalog.topics for synonym in topic.synonyms]
    hints = ""
    for phrase in dict.fromkeys(phrases):
        candidate = f"{hints}, {phrase}" if hints else phrase
        if len(candidate) > MAX_HINTS_CHARS:
            break
        hints = candidate
    return hints
