"""Twilio request signatures, checked against the URL Twilio actually called."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from twilio.request_validator import RequestValidator, get_signature_algorithm
from werkzeug.datastructures import MultiDict

SIGNATURE_HEADER = "X-Twilio-Signature"
SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"


def environ_key(header: str) -> str:
    """Where a WSGI server puts a request header in the environ."""
    return "HTTP_" + header.upper().replace("-", "_")


def signed_url(public_base: str | None, path: str, local_url: str, query: str) -> str:
    """The URL as Twilio saw it, which a proxy in front of us may have changed.

    `local_url` is the address as this server received it, without the query; `query` is the
    raw query string, since decoding its %xx escapes would change what was signed.
    """
    base = f"{public_base.rstrip('/')}{path}" if public_base else local_url
    return f"{base}?{query}" if query else base


def is_signed(
    auth_token: str,
    url: str,
    form: MultiDict[str, str],
    signature: str,
    settings: str | None = None,
) -> bool:
    """Whether `signature` is Twilio's, over the URL and every form parameter."""
    if not signature:
        return False
    if not settings and hmac.compare_digest(_sha1_signature(auth_token, url, form), signature):
        return True
    # The general case, and rarely needed: the same URL with its default port written or
    # left out, or a signature made with SHA-256 under a shared key.
    algorithm = get_signature_algorithm(settings)
    validator = RequestValidator(auth_token)
    return bool(validator.validate(url, form, signature, algorithm=algorithm))


def _sha1_signature(auth_token: str, url: str, form: MultiDict[str, str]) -> str:
    """Twilio's default signature: the URL, then each parameter's name and values in order."""
    payload = url + "".join(
        name + value for name in sorted(form) for value in sorted(set(form.getlist(name)))
    )
    keyed = _keyed(auth_token).copy()
    keyed.update(payload.encode())
    return base64.b64encode(keyed.digest()).decode()


@lru_cache(maxsize=4)
def _keyed(auth_token: str) -> hmac.HMAC:
    """The HMAC keyed with the token, copied for each request. Unlike the one-shot
    `hmac.digest`, updating and finishing a copy never lets go of the interpreter lock, which
    under load cost a request thread more than the hash itself: the worker's poller takes the
    lock in between (README, measured performance)."""
    return hmac.new(auth_token.encode(), digestmod=hashlib.sha1)
