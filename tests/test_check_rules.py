"""The rules issue 8 adds to `helpline check`: action first, own words, answers, glossary, cases.

Like test_check.py, each test breaks one thing in a copy of the shipped content and asserts
the rule's stable code and where it points, not its wording.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpline.content import codes
from helpline.content.problems import Problem, Severity, errors
from helpline.operators.cli import main
from tests.conftest import PAIN, VOICE, Content

SCC = "topics/spinal-cord-compression.yaml"
FATIGUE = "topics/fatigue.yaml"
URGENT = "topics/urgent.yaml"


def with_code(problems: list[Problem], code: str, file: str | None = None) -> list[Problem]:
    """The problems of one rule (in one file, if given)."""
    return [p for p in problems if p.code == code and (file is None or p.location.file == file)]


def spoken(*parts: str) -> str:
    """A speech field written as parts, each a double-quoted line."""
    return "".join(f'\n  - text: "{part}"' for part in parts)


class TestTheShippedContent:
    def test_it_passes_every_rule_and_strict_fails_only_on_source_review_dates(
        self, content: Content
    ) -> None:
        problems = content.problems()
        assert errors(problems) == [], [str(p) for p in errors(problems)]
        late = content.problems(today=date(2026, 11, 30))
        assert {p.code for p in late} <= {codes.REVIEW_DUE.code}

    def test_every_rule_has_its_own_code_listed_by_check(self) -> None:
        listed = CliRunner().invoke(main, ["check", "--list-rules"]).output
        assert len({rule.code for rule in codes.ALL}) == len(codes.ALL)
        for rule in codes.ALL:
            assert f"{rule.code}  " in listed


class TestActionFirst:
    def test_an_urgent_first_text_that_lists_signs_before_the_action_is_an_error(
        self, content: Content
    ) -> None:
        content.set_pages(
            SCC,
            "Signs: bad back pain, numb legs, trouble walking, or trouble peeing. Call your "
            "24-hour cancer line or treatment team now. If it is severe, call 999 or go to A&E.",
            "More about it.",
        )
        found = with_code(content.problems(), codes.SIGNS_BEFORE_ACTION.code, SCC)
        assert len(found) == 1 and found[0].location.field == "sms[0]"

    def test_a_later_page_of_an_urgent_problems_signs_without_whom_to_call_is_an_error(
        self, content: Content
    ) -> None:
        content.replace(
            SCC,
            "Call your 24-hour cancer line straight away for these signs of pressure on the "
            "spinal nerves too: pain",
            "Also: pain",
        )
        found = with_code(content.problems(), codes.SIGNS_WITHOUT_ACTION.code, SCC)
        assert len(found) == 1 and found[0].location.field == "sms[2]"

    def test_a_page_of_the_urgent_help_topic_that_does_not_open_with_the_call_is_an_error(
        self, content: Content
    ) -> None:
        content.replace(
            "topics/urgent.yaml",
            "A sign now? Call your 24-hour cancer line now, or 999 if it is severe. Ask",
            "Ask",
        )
        found = with_code(content.problems(), codes.HELP_PAGE_WITHOUT_CALL.code, URGENT)
        assert len(found) == 1 and found[0].location.field == "sms[2]"

    def test_an_urgent_first_text_without_how_soon_in_160_characters_is_an_error(
        self, content: Content
    ) -> None:
        content.set_pages(
            SCC,
            "Call your 24-hour cancer line or treatment team about these signs. Severe? Call 999.",
            "More about it.",
        )
        assert with_code(content.problems(), codes.ACTION_LATE.code, SCC)

    def test_an_urgent_script_that_reaches_the_action_after_ten_seconds_is_an_error(
        self, content: Content
    ) -> None:
        late = (
            "Spinal cord compression is pressure on the nerves in the spine. It can happen when "
            "cancer has spread to the spine, and it needs help fast. "
        )
        action = "Call your twenty four hour cancer line now. If it is severe, call nine nine nine."
        content.set_field(SCC, "speech", spoken(late + action, "Quick help lowers the risk."))
        found = with_code(content.problems(), codes.SPOKEN_ACTION_LATE.code, SCC)
        assert len(found) == 1

    def test_a_spoken_list_of_five_signs_in_one_sentence_is_an_error(
        self, content: Content
    ) -> None:
        listing = "Signs are thirst, sickness, weakness, confusion and drowsiness."
        content.set_field(
            FATIGUE, "speech", spoken(listing + " " + " ".join(["Rest when you can."] * 6))
        )
        assert with_code(content.problems(), codes.LONG_LIST.code, FATIGUE)

    def test_a_greeting_that_delays_the_urgent_key_past_ten_seconds_is_an_error(
        self, content: Content
    ) -> None:
        content.set_word(
            "greeting",
            "Welcome to the {name}. {disclaimer} We are glad you called and we hope this helps.",
        )
        found = with_code(content.problems(), codes.URGENT_KEY_LATE.code, VOICE)
        assert len(found) == 1 and found[0].location.field == "words.greeting"

    def test_advice_to_call_if_something_happens_must_say_how_soon(self, content: Content) -> None:
        content.set_pages(PAIN, "If the pain gets worse, call your treatment team.", "More.")
        found = with_code(content.problems(), codes.CALL_WITHOUT_WHEN.code, PAIN)
        assert len(found) == 1 and found[0].location.field == "sms[0]"

    def test_a_fever_named_without_when_to_call_is_an_error(self, content: Content) -> None:
        content.set_pages(PAIN, "Some people get a fever for a day or two.", "More.")
        assert with_code(content.problems(), codes.FEVER_WITHOUT_RULE.code, PAIN)

    def test_the_urgent_order_must_list_every_urgent_topic_once(self, content: Content) -> None:
        content.set_field(
            "service.yaml", "urgent_order", "[blood-clots, infection, spinal-cord-compression]"
        )
        found = with_code(content.problems(), codes.URGENT_ORDER.code, "service.yaml")
        assert len(found) == 1 and found[0].location.field == "urgent_order"


class TestSources:
    def test_a_run_of_eight_words_from_a_source_document_is_an_error(
        self, content: Content
    ) -> None:
        # Eight words in a row from a source document, read through its fingerprint.
        copied = "is a risk for people with secondary breast cancer that has spread"
        content.set_pages(PAIN, f"Pain {copied} to the spine.", "More.")
        found = with_code(content.problems(), codes.COPIED_WORDING.code, PAIN)
        assert len(found) == 1 and found[0].location.field == "sms[0]"

    def test_names_and_numbers_do_not_count_towards_a_copied_run(self, content: Content) -> None:
        content.set_pages(PAIN, "Aredia (pamidronate) takes 90 minutes, every 3 to 4 weeks.", "M.")
        assert not with_code(content.problems(), codes.COPIED_WORDING.code, PAIN)

    def test_a_document_without_fingerprints_is_an_error(self, content: Content) -> None:
        for path in (content.root / "fingerprints").iterdir():
            path.unlink()
        assert len(with_code(content.problems(), codes.NO_FINGERPRINTS.code)) == 2

    def test_a_policy_fact_on_a_topic_that_does_not_name_the_policy_is_an_error(
        self, content: Content
    ) -> None:
        content.set_field(PAIN, "source", "004_671ef0d1d8a716cd.txt")
        content.set_pages(PAIN, "New bad pain? Call your 24-hour cancer line now.", "More.")
        found = with_code(content.problems(), codes.FACT_WITHOUT_SOURCE.code, PAIN)
        assert found and "helpline-clinical-policy" in found[0].message

    def test_a_policy_source_needs_its_rules_in_words(self, content: Content) -> None:
        text = re.sub(r"  statements:\n(    - .*\n)+", "", content.text("sources.yaml"))
        content.write("sources.yaml", text)
        found = with_code(content.problems(), codes.POLICY_UNAPPROVED.code, "sources.yaml")
        assert len(found) == 1

    def test_the_helpline_number_written_another_way_is_an_error(self, content: Content) -> None:
        content.set_pages(PAIN, "Our nurses are on 0808 8006000 for a chat.", "More.")
        found = with_code(content.problems(), codes.NUMBER_DIFFERS.code, PAIN)
        assert len(found) == 1 and "0808 800 6000" in found[0].message

    def test_fingerprint_writes_hashes_not_text(self, tmp_path: Path, content: Content) -> None:
        document = tmp_path / "doc.txt"
        document.write_text("Secret words that must not be kept in the project at all, ever.")
        result = CliRunner().invoke(
            main, ["fingerprint", str(document), "--content-dir", str(content.root)]
        )
        written = (content.root / "fingerprints" / "doc.txt").read_text()
        assert result.exit_code == 0, result.output
        assert "Secret" not in written and "kept in the project" not in written
        assert written.count("\nrun ") >= 1


class TestAnswers:
    def test_a_page_answering_an_unknown_kind_of_question_is_an_error(
        self, content: Content
    ) -> None:
        content.set_field(
            PAIN,
            "sms",
            '\n  - text: "Pain relief helps."\n    answers: [what-is, how-much-it-costs]',
        )
        found = with_code(content.problems(), codes.UNKNOWN_QUESTION.code, PAIN)
        assert len(found) == 1 and "how-much-it-costs" in found[0].message

    def test_a_page_whose_words_belong_to_another_topic_is_an_error(self, content: Content) -> None:
        content.set_field(
            PAIN,
            "sms",
            '\n  - text: "Pain relief helps."\n    answers: [what-is]\n    about: [chemo]',
        )
        found = with_code(content.problems(), codes.QUESTION_WORDS_COLLIDE.code, PAIN)
        assert len(found) == 1 and "chemotherapy" in found[0].message

    def test_a_treatment_topic_that_never_says_how_it_is_given_is_an_error(
        self, content: Content
    ) -> None:
        chemo = "topics/chemotherapy.yaml"
        content.set_field(
            chemo, "sms", '\n  - text: "Chemo uses drugs."\n    answers: [what-is, why]'
        )
        content.set_field(chemo, "speech", spoken(" ".join(["Chemo uses drugs to treat it."] * 6)))
        found = with_code(content.problems(), codes.QUESTION_UNANSWERED.code, chemo)
        assert [p for p in found if "how-given" in p.message]

    def test_about_words_on_an_urgent_topics_alarm_page_are_an_error(
        self, content: Content
    ) -> None:
        content.replace(
            SCC,
            "    answers: [what-to-do, signs, what-is]\n",
            "    answers: [what-to-do, signs, what-is]\n    about: [numb legs]\n",
        )
        found = with_code(content.problems(), codes.ALARM_PAGE_ABOUT.code, SCC)
        assert len(found) == 1 and found[0].location.field == "sms[0].about"

    def test_a_word_listed_twice_in_a_lexicon_class_is_a_warning_at_its_line(
        self, content: Content
    ) -> None:
        content.replace("lexicon.yaml", "creature: [dog, ", "creature: [dog, zebra, dog, ")
        found = with_code(content.problems(), codes.CLASS_TWICE.code, "lexicon.yaml")
        assert len(found) == 1 and "'dog' is already in {creature}" in found[0].message
        assert found[0].location.line == content.line_of("lexicon.yaml", "creature: [dog, zebra")
        assert found[0].severity is Severity.WARNING

    def test_urgent_leads_without_the_injury_class_in_the_lexicon_is_an_error(
        self, content: Content
    ) -> None:
        content.delete_lexicon_class("injury")
        found = with_code(content.problems(), codes.UNKNOWN_CLASS.code, "lexicon.yaml")
        # Reported for the urgent leads and for the reading of who was injured at play.
        assert found and all("injury" in f.message for f in found)

    def test_a_lexicon_without_the_words_that_say_who_someone_is_is_an_error(
        self, content: Content
    ) -> None:
        content.delete_lexicon_class("acquaintance")
        found = with_code(content.problems(), codes.UNKNOWN_CLASS.code, "lexicon.yaml")
        assert found and any("acquaintance" in f.message for f in found)

    @pytest.mark.parametrize("named", ["spinal-cord-compression", "astrology"])
    def test_a_backdrop_with_red_flags_or_no_topic_is_an_error(
        self, content: Content, named: str
    ) -> None:
        content.replace("service.yaml", "backdrop: [bone, ", f"backdrop: [{named}, ")
        found = with_code(content.problems(), codes.URGENT_BACKDROP.code, "service.yaml")
        assert len(found) == 1 and named in found[0].message
        assert found[0].location.field == "backdrop"

    @pytest.mark.parametrize(
        ("named", "says"),
        [
            ("spinal-cord-compression", "urgent topic"),
            ("astrology", "not another topic"),
            ("electrochemotherapy", "not another topic"),
            ("stereotactic-radiotherapy", "itself within another topic"),
        ],
    )
    def test_a_topic_within_one_that_is_urgent_unknown_itself_or_narrower_is_an_error(
        self, content: Content, named: str, says: str
    ) -> None:
        ect = "topics/electrochemotherapy.yaml"
        content.replace(ect, "within: chemotherapy\n", f"within: {named}\n")
        found = with_code(content.problems(), codes.BAD_WITHIN.code, ect)
        assert len(found) == 1 and says in found[0].message
        assert found[0].location.line == content.line_of(ect, f"within: {named}")

    def test_a_kind_of_question_whose_home_is_not_a_topic_is_an_error(
        self, content: Content
    ) -> None:
        content.replace("questions.yaml", "  home: nurses\n", "  home: astrology\n")
        found = with_code(content.problems(), codes.HOME_DOES_NOT_ANSWER.code, "questions.yaml")
        assert len(found) == 1 and "astrology" in found[0].message
        assert found[0].location.line == content.line_of("questions.yaml", "  home: astrology")

    def test_a_kind_of_question_whose_home_never_answers_it_is_an_error(
        self, content: Content
    ) -> None:
        content.replace("questions.yaml", "  home: nurses\n", "  home: pain\n")
        found = with_code(content.problems(), codes.HOME_DOES_NOT_ANSWER.code, "questions.yaml")
        assert len(found) == 1 and "no SMS page of 'pain' answers 'contact'" in found[0].message

    def test_a_red_flag_naming_a_class_the_lexicon_lacks_is_an_error(
        self, content: Content
    ) -> None:
        text = content.text(SCC).replace("red_flags:\n", 'red_flags:\n  - "{wobbles}"\n', 1)
        content.write(SCC, text)
        found = with_code(content.problems(), codes.UNKNOWN_CLASS.code, SCC)
        assert len(found) == 1 and found[0].location.field == "red_flags[0]"

    def test_a_class_taken_out_of_the_lexicon_is_reported_where_each_phrase_names_it(
        self, content: Content
    ) -> None:
        content.delete_lexicon_class("someone")
        found = with_code(content.problems(), codes.UNKNOWN_CLASS.code)
        places = {(p.location.file, (p.location.field or "").split("[")[0]) for p in found}
        assert ("topics/prognosis.yaml", "synonyms") in places
        assert ("lexicon.yaml", "risk") in places
        assert all(p.location.line for p in found)
        result = content.run(CliRunner())
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert "KEY008" in result.output

    def test_a_question_phrase_naming_a_class_the_lexicon_lacks_is_an_error_at_its_line(
        self, content: Content
    ) -> None:
        content.replace("questions.yaml", "phrases: [how often, ", 'phrases: ["{wobbles} often", ')
        found = with_code(content.problems(), codes.UNKNOWN_CLASS.code, "questions.yaml")
        assert len(found) == 1 and (found[0].location.field or "").endswith(".phrases[0]")
        assert found[0].location.line == content.line_of("questions.yaml", "{wobbles} often")

    def test_a_lexicon_that_is_not_valid_yaml_is_reported_at_its_line_without_building_more(
        self, content: Content
    ) -> None:
        content.replace("lexicon.yaml", "creature: [dog, ", "creature: [dog {x}, ")
        problems = content.problems()
        found = with_code(problems, codes.NOT_YAML.code, "lexicon.yaml")
        assert len(found) == 1
        assert found[0].location.line == content.line_of("lexicon.yaml", "creature: [dog {x}")
        assert {p.code for p in errors(problems)} == {codes.NOT_YAML.code}
        result = content.run(CliRunner())
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)


class TestGlossaryAndCases:
    def test_a_glossary_term_without_its_plain_words_is_a_warning(self, content: Content) -> None:
        content.write(
            "glossary.yaml", "- term: analgesia\n  plain: pain relief\n  explained_by: []\n"
        )
        content.set_pages(PAIN, "Analgesia can help.", "Pain relief, also called analgesia, helps.")
        found = with_code(content.problems(), codes.UNEXPLAINED_TERM.code, PAIN)
        assert [p.location.field for p in found] == ["sms[0]"]

    def test_a_must_pass_case_that_fails_stops_the_content(self, content: Content) -> None:
        content.write(
            "cases.yaml",
            '- message: "what is xgeva"\n  topic: chemotherapy\n'
            '- message: "my legs have gone numb"\n  urgent: true\n',
        )
        found = with_code(content.problems(), codes.CASE_FAILS.code, "cases.yaml")
        assert len(found) == 1 and found[0].location.line == 1

    def test_a_case_naming_a_topic_that_does_not_exist_is_an_error(self, content: Content) -> None:
        content.write("cases.yaml", '- message: "hello"\n  topic: astrology\n')
        assert with_code(content.problems(), codes.CASE_UNKNOWN_TOPIC.code, "cases.yaml")
