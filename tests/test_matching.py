"""The one matcher: precedence, red flags, questions and forgiving typos."""

from __future__ import annotations

import pytest

from helpline.content.loading import load_catalog
from helpline.understanding.matching import Matcher, MatchKind

_LOADED = load_catalog().catalog
assert _LOADED is not None
CATALOG = _LOADED
MATCHER = Matcher(CATALOG)


@pytest.mark.parametrize(
    ("message", "topic_id"),
    [
        ("my legs feel numb", "spinal-cord-compression"),
        ("I can't feel my legs", "spinal-cord-compression"),
        ("pins and needles in my toes", "spinal-cord-compression"),
        ("I've wet myself and can't walk properly", "spinal-cord-compression"),
        ("so thirsty and confused today", "hypercalcaemia"),
        ("my calf is swollen and hot", "blood-clots"),
        ("coughing up blood", "blood-clots"),
        ("temperature of 38 after chemo", "infection"),
        ("I feel shivery", "infection"),
        ("I think I have broken a bone", "fractures"),
    ],
)
def test_red_flags_anywhere_in_a_message_find_the_urgent_topic(message: str, topic_id: str) -> None:
    match = MATCHER.match(message)
    assert match.kind is MatchKind.RED_FLAG
    assert match.topic is not None and match.topic.id == topic_id


def test_several_red_flags_lead_with_the_fastest_action_and_name_the_others() -> None:
    match = MATCHER.match("numb legs and coughing up blood")
    assert CATALOG.service.urgent_order.index("blood-clots") < CATALOG.service.urgent_order.index(
        "spinal-cord-compression"
    )
    assert match.topic is not None and match.topic.id == "blood-clots"
    assert [t.id for t in match.also] == ["spinal-cord-compression"]


@pytest.mark.parametrize(
    ("message", "topic_id"),
    [
        ("what is xgeva?", "denosumab"),
        ("tell me about chemo", "chemotherapy"),
        ("Herceptin", "targeted-therapy"),
        ("bone drugs", "bisphosphonates"),
        ("ZOLEDRONIC ACID", "bisphosphonates"),
        ("how do I take my bisphosphonate tablets", "bisphosphonate-tablets"),
        ("what is a vertebroplasty", "spinal-procedures"),
        ("Bone mets", "bone"),
        ("prognosis", "prognosis"),
    ],
)
def test_keywords_synonyms_and_short_questions_find_the_topic(message: str, topic_id: str) -> None:
    match = MATCHER.match(message)
    assert match.kind is MatchKind.KEYWORD
    assert match.topic is not None and match.topic.id == topic_id


def test_the_longest_phrase_wins_when_two_topics_are_named() -> None:
    shorter = MATCHER.match("calcium")
    longer = MATCHER.match("low calcium")
    assert shorter.topic is not None and longer.topic is not None
    assert shorter.topic.id != longer.topic.id


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("STOP", MatchKind.STOP),
        ("stop.", MatchKind.STOP),
        ("Start", MatchKind.START),
        ("INFO", MatchKind.HELP),
        ("please stop", MatchKind.NOT_UNDERSTOOD),
        ("MORE", MatchKind.MORE),
        ("menu", MatchKind.MENU),
        ("?", MatchKind.MENU),
        ("", MatchKind.EMPTY),
        ("😀", MatchKind.EMPTY),
        ("7", MatchKind.NUMBER),
        ("999999", MatchKind.NOT_UNDERSTOOD),
    ],
)
def test_carrier_service_and_menu_words_are_recognised_whole(message: str, kind: MatchKind) -> None:
    assert MATCHER.match(message).kind is kind


def test_carrier_words_beat_red_flags_but_only_as_the_whole_message() -> None:
    assert MATCHER.match("STOP").kind is MatchKind.STOP
    assert MATCHER.match("stop numb legs").kind is MatchKind.RED_FLAG


@pytest.mark.parametrize(
    ("message", "topic_id"),
    [("chemotheraphy", "chemotherapy"), ("xgava", "denosumab"), ("radiotheraphy", "radiotherapy")],
)
def test_typos_are_forgiven_when_one_topic_is_clearly_meant(message: str, topic_id: str) -> None:
    match = MATCHER.match(message)
    assert match.kind is MatchKind.TYPO
    assert match.topic is not None and match.topic.id == topic_id


@pytest.mark.parametrize("message", ["stpo", "hlep", "urgnet", "strat", "unsubscibe"])
def test_typos_of_carrier_words_and_urgent_are_never_guessed(message: str) -> None:
    assert MATCHER.match(message).kind is MatchKind.NOT_UNDERSTOOD


@pytest.mark.parametrize("message", ["help me", "Please help!", "I need help", "can you help me?"])
def test_asking_for_help_in_a_few_words_gets_the_help_reply(message: str) -> None:
    assert MATCHER.match(message).kind is MatchKind.HELP


def test_a_red_flag_beats_a_plea_for_help() -> None:
    match = MATCHER.match("help me my legs are numb")
    assert match.kind is MatchKind.RED_FLAG and match.topic is not None
    assert match.topic.id == "spinal-cord-compression"
