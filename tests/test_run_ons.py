"""Messages typed in one breath or dictated: sentences that open without a full stop.

A history, a denial or a question reaches to the end of its clause. Without punctuation the
clause is the whole message, so "it mended fine does that mean it will break again" read the
"again" of the question as news of now. These tests drive the tokenizer and the matcher with
such messages.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.content.loading import load_catalog
from helpline.understanding.matching import Matcher, MatchKind
from helpline.understanding.tokens import tokenize

_LOADED = load_catalog().catalog
assert _LOADED is not None
MATCHER = Matcher(_LOADED)


def clauses(message: str) -> list[str]:
    """The message's words, grouped by the clause the tokenizer puts them in."""
    grouped: dict[int, list[str]] = {}
    for token in tokenize(message):
        grouped.setdefault(token.clause, []).append(token.word)
    return [" ".join(words) for words in grouped.values()]


def urgent(message: str) -> str | None:
    """The urgent topic a message sets off, if any."""
    match = MATCHER.match(message)
    return match.topic.id if match.kind is MatchKind.RED_FLAG and match.topic else None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "it mended fine does that mean it will break again",
            ["it mended fine", "doe that mean it will break again"],
        ),
        ("my leg is swollen is it a clot", ["my leg is swollen", "is it a clot"]),
        (
            "my back aches how long will it take to settle",
            ["my back ache", "how long will it take to settle"],
        ),
        ("the scan was clear now my hip hurts", ["the scan was clear now", "my hip hurt"]),
        ("it healed now she is worried", ["it healed now", "she is worried"]),
    ],
)
def test_a_question_or_a_now_opens_a_new_clause_without_a_full_stop(
    message: str, expected: list[str]
) -> None:
    assert clauses(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "how long have I got",
        "how many years has i got",
        "what do we do if it swells",
        "the calf is that swollen and red",
        "if I get breathless at school should I go to A&E",
        "she had a clot in may they treated it",
        "whatever it is it hurts",
        "so do I",
        "pink stuff when I cough is that normal",
        "for cord compression is it usually an operation",
        "I get breathless on hills, always have, I am a smoker",
        "it hurts right now she says",
        "does that mean I will break bones now I have mets",
    ],
)
def test_words_that_only_look_like_a_new_sentence_keep_their_clause(message: str) -> None:
    assert len(clauses(message)) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz .,?!'38")), max_size=120))
def test_parting_run_ons_keeps_every_word_and_only_adds_breaks(message: str) -> None:
    parted = tokenize(message)
    whole = tokenize(message, run_ons=False)
    assert [t.word for t in parted] == [t.word for t in whole]
    for (a, b), (c, d) in zip(itertools.pairwise(parted), itertools.pairwise(whole), strict=True):
        assert b.clause - a.clause >= d.clause - c.clause >= 0
        assert b.clause - a.clause <= d.clause - c.clause + 1


@pytest.mark.parametrize(
    "message",
    [
        "I broke my wrist two years ago and it mended fine does that mean its more likely to "
        "break again",
        "had a clot in my leg last year sorted with injections is it likely to come back",
        "mum broke her wrist in the summer its mended now would she need surgery if a bone "
        "broke again",
        "last month my calcium was high and they gave me fluids through a drip levels are "
        "normal now and I feel well why did it happen",
        "Back in the spring my leg went red and puffy and they scanned it. DVT. Did the "
        "injections, leg's normal now. Do I need flight socks?",
    ],
)
def test_an_episode_over_and_a_question_in_one_breath_is_no_alarm(message: str) -> None:
    match = MATCHER.match(message)
    assert not match.is_urgent_advice
    assert match.topic is not None  # answered, not the fallback


@pytest.mark.parametrize(
    ("message", "topic_id"),
    [
        ("I had a clot last year now my calf is swollen and hot again", "blood-clots"),
        (
            "my legs went weak in 2021 and they treated the compression is it normal that they "
            "feel heavy and numb today",
            "spinal-cord-compression",
        ),
        ("my calf was swollen and hot yesterday, it is fine now", "blood-clots"),
        ("I fell and heard a crack in my hip an hour ago, I am ok now", "fractures"),
        ("mums temp was 38.5 an hour ago on chemo she seems ok now", "infection"),
        (
            "her legs gave way this morning she is ok now but still cant feel her feet",
            "spinal-cord-compression",
        ),
    ],
)
def test_a_sign_of_today_or_yesterday_still_warns_though_said_to_be_fine_now(
    message: str, topic_id: str
) -> None:
    assert urgent(message) == topic_id


@pytest.mark.parametrize(
    "message",
    [
        "my picc line area was a bit red last week the nurse checked it on thursday and it had "
        "cleared by the weekend their is no swelling or soreness now and the line comes out "
        "next month",
        "The swelling in my arm from the picc line clot went down after treatment in May and "
        "the line's out now. Can I have another line put in for chemo?",
    ],
)
def test_a_now_after_a_signs_own_ending_tells_of_the_time_since(message: str) -> None:
    assert not MATCHER.match(message).is_urgent_advice


@pytest.mark.parametrize(
    ("message", "topic_id"),
    [
        ("her calf swelled up last week, it went down but now it is hot and red", "blood-clots"),
        ("my leg was swollen last week it went down a bit now its huge again", "blood-clots"),
        (
            "the numbness in my feet went away last month but now I cant feel my feet at all",
            "spinal-cord-compression",
        ),
        ("temp was 38 yesterday it came down with paracetamol now 38.4", "infection"),
    ],
)
def test_a_sign_back_after_its_ending_still_warns(message: str, topic_id: str) -> None:
    assert urgent(message) == topic_id
