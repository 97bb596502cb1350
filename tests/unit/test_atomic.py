"""A folder replaced all at once: the old one or the new one, never half of either."""

from __future__ import annotations

import os
import stat

import pytest

from figures.atomic import discard, new_stage, staged_dir, swap_in


def _write(folder, files: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")


def _files(folder) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}


def test_staged_dir_replaces_the_folder_with_what_was_written(tmp_path):
    final = tmp_path / "2025"
    _write(final, {"old.csv": "old"})
    with staged_dir(final) as stage:
        assert stage.parent == final.parent and stage.name.startswith(".2025.new-")
        _write(stage, {"new.csv": "new"})
        assert _files(final) == {"old.csv": "old"}           # untouched until the end
    assert _files(final) == {"new.csv": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025"]   # no stage, no old copy left


def test_an_error_leaves_the_previous_folder_and_removes_the_stage(tmp_path):
    final = tmp_path / "2025"
    _write(final, {"old.csv": "old"})
    with pytest.raises(RuntimeError):
        with staged_dir(final) as stage:
            _write(stage, {"half.csv": "half"})
            raise RuntimeError("a table failed")
    assert _files(final) == {"old.csv": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025"]


def test_a_first_run_creates_the_folder_and_its_parents(tmp_path):
    final = tmp_path / "processed" / "2025"
    with staged_dir(final) as stage:
        _write(stage, {"a.csv": "a"})
    assert _files(final) == {"a.csv": "a"}


def test_the_stage_has_the_usual_permissions_not_private(tmp_path):
    umask = os.umask(0o022)
    try:
        stage = new_stage(tmp_path / "2025")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(stage.stat().st_mode) == 0o755
    discard(stage)
    assert not stage.exists()


def test_swap_in_of_a_folder_into_an_existing_one(tmp_path):
    final, stage = tmp_path / "nl", tmp_path / "stage"
    _write(final, {"report.pdf": "old"})
    _write(stage, {"report.pdf": "new"})
    swap_in(stage, final)
    assert _files(final) == {"report.pdf": "new"} and not stage.exists()
