"""Twilio request signatures, checked against the URL Twilio actually called."""

from __future__ import annotations

from flask import Request
from twilio.request_validator import RequestValidator, get_signature_algorithm

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
    algorithm = get_signature_algorithm(request.headers.get(SETTINGS_HEADER))
    validator = RequestValidator(auth_token)
    url = public_url(request, public_base)
    return bool(validator.validate(url, request.form, signature, algorithm=algorithm))
