"""Hostile files during a render (issue 20): a workbook saved while the render reads it, files that are not what
their names say. A render's every output comes from one reading of the workbooks, whose hashes its manifest
records (slow: real renders of the tiny year of tests/conftest.py, whose figures are computed by hand there:
five staff, age bands 1, 1, 1, 2)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from render_support import run_figures, year_book_class


def _render(base: Path):
    from figures.render.run import render_year

    return render_year(2025, ["nl"], raw_dir=base / "raw", processed_dir=base / "processed",
                       reports_dir=base / "reports", published_dir=base / "unpublished", progress=False,
                       kernels=1)


@pytest.fixture
def year(tmp_path) -> Path:
    year_book_class()().write(tmp_path / "raw")
    return tmp_path


def _other_staff(tmp_path: Path) -> bytes:
    """The tiny year's staff.xlsx with its last two rows gone (three staff: a figure no render must show)."""
    book = year_book_class()()
    book.replace_rows("staff", book.data["staff"]["rows"][:3])
    return (book.write(tmp_path / "elsewhere") / "staff.xlsx").read_bytes()


def _replace_staff_before(step: str, year: Path, tmp_path: Path, monkeypatch) -> None:
    """staff.xlsx replaced by `_other_staff` when the render calls `pipeline.<step>` (in this process: the
    notebooks' kernels are processes of their own)."""
    from figures import pipeline

    staff, replacement, original = year / "raw" / "2025" / "staff.xlsx", _other_staff(tmp_path), getattr(pipeline, step)

    def replace_then_call(*args, **kwargs):
        staff.write_bytes(replacement)
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, step, replace_then_call)


def test_a_workbook_saved_during_the_notebooks_changes_no_output(year, tmp_path, monkeypatch):
    # The workbook is replaced once the year is computed, while the notebooks are about to run (the moment the
    # issue found): the notebooks, the processed tables, the Excel file and the manifest all show the reading.
    staff = year / "raw" / "2025" / "staff.xlsx"
    read = hashlib.sha256(staff.read_bytes()).hexdigest()
    _replace_staff_before("reconcile", year, tmp_path, monkeypatch)
    _render(year)
    report = year / "reports" / "2025" / "nl"
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    # Five staff (the workbook read), not three (the one saved meanwhile): in the processed table, in the
    # notebook the reader's documents are made from, and in the Excel file.
    import pandas as pd

    bands = pd.read_csv(year / "processed" / "2025" / "tables" / "age_bands.csv")
    assert bands["staff"].tolist()[:4] == [1, 1, 1, 2]
    total = '<tr class="total"><th scope="row" class="label">Totaal</th><td class="num">5</td>'
    executed = json.loads((report / "notebooks" / "01_staff.ipynb").read_text(encoding="utf-8"))
    assert total in "".join(str(o.get("data", {}).get("text/html", "")) for c in executed["cells"]
                            for o in c.get("outputs", []))
    assert total in (report / "figures-2025-nl.html").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    workbook = load_workbook(report / "figures-2025-nl.xlsx", read_only=True)
    assert ("Totaal", 5, 1) in list(workbook["Leeftijd"].iter_rows(values_only=True))
    # ... and the manifest, the render key and the processed tables record the hash of that reading.
    assert {i["file"]: i["sha256"] for i in manifest["inputs"]}["staff.xlsx"] == read
    assert manifest["render_key"]["parts"]["workbooks"]["2025/staff.xlsx"] == read
    inputs = json.loads((year / "processed" / "2025" / "inputs.json").read_text(encoding="utf-8"))
    assert inputs["staff.xlsx"] == read


def test_a_workbook_saved_between_the_key_and_the_reading_stops_the_render(year, tmp_path, monkeypatch):
    from figures.render.run import RenderError

    _replace_staff_before("validate", year, tmp_path, monkeypatch)
    with pytest.raises(RenderError, match="2025/staff.xlsx"):
        _render(year)
    assert not (year / "reports" / "2025" / "nl").exists()


def test_a_readme_that_is_a_pipe_or_endless_does_not_hang_a_render(year):
    # A year folder's README.md is nobody's input: a pipe or a link to /dev/zero by that name is not read.
    os.mkfifo(year / "raw" / "2025" / "README.md")
    os.symlink("/dev/zero", year / "raw" / "README.md")
    result = run_figures("render", "--year", 2025, "--lang", "nl", "--raw-dir", year / "raw", "--processed-dir",
                         year / "processed", "--reports-dir", year / "reports", "--published-dir",
                         year / "unpublished", "--no-progress", "--cell-timeout", "60", timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (year / "reports" / "2025" / "nl" / "figures-2025-nl.pdf").is_file()


def test_a_right_to_left_override_reaches_no_output(tmp_path):
    # Typed "TLUAFED" after U+202E: shown reversed ("DEFAULT") wherever the override is honoured (the PDF).
    from render_support import pdf_text

    book = year_book_class()()
    book.set("subsidies", 2, "beneficiary", "Vzw \u202eTLUAFED")
    book.write(tmp_path / "raw")
    _render(tmp_path)
    report = tmp_path / "reports" / "2025" / "nl"
    from openpyxl import load_workbook

    cells = [str(v) for sheet in load_workbook(report / "figures-2025-nl.xlsx", read_only=True).worksheets
             for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    texts = {"html": (report / "figures-2025-nl.html").read_text(encoding="utf-8"),
             "pdf": pdf_text(report / "figures-2025-nl.pdf"), "excel": "\n".join(cells),
             "csv": "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "processed").rglob("*.csv")),
             "notebooks": "".join(p.read_text(encoding="utf-8") for p in (report / "notebooks").glob("*"))}
    for name, text in texts.items():
        assert "\u202e" not in text and "\\u202e" not in text, name
        assert "Vzw TLUAFED" in text, name


def test_a_five_thousand_character_name_stays_on_its_page_and_whole_in_the_excel(tmp_path):
    # A paragraph pasted as a budget line's label, and a beneficiary typed without spaces: the PDF passes the
    # layout rules (nothing near the paper's edge, no page left nearly empty), the Excel keeps both whole.
    import pdf_layout
    from openpyxl import load_workbook

    label = ("Vereniging voor de bevordering van het immaterieel erfgoed en de volkscultuur " * 70)[:5000]
    book = year_book_class()()
    book.set("budget", 2, "label_nl", label)
    book.set("subsidies", 2, "beneficiary", "X" * 5000)
    book.write(tmp_path / "raw")
    _render(tmp_path)
    report = tmp_path / "reports" / "2025" / "nl"
    assert pdf_layout.problems(report / "figures-2025-nl.pdf") == []
    cells = {v for sheet in load_workbook(report / "figures-2025-nl.xlsx", read_only=True).worksheets
             for row in sheet.iter_rows(values_only=True) for v in row}
    assert label in cells and "X" * 5000 in cells


def test_fifteen_years_of_trends_stay_readable(tmp_path):
    # 2023-2025 from workbooks, 2011-2022 from published reports (the 2025 report's figures, year changed): the
    # trends table shows the last six years and says so, the charts name every third year and write every
    # third value, the PDF passes the layout rules, and the Excel workbook's trends sheet has all fifteen years.
    import re
    import shutil

    import pdf_layout
    from openpyxl import load_workbook

    from render_support import ROOT, flat, pdf_text

    for year in (2023, 2024, 2025):
        shutil.copytree(ROOT / "data" / "raw" / str(year), tmp_path / "raw" / str(year))
    published = tmp_path / "unpublished"
    published.mkdir()
    report_2025 = (ROOT / "data" / "reference" / "published" / "2025.yaml").read_text(encoding="utf-8")
    for year in range(2011, 2023):
        (published / f"{year}.yaml").write_text(re.sub(r"^year: 2025$", f"year: {year}", report_2025, flags=re.M),
                                                encoding="utf-8")
    _render(tmp_path)
    report = tmp_path / "reports" / "2025" / "nl"
    assert pdf_layout.problems(report / "figures-2025-nl.pdf") == []
    text = flat(pdf_text(report / "figures-2025-nl.pdf"))
    assert "Indicatoren 2020–2025 Indicator 2020 2021 2022 2023 2024 2025" in text
    assert "De tabel toont de laatste 6 van de 15 jaren (2011–2025)" in text
    trends = load_workbook(report / "figures-2025-nl.xlsx", read_only=True)["Evolutie"]
    rows = list(trends.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "Indicator")
    assert list(header[:16]) == ["Indicator"] + [str(year) for year in range(2011, 2026)]
    # The 2025 report's 121 staff and 38.8 % aged 52 or more (47 of 121) in 2011-2022 and 2025, as numbers.
    staff = next(row for row in rows if row[0] == "Personeelsleden")
    older = next(row for row in rows if row[0] == "Aandeel personeelsleden van 52 jaar of ouder")
    assert staff[1:13] == (121,) * 12 and staff[15] == 121
    assert older[1:13] == (0.388,) * 12 and older[15] == 0.388


def test_thirty_subsidies_are_all_in_the_chart(rendered_stress):
    # The stress year's thirty subsidies (tests/notebooks/conftest.py): each drawn in the chart's parts, none
    # left out. Its layout is checked by test_reader_documents.py.
    import base64
    import re

    executed = json.loads((rendered_stress.folder("nl") / "notebooks" / "06_subsidies.ipynb").read_text(
        encoding="utf-8"))
    svgs = [base64.b64decode(data).decode("utf-8") for cell in executed["cells"] for output in cell.get("outputs", [])
            for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)",
                                   str(output.get("data", {}).get("text/html", "")))]
    drawn = " ".join(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)) for svg in svgs)
    # Each subsidy is a bar named by its beneficiary and its activity ("Project N: ..."; a long beneficiary's
    # name may end in "…" after four lines, its activity still says which it is).
    for number in range(1, 31):
        assert f"Project {number}: " in drawn, number
        if number % 3 != 1:
            assert re.search(rf"Begunstigde {number} vzw", drawn), number
