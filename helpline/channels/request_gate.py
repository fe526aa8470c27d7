"""Rules every Twilio webhook shares: size limit, signature, and never an error page."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, request
from werkzeug.exceptions import HTTPException

from helpline.channels.signatures import request_is_signed
from helpline.operators.metrics import VOICE_FALLBACKS, VOICE_REQUESTS
from helpline.serving.config import MAX_BODY_BYTES
from helpline.serving.logs import Throttle
from helpline.store.database_guard import DatabaseDown

log = logging.getLogger(__name__)
_OUTAGE_LINES = Throttle()  # one line a minute per webhook path


def log_unsigned(path: str) -> None:
    """Leave a trace of a refused request: a wrong token in the Twilio console looks like this."""
    log.warning("rejected a request with a missing or wrong signature on %s", path)


def log_failure(path: str) -> None:
    """Log the exception being handled, which the caller answered with its safe fallback.

    A bug gets its traceback. The database being down gets one line per path a minute at
    most: its cause is logged once by the guard, and an outage must not flood the logs.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseDown):
        if _OUTAGE_LINES.due(path):
            log.warning(
                "webhook %s sent the safe fallback: database unavailable (%s); "
                "further ones for a minute are not logged",
                path,
                error.reason,
            )
        return
    log.exception("webhook %s failed; sent the safe fallback", path)


def guard(blueprint: Blueprint, fallback: Callable[[], Response]) -> None:
    """Reject oversized or unsigned requests before they touch anything; answer failures safely."""

    @blueprint.before_request
    def _check_request() -> None:
        if (request.content_length or 0) > MAX_BODY_BYTES:
            abort(413)
        token = current_app.config.get("TWILIO_AUTH_TOKEN")
        public_url = current_app.config.get("HELPLINE_PUBLIC_URL")
        if token and not request_is_signed(request, token, public_url):
            log_unsigned(request.path)
            abort(403)
        VOICE_REQUESTS.inc()

    @blueprint.errorhandler(Exception)
    def _answer_safely(error: Exception) -> Response | HTTPException:
        if isinstance(error, HTTPException) and error.code is not None and error.code < 500:
            return error
        log_failure(request.path)
        VOICE_FALLBACKS.inc()
        return fallback()
