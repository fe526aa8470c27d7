"""Rules about understanding and answering: question kinds, words, the glossary, cases.

A page says which kinds of question it answers; the kinds must exist, a topic must answer
the common ones for its kind, and a page's own words must not belong to another topic. Red
flags name word classes the lexicon has, and the lexicon holds the context rules. Medical
words come with their plain explanation. The operators' must-pass cases pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from helpline.channels.sms import reply_to
from helpline.channels.sms_render import SmsBook, fits, name_line
from helpline.content import codes
from helpline.content.model import Catalog
from helpline.content.problems import Location, Problem
from helpline.content.yamlreader import Locator
from helpline.text.words import words
from helpline.understanding.context import CLASSES
from helpline.understanding.matching import Matcher
from helpline.understanding.meaning import INJURY_CLASS
from helpline.understanding.patterns import UnknownClass, compile_phrase
from helpline.understanding.people import CLASSES as PEOPLE_CLASSES


def answer_problems(
    catalog: Catalog, matcher: Matcher, book: SmsBook, where: Locator
) -> Iterator[Problem]:
    """Every rule about understanding people and answering what they asked (word classes
    apart: see class_problems, which must hold before a matcher can be built)."""
    yield from _questions(catalog, where)
    yield from _homes(catalog, where)
    yield from _backdrop(catalog, where)
    yield from _within(catalog, where)
    yield from _names(catalog, book, where)
    yield from _glossary(catalog, where)
    yield from _cases(catalog, matcher, book)


def class_problems(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    """Word classes named anywhere that the lexicon does not have, and the context classes it
    lacks: with any of these, no matcher can be built from the content."""
    missing = [
        name for name in dict.fromkeys((*CLASSES, *PEOPLE_CLASSES)) if name not in catalog.lexicon
    ]
    if missing:
        yield codes.UNKNOWN_CLASS.at(
            Location("lexicon.yaml", 1),
            f"the lexicon needs the context classes {', '.join(missing)}: without them no "
            "symptom can be judged denied, past or another sense",
        )
    if catalog.service.urgent_leads and INJURY_CLASS not in catalog.lexicon:
        yield codes.UNKNOWN_CLASS.at(
            Location("lexicon.yaml", 1),
            f"service.yaml names urgent_leads, which lead only when the message tells of an "
            f"injury: the lexicon needs the class {INJURY_CLASS}",
        )
    for text, at in _phrases_written(catalog, where):
        try:
            compile_phrase(text, "", catalog.lexicon)
        except UnknownClass as exc:
            yield codes.UNKNOWN_CLASS.at(
                at, f"'{text}' names the word class {{{exc}}}, which lexicon.yaml does not have"
            )


def _phrases_written(catalog: Catalog, where: Locator) -> Iterator[tuple[str, Location]]:
    """Every phrase that may name a word class, with where it was written."""
    for topic in catalog.topics:
        for field in ("red_flags", "keywords", "synonyms"):
            for i, text in enumerate(getattr(topic, field)):
                yield text, where.topic(topic.id, field, i)
        for number, page in enumerate(topic.pages):
            for i, text in enumerate(page.about):
                yield text, where.topic(topic.id, "sms", number, "about", i)
    for question in catalog.questions:
        for i, text in enumerate(question.phrases):
            yield text, where.entry("questions.yaml", question.id, "phrases", i)
    for name, entries in catalog.lexicon.items():
        for i, text in enumerate(entries):
            yield text, where.lexicon(name, i)


def _questions(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    known = {q.id for q in catalog.questions}
    owners = {
        words(text): topic.id
        for topic in catalog.topics
        for text in (*topic.keywords, *topic.synonyms)
        if words(text)
    }
    for topic in catalog.topics:
        answered: set[str] = set()
        parts = [(("sms", i), page.answers) for i, page in enumerate(topic.pages)]
        parts += [(("speech", i), part.answers) for i, part in enumerate(topic.speech_parts)]
        for field, answers in parts:
            for answer in answers:
                if answer not in known:
                    yield codes.UNKNOWN_QUESTION.at(
                        where.topic(topic.id, *field),
                        f"'{answer}' is not a kind of question in questions.yaml "
                        f"({', '.join(sorted(known))})",
                    )
            answered |= set(answers)
        if topic.urgent and topic.pages and topic.pages[0].about:
            yield codes.ALARM_PAGE_ABOUT.at(
                where.topic(topic.id, "sms", 0, "about"),
                "the first page of an urgent topic is its alarm: symptoms belong in red_flags, "
                "and about words here would send questions to it; put them on a later page",
            )
        for i, page in enumerate(topic.pages):
            for phrase in page.about:
                owner = owners.get(words(phrase))
                if owner is not None and owner != topic.id:
                    yield codes.QUESTION_WORDS_COLLIDE.at(
                        where.topic(topic.id, "sms", i),
                        f"'{phrase}' points to this page, but it is a keyword or synonym of "
                        f"'{owner}', so it takes people there first",
                    )
        for question in catalog.questions:
            if topic.kind in question.expected_for and question.id not in answered:
                yield codes.QUESTION_UNANSWERED.at(
                    where.topic(topic.id, "sms"),
                    f"no page answers '{question.label}' ({question.id}), a question people "
                    f"often ask about a {topic.kind} topic",
                )


def _homes(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    for question in catalog.questions:
        if question.home is None:
            continue
        at = where.entry("questions.yaml", question.id, "home")
        if not catalog.has_topic(question.home):
            yield codes.HOME_DOES_NOT_ANSWER.at(
                at, f"'{question.home}' is not a topic, so '{question.id}' questions have no home"
            )
        elif not any(question.id in p.answers for p in catalog.topic(question.home).pages):
            yield codes.HOME_DOES_NOT_ANSWER.at(
                at,
                f"no SMS page of '{question.home}' answers '{question.id}', so a question of "
                "that kind with no topic named would get a page that does not answer it",
            )


def _backdrop(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    for topic_id in catalog.service.backdrop:
        if not catalog.has_topic(topic_id):
            yield codes.URGENT_BACKDROP.at(
                where.service("backdrop"), f"backdrop names '{topic_id}', which is not a topic"
            )
        elif catalog.topic(topic_id).red_flags:
            yield codes.URGENT_BACKDROP.at(
                where.service("backdrop"),
                f"backdrop names '{topic_id}', which has red flags: an urgent problem must "
                "never count for less because others are named beside it",
            )


def _within(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    for topic in catalog.topics:
        broad = topic.within
        if broad is None:
            continue
        at = where.topic(topic.id, "within")
        if broad == topic.id or not catalog.has_topic(broad):
            yield codes.BAD_WITHIN.at(at, f"within names '{broad}', which is not another topic")
        elif catalog.topic(broad).urgent:
            yield codes.BAD_WITHIN.at(
                at,
                f"within names the urgent topic '{broad}': an urgent topic must never count "
                "for less because a narrower one is named beside it",
            )
        elif catalog.topic(broad).within is not None:
            yield codes.BAD_WITHIN.at(
                at, f"'{broad}' is itself within another topic: name the broadest one"
            )


def _names(catalog: Catalog, book: SmsBook, where: Locator) -> Iterator[Problem]:
    for topic in catalog.topics:
        for i in range(len(topic.pages)):
            for name in topic.names:
                reply = f"{name_line(name)}\n{book.topic_reply(topic.id, i)}"
                if not fits(reply):
                    yield codes.NAME_DOES_NOT_FIT.at(
                        where.topic(topic.id, "sms", i),
                        f"echoing the name '{name}' above this page goes over 2 segments: "
                        "shorten the page or the name",
                    )
                    break


def _glossary(catalog: Catalog, where: Locator) -> Iterator[Problem]:
    for topic in catalog.topics:
        texts: list[tuple[tuple[str | int, ...], str]] = [
            (("sms", i), page.text) for i, page in enumerate(topic.pages)
        ]
        texts.append((("speech",), topic.speech))
        for field, text in texts:
            said = f" {' '.join(words(text))} "
            for term in catalog.glossary:
                if f" {' '.join(words(term.term))} " not in said:
                    continue
                if not any(
                    f" {' '.join(words(e))} " in said for e in (term.plain, *term.explained_by)
                ):
                    yield codes.UNEXPLAINED_TERM.at(
                        where.topic(topic.id, *field),
                        f"'{term.term}' is used without its plain words ('{term.plain}')",
                    )


def _cases(catalog: Catalog, matcher: Matcher, book: SmsBook) -> Iterator[Problem]:
    for case in catalog.cases:
        at = Location("cases.yaml", case.line)
        if case.topic is not None and not catalog.has_topic(case.topic):
            yield codes.CASE_UNKNOWN_TOPIC.at(at, f"no topic has the id '{case.topic}'")
            continue
        match = matcher.match(case.message)
        reply = reply_to(book, match)
        got = match.topic.id if match.topic else None
        wrong: list[str] = []
        if case.urgent is not None and match.is_urgent_advice != case.urgent:
            wrong.append("urgent advice" if case.urgent else "no urgent advice")
        asked = match.question.topic.id if match.question else None
        if case.topic is not None and case.topic not in (got, asked):
            wrong.append(f"topic '{case.topic}'")
        wrong += [f"'{text}' in the reply" for text in case.contains if text not in reply]
        if wrong:
            yield codes.CASE_FAILS.at(
                at,
                f"'{case.message}' must get {' and '.join(wrong)}; it gets "
                f"{_describe(got, match.is_urgent_advice)}: '{reply[:80]}'",
            )


def _describe(topic: str | None, urgent: bool) -> str:
    if topic is None:
        return "no topic"
    return f"topic '{topic}'" + (" as urgent advice" if urgent else "")
