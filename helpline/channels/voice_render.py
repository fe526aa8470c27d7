"""TwiML for the phone line: pure functions of the script, the audio on hand and the settings.

Each page is a whole document, worked out once per worker and remembered, because it
depends only on the content, the built audio and where the caller is in the menus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from twilio.twiml.voice_response import Gather, VoiceResponse

from helpline.audio.recordings import AudioLibrary, Pace
from helpline.audio.web import audio_url
from helpline.channels.voice_script import VoiceBook
from helpline.content.model import SpeechPart, Topic

VOICE = "Polly.Amy"
LANGUAGE = "en-GB"
SLOWER_RATE = "85%"
"""Polly's rate for the slower version when no recording is on hand (about 125 words a minute)."""
FALLBACK_FILE = "voice-fallback.xml"
"""Written by `helpline build` beside the recordings, for the number's voice Fallback URL."""
MAX_SILENCES = 2
"""How many times a caller who says nothing is asked again before the line says goodbye."""


@dataclass(frozen=True, slots=True)
class PhoneSettings:
    """What the operator can tune about calls."""

    gather_timeout: int
    """Seconds to wait for a key or speech; at least 10, so nobody is rushed."""
    transfer_number: str
    """Where 0 puts a caller through to, in E.164 form."""
    ring_seconds: int = 30


def path(route: str, **query: str | int) -> str:
    """A webhook address with its query, plain ASCII so Twilio signs exactly what we check."""
    kept = {k: str(v) for k, v in query.items() if v not in ("", None)}
    return f"/voice/{route}?{urlencode(kept)}" if kept else f"/voice/{route}"


class Speaker:
    """Says a text: the recording when one was built for exactly these words, else Polly."""

    def __init__(self, library: AudioLibrary | None, base_url: str) -> None:
        self.library = library
        self.base_url = base_url

    def add(self, verb: VoiceResponse | Gather, text: str, pace: Pace = Pace.NORMAL) -> None:
        """Append the words to a response or a Gather."""
        name = self.library.find(text, pace) if self.library is not None else None
        if name is not None:
            verb.play(audio_url(self.base_url, name))
        elif pace is Pace.SLOWER:
            verb.say(voice=VOICE, language=LANGUAGE).prosody(text, rate=SLOWER_RATE)
        else:
            verb.say(text, voice=VOICE, language=LANGUAGE)


def spoken_order(topic: Topic, first: int = 0) -> tuple[SpeechPart, ...]:
    """A topic's script with the part that answers the question asked first (never for an
    urgent topic, whose opening part is the action), then the rest in order."""
    parts = topic.speech_parts
    if topic.urgent or not 0 < first < len(parts):
        return parts
    return (parts[first], *parts[:first], *parts[first + 1 :])


class PhonePages:
    """Every TwiML page of the call, each worked out once."""

    def __init__(self, book: VoiceBook, speaker: Speaker, settings: PhoneSettings) -> None:
        self.book = book
        self.speaker = speaker
        self.settings = settings
        self._welcome_page: Callable[[], str] = lru_cache(maxsize=1)(self._welcome)
        self._menu_page: Callable[..., str] = lru_cache(maxsize=1024)(self._menu)
        self._topic_page: Callable[..., str] = lru_cache(maxsize=1024)(self._topic)
        self._audio_generation = self._generation()

    def welcome(self) -> str:
        """The first page of a call."""
        self._forget_if_audio_changed()
        return self._welcome_page()

    def menu(self, menu_id: str, **options: str | bool | int) -> str:
        """A menu page (see _menu for the options)."""
        self._forget_if_audio_changed()
        return self._menu_page(menu_id, **options)

    def topic(self, topic_id: str, menu_id: str, **options: str | bool | int | Pace) -> str:
        """A topic page (see _topic for the options)."""
        self._forget_if_audio_changed()
        return self._topic_page(topic_id, menu_id, **options)

    def _generation(self) -> int:
        library = self.speaker.library
        return library.generation if library is not None else 0

    def _forget_if_audio_changed(self) -> None:
        """Pages remembered while a recording was playable must not point Twilio at it after
        it went missing or was damaged: work them out again."""
        generation = self._generation()
        if generation != self._audio_generation:
            self._audio_generation = generation
            self._welcome_page.cache_clear()  # type: ignore[attr-defined]
            self._menu_page.cache_clear()  # type: ignore[attr-defined]
            self._topic_page.cache_clear()  # type: ignore[attr-defined]

    def _welcome(self) -> str:
        book = self.book
        return self._menu(book.voice.main.id, lead=book.greeting, tail=book.welcome_after)

    def _menu(
        self,
        menu_id: str,
        *,
        lead: str = "",
        intro: bool = True,
        silences: int = 0,
        tail: str = "",
    ) -> str:
        """A menu inside a Gather; after it, what happens when the caller says nothing."""
        book = self.book
        menu = book.menu(menu_id) or book.voice.main
        if silences > MAX_SILENCES:
            return self.goodbye()
        response = VoiceResponse()
        gather = self._gather(response, path(f"menu/{menu.id}/key"))
        if lead:
            self.speaker.add(gather, lead)
        if silences:
            self.speaker.add(gather, book.words.no_input)
        intro_topic = book.topic(menu.intro_topic) if menu.intro_topic and intro else None
        if intro_topic is not None:
            for part in intro_topic.speech_parts:
                self.speaker.add(gather, part.text)
        self.speaker.add(gather, book.menu_prompts[menu.id])
        if tail:
            self.speaker.add(gather, tail)
        response.redirect(path(f"menu/{menu.id}", intro=0, silences=silences + 1))
        return str(response)

    def _topic(
        self,
        topic_id: str,
        menu_id: str,
        *,
        pace: Pace = Pace.NORMAL,
        lead: str = "",
        script: bool = True,
        silences: int = 0,
        first: int = 0,
    ) -> str:
        """A topic's script, then what can be done next, inside one Gather."""
        book = self.book
        topic = book.topic(topic_id)
        if topic is None:
            return self._menu(menu_id)
        if silences > MAX_SILENCES:
            return self.goodbye()
        response = VoiceResponse()
        gather = self._gather(response, path(f"topic/{topic.id}/key", menu=menu_id))
        if lead:
            self.speaker.add(gather, lead)
        if silences:
            self.speaker.add(gather, book.words.no_input)
        if script:
            for part in spoken_order(topic, first):
                self.speaker.add(gather, part.text, pace)
        self.speaker.add(gather, book.after_topic)
        response.redirect(path(f"topic/{topic.id}", menu=menu_id, script=0, silences=silences + 1))
        return str(response)

    def goodbye(self) -> str:
        """The helpline number and urgent advice, then a polite end to the call."""
        return self._say(self.book.words.goodbye)

    def person(self, menu_id: str, *, is_open: bool) -> str:
        """Through to the nurses while they are open; otherwise their number and hours."""
        if not is_open:
            return self._say(self.book.words.closed, then_menu=menu_id)
        response = VoiceResponse()
        self.speaker.add(response, self.book.words.connecting)
        dial = response.dial(
            action=path("person/done", menu=menu_id), timeout=self.settings.ring_seconds
        )
        dial.number(self.settings.transfer_number)
        return str(response)

    def after_person(self, menu_id: str, *, answered: bool) -> str:
        """After the nurses' call ends, or when nobody could answer it."""
        if answered:
            response = VoiceResponse()
            response.hangup()
            return str(response)
        return self._say(self.book.words.no_answer, then_menu=menu_id)

    def fallback(self) -> str:
        """What a caller hears when something inside has failed: never silence."""
        return self._say(self.book.words.fallback)

    def _say(self, text: str, *, then_menu: str | None = None) -> str:
        """Words, then back to a menu, or else the end of the call."""
        response = VoiceResponse()
        self.speaker.add(response, text)
        if then_menu is None:
            response.hangup()
        else:
            response.redirect(path(f"menu/{then_menu}", intro=0))
        return str(response)

    def _gather(self, response: VoiceResponse, action: str) -> Gather:
        return response.gather(
            input="dtmf speech",
            action=action,
            method="POST",
            num_digits=1,
            timeout=self.settings.gather_timeout,
            speech_timeout="auto",
            language=LANGUAGE,
            hints=self.book.hints,
            action_on_empty_result=False,
        )
