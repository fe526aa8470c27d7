"""`helpline eval`: four figures with their goals, on sets given to it, and every miss."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from helpline.channels.sms_render import render_sms
from helpline.content.loading import load_catalog
from helpline.operators.cli import main
from helpline.operators.evaluation import (
    DEFAULT_FOLDER,
    SETS,
    evaluate,
    holds_fact,
    shown,
    unpunctuated,
)
from helpline.understanding.matching import Matcher

URGENT = """
- text: "my legs have gone numb since this morning"
  conditions: [spinal-cord-compression]
  kind: first-person
- text: "what a lovely day it is"
  conditions: [blood-clots]
  kind: first-person
"""
NOT_URGENT = """
- text: "no fever at all, what is xgeva?"
  kind: denied
- text: "my calf is hot and swollen"
  kind: general
"""
QUESTIONS = """
- text: "what is the helpline number?"
  topic: nurses
  facts: ["0808 800 6000"]
  kind: contact
- text: "how often do I have zometa"
  topic: bisphosphonates
  facts: ["once a fortnight"]
  kind: how-often
"""


def a_set(folder: Path) -> Path:
    """A small set with one pass and one miss of each measure."""
    folder.mkdir(parents=True)
    (folder / "urgent.yaml").write_text(URGENT)
    (folder / "not-urgent.yaml").write_text(NOT_URGENT)
    (folder / "questions.yaml").write_text(QUESTIONS)
    return folder


def test_each_measure_counts_what_a_person_would_get(tmp_path: Path) -> None:
    catalog = load_catalog().catalog
    assert catalog is not None

    report = evaluate(Matcher(catalog), render_sms(catalog), a_set(tmp_path / "dev"), "dev")

    assert (report.urgent_first.passed, report.urgent_first.total) == (1, 2)
    assert (report.right_condition.passed, report.right_condition.total) == (1, 2)
    assert report.false_alarms.total == 2 and len(report.false_alarms.misses) == 1
    assert report.false_alarms.misses[0][0].text == "my calf is hot and swollen"
    assert (report.answered.passed, report.answered.total) == (1, 2)
    assert report.answered.misses[0][0].text == "how often do I have zometa"


def test_the_command_prints_every_miss_and_each_figure_against_its_goal(tmp_path: Path) -> None:
    a_set(tmp_path / "dev")
    a_set(tmp_path / "holdout")

    result = CliRunner().invoke(main, ["eval", "--sets", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "[dev urgent-first first-person] what a lovely day it is" in result.output
    assert "[holdout false-alarms general] my calf is hot and swollen" in result.output
    for name in SETS:
        assert f"{name}:" in result.output
    assert "urgent-first      50.0%  (1/2; goal >= 100%: MISSED)" in result.output
    assert "false-alarms      50.0%  (1/2; goal <= 5%: MISSED)" in result.output


def test_a_rate_short_of_perfect_never_reads_as_perfect() -> None:
    assert shown(1999 / 2000, alarms=False) == "99.9%"
    assert shown(1 / 2000, alarms=True) == "0.1%"
    assert shown(1.0, alarms=False) == "100.0%"
    assert shown(0.0, alarms=True) == "0.0%"
    assert shown(0.779, alarms=False) == "77.9%"


def test_by_kind_gives_each_figure_for_each_kind_of_case_worst_first(tmp_path: Path) -> None:
    a_set(tmp_path / "dev")

    result = CliRunner().invoke(
        main, ["eval", "--sets", str(tmp_path), "--only", "dev", "--no-misses", "--by-kind"]
    )

    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["first-person", "50.0%", "(1/2)"] in lines
    alarms = lines.index(["general", "100.0%", "(1/1)"])
    assert lines[alarms + 1] == ["denied", "0.0%", "(0/1)"], "the worst kind comes first"
    answered = lines.index(["how-often", "0.0%", "(0/1)"])
    assert lines[answered + 1] == ["contact", "100.0%", "(1/1)"]


def test_strict_fails_when_a_goal_is_missed(tmp_path: Path) -> None:
    a_set(tmp_path / "dev")
    result = CliRunner().invoke(
        main, ["eval", "--sets", str(tmp_path), "--only", "dev", "--strict", "--no-misses"]
    )
    assert result.exit_code == 1
    assert "[dev" not in result.output


def test_a_folder_without_sets_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--sets", str(tmp_path)])
    assert result.exit_code == 1
    assert "no evaluation sets" in result.output


def test_facts_are_compared_as_words_with_numbers_in_either_form() -> None:
    assert holds_fact("You have them every three to four weeks.", ("3 to 4 weeks",))
    assert holds_fact("It takes 90 minutes", ("ninety minutes", "90 minutes"))
    assert not holds_fact("It takes 9 minutes", ("90 minutes",))
    assert holds_fact("Call 0808 800 6000", ("0808 800 6000",))
    assert holds_fact("if it is 37.5C or more", ("37.5",))
    assert not holds_fact("if it is 37.5C or more", ("37",))


def test_facts_are_compared_with_short_forms_of_not_read_in_full() -> None:
    assert holds_fact("These drugs will not help you.", ("won't help",))
    assert holds_fact("It can't be cured.", ("cannot be cured",))
    assert holds_fact("It is not a cure.", ("isn't a cure",))
    assert not holds_fact("You want to rest.", ("wa not",))


def test_the_shipped_sets_are_large_enough_and_hold_out_a_part() -> None:
    counts = {}
    for name in SETS:
        folder = DEFAULT_FOLDER / name
        for kind in ("urgent", "not-urgent", "questions"):
            files = [*folder.glob(f"{kind}.yaml"), *folder.glob(f"{kind}-*.yaml")]
            counts[(name, kind)] = sum(f.read_text().count("\n- text:") for f in files)
    assert counts[("dev", "urgent")] + counts[("holdout", "urgent")] >= 250
    assert counts[("dev", "not-urgent")] + counts[("holdout", "not-urgent")] >= 120
    assert counts[("dev", "questions")] + counts[("holdout", "questions")] >= 250
    assert all(counts[("holdout", kind)] > 0 for kind in ("urgent", "not-urgent", "questions"))


def test_the_footer_of_a_short_page_is_no_call_to_action(tmp_path: Path) -> None:
    """A page about something else, short enough that the footer every reply ends with ("call
    999") falls in the first 160 characters, does not count as urgent advice first."""
    catalog = load_catalog().catalog
    assert catalog is not None
    book = render_sms(catalog)
    folder = tmp_path / "dev"
    folder.mkdir()
    (folder / "urgent.yaml").write_text(
        '- text: "how is xgeva given"\n  conditions: [fractures]\n  kind: question\n'
    )
    (folder / "not-urgent.yaml").write_text("[]\n")
    (folder / "questions.yaml").write_text("[]\n")
    match = Matcher(catalog).match("how is xgeva given")
    assert match.topic is not None and not match.is_urgent_advice
    reply = book.topic_reply(match.topic.id, match.page)
    assert reply.index(catalog.service.replies.footer) < 160

    report = evaluate(Matcher(catalog), book, folder, "dev")

    assert (report.urgent_first.passed, report.urgent_first.total) == (0, 1)


def test_unpunctuated_reads_each_message_without_its_sentence_marks_but_keeps_numbers() -> None:
    assert unpunctuated("Temp 38.5, shivery. On chemo!") == "Temp 38.5  shivery  On chemo "
    assert unpunctuated("is 37,8 high?") == "is 37,8 high "


def test_the_unpunctuated_probe_runs_the_same_sets_as_dictated(tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    folder.mkdir()
    (folder / "not-urgent.yaml").write_text(
        '- text: "No fever. What is xgeva?"\n  kind: denied\n'
        '- text: "no fever, what is xgeva?"\n  kind: denied\n'
    )
    result = CliRunner().invoke(
        main, ["eval", "--sets", str(tmp_path), "--only", "dev", "--unpunctuated"]
    )
    assert result.exit_code == 0, result.output
    assert "false-alarms" in result.output
    assert "0.0%  (0/2" in result.output, "both read as denied, marks or none"
