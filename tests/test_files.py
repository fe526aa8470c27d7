"""Files written whole: the old file or the new one, never half, and no litter on failure."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from helpline.store.files import TEMPORARY, holding, replace_file, replacing, temporary_name


def test_a_replaced_file_holds_the_new_text_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text("old")
    replace_file(path, "new")
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text("old")
    with pytest.raises(OSError), replacing(path) as temporary:
        temporary.write_text("half of it")
        raise OSError("disk full")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_when_the_first_writer_wins_a_later_writer_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    replace_file(path, "first", first_wins=True)
    replace_file(path, "second", first_wins=True)
    assert path.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_a_private_file_is_readable_by_its_owner_alone(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    replace_file(path, "s3cret", private=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_temporary_names_are_hidden_and_recognised_for_sweeping(tmp_path: Path) -> None:
    name = temporary_name(tmp_path / "abc.wav").name
    assert name.startswith(".")
    assert TEMPORARY.fullmatch(name)


def test_a_lock_held_elsewhere_is_refused_at_once_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "publish-lock"
    with holding(path), pytest.raises(BlockingIOError), holding(path, wait=False):
        pass
    with holding(path, wait=False):
        assert path.exists()
