"""Shared value rules (rules.py), and the totals row a clerk types under the data."""

from __future__ import annotations

import pytest

from figures.rules import is_total_name


@pytest.mark.parametrize("name", ["total", "Totaal", "TOTAAL", " Totaux ", "Gesamt", "TOTAL :", "Total général",
                                  "Totaal generaal", "Totaal: subsidies 2025", "Sous-total", "Grand total", "Somme"])
def test_a_totals_label(name):
    assert is_total_name(name)


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
    assert _errors(validation) == [("subsidies.xlsx", "A5", "beneficiary", "expected.no_total_row")]
    assert 'found text "Totaal"' in validation.errors[0].describe("en")


def test_a_row_equal_to_the_sum_of_the_others_is_refused_whatever_its_name(book, run_validation):
    book.add_row("subsidies", ["Diverse verenigingen", "Diversen", "Divers", None, 1001.0])
    validation = run_validation(book)
    assert _errors(validation) == [("subsidies.xlsx", "E5", "amount_eur", "expected.no_total_row")]
    assert "the sum of the other rows (2 to 4)" in validation.errors[0].describe("en")


def test_a_budget_group_total_typed_as_a_line_is_refused(book, run_validation):
    # services: SV01 0.2 and SV02 1234.56; "TOTAAL" 1234.76 typed as a third line of the group.
    book.add_row("budget", ["services", "TOT", "TOTAAL", "TOTAL", None, 1234.76])
    validation = run_validation(book)
    assert ("budget.xlsx", "C6", "label_nl", "expected.no_total_row") in _errors(validation)
    assert len(validation.errors) == 1


def test_three_real_amounts_where_one_is_not_the_sum_pass(book, run_validation):
    book.add_row("subsidies", ["Vzw D", "Dans", "Danse", None, 1001.01])
    assert run_validation(book).ok
