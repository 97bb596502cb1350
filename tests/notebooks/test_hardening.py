"""A render that is interrupted, killed or pointed at relative folders leaves the old report or the new
one, never neither, and no debris a later run does not clean (slow: real renders of the tiny year)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from render_support import run_figures, snapshot, year_book_class


def _start(args: list, cwd: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    return subprocess.Popen([sys.executable, "-m", "figures", *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def _debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.new-*")) + sorted(p.name for p in folder.rglob(".*.old-*"))


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hardening")
    year_book_class()().write(base / "raw")
    return base


def _render_args(langs=("nl",), force: bool = True) -> list:
    # --force: each test renders the same year again, which would otherwise be found unchanged.
    return ["render", "--year", 2025, "--lang", *langs, "--raw-dir", "raw", "--processed-dir", "processed",
            "--reports-dir", "reports", "--published-dir", "unpublished", "--no-progress"] + (["--force"] * force)


def test_relative_folders_with_two_languages(year):
    # papermill changes the working folder while a notebook runs: every path is made absolute at the door.
    result = run_figures(*_render_args(("nl", "fr")), cwd=year)
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in ("nl", "fr"):
        assert (year / "reports" / "2025" / lang / f"figures-2025-{lang}.pdf").is_file()
    assert _debris(year / "reports") == [] and _debris(year / "processed") == []


def _children(pid: int) -> set[int]:
    """The child processes of `pid` (its kernels, its PDF processes)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = task / "children"
        if children.exists():
            found |= {int(child) for child in children.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_kill_9_during_a_render_is_cleaned_by_the_next_run(year):
    before = snapshot(year / "reports" / "2025" / "nl")
    process = _start(_render_args(("nl",)), cwd=year)
    _wait_for(lambda: any((year / "reports" / "2025").glob(".nl.new-*")))
    sockets = Path(tempfile.gettempdir()).glob(f"figures-kernel-{process.pid}-*")
    children = _children(process.pid)
    # The connection file each of its kernels was started with (`-f <file>`): its own, not another test's.
    commands = [Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0") for child in children]
    kernel_files = [Path(c[c.index(b"-f") + 1].decode()) for c in commands if b"-f" in c]
    process.kill()                                           # kill -9: no clean-up of its own
    process.wait()
    # Its kernels and PDF processes do not outlive it (a kernel notices its parent gone within seconds).
    assert children
    _wait_for(lambda: not any(_alive(child) for child in children), seconds=30)
    assert any((year / "reports" / "2025").glob(".nl.new-*"))       # the debris of the killed run
    assert snapshot(year / "reports" / "2025" / "nl") == before      # the report in place is whole
    killed_sockets = list(sockets)
    # The kernel's connection file (its key) is in the render's own folder, not left in the temporary folder.
    assert killed_sockets and all((folder / "kernel.json").is_file() for folder in killed_sockets)
    assert kernel_files and all(file.parent in killed_sockets for file in kernel_files), kernel_files
    result = run_figures(*_render_args(("nl",)), cwd=year)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _debris(year / "reports") == [], _debris(year / "reports")
    assert not any(path.exists() for path in killed_sockets)


def test_an_unchanged_run_after_kill_9_says_so_and_tidies_the_debris(year):
    before = snapshot(year / "reports" / "2025" / "nl")
    process = _start(_render_args(("nl",)), cwd=year)
    _wait_for(lambda: any((year / "reports" / "2025").glob(".nl.new-*")))
    process.kill()
    process.wait()
    result = run_figures(*_render_args(("nl",), force=False), cwd=year)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unchanged" in result.stdout
    assert _debris(year / "reports") == [] and _debris(year / "processed") == []
    assert snapshot(year / "reports" / "2025" / "nl") == before


@pytest.mark.parametrize("lock", ["~$staff.xlsx", ".~lock.budget.xlsx#"], ids=["excel", "libreoffice"])
def test_a_workbook_open_in_an_office_program_leaves_the_rerun_unchanged(year, lock):
    # Opening a workbook writes a lock file beside it, closing it removes it: neither is an input.
    result = run_figures(*_render_args(("nl",), force=False), cwd=year)
    assert result.returncode == 0, result.stdout + result.stderr
    before = snapshot(year / "reports" / "2025" / "nl")
    (year / "raw" / "2025" / lock).write_bytes(b"\x0aclerk" + b"\0" * 150)
    try:
        opened = run_figures(*_render_args(("nl",), force=False), cwd=year)
    finally:
        (year / "raw" / "2025" / lock).unlink()
    closed = run_figures(*_render_args(("nl",), force=False), cwd=year)
    for run in (opened, closed):
        assert run.returncode == 0 and "unchanged" in run.stdout, run.stdout + run.stderr
    assert snapshot(year / "reports" / "2025" / "nl") == before


def test_ctrl_c_stops_with_one_line_and_leaves_the_previous_report(year):
    before = snapshot(year / "reports" / "2025" / "nl")
    process = _start(_render_args(("nl",)), cwd=year)
    _wait_for(lambda: any((year / "reports" / "2025").glob(".nl.new-*")))
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr and "Interrupted" in stderr
    assert snapshot(year / "reports" / "2025" / "nl") == before
    assert _debris(year / "reports") == [], _debris(year / "reports")


def _ctrl_c_at_random_moments(year: Path, count: int, seed: int) -> list:
    """`count` renders, each sent Ctrl-C at a random moment 0.3 to 5.9 s after its start, both cores kept busy by
    other work: each stops with exit 130 (or had finished, exit 0, before the signal), no stage or moved-aside
    folder is left, and the report in place is whole. Returns (moment, exit code, finished) of each."""
    import random

    assert run_figures(*_render_args(("nl",)), cwd=year).returncode == 0      # a report in place to keep
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    moments = random.Random(seed).sample([n / 10 for n in range(3, 60)], count)
    outcomes = []
    try:
        for moment in moments:
            process = _start(_render_args(("nl",)), cwd=year)
            time.sleep(moment)
            finished = process.poll() is not None
            if not finished:
                process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=120)
            outcomes.append((moment, process.returncode, finished))
            assert process.returncode == (0 if finished else 130), (moment, stdout, stderr)
            assert "Traceback" not in stderr, (moment, stderr)
            assert _debris(year / "reports") == [] and _debris(year / "processed") == [], moment
            assert (year / "reports" / "2025" / "nl" / "manifest.json").is_file(), moment
    finally:
        for process in busy:
            process.kill()
            process.wait()
    return outcomes


@pytest.mark.skipif(not os.environ.get("FIGURES_STRESS"), reason="a stress test of 100 s: FIGURES_STRESS=1 runs it")
def test_twenty_ctrl_c_at_random_moments_on_a_busy_machine_each_stop_cleanly(year):
    """Ctrl-C anywhere in a render (the command starting, the kernels starting, the notebooks, the documents),
    twenty times (issue 20)."""
    outcomes = _ctrl_c_at_random_moments(year, 20, seed=20)
    assert sum(1 for _, code, _ in outcomes if code == 130) >= 15, outcomes      # most were interrupted


def test_six_ctrl_c_at_random_moments_on_a_busy_machine_each_stop_cleanly(year):
    """The stress test's short form, in every `make test` (about 30 s): six moments, one of them in the command's
    start (0.3 to 0.9 s), where a Ctrl-C once came out as a traceback."""
    outcomes = _ctrl_c_at_random_moments(year, 6, seed=19)
    assert any(moment < 1 for moment, _, _ in outcomes), outcomes
    assert sum(1 for _, code, _ in outcomes if code == 130) >= 4, outcomes

