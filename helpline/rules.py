"""The content rules behind `helpline check`: every problem at once, each with its place."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date

from helpline.catalog import Catalog, Topic
from helpline.gsm import encoding_of, non_gsm7_characters, suggest_replacement
from helpline.loading import REPLY_FIELDS, LoadResult, Locator
from helpline.matching import RESERVED_WORDS, URGENT_WORD, Matcher
from helpline.problems import Location, Problem, Severity
from helpline.readability import READING_GRADE_TARGET, readability, reading_age
from helpline.sms_render import MAX_SEGMENTS, render_sms
from helpline.words import bare, words

WORDS_PER_MINUTE = 145
SPEECH_SECONDS = (20, 60)
CALL_TO_ACTION_WITHIN = 160
_CALL = re.compile(r"\b(call|phone|ring|go to|contact)\b", re.IGNORECASE)
_URGENT_CONTACT = re.compile(r"(\b999\b|A&E|24[- ]hour|treatment team|cancer team)", re.IGNORECASE)
_REASSURANCE = re.compile(
    r"(this is (quite )?normal|nothing to worry about|no need to worry"
    r"|(do not|don['\u2019]?t) worry)",
    re.IGNORECASE,
)


def check(result: LoadResult, today: date) -> list[Problem]:
    """Every problem in the content, in file and line order."""
    problems = list(result.problems)
    if result.catalog is not None:
        problems += _catalog_problems(result.catalog, result.locator, today)
    return sorted(problems, key=lambda p: (p.location.file, p.location.line or 0, p.message))


def _catalog_problems(catalog: Catalog, where: Locator, today: date) -> Iterator[Problem]:
    yield from _claimed_words(catalog, where)
    yield from _gsm_and_length(catalog, where)
    yield from _safety(catalog, where)
    yield from _speech(catalog, where)
    yield from _reading_level(catalog, where)
    yield from _reviews(catalog, where, today)


def _error(location: Location, message: str) -> Problem:
    return Problem(Severity.ERROR, location, message)


def _warning(location: Location, message: str) -> Problem:
    return Problem(Severity.WARNING, location, message)


def _claimed_words(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    """Keywords and synonyms: one owner each, and never a word the carrier or service uses."""
    owners: dict[tuple[str, ...], str] = {}
    for topic in catalog.topics:
        entries = [("keywords", i, k) for i, k in enumerate(topic.keywords)]
        entries += [("synonyms", i, s) for i, s in enumerate(topic.synonyms)]
        for field, index, text in entries:
            at = where.topic(topic.id, field, index)
            key = words(text)
            if not key:
                yield _error(at, f"'{text}' has no letters or digits to match on")
                continue
            reserved = {bare(text), *key} & RESERVED_WORDS if len(key) == 1 else set()
            if reserved:
                word = sorted(reserved)[0].upper()
                yield _error(
                    at, f"'{text}' collides with {word}, a word the carrier or service uses"
                )
            elif key == (URGENT_WORD,) and topic.id != URGENT_WORD:
                yield _error(at, "only the 'urgent' topic may use URGENT")
            elif len(key) == 1 and key[0].isdigit() and int(key[0]) <= len(catalog.topics):
                yield _error(at, f"'{text}' is a menu number already")
            elif key in owners and owners[key] != topic.id:
                yield _error(at, f"'{text}' is already claimed by topic '{owners[key]}'")
            elif key in owners:
                yield _warning(at, f"'{text}' is listed twice in this topic")
            owners.setdefault(key, topic.id)


def _gsm_and_length(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    """Every word that goes out by SMS is GSM-7 and every reply fits in two segments."""
    book = render_sms(catalog)
    replies = catalog.service.replies
    for topic in catalog.topics:
        yield from _gsm7(topic.title, where.topic(topic.id, "title"))
        for i, page in enumerate(topic.sms):
            at = where.topic(topic.id, "sms", i)
            yield from _gsm7(page, at)
            yield from _segments(book.topic_reply(topic.id, i), at)
    for name in REPLY_FIELDS:
        yield from _gsm7(getattr(replies, name), where.service("replies", name))
    for name in ("help", "start", "more_end", "fallback"):
        yield from _segments(getattr(book, name), where.service("replies", name))
    for i, page in enumerate(book.menu_pages):
        yield from _segments(page, where.service("menu"), f"menu page {i + 1}")
    for note in ("not_understood", "no_text"):
        yield from _segments(book.menu(getattr(replies, note)), where.service("replies", note))


def _gsm7(text: str, at: Location) -> Iterator[Problem]:
    for index, char in non_gsm7_characters(text):
        suggestion = suggest_replacement(char)
        hint = f"; use {suggestion!r} instead" if suggestion else "; remove it"
        name = f"U+{ord(char):04X}"
        yield _error(at, f"character {char!r} ({name}) at position {index + 1} is not GSM-7{hint}")


def _segments(text: str, at: Location, what: str = "the reply") -> Iterator[Problem]:
    encoding = encoding_of(text)
    if encoding.segments > MAX_SEGMENTS:
        yield _error(
            at,
            f"{what} is {encoding.units} {encoding.name} units, {encoding.segments} segments "
            f"(at most {MAX_SEGMENTS}); shorten it or move text to a MORE page",
        )


def _safety(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    """Urgent advice comes first and is findable; nothing reassures; help gives a way out."""
    matcher = Matcher(catalog)
    for topic in catalog.topics:
        if topic.urgent:
            yield from _urgent_topic(topic, where)
        elif topic.red_flags:
            yield _error(where.topic(topic.id, "red_flags"), "only urgent topics have red flags")
        else:
            yield from _reachable(topic, matcher, where)
        texts: list[tuple[tuple[str | int, ...], str]] = [
            (("sms", i), page) for i, page in enumerate(topic.sms)
        ]
        for path, text in [*texts, (("speech",), topic.speech)]:
            found = _REASSURANCE.search(text)
            if found:
                yield _error(where.topic(topic.id, *path), f"do not reassure: '{found.group(0)}'")
    if not any(URGENT_WORD.upper() in topic.keywords for topic in catalog.topics):
        yield _error(
            where.service("replies", "footer"),
            "every reply points to URGENT, but no topic has the keyword URGENT",
        )
    service = catalog.service
    for name in ("help", "fallback"):
        text = getattr(service.replies, name)
        for needed in (service.helpline.number, service.emergency_number):
            if needed not in text:
                yield _error(where.service("replies", name), f"must give {needed}")


def _urgent_topic(topic: Topic, where: Locator) -> Iterator[Problem]:
    opening = topic.sms[0][:CALL_TO_ACTION_WITHIN]
    if not (_CALL.search(opening) and _URGENT_CONTACT.search(opening)):
        yield _error(
            where.topic(topic.id, "sms", 0),
            f"an urgent topic must say whom to call (999, A&E, 24-hour line or team) "
            f"within its first {CALL_TO_ACTION_WITHIN} characters",
        )
    if not topic.red_flags and URGENT_WORD.upper() not in topic.keywords:
        yield _error(where.topic(topic.id, "red_flags"), "an urgent topic needs red-flag phrases")


def _reachable(topic: Topic, matcher: Matcher, where: Locator) -> Iterator[Problem]:
    """A keyword that trips a red flag would hide its topic behind urgent advice."""
    for field, texts in (("keywords", topic.keywords), ("synonyms", topic.synonyms)):
        for i, text in enumerate(texts):
            hits = matcher.red_flags_in(words(text))
            if hits:
                yield _error(
                    where.topic(topic.id, field, i),
                    f"'{text}' sets off the red flags of '{hits[0].id}', so this topic "
                    "could never be reached with it",
                )


def _speech(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    low, high = SPEECH_SECONDS
    fewest, most = math.ceil(low * WORDS_PER_MINUTE / 60), high * WORDS_PER_MINUTE // 60
    for topic in catalog.topics:
        count = len(topic.speech.split())
        if not fewest <= count <= most:
            yield _error(
                where.topic(topic.id, "speech"),
                f"the script is {count} words, about {count * 60 / WORDS_PER_MINUTE:.0f} s at "
                f"{WORDS_PER_MINUTE} words a minute; "
                f"aim for {low}-{high} s ({fewest}-{most} words)",
            )


def _reading_level(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    for topic in catalog.topics:
        for path, text in (("sms",), "\n".join(topic.sms)), (("speech",), topic.speech):
            score = readability(text)
            if score.grade > READING_GRADE_TARGET:
                yield _warning(
                    where.topic(topic.id, *path),
                    f"reading age {reading_age(score.grade):.1f} (US grade {score.grade:.1f}); "
                    f"aim for {reading_age(READING_GRADE_TARGET):.0f} or under: shorter "
                    "sentences, plainer words",
                )


def _reviews(catalog: Catalog, where: Locator, today: date) -> Iterator[Problem]:
    users: dict[str, list[str]] = {}
    for topic in catalog.topics:
        users.setdefault(topic.source.file, []).append(topic.id)
    for i, source in enumerate(catalog.sources):
        if source.next_review < today:
            using = ", ".join(users.get(source.file, [])) or "no topic"
            at = Location("sources.yaml", where.documents["sources.yaml"].line(i, "next_review"))
            yield _warning(
                at,
                f"'{source.file}' was due for review in {source.next_review:%B %Y}; "
                f"check the topics built on it against a newer version ({using})",
            )
