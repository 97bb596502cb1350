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


# ---------------------------------------------------------------- only our files, crash-safe

def test_a_folder_with_a_file_it_does_not_own_is_not_replaced(tmp_path):
    from figures.atomic import ForeignFiles

    final = tmp_path / "2025"
    _write(final, {"inputs.json": "{}", "notes.txt": "mine"})
    with pytest.raises(ForeignFiles) as raised:
        with staged_dir(final, owns=lambda relative: relative.name == "inputs.json"):
            pass
    assert [p.name for p in raised.value.files] == ["notes.txt"]
    assert _files(final) == {"inputs.json": "{}", "notes.txt": "mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025"]


def test_a_file_where_the_folder_should_be_is_not_replaced(tmp_path):
    from figures.atomic import ForeignFiles

    (tmp_path / "2025").write_text("a file, not a folder")
    with pytest.raises(ForeignFiles):
        with staged_dir(tmp_path / "2025", owns=lambda relative: True):
            pass
    assert (tmp_path / "2025").read_text() == "a file, not a folder"


def test_a_crash_between_the_two_renames_is_recovered_by_the_next_run(tmp_path, monkeypatch):
    from pathlib import Path

    from figures.atomic import recover

    final, stage = tmp_path / "nl", tmp_path / ".nl.new-test"
    _write(final, {"report.pdf": "old"})
    _write(stage, {"report.pdf": "new"})
    rename = Path.rename
    calls = []

    def crashing(self, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt("killed between the renames")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", crashing)
    with pytest.raises(KeyboardInterrupt):
        swap_in(stage, final)
    monkeypatch.setattr(Path, "rename", rename)
    assert not final.exists()                           # what the killed run leaves: old aside, new staged
    recover(final)                                      # what the next run does first
    assert _files(final) == {"report.pdf": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nl"]


def test_the_next_publication_recovers_and_cleans_before_it_writes(tmp_path):
    final = tmp_path / "nl"
    _write(tmp_path / ".nl.old-abc", {"report.pdf": "old"})
    _write(tmp_path / ".nl.new-def", {"half.pdf": "half"})
    with staged_dir(final, owns=lambda relative: True) as stage:
        assert _files(final) == {"report.pdf": "old"}   # the previous report is back before anything else
        _write(stage, {"report.pdf": "new"})
    assert _files(final) == {"report.pdf": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nl"]


def test_a_completed_swap_whose_old_copy_was_not_removed_is_cleaned(tmp_path):
    from figures.atomic import recover

    _write(tmp_path / "nl", {"report.pdf": "new"})
    _write(tmp_path / ".nl.old-abc", {"report.pdf": "old"})
    recover(tmp_path / "nl")
    assert _files(tmp_path / "nl") == {"report.pdf": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nl"]


def test_the_lock_is_reentrant_in_one_process_and_leaves_no_file(tmp_path):
    from figures.atomic import locked

    with locked(tmp_path):
        with locked(tmp_path):
            pass
    assert list(tmp_path.iterdir()) == []


def test_a_second_process_waits_for_the_lock(tmp_path):
    import subprocess
    import sys
    import time

    from figures.atomic import locked

    probe = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY)\n"
             "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')\n"
             "except BlockingIOError:\n    print('held')")
    with locked(tmp_path):
        held = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True)
    free = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True)
    assert (held.stdout.strip(), free.stdout.strip()) == ("held", "free")


def test_a_full_disk_names_the_file_being_written(tmp_path):
    import errno

    from figures.atomic import naming

    target = tmp_path / "reports" / "figures-2025-nl.pdf"
    with pytest.raises(OSError) as raised:
        with naming(target):
            raise OSError(errno.ENOSPC, "No space left on device")      # as a full disk raises it: no file
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, str(target))
    with pytest.raises(OSError) as raised:
        with naming(target):
            raise OSError(errno.EACCES, "Permission denied", "/somewhere/else")
    assert raised.value.filename == "/somewhere/else"                    # a name already given is kept
