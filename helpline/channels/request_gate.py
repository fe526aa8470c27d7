"""The one gate every Twilio webhook passes, texts and calls alike: the size limit, the
signature, and the safe fallback instead of an error page.

The gate answers webhooks before Flask's routing and request objects are built: that
machinery cost more than the rest of a text's handling together (see the README's measured
performance). Every other path (health, metrics, audio) goes on to the Flask app.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

from werkzeug.datastructures import MultiDict
from werkzeug.wsgi import get_current_url

from helpline.channels.signatures import (
    SETTINGS_HEADER,
    SIGNATURE_HEADER,
    environ_key,
    is_signed,
    signed_url,
)
from helpline.channels.twiml import TWIML_TYPE
from helpline.serving.config import MAX_BODY_BYTES
from helpline.serving.logs import Throttle
from helpline.store.database_guard import DatabaseDown

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)
FORM_TYPE = "application/x-www-form-urlencoded"
_SIGNATURE_KEY = environ_key(SIGNATURE_HEADER)
_SETTINGS_KEY = environ_key(SETTINGS_HEADER)
_OUTAGE_LINES = Throttle()  # one line a minute per webhook path


class Counter(Protocol):
    """A metric the gate counts requests or fallbacks on."""

    def inc(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Webhook:
    """A request that passed the gate, as a handler reads it."""

    form: MultiDict[str, str]
    args: MultiDict[str, str]
    environ: WSGIEnvironment

    def value(self, name: str) -> str:
        """A parameter from the query string, else the form, as Flask's `request.values`."""
        found = self.args.get(name)
        return found if found is not None else self.form.get(name, "")

    def header(self, name: str) -> str:
        """A request header, or "" when it was not sent."""
        value: str = self.environ.get(environ_key(name), "")
        return value


Handler = Callable[[Webhook], str]
"""Answers one webhook with its TwiML document."""


@dataclass(frozen=True, slots=True)
class Channel:
    """The webhooks under one path, and what each answers when anything fails."""

    prefix: str
    route: Callable[[str], Handler | None]
    """The handler for the rest of a path after the prefix, or None for no such webhook."""
    fallback: Callable[[], str]
    """The safe TwiML: the helpline number and 999 advice."""
    requests: Counter
    fallbacks: Counter


class RequestGate:
    """WSGI middleware in front of the app: webhooks are answered here, all else goes on."""

    def __init__(
        self,
        app: WSGIApplication,
        channels: Sequence[Channel],
        *,
        auth_token: str | None,
        public_url: str | None,
    ) -> None:
        self.app = app
        self.channels = tuple(channels)
        self.auth_token = auth_token
        self.public_url = public_url

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """A webhook's TwiML or its refusal; any other path is the app's."""
        path: str = environ.get("PATH_INFO", "")
        for channel in self.channels:
            if path == channel.prefix or path.startswith(channel.prefix + "/"):
                return self._answer(channel, path, environ, start_response)
        return self.app(environ, start_response)

    def _answer(
        self,
        channel: Channel,
        path: str,
        environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        handler = channel.route(path[len(channel.prefix) :])
        if handler is None:
            return _refuse(start_response, "404 NOT FOUND")
        if environ.get("REQUEST_METHOD") != "POST":
            return _refuse(start_response, "405 METHOD NOT ALLOWED", [("Allow", "POST")])
        try:
            refusal, form = read_form(environ)
            if refusal:
                return _refuse(start_response, refusal)
            query: str = environ.get("QUERY_STRING", "")
            if self.auth_token and not self._signed(environ, path, query, form):
                log_unsigned(path)
                return _refuse(start_response, "403 FORBIDDEN")
            channel.requests.inc()
            args = MultiDict(form_fields(query)) if query else MultiDict()
            document = _encoded(handler(Webhook(form, args, environ)))
        except Exception:
            log_failure(path)
            channel.fallbacks.inc()
            document = _encoded(channel.fallback())
        start_response(
            "200 OK", [("Content-Type", TWIML_TYPE), ("Content-Length", str(len(document)))]
        )
        return [document]

    def _signed(
        self, environ: WSGIEnvironment, path: str, query: str, form: MultiDict[str, str]
    ) -> bool:
        local = "" if self.public_url else get_current_url(environ, strip_querystring=True)
        return is_signed(
            self.auth_token or "",
            signed_url(self.public_url, path, local, query),
            form,
            environ.get(_SIGNATURE_KEY, ""),
            environ.get(_SETTINGS_KEY),
        )


def read_form(environ: WSGIEnvironment) -> tuple[str | None, MultiDict[str, str]]:
    """The posted form, or the status to refuse it with; an oversized body is never read."""
    declared = environ.get("CONTENT_LENGTH") or ""
    try:
        length = int(declared) if declared else None
    except ValueError:
        return "400 BAD REQUEST", MultiDict()
    if length is not None and (length < 0 or length > MAX_BODY_BYTES):
        return "413 REQUEST ENTITY TOO LARGE", MultiDict()
    stream = environ["wsgi.input"]
    # Without a length (chunked), read one byte past the limit to see whether it is over.
    body: bytes = stream.read(MAX_BODY_BYTES + 1 if length is None else length)
    if len(body) > MAX_BODY_BYTES:
        return "413 REQUEST ENTITY TOO LARGE", MultiDict()
    media_type = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
    if media_type != FORM_TYPE:
        return None, MultiDict()
    # Bytes that are not UTF-8 still get an answer; Twilio never sends them.
    text = body.decode("utf-8", "replace")
    return None, MultiDict(form_fields(text))


def form_fields(text: str) -> list[tuple[str, str]]:
    """A urlencoded body's or query's fields, as `parse_qsl(text, keep_blank_values=True,
    errors="replace")` reads them, at a fraction of its cost: most of Twilio's values need no
    unquoting at all, and parse_qsl re-encodes every field to check it."""
    fields = []
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            fields.append((_unquoted(name), _unquoted(value)))
    return fields


def _unquoted(part: str) -> str:
    if "+" in part:
        part = part.replace("+", " ")
    return unquote(part, errors="replace") if "%" in part else part


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


@lru_cache(maxsize=2048)
def _encoded(document: str) -> bytes:
    """A TwiML document as sent; most are one of a fixed set, so each is encoded once."""
    return document.encode("utf-8")


def _refuse(
    start_response: StartResponse, status: str, headers: list[tuple[str, str]] | None = None
) -> Iterable[bytes]:
    """A plain refusal, for requests that did not come from Twilio as it posts."""
    body = status.partition(" ")[2].capitalize().encode()
    start_response(
        status,
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
        + (headers or []),
    )
    return [body]
