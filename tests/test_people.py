"""Whose sign is it: the one with cancer, or somebody else the message names?

Driven through the real matcher and the packaged lexicon; the Cast tests read who the module
finds where, the rest read what reply a person would get.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.content.loading import load_catalog
from helpline.understanding.matching import Matcher, MatchKind
from helpline.understanding.people import UNKNOWN, WRITER, Cast, People
from helpline.understanding.tokens import tokenize

_LOADED = load_catalog().catalog
assert _LOADED is not None
CATALOG = _LOADED
MATCHER = Matcher(CATALOG)
PEOPLE: People = MATCHER.understanding.context.people


def urgent(message: str) -> list[str]:
    """The urgent topics a message sets off, fastest action first."""
    match = MATCHER.match(message)
    if match.kind is not MatchKind.RED_FLAG or match.topic is None:
        return []
    return [match.topic.id, *(t.id for t in match.also)]


def cast(message: str) -> tuple[Cast, list[str]]:
    """Who a message names, with cancer taken as said where the word "mets" stands."""
    tokens = tokenize(message)
    cancer = [frozenset({i}) for i, t in enumerate(tokens) if t.word == "met"]
    return PEOPLE.cast(tokens, cancer, frozenset()), [t.word for t in tokens]


class TestWhomCancerIsSaidOf:
    @pytest.mark.parametrize(
        ("message", "key"),
        [
            ("Mum has bone mets and a cold", "mum"),
            ("I care for my partner Ruth who has mets in her spine", "partner"),
            ("Bone mets here, all fine", WRITER),
            ("Mets in my hips since May", WRITER),
            ("Me: living with bone mets", WRITER),
            ("my mother-in-law, she has mets", "mum in law"),
            ("My colleague Lou, who is 52, has bone mets", "colleague"),
            ("my mother who lives with us and has bone mets", "mum"),
        ],
    )
    def test_the_person_before_a_word_of_cancer_is_the_one_who_has_it(
        self, message: str, key: str
    ) -> None:
        found, _ = cast(message)
        assert [p.key for p in found.patients] == [key]

    @pytest.mark.parametrize(
        "message",
        [
            "my son finally understands what mets are",
            "books for talking to teenagers about mets",
            "the lady I look after has mets",
        ],
    )
    def test_cancer_only_talked_about_or_cared_for_is_not_said_of_that_person(
        self, message: str
    ) -> None:
        found, _ = cast(message)
        assert all(p.key != WRITER for p in found.patients)
        assert "son" not in [p.key for p in found.patients]
        assert "teenager" not in [p.key for p in found.patients]

    @pytest.mark.parametrize(
        "message",
        ["are my ribs more likely to break with bone mets", "what if mine broke with the mets"],
    )
    def test_cancer_after_with_in_a_sentence_about_the_writers_own_body_is_theirs(
        self, message: str
    ) -> None:
        found, _ = cast(message)
        assert [p.key for p in found.patients] == [WRITER]

    @pytest.mark.parametrize(
        "message",
        ["should I worry with mets", "can I give him paracetamol with mets"],
    )
    def test_cancer_after_with_beside_only_the_writer_as_a_carer_is_not_theirs(
        self, message: str
    ) -> None:
        found, _ = cast(message)
        assert WRITER not in [p.key for p in found.patients]


class TestWhoseASignIs:
    def test_his_points_back_to_the_only_man_named(self) -> None:
        message = "Mum has bone mets. My little boy fell and his wrist is swollen"
        found, words = cast(message)
        tokens = tokenize(message)
        owner = found.owner(tokens, words.index("wrist"), words.index("swollen") + 1)
        assert owner is not None and owner.key == "boy" and owner.young

    def test_her_with_two_women_named_may_be_either(self) -> None:
        message = "Mum has mets. My sister rang, she says her leg is swollen"
        found, words = cast(message)
        owner = found.owner(tokenize(message), words.index("leg"), words.index("swollen") + 1)
        assert owner is not None and owner.key == UNKNOWN

    def test_a_person_who_only_tells_of_a_sign_is_not_its_owner(self) -> None:
        message = "Mum has mets. My sister says the leg is swollen"
        found, words = cast(message)
        assert found.owner(tokenize(message), words.index("leg"), len(words)) is None


class TestAnotherPersonsSignsGiveNoAlarm:
    @pytest.mark.parametrize(
        "message",
        [
            "Dad has secondary breast cancer in his liver. My stepmum twisted her ankle "
            "dancing and it's puffed up like a balloon, she's resting it. Dad is fine.",
            "Nan has bone mets. My grandson has a temperature of 38.9 with chickenpox, so "
            "we are keeping him away from her.",
            "I've got secondary breast cancer in my spine. My workmate Tom slipped on the wet "
            "floor and snapped his wrist, he's in plaster.",
            "My wife has bone mets. Her brother is the one with the temp of 39, he caught "
            "flu at work. She is well.",
            "Secondary breast cancer in my hips. My sister: food poisoning, vomiting all "
            "night. I'm fine, what can I eat to keep my bones strong?",
            "Mum has secondary breast cancer. Our old friend Pat lost control of her bladder "
            "at the party, she's 94 and it happens. Mum laughed it off.",
            "Kim (she has bone mets) saw the lad next door come off his scooter and break his "
            "arm. She is fine, just shaken.",
        ],
    )
    def test_a_sign_of_someone_who_cannot_be_the_patient_does_not_warn(self, message: str) -> None:
        assert urgent(message) == []


class TestThePatientsSignsStillWarn:
    @pytest.mark.parametrize(
        ("message", "topic_id"),
        [
            ("Mum has bone mets. She fell and her wrist is swollen and bent", "fractures"),
            (
                "My husband has bone mets. Our son phoned, dad can't feel his legs",
                "spinal-cord-compression",
            ),
            (
                "My husband has bone mets. My son noticed his legs are weak and numb",
                "spinal-cord-compression",
            ),
            ("Mum has mets. My sister rang, she says her calf is red, hot and swollen",
             "blood-clots"),
            ("My wife's grandson jumped on her and now she can't bear anyone near her ribs, "
             "she has rib mets", "fractures"),
            ("Brother had a DVT once. Now my calf has gone the way his did, swollen, red and "
             "hot. I have secondary breast cancer", "blood-clots"),
            ("the gentleman I look after has bone mets and he's so thirsty, confused and "
             "sleepy today", "hypercalcaemia"),
            ("I rang the chemo ward about my wife's temperature, it's 38.6", "infection"),
            ("Mum has bone mets. My sister is here. Temperature 38.7 and shivering",
             "infection"),
            ("My aunt Rose has bone mets. The toddler's cold has cleared up, but now Rose is "
             "burning up, 38.8", "infection"),
            ("Jo (she's got bone mets) watched my son fall off his bike, and now her own leg "
             "is red, hot and swollen", "blood-clots"),
            ("My wife Gill has bone mets. I've shaken off my cold, but now Gill is burning up "
             "at 38.7 and shivering", "infection"),
        ],
    )  # fmt: skip
    def test_a_sign_that_may_be_the_patients_warns(self, message: str, topic_id: str) -> None:
        assert urgent(message)[:1] == [topic_id]


@pytest.mark.parametrize(
    "message",
    [
        "My sister-in-law fractured her ankle skiing. It made me wonder, are my ribs more "
        "likely to break with bone mets?",
        "our neighbour's husband broke his hip falling off a ladder. what would happen if mine "
        "broke with the bone mets?",
    ],
)
def test_someone_elses_break_beside_the_writers_own_mets_is_no_alarm(message: str) -> None:
    match = MATCHER.match(message)
    assert not match.is_urgent_advice
    assert match.topic is not None


def test_a_carers_worry_with_bone_mets_keeps_the_patients_sign_urgent() -> None:
    assert urgent("Mum's calf is swollen and hot, should I worry with bone mets?")[:1] == [
        "blood-clots"
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_into_mentions_within_the_message(text: str) -> None:
    tokens = tokenize(text)
    found = PEOPLE.cast(tokens, [frozenset({i}) for i in range(0, len(tokens), 5)], frozenset())
    assert all(0 <= i < len(tokens) for i in found.mentions)
    for start in range(len(tokens)):
        found.someone_elses(tokens, start, start + 1)
