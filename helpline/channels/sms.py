"""POST /sms: the text message channel.

Texts are the busiest webhook and every reply is worked out ahead (sms_render.py), so /sms
is a plain WSGI endpoint that answers before Flask's routing and request objects are built:
that machinery cost more than the rest of a text's handling together (see the README's
measured performance). It keeps every rule the Flask webhooks keep (request_gate.py): the size
limit, the signature, and the safe fallback instead of an error page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from werkzeug.datastructures import MultiDict
from werkzeug.wsgi import get_current_url

from helpline.channels.request_gate import log_failure, log_unsigned
from helpline.channels.request_values import message_key, phone_number
from helpline.channels.signatures import (
    SETTINGS_HEADER,
    SIGNATURE_HEADER,
    environ_key,
    is_signed,
    signed_url,
)
from helpline.channels.sms_render import MENU_TOPIC, SmsBook, next_page
from helpline.channels.twiml import MESSAGE_BREAK, TWIML_TYPE, message_xml
from helpline.operators.metrics import RED_FLAGS, SMS_FALLBACKS, SMS_REQUESTS
from helpline.serving.config import MAX_BODY_BYTES
from helpline.serving.runtime import Runtime
from helpline.store.privacy import pseudonym
from helpline.store.state import Outcome, Position
from helpline.understanding.matching import Match, MatchKind

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SMS_PATH = "/sms"
FORM_TYPE = "application/x-www-form-urlencoded"
_SIGNATURE_KEY = environ_key(SIGNATURE_HEADER)
_SETTINGS_KEY = environ_key(SETTINGS_HEADER)
# What a number that said STOP still gets an answer to: opting back in, and help.
STILL_ANSWERED = frozenset({MatchKind.STOP, MatchKind.START, MatchKind.HELP})
OPTED_OUT = "opted-out"  # how a text from an opted-out number is counted: answered with nothing


class SmsEndpoint:
    """Answers POST /sms for one worker; a retry of the same message gets the same answer.

    Only an opt-out is written before replying; everything else is queued (recorder.py).
    """

    def __init__(self, runtime: Runtime, *, auth_token: str | None, public_url: str | None) -> None:
        self.runtime = runtime
        self.auth_token = auth_token
        self.public_url = public_url

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point: a TwiML reply for a text, or a refusal with its reason."""
        if environ.get("REQUEST_METHOD") != "POST":
            return _refuse(start_response, "405 METHOD NOT ALLOWED", [("Allow", "POST")])
        try:
            refusal, form = _read_form(environ)
            if refusal:
                return _refuse(start_response, refusal)
            if self.auth_token and not self._signed(environ, form):
                log_unsigned(SMS_PATH)
                return _refuse(start_response, "403 FORBIDDEN")
            SMS_REQUESTS.inc()
            document = _document(self.reply(form))
        except Exception:
            log_failure(SMS_PATH)
            SMS_FALLBACKS.inc()
            document = _document(self.runtime.sms.fallback)
        start_response(
            "200 OK", [("Content-Type", TWIML_TYPE), ("Content-Length", str(len(document)))]
        )
        return [document]

    def reply(self, form: MultiDict[str, str]) -> str:
        """Answer the text in a parsed webhook form, and record what it changes."""
        runtime = self.runtime
        number = phone_number(form.get("From", ""))
        outcome = answer(
            runtime,
            body=form.get("Body", ""),
            has_media=_media_count(form.get("NumMedia", "")) > 0,
            sender=pseudonym(runtime.secret, number) if number else None,
            sid=message_key(form.get("MessageSid", "")),
        )
        if outcome.durable:
            text = runtime.consent.record(outcome)
        else:
            runtime.recorder.submit(outcome)
            text = outcome.reply
        return with_trouble_notice(text, runtime.sms.fallback, runtime.store.guard.problem)

    def _signed(self, environ: WSGIEnvironment, form: MultiDict[str, str]) -> bool:
        local = "" if self.public_url else get_current_url(environ, strip_querystring=True)
        url = signed_url(self.public_url, SMS_PATH, local, environ.get("QUERY_STRING", ""))
        return is_signed(
            self.auth_token or "",
            url,
            form,
            environ.get(_SIGNATURE_KEY, ""),
            environ.get(_SETTINGS_KEY),
        )


def with_trouble_notice(text: str, fallback: str, problem: str | None) -> str:
    """While the database is known to be in trouble, a reply also carries the safe message
    (nurses' number and 999), as MORE and anything stored may fail for now."""
    if problem is None or not text or text.startswith(fallback) or fallback in text:
        return text
    return text + MESSAGE_BREAK + fallback


def mount(app: WSGIApplication, endpoint: SmsEndpoint) -> WSGIApplication:
    """Put the /sms endpoint in front of an app; every other path goes on to the app."""

    def dispatch(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == SMS_PATH:
            return endpoint(environ, start_response)
        return app(environ, start_response)

    return dispatch


def answer(
    runtime: Runtime, *, body: str, has_media: bool, sender: str | None, sid: str
) -> Outcome:
    """Decide the reply and what it changes; the store writes it all in one go."""
    match = runtime.matcher.match(body)
    book = runtime.sms
    reply = _Reply(book, sid, sender, match.kind)
    if sender and match.kind not in STILL_ANSWERED and runtime.consent.opted_out(sender):
        return Outcome(sid, "", "sms", None, OPTED_OUT, sender)
    match match.kind:
        case MatchKind.STOP:
            return reply.say("", None, opted_out=True, clear_position=True)
        case MatchKind.START:
            return reply.say(book.start, None, opted_out=False)
        case MatchKind.HELP:
            return reply.say(book.help, None)
        case MatchKind.MORE:
            queued = runtime.recorder.queued(sid, sender)
            if queued.reply is not None:
                return reply.say(queued.reply, None)
            if queued.knows_position:
                earlier = runtime.store.reply_for(sid)
                position = queued.position
            else:
                earlier, position = runtime.store.more_state(sid, sender)
            return reply.say(earlier, None) if earlier is not None else reply.more(position)
    text = reply_to(book, match, has_media=has_media)
    if match.kind is MatchKind.RED_FLAG:
        RED_FLAGS.inc()
    if match.topic is not None:
        if match.kind is MatchKind.RED_FLAG:
            return reply.opening(match.topic.id, text)
        return reply.opening(match.topic.id, text, next_page(match.page, match.also_page))
    return reply.opening(MENU_TOPIC, text)


def reply_to(book: SmsBook, match: Match, *, has_media: bool = False) -> str:
    """The reply to a message that needs no stored state: not STOP, START or MORE.
    The webhook, `helpline eval` and the operators' cases all read replies from here."""
    replies = book.catalog.service.replies
    if match.kind is MatchKind.HELP:
        return book.help
    if match.topic is not None:
        return first_reply(book, match)
    if match.kind is MatchKind.EMPTY and has_media:
        return book.menu(replies.no_text)
    if match.kind in (MatchKind.MENU, MatchKind.EMPTY):
        return book.menu()
    return book.menu(replies.not_understood)


def first_reply(book: SmsBook, match: Match) -> str:
    """The reply to a message that names a topic, one message or several: urgent advice
    first, then the answer to anything else asked, so nothing asked is lost."""
    if match.topic is None:
        raise ValueError("only a match with a topic has a topic's reply")
    if match.kind is not MatchKind.RED_FLAG:
        return book.answers(match.topic.id, match.page, match.also_page, match.name)
    urgent = book.urgent(match.topic, match.also)
    if match.question is None:
        return urgent
    question = match.question
    return urgent + MESSAGE_BREAK + book.answer(question.topic.id, question.page, question.name)


@dataclass(frozen=True, slots=True)
class _Reply:
    """Turns a chosen reply into an Outcome with the right MORE position."""

    book: SmsBook
    sid: str
    sender: str | None
    kind: MatchKind

    def say(self, text: str, topic_id: str | None, **changes: Any) -> Outcome:
        # MORE's page depends on the sender's position, which the reply itself moves on.
        from_state = self.kind is MatchKind.MORE
        return Outcome(
            self.sid, text, "sms", topic_id, self.kind.value, self.sender,
            from_state=from_state, **changes,
        )  # fmt: skip

    def opening(self, topic_id: str, text: str, after: int = 1) -> Outcome:
        """A topic's page (the first, or the one that answers) or the menu; MORE goes on
        with page `after`."""
        return self.say(text, topic_id, position=Position(topic_id, after))

    def more(self, position: Position | None) -> Outcome:
        """The next page after the sender's last one, or a clear end."""
        known = position is not None and (
            position.topic_id == MENU_TOPIC or self.book.catalog.has_topic(position.topic_id)
        )
        if position is None or not known:
            return self.opening(MENU_TOPIC, self.book.menu())
        topic_id, page = position.topic_id, position.next_page
        if page >= self.book.page_count(topic_id):
            return self.say(self.book.more_end, topic_id, clear_position=True)
        return self.say(
            self.book.topic_reply(topic_id, page), topic_id, position=Position(topic_id, page + 1)
        )


def _read_form(environ: WSGIEnvironment) -> tuple[str | None, MultiDict[str, str]]:
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
    return None, MultiDict(parse_qsl(text, keep_blank_values=True, errors="replace"))


@lru_cache(maxsize=1024)
def _document(text: str) -> bytes:
    """The TwiML bytes for a reply; replies come from a fixed set, so each is built once."""
    return message_xml(text).encode("utf-8")


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


def _media_count(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0
