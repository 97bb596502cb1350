"""Value rules that several sources share, for the `rules` of a contract column.

Each is a `registry.Rule`: a vectorised check over the column's non-empty,
typed values and the message saying what is expected. A source's own rules
(the training days' range, a body's use of e-procedures) are declared in its
chapter module.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from figures.problems import msg
from figures.registry import TOTAL, Rule


def _in_year(values: pd.Series, reference) -> pd.Series:
    first, last = pd.Timestamp(reference.year, 1, 1), pd.Timestamp(reference.year, 12, 31)
    return (values >= first) & (values <= last)


def _cents(values: pd.Series, _reference) -> pd.Series:
    # A Series, not the bare array np.isclose returns: pandera cannot map an array
    # back to rows (it reports a NotImplementedError without an index).
    return pd.Series(np.isclose(values * 100, np.round(values * 100), rtol=0, atol=1e-6), index=values.index)


IN_YEAR = Rule(_in_year, lambda reference: msg("expected.date_in_year", year=reference.year),
               bounds=lambda reference: {"low": dt.date(reference.year, 1, 1), "high": dt.date(reference.year, 12, 31)})
POSITIVE = Rule(lambda values, _: values > 0, msg("expected.positive"), bounds=lambda _: {"low": 0, "low_strict": True})
NON_NEGATIVE = Rule(lambda values, _: values >= 0, msg("expected.non_negative"), bounds=lambda _: {"low": 0})
CENTS = Rule(_cents, msg("expected.cents"))
# "total" keys the total row of a table; a name in a key column that reads "total" would be taken for it.
NOT_TOTAL = Rule(lambda values, _: values.str.strip().str.lower() != TOTAL, msg("expected.not_total"))


# Far beyond any real figure, and below what the computation can hold exactly (money is summed in whole
# cents as 64-bit integers): a thousand billion euro, ten billion of anything counted.
MAX_AMOUNT_EUR = 10 ** 12
MAX_COUNT = 10 ** 10


def at_most(limit: float) -> Rule:
    """The value is at most `limit` (a typing error such as 1e17 is refused, never computed)."""
    return Rule(lambda values, _: values <= limit, msg("expected.at_most", limit=f"{limit:,.0f}"),
                bounds=lambda _: {"high": limit})


SANE_AMOUNT = at_most(MAX_AMOUNT_EUR)
SANE_COUNT = at_most(MAX_COUNT)


def one_of(codes: tuple[str, ...]) -> Rule:
    """The value is one of `codes` (already matched case-insensitively when typed)."""
    return Rule(lambda values, _: values.isin(codes), msg("expected.one_of", choices=", ".join(codes)))


# ---------------------------------------------------------------- totals rows a clerk typed

# A name that says "this row is the total" in the languages the services write in.
TOTAL_WORDS = ("total", "totaal", "totaux", "totale", "totals", "gesamt", "summe", "gesamtsumme", "som", "somme",
               "subtotal", "subtotaal", "sous-total", "zwischensumme", "eindtotaal", "grand total")
GENERAL_WORDS = ("", "general", "générale", "général", "generaal", "algemeen", "generale", "allgemein")


def _normal_name(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", value.lower()).split())


def is_total_name(value) -> bool:
    """A name that is a totals label: "Totaal", "TOTAL :", "Total général", "Totaal: subsidies 2025"."""
    if not isinstance(value, str):
        return False
    if re.match(rf"\s*({'|'.join(re.escape(w) for w in TOTAL_WORDS)})\s*:", value, re.IGNORECASE):
        return True
    name = _normal_name(value)
    return any(name == f"{word} {general}".strip() for word in TOTAL_WORDS for general in GENERAL_WORDS)


def totals_rows(name_columns: tuple[str, ...], amount_column: str, group_column: str | None = None):
    """A row rule refusing a totals row typed among the data rows (it would be summed with the others and
    double the total): a row named as a total, or whose amount is the sum of the other rows (of its group)."""
    def rule(sheet, frame: pd.DataFrame, reference) -> list:
        problems = []
        named = frame.index[frame[list(name_columns)].apply(lambda row: any(is_total_name(v) for v in row), axis=1)]
        for row in named:
            column = next(c for c in name_columns if is_total_name(frame.at[row, c]))
            problems.append(sheet.problem(row, column, msg("found.text", value=frame.at[row, column]),
                                          msg("expected.no_total_row")))
        groups = frame.groupby(group_column, sort=False) if group_column else [(None, frame)]
        for _, rows in groups:
            amounts = rows[amount_column].dropna()
            if len(amounts) < 3:
                continue
            cents = (amounts * 100).round().astype("int64")
            others = int(cents.sum()) - cents
            for row in cents.index[(cents == others) & (cents > 0)]:
                if row in named:
                    continue
                first, last = min(r for r in amounts.index if r != row), max(r for r in amounts.index if r != row)
                problems.append(sheet.problem(row, amount_column, msg("found.sum_of_rows", first=first, last=last),
                                              msg("expected.no_total_row")))
        return problems
    return rule
