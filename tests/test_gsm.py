"""Tests for helpline.text.gsm: the GSM 03.38 table, segment counting and normalisation."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpline.text.gsm import (
    GSM7_BASIC,
    GSM7_EXTENDED,
    REPLACEMENTS,
    Encoding,
    encoding_of,
    is_gsm7,
    non_gsm7_characters,
    septets,
    suggest_replacement,
    to_gsm7,
)

EMOJI = "\U0001f600"
CURLY_APOSTROPHE = "\u2019"

# Any text at all, control characters included; lone surrogates cannot be sent anyway.
any_text = st.text(st.characters(exclude_categories=["Cs"]))
# Long texts mixing the costs that matter, so that segment boundaries are crossed.
sms_text = st.text(st.sampled_from(["a", "{", "\u2019", EMOJI]), max_size=400)


def test_the_basic_set_has_127_characters_because_the_escape_slot_is_not_one() -> None:
    assert len(GSM7_BASIC) == 127
    assert "\x1b" not in GSM7_BASIC


def test_the_extension_set_has_the_ten_double_cost_characters() -> None:
    assert frozenset("\f^{}\\[]~|\u20ac") == GSM7_EXTENDED
    assert not GSM7_BASIC & GSM7_EXTENDED


def test_the_basic_set_holds_every_non_ascii_character_of_the_standard() -> None:
    non_ascii = (
        "\u00a3\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\u00d8\u00f8\u00c5\u00e5"
        "\u0394\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e"
        "\u00c6\u00e6\u00df\u00c9\u00a4\u00a1\u00c4\u00d6\u00d1\u00dc\u00a7"
        "\u00bf\u00e4\u00f6\u00f1\u00fc\u00e0"
    )
    assert set(non_ascii) <= GSM7_BASIC
    assert len(GSM7_BASIC - set(non_ascii)) == 127 - len(non_ascii)


def test_every_printable_ascii_character_except_the_backtick_is_gsm7() -> None:
    printable = string.ascii_letters + string.digits + string.punctuation + " "
    assert {char for char in printable if not is_gsm7(char)} == {"`"}


@pytest.mark.parametrize("char", ["\u00e7", "\u00e1", "\u00ea", "\u00c0", "\u2013"])
def test_common_characters_that_look_harmless_are_not_gsm7(char: str) -> None:
    assert not is_gsm7(char)


def test_the_capital_c_cedilla_is_gsm7_as_the_standard_says() -> None:
    assert is_gsm7("\u00c7")


def test_extension_characters_count_two_septets() -> None:
    assert septets("a{b}\u20ac") == 1 + 2 + 1 + 2 + 2


def test_septets_refuses_text_that_is_not_gsm7() -> None:
    with pytest.raises(ValueError, match="U\\+2019"):
        septets(f"it{CURLY_APOSTROPHE}s")


@pytest.mark.parametrize(
    ("length", "segments"),
    [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_text_splits_into_segments_at_160_then_153_septets(length: int, segments: int) -> None:
    assert encoding_of("a" * length) == Encoding("GSM-7", length, segments)


def test_an_extension_character_at_the_single_segment_limit_makes_two_segments() -> None:
    assert encoding_of("a" * 158 + "{") == Encoding("GSM-7", 160, 1)
    assert encoding_of("a" * 159 + "{") == Encoding("GSM-7", 161, 2)


def test_an_escape_pair_is_never_split_across_segments() -> None:
    # 152 septets then an escape pair: it would straddle the 153-septet boundary.
    straddling = encoding_of("a" * 152 + "{" + "a" * 152)
    assert straddling == Encoding("GSM-7", 306, 3)
    assert encoding_of("a" * 151 + "{" + "a" * 153) == Encoding("GSM-7", 306, 2)


@pytest.mark.parametrize(
    ("length", "segments"),
    [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_ucs2_text_splits_into_segments_at_70_then_67_units(length: int, segments: int) -> None:
    text = CURLY_APOSTROPHE + "a" * (length - 1)
    assert encoding_of(text) == Encoding("UCS-2", length, segments)


def test_a_curly_quote_forces_ucs2_encoding() -> None:
    assert encoding_of(f"It{CURLY_APOSTROPHE}s fine").name == "UCS-2"


def test_an_emoji_counts_two_utf16_units() -> None:
    assert encoding_of(EMOJI) == Encoding("UCS-2", 2, 1)
    assert encoding_of("a" * 68 + EMOJI) == Encoding("UCS-2", 70, 1)
    assert encoding_of("a" * 69 + EMOJI) == Encoding("UCS-2", 71, 2)


def test_a_surrogate_pair_is_never_split_across_segments() -> None:
    assert encoding_of("a" * 66 + EMOJI + "a" * 66) == Encoding("UCS-2", 134, 3)
    assert encoding_of("a" * 65 + EMOJI + "a" * 67) == Encoding("UCS-2", 134, 2)


def test_an_empty_body_is_billed_as_one_gsm7_segment() -> None:
    assert encoding_of("") == Encoding("GSM-7", 0, 1)


def test_non_gsm7_characters_are_reported_with_their_index() -> None:
    text = f"Don{CURLY_APOSTROPHE}t worry {EMOJI} \u2013 {{ok}}"
    assert non_gsm7_characters(text) == [(3, CURLY_APOSTROPHE), (12, EMOJI), (14, "\u2013")]


def test_gsm7_text_has_no_non_gsm7_characters() -> None:
    assert non_gsm7_characters("\u00a3{5} \u00e9t\u00e9 [ok]") == []


@pytest.mark.parametrize(
    ("char", "replacement"),
    [
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201b", "'"),
        ("\u2032", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u201e", '"'),
        ("\u2033", '"'),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\u2012", "-"),
        ("\u2212", "-"),
        ("\u2026", "..."),
        ("\u00a0", " "),
        ("\u2009", " "),
        ("\u202f", " "),
        ("\u2002", " "),
        ("\u200a", " "),
        ("\u200b", ""),
        ("\u200c", ""),
        ("\u200d", ""),
        ("\ufeff", ""),
        ("\u2060", ""),
        ("\u00b0", " degrees"),
        ("\u2022", "-"),
        ("\u00d7", "x"),
        ("\u00bd", "1/2"),
    ],
)
def test_typographic_characters_have_plain_replacements(char: str, replacement: str) -> None:
    assert REPLACEMENTS[char] == replacement
    assert suggest_replacement(char) == replacement


@pytest.mark.parametrize(
    ("char", "replacement"),
    [
        ("\u00e1", "a"),
        ("\u00e2", "a"),
        ("\u00ed", "i"),
        ("\u00f3", "o"),
        ("\u00fa", "u"),
        ("\u00ea", "e"),
        ("\u00e7", "c"),
        ("\u00c1", "A"),
        ("\ufb01", "fi"),
        ("\u00bc", "1/4"),
    ],
)
def test_accented_letters_fall_back_to_their_base_letter(char: str, replacement: str) -> None:
    assert suggest_replacement(char) == replacement


def test_a_gsm7_character_is_its_own_replacement() -> None:
    assert suggest_replacement("\u00e9") == "\u00e9"
    assert suggest_replacement("{") == "{"


@pytest.mark.parametrize("char", [EMOJI, "\u4e2d", "\x00", "\u0301", "\u03b1"])
def test_characters_without_a_sensible_replacement_get_none(char: str) -> None:
    assert suggest_replacement(char) is None


def test_suggest_replacement_takes_exactly_one_character() -> None:
    with pytest.raises(ValueError, match="one character"):
        suggest_replacement("ab")


def test_every_replacement_is_gsm7() -> None:
    assert all(is_gsm7(replacement) for replacement in REPLACEMENTS.values())


def test_to_gsm7_rewrites_typography_into_plain_text() -> None:
    text = f"\u201cDon{CURLY_APOSTROPHE}t panic\u201d \u2013 call\u00a0us\u2026"
    assert to_gsm7(text) == '"Don\'t panic" - call us...'


def test_to_gsm7_keeps_gsm7_text_unchanged() -> None:
    text = "Caf\u00e9 \u00a35 {ok} [\u20ac10]\nNext line"
    assert to_gsm7(text) == text


def test_to_gsm7_drops_emoji_and_control_characters() -> None:
    assert to_gsm7(f"Hi {EMOJI}\x00\x07\f there") == "Hi  there"


def test_to_gsm7_turns_carriage_returns_into_newlines() -> None:
    assert to_gsm7("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


def test_to_gsm7_joins_a_combining_accent_to_its_letter() -> None:
    assert to_gsm7("cafe\u0301 and pin\u0303a") == "caf\u00e9 and pi\u00f1a"


def test_to_gsm7_keeps_the_micro_sign_meaningful() -> None:
    assert to_gsm7("500\u00b5g") == "500mcg"


@given(any_text)
def test_to_gsm7_always_yields_gsm7(text: str) -> None:
    assert is_gsm7(to_gsm7(text))


@given(any_text)
def test_to_gsm7_is_idempotent(text: str) -> None:
    once = to_gsm7(text)
    assert to_gsm7(once) == once


@given(any_text)
def test_to_gsm7_leaves_only_newline_as_a_control_character(text: str) -> None:
    assert not set(to_gsm7(text)) & {"\r", "\f", "\x1b"}


@given(any_text)
def test_non_gsm7_characters_is_empty_exactly_for_gsm7_text(text: str) -> None:
    assert (non_gsm7_characters(text) == []) == is_gsm7(text)


@given(st.one_of(any_text, sms_text), st.one_of(any_text, sms_text))
def test_segments_never_decrease_when_text_grows(text: str, more: str) -> None:
    assert encoding_of(text + more).segments >= encoding_of(text).segments


@given(st.text(st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENDED))))
def test_gsm7_units_are_the_septet_count(text: str) -> None:
    encoding = encoding_of(text)
    assert encoding.name == "GSM-7"
    assert encoding.units == septets(text)
