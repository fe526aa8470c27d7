"""POST /voice and the steps under it: the phone menu, spoken summaries, a text copy, a person.

Where a caller is lives in the address of each step (menu, topic, how many silences), so
a call needs no stored state and any worker can answer any step.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Blueprint, Response, request

from helpline.audio.recordings import Pace
from helpline.channels.phone_keys import BACK, PERSON, REPEAT, SLOWER, SPOKEN_KEYS, TEXT
from helpline.channels.request_gate import guard
from helpline.channels.request_values import message_key, phone_number
from helpline.channels.texting import SendStatus
from helpline.channels.twiml import twiml
from helpline.serving import runtime
from helpline.store.privacy import pseudonym
from helpline.store.state import TEXT_PENDING, Outcome, Position
from helpline.text.numbers import DIGIT_NAMES
from helpline.text.words import words
from helpline.understanding.matching import Match, MatchKind

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/voice")

KEYS_BY_WORD = {
    **{name: str(digit) for digit, name in enumerate(DIGIT_NAMES)},
    SPOKEN_KEYS[BACK]: BACK,
    "oh": PERSON,
}
"""A caller may say the key instead of pressing it."""
DIGITS = frozenset("0123456789")
"""Speech recognition may write a spoken key as a digit; "12" is not one key."""
PERSON_WORDS = frozenset({"person", "human", "someone", "somebody", "operator", "nurse", "agent"})
COMMAND_WORDS = {
    "repeat": REPEAT, "again": REPEAT, "slower": SLOWER, "slowly": SLOWER, "text": TEXT,
    "back": BACK, "previous": BACK,
}  # fmt: skip
MENU_WORD = "menu"


def now() -> datetime:
    """The time the opening hours are judged by; tests set it."""
    return datetime.now(UTC)


def _fallback() -> Response:
    return twiml(runtime.current().phone.fallback())


guard(bp, _fallback)


@dataclass(frozen=True, slots=True)
class Choice:
    """What a caller asked for with a key or with words."""

    key: str = ""
    topic_id: str | None = None
    part: int = 0
    """The part of the topic's script that answers what was asked, said first."""
    main_menu: bool = False
    heard: str = ""
    """How it was understood, for the usage counts."""


@bp.post("")
def incoming_call() -> Response:
    """Greet a caller and offer the main menu."""
    return twiml(runtime.current().phone.welcome())


@bp.post("/menu/<menu_id>")
def menu(menu_id: str) -> Response:
    """A menu again: after a silence, a repeat, or coming back."""
    intro = request.args.get("intro") != "0"
    silences = _count(request.args.get("silences"))
    return twiml(runtime.current().phone.menu(menu_id, intro=intro, silences=silences))


@bp.post("/menu/<menu_id>/key")
def menu_key(menu_id: str) -> Response:
    """A key pressed or words said in a menu."""
    current = runtime.current()
    phone, book = current.phone, current.voice
    menu = book.menu(menu_id) or book.voice.main
    choice = _understand()
    if choice.topic_id:
        return _topic(choice.topic_id, menu.id, choice.heard, first=choice.part)
    if choice.main_menu:
        return twiml(phone.menu(book.voice.main.id))
    option = menu.option(choice.key) if choice.key else None
    if option is not None and option.topic_id:
        return _topic(option.topic_id, menu.id, "key")
    if option is not None and option.menu_id:
        return twiml(phone.menu(option.menu_id))
    if choice.key == REPEAT:
        return twiml(phone.menu(menu.id))
    if choice.key == BACK:
        return twiml(phone.menu(book.parent(menu.id), intro=False))
    if choice.key == PERSON:
        return _person(menu.id)
    sorry = book.words.not_an_option if choice.key else book.words.not_understood
    return twiml(phone.menu(menu.id, lead=sorry, intro=False))


@bp.post("/topic/<topic_id>")
def topic(topic_id: str) -> Response:
    """A topic's options again after a silence."""
    menu_id = request.args.get("menu", "")
    script = request.args.get("script") != "0"
    silences = _count(request.args.get("silences"))
    return twiml(runtime.current().phone.topic(topic_id, menu_id, script=script, silences=silences))


@bp.post("/topic/<topic_id>/key")
def topic_key(topic_id: str) -> Response:
    """After a topic: again, slower, as a text, a person, back; or another topic by name."""
    current = runtime.current()
    phone, book = current.phone, current.voice
    menu_id = request.args.get("menu", "")
    if book.menu(menu_id) is None:
        menu_id = book.voice.main.id
    choice = _understand()
    if choice.topic_id:
        return _topic(choice.topic_id, menu_id, choice.heard, first=choice.part)
    if choice.main_menu:
        return twiml(phone.menu(book.voice.main.id))
    match choice.key:
        case "":
            return twiml(
                phone.topic(topic_id, menu_id, lead=book.words.not_understood, script=False)
            )
        case x if x == REPEAT:
            return _topic(topic_id, menu_id, "repeat")
        case x if x == SLOWER:
            return _topic(topic_id, menu_id, "slower", pace=Pace.SLOWER)
        case x if x == TEXT:
            return twiml(phone.topic(topic_id, menu_id, lead=_send_text(topic_id), script=False))
        case x if x == PERSON:
            return _person(menu_id)
        case x if x == BACK:
            return twiml(phone.menu(menu_id, intro=False))
    return twiml(phone.topic(topic_id, menu_id, lead=book.words.not_an_option, script=False))


@bp.post("/person/done")
def person_done() -> Response:
    """After the transfer to the nurses: hang up if they talked, else say how to reach them."""
    current = runtime.current()
    menu = current.voice.menu(request.args.get("menu", "")) or current.voice.voice.main
    answered = request.values.get("DialCallStatus", "") == "completed"
    return twiml(current.phone.after_person(menu.id, answered=answered))


def _topic(
    topic_id: str, menu_id: str, heard: str, pace: Pace = Pace.NORMAL, first: int = 0
) -> Response:
    current = runtime.current()
    if current.catalog.has_topic(topic_id):  # an address's topic is counted only if it is one
        _count_use(topic_id, heard)
    return twiml(current.phone.topic(topic_id, menu_id, pace=pace, first=first))


def _person(menu_id: str) -> Response:
    current = runtime.current()
    is_open = current.catalog.service.helpline.is_open(now())
    return twiml(current.phone.person(menu_id, is_open=is_open))


def _understand() -> Choice:
    """Read the key, or the words Twilio heard, through the same matcher as texts."""
    digits = request.values.get("Digits", "").strip()
    if digits:
        return Choice(key=digits[0])
    speech = request.values.get("SpeechResult", "").strip()
    if not speech:
        return Choice()
    return understand_speech(speech, runtime.current().matcher.match(speech))


def understand_speech(speech: str, match: Match) -> Choice:
    """Red flags first, then a person, then a topic, then a spoken key or command."""
    said = words(speech)
    if match.kind is MatchKind.RED_FLAG and match.topic is not None:
        return Choice(topic_id=match.topic.id, heard="speech-red-flag")
    if PERSON_WORDS.intersection(said) or match.kind is MatchKind.HELP:
        return Choice(key=PERSON, heard="speech")
    if match.kind in (MatchKind.KEYWORD, MatchKind.TYPO) and match.topic is not None:
        return Choice(topic_id=match.topic.id, part=match.part, heard="speech")
    if len(said) == 1 and (said[0] in KEYS_BY_WORD or said[0] in DIGITS):
        return Choice(key=KEYS_BY_WORD.get(said[0], said[0]), heard="speech")
    for word in said:
        if word in COMMAND_WORDS:
            return Choice(key=COMMAND_WORDS[word], heard="speech")
    if MENU_WORD in said or match.kind is MatchKind.MENU:
        return Choice(main_menu=True, heard="speech")
    return Choice(heard="speech")


def _send_text(topic_id: str) -> str:
    """Send the topic's text message to the caller; returns what to tell them.

    The text goes from a background thread, so a slow Twilio API never holds the call: the
    caller hears how it went if that is known within a moment, else that it is on its way
    and that pressing again tells them whether it went.
    """
    current = runtime.current()
    say = current.voice.words
    if not current.catalog.has_topic(topic_id):
        return say.text_failed
    number = phone_number(request.values.get("From", ""))
    call = message_key(request.values.get("CallSid", "")) or "no-call-sid"
    body = current.sms.topic_reply(topic_id, 0)
    key = f"{call}:text:{topic_id}"

    def carry_on_with_more() -> None:
        # The text says "Reply MORE": let MORE carry on from its second page.
        sender = pseudonym(current.secret, number)
        current.recorder.submit(
            Outcome(message_key(key), body, "sms", topic_id, "voice-text", sender,
                    position=Position(topic_id, 1))
        )  # fmt: skip

    result = current.texts.send_soon(
        to=number, body=body, key=key, on_sent=carry_on_with_more if number else None
    )
    if result is None or (
        result.status is SendStatus.ALREADY_SENT and result.earlier == TEXT_PENDING
    ):
        return say.text_on_its_way
    if result.ok:
        return say.text_sent
    if result.status is SendStatus.OPTED_OUT or result.earlier == SendStatus.OPTED_OUT:
        return say.text_opted_out
    if result.status is SendStatus.NOT_MOBILE or result.earlier == SendStatus.NOT_MOBILE:
        return say.text_not_mobile
    return say.text_failed


def _count_use(topic_id: str, heard: str) -> None:
    """Count a topic heard on the phone, anonymously; a retried step counts once."""
    current = runtime.current()
    token = message_key(request.headers.get("I-Twilio-Idempotency-Token", ""))
    current.recorder.submit(Outcome(token, "", "voice", topic_id, heard, None))


def _count(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
