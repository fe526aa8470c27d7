"""The content rules behind `helpline check`: every problem at once, each with its place."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date

from helpline.channels.phone_keys import OPTION_KEYS, RESERVED_KEYS, SPOKEN_KEYS, URGENT
from helpline.channels.sms_render import MAX_SEGMENTS, render_sms
from helpline.channels.voice_script import read_for_voice
from helpline.content import codes
from helpline.content.loading import REPLY_FIELDS, LoadResult
from helpline.content.model import Catalog, Menu, MenuOption, Topic, Voice, VoiceWords
from helpline.content.problems import Location, Problem
from helpline.content.rules_answers import answer_problems, class_problems
from helpline.content.rules_sources import source_problems
from helpline.content.rules_urgent import urgent_problems
from helpline.content.yamlreader import Locator
from helpline.text.gsm import encoding_of, non_gsm7_characters, suggest_replacement
from helpline.text.numbers import ways_to_say
from helpline.text.readability import READING_GRADE_TARGET, readability, reading_age
from helpline.text.words import bare, words
from helpline.understanding.matching import HELP_PHRASES, RESERVED_WORDS, URGENT_WORD, Matcher

WORDS_PER_MINUTE = 145
SPEECH_SECONDS = (20, 60)
_REASSURANCE = re.compile(
    r"(this is (quite )?normal|nothing to worry about|no need to worry"
    r"|(do not|don['\u2019]?t) worry)",
    re.IGNORECASE,
)
MAX_MENU_OPTIONS = 5
"""Callers hold at most this many options in mind while a menu is read out."""
MAX_LABEL_WORDS = 12
"""A longer label is a warning: callers must remember it while the rest of the menu plays."""
_PRESS = re.compile(r"\bpress\b", re.IGNORECASE)
# A number as written: digit groups joined by a space or hyphen, or grouped by commas.
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[ -]\d+)*")
_LONG_DIGITS = re.compile(r"\d{3,}")
_READ_BADLY: dict[str, str] = {
    "&": "say 'and'",
    "%": "say 'per cent'",
    "/": "say 'or' or 'and'",
    "(": "use commas or a new sentence",
    ")": "use commas or a new sentence",
    "[": "use commas or a new sentence",
    "]": "use commas or a new sentence",
    "{": "use commas or a new sentence",
    "}": "use commas or a new sentence",
    "<": "say 'less than'",
    ">": "say 'more than'",
    "*": f"say '{SPOKEN_KEYS['*']}' for the key",
    "#": f"say '{SPOKEN_KEYS['#']}' for the key",
    "@": "say 'at'",
    "~": "say 'about'",
    "|": "use a comma or a new sentence",
}
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), said)
    for pattern, said in (
        (r"\be\.?g\b\.?", "for example"),
        (r"\bi\.?e\b\.?", "that is"),
        (r"\betc\b\.?", "and so on"),
        (r"\bapprox\b\.?", "about"),
        (r"(?<![^\W\d])mg\b", "milligrams"),
        (r"(?<![^\W\d])ml\b", "millilitres"),
        (r"\bdr\b\.?", "doctor"),
        (r"\bno\.(?=\s*\d)", "number"),
        (r"\bvs\b\.?", "or"),
    )
)


def check(result: LoadResult, today: date) -> list[Problem]:
    """Every problem in the content, in file and line order."""
    problems = list(result.problems)
    if result.catalog is not None:
        problems += _catalog_problems(result.catalog, result.locator, today)
        problems += source_problems(result.catalog, result.locator, result.root)
    return sorted(problems, key=lambda p: (p.location.file, p.location.line or 0, p.message))


def _catalog_problems(catalog: Catalog, where: Locator, today: date) -> Iterator[Problem]:
    book = render_sms(catalog)
    yield from _claimed_words(catalog, where)
    yield from _gsm_and_length(catalog, where)
    unknown = list(class_problems(catalog, where))
    yield from unknown
    if not unknown:  # a class the lexicon lacks leaves nothing to build a matcher from
        matcher = Matcher(catalog)
        yield from _safety(catalog, matcher, where)
        yield from answer_problems(catalog, matcher, book, where)
    if catalog.voice is not None:
        yield from urgent_problems(catalog, read_for_voice(catalog), where)
    yield from _speech(catalog, where)
    yield from _reading_level(catalog, where)
    yield from _reviews(catalog, where, today)
    if catalog.voice is not None:
        yield from _phone(catalog, catalog.voice, where)


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
                yield codes.NO_LETTERS.at(at, f"'{text}' has no letters or digits to match on")
                continue
            reserved = {bare(text), *key} & RESERVED_WORDS if len(key) == 1 else set()
            if reserved:
                word = sorted(reserved)[0].upper()
                yield codes.RESERVED.at(
                    at, f"'{text}' collides with {word}, a word the carrier or service uses"
                )
            elif key in HELP_PHRASES:
                yield codes.HELP_PLEA.at(
                    at, f"'{text}' is a plea for help: it always gets the HELP reply"
                )
            elif key == (URGENT_WORD,) and topic.id != URGENT_WORD:
                yield codes.URGENT_ONLY.at(at, "only the 'urgent' topic may use URGENT")
            elif len(key) == 1 and key[0].isdigit() and int(key[0]) <= len(catalog.topics):
                yield codes.MENU_NUMBER.at(at, f"'{text}' is a menu number already")
            elif key in owners and owners[key] != topic.id:
                yield codes.CLAIMED.at(at, f"'{text}' is already claimed by topic '{owners[key]}'")
            elif key in owners:
                yield codes.LISTED_TWICE.at(at, f"'{text}' is listed twice in this topic")
            owners.setdefault(key, topic.id)


def _gsm_and_length(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    """Every word that goes out by SMS is GSM-7 and every reply fits in two segments."""
    book = render_sms(catalog)
    replies = catalog.service.replies
    for topic in catalog.topics:
        yield from _gsm7(topic.title, where.topic(topic.id, "title"), where)
        for i, page in enumerate(topic.sms):
            at = where.topic(topic.id, "sms", i)
            yield from _gsm7(page, at, where)
            yield from _segments(book.topic_reply(topic.id, i), at)
    for name in REPLY_FIELDS:
        yield from _gsm7(getattr(replies, name), where.service("replies", name), where)
    for name in ("help", "start", "more_end", "fallback"):
        yield from _segments(getattr(book, name), where.service("replies", name))
    for i, page in enumerate(book.menu_pages):
        yield from _segments(page, where.service("menu"), f"menu page {i + 1}")
    for note in ("not_understood", "no_text"):
        yield from _segments(book.menu(getattr(replies, note)), where.service("replies", note))


def _gsm7(text: str, at: Location, where: Locator) -> Iterator[Problem]:
    """Each character that would force UCS-2, on the line where it was written."""
    for index, char in non_gsm7_characters(text):
        suggestion = suggest_replacement(char)
        hint = f"; use {suggestion!r} instead" if suggestion else "; remove it"
        name = f"U+{ord(char):04X}"
        yield codes.NOT_GSM7.at(
            where.character(at, text, index),
            f"character {char!r} ({name}) at position {index + 1} is not GSM-7{hint}",
        )


def _segments(text: str, at: Location, what: str = "the reply") -> Iterator[Problem]:
    encoding = encoding_of(text)
    if encoding.segments > MAX_SEGMENTS:
        yield codes.TOO_LONG.at(
            at,
            f"{what} is {encoding.units} {encoding.name} units, {encoding.segments} segments "
            f"(at most {MAX_SEGMENTS}); shorten it or move text to a MORE page",
        )


def _safety(catalog: Catalog, matcher: Matcher, where: Locator) -> Iterator[Problem]:
    """Urgent advice is findable; nothing reassures; help gives a way out."""
    for topic in catalog.topics:
        if topic.urgent:
            yield from _urgent_topic(topic, where)
        elif topic.red_flags:
            yield codes.RED_FLAGS_NOT_URGENT.at(
                where.topic(topic.id, "red_flags"), "only urgent topics have red flags"
            )
        else:
            yield from _reachable(topic, matcher, where)
        texts: list[tuple[tuple[str | int, ...], str]] = [
            (("sms", i), page) for i, page in enumerate(topic.sms)
        ]
        for path, text in [*texts, (("speech",), topic.speech)]:
            found = _REASSURANCE.search(text)
            if found:
                yield codes.REASSURANCE.at(
                    where.topic(topic.id, *path), f"do not reassure: '{found.group(0)}'"
                )
    if not any(URGENT_WORD.upper() in topic.keywords for topic in catalog.topics):
        yield codes.NO_URGENT_TOPIC.at(
            where.service("replies", "footer"),
            "every reply points to URGENT, but no topic has the keyword URGENT",
        )
    service = catalog.service
    for name in ("help", "fallback"):
        text = getattr(service.replies, name)
        for needed in (service.helpline.number, service.emergency_number):
            if needed not in text:
                yield codes.MISSING_NUMBERS.at(
                    where.service("replies", name), f"must give {needed}"
                )


def _urgent_topic(topic: Topic, where: Locator) -> Iterator[Problem]:
    if not topic.red_flags and URGENT_WORD.upper() not in topic.keywords:
        yield codes.NO_RED_FLAGS.at(
            where.topic(topic.id, "red_flags"), "an urgent topic needs red-flag phrases"
        )


def _reachable(topic: Topic, matcher: Matcher, where: Locator) -> Iterator[Problem]:
    """A keyword that trips a red flag would hide its topic behind urgent advice."""
    for field, texts in (("keywords", topic.keywords), ("synonyms", topic.synonyms)):
        for i, text in enumerate(texts):
            hits = matcher.urgent_in(text)
            if hits:
                yield codes.HIDDEN_BY_RED_FLAG.at(
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
            yield codes.SCRIPT_LENGTH.at(
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
                yield codes.READING_LEVEL.at(
                    where.topic(topic.id, *path),
                    f"reading age {reading_age(score.grade):.1f} (US grade {score.grade:.1f}); "
                    f"aim for {reading_age(READING_GRADE_TARGET):.0f} or under: shorter "
                    "sentences, plainer words",
                )


def _reviews(catalog: Catalog, where: Locator, today: date) -> Iterator[Problem]:
    users: dict[str, list[str]] = {}
    for topic in catalog.topics:
        for source in topic.sources:
            users.setdefault(source.file, []).append(topic.id)
    for i, source in enumerate(catalog.sources):
        if source.next_review < today:
            using = ", ".join(users.get(source.file, [])) or "no topic"
            at = Location("sources.yaml", where.documents["sources.yaml"].line(i, "next_review"))
            yield codes.REVIEW_DUE.at(
                at,
                f"'{source.file}' was due for review in {source.next_review:%B %Y}; "
                f"check the topics built on it against a newer version ({using})",
            )


def _phone(catalog: Catalog, voice: Voice, where: Locator) -> Iterator[Problem]:
    """The phone menus: urgent first, few and clear options, everything reachable by keys."""
    yield from _urgent_first(catalog, voice, where)
    for menu in voice.menus:
        yield from _menu_shape(menu, where)
    menus, topics = _reached(voice)
    for menu in voice.menus:
        if menu.id not in menus:
            yield codes.MENU_UNREACHABLE.at(
                where.menu(menu.id, "id"),
                f"menu '{menu.id}' cannot be reached by keys from the main menu "
                f"'{voice.main.id}': add an option that leads to it, or remove it",
            )
    for topic in catalog.topics:
        if topic.id not in topics:
            yield codes.TOPIC_UNREACHABLE.at(
                where.topic(topic.id, "id"),
                f"topic '{topic.id}' cannot be reached by keys on the phone: no menu in "
                "voice.yaml that callers can reach leads to it, as an option or as an intro",
            )
    yield from _for_the_ear(catalog, voice, where)


def _urgent_first(catalog: Catalog, voice: Voice, where: Locator) -> Iterator[Problem]:
    """Key 1 of the main menu is urgent symptoms: the first thing every caller hears."""
    main = voice.main
    wanted = (
        f"key {URGENT} of the main menu must lead to urgent symptoms "
        "(an urgent topic, or a menu whose intro is an urgent topic)"
    )
    found = next(((j, o) for j, o in enumerate(main.options) if o.key == URGENT), None)
    if found is None:
        yield codes.URGENT_NOT_KEY_ONE.at(
            where.menu(main.id, "options"), f"{wanted}; no option has key {URGENT} now"
        )
        return
    index, option = found
    leads_to = _not_urgent(catalog, voice, option)
    if leads_to is not None:
        yield codes.URGENT_NOT_KEY_ONE.at(
            where.menu(main.id, "options", index, "key"), f"{wanted}; it leads to {leads_to} now"
        )


def _not_urgent(catalog: Catalog, voice: Voice, option: MenuOption) -> str | None:
    """What an option leads to, said for an operator; None when that is urgent."""
    if option.topic_id is not None:
        topic = catalog.topic(option.topic_id)
        return None if topic.urgent else f"topic '{topic.id}', a {topic.kind} topic"
    menu = voice.menu(option.menu_id or "")
    if menu is None:
        return "nothing"
    if menu.intro_topic is None:
        return f"menu '{menu.id}', which has no intro topic"
    intro = catalog.topic(menu.intro_topic)
    if intro.urgent:
        return None
    return f"menu '{menu.id}', whose intro '{intro.id}' is a {intro.kind} topic"


def _menu_shape(menu: Menu, where: Locator) -> Iterator[Problem]:
    """Few options, each on a key of its own, each label said once and clearly."""
    count = len(menu.options)
    if count > MAX_MENU_OPTIONS:
        yield codes.TOO_MANY_OPTIONS.at(
            where.menu(menu.id, "options", MAX_MENU_OPTIONS, "key"),
            f"menu '{menu.id}' has {count} options; callers can hold at most "
            f"{MAX_MENU_OPTIONS} in mind: move some into a menu of their own",
        )
    first, last = OPTION_KEYS[0], OPTION_KEYS[-1]
    seen: set[str] = set()
    for j, option in enumerate(menu.options):
        at = where.menu(menu.id, "options", j, "key")
        if option.key in RESERVED_KEYS:
            yield codes.RESERVED_KEY.at(
                at,
                f"key {option.key} means '{RESERVED_KEYS[option.key]}' in every menu, so it "
                f"cannot be an option; use a key from {first} to {last}",
            )
        elif option.key not in OPTION_KEYS:
            yield codes.NOT_A_KEY.at(
                at, f"'{option.key}' is not a key for an option; use a key from {first} to {last}"
            )
        elif option.key in seen:
            yield codes.KEY_TWICE.at(
                at,
                f"key {option.key} is given to two options of menu '{menu.id}'; "
                "callers could only ever reach the first",
            )
        seen.add(option.key)
    yield from _label(menu.label, where.menu(menu.id, "label"))
    for j, option in enumerate(menu.options):
        if option.label:
            yield from _label(option.label, where.menu(menu.id, "options", j, "label"))


def _label(label: str, at: Location) -> Iterator[Problem]:
    """A label is heard inside 'For <label>, press <key>.', and must be remembered."""
    said = "a label is said as 'For <label>, press <key>.'"
    first = label.split()[0]
    if first.lower() == "for":
        yield codes.LABEL_SAYS_FOR.at(
            at, f"{said}: drop the leading '{first}', or callers hear 'For {label}'"
        )
    if _PRESS.search(label):
        yield codes.LABEL_SAYS_PRESS.at(at, f"{said}: take out 'press', or callers hear it twice")
    count = len(label.split())
    if count > MAX_LABEL_WORDS:
        yield codes.LABEL_LONG.at(
            at,
            f"the label is {count} words; callers must hold it in mind while the menu goes on: "
            f"keep it to {MAX_LABEL_WORDS} or fewer",
        )


def _reached(voice: Voice) -> tuple[set[str], set[str]]:
    """The menus and topics a caller can reach by keys from the main menu."""
    menus = {voice.main.id}
    topics: set[str] = set()
    waiting = [voice.main]
    while waiting:
        menu = waiting.pop()
        if menu.intro_topic is not None:
            topics.add(menu.intro_topic)
        for option in menu.options:
            if option.topic_id is not None:
                topics.add(option.topic_id)
            target = voice.menu(option.menu_id) if option.menu_id is not None else None
            if target is not None and target.id not in menus:
                menus.add(target.id)
                waiting.append(target)
    return menus, topics


def _for_the_ear(catalog: Catalog, voice: Voice, where: Locator) -> Iterator[Problem]:
    """Everything the phone line says is written as it is said, never as it is printed."""
    spoken: list[tuple[Location, str]] = [
        (where.topic(topic.id, "speech"), topic.speech) for topic in catalog.topics
    ]
    spoken += [
        (where.voice("words", name), getattr(voice.words, name))
        for name in VoiceWords.__dataclass_fields__
    ]
    for menu in voice.menus:
        spoken.append((where.menu(menu.id, "label"), menu.label))
        spoken += [
            (where.menu(menu.id, "options", j, "label"), option.label)
            for j, option in enumerate(menu.options)
            if option.label
        ]
    for at, text in spoken:
        yield from _heard(text, at)


def _heard(text: str, at: Location) -> Iterator[Problem]:
    """Digits, symbols and abbreviations a speech engine would read badly or literally."""
    for found in dict.fromkeys(m.group(0) for m in _NUMBER.finditer(text)):
        if _LONG_DIGITS.search(found):
            yield codes.DIGITS_IN_SPEECH.at(
                at,
                f"'{found}' is written in digits; say numbers as people say them, "
                f"e.g. {ways_to_say(found)}",
            )
    for char in dict.fromkeys(c for c in text if c in _READ_BADLY):
        yield codes.SYMBOL_IN_SPEECH.at(
            at,
            f"write it as it is said: a speech engine reads '{char}' badly or literally; "
            f"{_READ_BADLY[char]}",
        )
    for pattern, said in _ABBREVIATIONS:
        for written in dict.fromkeys(m.group(0) for m in pattern.finditer(text)):
            yield codes.ABBREVIATION_IN_SPEECH.at(
                at,
                f"write it as it is said: '{written}' is an abbreviation a speech engine "
                f"reads badly or literally; say '{said}'",
            )
