"""Every SMS the service can send, worked out from the catalog before anyone texts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from helpline.channels.twiml import MESSAGE_BREAK
from helpline.content.model import Catalog, Replies, Topic
from helpline.text.gsm import encoding_of

MAX_SEGMENTS = 2
MENU_TOPIC = "menu"


def compose(text: str, replies: Replies, *, more: bool, footer: bool = True) -> str:
    """Add the MORE hint and the route to urgent help (left off where the text is that route)."""
    parts = [text]
    if more:
        parts.append(replies.more_hint)
    if footer:
        parts.append(replies.footer)
    return "\n".join(parts)


def fits(text: str) -> bool:
    """Whether a reply stays within the service's segment budget."""
    return encoding_of(text).segments <= MAX_SEGMENTS


def menu_line(number: int, topic: Topic) -> str:
    """How one topic is offered in the SMS menu."""
    return f"{number} {topic.menu_keyword} - {topic.title}"


@dataclass(frozen=True, slots=True, eq=False)
class SmsBook:
    """The composed replies: topic pages, menu pages and the service's own messages."""

    catalog: Catalog
    topic_pages: dict[str, tuple[str, ...]]
    menu_pages: tuple[str, ...]
    help: str
    start: str
    more_end: str
    fallback: str

    def pages(self, topic_id: str) -> tuple[str, ...]:
        """The composed pages of a topic, or of the menu."""
        return self.menu_pages if topic_id == MENU_TOPIC else self.topic_pages[topic_id]

    def topic_reply(self, topic_id: str, page: int) -> str:
        """The composed reply for one page of a topic (or of the menu)."""
        return self.pages(topic_id)[page]

    def page_count(self, topic_id: str) -> int:
        """How many pages MORE can walk through."""
        return len(self.pages(topic_id))

    def menu(self, prefix: str | None = None) -> str:
        """The first menu page, after a short note such as "we did not understand"."""
        return self.menu_pages[0] if prefix is None else f"{prefix}\n{self.menu_pages[0]}"

    @lru_cache(maxsize=256)  # noqa: B019 - the book lives as long as the app
    def urgent(self, topic: Topic, also: tuple[Topic, ...]) -> str:
        """The urgent reply; when the message showed other urgent problems, it says so."""
        first = self.topic_pages[topic.id][0]
        if not also:
            return first
        replies = self.catalog.service.replies
        more = len(topic.sms) > 1
        return compose(f"{topic.sms[0]}\n{also_pointer(also)}", replies, more=more, footer=False)

    @lru_cache(maxsize=4096)  # noqa: B019 - the book lives as long as the app
    def answer(self, topic_id: str, page: int, name: str | None = None) -> str:
        """The page that answers a question, echoing the drug or brand name the person used."""
        return _named(self.topic_reply(topic_id, page), name)

    @lru_cache(maxsize=1024)  # noqa: B019 - the book lives as long as the app
    def answers(self, topic_id: str, page: int, also: int | None, name: str | None = None) -> str:
        """The answer to a question, or two pages that answer it equally well as two texts:
        the first bare, the second with the MORE hint and the route to urgent help."""
        if also is None:
            return self.answer(topic_id, page, name)
        topic = self.catalog.topic(topic_id)
        first = _named(topic.sms[page], name)
        more = next_page(page, also) < len(topic.sms)
        second = compose(topic.sms[also], self.catalog.service.replies, more=more)
        return f"{first}{MESSAGE_BREAK}{second}"


def next_page(page: int, also: int | None) -> int:
    """The page MORE sends after a reply of `page` (and of `also`, when it went too)."""
    after = page + 1
    return after + 1 if also == after else after


def also_pointer(others: tuple[Topic, ...]) -> str:
    """Says that a message showed more urgent problems than the reply is about."""
    return "Other signs too: text " + ", ".join(t.menu_keyword for t in others) + "."


def _named(text: str, name: str | None) -> str:
    """A text with the name the person used above it, unless the text already gives it or
    the name would take the reply over its segment budget (the text alone still answers)."""
    if name is None or _mentions(text, name):
        return text
    named = f"{name_line(name)}\n{text}"
    return named if fits(named) else text


def name_line(name: str) -> str:
    """The line that tells a person which drug the reply is about, when the page does not."""
    return f"About {name}:"


def _mentions(text: str, name: str) -> bool:
    """Whether a text already names a drug in all its forms: a page that says "Aredia" still
    needs "About Aredia (disodium pamidronate):" for someone who asked what Aredia is."""
    lowered = text.lower()
    return all(form.lower() in lowered for form in name_forms(name))


def name_forms(name: str) -> tuple[str, ...]:
    """How a name may be written: "Zometa (zoledronic acid)" is Zometa and zoledronic acid."""
    outside, _, inside = name.partition("(")
    return tuple(f for f in (outside.strip(), inside.rstrip(")").strip()) if f)


def render_sms(catalog: Catalog) -> SmsBook:
    """Compose every reply once; checks read the same book the webhook sends from."""
    replies = catalog.service.replies
    # An urgent topic's first page is itself the route to urgent help; every other page
    # (chosen to answer a question, or reached by MORE) points to it like any reply.
    topic_pages = {
        topic.id: tuple(
            compose(page, replies, more=i + 1 < len(topic.sms), footer=not topic.urgent or i > 0)
            for i, page in enumerate(topic.sms)
        )
        for topic in catalog.topics
    }
    return SmsBook(
        catalog=catalog,
        topic_pages=topic_pages,
        menu_pages=_menu_pages(catalog),
        help=compose(replies.help, replies, more=False),
        start=compose(replies.start, replies, more=False),
        more_end=compose(replies.more_end, replies, more=False),
        # The fallback already says where urgent help is, and texting URGENT may fail too.
        fallback=compose(replies.fallback, replies, more=False, footer=False),
    )


def _menu_pages(catalog: Catalog) -> tuple[str, ...]:
    """Pack the topic list into as few pages as fit, leaving room for a short note on top."""
    replies = catalog.service.replies
    note = max((replies.not_understood, replies.no_text), key=len)
    lines = [menu_line(n, t) for n, t in enumerate(catalog.topics, start=1)]
    pages: list[list[str]] = [[replies.menu_intro]]
    for line in lines:
        candidate = [*pages[-1], line]
        if len(pages[-1]) > 1 and not fits(
            f"{note}\n" + compose("\n".join(candidate), replies, more=True)
        ):
            pages.append([line])
        else:
            pages[-1] = candidate
    return tuple(
        compose("\n".join(page), replies, more=i + 1 < len(pages)) for i, page in enumerate(pages)
    )
