"""Numbers as people say them and as they write them: one place for the spoken forms."""

from __future__ import annotations

import re

DIGIT_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ONES = (
    *DIGIT_NAMES,
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def spoken_digits(number: str) -> str:
    """A number said digit by digit, as people read out 999 or a phone number."""
    return " ".join(DIGIT_NAMES[int(c)] for c in number if c.isdigit())


def in_words(number: int) -> str:
    """A whole number as British English says it: 'one hundred and five'."""
    if number >= 1_000_000_000:
        return spoken_digits(str(number))
    if number < 20:
        return ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return TENS[tens] + (f" {ONES[ones]}" if ones else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if number >= size:
            head, rest = divmod(number, size)
            said = f"{in_words(head)} {name}"
            if not rest:
                return said
            return f"{said} and {in_words(rest)}" if rest < 100 else f"{said} {in_words(rest)}"
    raise AssertionError(number)


_WORD_VALUES = {name: value for value, name in enumerate(ONES)} | {
    name: 10 * value for value, name in enumerate(TENS) if name
}
NUMBER_WORDS = frozenset({*_WORD_VALUES, "a"})
"""Words a number said in words can start with."""


def read_spoken(words: list[str] | tuple[str, ...]) -> tuple[float, int] | None:
    """A number said in words at the start of `words` ("thirty eight point four", "a hundred
    and one"), and how many words it took; None when the words do not start with one."""
    total, used, seen = 0.0, 0, False
    if words[:1] in (["a"], ["one"]) and words[1:2] == ["hundred"]:
        total, used, seen = 100.0, 2, True
        if words[used : used + 1] == ["and"]:
            used += 1
    tens = words[used] if used < len(words) else ""
    if _WORD_VALUES.get(tens, 0) >= 20:
        total, used, seen = total + _WORD_VALUES[tens], used + 1, True
        ones = words[used] if used < len(words) else ""
        if ones in _WORD_VALUES and _WORD_VALUES[ones] < 10:
            total, used = total + _WORD_VALUES[ones], used + 1
    elif tens in _WORD_VALUES and _WORD_VALUES[tens] < 20:
        total, used, seen = total + _WORD_VALUES[tens], used + 1, True
    if not seen:
        return None
    if words[used : used + 1] == ["point"]:
        digits = []
        for word in words[used + 1 :]:
            if word not in DIGIT_NAMES:
                break
            digits.append(str(DIGIT_NAMES.index(word)))
        if digits:
            total += float("0." + "".join(digits))
            used += 1 + len(digits)
    return total, used


def ways_to_say(number: str) -> str:
    """How a number written in digits should be said, for a script: digit by digit for a phone
    number, in words for an amount, or both when the digits alone cannot tell."""
    digits = re.sub(r"\D", "", number)
    by_digit, amount = f"'{spoken_digits(digits)}'", f"'{in_words(int(digits))}'"
    if "," in number:
        return amount
    grouped = re.search(r"[ -]", number) is not None
    if grouped or digits.startswith("0") or len(set(digits)) == 1 or len(digits) > 9:
        return by_digit
    return f"{by_digit} for a phone number, {amount} for an amount"
