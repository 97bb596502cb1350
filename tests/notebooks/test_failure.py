"""A render that fails keeps the previous report untouched and says what failed, where, and what it kept.

A tiny valid year (tests/conftest.py) is rendered in English into a reports
folder from a copy of the chapter notebooks; then the meetings' own notebook in
the copy is replaced by one whose third cell divides by zero (its executed copy
is `03_meetings.ipynb`) and the render is run again. Also: a render of invalid data writes nothing at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from render_support import copy_notebooks, run_figures, snapshot, year_book_class

# The meetings chapter's own notebook (notebooks/meetings.ipynb), broken; executed under its place's name.
OWN = "meetings.ipynb"
BROKEN = "03_meetings.ipynb"


def _broken_notebook() -> nbformat.NotebookNode:
    """parameters (cell 1), a harmless cell (2), 1/0 (cell 3, the 4th executed after papermill's parameters)."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell('year = 2025\nlang = "nl"\nraw_dir = None\nprocessed_dir = None',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("harmless = 1"),
        nbformat.v4.new_code_cell("1/0"),
    ]
    return notebook


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("failure")
    raw, processed, reports = base / "raw", base / "processed", base / "reports"
    year_book_class()().write(raw)
    notebooks = copy_notebooks(base / "notebooks")
    # The tiny year is not the published 2025: nothing to reconcile it with (an empty published folder).
    args = ["render", "--year", 2025, "--lang", "en", "--raw-dir", raw, "--processed-dir", processed,
            "--reports-dir", reports, "--notebooks-dir", notebooks, "--published-dir", base / "unpublished",
            "--no-progress"]
    first = run_figures(*args, cwd=base)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(reports)
    nbformat.write(_broken_notebook(), notebooks / OWN)
    second = run_figures(*args, cwd=base)
    return {"first": first, "second": second, "before": before, "reports": reports, "base": base}


def _quick_notebooks(folder: Path, broken: nbformat.NotebookNode) -> Path:
    """A notebooks folder whose every chapter runs a notebook of two cells but the meetings, `broken`."""
    folder.mkdir()
    quick = _broken_notebook()
    del quick.cells[2]
    for name in ("chapter.ipynb", "trends.ipynb"):
        nbformat.write(quick, folder / name)
    nbformat.write(broken, folder / OWN)
    return folder


def _kept_path(stderr: str) -> Path:
    found = re.findall(r"(/\S*?" + re.escape(BROKEN) + r")", stderr)
    assert found, f"stderr does not say where the executed notebook is kept:\n{stderr}"
    return Path(found[0])


def test_the_first_render_wrote_a_report(failed_run):
    folder = failed_run["reports"] / "2025" / "en"
    assert (folder / "figures-2025-en.pdf").is_file() and (folder / "manifest.json").is_file()


def test_a_failing_notebook_exits_1_and_names_notebook_cell_and_error(failed_run):
    second = failed_run["second"]
    assert second.returncode == 1, second.stdout + second.stderr
    assert BROKEN in second.stderr
    assert re.search(r"\bcell \d+", second.stderr), second.stderr
    assert "ZeroDivisionError" in second.stderr
    assert "Traceback (most recent call last)" not in second.stderr + second.stdout
    assert "Traceback" not in second.stderr


def test_the_cell_number_is_one_the_user_can_find(failed_run):
    stderr = failed_run["second"].stderr
    number = re.search(r"\bcell (\d+)", stderr)
    assert number, stderr
    # Position in the notebook the user wrote (3), or the execution count shown in the kept notebook (In [4]).
    assert number.group(1) in ("3", "4"), stderr


def test_the_failed_executed_notebook_is_kept_with_the_error(failed_run):
    kept = _kept_path(failed_run["second"].stderr)
    assert kept.is_file(), f"{kept} does not exist"
    executed = nbformat.read(kept, as_version=4)
    errors = [(c.source, o) for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert len(errors) == 1, errors
    source, error = errors[0]
    assert source == "1/0"
    assert error["ename"] == "ZeroDivisionError"
    # Kept outside the report itself.
    assert failed_run["reports"] / "2025" / "en" not in kept.parents


def test_the_previous_report_is_byte_identical(failed_run):
    after = snapshot(failed_run["reports"])
    before = failed_run["before"]
    report = {k: v for k, v in after.items() if k == "2025/en" or k.startswith("2025/en/")}
    assert report == {k: v for k, v in before.items() if k == "2025/en" or k.startswith("2025/en/")}
    # Besides the kept failed notebook, nothing was added: no staging folder left behind.
    added = sorted(set(after) - set(before))
    kept = _kept_path(failed_run["second"].stderr).relative_to(failed_run["reports"])
    allowed = {str(p) for p in [kept, *kept.parents] if str(p) not in (".", "2025")}
    assert set(added) <= allowed, f"unexpected new files: {added}"


def test_render_of_invalid_data_exits_1_prints_the_problems_and_writes_nothing(tmp_path):
    book = year_book_class()()
    book.set("staff", 2, "gender", "V")
    book.set("budget", 2, "amount_eur", "4.639.816 €")
    book.write(tmp_path / "raw")
    reports, processed = tmp_path / "reports", tmp_path / "processed"
    reports.mkdir()
    processed.mkdir()
    result = run_figures("render", "--year", 2025, "--lang", "nl", "--raw-dir", tmp_path / "raw",
                         "--processed-dir", processed, "--reports-dir", reports, "--no-progress", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "staff.xlsx, sheet staff, cell C2, column gender" in result.stderr
    assert "budget.xlsx, sheet budget, cell F2, column amount_eur" in result.stderr
    assert '"V"' in result.stderr
    assert list(reports.iterdir()) == [], sorted(reports.rglob("*"))
    assert list(processed.iterdir()) == [], sorted(processed.rglob("*"))


@pytest.fixture(scope="module")
def failed_first_run(tmp_path_factory):
    """A failing notebook on an empty reports folder (nl; the other chapters' notebooks two cells, to be quick)."""
    base = tmp_path_factory.mktemp("failure-first")
    raw, reports = base / "raw", base / "reports"
    year_book_class()().write(raw)
    notebooks = _quick_notebooks(base / "notebooks", _broken_notebook())
    reports.mkdir()
    result = run_figures("render", "--year", 2025, "--lang", "nl", "--raw-dir", raw, "--processed-dir",
                         base / "processed", "--reports-dir", reports, "--notebooks-dir", notebooks,
                         "--no-progress", cwd=base)
    return {"result": result, "reports": reports}


def test_a_failing_first_render_writes_only_the_kept_notebook(failed_first_run):
    result, reports = failed_first_run["result"], failed_first_run["reports"]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    kept = _kept_path(result.stderr)
    assert kept.is_file()
    files = sorted(str(p.relative_to(reports)) for p in reports.rglob("*") if p.is_file())
    assert files == [str(kept.relative_to(reports))], files
    assert not (reports / "2025" / "nl").exists()


def test_a_failing_first_render_does_not_mention_a_previous_report(failed_first_run):
    stderr = failed_first_run["result"].stderr
    assert not (failed_first_run["reports"] / "2025" / "nl").exists()
    assert "vorige verslag" not in stderr and "previous report" not in stderr, stderr


def test_a_failure_message_is_in_one_language(failed_first_run):
    stderr = failed_first_run["result"].stderr
    line = next(l for l in stderr.splitlines() if BROKEN in l)
    english = line.startswith("error:") and "failed in cell" in line
    dutch = line.startswith("fout:") and "is mislukt in cel" in line
    assert english or dutch, line


def _stopping_notebook(code: str) -> nbformat.NotebookNode:
    notebook = _broken_notebook()
    notebook.cells[2] = nbformat.v4.new_code_cell(code)
    return notebook


@pytest.mark.parametrize("code, extra, said", [
    ("import os\nos._exit(1)", [], "the kernel died"),
    ("import time\ntime.sleep(60)", ["--cell-timeout", "2"], "the cell ran longer than 2 s and was stopped"),
])
def test_a_dead_kernel_or_a_hanging_cell_names_the_notebook_and_the_cell(tmp_path, code, extra, said):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    year_book_class()().write(raw)
    notebooks = _quick_notebooks(tmp_path / "notebooks", _stopping_notebook(code))
    result = run_figures("render", "--year", 2025, "--lang", "en", "--raw-dir", raw, "--processed-dir",
                         tmp_path / "processed", "--reports-dir", reports, "--notebooks-dir", notebooks,
                         "--published-dir", tmp_path / "unpublished", "--no-progress", *extra, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Internal error" not in output
    # the parameters cell (with the run's values) In [1], the harmless cell In [2], the stopping one In [3]
    assert f"Notebook {BROKEN} failed in cell 3 (In [3]): {said}" in result.stderr
    kept = _kept_path(result.stderr)
    assert kept.is_file()                                   # the notebook as far as it got
    assert not (reports / "2025" / "en").exists()
