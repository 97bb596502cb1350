"""Reading the workbooks: headers, extra columns and sheets, trailing rows, Excel row numbers."""

import datetime as dt


from figures.registry import REGISTRY

SOURCES = REGISTRY.sources
from figures.load import read_source

STAFF = SOURCES["staff"]


def _read(book, raw_dir, source="staff"):
    folder = book.write(raw_dir)
    return read_source(SOURCES[source], folder)


def test_reads_the_contract_columns_with_excel_row_numbers(book, raw_dir):
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert list(sheet.frame.columns) == ["staff_id", "birth_date", "gender", "level"]
    # The index is the Excel row: the first data row is row 2.
    assert sheet.frame.index.tolist() == [2, 3, 4, 5, 6]
    assert sheet.frame.loc[2, "staff_id"] == "S001"
    assert sheet.frame.loc[4, "gender"] == "F"
    assert sheet.cell("gender", 4) == "C4"


def test_dates_arrive_as_dates(book, raw_dir):
    sheet, _ = _read(book, raw_dir)
    value = sheet.frame.loc[2, "birth_date"]
    assert isinstance(value, dt.date)
    assert (value.year, value.month, value.day) == (1990, 6, 15)


def test_headers_match_ignoring_case_and_surrounding_spaces(book, raw_dir):
    book.map_headers(lambda h: f"  {h.upper()} ", "staff")
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert list(sheet.frame.columns) == ["staff_id", "birth_date", "gender", "level"]
    assert sheet.frame.loc[6, "staff_id"] == "S005"


def test_extra_columns_are_dropped(book, raw_dir):
    book.add_column("staff", "name", ["Ann", "Bob", "Cis", "Dirk", "Eva"], position=1)
    book.add_column("staff", "notes", "secret")
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert list(sheet.frame.columns) == ["staff_id", "birth_date", "gender", "level"]
    assert "Ann" not in sheet.frame.to_string() and "secret" not in sheet.frame.to_string()
    # The cells are still named where they really are: birth_date moved to column C.
    assert sheet.cell("staff_id", 2) == "A2"
    assert sheet.cell("birth_date", 2) == "C2"
    assert sheet.cell("level", 3) == "E3"


def test_columns_in_another_order(book, raw_dir):
    spec = book.data["staff"]
    order = [3, 2, 1, 0]  # level, gender, birth_date, staff_id
    spec["header"] = [spec["header"][i] for i in order]
    spec["rows"] = [[row[i] for i in order] for row in spec["rows"]]
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert list(sheet.frame.columns) == ["staff_id", "birth_date", "gender", "level"]
    assert sheet.frame.loc[2].tolist()[0] == "S001"
    assert sheet.cell("staff_id", 2) == "D2"


def test_the_sheet_named_after_the_source_is_read_among_others(book, raw_dir):
    book.add_sheet("staff", "Instructions", [["staff_id", "birth_date", "gender", "level"], ["nope", 1, "Q", "Z"]])
    book.add_sheet("staff", "notes", [["whatever"]], first=False)
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert sheet.frame["staff_id"].tolist() == ["S001", "S002", "S003", "S004", "S005"]


def test_empty_trailing_rows_are_ignored(book, raw_dir):
    book.trailing_empty_rows("staff", 4)
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert len(sheet.frame) == 5


def test_header_only_gives_an_empty_frame(book, raw_dir):
    book.replace_rows("staff", [])
    sheet, problems = _read(book, raw_dir)
    assert problems == []
    assert len(sheet.frame) == 0


def test_missing_file(book, raw_dir):
    book.remove("staff")
    sheet, problems = _read(book, raw_dir)
    assert sheet is None
    [problem] = problems
    assert problem.file == "staff.xlsx"
    assert "no such file" in problem.describe("en")


def test_not_a_workbook(book, raw_dir):
    book.corrupt("staff")
    sheet, problems = _read(book, raw_dir)
    assert sheet is None
    [problem] = problems
    assert problem.file == "staff.xlsx"
    assert "not an Excel workbook" in problem.describe("en")


def test_missing_sheet_names_the_sheet_and_what_is_there(book, raw_dir):
    book.rename_sheet("staff", "Blad1")
    sheet, problems = _read(book, raw_dir)
    assert sheet is None
    [problem] = problems
    assert problem.sheet == "staff"
    text = problem.describe("en")
    assert "Blad1" in text and '"staff"' in text


def test_missing_column_names_it(book, raw_dir):
    book.drop_column("staff", "gender")
    sheet, problems = _read(book, raw_dir)
    assert sheet is None
    [problem] = problems
    assert (problem.file, problem.sheet, problem.column) == ("staff.xlsx", "staff", "gender")
    assert '"gender"' in problem.describe("en")


def test_a_misspelt_header_is_a_missing_column(book, raw_dir):
    book.rename_column("staff", "birth_date", "birthdate")
    sheet, problems = _read(book, raw_dir)
    assert sheet is None
    assert [p.column for p in problems] == ["birth_date"]
    assert "birthdate" in problems[0].describe("en")


def test_every_missing_column_is_reported(book, raw_dir):
    book.drop_column("staff", "gender").drop_column("staff", "level")
    _, problems = _read(book, raw_dir)
    assert [p.column for p in problems] == ["gender", "level"]


def test_a_column_given_twice_is_refused(book, raw_dir):
    book.add_column("staff", "Gender", "F")
    sheet, problems = _read(book, raw_dir)
    assert sheet is None
    [problem] = problems
    assert problem.cell == "E1" and problem.column == "gender"
    assert "C1" in problem.describe("en")


def test_the_merged_range_over_each_empty_cell_is_found_in_one_sweep(book, raw_dir):
    # Ranges (first row, first column, last row, last column): A2:A4, B5:C6, A10:A10 (one cell). A3 and A4 are
    # under A2:A4, C6 and B6 under B5:C6; A2 and B5 are the ranges' first cells (they keep the value), A5,
    # A10 and D6 are under none.
    sheet, _ = _read(book, raw_dir)
    sheet.merged = ((2, 1, 4, 1), (5, 2, 6, 3), (10, 1, 10, 1))
    cells = ["A3", "A4", "C6", "B6", "A2", "B5", "A5", "A10", "D6"]
    assert sheet.merged_ranges_at(cells) == {"A3": "A2:A4", "A4": "A2:A4", "C6": "B5:C6", "B6": "B5:C6"}
    assert {c: sheet.merged_range(c) for c in cells if sheet.merged_range(c)} == sheet.merged_ranges_at(cells)


def test_a_panic_of_the_reader_or_a_lack_of_memory_is_one_problem_and_ctrl_c_stays_ctrl_c(book, raw_dir, monkeypatch):
    # pyo3 raises a Rust panic as PanicException, a BaseException: `except Exception` let it out as a
    # traceback (a string of 20,000 astral characters in 50,000 cells). Memory running out while the rows are
    # made is a problem of the sheet too. Ctrl-C is not the file's.
    import pytest

    from figures import load

    class PanicException(BaseException):
        pass

    folder = book.write(raw_dir)

    def reader(raising):
        class Sheet:
            def to_python(self, **_):
                raise raising

        class Workbook:
            sheet_names = ["staff"]

            def get_sheet_by_name(self, name):
                return Sheet()

        return type("Calamine", (), {"from_filelike": staticmethod(lambda _: Workbook())})

    monkeypatch.setattr(load, "CalamineWorkbook", reader(PanicException("PyObject pointer is null")))
    sheet, (problem,) = read_source(STAFF, folder)
    assert sheet is None and "PyObject pointer is null" in problem.describe("en")
    monkeypatch.setattr(load, "CalamineWorkbook", reader(MemoryError()))
    sheet, (problem,) = read_source(STAFF, folder)
    assert sheet is None and "more text than this computer’s memory can read" in problem.describe("en")
    monkeypatch.setattr(load, "CalamineWorkbook", reader(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        read_source(STAFF, folder)
