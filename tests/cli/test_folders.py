"""Never lose a file: folders that overlap, folders holding files figures did not write, relative folders.

Every case runs the command as a user does and checks, byte for byte, that what was there before is
still there. The refusals happen before anything is written and before any notebook runs (a render has
started its kernels by then, and shuts them down), so these tests are quick.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def figures(*args, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    return subprocess.run([sys.executable, "-m", "figures", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("command, raw, processed, reports", [
    ("compute", "data", "data", None),                       # processed is raw: would replace data/2025
    ("compute", "data", "data/out", None),                    # processed inside raw
    ("compute", "data/raw", "data", None),                    # raw inside processed
    ("render", "data", "out", "out"),                         # reports is processed
    ("render", "data", "out", "data"),                        # reports is raw
    ("render", "data", "out", "out/reports"),                 # reports inside processed
])
def test_overlapping_folders_are_refused_and_nothing_is_touched(book, tmp_path, command, raw, processed, reports):
    raw_dir = tmp_path / raw
    book.write(raw_dir)
    (tmp_path / processed).mkdir(parents=True, exist_ok=True)
    before = _snapshot(tmp_path)
    args = [command, "--year", 2025, "--raw-dir", raw, "--processed-dir", processed]
    if reports:
        args += ["--reports-dir", reports, "--lang", "nl", "--no-progress"]
    result = figures(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "overlap" in result.stderr and "Traceback" not in result.stderr
    assert "Nothing was written" in result.stderr
    assert _snapshot(tmp_path) == before


def test_a_link_to_the_raw_folder_is_the_raw_folder(book, tmp_path):
    book.write(tmp_path / "raw")
    (tmp_path / "alias").symlink_to(tmp_path / "raw")
    before = _snapshot(tmp_path / "raw")
    result = figures("compute", "--year", 2025, "--raw-dir", "raw", "--processed-dir", "alias", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert _snapshot(tmp_path / "raw") == before


def test_a_processed_year_with_a_file_of_the_user_is_not_replaced(book, tmp_path):
    book.write(tmp_path / "raw")
    notes = tmp_path / "processed" / "2025" / "my notes.txt"
    notes.parent.mkdir(parents=True)
    notes.write_text("do not delete", encoding="utf-8")
    result = figures("compute", "--year", 2025, "--raw-dir", "raw", "--processed-dir", "processed", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "my notes.txt" in result.stderr and "did not write" in result.stderr
    assert notes.read_text(encoding="utf-8") == "do not delete"
    assert sorted(p.name for p in notes.parent.iterdir()) == ["my notes.txt"]


def test_a_report_folder_with_a_file_of_the_user_stops_the_render_before_anything_is_written(book, tmp_path):
    book.write(tmp_path / "raw")
    mine = tmp_path / "reports" / "2025" / "fr" / "brouillon.docx"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"a draft")
    result = figures("render", "--year", 2025, "--lang", "nl", "fr", "--raw-dir", "raw", "--processed-dir",
                     "processed", "--reports-dir", "reports", "--no-progress", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "brouillon.docx" in result.stderr
    assert mine.read_bytes() == b"a draft"
    assert not (tmp_path / "processed").exists() and not (tmp_path / "reports" / "2025" / "nl").exists()


def test_compute_twice_replaces_its_own_folder(book, tmp_path):
    book.write(tmp_path / "raw")
    for _ in range(2):
        result = figures("compute", "--year", 2025, "--raw-dir", "raw", "--processed-dir", "processed", cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == ["2025"]


def test_a_folder_name_that_is_not_utf8_is_shown_not_a_crash(book, tmp_path):
    # A disk written by another system: the folder's name is Latin-1 bytes ("jaar" + e-acute).
    name = b"jaar\xe9"
    raw = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + name))
    book.write(raw)
    env = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    for command in (["validate"], ["compute", "--processed-dir", os.fsencode(tmp_path) + b"/out\xe9"]):
        args = [sys.executable.encode(), b"-m", b"figures", command[0].encode(), b"--year", b"2025",
                b"--raw-dir", os.fsencode(raw)] + [a if isinstance(a, bytes) else a.encode() for a in command[1:]]
        result = subprocess.run(args, capture_output=True, timeout=300, env=env, cwd=tmp_path)
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        assert result.returncode == 0, output
        assert "Traceback" not in output and "Internal error" not in output
    missing = subprocess.run([sys.executable.encode(), b"-m", b"figures", b"validate", b"--year", b"2024",
                              b"--raw-dir", os.fsencode(raw)], capture_output=True, timeout=300, env=env)
    text = (missing.stdout + missing.stderr).decode("utf-8")
    assert missing.returncode == 1 and "jaar\\udce9" in text and "Traceback" not in text


def test_brief_counts_problems_without_a_column_without_saying_column_none(book, tmp_path):
    # Seven empty rows, each between two data rows: seven problems that name a row, not a column.
    rows = []
    for row in book.data["meetings"]["rows"]:
        rows += [row, [None, None, None]]
    book.replace_rows("meetings", rows + [book.data["meetings"]["rows"][0]])
    book.write(tmp_path / "raw")
    result = figures("validate", "--year", 2025, "--raw-dir", "raw", "--brief", cwd=tmp_path)
    assert result.returncode == 1
    assert "column None" not in result.stdout
    assert "… and 2 more cells of meetings.xlsx with the same problem" in result.stdout
