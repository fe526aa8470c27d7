"""Rules that put the action first: whom to call and how soon, before anything else.

An urgent text gives the whole action (the 24-hour line or team now; 999 or A&E if severe)
in its first 160 characters, before any list of signs. An urgent script says it within its
first 10 seconds, and the phone greeting offers the urgent key within its first 10 seconds.
Spoken lists are short, and no advice to call leaves out how soon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from helpline.channels.sms_render import also_pointer, compose, fits
from helpline.channels.voice_script import VoiceBook
from helpline.content import codes
from helpline.content.model import Catalog, Topic
from helpline.content.problems import Location, Problem
from helpline.content.yamlreader import Locator
from helpline.understanding.meaning import SIGNS_KIND

WORDS_PER_MINUTE = 145
CALL_TO_ACTION_WITHIN = 160
"""Characters: what one SMS segment shows first on any phone."""
SPOKEN_ACTION_SECONDS = 10
SPOKEN_ACTION_WORDS = SPOKEN_ACTION_SECONDS * WORDS_PER_MINUTE // 60
"""About 24 words: what is said in the first 10 seconds."""
MOST_LIST_ITEMS = 4
HELP_OPENING_SENTENCES = 2
"""Sentences of an urgent-help page within which the call must come ("A sign now? Call...")."""
_CALL = re.compile(r"\b(call|phone|ring|go to|contact)\b", re.IGNORECASE)
_URGENT_CONTACT = re.compile(
    r"(\b999\b|A&E|24[- ]hour|treatment team|cancer team|nine nine nine|A and E\b|"
    r"twenty four hour)",
    re.IGNORECASE,
)
_SEVERE_ROUTE = re.compile(r"\b999\b|A&E|nine nine nine|A and E\b", re.IGNORECASE)
_SOON = re.compile(
    r"\b(now|straight away|right away|immediately|at once|today|without delay|urgently|"
    r"same day|as soon as)\b",
    re.IGNORECASE,
)
_CONDITIONAL_CALL = re.compile(
    r"\b(call|ring|phone|contact)\b[^.?!]*\b(team|line|doctor|nurse|nurses|GP)\b",
    re.IGNORECASE,
)
_FEVER = re.compile(r"\b(fever|feverish|temperature|shivery|shivering)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.?!]+[.?!]?")


def calls_to_action(text: str) -> bool:
    """Whether a text says whom to call about urgent symptoms: the 24-hour line, 999, A&E."""
    return bool(_CALL.search(text) and _URGENT_CONTACT.search(text))


def complete_action(text: str) -> bool:
    """Whom to call and how soon, and where to go if it is severe."""
    return calls_to_action(text) and bool(_SOON.search(text) and _SEVERE_ROUTE.search(text))


def urgent_problems(catalog: Catalog, book: VoiceBook, where: Locator) -> Iterator[Problem]:
    """Every rule that puts the action first, on both channels."""
    urgent = [t for t in catalog.topics if t.urgent]
    for topic in urgent:
        yield from _first_text(catalog, topic, where)
        yield from _signs_pages(topic, where)
        yield from _help_pages(topic, where)
        yield from _first_words(topic, where)
    yield from _order(catalog, where)
    yield from _greeting(book, where)
    for topic in catalog.topics:
        yield from _lists(topic, where)
        for field, text in _texts(topic):
            yield from _when(catalog, text, where.topic(topic.id, *field))


def _first_text(catalog: Catalog, topic: Topic, where: Locator) -> Iterator[Problem]:
    at = where.topic(topic.id, "sms", 0)
    first = topic.sms[0]
    if not complete_action(first[:CALL_TO_ACTION_WITHIN]):
        yield codes.ACTION_LATE.at(
            at,
            f"an urgent topic's first text must give the whole action within its first "
            f"{CALL_TO_ACTION_WITHIN} characters: whom to call (the 24-hour line or team), "
            "how soon (now), and 999 or A&E if it is severe",
        )
    call = _CALL.search(first)
    before = first[: call.start()] if call else first
    if ":" in before or before.count(",") >= 2:
        yield codes.SIGNS_BEFORE_ACTION.at(
            at, "say whom to call before listing signs: the action comes first"
        )
    if topic.red_flags:
        others = tuple(t for t in catalog.topics if t.urgent and t.red_flags and t != topic)
        longest = compose(
            f"{first}\n{also_pointer(others)}", catalog.service.replies, more=True, footer=False
        )
        if others and not fits(longest):
            yield codes.URGENT_POINTER_LONG.at(
                at,
                "with other urgent signs in one message, this first text and the line saying "
                "so would go over 2 segments: shorten it",
            )


def _signs_pages(topic: Topic, where: Locator) -> Iterator[Problem]:
    """A later page listing an urgent problem's signs is read by someone who may have them."""
    if not topic.red_flags:
        return
    for number, page in enumerate(topic.pages):
        if (
            number
            and SIGNS_KIND in page.answers
            and not calls_to_action(page.text[:CALL_TO_ACTION_WITHIN])
        ):
            yield codes.SIGNS_WITHOUT_ACTION.at(
                where.topic(topic.id, "sms", number),
                f"a page listing signs of an urgent problem must say whom to call within its "
                f"first {CALL_TO_ACTION_WITHIN} characters, as a condition ('Call your 24-hour "
                "cancer line now for these signs too: ...'), before the signs",
            )


def _help_pages(topic: Topic, where: Locator) -> Iterator[Problem]:
    """Every page of the urgent-help topic (urgent, with no red flags of its own: the one
    URGENT and every reply point to) may be what an urgent message reaches by its words, so
    each opens with the call: one of its first two sentences tells the person to call the
    24-hour line or 999 now ("A sign now? Call your 24-hour cancer line now.")."""
    if topic.red_flags:
        return
    for number, page in enumerate(topic.pages):
        opening = _SENTENCE.findall(page.text[:CALL_TO_ACTION_WITHIN])[:HELP_OPENING_SENTENCES]
        if not any(_opens_with_call(sentence) for sentence in opening):
            yield codes.HELP_PAGE_WITHOUT_CALL.at(
                where.topic(topic.id, "sms", number),
                "an urgent message can reach any page of the urgent-help topic by its words: "
                "open it with the call, within its first two sentences ('Call your 24-hour "
                "cancer line now.')",
            )


def _opens_with_call(sentence: str) -> bool:
    """Whether a sentence tells the person to call now: it starts with the call."""
    words = sentence.strip()
    return bool(_CALL.match(words) and _URGENT_CONTACT.search(words) and _SOON.search(words))


def _first_words(topic: Topic, where: Locator) -> Iterator[Problem]:
    opening = " ".join(topic.speech.split()[:SPOKEN_ACTION_WORDS])
    if not (calls_to_action(opening) and _SOON.search(opening)):
        yield codes.SPOKEN_ACTION_LATE.at(
            where.topic(topic.id, "speech"),
            f"an urgent script must say whom to call and how soon in its first "
            f"{SPOKEN_ACTION_WORDS} words (about {SPOKEN_ACTION_SECONDS} seconds); "
            f"it begins '{opening}'",
        )


def _order(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    service = catalog.service
    wanted = [t.id for t in catalog.topics if t.urgent and t.red_flags]
    order = list(service.urgent_order)
    if sorted(order) != sorted(wanted) or len(set(order)) != len(order):
        yield codes.URGENT_ORDER.at(
            where.service("urgent_order"),
            f"urgent_order must list each urgent topic with red flags once "
            f"({', '.join(sorted(wanted))}); it lists {', '.join(order)}",
        )
    for lead in service.urgent_leads:
        if lead not in wanted:
            yield codes.URGENT_ORDER.at(
                where.service("urgent_leads"),
                f"urgent_leads may only name urgent topics with red flags, not '{lead}'",
            )
    if service.temperature.topic not in wanted:
        yield codes.URGENT_ORDER.at(
            where.service("temperature", "topic"),
            f"a high temperature must lead to an urgent topic with red flags, "
            f"not '{service.temperature.topic}'",
        )


def _greeting(book: VoiceBook, where: Locator) -> Iterator[Problem]:
    heard = book.words_before_urgent_key()
    if heard is None or heard > SPOKEN_ACTION_WORDS:
        said = "never" if heard is None else f"after {heard} words"
        yield codes.URGENT_KEY_LATE.at(
            where.voice("words", "greeting"),
            f"callers must hear the urgent key within {SPOKEN_ACTION_SECONDS} seconds "
            f"({SPOKEN_ACTION_WORDS} words); it comes {said}: keep the greeting short and "
            "say the disclaimer after the menu",
        )


def _lists(topic: Topic, where: Locator) -> Iterator[Problem]:
    for i, part in enumerate(topic.speech_parts):
        field = ("speech",) if len(topic.speech_parts) == 1 else ("speech", i)
        for sentence in _SENTENCE.findall(part.text):
            # "A, B, C and D": one more item than commas when "and" or "or" ends the list.
            ends_with_and = re.search(r"\b(and|or)\b", sentence.rsplit(",", 1)[-1])
            items = sentence.count(",") + (2 if ends_with_and else 1)
            if items > MOST_LIST_ITEMS and sentence.count(",") >= 2:
                yield codes.LONG_LIST.at(
                    where.topic(topic.id, *field),
                    f"a spoken list of about {items} items in one sentence; callers hold at "
                    f"most {MOST_LIST_ITEMS}: split it: '{sentence.strip()[:60]}...'",
                )


def _when(catalog: Catalog, text: str, at: Location) -> Iterator[Problem]:
    """Advice to call says how soon; a fever named says when it needs a call."""
    helpline = catalog.service.helpline
    for sentence in _SENTENCE.findall(text):
        conditional = re.search(r"\bif\b", sentence, re.IGNORECASE)
        # Calling our own nurses for a chat is an offer, not advice about symptoms.
        offer = helpline.number in sentence or re.search(r"\bour nurses\b", sentence, re.I)
        if (
            conditional
            and not offer
            and _CONDITIONAL_CALL.search(sentence)
            and not _SOON.search(sentence)
        ):
            yield codes.CALL_WITHOUT_WHEN.at(
                at,
                f"say how soon to call (now, straight away, today): '{sentence.strip()[:70]}'",
            )
    rule = catalog.service.temperature
    threshold = f"{rule.at_or_above:g}"
    if _FEVER.search(text) and threshold not in text and "point five" not in text:
        yield codes.FEVER_WITHOUT_RULE.at(
            at,
            f"a temperature is named without when it needs a call: give the rule "
            f"({threshold} or more, or below {rule.below:g}: call the 24-hour line now)",
        )


def _texts(topic: Topic) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for i, page in enumerate(topic.pages):
        yield ("sms", i), page.text
    yield ("speech",), topic.speech
