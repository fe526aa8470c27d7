"""Tests for helpline.text.readability: syllable counting and the Flesch-Kincaid grade level."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpline.text.readability import (
    READING_GRADE_TARGET,
    Readability,
    count_syllables,
    readability,
    reading_age,
)

CHILDRENS_SENTENCE = "The cat sat on the mat. It was a big cat."
DENSE_MEDICAL_SENTENCE = (
    "Bisphosphonates reduce the incidence of skeletal-related events in patients with "
    "metastatic breast cancer by inhibiting osteoclast-mediated bone resorption."
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cancer", 2),
        ("the", 1),
        ("bisphosphonates", 4),
        ("tablet", 2),
        ("made", 1),
        ("table", 2),
        ("breast", 1),
        ("nurse", 1),
        ("doctor", 2),
        ("tumour", 2),
        ("hospital", 3),
        ("medicine", 3),
        ("chemotherapy", 5),
        ("metastatic", 4),
        ("oncologist", 4),
        ("family", 3),
        ("appointment", 3),
        ("people", 2),
        ("places", 2),
        ("notes", 1),
        ("walked", 1),
        ("needed", 2),
        ("you", 1),
        ("because", 2),
        ("don't", 1),
    ],
)
def test_common_words_have_their_dictionary_syllable_count(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("radiotherapy", 6), ("diagnosis", 4), ("treated", 3), ("recipe", 3)],
)
def test_hard_words_are_counted_within_one_syllable(word: str, syllables: int) -> None:
    assert abs(count_syllables(word) - syllables) <= 1


def test_radiotherapy_counts_as_five_syllables_one_under_the_dictionary() -> None:
    assert count_syllables("radiotherapy") == 5


def test_case_and_accents_do_not_change_the_syllable_count() -> None:
    assert count_syllables("CANCER") == count_syllables("cancer")
    assert count_syllables("caf\u00e9") == count_syllables("cafe")


def test_a_word_counts_at_least_one_syllable() -> None:
    assert count_syllables("hmm") == 1
    assert count_syllables("a") == 1


def test_a_string_without_letters_has_no_syllables() -> None:
    assert count_syllables("") == 0
    assert count_syllables("42") == 0


def test_a_simple_childrens_sentence_scores_below_grade_4() -> None:
    assert readability(CHILDRENS_SENTENCE).grade < 4


def test_a_dense_medical_sentence_scores_above_grade_10() -> None:
    assert readability(DENSE_MEDICAL_SENTENCE).grade > 10


def test_empty_text_scores_zero() -> None:
    assert readability("") == Readability(words=0, sentences=0, syllables=0, grade=0.0)


def test_text_without_words_scores_zero() -> None:
    assert readability("123 ... 4.5 !?").grade == 0.0


def test_the_grade_follows_the_flesch_kincaid_formula() -> None:
    result = readability(CHILDRENS_SENTENCE)
    assert (result.words, result.sentences, result.syllables) == (11, 2, 11)
    assert result.grade == pytest.approx(0.39 * 11 / 2 + 11.8 * 11 / 11 - 15.59)


def test_sentences_end_at_stops_marks_and_newlines() -> None:
    assert readability("Call us. Are you well? Yes! Thanks\nBye").sentences == 5


def test_text_with_words_but_no_full_stop_is_one_sentence() -> None:
    assert readability("call us any time").sentences == 1


def test_a_decimal_point_does_not_end_a_sentence() -> None:
    assert readability("Take 2.5 mg twice a day.").sentences == 1


def test_numbers_are_not_counted_as_words() -> None:
    assert readability("Take 2 tablets at 8").words == 3


def test_an_apostrophe_inside_a_word_keeps_it_one_word() -> None:
    assert readability("It's fine, don\u2019t worry").words == 4


def test_the_grade_target_matches_a_reading_age_of_eleven() -> None:
    assert reading_age(READING_GRADE_TARGET) == 11.0


@given(st.text())
def test_readability_is_deterministic(text: str) -> None:
    assert readability(text) == readability(text)


@given(st.text())
def test_there_is_a_sentence_exactly_when_there_are_words(text: str) -> None:
    result = readability(text)
    assert (result.sentences >= 1) == (result.words >= 1)
    assert result.syllables >= result.words
