"""Property tests: whatever anyone sends, the answer is valid, sendable TwiML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpline.content.loading import load_catalog
from helpline.text.gsm import encoding_of, is_gsm7
from helpline.understanding.matching import CARRIER_WORDS, Matcher, MatchKind
from helpline.understanding.patterns import GAP
from tests.conftest import Texter, close, make_app

_LOADED = load_catalog().catalog
assert _LOADED is not None
CATALOG = _LOADED
MATCHER = Matcher(CATALOG)
CLASS_SLOT = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def as_written(phrase: str) -> str:
    """A keyword or synonym as a person writes it: a {class} slot ("how long has {someone}
    got") filled with the class's first member, and a gap ("lump ... out") left empty."""
    filled = CLASS_SLOT.sub(lambda slot: CATALOG.lexicon[slot.group(1)][0], phrase)
    return " ".join(word for word in filled.split() if word != GAP)


OWNERS = {
    as_written(phrase): topic
    for topic in CATALOG.topics
    for phrase in (*topic.keywords, *topic.synonyms)
}
KEYWORDS = list(OWNERS)

bodies = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=1600),
    st.sampled_from(KEYWORDS).map(lambda k: f"what is {k}?"),
    st.lists(st.sampled_from([*KEYWORDS, "MORE", "STOP", "numb", "legs", "!!", "😀"])).map(
        " ".join
    ),
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app for every example, on SQLite."""
    folder: Path = tmp_path_factory.mktemp("properties")
    application = make_app(f"sqlite:///{folder / 'helpline.sqlite3'}", folder)
    yield application
    close(application)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies, media=st.sampled_from(["0", "1", "", "x"]))
def test_any_body_gets_valid_twiml_that_is_gsm7_and_at_most_two_segments(
    app: Flask, body: str, media: str
) -> None:
    reply = Texter(app.test_client()).send(body, NumMedia=media)
    assert reply.status == 200
    for message in reply.messages:
        assert is_gsm7(message)
        assert encoding_of(message).segments <= 2


@given(
    word=st.sampled_from(sorted(CARRIER_WORDS)),
    slip=st.integers(0, 5),
    extra=st.sampled_from("xqz"),
)
def test_a_slip_of_the_finger_never_turns_into_or_out_of_a_carrier_word(
    word: str, slip: int, extra: str
) -> None:
    position = slip % (len(word) + 1)
    typo = word[:position] + extra + word[position:]
    match = MATCHER.match(typo)
    assert match.kind not in (MatchKind.STOP, MatchKind.START, MatchKind.HELP)
    assert match.kind is not MatchKind.TYPO


@given(
    keyword=st.sampled_from(KEYWORDS),
    shout=st.booleans(),
    punctuation=st.sampled_from(["", "?", "!", "."]),
)
def test_every_keyword_and_synonym_finds_its_topic_in_any_case(
    keyword: str, shout: bool, punctuation: str
) -> None:
    owner = OWNERS[keyword]
    text = (keyword.upper() if shout else keyword.lower()) + punctuation
    match = MATCHER.match(text)
    assert match.kind in (MatchKind.KEYWORD, MatchKind.RED_FLAG)
    if match.kind is MatchKind.KEYWORD:
        assert match.topic == owner
    else:
        assert owner.urgent
