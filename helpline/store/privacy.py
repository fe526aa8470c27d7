"""Phone numbers never stored as they are: a keyed pseudonym stands in for them."""

from __future__ import annotations

import hmac
import re
from functools import lru_cache

_NOT_DIGIT = re.compile(r"[^\d+]")


@lru_cache(maxsize=8192)
def pseudonym(secret: bytes, number: str) -> str:
    """A stable stand-in for a phone number that cannot be reversed without the secret.

    A plain hash would not do: UK mobile numbers are few enough to try them all.
    """
    canonical = _NOT_DIGIT.sub("", number) or number.strip()
    return hmac.digest(secret, canonical.encode("utf-8"), "sha256").hex()
