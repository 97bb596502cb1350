"""Shared value rules (rules.py), and the totals row a clerk types under the data."""

from __future__ import annotations

import pytest

from figures.rules import is_total_name, total_labels


@pytest.mark.parametrize("name", ["total", "Totaal", "TOTAAL", " Totaux ", "Gesamt", "TOTAL :", "Total général",
                                  "Totaal generaal", "Totaal: subsidies 2025", "Sous-total", "Grand total", "Somme"])
def test_a_totals_label(name):
    assert is_total_name(name)
    # The search of a whole column finds it among other text, wherever it stands.
    column = ["Bal national vzw", "Autotechniek", "Somatische zorg", name, "Personeelsomgeving", "x\ny"]
    assert total_labels(column) == [3]
    assert total_labels(column[3:]) == [0] and total_labels(column[:4]) == [3]


def test_a_column_without_a_totals_label():
    assert total_labels(["Totaalaanpak", "Autotechniek", "Som van alles", "Bal\nTotaal", ""]) == []


@pytest.mark.parametrize("name", ["TotalEnergies", "Total Belgium vzw", "Bal national vzw", "Totalitarisme en kunst",
                                  "Het totaalproject", "", None, 12])
def test_a_name_that_is_not_a_totals_label(name):
    assert not is_total_name(name)


def _errors(validation):
    return [(p.file, p.cell, p.column, p.expected.key) for p in validation.errors]


def test_a_subsidies_totals_row_is_refused_naming_it(book, run_validation):
    # The tiny year's subsidies are 0.1, 0.2 and 1000.7: a clerk adds "Totaal" 1001.0 under them.
    book.add_row("subsidies", ["Totaal", "subsidies", "subsides", None, 1001.0])
    validation = run_validation(book)
    assert _errors(validation) == [("subsidies.xlsx", "A5", "beneficiary", "clerk.expected.delete_total_row")]
    assert 'found the totals label "Totaal"' in validation.errors[0].describe("en")


def test_a_budget_totals_row_typed_in_column_a_is_one_message_that_says_to_delete_it(book, run_validation):
    # Column A of the budget is the group, a code: "Totaal" there, the sum in F, nothing else on the row.
    row = book.add_row("budget", ["Totaal", None, None, None, None, 4641051.46])
    assert row == 6
    validation = run_validation(book)
    assert [p.describe("en") for p in validation.problems] == [
        'budget.xlsx, sheet budget, cell A6, column group: found the totals label "Totaal"; expected no totals row: '
        "delete this row (the report adds up the rows itself)"]
    assert [p.describe("fr") for p in validation.problems] == [
        "budget.xlsx, feuille budget, cellule A6, colonne group\u00a0: trouvé\u00a0: le libellé de total "
        "«\u202fTotaal\u202f»\u202f; attendu\u00a0: pas de ligne de total\u00a0: supprimez cette ligne (le rapport "
        "fait lui-même la somme des lignes)"]


@pytest.mark.parametrize("label", ["Total", " TOTALE ", "gesamt", "Summe", "totaal"])
def test_a_totals_row_is_recognised_by_any_of_its_cells_in_any_case(label, book, run_validation):
    # In the campaigns' last column (unit, a code), the other cells of the row as a clerk copies them down.
    book.add_row("campaigns", ["press", "Persreis", "Voyage de presse", None, "articles", "press", "BE", 7, label])
    validation = run_validation(book)
    assert _errors(validation) == [("campaigns.xlsx", "I6", "unit", "clerk.expected.delete_total_row")]
    assert len(validation.problems) == 1


def test_a_totals_label_in_a_column_outside_the_contract_is_named_but_not_shown(book, run_validation):
    # A notes column G beside the budget: "Total: see Jan" there would show a name if it were echoed.
    book.add_column("budget", "notes", [None] * 4)
    book.add_row("budget", [None, None, None, None, None, 4641051.46, "Total: see Jan"])
    validation = run_validation(book)
    assert [(p.cell, p.column, p.expected.key) for p in validation.problems] == [
        ("G6", None, "clerk.expected.delete_total_row")]
    assert "Jan" not in validation.problems[0].describe("en")
    assert "a label that names a total (not shown)" in validation.problems[0].describe("en")


def test_a_row_equal_to_the_sum_of_the_others_is_refused_whatever_its_name(book, run_validation):
    book.add_row("subsidies", ["Diverse verenigingen", "Diversen", "Divers", None, 1001.0])
    validation = run_validation(book)
    assert _errors(validation) == [("subsidies.xlsx", "E5", "amount_eur", "expected.no_total_row")]
    assert "the sum of the other rows (2 to 4)" in validation.errors[0].describe("en")


def test_a_budget_group_total_typed_as_a_line_is_refused(book, run_validation):
    # services: SV01 0.2 and SV02 1234.56; "TOTAAL" 1234.76 typed as a third line of the group.
    book.add_row("budget", ["services", "TOT", "TOTAAL", "TOTAL", None, 1234.76])
    validation = run_validation(book)
    assert ("budget.xlsx", "C6", "label_nl", "clerk.expected.delete_total_row") in _errors(validation)
    assert len(validation.errors) == 1


def test_three_real_amounts_where_one_is_not_the_sum_pass(book, run_validation):
    book.add_row("subsidies", ["Vzw D", "Dans", "Danse", None, 1001.01])
    assert run_validation(book).ok


class _Sheet:
    """What a row rule reports through: the row, the column, what was found and what was expected."""

    def problem(self, row, column, found, expected):
        return row, column, found.render("en"), expected.render("en")


def test_same_on_every_row_names_each_row_that_differs_from_its_codes_first_row():
    import pandas as pd

    from figures.rules import same_on_every_row

    # Rows 2-6 of a sheet: site "a" named "Portal" (row 2) then "Portaal" (row 4); "b" once; an empty code and
    # an empty name are the columns' own rules' business.
    frame = pd.DataFrame({"site": ["a", "b", "a", None, "a"], "site_nl": ["Portal", "Kanselarij", "Portaal", "x", None],
                          "site_fr": ["Portail", "Chancellerie", "Portail", "y", "Portal"]}, index=[2, 3, 4, 5, 6])
    rule = same_on_every_row("site", ("site_nl", "site_fr", "site_de"))
    assert rule(_Sheet(), frame, None) == [
        (4, "site_nl", 'text "Portaal"', '"Portal", as on the first row of a'),
        (6, "site_fr", 'text "Portal"', '"Portail", as on the first row of a')]


def test_a_sum_of_the_others_names_the_other_rows_first_and_last_wherever_it_stands():
    import pandas as pd

    from figures.rules import sum_rows

    # Rows 2-6: row 2 (60) is the sum of rows 3-6 (10+20+0.5+29.5): the others run from 3 to 6; with the same
    # amounts the other way round, row 6 is the sum and the others run from 2 to 5.
    rule = sum_rows("amount_eur")
    first = pd.DataFrame({"amount_eur": [60.0, 10.0, 20.0, 0.5, 29.5]}, index=[2, 3, 4, 5, 6])
    last = pd.DataFrame({"amount_eur": [10.0, 20.0, 0.5, 29.5, 60.0]}, index=[2, 3, 4, 5, 6])
    (found,) = rule(_Sheet(), first, None)
    assert found[0] == 2 and "(3 to 6)" in found[2]
    (found,) = rule(_Sheet(), last, None)
    assert found[0] == 6 and "(2 to 5)" in found[2]
