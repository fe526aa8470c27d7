"""Reading the files about language: kinds of question, word classes, the glossary, cases."""

from __future__ import annotations

import re
from typing import Any

from helpline.content import codes
from helpline.content.model import TOPIC_KINDS, Case, GlossaryTerm, Question
from helpline.content.problems import Problem
from helpline.content.yamlreader import TOPIC_ID, Reader
from helpline.content.yamlsource import YamlDocument

QUESTION_FIELDS = ("id", "label", "phrases", "expected_for", "home")
GLOSSARY_FIELDS = ("term", "plain", "explained_by")
CASE_FIELDS = ("message", "topic", "urgent", "contains")
CLASS_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def read_questions(doc: YamlDocument, problems: list[Problem]) -> tuple[Question, ...]:
    """questions.yaml: the kinds of question pages say they answer, and how people ask them."""
    reader = Reader(doc, problems, None)
    if not isinstance(doc.data, list) or not doc.data:
        reader.problem(codes.WRONG_TYPE, (), "expected a list of kinds of question")
        return ()
    found: dict[str, Question] = {}
    for i, entry in enumerate(doc.data):
        if not reader.mapping(entry, (i,), QUESTION_FIELDS, ("id", "label", "phrases")):
            continue
        question_id = entry["id"]
        if not isinstance(question_id, str) or not TOPIC_ID.match(question_id):
            reader.problem(codes.BAD_ID, (i, "id"), "an id is lowercase words joined by hyphens")
            continue
        if question_id in found:
            reader.problem(codes.DUPLICATE, (i, "id"), f"'{question_id}' is defined twice")
            continue
        label = reader.text(entry["label"], (i, "label"))
        phrases = reader.texts(entry["phrases"], (i, "phrases"), empty_ok=False)
        kinds = reader.texts(entry.get("expected_for", []), (i, "expected_for"), empty_ok=True)
        for j, kind in enumerate(kinds or ()):
            if kind not in TOPIC_KINDS:
                reader.problem(
                    codes.WRONG_TYPE,
                    (i, "expected_for", j),
                    f"'{kind}' is not a topic kind ({', '.join(TOPIC_KINDS)})",
                )
        home = entry.get("home")
        if home is not None and not (isinstance(home, str) and TOPIC_ID.match(home)):
            reader.problem(codes.BAD_ID, (i, "home"), "a home is the id of one topic")
            home = None
        if label is not None and phrases is not None and kinds is not None:
            found[question_id] = Question(question_id, label, phrases, kinds, home)
    return tuple(found.values())


def read_lexicon(doc: YamlDocument, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """lexicon.yaml: word classes such as {pain} that red flags can name."""
    reader = Reader(doc, problems, None)
    if not isinstance(doc.data, dict) or not doc.data:
        reader.problem(codes.WRONG_TYPE, (), "expected a mapping of class names to word lists")
        return {}
    classes: dict[str, tuple[str, ...]] = {}
    for name, members in doc.data.items():
        if not isinstance(name, str) or not CLASS_NAME.match(name):
            reader.problem(
                codes.BAD_ID, (str(name),), "a class name is lowercase letters and underscores"
            )
            continue
        listed = reader.texts(members, (name,), empty_ok=False)
        if listed is not None:
            classes[name] = listed
            seen: set[str] = set()
            for i, member in enumerate(listed):
                if member.lower() in seen:
                    reader.problem(
                        codes.CLASS_TWICE, (name, i), f"'{member}' is already in {{{name}}}"
                    )
                seen.add(member.lower())
    return classes


def read_glossary(doc: YamlDocument, problems: list[Problem]) -> tuple[GlossaryTerm, ...]:
    """glossary.yaml: medical words and the plain words that must come with them."""
    reader = Reader(doc, problems, None)
    if not isinstance(doc.data, list):
        reader.problem(codes.WRONG_TYPE, (), "expected a list of terms")
        return ()
    terms: list[GlossaryTerm] = []
    for i, entry in enumerate(doc.data):
        if not reader.mapping(entry, (i,), GLOSSARY_FIELDS, ("term", "plain")):
            continue
        term = reader.text(entry["term"], (i, "term"))
        plain = reader.text(entry["plain"], (i, "plain"))
        also = reader.texts(entry.get("explained_by", []), (i, "explained_by"), empty_ok=True)
        if term is not None and plain is not None and also is not None:
            terms.append(GlossaryTerm(term, plain, also))
    return tuple(terms)


def read_cases(doc: YamlDocument, problems: list[Problem]) -> tuple[Case, ...]:
    """cases.yaml: operators' must-pass cases, judged by the gate like every rule."""
    reader = Reader(doc, problems, None)
    if doc.data is None:
        return ()
    if not isinstance(doc.data, list):
        reader.problem(codes.WRONG_TYPE, (), "expected a list of cases")
        return ()
    cases: list[Case] = []
    for i, entry in enumerate(doc.data):
        if not reader.mapping(entry, (i,), CASE_FIELDS, ("message",)):
            continue
        message = reader.text(entry["message"], (i, "message"))
        topic = reader.text(entry["topic"], (i, "topic")) if "topic" in entry else None
        urgent = entry.get("urgent")
        if urgent is not None and not isinstance(urgent, bool):
            reader.problem(codes.WRONG_TYPE, (i, "urgent"), "expected true or false")
            continue
        contains = _one_or_more(reader, entry.get("contains", []), (i, "contains"))
        if message is None or contains is None or ("topic" in entry and topic is None):
            continue
        if topic is None and urgent is None and not contains:
            reader.problem(
                codes.FIELD_MISSING,
                (i,),
                "a case needs something to check: topic, urgent or contains",
            )
            continue
        cases.append(Case(message, topic, urgent, contains, doc.line(i)))
    return tuple(cases)


def _one_or_more(reader: Reader, data: Any, path: tuple[str | int, ...]) -> tuple[str, ...] | None:
    if isinstance(data, str):
        text = reader.text(data, path)
        return (text,) if text is not None else None
    return reader.texts(data, path, empty_ok=True)
