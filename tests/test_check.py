"""Tests for `helpline check`: every content rule, each problem with its file, line and field.

Each test copies the shipped content folder and breaks one thing in it as an editor would,
by editing the YAML as text so that line numbers are real. Where a test needs particular
wording it writes that field itself, so the tests do not depend on how the shipped topics
are phrased today.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import yaml
from click.testing import CliRunner, Result

from helpline.content import codes, rules, yamlsource
from helpline.content.loading import PACKAGED_CONTENT, load_catalog
from helpline.content.problems import Problem, Severity, errors
from helpline.operators.cli import main
from tests.conftest import BEFORE_REVIEWS, PAIN, VOICE, Content

SUMMARY = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\) in ")
# Plain pages and a plain script: no rule has anything to say about them.
PLAIN_PAGES = (
    "Pain is a main sign of cancer in the bone. Tell your team about your pain.",
    "Pain relief can help. Text CEMENT to read about bone cement.",
)
PLAIN_SPEECH = (
    "Pain is one of the main signs of breast cancer in the bone. It is often in the back, "
    "arms or legs. Pain relief and radiotherapy can help. Tell your team about your pain. "
    "New or bad back pain can be a sign of something serious. If you have it, call your "
    "twenty four hour cancer line now."
)


@pytest.fixture
def pain(content: Content) -> Content:
    """The shipped content with the pain topic's pages and script in known, plain words."""
    content.set_pages(PAIN, *PLAIN_PAGES)
    content.set_field(PAIN, "speech", PLAIN_SPEECH)
    assert errors(content.problems()) == []
    assert not [p for p in content.problems() if p.location.file == PAIN]
    return content


def only(problems: list[Problem], part: str, file: str | None = None) -> Problem:
    """The one problem (in `file`, if given) whose message contains `part`."""
    found = [p for p in problems if part in p.message and (file is None or p.location.file == file)]
    assert len(found) == 1, f"{len(found)} problems say {part!r}: {[str(p) for p in problems]}"
    return found[0]


def only_error(content: Content, today: date = BEFORE_REVIEWS) -> Problem:
    """The single error in content that had one thing broken."""
    found = errors(content.problems(today))
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def summary(result: Result) -> tuple[int, int]:
    """The error and warning counts from the last line `helpline check` prints."""
    found = SUMMARY.match(result.output.strip().splitlines()[-1])
    assert found, result.output
    return int(found.group(1)), int(found.group(2))


def words_of(count: int) -> str:
    """A speech script of exactly `count` words."""
    sentence = ["Call", "your", "team", "now", "if", "you", "feel", "unwell"]
    return " ".join(sentence[i % len(sentence)] for i in range(count)) + "."


class TestShippedContent:
    def test_the_shipped_content_passes_with_no_errors_and_says_so(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["check"], env={"HELPLINE_CONTENT_DIR": None})

        assert result.exit_code == 0, result.output
        assert summary(result)[0] == 0
        assert str(PACKAGED_CONTENT) in result.output.splitlines()[-1]
        assert " error " not in result.output

    def test_a_copy_of_the_shipped_content_has_no_errors(self, content: Content) -> None:
        result = load_catalog(content.root)

        assert result.catalog is not None
        assert result.catalog.voice is not None, "the phone rules only run on a loaded voice.yaml"
        assert result.problems == []
        assert errors(rules.check(result, BEFORE_REVIEWS)) == []

    def test_strict_fails_on_the_shipped_content_only_because_of_warnings(
        self, runner: CliRunner
    ) -> None:
        result = runner.invoke(main, ["check", "--strict"], env={"HELPLINE_CONTENT_DIR": None})

        assert result.exit_code == 1
        error_count, warning_count = summary(result)
        assert error_count == 0
        assert warning_count > 0
        reported = result.output.strip().splitlines()[:-1]
        assert len(reported) == warning_count
        for line in reported:
            assert ": warning SRC001: " in line
            assert "was due for review" in line or "reading age" in line, line


class TestEveryProblemAtOnce:
    def test_three_files_broken_three_ways_are_all_reported_in_one_run(
        self, content: Content, runner: CliRunner
    ) -> None:
        content.insert_after(PAIN, "id: pain", "notes: check with Sam")
        content.set_field(
            "topics/fatigue.yaml", "speech", PLAIN_SPEECH + " There is nothing to worry about."
        )
        content.insert_after("service.yaml", "  - pain", "  - nausea")

        result = content.run(runner)

        assert result.exit_code == 1
        notes = content.line_of(PAIN, "notes:")
        speech = content.line_of("topics/fatigue.yaml", "speech:")
        menu = content.line_of("service.yaml", "  - nausea")
        index = content.menu_index("nausea")
        output = result.output
        assert f"{PAIN}:{notes} (pain → notes): error SCH004: unknown field 'notes'" in output
        fatigue = f"topics/fatigue.yaml:{speech} (fatigue → speech)"
        assert f"{fatigue}: error SAF005: do not reassure" in output
        menu_entry = f"service.yaml:{menu} (menu[{index}])"
        assert f"{menu_entry}: error SCH008: the menu lists 'nausea'" in output
        assert summary(result)[0] == 3

    def test_content_that_cannot_be_loaded_is_reported_as_unusable(
        self, content: Content, runner: CliRunner
    ) -> None:
        content.set_field("service.yaml", "emergency_number", "[999")

        result = content.run(runner)

        assert result.exit_code == 1
        assert "service.yaml:" in result.output
        assert "not valid YAML" in result.output
        assert "content version unusable" in result.output.splitlines()[-1]


class TestSchema:
    def test_a_missing_field_names_the_field_and_the_topic_file(self, content: Content) -> None:
        content.set_field(PAIN, "title", None)

        problem = only(content.problems(), "missing field")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.topic == "pain"
        assert problem.location.line == 1
        assert "missing field 'title'" in problem.message

    def test_an_unknown_field_is_named_at_its_own_line(self, content: Content) -> None:
        content.insert_after(PAIN, "id: pain", "notes: check with Sam")

        problem = only_error(content)

        assert problem.location.file == PAIN
        assert problem.location.line == content.line_of(PAIN, "notes:") == 2
        assert problem.location.topic == "pain"
        assert problem.location.field == "notes"
        assert "unknown field 'notes'" in problem.message

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("keywords", "PAIN", "expected a list of texts, found text 'PAIN'"),
            ("sms", "42", "expected a list of SMS pages, found a number (42)"),
            ("title", "[Pain]", "expected non-empty text"),
            ("speech", '""', "expected non-empty text, found empty text"),
        ],
    )
    def test_a_field_of_the_wrong_type_is_an_error_at_that_field(
        self, content: Content, key: str, value: str, message: str
    ) -> None:
        content.set_field(PAIN, key, value)

        problem = only(content.problems(), "expected")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.line == content.line_of(PAIN, f"{key}:")
        assert problem.location.topic == "pain"
        assert problem.location.field == key
        assert message in problem.message

    def test_a_keyword_of_two_words_is_an_error(self, content: Content) -> None:
        index = content.add_item(PAIN, "keywords", "BAD BACK")

        problem = only(content.problems(), "one word")

        assert problem.location.field == f"keywords[{index}]"
        assert "'BAD BACK'" in problem.message

    def test_a_yaml_syntax_error_reports_the_line(self, content: Content) -> None:
        content.set_field(PAIN, "kind", "condition: chronic")

        problem = only(content.problems(), "not valid YAML")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.line == content.line_of(PAIN, "kind:")

    def test_libyaml_and_pyyaml_read_every_shipped_file_to_the_same_values_and_lines(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        files = sorted(PACKAGED_CONTENT.rglob("*.yaml"))
        quick = [yamlsource.read_yaml(path, path.name) for path in files]
        monkeypatch.delattr(yaml, "CSafeLoader")
        plain = [yamlsource.read_yaml(path, path.name) for path in files]

        assert len(files) > 20
        for fast, slow in zip(quick, plain, strict=True):
            assert (fast.data, fast.lines, fast.written) == (slow.data, slow.lines, slow.written)

    def test_a_key_written_twice_in_one_mapping_is_an_error_at_the_second(
        self, content: Content
    ) -> None:
        content.insert_after(PAIN, "id: pain", "title: Pain and aches")

        problem = only(content.problems(), "appears twice")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        titles = [
            n for n, x in enumerate(content.text(PAIN).split("\n"), 1) if x.startswith("title:")
        ]
        assert len(titles) == 2
        assert problem.location.line == titles[1]
        assert "'title'" in problem.message

    def test_an_id_that_is_not_lowercase_words_and_hyphens_is_an_error(
        self, content: Content
    ) -> None:
        content.replace(PAIN, "id: pain\n", "id: Pain_Topic\n")

        problem = only(content.problems(), "an id is")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.line == 1
        assert problem.location.field == "id"

    def test_an_id_that_does_not_match_its_file_name_is_an_error(self, content: Content) -> None:
        content.replace(PAIN, "id: pain\n", "id: aches\n")

        problem = only(content.problems(), "must match the file name")

        assert problem.location.file == PAIN
        assert problem.location.line == 1
        assert problem.location.field == "id"
        assert "'aches'" in problem.message
        assert "'pain.yaml'" in problem.message

    def test_a_topic_id_used_in_two_files_is_an_error_naming_both(self, content: Content) -> None:
        shutil.copy(content.root / "topics/bone.yaml", content.root / "topics/bone2.yaml")

        problem = only(content.problems(), "duplicate topic id")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == "topics/bone2.yaml"
        assert problem.location.line == 1
        assert "'bone'" in problem.message
        assert "topics/bone.yaml" in problem.message

    def test_a_misnamed_copy_read_first_is_the_duplicate_not_the_real_file(
        self, content: Content
    ) -> None:
        shutil.copy(content.root / "topics/bone.yaml", content.root / "topics/a-bone-copy.yaml")

        problem = only(content.problems(), "duplicate topic id")

        assert problem.location.file == "topics/a-bone-copy.yaml"
        assert problem.location.line == 1
        assert "topics/bone.yaml" in problem.message

    def test_a_menu_entry_with_no_topic_is_an_error_at_that_entry(self, content: Content) -> None:
        content.insert_after("service.yaml", "  - pain", "  - nausea")

        problem = only_error(content)

        assert problem.location.file == "service.yaml"
        assert problem.location.line == content.line_of("service.yaml", "- nausea")
        assert problem.location.field == f"menu[{content.menu_index('nausea')}]"
        assert "the menu lists 'nausea', but no topic has that id" in problem.message

    def test_a_topic_missing_from_the_menu_is_an_error_at_the_menu(self, content: Content) -> None:
        content.delete_line("service.yaml", "  - pain")

        problem = only_error(content)

        assert problem.location.file == "service.yaml"
        assert problem.location.line == content.line_of("service.yaml", "menu:")
        assert problem.location.field == "menu"
        assert "topic 'pain' is missing from the menu" in problem.message

    def test_a_topic_listed_twice_in_the_menu_is_an_error_at_the_second(
        self, content: Content
    ) -> None:
        content.insert_after("service.yaml", "  - pain", "  - pain ")

        problem = only_error(content)

        assert problem.location.line == content.line_of("service.yaml", "  - pain ")
        assert "topic 'pain' is listed twice in the menu" in problem.message

    def test_a_missing_content_file_is_an_error_naming_it(self, content: Content) -> None:
        (content.root / "sources.yaml").unlink()

        problem = only(content.problems(), "file is missing")

        assert problem.location.file == "sources.yaml"


class TestUnreadableFiles:
    @pytest.mark.parametrize(
        "bad",
        [
            pytest.param(b"\x92", id="a Windows-1252 apostrophe, not UTF-8"),
            pytest.param(b"\x07", id="a control character"),
        ],
    )
    def test_a_character_yaml_cannot_read_is_reported_at_its_line(
        self, content: Content, bad: bytes
    ) -> None:
        content.set_field(PAIN, "title", "Pain and aches")
        line = content.line_of(PAIN, "title:")
        path = content.root / PAIN
        path.write_bytes(path.read_bytes().replace(b"Pain and", b"Pain" + bad + b" and"))

        problem = only(content.problems(), "not valid YAML")

        assert problem.location.file == PAIN
        assert problem.location.line == line


class TestClaimedWords:
    def test_a_keyword_claimed_by_two_topics_is_an_error_naming_the_other(
        self, content: Content
    ) -> None:
        claimed = content.catalog().topic("bone").keywords[0]
        index = content.add_item(PAIN, "keywords", claimed)

        problem = only_error(content)

        assert problem.location.file == PAIN
        assert problem.location.line == content.line_of(PAIN, "keywords:")
        assert problem.location.topic == "pain"
        assert problem.location.field == f"keywords[{index}]"
        assert f"'{claimed}' is already claimed by topic 'bone'" in problem.message

    def test_a_synonym_claimed_by_two_topics_is_an_error_naming_the_other(
        self, content: Content
    ) -> None:
        claimed = content.catalog().topic("bone").synonyms[0]
        index = content.add_item(PAIN, "synonyms", claimed)

        problem = only_error(content)

        assert problem.location.line == content.line_of(PAIN, "synonyms:")
        assert problem.location.field == f"synonyms[{index}]"
        assert f"'{claimed}' is already claimed by topic 'bone'" in problem.message

    def test_a_plural_of_another_topics_keyword_is_claimed_too(self, content: Content) -> None:
        assert "BONE" in content.catalog().topic("bone").keywords
        content.add_item(PAIN, "keywords", "BONES")

        problem = only_error(content)

        assert "'BONES' is already claimed by topic 'bone'" in problem.message

    @pytest.mark.parametrize(
        ("written", "word"),
        [
            ("QUIT", "QUIT"),
            ('"Yes"', "YES"),
            ("info", "INFO"),
            ("STOPS", "STOP"),
            ("Unsubscribe", "UNSUBSCRIBE"),
            ("MENU", "MENU"),
            ("MORE", "MORE"),
            ("NEXT", "NEXT"),
            ("hello", "HELLO"),
        ],
    )
    def test_a_keyword_that_collides_with_a_carrier_or_service_word_is_an_error(
        self, content: Content, written: str, word: str
    ) -> None:
        index = content.add_item(PAIN, "keywords", written)

        problem = only_error(content)

        assert problem.location.file == PAIN
        assert problem.location.field == f"keywords[{index}]"
        assert f"collides with {word}, a word the carrier or service uses" in problem.message

    def test_a_one_word_synonym_that_collides_with_a_carrier_word_is_an_error(
        self, content: Content
    ) -> None:
        index = content.add_item(PAIN, "synonyms", "help")

        problem = only_error(content)

        assert problem.location.field == f"synonyms[{index}]"
        assert "collides with HELP" in problem.message

    def test_a_synonym_that_is_a_plea_for_help_is_an_error(self, content: Content) -> None:
        index = content.add_item(PAIN, "synonyms", "I need help")

        problem = only_error(content)

        assert problem.location.field == f"synonyms[{index}]"
        assert "always gets the HELP reply" in problem.message

    def test_an_unquoted_yes_which_yaml_reads_as_true_is_still_an_error(
        self, content: Content
    ) -> None:
        index = content.add_item(PAIN, "keywords", "Yes")

        found = [p for p in content.problems() if p.location.field == f"keywords[{index}]"]

        assert [p.severity for p in found] == [Severity.ERROR]

    def test_urgent_used_by_another_topic_is_an_error(self, content: Content) -> None:
        index = content.add_item(PAIN, "keywords", "URGENT")

        problem = only_error(content)

        assert problem.location.field == f"keywords[{index}]"
        assert problem.location.topic == "pain"
        assert "only the 'urgent' topic may use URGENT" in problem.message

    def test_a_keyword_that_is_a_menu_number_is_an_error(self, content: Content) -> None:
        index = content.add_item(PAIN, "keywords", "'5'")

        problem = only_error(content)

        assert problem.location.field == f"keywords[{index}]"
        assert "'5' is a menu number already" in problem.message


class TestGsm7:
    @pytest.mark.parametrize(
        ("char", "replacement"),
        [
            pytest.param("\u2019", '"\'"', id="curly apostrophe"),
            pytest.param("\u2013", "'-'", id="en dash"),
            pytest.param("\u2026", "'...'", id="ellipsis"),
        ],
    )
    def test_a_character_outside_gsm7_is_named_with_its_position_and_replacement(
        self, pain: Content, char: str, replacement: str
    ) -> None:
        pain.set_pages(PAIN, f"Pain{char}s a main sign of cancer in the bone.", PLAIN_PAGES[1])

        problem = only(pain.problems(), "not GSM-7")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.line == pain.page_line(PAIN, 0)
        assert problem.location.topic == "pain"
        assert problem.location.field == "sms[0]"
        assert f"character {char!r} (U+{ord(char):04X}) at position 5" in problem.message
        assert problem.message.endswith(f"is not GSM-7; use {replacement} instead")

    def test_an_emoji_is_to_be_removed(self, pain: Content) -> None:
        pain.set_pages(PAIN, PLAIN_PAGES[0], "Pain \U0001f614 relief can help.")

        problem = only(pain.problems(), "not GSM-7")

        assert problem.location.field == "sms[1]"
        assert problem.location.line == pain.page_line(PAIN, 1)
        assert "'\U0001f614' (U+1F614) at position 6 is not GSM-7; remove it" in problem.message

    def test_every_character_outside_gsm7_is_reported(self, pain: Content) -> None:
        pain.set_pages(PAIN, "Pain \u2013 it\u2019s a main sign.", PLAIN_PAGES[1])

        found = [p for p in pain.problems() if "not GSM-7" in p.message]

        positions = [re.search(r"at position (\d+) ", p.message) for p in found]
        assert sorted(int(m.group(1)) for m in positions if m) == [6, 10]

    def test_a_character_outside_gsm7_in_a_title_is_an_error(self, content: Content) -> None:
        content.set_field(PAIN, "title", "Pain \u2013 aches")

        problem = only(content.problems(), "not GSM-7")

        assert problem.location.field == "title"
        assert problem.location.line == content.line_of(PAIN, "title:")
        assert "position 6" in problem.message

    def test_a_character_outside_gsm7_in_a_service_reply_is_an_error(
        self, content: Content
    ) -> None:
        content.set_reply("start", "Texts are back on\u2026 Reply MENU for topics.")

        problem = only(content.problems(), "not GSM-7")

        assert problem.location.file == "service.yaml"
        assert problem.location.line == content.line_of("service.yaml", "  start:")
        assert problem.location.field == "replies.start"
        assert "use '...' instead" in problem.message

    def test_gsm7_extension_characters_are_allowed(self, pain: Content) -> None:
        pain.set_pages(PAIN, "Pain [costs 0 \u20ac] is a main sign.", PLAIN_PAGES[1])

        assert errors(pain.problems()) == []


class TestGsm7Lines:
    """A character outside GSM-7 is reported on the file line that holds it, not the field's."""

    def test_a_character_outside_gsm7_in_a_literal_block_is_reported_on_each_line_that_holds_it(
        self, pain: Content
    ) -> None:
        pain.set_field(
            PAIN,
            "sms",
            "\n  - |\n"
            "    Pain is a main sign of cancer in the bone.\n"
            "    It\u2019s often in the back, arms or legs.\n"
            "    Tell your team about your pain.\n"
            "    Pain relief can help, it\u2019s said.\n"
            f'  - "{PLAIN_PAGES[1]}"',
        )

        problems = [p for p in pain.problems() if "not GSM-7" in p.message]

        assert [p.location.line for p in problems] == [
            pain.line_of(PAIN, "It\u2019s often"),
            pain.line_of(PAIN, "can help, it\u2019s said"),
        ]
        assert pain.page_line(PAIN, 0) not in [p.location.line for p in problems]
        assert all(p.location.field == "sms[0]" for p in problems)
        assert 'at position 46 is not GSM-7; use "\'" instead' in problems[0].message

    def test_a_character_outside_gsm7_in_a_folded_page_is_reported_on_the_line_that_holds_it(
        self, pain: Content
    ) -> None:
        pain.set_field(
            PAIN,
            "sms",
            "\n  - >-\n"
            "    Pain is a main sign of cancer in the bone,\n"
            "    often in the back, arms or legs.\n"
            "    Pain relief can help \u2013 tell your team.\n"
            f'  - "{PLAIN_PAGES[1]}"',
        )

        problem = only(pain.problems(), "not GSM-7")

        assert problem.location.file == PAIN
        assert problem.location.line == pain.line_of(PAIN, "relief can help \u2013")
        assert problem.location.topic == "pain"
        assert problem.location.field == "sms[0]"
        assert "character '\u2013' (U+2013) at position 98 is not GSM-7" in problem.message

    def test_a_character_outside_gsm7_on_a_more_page_is_reported_on_the_line_that_holds_it(
        self, pain: Content
    ) -> None:
        pain.set_field(
            PAIN,
            "sms",
            f'\n  - "{PLAIN_PAGES[0]}"\n'
            "  - >-\n"
            "    Pain relief can help.\n"
            "    Text CEMENT to read about bone cement\u2026\n"
            "    Ask your team.",
        )

        problem = only(pain.problems(), "not GSM-7")

        assert problem.location.field == "sms[1]"
        assert problem.location.line == pain.line_of(PAIN, "bone cement\u2026")
        assert problem.location.line != pain.page_line(PAIN, 1)
        assert problem.message.endswith("is not GSM-7; use '...' instead")

    def test_a_title_written_under_its_key_is_reported_on_the_title_line(
        self, content: Content
    ) -> None:
        content.set_field(PAIN, "title", "\n  Pain \u2013 aches")

        problem = only(content.problems(), "not GSM-7")

        assert problem.location.field == "title"
        assert problem.location.line == content.line_of(PAIN, "title:") + 1
        assert "position 6" in problem.message

    def test_a_folded_service_reply_is_reported_on_the_line_that_holds_the_character(
        self, content: Content
    ) -> None:
        content.replace(
            "service.yaml",
            '  start: "Texts from {name} are back on. Reply MENU for topics."',
            "  start: >-\n    Texts from {name} are back on.\n    Reply MENU for topics\u2026",
        )

        problem = only(content.problems(), "not GSM-7")

        assert problem.location.file == "service.yaml"
        assert problem.location.field == "replies.start"
        assert problem.location.line == content.line_of("service.yaml", "MENU for topics\u2026")

    def test_an_escaped_character_falls_back_to_the_line_of_its_field(self, pain: Content) -> None:
        pain.set_field(
            PAIN,
            "sms",
            '\n  - "Pain is a main sign of cancer in the bone.\n'
            "    Pain relief can help \\u2013 tell your team.\n"
            '    It\u2019s often in the back."\n'
            f'  - "{PLAIN_PAGES[1]}"',
        )

        problems = [p for p in pain.problems() if "not GSM-7" in p.message]

        lines = {p.message.split(" ")[1]: p.location.line for p in problems}
        assert lines == {
            "'\u2013'": pain.page_line(PAIN, 0),
            "'\u2019'": pain.line_of(PAIN, "It\u2019s often"),
        }

    def test_check_prints_the_line_that_holds_the_character(
        self, pain: Content, runner: CliRunner
    ) -> None:
        pain.set_field(
            PAIN,
            "sms",
            "\n  - >-\n"
            "    Pain is a main sign of cancer in the bone.\n"
            "    Tell your team about your pain \u2013 now.\n"
            f'  - "{PLAIN_PAGES[1]}"',
        )

        result = pain.run(runner)

        line = pain.line_of(PAIN, "your pain \u2013 now")
        assert result.exit_code == 1
        assert f"{PAIN}:{line} (pain → sms[0]): error SMS001: character '\u2013'" in result.output


class TestSegments:
    def page_of(self, content: Content, units: int) -> None:
        """Make the first pain page a reply of exactly `units` GSM-7 characters.

        A first page of two goes out with the MORE hint and the URGENT footer after it.
        """
        replies = content.catalog().service.replies
        added = len(f"\n{replies.more_hint}\n{replies.footer}")
        length = units - added
        page = ("Ask your team about this. " * 20)[: length - 1] + "."
        content.set_pages(PAIN, page, PLAIN_PAGES[1])

    def test_a_reply_over_two_segments_is_an_error_at_that_page_saying_how_many(
        self, pain: Content
    ) -> None:
        self.page_of(pain, 307)

        problem = only_error(pain)

        assert problem.location.file == PAIN
        assert problem.location.line == pain.page_line(PAIN, 0)
        assert problem.location.field == "sms[0]"
        assert "the reply is 307 GSM-7 units, 3 segments (at most 2)" in problem.message
        assert "MORE page" in problem.message

    def test_a_reply_of_exactly_two_segments_is_fine(self, pain: Content) -> None:
        self.page_of(pain, 306)

        assert errors(pain.problems()) == []

    def test_a_character_outside_gsm7_counts_the_reply_in_ucs2_segments(
        self, pain: Content
    ) -> None:
        self.page_of(pain, 150)
        page = pain.data(PAIN)["sms"][0]
        pain.set_pages(PAIN, "\u2019" + page[1:], PLAIN_PAGES[1])

        problem = only(pain.problems(), "segments")

        assert "150 UCS-2 units, 3 segments" in problem.message
        assert problem.location.field == "sms[0]"


class TestUrgentTopics:
    URGENT = "topics/hypercalcaemia.yaml"
    SIGNS = (
        "Too much calcium in the blood is called hypercalcaemia. Signs are being very "
        "thirsty, peeing a lot, feeling or being sick, drowsy, muddled or confused. "
        "Other signs are weakness and no appetite."
    )
    CALL = "Call your 24-hour cancer line or team now. If it is severe, call 999 or go to A&E."

    def test_an_urgent_topic_with_no_call_to_action_in_its_first_160_characters_is_an_error(
        self, content: Content
    ) -> None:
        page = f"{self.SIGNS} {self.CALL}"
        assert page.index("Call") > 160
        content.set_pages(self.URGENT, page, "Ask your team who to call.")

        (problem,) = [p for p in content.problems() if p.code == codes.ACTION_LATE.code]

        assert problem.location.file == self.URGENT
        assert problem.location.line == content.page_line(self.URGENT, 0)
        assert problem.location.topic == "hypercalcaemia"
        assert problem.location.field == "sms[0]"
        assert "whom to call" in problem.message
        assert "first 160 characters" in problem.message

    def test_an_urgent_topic_that_says_whom_to_call_first_is_fine(self, content: Content) -> None:
        signs = "It may be too much calcium. Signs are thirst, sickness and feeling muddled."
        content.set_pages(
            self.URGENT, f"{self.CALL} {signs}", "Ask your treatment team who to call now."
        )

        assert errors(content.problems()) == []

    def test_an_urgent_topic_without_red_flags_is_an_error(self, content: Content) -> None:
        clots = "topics/blood-clots.yaml"
        content.set_field(clots, "red_flags", "[]")

        (problem,) = [p for p in content.problems() if p.code == codes.NO_RED_FLAGS.code]

        assert problem.location.file == clots
        assert problem.location.line == content.line_of(clots, "red_flags:")
        assert problem.location.topic == "blood-clots"
        assert problem.location.field == "red_flags"
        assert "an urgent topic needs red-flag phrases" in problem.message

    def test_a_topic_that_is_not_urgent_may_not_have_red_flags(self, content: Content) -> None:
        content.set_field(PAIN, "red_flags", "[agony]")

        problem = only_error(content)

        assert problem.location.field == "red_flags"
        assert problem.location.topic == "pain"
        assert "only urgent topics have red flags" in problem.message


class TestSources:
    def test_a_topic_without_a_source_is_an_error(self, content: Content) -> None:
        content.set_field(PAIN, "source", None)

        problem = only(content.problems(), "missing field")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.topic == "pain"
        assert "missing field 'source'" in problem.message

    def test_a_source_file_not_in_sources_yaml_is_an_error_listing_the_known_ones(
        self, content: Content
    ) -> None:
        known = [s.file for s in content.catalog().sources]
        content.set_field(PAIN, "source", "005_made_up.txt")

        problem = only(content.problems(), "unknown source")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == PAIN
        assert problem.location.line == content.line_of(PAIN, "source:")
        assert problem.location.field == "source"
        assert "'005_made_up.txt'" in problem.message
        assert all(name in problem.message for name in known)

    def test_a_topic_drawing_on_two_documents_names_both_and_hears_of_both_reviews(
        self, content: Content
    ) -> None:
        first, second = (s.file for s in content.catalog().sources if s.kind == "document")
        content.set_field(PAIN, "source", f"[{first}, {second}]")
        content.set_next_reviews("2030-06", "2031-01")

        pain = content.catalog().topic("pain")
        reviews = [p for p in content.problems(today=date(2031, 2, 1)) if "due for" in p.message]

        assert [s.file for s in pain.sources] == [first, second]
        assert len(reviews) == 2 and all("pain" in p.message for p in reviews)

    def test_an_unknown_file_in_a_list_of_sources_is_an_error_at_its_item(
        self, content: Content
    ) -> None:
        first = content.catalog().sources[0].file
        content.set_field(PAIN, "source", f"[{first}, 005_made_up.txt]")

        problem = only(content.problems(), "unknown source")

        assert problem.location.file == PAIN
        assert problem.location.field == "source[1]"

    def test_an_empty_or_repeated_list_of_sources_is_an_error(self, content: Content) -> None:
        first = content.catalog().sources[0].file
        content.set_field(PAIN, "source", "[]")
        assert "at least one source" in only(content.problems(), "source").message
        content.set_field(PAIN, "source", f"[{first}, {first}]")
        problem = only(content.problems(), "listed twice")
        assert problem.location.field == "source[1]"

    def test_a_source_listed_twice_is_an_error_at_the_second(self, content: Content) -> None:
        text = content.text("sources.yaml").rstrip("\n") + "\n"
        first = content.data("sources.yaml")[0]
        line = text.count("\n") + 1
        content.write(
            "sources.yaml",
            text
            + f"- file: {first['file']}\n"
            + "  title: Again\n"
            + '  last_reviewed: "2021-09"\n'
            + '  next_review: "2023-09"\n',
        )

        problem = only(content.problems(), "listed twice")

        assert problem.location.file == "sources.yaml"
        assert problem.location.line == line


class TestReviewDates:
    @pytest.fixture
    def reviews(self, content: Content) -> Content:
        """Content whose two sources are next reviewed in June 2030 and January 2031."""
        content.set_next_reviews("2030-06", "2031-01")
        return content

    def test_a_source_past_its_review_date_is_a_warning_naming_the_topics_on_it(
        self, reviews: Content
    ) -> None:
        source = reviews.catalog().sources[0]
        users = [t.id for t in reviews.catalog().topics if source in t.sources]
        problems = reviews.problems(today=date(2030, 7, 1))

        problem = only(problems, "due for review")

        assert problem.severity is Severity.WARNING
        assert problem.location.file == "sources.yaml"
        assert problem.location.line == reviews.line_of("sources.yaml", '"2030-06"')
        assert f"'{source.file}' was due for review in June 2030" in problem.message
        assert all(topic in problem.message for topic in users)

    def test_a_source_before_its_review_date_is_not_a_warning(self, reviews: Content) -> None:
        problems = reviews.problems(today=date(2030, 5, 31))

        assert not [p for p in problems if "due for review" in p.message]

    def test_every_source_past_its_review_date_is_a_warning(self, reviews: Content) -> None:
        problems = reviews.problems(today=date(2031, 2, 1))

        assert len([p for p in problems if "due for review" in p.message]) == 2

    def test_past_review_dates_pass_check_but_fail_strict(
        self, content: Content, runner: CliRunner
    ) -> None:
        content.set_next_reviews("2000-01", "2000-02")

        plain, strict = content.run(runner), content.run(runner, "--strict")

        assert plain.exit_code == 0
        assert strict.exit_code == 1
        assert "sources.yaml:" in strict.output
        assert "warning SRC001: " in strict.output
        assert "was due for review in January 2000" in strict.output


class TestReadingLevel:
    HARD = (
        "Bisphosphonates and denosumab strengthen skeletal structures, reducing "
        "complications associated with metastatic deposits."
    )

    def test_an_sms_above_the_reading_target_is_a_warning_with_topic_and_field(
        self, pain: Content
    ) -> None:
        pain.set_pages(PAIN, PLAIN_PAGES[0], self.HARD)

        problem = only(pain.problems(), "reading age", PAIN)

        assert problem.severity is Severity.WARNING
        assert problem.location.line == pain.line_of(PAIN, "sms:")
        assert problem.location.topic == "pain"
        assert problem.location.field == "sms"
        assert "aim for 11 or under" in problem.message

    def test_a_speech_script_above_the_reading_target_is_a_warning(self, pain: Content) -> None:
        pain.set_field(PAIN, "speech", f"{PLAIN_SPEECH} {self.HARD} {self.HARD}")

        problem = only(pain.problems(), "reading age", PAIN)

        assert problem.severity is Severity.WARNING
        assert problem.location.field == "speech"
        assert problem.location.line == pain.line_of(PAIN, "speech:")

    def test_a_hard_reading_level_is_not_an_error(self, pain: Content) -> None:
        pain.set_pages(PAIN, PLAIN_PAGES[0], self.HARD)

        assert errors(pain.problems()) == []


class TestReassurance:
    @pytest.mark.parametrize(
        "phrase", ["This is normal", "this is quite normal", "Nothing to worry about"]
    )
    def test_reassurance_in_an_sms_page_is_an_error(self, pain: Content, phrase: str) -> None:
        pain.set_pages(PAIN, PLAIN_PAGES[0], f"{phrase}. Pain relief can help.")

        problem = only_error(pain)

        assert problem.location.file == PAIN
        assert problem.location.line == pain.page_line(PAIN, 1)
        assert problem.location.field == "sms[1]"
        assert f"do not reassure: '{phrase}'" in problem.message

    def test_nothing_to_worry_about_in_a_speech_script_is_an_error(self, pain: Content) -> None:
        pain.set_field(PAIN, "speech", f"{PLAIN_SPEECH} There is nothing to worry about.")

        problem = only_error(pain)

        assert problem.location.line == pain.line_of(PAIN, "speech:")
        assert problem.location.field == "speech"
        assert "do not reassure: 'nothing to worry about'" in problem.message

    @pytest.mark.parametrize("apostrophe", ["'", "\u2019"], ids=["straight", "curly"])
    def test_dont_worry_in_a_speech_script_is_an_error_whatever_the_apostrophe(
        self, pain: Content, apostrophe: str
    ) -> None:
        pain.set_field(PAIN, "speech", f"Don{apostrophe}t worry. {PLAIN_SPEECH}")

        problem = only(pain.problems(), "do not reassure")

        assert problem.location.field == "speech"


class TestReachability:
    FATIGUE = "topics/fatigue.yaml"

    def test_a_keyword_that_sets_off_a_red_flag_makes_its_topic_unreachable(
        self, content: Content
    ) -> None:
        assert "{drowsy}" in content.catalog().topic("hypercalcaemia").red_flags
        index = content.add_item(self.FATIGUE, "keywords", "DROWSY")

        problem = only_error(content)

        assert problem.location.file == self.FATIGUE
        assert problem.location.line == content.line_of(self.FATIGUE, "keywords:")
        assert problem.location.topic == "fatigue"
        assert problem.location.field == f"keywords[{index}]"
        assert problem.code == codes.HIDDEN_BY_RED_FLAG.code
        assert "'DROWSY' sets off the red flags of 'hypercalcaemia'" in problem.message
        assert "could never be reached" in problem.message

    def test_a_synonym_that_contains_a_red_flag_makes_its_topic_unreachable(
        self, content: Content
    ) -> None:
        assert "{drowsy}" in content.catalog().topic("hypercalcaemia").red_flags
        index = content.add_item(self.FATIGUE, "synonyms", "tired and drowsy")

        problem = only_error(content)

        assert problem.location.field == f"synonyms[{index}]"
        assert "red flags of 'hypercalcaemia'" in problem.message


class TestSpeechLength:
    @pytest.mark.parametrize("count", [10, 200])
    def test_a_script_far_too_short_or_too_long_is_an_error_naming_its_word_count(
        self, pain: Content, count: int
    ) -> None:
        pain.set_field(PAIN, "speech", words_of(count))

        problem = only_error(pain)

        assert problem.location.file == PAIN
        assert problem.location.line == pain.line_of(PAIN, "speech:")
        assert problem.location.field == "speech"
        assert f"the script is {count} words" in problem.message
        assert "aim for 20-60 s (49-145 words)" in problem.message

    @pytest.mark.parametrize("count", [49, 145], ids=["fewest advised", "most advised"])
    def test_a_script_of_the_advised_word_counts_is_fine(self, pain: Content, count: int) -> None:
        pain.set_field(PAIN, "speech", words_of(count))

        assert errors(pain.problems()) == []


class TestServiceReplies:
    HELP = (
        "{name}: information only. Reply MENU for topics. Nurses: {helpline_number}, "
        "{helpline_hours}. Very unwell? Call your 24-hour cancer line or {emergency_number}."
    )
    FALLBACK = (
        "Sorry, we have a problem here. Our nurses are on {helpline_number}. "
        "If you are very unwell, call {emergency_number}."
    )

    def test_replies_that_give_both_numbers_are_fine(self, content: Content) -> None:
        content.set_reply("help", self.HELP)
        content.set_reply("fallback", self.FALLBACK)

        assert errors(content.problems()) == []

    @pytest.mark.parametrize(
        ("reply", "text", "placeholder"),
        [
            ("help", HELP, "{emergency_number}"),
            ("help", HELP, "{helpline_number}"),
            ("fallback", FALLBACK, "{emergency_number}"),
            ("fallback", FALLBACK, "{helpline_number}"),
        ],
    )
    def test_help_and_fallback_must_give_the_helpline_number_and_999(
        self, content: Content, reply: str, text: str, placeholder: str
    ) -> None:
        service = content.catalog().service
        needed = {
            "{emergency_number}": service.emergency_number,
            "{helpline_number}": service.helpline.number,
        }[placeholder]
        content.set_reply(reply, text.replace(placeholder, "us"))

        problem = only_error(content)

        assert problem.location.file == "service.yaml"
        assert problem.location.line == content.line_of("service.yaml", f"  {reply}:")
        assert problem.location.field == f"replies.{reply}"
        assert problem.message == f"must give {needed}"

    def test_an_unknown_placeholder_in_a_reply_is_an_error_naming_it(
        self, content: Content
    ) -> None:
        content.set_reply("fallback", self.FALLBACK.replace("{helpline_number}", "{hours}"))

        problem = only(content.problems(), "placeholder")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == "service.yaml"
        assert problem.location.line == content.line_of("service.yaml", "  fallback:")
        assert problem.location.field == "replies.fallback"
        assert "unknown placeholder {hours}" in problem.message
        assert "helpline_number" in problem.message


class TestProblemsDoNotHideEachOther:
    def test_an_unknown_placeholder_does_not_hide_problems_in_the_topics(
        self, content: Content
    ) -> None:
        content.set_reply("start", "Texts are back on. {hours}")
        content.replace(PAIN, "title: Pain", "title: Pain \u2013 and aches")

        messages = [p.message for p in errors(content.problems())]

        assert any("unknown placeholder {hours}" in m for m in messages)
        assert any("is not GSM-7" in m for m in messages)

    def test_a_topic_with_its_own_errors_is_not_also_reported_missing_from_the_menu(
        self, content: Content
    ) -> None:
        content.set_field(PAIN, "kind", "feeling")

        problems = errors(content.problems())

        assert len(problems) == 1
        assert problems[0].location.file == PAIN
        assert "kind must be one of" in problems[0].message


class TestUrgentTopicExists:
    def test_content_without_a_topic_answering_urgent_is_an_error_at_the_footer(
        self, content: Content
    ) -> None:
        (content.root / "topics/urgent.yaml").unlink()
        content.delete_line("service.yaml", "  - urgent")
        content.replace("service.yaml", "treatment-aims, urgent]", "treatment-aims]")
        content.replace(VOICE, "    intro: urgent\n", "    intro: spinal-cord-compression\n")

        problem = only_error(content)

        assert problem.location.file == "service.yaml"
        assert problem.location.field == "replies.footer"
        assert "no topic has the keyword URGENT" in problem.message


class TestUrgentFirstOnThePhone:
    MAIN_ONE = '      - {key: "1", menu: urgent}'
    MAIN_TWO = '      - {key: "2", menu: in-the-bone}'

    def test_a_main_menu_whose_key_one_is_not_urgent_is_an_error_saying_where_it_leads(
        self, content: Content
    ) -> None:
        content.replace(VOICE, self.MAIN_ONE, '      - {key: "2", menu: urgent}')
        content.replace(VOICE, self.MAIN_TWO, '      - {key: "1", menu: in-the-bone}')

        (problem,) = [p for p in content.problems() if p.code == codes.URGENT_NOT_KEY_ONE.code]

        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, '{key: "1", menu: in-the-bone}')
        assert problem.location.field == "menus[0].options[1].key"
        assert "key 1 of the main menu must lead to urgent symptoms" in problem.message
        assert "it leads to menu 'in-the-bone', which has no intro topic now" in problem.message

    def test_key_one_leading_straight_to_a_topic_that_is_not_urgent_is_an_error(
        self, content: Content
    ) -> None:
        content.replace(VOICE, self.MAIN_ONE, '      - {key: "1", topic: pain, label: "pain now"}')
        content.insert_after(
            VOICE,
            '      - {key: "4", topic: nurses, label: "talking to one of our nurses"}',
            '      - {key: "5", menu: urgent}',
        )

        problem = only_error(content)

        assert problem.location.line == content.line_of(VOICE, "pain now")
        assert problem.location.field == "menus[0].options[0].key"
        assert "it leads to topic 'pain', a condition topic now" in problem.message

    def test_key_one_leading_straight_to_an_urgent_topic_is_fine(self, content: Content) -> None:
        content.replace(
            VOICE, self.MAIN_ONE, '      - {key: "1", topic: urgent, label: "urgent symptoms"}'
        )
        content.insert_after(
            VOICE,
            '      - {key: "4", topic: nurses, label: "talking to one of our nurses"}',
            '      - {key: "5", menu: urgent}',
        )

        assert errors(content.problems()) == []

    def test_key_one_leading_to_a_menu_that_opens_with_a_topic_that_is_not_urgent_is_an_error(
        self, content: Content
    ) -> None:
        content.replace(VOICE, "    intro: urgent\n", "    intro: bone\n")

        problem = only(content.problems(), "key 1 of the main menu")

        assert problem.location.line == content.line_of(VOICE, self.MAIN_ONE)
        assert "menu 'urgent', whose intro 'bone' is a condition topic now" in problem.message

    def test_a_main_menu_with_no_key_one_is_an_error_at_its_options(self, content: Content) -> None:
        content.replace(VOICE, self.MAIN_ONE, '      - {key: "6", menu: urgent}')

        (problem,) = [p for p in content.problems() if p.code == codes.URGENT_NOT_KEY_ONE.code]

        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "label: the main menu") + 1
        assert problem.location.field == "menus[0].options"
        assert "no option has key 1 now" in problem.message

    def test_a_menu_without_its_urgent_intro_leaves_key_one_and_the_urgent_topic_unanswered(
        self, content: Content
    ) -> None:
        content.delete_line(VOICE, "    intro: urgent")

        found = errors(content.problems())

        assert [(p.location.file, p.location.field) for p in found] == [
            ("topics/urgent.yaml", "id"),
            (VOICE, "menus[0].options[0].key"),
        ]
        assert "menu 'urgent', which has no intro topic now" in found[1].message


class TestPhoneMenuShape:
    CLOTS = '      - {key: "3", topic: blood-clots, label: "blood clots"}'

    def test_a_menu_of_six_options_is_an_error_at_the_sixth(self, content: Content) -> None:
        content.insert_after(
            VOICE,
            '      - {key: "5", topic: fractures, label: "broken bones"}',
            '      - {key: "6", topic: urgent, label: "all the urgent signs"}',
        )

        problem = only_error(content)

        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "all the urgent signs")
        assert problem.location.field == "menus[1].options[5].key"
        assert "menu 'urgent' has 6 options; callers can hold at most 5 in mind" in problem.message

    @pytest.mark.parametrize(
        ("key", "meaning"),
        [
            ("0", "speak to a person"),
            ("9", "hear it again"),
            ("*", "go back"),
            ("#", "finish what you key in"),
        ],
    )
    def test_a_key_that_means_the_same_in_every_menu_cannot_be_an_option(
        self, content: Content, key: str, meaning: str
    ) -> None:
        content.replace(VOICE, self.CLOTS, self.CLOTS.replace('"3"', f'"{key}"'))

        problem = only_error(content)

        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "topic: blood-clots")
        assert problem.location.field == "menus[1].options[2].key"
        assert problem.message == (
            f"key {key} means '{meaning}' in every menu, so it cannot be an option; "
            "use a key from 1 to 8"
        )

    def test_a_key_that_is_not_a_digit_is_an_error(self, content: Content) -> None:
        content.replace(VOICE, self.CLOTS, self.CLOTS.replace('"3"', '"a"'))

        problem = only_error(content)

        assert problem.location.field == "menus[1].options[2].key"
        assert problem.message == "'a' is not a key for an option; use a key from 1 to 8"

    def test_a_key_given_to_two_options_is_an_error_at_the_second(self, content: Content) -> None:
        content.replace(VOICE, self.CLOTS, self.CLOTS.replace('"3"', '"2"'))

        problem = only_error(content)

        assert problem.location.line == content.line_of(VOICE, "topic: blood-clots")
        assert problem.location.field == "menus[1].options[2].key"
        assert "key 2 is given to two options of menu 'urgent'" in problem.message

    def test_an_option_label_starting_with_for_is_an_error(self, content: Content) -> None:
        content.replace(VOICE, 'label: "blood clots"', 'label: "For blood clots"')

        problem = only_error(content)

        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "topic: blood-clots")
        assert problem.location.field == "menus[1].options[2].label"
        assert "drop the leading 'For', or callers hear 'For For blood clots'" in problem.message

    def test_a_menu_label_starting_with_for_is_an_error_at_the_menu(self, content: Content) -> None:
        content.replace(VOICE, "    label: treatments\n", "    label: for treatments\n")

        problem = only_error(content)

        index = content.phone_menu("treatments")
        assert problem.location.line == content.line_of(VOICE, "label: for treatments")
        assert problem.location.field == f"menus[{index}].label"
        assert "a label is said as 'For <label>, press <key>.'" in problem.message

    def test_a_label_that_says_press_is_an_error(self, content: Content) -> None:
        content.replace(VOICE, 'label: "hormone therapy"', 'label: "hormone therapy, press"')

        problem = only_error(content)

        index = content.phone_menu("medicines")
        assert problem.location.line == content.line_of(VOICE, "hormone therapy, press")
        assert problem.location.field == f"menus[{index}].options[0].label"
        assert "take out 'press', or callers hear it twice" in problem.message

    def test_a_label_with_a_word_that_only_starts_with_press_is_fine(
        self, content: Content
    ) -> None:
        content.replace(
            VOICE,
            'label: "back pain, numb legs or trouble walking"',
            'label: "pressure on the spinal cord"',
        )

        assert errors(content.problems()) == []

    @pytest.mark.parametrize(
        ("label", "count"),
        [
            ("the symptoms it can cause, such as pain, breaks and feeling very tired", 13),
            ("the symptoms it can cause, such as pain, breaks and feeling tired", 12),
        ],
    )
    def test_a_label_of_more_than_twelve_words_is_a_warning(
        self, content: Content, label: str, count: int
    ) -> None:
        content.replace(VOICE, '"the symptoms it can cause"', f'"{label}"')

        found = [p for p in content.problems() if p.location.file == VOICE]

        if count <= 12:
            assert found == []
            return
        assert len(found) == 1
        assert found[0].severity is Severity.WARNING
        assert found[0].location.line == content.line_of(VOICE, "topic: bone-symptoms")
        assert found[0].location.field == "menus[2].options[1].label"
        assert f"the label is {count} words" in found[0].message
        assert "keep it to 12 or fewer" in found[0].message


class TestPhoneReach:
    PROCEDURES = '      - {key: "4", menu: procedures}'

    def test_a_menu_no_key_leads_to_is_an_error_at_its_id_and_so_are_its_topics(
        self, content: Content
    ) -> None:
        content.delete_line(VOICE, self.PROCEDURES)

        found = errors(content.problems())

        menu = only(found, "menu 'procedures' cannot be reached")
        assert menu.location.file == VOICE
        assert menu.location.line == content.line_of(VOICE, "- id: procedures")
        assert menu.location.field == f"menus[{content.phone_menu('procedures')}].id"
        assert "from the main menu 'main'" in menu.message
        stranded = {"surgery", "spinal-procedures", "electrochemotherapy"}
        assert {p.location.topic for p in found if p is not menu} == stranded
        assert len(found) == 1 + len(stranded)

    def test_menus_that_only_lead_to_each_other_are_both_unreachable(
        self, content: Content
    ) -> None:
        text = content.text(VOICE).rstrip("\n")
        content.write(
            VOICE,
            text
            + "\n\n  - id: more\n    label: more\n    options:\n"
            + '      - {key: "1", menu: even-more}\n'
            + "\n  - id: even-more\n    label: even more\n    options:\n"
            + '      - {key: "1", menu: more}\n',
        )

        found = errors(content.problems())

        assert [(p.location.line, p.location.field) for p in found] == [
            (content.line_of(VOICE, "- id: more"), f"menus[{content.phone_menu('more')}].id"),
            (
                content.line_of(VOICE, "- id: even-more"),
                f"menus[{content.phone_menu('even-more')}].id",
            ),
        ]

    def test_a_submenu_that_links_back_to_the_main_menu_is_fine(self, content: Content) -> None:
        content.insert_after(
            VOICE,
            '      - {key: "4", topic: nurses, label: "talking to one of our nurses"}',
            '      - {key: "5", menu: main}',
        )

        assert errors(content.problems()) == []

    def test_a_topic_no_key_leads_to_is_an_error_at_the_topic_naming_voice_yaml(
        self, content: Content
    ) -> None:
        content.delete_line(VOICE, '      - {key: "3", topic: prognosis, label: "the outlook"}')

        problem = only_error(content)

        assert problem.location.file == "topics/prognosis.yaml"
        assert problem.location.line == content.line_of("topics/prognosis.yaml", "id: prognosis")
        assert problem.location.topic == "prognosis"
        assert problem.location.field == "id"
        assert "topic 'prognosis' cannot be reached by keys on the phone" in problem.message
        assert "voice.yaml" in problem.message


class TestWrittenForTheEar:
    @pytest.mark.parametrize(
        ("number", "said"),
        [
            ("999", "'nine nine nine'"),
            ("0808 800 6000", "'zero eight zero eight eight zero zero six zero zero zero'"),
            ("18000", "'one eight zero zero zero' for a phone number, 'eighteen thousand'"),
            ("1,500", "'one thousand five hundred'"),
        ],
    )
    def test_a_number_in_digits_in_a_speech_script_is_an_error_saying_how_to_say_it(
        self, pain: Content, number: str, said: str
    ) -> None:
        pain.set_field(PAIN, "speech", f'"{PLAIN_SPEECH} Or call {number}."')

        problem = only_error(pain)

        assert problem.location.file == PAIN
        assert problem.location.line == pain.line_of(PAIN, "speech:")
        assert problem.location.topic == "pain"
        assert problem.location.field == "speech"
        assert problem.message.startswith(
            f"'{number}' is written in digits; say numbers as people say them, e.g. {said}"
        )

    def test_one_or_two_digits_are_fine(self, pain: Content) -> None:
        pain.set_field(PAIN, "speech", f'"{PLAIN_SPEECH} It may take 2 or 3 weeks, or 24."')

        assert [p for p in pain.problems() if p.location.file == PAIN] == []

    def test_digits_in_the_phone_lines_words_are_an_error_at_that_word(
        self, content: Content
    ) -> None:
        content.set_word("no_answer", "Sorry, no one could answer. Please call 0808 800 6000.")

        problem = only_error(content)

        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "  no_answer:")
        assert problem.location.field == "words.no_answer"
        assert "'0808 800 6000' is written in digits" in problem.message

    def test_placeholders_are_checked_as_they_are_said_not_as_written(
        self, content: Content
    ) -> None:
        assert content.catalog().service.emergency_number == "999"
        content.set_word(
            "text_sent", "We have sent that. If you are very unwell, call {emergency_number}."
        )

        assert errors(content.problems()) == []

    def test_digits_that_a_placeholder_brings_in_are_reported_at_the_words_that_use_it(
        self, content: Content
    ) -> None:
        content.set_field("service.yaml", "disclaimer", '"This is not medical advice. Call 111."')

        problem = only(content.problems(), "written in digits")

        assert problem.severity is Severity.ERROR
        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "  how_to:")
        assert problem.location.field == "words.how_to"
        assert "'111'" in problem.message

    def test_a_dose_in_a_menu_label_is_an_error_and_its_unit_a_warning(
        self, content: Content
    ) -> None:
        content.replace(
            VOICE, 'label: "denosumab, also called Xgeva"', 'label: "denosumab, 120 mg"'
        )

        found = [p for p in content.problems() if p.location.file == VOICE]

        line = content.line_of(VOICE, "denosumab, 120 mg")
        field = f"menus[{content.phone_menu('bone-drugs')}].options[2].label"
        assert [(p.severity, p.location.line, p.location.field) for p in found] == [
            (Severity.ERROR, line, field),
            (Severity.WARNING, line, field),
        ]
        assert "'120' is written in digits" in found[0].message
        assert "'one hundred and twenty' for an amount" in found[0].message
        assert "'mg' is an abbreviation" in found[1].message
        assert "say 'milligrams'" in found[1].message

    @pytest.mark.parametrize("char", list("&%/()[]{}<>*#@~|"))
    def test_a_character_a_speech_engine_reads_badly_is_a_warning_naming_it(
        self, pain: Content, char: str
    ) -> None:
        pain.set_field(PAIN, "speech", f'"{PLAIN_SPEECH} Ask your team {char} nurse."')

        problem = only(pain.problems(), "write it as it is said", PAIN)

        assert problem.severity is Severity.WARNING
        assert problem.location.line == pain.line_of(PAIN, "speech:")
        assert problem.location.field == "speech"
        assert f"a speech engine reads '{char}' badly or literally" in problem.message
        assert errors(pain.problems()) == []

    @pytest.mark.parametrize(
        ("sentence", "written", "said"),
        [
            ("Pain relief, e.g. paracetamol, can help.", "e.g.", "for example"),
            ("The bone, i.e. the spine, can ache.", "i.e.", "that is"),
            ("Pain, tiredness etc. can happen.", "etc.", "and so on"),
            ("It takes approx. an hour.", "approx.", "about"),
            ("Take 5mg of it.", "mg", "milligrams"),
            ("Drink 5 ml of water.", "ml", "millilitres"),
            ("Ask Dr Jones.", "Dr", "doctor"),
            ("Go to ward No. 5.", "No.", "number"),
            ("Tablets vs injections.", "vs", "or"),
        ],
    )
    def test_an_abbreviation_is_a_warning_saying_how_to_say_it(
        self, pain: Content, sentence: str, written: str, said: str
    ) -> None:
        pain.set_field(PAIN, "speech", f'"{PLAIN_SPEECH} {sentence}"')

        problem = only(pain.problems(), "write it as it is said", PAIN)

        assert problem.severity is Severity.WARNING
        assert problem.location.field == "speech"
        assert f"'{written}' is an abbreviation" in problem.message
        assert problem.message.endswith(f"say '{said}'")

    def test_words_that_only_contain_an_abbreviation_are_fine(self, pain: Content) -> None:
        pain.set_field(
            PAIN, "speech", f'"{PLAIN_SPEECH} Drink water and rest your legs. No. Not yet."'
        )

        assert [p for p in pain.problems() if "write it as it is said" in p.message] == []

    def test_a_character_in_the_phone_lines_words_is_a_warning_at_that_word(
        self, content: Content
    ) -> None:
        content.set_word("how_to", "Press a key & say what you would like to hear about.")

        problem = only(content.problems(), "write it as it is said")

        assert problem.severity is Severity.WARNING
        assert problem.location.file == VOICE
        assert problem.location.line == content.line_of(VOICE, "  how_to:")
        assert problem.location.field == "words.how_to"
        assert "'&'" in problem.message
        assert "say 'and'" in problem.message


class TestBrokenVoiceFile:
    def test_a_broken_voice_file_reports_every_problem_at_once_with_lines(
        self, content: Content, runner: CliRunner
    ) -> None:
        content.replace(VOICE, '{key: "4", menu: procedures}', '{key: "4", menu: operations}')
        content.replace(
            VOICE,
            '    options:\n      - {key: "1", topic: radiotherapy, label: "radiotherapy"}\n'
            '      - {key: "2", topic: stereotactic-radiotherapy, '
            'label: "stereotactic radiotherapy, a very precise kind"}\n',
            "    options: []\n",
        )
        content.delete_line(VOICE, "    label: pain, tiredness and support")
        content.delete_line(VOICE, "  back: go back")

        result = content.run(runner)

        assert result.exit_code == 1
        treatments = content.phone_menu("treatments")
        radiotherapy = content.phone_menu("radiotherapy")
        living = content.phone_menu("living-with")
        expected = [
            f"{VOICE}:{content.line_of(VOICE, 'words:')} (words.back): "
            "error SCH003: missing field 'back'",
            f"{VOICE}:{content.line_of(VOICE, 'menu: operations')} "
            f"(menus[{treatments}].options[3].menu): error SCH008: "
            "no menu has the id 'operations': a dead end",
            f"{VOICE}:{content.line_of(VOICE, 'options: []')} (menus[{radiotherapy}].options): "
            "error SCH005: a menu needs at least one option, or it is a dead end",
            f"{VOICE}:{content.line_of(VOICE, '- id: living-with')} "
            f"(menus[{living}].label): error SCH003: missing field 'label'",
        ]
        for line in expected:
            assert line in result.output
        # While voice.yaml cannot be loaded, the phone rules wait rather than pile on.
        assert summary(result)[0] == len(expected)
