"""POST /sms: the text message channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, request

from helpline import runtime
from helpline.matching import MatchKind
from helpline.privacy import pseudonym
from helpline.sms_render import MENU_TOPIC, SmsBook
from helpline.state import Outcome, Position
from helpline.twiml import message_xml, twiml
from helpline.webhooks import guard

bp = Blueprint("sms", __name__)


def _fallback() -> Response:
    return twiml(message_xml(runtime.current().sms.fallback))


guard(bp, _fallback)


@bp.post("/sms")
def incoming_sms() -> Response:
    """Answer one text message; a retry of the same message gets the same answer.

    Only an opt-out is written before replying; everything else is queued (recorder.py).
    """
    form = request.form
    current = runtime.current()
    number = form.get("From", "").strip()
    sender = pseudonym(current.secret, number) if number else None
    outcome = answer(
        body=form.get("Body", ""),
        has_media=_media_count(form.get("NumMedia", "")) > 0,
        sender=sender,
        sid=form.get("MessageSid", "").strip(),
    )
    if outcome.durable:
        return twiml(message_xml(current.store.record(outcome)))
    current.recorder.submit(outcome)
    return twiml(message_xml(outcome.reply))


def answer(*, body: str, has_media: bool, sender: str | None, sid: str) -> Outcome:
    """Decide the reply and what it changes; the store writes it all in one go."""
    current = runtime.current()
    match = current.matcher.match(body)
    reply = _Reply(current.sms, sid, sender, match.kind)
    book, replies = current.sms, current.catalog.service.replies
    match match.kind:
        case MatchKind.STOP:
            return reply.say("", None, opted_out=True, clear_position=True)
        case MatchKind.START:
            return reply.say(book.start, None, opted_out=False)
        case MatchKind.HELP:
            return reply.say(book.help, None)
        case MatchKind.RED_FLAG if match.topic:
            return reply.opening(match.topic.id, book.urgent(match.topic, match.also))
        case MatchKind.KEYWORD | MatchKind.NUMBER | MatchKind.TYPO if match.topic:
            return reply.opening(match.topic.id, book.topic_reply(match.topic.id, 0))
        case MatchKind.MORE:
            queued = current.recorder.queued(sid, sender)
            if queued.reply is not None:
                return reply.say(queued.reply, None)
            if queued.knows_position:
                earlier = current.store.reply_for(sid)
                position = queued.position
            else:
                earlier, position = current.store.more_state(sid, sender)
            return reply.say(earlier, None) if earlier is not None else reply.more(position)
        case MatchKind.EMPTY if has_media:
            return reply.opening(MENU_TOPIC, book.menu(replies.no_text))
        case MatchKind.MENU | MatchKind.EMPTY:
            return reply.opening(MENU_TOPIC, book.menu())
        case _:
            return reply.opening(MENU_TOPIC, book.menu(replies.not_understood))


@dataclass(frozen=True, slots=True)
class _Reply:
    """Turns a chosen reply into an Outcome with the right MORE position."""

    book: SmsBook
    sid: str
    sender: str | None
    kind: MatchKind

    def say(self, text: str, topic_id: str | None, **changes: Any) -> Outcome:
        return Outcome(self.sid, text, "sms", topic_id, self.kind.value, self.sender, **changes)

    def opening(self, topic_id: str, text: str) -> Outcome:
        """The first page of a topic or of the menu; MORE continues from page two."""
        return self.say(text, topic_id, position=Position(topic_id, 1))

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


def _media_count(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0
