"""No thread or child process outlives a render (issue 19): after a render, a render whose notebook raises and a
render stopped by Ctrl-C, this process runs its main thread only and has no child process left (the kernels,
the PDF processes, the threads of the event loop's executor all stopped). Slow: real renders of the tiny year
of tests/conftest.py, in this process."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

from render_support import NOTEBOOKS, year_book_class


def _children() -> list[int]:
    """This process's child processes (psutil is not a dependency: /proc)."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children = task / "children"
        if children.exists():
            found += [int(pid) for pid in children.read_text().split()]
    return found


def _render(base: Path, notebooks: Path = NOTEBOOKS):
    from figures.render.run import render_year

    return render_year(2025, ["nl", "fr"], raw_dir=base / "raw", processed_dir=base / "processed",
                       reports_dir=base / "reports", published_dir=base / "unpublished", progress=False,
                       notebooks_dir=notebooks)


def _notebooks_with(base: Path, code: str) -> Path:
    """The chapter notebooks, the meetings' own replaced by one whose second cell runs `code`."""
    folder = base / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("year = 2025", metadata={"tags": ["parameters"]}),
                      nbformat.v4.new_code_cell(code)]
    nbformat.write(notebook, folder / "meetings.ipynb")
    return folder


@pytest.fixture
def year(tmp_path) -> Path:
    year_book_class()().write(tmp_path / "raw")
    assert threading.enumerate() == [threading.main_thread()] and _children() == []    # before
    return tmp_path


def _nothing_left(base: Path) -> None:
    assert threading.enumerate() == [threading.main_thread()]
    assert [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in _children()] == []
    assert not [p for p in (base / "reports").rglob(".*.new-*")]


def test_after_a_render(year):
    _render(year)
    _nothing_left(year)


def test_after_a_render_whose_notebook_raises(year):
    from figures.render.run import RenderError

    with pytest.raises(RenderError):
        _render(year, _notebooks_with(year, "1 / 0"))
    _nothing_left(year)


def test_after_ctrl_c(year):
    import signal

    previous = signal.getsignal(signal.SIGINT)
    # Ctrl-C while a notebook runs: the kernel sends it to the render (its parent process).
    code = "import os, signal, time\nos.kill(os.getppid(), signal.SIGINT)\ntime.sleep(60)"
    try:
        with pytest.raises(KeyboardInterrupt):
            _render(year, _notebooks_with(year, code))
    finally:
        signal.signal(signal.SIGINT, previous)
    _nothing_left(year)
    assert not (year / "reports" / "2025" / "nl").exists()
