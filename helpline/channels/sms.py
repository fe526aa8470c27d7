"""POST /sms: the text message channel.

Every reply is worked out ahead (sms_render.py), so answering a text is a lookup; the request
gate (request_gate.py) reads and checks the request first, as for every webhook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from helpline.channels.request_gate import Channel, Handler, Webhook
from helpline.channels.request_values import message_key, phone_number
from helpline.channels.sms_render import MENU_TOPIC, SmsBook, next_page
from helpline.channels.twiml import MESSAGE_BREAK, message_xml
from helpline.operators.metrics import RED_FLAGS, SMS_FALLBACKS, SMS_REQUESTS
from helpline.serving.runtime import Release, Runtime, Services
from helpline.store.database_guard import DatabaseDown
from helpline.store.privacy import pseudonym
from helpline.store.state import Outcome, Position
from helpline.understanding.matching import Match, MatchKind

SMS_PATH = "/sms"
# What a number that said STOP still gets an answer to: opting back in, and help.
STILL_ANSWERED = frozenset({MatchKind.STOP, MatchKind.START, MatchKind.HELP})
OPTED_OUT = "opted-out"  # how a text from an opted-out number is counted: answered with nothing


def channel(current: Callable[[], Runtime]) -> Channel:
    """The text webhook behind the request gate; `current` gives the runtime to answer from."""

    def text(hook: Webhook) -> str:
        return message_xml(reply(current(), hook))

    def route(rest: str) -> Handler | None:
        return text if rest == "" else None

    return Channel(
        SMS_PATH,
        route,
        lambda: message_xml(current().release.sms.fallback),
        SMS_REQUESTS,
        SMS_FALLBACKS,
    )


def reply(runtime: Runtime, hook: Webhook) -> str:
    """Answer the text in a webhook from the sender's release (the staged one for a tester),
    and record what it changes; a retry of the same message gets the same answer. Only an
    opt-out is written before replying; everything else is queued (recorder.py)."""
    form = hook.form
    services = runtime.services
    number = phone_number(form.get("From", ""))
    sender = pseudonym(services.secret, number) if number else None
    release = runtime.for_sender(sender)
    outcome = answer(
        release,
        services,
        body=form.get("Body", ""),
        has_media=_media_count(form.get("NumMedia", "")) > 0,
        sender=sender,
        sid=message_key(form.get("MessageSid", "")),
        earlier=runtime.kept,
    )
    if outcome.durable:
        text = services.consent.record(outcome)
    else:
        services.recorder.submit(outcome)
        text = outcome.reply
    return with_trouble_notice(text, release.sms.fallback, services.store.guard.problem)


def with_trouble_notice(text: str, fallback: str, problem: str | None) -> str:
    """While the database is known to be in trouble, a reply also carries the safe message
    (nurses' number and 999), as MORE and anything stored may fail for now."""
    if problem is None or not text or text.startswith(fallback) or fallback in text:
        return text
    return text + MESSAGE_BREAK + fallback


def answer(
    release: Release,
    services: Services,
    *,
    body: str,
    has_media: bool,
    sender: str | None,
    sid: str,
    earlier: Callable[[int | None], Release | None] = lambda _: None,
) -> Outcome:
    """Decide the reply and what it changes; the store writes it all in one go. MORE goes on
    in the release that sent the last page, while `earlier` still has it."""
    match = release.matcher.match(body)
    book = release.sms
    reply = _Reply(book, sid, sender, match.kind, release.id)
    if sender and match.kind not in STILL_ANSWERED and services.consent.opted_out(sender):
        return Outcome(sid, "", "sms", None, OPTED_OUT, sender)
    match match.kind:
        case MatchKind.STOP:
            return reply.say("", None, opted_out=True, clear_position=True)
        case MatchKind.START:
            return reply.say(book.start, None, opted_out=False)
        case MatchKind.HELP:
            return reply.say(book.help, None)
        case MatchKind.MORE:
            queued = services.recorder.queued(sid, sender)
            if queued.reply is not None:
                return reply.say(queued.reply, None)
            if queued.knows_position:
                kept_reply = services.store.reply_for(sid)
                position = queued.position
            else:
                kept_reply, position = services.store.more_state(sid, sender)
            if kept_reply is not None:
                return reply.say(kept_reply, None)
            started = earlier(position.release_id) if position is not None else None
            if started is not None:
                reply = _Reply(started.sms, sid, sender, match.kind, started.id)
            return reply.more(position)
    if match.kind is MatchKind.NOT_UNDERSTOOD and sender and release.matcher.asks(body):
        followed = _follow_up(release, services, body, sid, sender)
        if isinstance(followed, str):
            return reply.say(followed, None)  # Twilio's retry of a follow-up already answered
        if followed is not None:
            match, reply = followed, _Reply(book, sid, sender, followed.kind, release.id)
    text = reply_to(book, match, has_media=has_media)
    if match.kind is MatchKind.RED_FLAG:
        RED_FLAGS.inc()
    if match.topic is not None:
        if match.kind is MatchKind.RED_FLAG:
            return reply.opening(match.topic.id, text)
        return reply.opening(match.topic.id, text, next_page(match.page, match.also_page))
    return reply.opening(MENU_TOPIC, text)


def _follow_up(
    release: Release, services: Services, body: str, sid: str, sender: str
) -> Match | str | None:
    """A question naming no topic, read against the topic the sender was last sent; the reply
    already given when this is a retry of it; None (the menu, as before) when there is no such
    topic, no page of it answers, or the database cannot say which topic it was."""
    queued = services.recorder.queued(sid, sender)
    if queued.reply is not None:
        return queued.reply
    if queued.knows_position:
        position = queued.position
    else:
        try:
            kept_reply, position = services.store.more_state(sid, sender)
        except DatabaseDown:
            return None
        if kept_reply is not None:
            return kept_reply
    if position is None or position.topic_id == MENU_TOPIC:
        return None
    return release.matcher.follow_up(body, position.topic_id)


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
    release_id: int | None
    """The release the book is from, which MORE goes on in."""

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
        return self.say(text, topic_id, position=Position(topic_id, after, self.release_id))

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
        after = Position(topic_id, page + 1, self.release_id)
        return self.say(self.book.topic_reply(topic_id, page), topic_id, position=after)


def _media_count(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0
