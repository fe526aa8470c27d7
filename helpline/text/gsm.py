"""SMS encoding facts: the GSM 03.38 alphabet, segment counting and GSM-7 normalisation.

One character outside GSM-7 switches a whole message to UCS-2, which more than doubles
the number of segments (and the cost) of a reply. These pure functions tell how a text
will be encoded and billed, point at the offending characters, and turn any text into
GSM-7 before it is sent.

Table decisions: the basic set holds 127 characters, the 128 code points of GSM 03.38
minus 0x1B, which is the escape to the extension set and not a character. The extension
set holds the 10 characters that cost two septets (an escape plus a code), form feed
included. Code point 0x09 is the capital C cedilla, as the standard says.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

# GSM 03.38 basic character set in code-point order, 16 per row (0x00-0x7F).
# "\x1b" (ESC) holds its slot so that the rows line up with the standard's table.
_BASIC_TABLE = (
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\x1b\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./"
    "0123456789:;<=>?"
    "\u00a1ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmno"
    "pqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)
_ESCAPE = "\x1b"

GSM7_BASIC: frozenset[str] = frozenset(_BASIC_TABLE) - {_ESCAPE}
GSM7_EXTENDED: frozenset[str] = frozenset("\f^{}\\[]~|\u20ac")
_GSM7 = GSM7_BASIC | GSM7_EXTENDED

GSM7_SINGLE_SEGMENT = 160
GSM7_PER_SEGMENT = 153
UCS2_SINGLE_SEGMENT = 70
UCS2_PER_SEGMENT = 67

# What to_gsm7 may emit: GSM-7 without the control characters other than the newline.
_SENDABLE = _GSM7 - {"\r", "\f"}

_APOSTROPHE_LIKE = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u00b4`"
_QUOTE_LIKE = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASH_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACE_LIKE = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_LINE_BREAK_LIKE = "\u0085\u2028\u2029"

REPLACEMENTS: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(_APOSTROPHE_LIKE, "'"),
        **dict.fromkeys(_QUOTE_LIKE, '"'),
        **dict.fromkeys(_DASH_LIKE, "-"),
        **dict.fromkeys(_SPACE_LIKE, " "),
        **dict.fromkeys(_INVISIBLE, ""),
        **dict.fromkeys(_LINE_BREAK_LIKE, "\n"),
        "\u2026": "...",
        "\u00b0": " degrees",
        "\u2022": "-",
        "\u00b7": "-",
        "\u00d7": "x",
        "\u00f7": "/",
        "\u2044": "/",
        "\u00bd": "1/2",
        "\u00b1": "+/-",
        "\u2264": "<=",
        "\u2265": ">=",
        "\u2192": "->",
        "\u00a9": "(c)",
        "\u00ae": "(R)",
        # Micrograms are written "mcg" in prescribing guidance: dropping the sign would
        # turn "500\u00b5g" into "500g".
        "\u00b5": "mc",
        "\u03bc": "mc",
        "\u0153": "oe",
        "\u0152": "OE",
        "\u0142": "l",
        "\u0141": "L",
    }
)


@dataclass(frozen=True)
class Encoding:
    """How an SMS body is encoded and how many billed segments it takes."""

    name: Literal["GSM-7", "UCS-2"]
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Tell whether text can be sent in the cheaper GSM-7 encoding."""
    return all(char in _GSM7 for char in text)


def septets(text: str) -> int:
    """Measure text in GSM-7 septets, the unit that the 160 and 153 limits count."""
    offending = non_gsm7_characters(text)
    if offending:
        index, char = offending[0]
        raise ValueError(f"not GSM-7: {char!r} (U+{ord(char):04X}) at index {index}")
    return sum(_septet_cost(char) for char in text)


def encoding_of(text: str) -> Encoding:
    """Predict the encoding and segment count Twilio will bill for an SMS body."""
    if is_gsm7(text):
        costs = [_septet_cost(char) for char in text]
        return Encoding(
            "GSM-7",
            sum(costs),
            _segments(costs, GSM7_SINGLE_SEGMENT, GSM7_PER_SEGMENT),
        )
    costs = [_utf16_units(char) for char in text]
    return Encoding(
        "UCS-2",
        sum(costs),
        _segments(costs, UCS2_SINGLE_SEGMENT, UCS2_PER_SEGMENT),
    )


def non_gsm7_characters(text: str) -> list[tuple[int, str]]:
    """List the (index, character) pairs that force UCS-2, for error messages."""
    return [(index, char) for index, char in enumerate(text) if char not in _GSM7]


def suggest_replacement(char: str) -> str | None:
    """Offer GSM-7 text to send in place of one character, or None if nothing fits.

    A character that is already GSM-7 is its own replacement.
    """
    if len(char) != 1:
        raise ValueError(f"expected one character, got {len(char)}: {char!r}")
    if char in _GSM7:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    return _decomposed_replacement(char)


def to_gsm7(text: str) -> str:
    """Turn any text into GSM-7 only, as the last line of defence before sending."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NFC first so that a letter followed by a combining accent becomes one character,
    # which may be GSM-7 ("e" + U+0301 -> "\u00e9").
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    for char in text:
        if char in _SENDABLE:
            parts.append(char)
            continue
        replacement = suggest_replacement(char)
        if replacement is not None:
            parts.append("".join(c for c in replacement if c in _SENDABLE))
    return "".join(parts)


def _septet_cost(char: str) -> int:
    return 2 if char in GSM7_EXTENDED else 1


def _utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _segments(costs: list[int], single_limit: int, per_segment: int) -> int:
    """Count segments, never splitting an escape pair or a surrogate pair across two."""
    if sum(costs) <= single_limit:
        return 1
    segments, used = 1, 0
    for cost in costs:
        if used + cost > per_segment:
            segments, used = segments + 1, 0
        used += cost
    return segments


def _decomposed_replacement(char: str) -> str | None:
    """Strip accents and compatibility forms ("\u00e1" -> "a", "\ufb01" -> "fi")."""
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed == char:
        return None
    parts: list[str] = []
    for part in decomposed:
        if unicodedata.combining(part):
            continue
        if part in _SENDABLE:
            parts.append(part)
        elif part in REPLACEMENTS:
            parts.append(REPLACEMENTS[part])
        else:
            return None
    return "".join(parts) or None
