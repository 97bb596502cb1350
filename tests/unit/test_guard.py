"""Spreadsheet bombs are refused with a message before the reader opens them; stray cells are one problem."""

from __future__ import annotations

import io
import zipfile

import pytest

from figures import guard
from figures.load import read_source
from figures.registry import REGISTRY


def _rewrite(path, replace: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_one_value_in_the_last_cell_of_a_sheet_is_refused_naming_the_cell(book, raw_dir):
    # 5 KB on disk, 17 billion cells for the reader: it would abort the process (exit 134).
    from openpyxl import load_workbook

    folder = book.write(raw_dir)
    workbook = load_workbook(folder / "staff.xlsx")
    workbook["staff"]["XFD1048576"] = "note"
    workbook.save(folder / "staff.xlsx")
    assert (folder / "staff.xlsx").stat().st_size < 20_000
    sheet, problems = read_source(REGISTRY.sources["staff"], folder)
    assert sheet is None
    (problem,) = problems
    assert (problem.file, problem.sheet) == ("staff.xlsx", "staff")
    assert "a sheet reaching cell XFD1048576 (17,179,869,184 cells)" in problem.describe("en")
    assert "at most 25,000,000 cells" in problem.describe("en")


def test_a_huge_part_once_unpacked_is_refused_before_the_reader_opens_it(book, raw_dir, monkeypatch):
    # The workbook: 2.8 MB on disk, 1 GB of unused shared strings. Here the limit is lowered
    # to keep the test small; the check is the same.
    monkeypatch.setattr(guard, "MAX_SHARED_STRINGS_BYTES", 100_000)
    folder = book.write(raw_dir)
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>" + b"x" * 200_000 + b"</t></si></sst>")
    _rewrite(folder / "budget.xlsx", {"xl/sharedStrings.xml": strings})
    sheet, problems = read_source(REGISTRY.sources["budget"], folder)
    assert sheet is None
    assert "a part xl/sharedStrings.xml of 0 MB once unpacked" in problems[0].describe("en")


def test_the_limits_are_far_above_a_federal_year():
    # 400,000 training rows of 5 columns: 2 million cells; its sheet XML is about 110 MB.
    assert guard.MAX_CELLS >= 10 * 400_000 * 5
    assert guard.MAX_PART_BYTES >= 5 * 110_000_000


@pytest.mark.parametrize("xml, extent", [
    (b'<row r="1"><c r="A1"/><c r="C1"/></row><row r="2"><c r="B2"/></row>', (2, 3)),
    (b'<row r="1"><c r="A1"/><c r="AB1"/></row>', (1, 28)),
    (b'<row r="1"><c r="A1"/></row><row r="2"><c r="B1048576"/></row>', (1048576, 2)),
    (b'<row r="1"><c r="A1"/></row><row r="2"><c r="Q2"/></row>', (2, 17)),
    # other writers' forms: a namespace prefix, the reference after other attributes, rows without numbers
    (b'<x:row spans="1:2" r="3"><x:c t="s" r="B3"/></x:row><row><c t="n"/></row>'
     b'<row r="9"><c s="1" r="XFD1048576"/></row>', (1048576, 16384)),
    (b'<row><c t="n"/></row><row><c t="n"/></row><row><c t="n"/></row>', (3, 1)),      # each in column A
    # what the reader accepts too: other quotes, spaces, small letters, two references (it takes the later),
    # a ">" inside a value before the reference; a cell without reference goes on after the one before it
    (b"<row r='1'><c r='XFD1048576'/></row>", (1048576, 16384)),
    (b'<row r="1"><c r = "XFD1048576"/></row>', (1048576, 16384)),
    (b'<row r="1"><c r="xfd1048576"/></row>', (1048576, 16384)),
    (b'<row r="1"><c r="A1" r="XFD1048576"/></row>', (1048576, 16384)),
    (b'<row r="1"><c t="a>b" r="XFD1048576"/></row>', (1048576, 16384)),
    (b'<row r="7"><c r="C7"/><c/><c t="n"></c></row><row><c/></row>', (8, 5)),
    (b"", (0, 0)),
])
def test_the_farthest_cell_of_a_sheet(xml, extent):
    assert guard.farthest_cell(io.BytesIO(xml)) == extent
    assert guard.farthest_cell(io.BytesIO(xml), chunk=7) == extent      # a tag cut between two reads


USUAL = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="1" t="s"><v>1</v></c></row>'
         b'<row r="2"><c r="A2"><v>2</v></c><c r="B2" s="2"/></row>')


@pytest.mark.parametrize("xml, cleared", [
    (USUAL, True),
    (USUAL + b'<row r="3"><c r="C3"/><c r="A33" s="1"><v>3</v></c></row>', True),     # 33 rows x 3 columns
    (USUAL + b'<row r="34"><c r="A34"><v>3</v></c></row>', False),                  # 34 x 3 > 100 cells
    (USUAL + b"<row r='3'><c r='XFD1048576'><v>3</v></c></row>", False),
    (USUAL + b'<row r="3"><c r = "XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c r="xfd1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c r="A3" r="XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c t="n" r="XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c r="A3" t="a>b" r="XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c><v>3</v></c></row>', False),                            # no reference
    (USUAL + b'<row r="3"><x:c r="A3"><v>3</v></x:c></row>', False),
    (b'<row r="1"><c><v>3</v></c></row>', False),
])
def test_the_quick_look_clears_only_the_usual_form_within_the_limit(xml, cleared):
    assert guard.within(io.BytesIO(xml), 100) is cleared
    assert guard.within(io.BytesIO(xml), 100, chunk=7) is cleared


def test_the_quick_look_takes_the_columns_of_the_first_megabyte():
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="C%d"><v>1</v></c></row>' % (n, n, n)
                    for n in range(1, 20_001))                                           # 1.2 MB
    assert guard.within(io.BytesIO(rows), 10**9, chunk=4096)
    assert not guard.within(io.BytesIO(rows + b'<row r="20001"><c r="D20001"><v>1</v></c></row>'), 10**9)
    assert guard.within(io.BytesIO(b'<c r="D1"/>' + rows + b'<row r="20001"><c r="D20001"/></row>'), 10**9)


@pytest.mark.parametrize("cell", [b"<c r='XFD1048576'>", b'<c r = "XFD1048576">', b'<c r="xfd1048576">',
                                  b'<c r="A1048576" r="XFD1048576">'])
def test_a_far_cell_in_any_form_the_reader_takes_is_refused(book, raw_dir, cell):
    # Each of these aborted the process (the reader asked for 512 GB) before the guard read every form.
    folder = book.write(raw_dir)
    with zipfile.ZipFile(folder / "staff.xlsx") as archive:
        part = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        xml = archive.read(part)
    _rewrite(folder / "staff.xlsx", {part: xml.replace(b"</sheetData>", b'<row r="1048576">' + cell
                                                       + b'<v>1</v></c></row></sheetData>')})
    sheet, problems = read_source(REGISTRY.sources["staff"], folder)
    assert sheet is None
    assert "a sheet reaching cell XFD1048576 (17,179,869,184 cells)" in problems[0].describe("en")


def test_column_letters_both_ways():
    assert [guard.column_letters(n) for n in (1, 26, 27, 702, 703, 16384)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert [guard.column_number(c) for c in ("A", "Z", "AA", "XFD", "xfd")] == [1, 26, 27, 16384, 16384]


def test_a_stray_note_far_below_the_data_is_one_problem_not_thousands(book, raw_dir, run_validation):
    # The case: one note in row 200,000 gave 199,751 errors, one per empty row.
    from openpyxl import load_workbook

    folder = book.write(raw_dir)
    workbook = load_workbook(folder / "meetings.xlsx")
    workbook["meetings"]["A200000"] = "nvr"
    workbook.save(folder / "meetings.xlsx")
    from figures.validate import validate_year

    problems = [p for p in validate_year(2025, raw_dir).errors if p.file == "meetings.xlsx"]
    lines = [p.describe("en") for p in problems]
    assert lines[0] == ("meetings.xlsx, sheet meetings, cell A9: found 199991 empty rows (9 to 199999); "
                        "expected a row with data (empty rows only after the last one)")
    assert [p.cell for p in problems[1:]] == ["B200000", "C200000"]        # the note's row lacks its date and mode
