"""Annotated copies for the clerk: the problem cells coloured and commented, a sheet listing them with links,
the originals untouched, and no file replaced that figures did not write."""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import load_workbook

from figures.annotate import ERROR_FILL, WARNING_FILL, NotACopy, annotate
from figures.validate import validate_year


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def broken(book, raw_dir):
    book.set("staff", 2, "gender", "V")                       # an error in C2
    book.set("training", 5, "staff_id", "S999")               # a warning in A5 (a trainee who left)
    folder = book.write(raw_dir)
    return folder, validate_year(2025, raw_dir)


def test_copies_of_the_workbooks_with_problems_only(broken, tmp_path):
    folder, validation = broken
    before = _digests(folder)
    written = annotate(validation.problems, folder, tmp_path / "marked", "nl")
    assert sorted(p.name for p in written) == ["staff.xlsx", "training.xlsx"]
    assert _digests(folder) == before                          # the originals are never modified


def test_problem_cells_are_coloured_and_commented_in_the_language(broken, tmp_path):
    folder, validation = broken
    annotate(validation.problems, folder, tmp_path / "marked", "fr")
    staff = load_workbook(tmp_path / "marked" / "staff.xlsx")
    cell = staff["staff"]["C2"]
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    # French spacing: U+00A0 before ":", U+202F before ";" and inside « ».
    assert cell.comment.text == ("staff.xlsx, feuille staff, cellule C2, colonne gender : trouvé : le texte « V » ; "
                                 "attendu : l’une des valeurs F, M, X")
    assert staff["staff"]["C3"].comment is None                # only the problem cells
    training = load_workbook(tmp_path / "marked" / "training.xlsx")
    assert training["training"]["A5"].fill.fgColor.rgb.endswith(WARNING_FILL.fgColor.rgb[-6:])


def test_a_sheet_lists_every_problem_with_a_link_to_its_cell(broken, tmp_path):
    folder, validation = broken
    annotate(validation.problems, folder, tmp_path / "marked", "en")
    workbook = load_workbook(tmp_path / "marked" / "staff.xlsx")
    assert workbook.sheetnames[0] == "problems"
    listing = workbook["problems"]
    rows = [list(r) for r in listing.iter_rows(values_only=True)]
    assert rows[0] == ["severity", "sheet", "cell", "column", "found", "expected"]
    assert rows[1][:4] == ["error", "staff", "C2", "gender"]
    assert listing["C2"].hyperlink.location == "'staff'!C2" or listing["C2"].hyperlink.target == "#'staff'!C2"


def test_a_later_run_replaces_its_own_copies_but_nothing_else(broken, tmp_path):
    folder, validation = broken
    target = tmp_path / "marked"
    annotate(validation.problems, folder, target, "nl")
    annotate(validation.problems, folder, target, "nl")            # its own copies: replaced
    (target / "staff.xlsx").write_bytes(b"the clerk's corrected file")
    with pytest.raises(NotACopy):
        annotate(validation.problems, folder, target, "nl")
    assert (target / "staff.xlsx").read_bytes() == b"the clerk's corrected file"


def test_personal_values_stay_out_of_the_comments(book, raw_dir, tmp_path):
    book.set("staff", 3, "staff_id", "S001")                   # a duplicate staff id: personal, never echoed
    folder = book.write(raw_dir)
    validation = validate_year(2025, raw_dir)
    annotate(validation.problems, folder, tmp_path / "marked", "en")
    comment = load_workbook(tmp_path / "marked" / "staff.xlsx")["staff"]["A3"].comment.text
    assert "a duplicate of A2" in comment and "S001" not in comment


@pytest.mark.parametrize("typed, read_as", [("4.639.816 €", "4639816"), ("1.234,56", "1234.56"),
                                            ("1234,5 EUR", "1234.5"), ("4 639 816", "4639816")])
def test_a_number_typed_as_text_says_what_it_would_read_as(book, run_validation, typed, read_as):
    book.set("budget", 2, "amount_eur", typed)
    (problem,) = run_validation(book).errors
    line = problem.describe("en")
    assert f'found text "{typed}"' in line and f"which would read as {read_as}" in line
