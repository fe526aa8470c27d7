"""The phone keys that mean the same in every menu, and how each key is said aloud.

One place for them, so `helpline check`, the voice script and the webhooks agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

PERSON = "0"
"""In every menu: speak to a person."""
REPEAT = "9"
"""In every menu: hear it again."""
BACK = "*"
"""In every menu: go back."""
SUBMIT = "#"
"""Ends whatever the caller keys in, as phone systems expect."""
URGENT = "1"
"""In the main menu: urgent symptoms, so the first key a caller hears is the one that matters."""

SLOWER = "1"
"""After a topic: hear it again, more slowly."""
TEXT = "2"
"""After a topic: get it as a text message."""

RESERVED_KEYS: Mapping[str, str] = MappingProxyType(
    {
        PERSON: "speak to a person",
        REPEAT: "hear it again",
        BACK: "go back",
        SUBMIT: "finish what you key in",
    }
)
"""Each key that means the same everywhere, and what it does."""

OPTION_KEYS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8")
"""The keys a menu may give its own options."""

SPOKEN_KEYS: Mapping[str, str] = MappingProxyType(
    {**{digit: digit for digit in "0123456789"}, "*": "star", "#": "hash"}
)
"""How each key is said: "press star", "press hash", digits as themselves."""
