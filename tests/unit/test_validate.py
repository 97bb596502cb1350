"""Validation: one test per rule of the data contract.

Every bad input must be refused with a problem that names the file, the sheet,
the Excel cell, the column, the value found and what was expected. The cells
below follow the layout of the tiny year in tests/conftest.py (row 2 is the
first data row; the column letters are the contract's column order).
"""

from __future__ import annotations

import datetime as dt

import pytest

from figures.problems import ERROR, WARNING
from figures.registry import REGISTRY
from figures.validate import validate_year

D = dt.date
VALID_COLUMNS = {"staff": ("staff_id", "birth_date", "gender", "level"),
                 "training": ("staff_id", "course_id", "course_title", "start_date", "days")}


def _errors(validation):
    return [p for p in validation.problems if p.severity == ERROR]


def only_error(validation):
    """The single error of a validation (and fail with every problem listed if there is not exactly one)."""
    errors = _errors(validation)
    assert len(errors) == 1, [p.describe("en") for p in validation.problems]
    assert not validation.ok
    return errors[0]


def assert_problem(problem, file, sheet, cell, column, found, expected, expected_key=None):
    """The problem's fields, and its English line naming all of them."""
    assert (problem.file, problem.sheet, problem.cell, problem.column) == (file, sheet, cell, column)
    if expected_key is not None:
        assert problem.expected.key == expected_key
    line = problem.describe("en")
    for part in (file, f"sheet {sheet}", f"cell {cell}", f"column {column}", found, expected):
        assert part in line, f"{part!r} not in {line!r}"


def test_the_tiny_year_is_valid(book, run_validation):
    validation = run_validation(book)
    assert validation.problems == []
    assert validation.ok
    assert set(validation.frames) == set(REGISTRY.sources)


# ---------------------------------------------------------------- cell rules, one per rule
#
# (source, Excel row, column, value written, expected cell, text naming the value found,
#  text naming what was expected, catalogue key of the expectation)

BODY_CODES = "ministerraad, overlegcomite, comite_a, sectorcomite_i, nvr, sciv, cciv, cov"

CELL_RULES = {
    # staff.xlsx: A staff_id, B birth_date, C gender, D level
    "staff_id empty": ("staff", 3, "staff_id", None, "A3", "empty", "required", "expected.not_empty"),
    "staff_id only spaces": ("staff", 3, "staff_id", "   ", "A3", "empty", "required", "expected.not_empty"),
    "birth_date empty": ("staff", 2, "birth_date", None, "B2", "empty", "required", "expected.not_empty"),
    "birth_date as text": ("staff", 2, "birth_date", "1990-06-15", "B2", "text", "date", "expected.date"),
    "gender not F/M/X": ("staff", 2, "gender", "V", "C2", '"V"', "F, M, X", "expected.one_of"),
    "gender empty": ("staff", 4, "gender", None, "C4", "empty", "required", "expected.not_empty"),
    "level not A-D": ("staff", 5, "level", "E", "D5", '"E"', "A, B, C, D", "expected.one_of"),
    # training.xlsx: A staff_id, B course_id, C course_title, D start_date, E days
    "trainee staff_id empty": ("training", 2, "staff_id", None, "A2", "empty", "required", "expected.not_empty"),
    "course_id empty": ("training", 3, "course_id", None, "B3", "empty", "required", "expected.not_empty"),
    "course_title empty": ("training", 4, "course_title", " ", "C4", "empty", "required", "expected.not_empty"),
    "start_date before the year": ("training", 2, "start_date", D(2024, 12, 31), "D2", "2024-12-31", "2025",
                                   "expected.date_in_year"),
    "start_date after the year": ("training", 5, "start_date", D(2026, 1, 1), "D5", "2026-01-01", "2025",
                                  "expected.date_in_year"),
    "start_date as text": ("training", 2, "start_date", "2025-02-03", "D2", '"2025-02-03"', "date", "expected.date"),
    "start_date as text, Belgian style": ("training", 2, "start_date", "03/02/2025", "D2", '"03/02/2025"', "date",
                                          "expected.date"),
    "days 0": ("training", 2, "days", 0, "E2", "0", "60", "expected.days_range"),
    "days negative": ("training", 2, "days", -1, "E2", "-1", "60", "expected.days_range"),
    "days 61": ("training", 3, "days", 61, "E3", "61", "60", "expected.days_range"),
    "days 1.25": ("training", 4, "days", 1.25, "E4", "1.25", "half", "expected.halves"),
    "days as text": ("training", 2, "days", "2", "E2", 'text "2"', "read as 2", "expected.number_as_text"),
    "days empty": ("training", 2, "days", None, "E2", "empty", "required", "expected.not_empty"),
    # meetings.xlsx: A body, B date, C mode
    "unknown body": ("meetings", 3, "body", "senaat", "A3", '"senaat"', BODY_CODES, "expected.one_of"),
    "body empty": ("meetings", 3, "body", None, "A3", "empty", "required", "expected.not_empty"),
    "meeting date before the year": ("meetings", 2, "date", D(2024, 6, 1), "B2", "2024-06-01", "2025",
                                     "expected.date_in_year"),
    "meeting date as text": ("meetings", 2, "date", "10/01/2025", "B2", '"10/01/2025"', "date", "expected.date"),
    "unknown mode": ("meetings", 4, "mode", "sitting", "C4", '"sitting"', "meeting, e_procedure", "expected.one_of"),
    # translations.xlsx: A job_id, B delivered, C source_lang, D target_lang, E text_type, F words
    "job_id empty": ("translations", 3, "job_id", None, "A3", "empty", "required", "expected.not_empty"),
    "delivered after the year": ("translations", 2, "delivered", D(2026, 1, 2), "B2", "2026-01-02", "2025",
                                 "expected.date_in_year"),
    "delivered as text": ("translations", 2, "delivered", "15 januari 2025", "B2", '"15 januari 2025"', "date",
                          "expected.date"),
    "unknown source_lang": ("translations", 2, "source_lang", "es", "C2", '"es"', "nl, fr, de, en", "expected.one_of"),
    "unknown target_lang": ("translations", 3, "target_lang", "xx", "D3", '"xx"', "nl, fr, de, en", "expected.one_of"),
    "unknown text_type": ("translations", 4, "text_type", "technical", "E4", '"technical"', "legal, political, general",
                          "expected.one_of"),
    "words 0": ("translations", 2, "words", 0, "F2", "0", "more than 0", "expected.positive"),
    "words negative": ("translations", 2, "words", -10, "F2", "-10", "more than 0", "expected.positive"),
    "words 2.5": ("translations", 3, "words", 2.5, "F3", "2.5", "whole number", "expected.integer"),
    "words as text": ("translations", 2, "words", "1000", "F2", 'text "1000"', "read as 1000",
                      "expected.number_as_text"),
    # budget.xlsx: A group, B code, C label_nl, D label_fr, E label_en, F amount_eur
    "unknown budget group": ("budget", 2, "group", "other", "A2", '"other"', "chancellery, services",
                             "expected.one_of"),
    "budget code empty": ("budget", 3, "code", None, "B3", "empty", "required", "expected.not_empty"),
    "label_nl empty": ("budget", 2, "label_nl", None, "C2", "empty", "required", "expected.not_empty"),
    "label_fr empty": ("budget", 4, "label_fr", None, "D4", "empty", "required", "expected.not_empty"),
    "amount as text with thousands dots and euro sign": ("budget", 2, "amount_eur", "4.639.816 €", "F2",
                                                         '"4.639.816 €"', "read as 4639816",
                                                         "expected.number_as_text"),
    "budget amount negative": ("budget", 3, "amount_eur", -5, "F3", "-5", "0 or more", "expected.non_negative"),
    "budget amount with 3 decimals": ("budget", 5, "amount_eur", 1234.567, "F5", "1234.567", "2 decimals",
                                      "expected.cents"),
    "budget amount empty": ("budget", 2, "amount_eur", None, "F2", "empty", "required", "expected.not_empty"),
    "budget amount TRUE": ("budget", 2, "amount_eur", True, "F2", "TRUE", "number", "expected.number"),
    # subsidies.xlsx: A beneficiary, B activity_nl, C activity_fr, D activity_en, E amount_eur
    "beneficiary empty": ("subsidies", 2, "beneficiary", None, "A2", "empty", "required", "expected.not_empty"),
    "activity_nl empty": ("subsidies", 3, "activity_nl", None, "B3", "empty", "required", "expected.not_empty"),
    "activity_fr empty": ("subsidies", 4, "activity_fr", None, "C4", "empty", "required", "expected.not_empty"),
    "subsidy 0": ("subsidies", 2, "amount_eur", 0, "E2", "0", "more than 0", "expected.positive"),
    "subsidy negative": ("subsidies", 2, "amount_eur", -40000, "E2", "-40000", "more than 0", "expected.positive"),
    "subsidy with 3 decimals": ("subsidies", 3, "amount_eur", 0.125, "E3", "0.125", "2 decimals", "expected.cents"),
    "large subsidy with 3 decimals": ("subsidies", 2, "amount_eur", 4639816.001, "E2", "number 4639816.001",
                                      "2 decimals", "expected.cents"),
    "subsidy as text": ("subsidies", 4, "amount_eur", "40 000", "E4", '"40 000"', "read as 40000",
                        "expected.number_as_text"),
}


@pytest.mark.parametrize("case", CELL_RULES.values(), ids=list(CELL_RULES))
def test_cell_rule(case, book, run_validation):
    source, row, column, value, cell, found, expected, key = case
    book.set(source, row, column, value)
    problem = only_error(run_validation(book))
    assert_problem(problem, f"{source}.xlsx", source, cell, column, found, expected, key)


# ---------------------------------------------------------------- values at the edge that are valid

VALID_EDGES = {
    "start_date 1 January": ("training", 2, "start_date", D(2025, 1, 1)),
    "start_date 31 December": ("training", 2, "start_date", D(2025, 12, 31)),
    "days 60": ("training", 2, "days", 60),
    "days 0.5": ("training", 2, "days", 0.5),
    "days 59.5": ("training", 2, "days", 59.5),
    "meeting on 31 December": ("meetings", 2, "date", D(2025, 12, 31)),
    "delivered on 1 January": ("translations", 2, "delivered", D(2025, 1, 1)),
    "words 1": ("translations", 2, "words", 1),
    "budget amount 0": ("budget", 2, "amount_eur", 0),
    "budget amount 0.29": ("budget", 2, "amount_eur", 0.29),
    "budget amount with cents": ("budget", 2, "amount_eur", 4639816.01),
    "budget amount 1.15": ("budget", 3, "amount_eur", 1.15),
    "label_en empty": ("budget", 2, "label_en", None),
    "activity_en empty": ("subsidies", 2, "activity_en", None),
    "subsidy 0.01": ("subsidies", 2, "amount_eur", 0.01),
    "subsidy with cents": ("subsidies", 2, "amount_eur", 33077089.99),
    "staff id typed as a number": ("staff", 2, "staff_id", 1001),
}


@pytest.mark.parametrize("case", VALID_EDGES.values(), ids=list(VALID_EDGES))
def test_valid_edge(case, book, run_validation):
    source, row, column, value = case
    book.set(source, row, column, value)
    validation = run_validation(book)
    assert _errors(validation) == [], [p.describe("en") for p in validation.problems]


def test_date_with_a_time_of_day_is_still_a_date(book, run_validation):
    book.set("meetings", 2, "date", dt.datetime(2025, 12, 31, 23, 30))
    assert _errors(run_validation(book)) == []


def test_date_as_a_bare_number_is_refused(book, run_validation):
    # 45700 is the Excel serial of a day in 2025, but the cell is a number, not a date.
    book.set("meetings", 2, "date", 45700)
    problem = only_error(run_validation(book))
    assert_problem(problem, "meetings.xlsx", "meetings", "B2", "date", "45700", "date", "expected.date")


# ---------------------------------------------------------------- uniqueness

def test_duplicate_staff_id(book, run_validation):
    book.set("staff", 5, "staff_id", "S002")
    problem = only_error(run_validation(book))
    # The second occurrence is reported, pointing at the first (A3); the id itself is not shown.
    assert_problem(problem, "staff.xlsx", "staff", "A5", "staff_id", "A3", "once", "expected.unique")
    assert "S002" not in problem.describe("en")


def test_duplicate_job_id(book, run_validation):
    book.set("translations", 4, "job_id", "T1")
    problem = only_error(run_validation(book))
    assert_problem(problem, "translations.xlsx", "translations", "A4", "job_id", "A2", "once", "expected.unique")


def test_duplicate_budget_code(book, run_validation):
    book.set("budget", 5, "code", "SV01")
    problem = only_error(run_validation(book))
    assert_problem(problem, "budget.xlsx", "budget", "B5", "code", "B4", "once", "expected.unique")


def test_every_duplicate_is_reported(book, run_validation):
    book.set("translations", 3, "job_id", "T1").set("translations", 4, "job_id", "T1")
    validation = run_validation(book)
    assert [p.cell for p in _errors(validation)] == ["A3", "A4"]


def test_repeated_values_in_non_unique_columns_are_fine(book, run_validation):
    # Two subsidies to the same beneficiary, two trainings in the same course.
    book.set("subsidies", 3, "beneficiary", "Vzw A")
    assert _errors(run_validation(book)) == []


# ---------------------------------------------------------------- ages and bands

def _reference(tmp_path, bands_yaml: str):
    """A reference folder with the real bodies list and the given age bands."""
    from pathlib import Path
    import shutil

    folder = tmp_path / "reference"
    folder.mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "data" / "reference" / "bodies.yaml", folder)
    (folder / "age_bands.yaml").write_text(bands_yaml, encoding="utf-8")
    return folder


WIDE_BANDS = "default:\n  - {from: 15, to: 29}\n  - {from: 30, to: 65}\n  - {from: 66}\nyears: {}\n"


@pytest.mark.parametrize("birth, age", [(D(2011, 1, 1), 14), (D(1949, 12, 31), 76), (D(2030, 1, 1), -5)])
def test_age_outside_15_to_75(birth, age, book, raw_dir, tmp_path):
    # Bands wide enough that only the 15-75 rule can refuse the age.
    reference = _reference(tmp_path, WIDE_BANDS)
    book.set("staff", 3, "birth_date", birth)
    book.write(raw_dir)
    problem = only_error(validate_year(2025, raw_dir, reference))
    assert_problem(problem, "staff.xlsx", "staff", "B3", "birth_date", f"age {age}", "15", "expected.age_range")
    line = problem.describe("en")
    assert "75" in line and "2025-12-31" in line
    assert birth.isoformat() not in line


@pytest.mark.parametrize("birth", [D(2010, 12, 31), D(1950, 1, 1)])
def test_ages_15_and_75_are_accepted(birth, book, raw_dir, tmp_path):
    # 15 on 31 December 2025 (birthday that day) and 75 (born 1 January 1950).
    reference = _reference(tmp_path, WIDE_BANDS)
    book.set("staff", 3, "birth_date", birth)
    book.write(raw_dir)
    assert _errors(validate_year(2025, raw_dir, reference)) == []


def only_warning(validation):
    """The single problem of a validation, a warning (the year stays valid)."""
    assert validation.ok, [p.describe("en") for p in validation.problems]
    assert len(validation.problems) == 1, [p.describe("en") for p in validation.problems]
    assert validation.problems[0].severity == WARNING
    return validation.problems[0]


@pytest.mark.parametrize("birth, age, band", [(D(1958, 6, 1), 67, "66+"), (D(2008, 1, 1), 17, "15-18"),
                                              (D(2007, 1, 1), 18, "15-18")])
def test_age_in_no_default_band_is_a_warning_naming_the_row(birth, age, band, book, run_validation):
    # Default bands 19-29, 30-40, 41-51, 52-65: 67, 17 and 18 fit none; the row is counted in a band of its own.
    book.set("staff", 6, "birth_date", birth)
    problem = only_warning(run_validation(book))
    assert_problem(problem, "staff.xlsx", "staff", "B6", "birth_date", f"age {age} on 2025-12-31",
                   "19-29, 30-40, 41-51, 52-65", "clerk.expected.age_counted")
    assert f"counted in the band {band}," in problem.describe("en")
    assert birth.isoformat() not in problem.describe("en")


def test_staff_aged_66_is_a_warning_in_the_clerks_words(book, raw_dir):
    # 2026, copied forward from 2025: S005, born 1960-07-20, is 66 on 2026-12-31.
    book.year = 2026
    for name, spec in book.data.items():
        for row in spec["rows"]:
            for i, value in enumerate(row):
                if isinstance(value, dt.date) and name != "staff":
                    row[i] = value.replace(year=2026)
    book.set("staff", 6, "birth_date", D(1960, 7, 20))
    book.write(raw_dir)
    problem = only_warning(validate_year(2026, raw_dir))
    assert problem.describe("nl") == (
        "staff.xlsx, blad staff, cel B6, kolom birth_date: gevonden: een geboortedatum die op 2026-12-31 een "
        "leeftijd van 66 jaar geeft; verwacht: een leeftijd in een van de leeftijdsgroepen 19-29, 30-40, 41-51, "
        "52-65 (data/reference/age_bands.yaml); geteld in de groep 66+, die de leeftijdstabel dan toont: niets te "
        "verbeteren als de geboortedatum juist is")


@pytest.mark.parametrize("birth", [D(2006, 12, 31), D(1960, 1, 1)])
def test_ages_on_the_outer_band_edges_are_accepted(birth, book, run_validation):
    # 19 (birthday on the reference date) and 65 (born 1 January 1960).
    book.set("staff", 6, "birth_date", birth)
    assert _errors(run_validation(book)) == []


def test_an_open_band_in_the_configuration_takes_the_older_staff(book, raw_dir, tmp_path):
    reference = _reference(tmp_path, "default:\n  - {from: 19, to: 29}\n  - {from: 30, to: 40}\n"
                                     "  - {from: 41, to: 51}\n  - {from: 52, to: 65}\n  - {from: 66}\nyears: {}\n")
    book.set("staff", 6, "birth_date", D(1955, 1, 1))  # 70
    book.write(raw_dir)
    assert _errors(validate_year(2025, raw_dir, reference)) == []


def test_bands_of_one_year_override_the_default(book, raw_dir, tmp_path):
    reference = _reference(tmp_path, "default:\n  - {from: 19, to: 65}\n"
                                     "years:\n  2025:\n    - {from: 20, to: 65}\n")
    book.set("staff", 6, "birth_date", D(2006, 6, 1))  # 19: in the default band, not in 2025's
    book.write(raw_dir)
    problem = only_warning(validate_year(2025, raw_dir, reference))
    assert (problem.cell, problem.expected.key) == ("B6", "clerk.expected.age_counted")
    assert "counted in the band 15-19," in problem.describe("en")


# ---------------------------------------------------------------- rules across columns and files

@pytest.mark.parametrize("body", ["comite_a", "sectorcomite_i", "cciv", "cov"])
def test_e_procedure_for_a_body_that_does_not_use_them(body, book, run_validation):
    row = book.add_row("meetings", [body, D(2025, 9, 9), "e_procedure"])
    assert row == 9
    problem = only_error(run_validation(book))
    assert_problem(problem, "meetings.xlsx", "meetings", "C9", "mode", body, '"meeting"', "expected.meeting_only")
    assert "e_procedure" in problem.describe("en")


@pytest.mark.parametrize("body", ["ministerraad", "overlegcomite", "nvr", "sciv"])
def test_e_procedure_for_a_body_that_uses_them(body, book, run_validation):
    book.add_row("meetings", [body, D(2025, 9, 9), "e_procedure"])
    assert _errors(run_validation(book)) == []


def test_source_and_target_language_the_same(book, run_validation):
    book.set("translations", 3, "target_lang", "fr")  # T2 is fr -> nl
    problem = only_error(run_validation(book))
    assert_problem(problem, "translations.xlsx", "translations", "D3", "target_lang", '"fr"', "source_lang",
                   "expected.other_language")


def test_trainee_not_in_staff_is_a_warning_not_an_error(book, run_validation):
    book.set("training", 4, "staff_id", "S999")
    validation = run_validation(book)
    assert validation.ok
    assert _errors(validation) == []
    [warning] = validation.warnings
    assert warning.severity == WARNING
    assert (warning.file, warning.sheet, warning.cell, warning.column) == ("training.xlsx", "training", "A4",
                                                                           "staff_id")
    line = warning.describe("en")
    assert "staff.xlsx" in line
    assert "S999" not in line


# ---------------------------------------------------------------- file, sheet and column problems

def test_missing_file(book, run_validation, raw_dir):
    book.remove("meetings")
    problem = only_error(run_validation(book))
    assert problem.file == "meetings.xlsx"
    line = problem.describe("en")
    assert line.startswith("meetings.xlsx")
    assert str(raw_dir / "2025") in line


def test_missing_year_folder_is_one_problem_naming_the_folder(raw_dir):
    validation = validate_year(2025, raw_dir)
    assert [p.file for p in _errors(validation)] == [str(raw_dir / "2025")]
    assert "no such folder" in _errors(validation)[0].describe("en")


def test_a_file_name_in_another_case_is_found(book, raw_dir):
    book.write(raw_dir)
    (raw_dir / "2025" / "subsidies.xlsx").rename(raw_dir / "2025" / "Subsidies.xlsx")
    assert validate_year(2025, raw_dir).ok


def test_an_empty_row_between_data_rows_is_one_problem(book, raw_dir):
    book.write(raw_dir)
    from openpyxl import load_workbook
    path = raw_dir / "2025" / "budget.xlsx"
    workbook = load_workbook(path)
    workbook["budget"].insert_rows(3)          # an empty row 3, data continues in row 4
    workbook.save(path)
    problems = [p for p in _errors(validate_year(2025, raw_dir)) if p.file == "budget.xlsx"]
    assert [(p.cell, p.column) for p in problems] == [("A3", None)]
    assert "an empty row" in problems[0].describe("en")


def test_a_file_that_is_not_a_workbook(book, run_validation):
    book.corrupt("staff")
    problem = only_error(run_validation(book))
    assert problem.file == "staff.xlsx"
    assert "not an Excel workbook" in problem.describe("en")


def test_an_empty_file(book, run_validation):
    book.corrupt("budget", b"")
    problem = only_error(run_validation(book))
    assert problem.file == "budget.xlsx"


def test_a_text_file_renamed_to_xlsx(book, run_validation):
    book.corrupt("subsidies", "beneficiary;amount_eur\nVzw A;40000\n".encode())
    problem = only_error(run_validation(book))
    assert problem.file == "subsidies.xlsx"


def test_missing_sheet(book, run_validation):
    book.rename_sheet("translations", "Sheet1")
    problem = only_error(run_validation(book))
    assert (problem.file, problem.sheet) == ("translations.xlsx", "translations")
    line = problem.describe("en")
    assert "Sheet1" in line and '"translations"' in line


def test_missing_column(book, run_validation):
    book.drop_column("training", "days")
    problem = only_error(run_validation(book))
    assert (problem.file, problem.sheet, problem.column) == ("training.xlsx", "training", "days")
    assert 'column days' in problem.describe("en")


@pytest.mark.parametrize("source, secrets", [("staff", ["S001", "1990-06-15", "1990"]), ("training", ["S001"])])
def test_a_missing_header_row_does_not_echo_the_first_data_row(source, secrets, book, run_validation):
    # The header row was deleted: row 1 now holds a person's id (and birth date).
    spec = book.data[source]
    spec["header"], spec["rows"] = spec["rows"][0], spec["rows"][1:]
    validation = run_validation(book)
    errors = _errors(validation)
    assert [p.column for p in errors] == list(VALID_COLUMNS[source])
    for problem in errors:
        assert (problem.file, problem.sheet) == (f"{source}.xlsx", source)
        line = problem.describe("en")
        assert f'"{problem.column}"' in line
        for secret in secrets:
            assert secret not in line, line


def test_a_misspelt_header_is_shown_to_help_fix_it(book, run_validation):
    book.rename_column("staff", "birth_date", "geboortedatum")
    problem = only_error(run_validation(book))
    assert problem.column == "birth_date"
    assert "geboortedatum" in problem.describe("en")


def test_an_optional_column_may_be_absent(book, run_validation):
    # label_en and activity_en are optional: a service without English labels leaves the column out;
    # the English report then falls back to Dutch (with a warning).
    book.drop_column("budget", "label_en")
    book.drop_column("subsidies", "activity_en")
    validation = run_validation(book)
    assert validation.ok, [p.describe("en") for p in validation.errors]
    assert validation.frames["budget"]["label_en"].isna().all()


# ---------------------------------------------------------------- what is tolerated

def test_odd_headers_extra_columns_extra_sheets_and_trailing_rows_are_valid(book, run_validation):
    book.map_headers(lambda h: f" {h.upper()}  ")
    book.add_column("staff", "Name", ["Ann", "Bob", "Cis", "Dirk", "Eva"], position=0)
    book.add_column("budget", "comment", "check with FIN")
    book.add_sheet("meetings", "Legend", [["mode", "meaning"], ["x", "y"]])
    book.add_sheet("subsidies", "Draft", [["beneficiary"], [None]], first=False)
    for source in ("staff", "training", "translations"):
        book.trailing_empty_rows(source, 3)
    validation = run_validation(book)
    assert validation.problems == []
    assert len(validation.frames["staff"]) == 5
    assert len(validation.frames["translations"]) == 4


def test_codes_in_another_case_are_read_as_the_code(book, run_validation):
    book.set("meetings", 2, "body", "Ministerraad").set("meetings", 4, "mode", "E_Procedure")
    validation = run_validation(book)
    assert validation.problems == []
    assert validation.frames["meetings"].loc[4, "mode"] == "e_procedure"


# ---------------------------------------------------------------- every problem at once

def test_every_problem_across_every_file_is_reported_at_once(book, run_validation):
    book.set("staff", 2, "gender", "V")                      # staff C2
    book.set("staff", 6, "level", "Z")                       # staff D6
    book.set("training", 3, "days", 61)                      # training E3
    book.set("meetings", 5, "body", "senaat")                # meetings A5
    book.drop_column("translations", "text_type")            # translations: no text_type
    book.set("budget", 2, "amount_eur", "4.639.816 €")       # budget F2
    book.corrupt("subsidies")                                # subsidies: not a workbook
    validation = run_validation(book)
    errors = _errors(validation)
    located = [(p.file, p.cell, p.column) for p in errors]
    assert located == [
        ("staff.xlsx", "C2", "gender"),
        ("staff.xlsx", "D6", "level"),
        ("training.xlsx", "E3", "days"),
        ("meetings.xlsx", "A5", "body"),
        ("translations.xlsx", None, "text_type"),
        ("budget.xlsx", "F2", "amount_eur"),
        ("subsidies.xlsx", None, None),
    ]


def test_several_problems_in_one_file_in_row_order(book, run_validation):
    book.set("translations", 5, "words", 0)
    book.set("translations", 2, "source_lang", "es")
    book.set("translations", 2, "words", 2.5)
    book.set("translations", 3, "delivered", "2025-02-15")
    validation = run_validation(book)
    assert [p.cell for p in _errors(validation)] == ["C2", "F2", "B3", "F5"]


def test_a_wrong_type_is_reported_once_not_again_by_the_value_rules(book, run_validation):
    book.set("training", 2, "days", "zero")
    assert len(_errors(run_validation(book))) == 1


# ---------------------------------------------------------------- personal data never echoed

PERSONAL = {
    "birth date as text": ("staff", 2, "birth_date", "15/06/1990", "15/06/1990"),
    "birth date as a number": ("staff", 2, "birth_date", 33039, "33039"),
    "birth date too old": ("staff", 2, "birth_date", D(1931, 4, 17), "1931-04-17"),
    "birth date in the future": ("staff", 2, "birth_date", D(2031, 4, 17), "2031-04-17"),
    "birth date in no band": ("staff", 2, "birth_date", D(1957, 4, 17), "1957-04-17"),
    "staff id as a date": ("staff", 2, "staff_id", D(2019, 8, 23), "2019-08-23"),
    "trainee id as a date": ("training", 2, "staff_id", D(2019, 8, 23), "2019-08-23"),
    "unknown trainee": ("training", 2, "staff_id", "PX-77431", "PX-77431"),
}


@pytest.mark.parametrize("case", PERSONAL.values(), ids=list(PERSONAL))
def test_personal_values_never_appear_in_a_message(case, book, run_validation):
    source, row, column, value, shown = case
    book.set(source, row, column, value)
    validation = run_validation(book)
    assert validation.problems, "the bad value must be reported"
    for problem in validation.problems:
        assert problem.column == column
        for line in (problem.describe("en"), problem.as_dict("en")["message"], repr(problem)):
            assert shown not in line, line


def test_duplicate_staff_ids_are_not_echoed(book, run_validation):
    book.set("staff", 3, "staff_id", "S001").set("training", 4, "staff_id", "S001")
    validation = run_validation(book)
    for problem in validation.problems:
        assert "S001" not in problem.describe("en")
        assert "S001" not in repr(problem)


def test_a_beneficiary_named_total_is_refused(book, run_validation):
    # "total" names the total row of subsidies.csv.
    book.set("subsidies", 2, "beneficiary", " Total ")
    problems = _errors(run_validation(book))
    assert [(p.file, p.cell, p.column) for p in problems] == [("subsidies.xlsx", "A2", "beneficiary")]
    assert "expected no totals row: delete this row" in problems[0].describe("en")


# ---------------------------------------------------------------- empty sources, sheet choice, other formats

def test_a_staff_file_with_only_its_header_is_an_error(book, run_validation):
    book.replace_rows("staff", [])
    problems = _errors(run_validation(book))
    assert [(p.file, p.cell) for p in problems] == [("staff.xlsx", None)]
    assert "no data rows (only the header)" in problems[0].describe("en")


def test_another_source_with_only_its_header_is_a_warning(book, run_validation):
    book.replace_rows("subsidies", [])
    validation = run_validation(book)
    assert validation.ok
    assert [p.file for p in validation.warnings] == ["subsidies.xlsx"]


def test_the_sheet_named_exactly_wins_over_a_near_match(book, run_validation):
    book.add_sheet("staff", "Staff ", [["staff_id", "birth_date", "gender", "level"]])   # an empty look-alike first
    validation = run_validation(book)
    assert validation.ok and len(validation.frames["staff"]) == 5


def test_two_near_matches_and_no_exact_sheet_are_an_error(book, run_validation):
    book.rename_sheet("staff", "STAFF")
    book.add_sheet("staff", "Staff ", [["staff_id", "birth_date", "gender", "level"]])
    problems = _errors(run_validation(book))
    assert [p.file for p in problems] == ["staff.xlsx"]
    assert 'expected one sheet named "staff"' in problems[0].describe("en")


def test_an_xls_beside_the_missing_xlsx_is_named(book, raw_dir):
    folder = book.write(raw_dir)
    (folder / "meetings.xlsx").rename(folder / "meetings.xls")
    problems = _errors(validate_year(2025, raw_dir))
    assert [p.file for p in problems] == ["meetings.xlsx"]
    assert "but meetings.xls" in problems[0].describe("en") and "saved as .xlsx" in problems[0].describe("en")


# ---------------------------------------------------------------- the value rules' engine (pandas, no schema library)

def _one_column(name, rules, unique=False, values=(), kind="number"):
    """A source of one column `name` with `rules`, and a frame of `values` on Excel rows 2, 3, ..."""
    import pandas as pd

    from figures.registry import Column, Rule, Source

    column = Column(name, kind, rules=tuple(Rule(check, expected) for check, expected in rules), unique=unique)
    source = Source("probe", (column,))
    frame = pd.DataFrame({name: pd.Series(list(values), dtype="float64" if kind == "number" else object,
                                          index=pd.RangeIndex(2, 2 + len(values), name="row"))})
    return source, frame


def test_a_rule_sees_the_non_empty_values_only_and_each_cell_gets_its_first_broken_rule():
    from figures.problems import msg
    from figures.validate import _failures, _rules

    given = []
    low, half = msg("expected.days_range", max=60), msg("expected.halves")
    source, frame = _one_column("days", [(lambda days, _: given.append(list(days)) or (days > 0) & (days <= 60), low),
                                         (lambda days, _: days * 2 == (days * 2).round(), half)],
                                values=[1.0, None, 70.3, 0.25, 2.0])
    failures = _failures(source, frame, _rules(source, None))
    assert given == [[1.0, 70.3, 0.25, 2.0]]                       # the empty cell of row 3 is not shown
    # By hand: 70.3 (row 4) breaks both rules, 0.25 (row 5) only the halves; in rule order, rows in order.
    assert failures == [(4, "days", low), (4, "days", half), (5, "days", half)]


def test_a_repeated_value_is_named_before_the_rules_and_empty_cells_are_never_repeats():
    from figures.problems import msg
    from figures.validate import _failures, _rules

    positive = msg("expected.positive")
    source, frame = _one_column("amount", [(lambda amounts, _: amounts > 0, positive)], unique=True,
                                values=[5.0, None, -1.0, 5.0, None, -1.0])
    assert _failures(source, frame, _rules(source, None)) == [
        (5, "amount", None), (7, "amount", None),                  # each repeat but its first row; None twice is fine
        (4, "amount", positive), (7, "amount", positive)]


def test_a_rule_that_breaks_or_answers_no_boolean_per_value_stops_with_the_file_and_column():
    from figures.problems import msg
    from figures.validate import _failures, _rules

    expected = msg("expected.positive")
    for check, words in [(lambda values, _: values / "x", "failed to run"),
                         (lambda values, _: True, "not a boolean per value"),
                         (lambda values, _: values * 2, "not a boolean per value")]:
        source, frame = _one_column("amount", [(check, expected)], values=[1.0, 2.0])
        with pytest.raises(RuntimeError, match=f"probe.xlsx, column amount .*{words}"):
            _failures(source, frame, _rules(source, None))


def test_each_kind_of_column_is_parsed_as_written_by_hand():
    # The columns a federal year holds (one Python type per column, parsed without a step per cell) and
    # odd ones (mixed types, parsed cell by cell) give what the contract says, worked out by hand.
    import math

    import pandas as pd

    from figures.registry import Column
    from figures.validate import MAX_NUMBER, _parse_column

    def parsed(kind, values, codes=()):
        cells = pd.Series(values, index=pd.RangeIndex(2, 2 + len(values)), dtype=object)
        return _parse_column(cells, Column("c", kind), {c.lower(): c for c in codes}).tolist()

    numbers = parsed("number", [1.5, None, float(MAX_NUMBER), -3.0, math.inf, math.nan])
    assert numbers[0] == 1.5 and numbers[3] == -3.0
    assert all(math.isnan(v) for v in numbers[1:3] + numbers[4:])       # empty, 10^15, infinite, NaN: no number
    assert parsed("code", [" f", "M ", None, "x", "v"], ("F", "M", "X")) == ["F", "M", None, "X", "v"]
    assert parsed("code", [" Legal", "legal "]) == ["legal", "legal"]   # a code column without a list: lower case
    days = parsed("date", [D(2025, 3, 1), dt.datetime(2025, 3, 1, 15, 30), None])
    assert days[:2] == [pd.Timestamp(2025, 3, 1)] * 2 and pd.isna(days[2])
    assert parsed("text", ["  a ", "b"]) == ["a", "b"]
    assert parsed("text", [" a", 1001.0, None, True]) == ["a", "1001", None, None]   # an id typed as a number
