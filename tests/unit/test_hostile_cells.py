"""Valid-looking cells that used to crash the run late or fool it: each is refused at validation, naming the
cell, or drawn as the literal text it is."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from figures import labels
from figures.chapters import budget


def _rewrite_sheet(path, sheet_xml_edit) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/"))
    parts[name] = sheet_xml_edit(parts[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def _lines(validation) -> list[str]:
    return [p.describe("en") for p in validation.errors]


def test_a_control_character_is_refused_naming_the_cell(book, run_validation):
    # As a workbook carries it: `_x000B_` (vertical tab); the Excel writer of the report would fail on it.
    book.set("subsidies", 3, "beneficiary", "Vzw_x000B_B")
    validation = run_validation(book)
    (line,) = _lines(validation)
    assert line.startswith('subsidies.xlsx, sheet subsidies, cell A3, column beneficiary: found text "Vzw\\x0bB"')
    assert "without control characters" in line


def test_an_invisible_character_is_shown_escaped_in_the_message(book, run_validation):
    book.set("staff", 2, "gender", "F\u200b")                   # F and a zero-width space
    (line,) = _lines(run_validation(book))
    assert 'found text "F\\u200b"' in line and "expected one of F, M, X" in line


@pytest.mark.parametrize("amount", [1e17, 1e19, -1e19])
def test_an_absurd_amount_is_refused_not_computed(book, run_validation, amount):
    book.set("budget", 3, "amount_eur", amount)
    (line,) = _lines(run_validation(book))
    assert line.startswith("budget.xlsx, sheet budget, cell F3, column amount_eur")
    assert "expected at most" in line


def test_an_amount_above_a_thousand_billion_euro_is_refused(book, run_validation):
    book.set("subsidies", 2, "amount_eur", 2_000_000_000_000)
    (line,) = _lines(run_validation(book))
    assert "cell E2" in line and "expected at most 1,000,000,000,000" in line


def test_words_beyond_any_count_are_refused(book, run_validation):
    book.set("translations", 2, "words", 1e19)
    (line,) = _lines(run_validation(book))
    assert "cell F2, column words" in line and "expected at most" in line


def test_a_formula_saved_without_its_value_says_so(book, raw_dir):
    from figures.validate import validate_year

    folder = book.write(raw_dir)
    # Cell F2 of the budget (4639816) as a formula whose value was never computed (no <v>).
    _rewrite_sheet(folder / "budget.xlsx", lambda xml: xml.replace(
        '<c r="F2" t="n"><v>4639816</v></c>', '<c r="F2"><f>SUM(F3:F9)</f></c>'))
    (line,) = _lines(validate_year(2025, raw_dir))
    assert "cell F2, column amount_eur: found a formula without a computed value (=SUM(F3:F9))" in line
    assert "save it again so that the formula is computed" in line


def test_a_computed_error_says_which(book, raw_dir):
    from figures.validate import validate_year

    folder = book.write(raw_dir)
    _rewrite_sheet(folder / "budget.xlsx", lambda xml: xml.replace(
        '<c r="F2" t="n"><v>4639816</v></c>', '<c r="F2" t="e"><v>#DIV/0!</v></c>'))
    (line,) = _lines(validate_year(2025, raw_dir))
    assert "cell F2, column amount_eur: found the error value #DIV/0!" in line


def test_a_label_with_dollars_and_a_backslash_is_drawn_as_it_is():
    # "R&D (US$) \\ICT (US$)" made matplotlib's math parser fail the budget notebook; "$x$" was drawn as math.
    table = pd.DataFrame({"group": ["chancellery", "chancellery"], "code": ["X1", "X2"],
                          "amount_eur": [1000.0, 2000.0]})
    names = ["R&D (US$) \\ICT (US$)", "$x$ and $y$"]
    figure = budget.budget_chart(table, names, "nl")
    from figures.charts import to_svg

    svg = to_svg(figure)
    assert "R&amp;D (US$) \\ICT (US$)" in svg and "$x$ and $y$" in svg
    assert labels.total("nl") == "Totaal"
