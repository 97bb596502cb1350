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


# ---------------------------------------------------------------- merged cells

def _merged(book, raw_dir, tmp_path, source: str, cells: str):
    """The tiny year with `cells` merged in `source` as a clerk does in Excel (the cells after the first lose
    their value): the English problems, and the annotated copy read back."""
    folder = book.write(raw_dir)
    path = folder / f"{source}.xlsx"
    workbook = load_workbook(path)
    workbook[source].merge_cells(cells)
    workbook.save(path)
    validation = validate_year(2025, raw_dir)
    annotate(validation.problems, folder, tmp_path / "marked", "en")
    return [p.describe("en") for p in validation.problems], load_workbook(tmp_path / "marked" / path.name)


@pytest.mark.parametrize("source, cells, message, marked", [
    # meetings: A body, B date, C mode; B1:C1 merged, so "mode" is lost under "date": the merge is the problem,
    # on its first cell.
    ("meetings", "B1:C1",
     "meetings.xlsx, sheet meetings, cell B1: found the merged cells B1:C1: only B1 is read, the headers under it "
     "are lost; expected one header in each cell of row 1: unmerge B1:C1 (Excel: Home, Merge & Center) and type "
     "each column's header (missing: mode)", "B1"),
    # budget: the group "chancellery" typed once in A2 and merged over A2:A3. A3 is hidden under the merge: the
    # range's first cell, the one Excel shows, carries the mark.
    ("budget", "A2:A3",
     "budget.xlsx, sheet budget, cell A3, column group: found an empty cell under the merged cells A2:A3 (merged "
     "cells keep only the value of A2); expected a value in each cell: unmerge A2:A3 (Excel: Home, Merge & Center) "
     "and type the value on every row", "A2"),
])
def test_merged_cells_are_named_with_their_range_and_marked(source, cells, message, marked, book, raw_dir, tmp_path):
    problems, copy = _merged(book, raw_dir, tmp_path, source, cells)
    assert problems == [message]
    cell = copy[source][marked]
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert cell.comment.text == message
    location = message.split(": found")[0].split("cell ")[1].split(",")[0]
    assert [r[:3] for r in copy["problems"].iter_rows(min_row=2, values_only=True)] == [("error", source, location)]


# ---------------------------------------------------------------- the clerks' languages

def test_the_cli_annotates_in_dutch_and_french_unless_a_language_is_named(broken, tmp_path, monkeypatch):
    from figures.cli import main

    folder, _ = broken
    monkeypatch.delenv("FIGURES_LANG", raising=False)
    assert main(["validate", "--year", "2025", "--raw-dir", str(folder.parent), "--annotate",
                 str(tmp_path / "both")]) == 1
    workbook = load_workbook(tmp_path / "both" / "staff.xlsx")
    assert workbook.sheetnames[0] == "problemen - problèmes"
    rows = [list(r) for r in workbook["problemen - problèmes"].iter_rows(values_only=True)]
    assert rows[0] == ["ernst / gravité", "blad / feuille", "cel / cellule", "kolom / colonne",
                       "gevonden", "verwacht", "trouvé", "attendu"]
    assert rows[1] == ["fout / erreur", "staff", "C2", "gender", 'de tekst "V"', "een van de waarden F, M, X",
                       "le texte «\u202fV\u202f»", "l’une des valeurs F, M, X"]
    comment = workbook["staff"]["C2"].comment.text
    assert comment.startswith("staff.xlsx, blad staff, cel C2, kolom gender: gevonden: de tekst \"V\"")
    assert "\n\nstaff.xlsx, feuille staff, cellule C2, colonne gender\u00a0: trouvé\u00a0:" in comment
    # A language named: that one alone.
    assert main(["validate", "--year", "2025", "--raw-dir", str(folder.parent), "--annotate",
                 str(tmp_path / "fr"), "--lang", "fr"]) == 1
    workbook = load_workbook(tmp_path / "fr" / "staff.xlsx")
    assert workbook.sheetnames[0] == "problèmes"
    assert [c.value for c in workbook["problèmes"][1]] == ["gravité", "feuille", "cellule", "colonne", "trouvé",
                                                          "attendu"]
    monkeypatch.setenv("FIGURES_LANG", "nl")
    assert main(["validate", "--year", "2025", "--raw-dir", str(folder.parent), "--annotate",
                 str(tmp_path / "nl")]) == 1
    assert load_workbook(tmp_path / "nl" / "staff.xlsx").sheetnames[0] == "problemen"
