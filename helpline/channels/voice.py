"""POST /voice and the steps under it: the phone menu, spoken summaries, a text copy, a person.

Where a caller is lives in the address of each step (menu, topic, how many silences), so
a call needs no stored state and any worker can answer any step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from helpline.audio.recordings import Pace
from helpline.channels.phone_keys import BACK, PERSON, REPEAT, SLOWER, SPOKEN_KEYS, TEXT
from helpline.channels.request_gate import Channel, Handler, Webhook
from helpline.channels.request_values import message_key, phone_number
from helpline.channels.texting import SendStatus
from helpline.operators.metrics import VOICE_FALLBACKS, VOICE_REQUESTS
from helpline.serving.runtime import Release, Runtime, Services
from helpline.store.privacy import pseudonym
from helpline.store.state import TEXT_PENDING, Outcome, Position
from helpline.text.numbers import DIGIT_NAMES
from helpline.text.words import words
from helpline.understanding.matching import Match, MatchKind

VOICE_PATH = "/voice"
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


Step = Callable[[Release, Services, Webhook, str], str]
"""One step of a call: the live release, the services, the request, and the id in its
address, to TwiML."""


def channel(current: Callable[[], Runtime]) -> Channel:
    """The phone webhooks behind the request gate; `current` gives the runtime to answer from."""

    def route(rest: str) -> Handler | None:
        for pattern, step in _STEPS:
            found = pattern.fullmatch(rest)
            if found is not None:
                return _bound(step, current, found.group(1) if pattern.groups else "")
        return None

    return Channel(
        VOICE_PATH,
        route,
        lambda: current().release.phone.fallback(),
        VOICE_REQUESTS,
        VOICE_FALLBACKS,
    )


def _bound(step: Step, current: Callable[[], Runtime], at: str) -> Handler:
    def handle(hook: Webhook) -> str:
        runtime = current()
        return step(_release_for(runtime, hook), runtime.services, hook, at)

    return handle


def _release_for(runtime: Runtime, hook: Webhook) -> Release:
    """The caller's release: the staged one for a tester's number, else the live one."""
    if runtime.staged is None:
        return runtime.release
    number = phone_number(hook.value("From"))
    return runtime.for_sender(pseudonym(runtime.services.secret, number) if number else None)


def incoming_call(release: Release, services: Services, hook: Webhook, _: str) -> str:
    """Greet a caller and offer the main menu."""
    return release.phone.welcome()


def menu(release: Release, services: Services, hook: Webhook, menu_id: str) -> str:
    """A menu again: after a silence, a repeat, or coming back."""
    intro = hook.args.get("intro") != "0"
    silences = _count(hook.args.get("silences"))
    return release.phone.menu(menu_id, intro=intro, silences=silences)


def menu_key(release: Release, services: Services, hook: Webhook, menu_id: str) -> str:
    """A key pressed or words said in a menu."""
    phone, book = release.phone, release.voice
    menu = book.menu(menu_id) or book.voice.main
    choice = _understand(release, hook)
    if choice.topic_id:
        return _topic(
            release, services, hook, choice.topic_id, menu.id, choice.heard, first=choice.part
        )
    if choice.main_menu:
        return phone.menu(book.voice.main.id)
    option = menu.option(choice.key) if choice.key else None
    if option is not None and option.topic_id:
        return _topic(release, services, hook, option.topic_id, menu.id, "key")
    if option is not None and option.menu_id:
        return phone.menu(option.menu_id)
    if choice.key == REPEAT:
        return phone.menu(menu.id)
    if choice.key == BACK:
        return phone.menu(book.parent(menu.id), intro=False)
    if choice.key == PERSON:
        return _person(release, menu.id)
    sorry = book.words.not_an_option if choice.key else book.words.not_understood
    return phone.menu(menu.id, lead=sorry, intro=False)


def topic(release: Release, services: Services, hook: Webhook, topic_id: str) -> str:
    """A topic's options again after a silence."""
    menu_id = hook.args.get("menu", "")
    script = hook.args.get("script") != "0"
    silences = _count(hook.args.get("silences"))
    return release.phone.topic(topic_id, menu_id, script=script, silences=silences)


def topic_key(release: Release, services: Services, hook: Webhook, topic_id: str) -> str:
    """After a topic: again, slower, as a text, a person, back; or another topic by name."""
    phone, book = release.phone, release.voice
    menu_id = hook.args.get("menu", "")
    if book.menu(menu_id) is None:
        menu_id = book.voice.main.id
    choice = _understand(release, hook)
    if choice.topic_id:
        return _topic(
            release, services, hook, choice.topic_id, menu_id, choice.heard, first=choice.part
        )
    if choice.main_menu:
        return phone.menu(book.voice.main.id)
    match choice.key:
        case "":
            return phone.topic(topic_id, menu_id, lead=book.words.not_understood, script=False)
        case x if x == REPEAT:
            return _topic(release, services, hook, topic_id, menu_id, "repeat")
        case x if x == SLOWER:
            return _topic(release, services, hook, topic_id, menu_id, "slower", pace=Pace.SLOWER)
        case x if x == TEXT:
            lead = _send_text(release, services, hook, topic_id)
            return phone.topic(topic_id, menu_id, lead=lead, script=False)
        case x if x == PERSON:
            return _person(release, menu_id)
        case x if x == BACK:
            return phone.menu(menu_id, intro=False)
    return phone.topic(topic_id, menu_id, lead=book.words.not_an_option, script=False)


def person_done(release: Release, services: Services, hook: Webhook, _: str) -> str:
    """After the transfer to the nurses: hang up if they talked, else say how to reach them."""
    menu = release.voice.menu(hook.args.get("menu", "")) or release.voice.voice.main
    answered = hook.value("DialCallStatus") == "completed"
    return release.phone.after_person(menu.id, answered=answered)


_PART = "([^/]+)"  # one part of an address, as Flask's default converter takes it
_STEPS: tuple[tuple[re.Pattern[str], Step], ...] = (
    (re.compile(""), incoming_call),
    (re.compile(f"/menu/{_PART}"), menu),
    (re.compile(f"/menu/{_PART}/key"), menu_key),
    (re.compile(f"/topic/{_PART}"), topic),
    (re.compile(f"/topic/{_PART}/key"), topic_key),
    (re.compile("/person/done"), person_done),
)
"""Every step of a call, by its address under /voice."""


def _topic(
    release: Release,
    services: Services,
    hook: Webhook,
    topic_id: str,
    menu_id: str,
    heard: str,
    pace: Pace = Pace.NORMAL,
    first: int = 0,
) -> str:
    if release.catalog.has_topic(topic_id):  # an address's topic is counted only if it is one
        _count_use(services, hook, topic_id, heard)
    return release.phone.topic(topic_id, menu_id, pace=pace, first=first)


def _person(release: Release, menu_id: str) -> str:
    is_open = release.catalog.service.helpline.is_open(now())
    return release.phone.person(menu_id, is_open=is_open)


def _understand(release: Release, hook: Webhook) -> Choice:
    """Read the key, or the words Twilio heard, through the same matcher as texts."""
    digits = hook.value("Digits").strip()
    if digits:
        return Choice(key=digits[0])
    speech = hook.value("SpeechResult").strip()
    if not speech:
        return Choice()
    return understand_speech(speech, release.matcher.match(speech))


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


def _send_text(release: Release, services: Services, hook: Webhook, topic_id: str) -> str:
    """Send the topic's text message to the caller; returns what to tell them.

    The text goes from a background thread, so a slow Twilio API never holds the call: the
    caller hears how it went if that is known within a moment, else that it is on its way
    and that pressing again tells them whether it went.
    """
    say = release.voice.words
    if not release.catalog.has_topic(topic_id):
        return say.text_failed
    number = phone_number(hook.value("From"))
    call = message_key(hook.value("CallSid")) or "no-call-sid"
    body = release.sms.topic_reply(topic_id, 0)
    key = f"{call}:text:{topic_id}"

    def carry_on_with_more() -> None:
        # The text says "Reply MORE": let MORE carry on from its second page.
        sender = pseudonym(services.secret, number)
        services.recorder.submit(
            Outcome(message_key(key), body, "sms", topic_id, "voice-text", sender,
                    position=Position(topic_id, 1))
        )  # fmt: skip

    result = services.texts.send_soon(
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


def _count_use(services: Services, hook: Webhook, topic_id: str, heard: str) -> None:
    """Count a topic heard on the phone, anonymously; a retried step counts once."""
    token = message_key(hook.header("I-Twilio-Idempotency-Token"))
    services.recorder.submit(Outcome(token, "", "voice", topic_id, heard, None))


def _count(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
