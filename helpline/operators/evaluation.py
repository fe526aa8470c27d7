"""How well the line understands people: `helpline eval` over sets kept apart from the matcher.

Every message goes through the matcher and the same reply code as /sms (sms.reply_to), so
the figures are what a person would get. Four numbers, each with its goal:

- urgent-first recall: an urgent message's first text gives the action (whom to call) in
  its first 160 characters;
- right condition: that first text is about one of the urgent problems the message shows;
- false alarms: a clearly not-urgent message gets urgent advice instead of an answer;
- questions answered: the reply holds the fact the question asks for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpline.channels.sms import reply_to
from helpline.channels.sms_render import SmsBook
from helpline.channels.twiml import messages
from helpline.content.rules_urgent import CALL_TO_ACTION_WITHIN, calls_to_action
from helpline.text.numbers import ONES, TENS
from helpline.text.words import stem
from helpline.understanding.matching import Match, Matcher, MatchKind

SETS = ("dev", "holdout")
ALARMS = "false-alarms"
"""The one measure that is a ceiling: its misses are what it counts."""
DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "evaluation"
GOALS = {"urgent-first": 1.0, "right-condition": 0.95, "false-alarms": 0.05, "answered": 0.95}
"""The goals from issue 8; false alarms is a ceiling, the others floors."""
_NUMBER_WORDS = {name: str(value) for value, name in enumerate(ONES)} | {
    name: str(10 * value) for value, name in enumerate(TENS) if name
}
_WORD = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
"""A number (with its decimals, apart from a unit: "37.5C") or a word."""
_NOT = re.compile(r"\b(?:(wo)|ca|(\w+))n['\u2019]t\b|\bcannot\b")
"""A short form of "not" ("won't", "can't", "cannot", "isn't"), to be read in full."""


@dataclass(frozen=True, slots=True)
class Case:
    """One message of an evaluation set and what it must get."""

    text: str
    kind: str
    conditions: tuple[str, ...] = ()
    topic: str | None = None
    facts: tuple[str, ...] = ()


@dataclass
class Score:
    """How many cases passed one measure, and which did not."""

    passed: int = 0
    total: int = 0
    misses: list[tuple[Case, str]] = field(default_factory=list)
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Passed and total for each kind of case (carer, misspelt, how-often...)."""

    @property
    def rate(self) -> float:
        """The share that passed."""
        return self.passed / self.total if self.total else 0.0

    def count(self, ok: bool, case: Case, reply: str) -> None:
        """Record one case."""
        self.total += 1
        passed, total = self.by_kind.get(case.kind, (0, 0))
        self.by_kind[case.kind] = (passed + ok, total + 1)
        if ok:
            self.passed += 1
        else:
            self.misses.append((case, reply))


@dataclass
class Report:
    """The four measures for one set (dev or held out)."""

    name: str
    urgent_first: Score = field(default_factory=Score)
    right_condition: Score = field(default_factory=Score)
    false_alarms: Score = field(default_factory=Score)
    answered: Score = field(default_factory=Score)

    def measures(self) -> Iterator[tuple[str, Score, float, bool]]:
        """Each measure with its goal and whether the goal is met."""
        for key, score in (
            ("urgent-first", self.urgent_first),
            ("right-condition", self.right_condition),
            (ALARMS, self.false_alarms),
            ("answered", self.answered),
        ):
            goal = GOALS[key]
            rate, _ = figure(score.passed, score.total, alarms=key == ALARMS)
            met = rate <= goal if key == ALARMS else rate >= goal
            yield key, score, goal, met


def figure(passed: int, total: int, *, alarms: bool) -> tuple[float, int]:
    """The rate a measure is shown as, and the count behind it: for false alarms the cases
    that failed (got an alarm), for the others those that passed."""
    count = total - passed if alarms else passed
    return (count / total if total else 0.0), count


def shown(rate: float, *, alarms: bool) -> str:
    """A rate as a percentage to one decimal, rounded away from a perfect score, so that one
    miss in two thousand reads 99.9 %, never 100.0 %, and one alarm never reads 0.0 %."""
    tenths = rate * 1000
    rounded = math.ceil(tenths - 1e-9) if alarms else math.floor(tenths + 1e-9)
    return f"{rounded / 10:.1f}%"


def load_set(folder: Path, kind: str) -> list[Case]:
    """Read the cases of one kind in a set: `urgent.yaml`, then `urgent-2.yaml` and so on."""
    files = sorted(folder.glob(f"{kind}.yaml")) + sorted(folder.glob(f"{kind}-*.yaml"))
    return [case for path in files for case in _read(path)]


def _read(path: Path) -> list[Case]:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Case(
            text=str(item["text"]),
            kind=str(item.get("kind", "")),
            conditions=tuple(item.get("conditions", ())),
            topic=item.get("topic"),
            facts=tuple(str(f) for f in item.get("facts", ())),
        )
        for item in data
    ]


_SENTENCE_MARK = re.compile(r"(?<!\d)[.,!?;:]|[.,!?;:](?!\d)")
"""A mark that ends or splits a sentence; a decimal point or comma between digits is kept."""


def unpunctuated(text: str) -> str:
    """A message as dictated or typed in one breath: no sentence marks, numbers kept whole."""
    return _SENTENCE_MARK.sub(" ", text)


def evaluate(
    matcher: Matcher,
    book: SmsBook,
    folder: Path,
    name: str,
    reword: Callable[[str], str] = str,
) -> Report:
    """Run one set (a folder with urgent, not-urgent and questions files) through the line,
    each message first `reword`ed (as written, by default)."""
    report = Report(name)
    for case in load_set(folder, "urgent"):
        match = matcher.match(reword(case.text))
        first = _first(book, match)
        # The footer every reply ends with ("Urgent? ... call 999") is no answer to an urgent
        # message: a short page about something else would otherwise reach it in 160.
        told = first.replace(book.catalog.service.replies.footer, "")
        report.urgent_first.count(calls_to_action(told[:CALL_TO_ACTION_WITHIN]), case, first)
        right = (
            match.kind is MatchKind.RED_FLAG
            and match.topic is not None
            and (match.topic.id in case.conditions)
        )
        report.right_condition.count(right, case, first)
    for case in load_set(folder, "not-urgent"):
        match = matcher.match(reword(case.text))
        # Passing here is getting no alarm; the misses are the false alarms.
        report.false_alarms.count(not match.is_urgent_advice, case, _first(book, match))
    for case in load_set(folder, "questions"):
        match = matcher.match(reword(case.text))
        reply = reply_to(book, match)
        report.answered.count(holds_fact(reply, case.facts), case, reply)
    return report


def holds_fact(reply: str, facts: tuple[str, ...]) -> bool:
    """Whether any of the facts is in the reply, compared as words ("three" is "3")."""
    said = f" {' '.join(_comparable(reply))} "
    return any(f" {' '.join(_comparable(fact))} " in said for fact in facts)


def _comparable(text: str) -> list[str]:
    full = _NOT.sub(_in_full, text.lower())
    return [stem(_NUMBER_WORDS.get(w, w)) for w in _WORD.findall(full)]


def _in_full(short: re.Match[str]) -> str:
    """ "won't" as "will not", "can't" and "cannot" as "can not", "isn't" as "is not"."""
    will, other = short.groups()
    return "will not" if will else f"{other} not" if other else "can not"


def _first(book: SmsBook, match: Match) -> str:
    sent = messages(reply_to(book, match))
    return sent[0] if sent else ""
