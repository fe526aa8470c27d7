"""Values taken from a webhook request, made safe to use as keys and to store, signed or not.

A signature proves a request came from Twilio, not that every value fits a column: a header
such as I-Twilio-Idempotency-Token is not even covered by it. Each value is checked here once;
one that does not fit is replaced by something that does, never allowed to break a write.
"""

from __future__ import annotations

import hashlib
import logging
import re

log = logging.getLogger(__name__)

KEY_WIDTH = 64  # processed_messages.sid, and every other column a request's id goes in
NUMBER_WIDTH = 64  # longer than any phone number or Twilio address ("whatsapp:+44…")
_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def message_key(value: str) -> str:
    """An id (MessageSid, CallSid, an idempotency token) as a key: itself when it looks like
    one, else a digest of it, so retries of the same request still meet and nothing breaks."""
    value = value.strip()
    if not value or _KEY.fullmatch(value):
        return value
    log.warning("an id of %d characters did not look like one; its digest stands in", len(value))
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def phone_number(value: str) -> str:
    """The sender's address, or "" when it is too long to be one (then nothing is kept for it)."""
    value = value.strip()
    if len(value) > NUMBER_WIDTH or not value.isprintable():
        log.warning("a From of %d characters is not an address; answered without state", len(value))
        return ""
    return value
