"""Temperatures people report as numbers: "temp 38", "38.2C", "100.9F", "thirty eight point four",
"thirty seven and a half".

A number counts as a temperature when it has a unit, sits near a word such as "temp" or
"thermometer", or has a decimal in the range a body can be, in Celsius or Fahrenheit (an age
or a dose seldom has one).
Fahrenheit is turned into Celsius, and the service's rule (service.yaml, from its clinical
policy) says whether it needs a call now.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from helpline.text.numbers import DIGIT_NAMES, NUMBER_WORDS, read_spoken
from helpline.understanding.tokens import Token

UNITS_C = frozenset({"c", "celsius", "centigrade", "degree", "degrees", "deg", "oc"})
UNITS_F = frozenset({"f", "fahrenheit", "of"})
NEAR = 5
"""Words between a number and a temperature word that still tie them together."""
HALF = ["and", "a", "half"]
COUNTS = frozenset(
    {"year", "yr", "old", "month", "week", "day", "hour", "hr", "minute", "min", "time",
     "mg", "ml", "kg", "lb", "stone", "percent", "oclock", "pound", "quid"}
)  # fmt: skip
"""Words after a number that make it an age, a dose, a time or a weight."""
AGE = frozenset({"age", "aged"})
COUNTED = frozenset(
    {"day", "week", "cycle", "dose", "round", "session", "number", "no", "ward", "room", "bed",
     "bay", "bus", "page", "stage", "grade", "level", "step", "floor", "chapter", "line"}
)  # fmt: skip
"""Words before a number that make it a count or a label: "day 10 of chemo", "ward 38"."""
BODY_C = (34.0, 43.5)
WHOLE_FEVER = 37.0
"""A whole number of degrees with no word such as "temp" beside it is a body's only from here
up; lower ones are more often the weather or a room."""
BODY_F = (93.0, 110.5)
ROOM_C = (10.0, 32.0)
"""Degrees a room or the weather can be and a living body cannot."""
BOUNDS = {
    ("under",): -1, ("below",): -1, ("less", "than"): -1, ("lower", "than"): -1,
    ("over",): 1, ("above",): 1, ("more", "than"): 1, ("higher", "than"): 1,
}  # fmt: skip
"""Words before a number that make it a bound: "under 37.5" is at most 37.4."""
STEP = 0.1


@dataclass(frozen=True, slots=True)
class Reading:
    """A temperature found in a message, in degrees Celsius."""

    celsius: float
    positions: frozenset[int]
    clause: int


def readings(tokens: Sequence[Token], marks: Collection[int]) -> list[Reading]:
    """Every number in the message that is a body temperature; `marks` are the positions of
    the words that say one ("temp", "under my arm")."""
    found: list[Reading] = []
    for i, end, value, unit in _numbers(tokens):
        celsius = _celsius(value + STEP * _bound(tokens, i), unit)
        # "38.0" is written as a reading is; "38" may be an age.
        whole = value == int(value) and (tokens[i].number is None or tokens[i].word.isdigit())
        near = _near(tokens, i, end, marks)
        if celsius is not None and (
            # "34 degrees this weekend" is the weather; "35.4 degrees" and "38 degrees" a body
            (unit and (not whole or celsius >= WHOLE_FEVER))
            or near
            or (not whole and BODY_C[0] <= value <= BODY_C[1])
            or (not whole and BODY_F[0] <= value <= BODY_F[1])
        ):
            found.append(Reading(round(celsius, 1), frozenset(range(i, end)), tokens[i].clause))
    return found


def rooms(tokens: Sequence[Token], marks: Collection[int]) -> frozenset[int]:
    """The clauses in which a temperature word sits by a number no body can be, but a room or
    the weather can ("the temp on the unit must be 28"): that word is not a fever."""
    if not marks:
        return frozenset()  # most messages: no temperature word, so no second pass
    return frozenset(
        tokens[i].clause
        for i, end, value, unit in _numbers(tokens)
        if unit not in UNITS_F and ROOM_C[0] <= value <= ROOM_C[1] and _near(tokens, i, end, marks)
    )


def _numbers(tokens: Sequence[Token]) -> Iterator[tuple[int, int, float, str]]:
    """Each number with where it starts and ends and its unit, leaving out ages, doses, times
    and weights ("38 years old", "aged 38", "37.5 mg")."""
    words = [t.word for t in tokens]
    i = 0
    while i < len(tokens):
        value, used = _number_at(tokens, words, i)
        if value is None:
            i += 1
            continue
        unit = tokens[i].unit
        end = i + used
        follows = end < len(tokens) and tokens[end].clause == tokens[i].clause
        if not unit and follows and words[end] in UNITS_C | UNITS_F:
            unit = words[end]
            end += 1
        elif not unit and (
            (follows and words[end] in COUNTS) or (i and words[i - 1] in AGE | COUNTED)
        ):
            i = end
            continue
        yield i, end, value, unit
        i = end


def _number_at(tokens: Sequence[Token], words: list[str], i: int) -> tuple[float | None, int]:
    value: float | None
    if tokens[i].number is not None:
        value, used = tokens[i].number, 1
    elif words[i] in NUMBER_WORDS and (spoken := read_spoken(words[i : i + 8])) is not None:
        value, used = spoken
    else:
        return None, 1
    # "thirty seven and a half", "38 and a half"
    if value is not None and words[i + used : i + used + 3] == HALF:
        return value + 0.5, used + 3
    # "38 point 1", "38 point five": digits, then the tenth said after "point"
    point = words[i + 1 : i + 2] == ["point"] and i + 2 < len(words)
    if value is not None and tokens[i].number is not None and point:
        tenth = _digit(tokens[i + 2])
        if tenth is not None:
            return value + tenth / 10, used + 2
    # "thirty seven six", as a thermometer is read aloud
    after = words[i + used] if i + used < len(words) else ""
    spoken_tenth = tokens[i].number is None and after in DIGIT_NAMES
    if value is not None and spoken_tenth and BODY_C[0] <= value <= BODY_C[1]:
        return value + DIGIT_NAMES.index(after) / 10, used + 1
    return value, used


def _digit(token: Token) -> int | None:
    """The single digit a word is, written ("1") or said ("one")."""
    if token.word in DIGIT_NAMES:
        return DIGIT_NAMES.index(token.word)
    number = token.number
    if number is None or len(token.word) != 1 or not token.word.isdigit():
        return None
    return int(number)


def _bound(tokens: Sequence[Token], i: int) -> int:
    """-1 if the number at `i` is an upper bound ("stays under 37.5"), 1 if a lower one
    ("over 38"), else 0: a bound is read as the nearest value it allows."""
    for words, sign in BOUNDS.items():
        start = i - len(words)
        if start >= 0 and tuple(t.word for t in tokens[start:i]) == words:
            return sign
    return 0


def _celsius(value: float, unit: str) -> float | None:
    if unit in UNITS_F or (not unit and BODY_F[0] <= value <= BODY_F[1]):
        return (value - 32) * 5 / 9 if BODY_F[0] <= value <= BODY_F[1] else None
    return value if BODY_C[0] <= value <= BODY_C[1] else None


def _near(tokens: Sequence[Token], start: int, end: int, marks: Collection[int]) -> bool:
    clause = tokens[start].clause
    for j in range(max(0, start - NEAR - 1), min(len(tokens), end + NEAR)):
        # The number's own unit ("degrees") does not make it a body's.
        if tokens[j].clause == clause and j in marks and not start <= j < end:
            return True
    return False
