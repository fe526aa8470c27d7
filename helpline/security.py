"""Twilio request signatures, checked against the URL Twilio actually called."""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import Request
from twilio.request_validator import RequestValidator, get_signature_algorithm
from werkzeug.datastructures import MultiDict

SIGNATURE_HEADER = "X-Twilio-Signature"
SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"


def public_url(request: Request, public_base: str | None) -> str:
    """The URL as Twilio saw it, which a proxy in front of us may have changed.

    Werkzeug decodes %xx escapes in `request.url`, so the URL is rebuilt from the raw
    query string.
    """
    base = f"{public_base.rstrip('/')}{request.path}" if public_base else request.base_url
    query = request.query_string.decode("latin-1")
    return f"{base}?{query}" if query else base


def is_signed(request: Request, auth_token: str, public_base: str | None) -> bool:
    """Whether the request carries a valid signature over its URL and every parameter."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    url = public_url(request, public_base)
    settings = request.headers.get(SETTINGS_HEADER)
    if not settings and hmac.compare_digest(
        _sha1_signature(auth_token, url, request.form), signature
    ):
        return True
    # The general case, and rarely needed: the same URL with its default port written or
    # left out, or a signature made with SHA-256 under a shared key.
    algorithm = get_signature_algorithm(settings)
    validator = RequestValidator(auth_token)
    return bool(validator.validate(url, request.form, signature, algorithm=algorithm))


def _sha1_signature(auth_token: str, url: str, form: MultiDict[str, str]) -> str:
    """Twilio's default signature: the URL, then each parameter's name and values in order."""
    payload = url + "".join(
        name + value for name in sorted(form) for value in sorted(set(form.getlist(name)))
    )
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
