"""TwiML documents, built with twilio-python and made safe before they leave."""

from __future__ import annotations

from functools import lru_cache

from twilio.twiml.messaging_response import MessagingResponse

from helpline.text.gsm import to_gsm7

TWIML_TYPE = "text/xml; charset=utf-8"
MESSAGE_BREAK = "\x1e"
"""Between the texts of a reply that goes as several messages (urgent advice, then the answer)."""


def messages(reply: str) -> list[str]:
    """The texts a reply is sent as, in order; none for an empty reply."""
    return [text for text in reply.split(MESSAGE_BREAK) if text]


@lru_cache(maxsize=1024)
def message_xml(text: str) -> str:
    """A reply of one message, or several; an empty text means "send nothing"."""
    response = MessagingResponse()
    for message in messages(text):
        # to_gsm7 also drops control characters, which would make the XML invalid.
        response.message(to_gsm7(message))
    return str(response.to_xml(xml_declaration=True))
