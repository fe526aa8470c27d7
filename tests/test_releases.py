"""Content releases through the `helpline` command, on SQLite and PostgreSQL: publish, stage,
diff, roll back, export, testers and the audit, each refusing bad content and changing nothing."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from helpline.content.gate import rules_version
from helpline.content.loading import PACKAGED_CONTENT
from helpline.operators.cli import main
from helpline.releases.records import Busy, ReleaseRecords
from helpline.store.state import make_engine

BONE = "topics/bone.yaml"
OLD_WORDS, NEW_WORDS = "in the bone means breast", "in the bones means breast"
ZOMETA = "topics/bisphosphonates.yaml"


class Operator:
    """A nurse at the command line, on the test's database."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        sets = tmp_path / "evaluation"
        (sets / "dev").mkdir(parents=True)
        question = {"text": "do i need a dental check before zometa", "facts": ["dentist"]}
        (sets / "dev" / "questions.yaml").write_text(yaml.safe_dump([question]))
        self.env = {
            "HELPLINE_DATABASE_URL": database_url,
            "HELPLINE_SECRET_KEY": "release-tests",
            "HELPLINE_BUILD_AUDIO": "0",
            "HELPLINE_EVALUATION_DIR": str(sets),
            "HELPLINE_CONTENT_DIR": "",
        }
        self.engine = make_engine(database_url)

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(main, list(args), env=self.env)

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.exit_code == 0, result.output
        return result.output

    def content(self, name: str, old: str = "", new: str = "", file: str = BONE) -> Path:
        """A copy of the packaged content, with one edit."""
        folder = self.tmp_path / name
        shutil.copytree(PACKAGED_CONTENT, folder)
        if old:
            path = folder / file
            text = path.read_text()
            assert text.count(old) >= 1, old
            path.write_text(text.replace(old, new, 1))
        return folder

    def live(self) -> int:
        return ReleaseRecords(self.engine).pointers()["live"]

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def operator(database_url: str, tmp_path: Path) -> Iterator[Operator]:
    made = Operator(database_url, tmp_path)
    yield made
    made.close()


def release_id(output: str) -> int:
    """The id in "published release 3 (...)" or "staged release 3 (...)"."""
    return int(output.split("release ", 1)[1].split()[0])


def test_on_an_empty_database_the_packaged_content_is_release_1_and_publish_makes_release_2(
    operator: Operator,
) -> None:
    published = operator.ok("publish", "--note", "first go", "--by", "nurse-a")
    assert release_id(published) == 2
    listing = operator.ok("releases")
    rows = [line.split() for line in listing.splitlines()[1:]]
    assert [(row[0], row[3], row[4]) for row in rows] == [
        ("2", "nurse-a", "live"),
        ("1", "service", "past"),
    ]
    assert operator.live() == 2
    report = ReleaseRecords(operator.engine).get(2).report  # type: ignore[union-attr]
    assert report["gate"] == rules_version(), "workers may reuse the verdict of this code"


def test_content_with_a_check_error_is_refused_with_its_code_and_nothing_goes_live(
    operator: Operator,
) -> None:
    operator.ok("publish", "--note", "first", "--by", "a")
    broken = operator.content("broken", "title: Breast cancer in the bone", "title: ")
    result = operator.run("publish", "--content-dir", str(broken), "--note", "x", "--by", "b")
    assert result.exit_code == 1
    assert re.search(r"topics/bone\.yaml:2 .*: error SCH005", result.output), result.output
    assert "nothing was changed" in result.output
    assert operator.live() == 2
    assert "publish  release 3" not in operator.ok("audit")


def test_content_that_answers_fewer_questions_than_live_is_refused_by_the_evaluation(
    operator: Operator,
) -> None:
    operator.ok("publish", "--note", "first", "--by", "a")
    worse = operator.content(
        "worse",
        "dentist for a check-up and dental work",
        "teeth checked and dental work",
        file=ZOMETA,
    )
    result = operator.run("publish", "--content-dir", str(worse), "--note", "x", "--by", "b")
    assert result.exit_code == 1
    assert "EVAL001 dev answered 0.0%" in result.output
    assert operator.live() == 2


def test_a_staged_release_is_stored_without_going_live_and_diff_shows_the_page_as_text(
    operator: Operator,
) -> None:
    operator.ok("publish", "--note", "first", "--by", "a")
    edited = operator.content("edited", OLD_WORDS, NEW_WORDS)
    staged = release_id(operator.ok("stage", "--content-dir", str(edited), "--note", "wording"))
    assert operator.live() == 2
    lines = operator.ok("diff", "live", "staged").splitlines()
    assert lines[0] == "topic bone: SMS page 1:"
    assert lines[1].startswith("  - ") and OLD_WORDS in lines[1]
    assert lines[2].startswith("  + ") and NEW_WORDS in lines[2]
    assert operator.ok("diff", "live", "live").strip() == "no differences"
    states = {row.split()[0]: row.split()[4] for row in operator.ok("releases").splitlines()[1:]}
    assert states[str(staged)] == "staged"


def test_rollback_goes_back_to_the_release_live_before_and_to_any_release_named(
    operator: Operator,
) -> None:
    operator.ok("publish", "--note", "first", "--by", "a")
    edited = operator.content("edited", OLD_WORDS, NEW_WORDS)
    new = release_id(operator.ok("publish", "--content-dir", str(edited), "--note", "wording"))
    assert operator.live() == new
    assert "release 2" in operator.ok("rollback", "--note", "wording was wrong", "--by", "b")
    assert operator.live() == 2
    operator.ok("rollback", str(new), "--note", "after all", "--by", "c")
    assert operator.live() == new
    missing = operator.run("rollback", "99", "--note", "x")
    assert missing.exit_code == 1 and "there is no release 99" in missing.output


def test_an_export_published_again_has_the_same_content_hash(operator: Operator) -> None:
    edited = operator.content("edited", OLD_WORDS, NEW_WORDS)
    first = operator.ok("publish", "--content-dir", str(edited), "--note", "wording")
    target = operator.tmp_path / "exported"
    operator.ok("export", "live", str(target))
    again = operator.ok("publish", "--content-dir", str(target), "--note", "round trip")
    assert first.split("content ")[1].split(")")[0] == again.split("content ")[1].split(")")[0]
    refused = operator.run("export", "live", str(target))
    assert refused.exit_code == 1 and "not empty" in refused.output


def test_the_audit_records_who_did_what_why_and_the_live_content_before_and_after(
    operator: Operator,
) -> None:
    operator.ok("publish", "--note", "first", "--by", "nurse-a")
    edited = operator.content("edited", OLD_WORDS, NEW_WORDS)
    operator.ok("publish", "--content-dir", str(edited), "--note", "wording", "--by", "nurse-b")
    operator.ok("testers", "add", "+447700900123", "--by", "nurse-a")
    operator.ok("rollback", "--note", "undo", "--by", "nurse-c")
    entries = [line.split("  ") for line in operator.ok("audit").splitlines()]
    assert [(e[1], e[2]) for e in entries] == [
        ("service", "import"),
        ("nurse-a", "publish"),
        ("nurse-b", "publish"),
        ("nurse-a", "tester-add"),
        ("nurse-c", "rollback"),
    ]
    before, after = entries[2][4].split(" -> ")
    assert before != after
    assert entries[4][4] == f"{after} -> {before}"
    assert entries[4][5] == "undo"


def test_tester_numbers_are_kept_only_as_pseudonyms_and_can_be_removed(
    operator: Operator,
) -> None:
    assert operator.ok("testers", "add", "+447700900123").strip() == "added"
    assert operator.ok("testers", "add", "+447700900123").strip() == "already a tester"
    assert operator.ok("testers", "list").strip() == "1 tester number(s)"
    assert operator.ok("testers", "list", "+447700900123").strip() == "a tester"
    assert "447700900123" not in operator.ok("audit")
    assert operator.ok("testers", "remove", "+447700900123").strip() == "removed"
    assert operator.ok("testers", "list", "+447700900123").strip() == "not a tester"
    wrong = operator.run("testers", "add", "my mum")
    assert wrong.exit_code == 1 and "not a phone number" in wrong.output


def test_a_publish_while_another_runs_is_refused_and_changes_nothing(operator: Operator) -> None:
    operator.ok("publish", "--note", "first", "--by", "a")
    records = ReleaseRecords(operator.engine)
    with records.changing():
        result = operator.run("publish", "--note", "second", "--by", "b")
        with pytest.raises(Busy), ReleaseRecords(operator.engine).changing():
            pass
    assert result.exit_code == 1
    assert "another publish" in result.output
    assert operator.live() == 2
