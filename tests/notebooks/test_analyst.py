"""The notebooks as an analyst runs them (papermill on the project's kernel, as JupyterLab would run them):
a data problem is a table, not a traceback; a chapter needs only its own workbooks; a wrong language or a
year without data is one line; a code error still shows its traceback."""

from __future__ import annotations

import re

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from render_support import NOTEBOOKS, plain_spaces, root_conftest, year_book_class


def _run(notebook, tmp_path, **parameters):
    """Execute a notebook with papermill; return the executed notebook and the error raised, if any."""
    output = tmp_path / f"out-{notebook.name}"
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters, kernel_name="python3",
                                   progress_bar=False, cwd=str(tmp_path))
        error = None
    except PapermillExecutionError as raised:
        error = raised
    return nbformat.read(output, as_version=4), error


def _error_output(notebook):
    return next(o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error")


def _html(notebook) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for c in notebook.cells for o in c.get("outputs", []))


@pytest.fixture(scope="module")
def broken_staff(tmp_path_factory):
    base = tmp_path_factory.mktemp("analyst")
    book = year_book_class()()
    book.set("staff", 2, "gender", "V")
    book.write(base / "raw")
    return base


def test_a_data_error_is_the_table_of_problems_not_a_traceback(broken_staff, tmp_path):
    notebook, error = _run(NOTEBOOKS / "chapter.ipynb", tmp_path, chapter="staff", raw_dir=str(broken_staff / "raw"),
                           processed_dir=str(tmp_path / "processed"), lang="en")
    assert error is not None and error.ename == "InvalidInputs"
    shown = "\n".join(_error_output(notebook)["traceback"])
    assert "Traceback" not in shown and "notebook.py" not in shown and "File " not in shown
    lines = shown.splitlines()
    assert lines[0].startswith("The workbooks of this chapter are not valid (problems: 1)")
    assert lines[1].split() == ["file", "sheet", "cell", "column", "found", "expected"]
    assert re.match(r"staff\.xlsx\s+staff\s+C2\s+gender\s+text \"V\"\s+one of F, M, X", lines[3])


def test_the_budget_notebook_runs_while_staff_xlsx_is_broken(broken_staff, tmp_path):
    notebook, error = _run(NOTEBOOKS / "chapter.ipynb", tmp_path, chapter="budget", raw_dir=str(broken_staff / "raw"),
                           processed_dir=str(tmp_path / "processed"), lang="en")
    assert error is None, error
    html = _html(notebook)
    assert "Note: staff.xlsx has errors" in html                 # said, under the chapter's heading
    assert "€4,639,816" in html                                    # the tiny year's first budget line
    assert not (tmp_path / "processed" / "2025").exists()          # computed in memory only


@pytest.fixture(scope="module")
def swing_with_broken_staff(tmp_path_factory):
    """2024, then 2025 whose budget.xlsx swings (+132,0 %: tests/conftest.py's `write_swing_years`) while its
    staff.xlsx has an error."""
    base = tmp_path_factory.mktemp("analyst-swing")
    conftest = root_conftest()
    conftest.write_swing_years(base / "raw")
    conftest.YearBook().set("staff", 2, "gender", "V").write(base / "raw")
    return base


def test_a_chapter_keeps_its_comparison_and_its_warnings_while_another_chapter_is_broken(swing_with_broken_staff,
                                                                                        tmp_path):
    notebook, error = _run(NOTEBOOKS / "chapter.ipynb", tmp_path, chapter="budget", raw_dir=str(swing_with_broken_staff / "raw"),
                           processed_dir=str(tmp_path / "processed"), lang="nl")
    assert error is None, error
    html = plain_spaces(_html(notebook))
    assert "staff.xlsx" in html                                     # the note that staff.xlsx has errors
    # The year before beside each line, and the change: CH01 2 000 000 -> 4 639 816 euro, +2 639 816 (+132,0 %).
    assert ">2024</th>" in html and ">Verschil</th>" in html
    assert "+2.639.816 € (+132,0%)" in html
    # Its own warnings: the swing of budget.xlsx, in the notebook's language.
    assert "De validatie gaf geen waarschuwingen" not in html
    assert "Begroting, Beleidsorganen: gestegen van 2.000.000 € in 2024 tot 4.639.816 € in 2025 (+132,0%)" in html
    assert not (tmp_path / "processed" / "2025").exists()          # this year computed in memory only


def test_an_unsupported_language_is_one_line(tmp_path):
    notebook, error = _run(NOTEBOOKS / "chapter.ipynb", tmp_path, chapter="training", lang="es")
    assert error is not None
    assert _error_output(notebook)["traceback"] == ["unsupported language: es (supported: nl, fr, de, en)"]


def test_a_year_without_data_is_one_line_naming_the_folders(tmp_path):
    notebook, error = _run(NOTEBOOKS / "meetings.ipynb", tmp_path, year=2031, raw_dir=str(tmp_path / "raw"),
                           processed_dir=str(tmp_path / "processed"), lang="en")
    (line,) = _error_output(notebook)["traceback"]
    assert line.startswith("No data for 2031: no workbooks in ") and str(tmp_path / "raw" / "2031") in line


def test_a_code_error_still_shows_its_traceback(broken_staff, tmp_path):
    source = nbformat.read(NOTEBOOKS / "chapter.ipynb", as_version=4)
    source.cells.append(nbformat.v4.new_code_cell('report.table("no_such_table")'))
    path = tmp_path / "chapter.ipynb"
    nbformat.write(source, path)
    notebook, error = _run(path, tmp_path, chapter="budget", raw_dir=str(broken_staff / "raw"),
                           processed_dir=str(tmp_path / "processed"))
    assert error is not None and error.ename == "KeyError"
    assert "notebook.py" in "\n".join(_error_output(notebook)["traceback"])


def test_the_template_shows_a_chapters_tables_in_the_chapters_order_and_its_methods_to_the_analyst_only(tmp_path):
    """The translations as the 2025 report prints them: the sentence on the words translated, the table and
    chart by type of text, then the table by language pair and its note; how they are computed is Markdown
    for the analyst, which the reader's document leaves out."""
    from figures.render.document import chapter_body

    notebook, error = _run(NOTEBOOKS / "chapter.ipynb", tmp_path, chapter="translations", lang="en",
                           processed_dir=str(tmp_path / "processed"))
    assert error is None, error
    (shown,) = [c for c in notebook.cells if "report.show(chapter)" in c.source]
    kinds = [next(k for k in ("text/markdown", "image/svg+xml", "text/html") if k in o["data"]) for o in shown.outputs]
    assert kinds == ["text/markdown", "text/markdown", "text/html", "text/html", "text/html", "text/html", "text/html"]
    htmls = [o["data"]["text/html"] for o in shown.outputs[2:]]
    assert "words" in htmls[0] and "<table" not in htmls[0]                       # the note first
    assert "<table" in htmls[1] and '<figure class="chart">' in htmls[2]           # the table, its chart
    assert "<table" in htmls[3] and "<table" not in htmls[4]                      # by pair, then its note
    assert shown.outputs[1]["data"]["text/markdown"].startswith("The total is the sum of `words`")
    assert "The total is the sum" not in chapter_body(notebook)
