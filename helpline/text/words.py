"""How any message is reduced to comparable words, the same for content and for people."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def plain(text: str) -> str:
    """Lowercase, without accents or apostrophes: how every comparison starts."""
    if text.isascii():
        return _APOSTROPHES.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", without_marks.casefold())


def stem(word: str) -> str:
    """Drop a plural ending so "bones" and "bone" compare equal."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The stemmed, lowercase, accent-free words of a text, punctuation dropped."""
    return tuple(stem(w) for w in _NOT_WORD.split(plain(text)) if w)


def bare(text: str) -> str:
    """The whole message as one comparable word, for carrier and service words."""
    return "".join(_NOT_WORD.split(plain(text)))
