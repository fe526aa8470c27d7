"""Type checks over YAML data that record problems with their place instead of raising."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from helpline.content import codes
from helpline.content.problems import Location, Problem, Rule
from helpline.content.yamlsource import YamlDocument

TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class Locator:
    """Finds the file and line of any part of the content, for problems found later."""

    documents: dict[str, YamlDocument] = field(default_factory=dict)
    topic_files: dict[str, str] = field(default_factory=dict)
    menu_index: dict[str, int] = field(default_factory=dict)

    def topic(self, topic_id: str, *path: str | int) -> Location:
        """Where a topic's field (and item) was written."""
        file = self.topic_files.get(topic_id, f"topics/{topic_id}.yaml")
        return self._at(file, path, topic=topic_id)

    def service(self, *path: str | int) -> Location:
        """Where a part of service.yaml was written."""
        return self._at("service.yaml", path, topic=None)

    def menu(self, menu_id: str, *path: str | int) -> Location:
        """Where a phone menu (or a part of it) was written in voice.yaml."""
        return self._at("voice.yaml", ("menus", self.menu_index.get(menu_id, 0), *path), None)

    def voice(self, *path: str | int) -> Location:
        """Where a part of voice.yaml was written."""
        return self._at("voice.yaml", path, topic=None)

    def lexicon(self, *path: str | int) -> Location:
        """Where a part of lexicon.yaml was written."""
        return self._at("lexicon.yaml", path, topic=None)

    def entry(self, file: str, entry_id: str, *path: str | int) -> Location:
        """Where a part of the list entry with this id was written (questions.yaml)."""
        document = self.documents.get(file)
        entries = document.data if document is not None and isinstance(document.data, list) else []
        ids = [e.get("id") if isinstance(e, dict) else None for e in entries]
        if entry_id not in ids:
            return Location(file)
        return self._at(file, (ids.index(entry_id), *path), topic=None)

    def character(self, at: Location, text: str, index: int) -> Location:
        """The line of `text[index]` in the field at `at`, as texts often span several lines."""
        document = self.documents.get(at.file)
        if document is None:
            return at
        # A page written as a mapping keeps its words under "text".
        wanted = (at.field, f"{at.field}.text")
        path = next((p for p in document.written if field_name(p) in wanted), None)
        char = text[index]
        lines = document.lines_holding(path, char) if path is not None else []
        # A count that differs (an escape such as \u2019, a filled-in placeholder, stripped
        # space) means the written ones cannot be matched to these: keep the field's line.
        if len(lines) != text.count(char):
            return at
        return replace(at, line=lines[text.count(char, 0, index)])

    def _at(self, file: str, path: tuple[str | int, ...], topic: str | None) -> Location:
        document = self.documents.get(file)
        line = document.line(*path) if document else None
        return Location(file, line, topic, field_name(path))


def field_name(path: tuple[str | int, ...]) -> str | None:
    """A path inside a file as an operator reads it: replies.help, sms[1]."""
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return name or None


class Reader:
    """Type checks over one YAML document that record problems instead of raising."""

    def __init__(self, document: YamlDocument, problems: list[Problem], topic: str | None) -> None:
        self.document = document
        self.problems = problems
        self.topic = topic

    def problem(self, rule: Rule, path: tuple[str | int, ...], message: str) -> None:
        location = Location(
            self.document.file, self.document.line(*path), self.topic, field_name(path)
        )
        self.problems.append(rule.at(location, message))

    def filled(self, text: str, path: tuple[str | int, ...], values: Mapping[str, str]) -> str:
        """Text with its {placeholders} filled from `values`, the one list of those allowed; an
        unknown one is reported and left as written, so every other check can still run."""
        for name in dict.fromkeys(PLACEHOLDER.findall(text)):
            if name not in values:
                self.problem(
                    codes.UNKNOWN_REFERENCE,
                    path,
                    f"unknown placeholder {{{name}}} (allowed: {', '.join(values)})",
                )
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    def mapping(
        self,
        data: Any,
        path: tuple[str | int, ...],
        names: tuple[str, ...],
        required: tuple[str, ...] | None = None,
    ) -> bool:
        """Check a mapping has the named keys and no others; True when it can be read further."""
        if not isinstance(data, dict):
            self.problem(codes.WRONG_TYPE, path, f"expected a mapping with keys {', '.join(names)}")
            return False
        missing = [n for n in (names if required is None else required) if n not in data]
        for name in missing:
            self.problem(codes.FIELD_MISSING, (*path, name), f"missing field '{name}'")
        for key in data:
            if key not in names:
                self.problem(
                    codes.FIELD_UNKNOWN,
                    (*path, str(key)),
                    f"unknown field '{key}' (allowed: {', '.join(names)})",
                )
        return not missing

    def text(self, data: Any, path: tuple[str | int, ...]) -> str | None:
        if isinstance(data, str) and data.strip():
            return data.strip()
        self.problem(codes.WRONG_TYPE, path, f"expected non-empty text, found {describe(data)}")
        return None

    def texts(
        self, data: Any, path: tuple[str | int, ...], *, empty_ok: bool
    ) -> tuple[str, ...] | None:
        if not isinstance(data, list):
            self.problem(
                codes.WRONG_TYPE, path, f"expected a list of texts, found {describe(data)}"
            )
            return None
        if not data and not empty_ok:
            self.problem(codes.WRONG_TYPE, path, "expected at least one entry")
            return None
        items = [self.text(item, (*path, i)) for i, item in enumerate(data)]
        return tuple(i for i in items if i is not None) if all(items) else None

    def month(self, data: Any, path: tuple[str | int, ...]) -> date | None:
        if isinstance(data, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", data):
            return date(int(data[:4]), int(data[5:]), 1)
        if isinstance(data, date):
            return data
        self.problem(
            codes.WRONG_TYPE,
            path,
            f'expected a month written as "YYYY-MM", found {describe(data)}',
        )
        return None

    def clock(self, data: Any, path: tuple[str | int, ...]) -> time | None:
        if isinstance(data, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", data):
            return time(int(data[:2]), int(data[3:]))
        self.problem(
            codes.WRONG_TYPE, path, f'expected a time written as "HH:MM", found {describe(data)}'
        )
        return None


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"text {value[:30]!r}"
    if isinstance(value, bool):
        return f"{value} (YAML reads yes/no/on/off as true or false: put the word in quotes)"
    kinds = {int: "a number", float: "a number", dict: "a mapping", list: "a list"}
    return f"{kinds.get(type(value), type(value).__name__)} ({str(value)[:30]})"
