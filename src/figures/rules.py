"""Value rules that several sources share, for the `rules` of a contract column.

Each is a `registry.Rule`: a vectorised check over the column's non-empty,
typed values and the message saying what is expected. A source's own rules
(the training days' range, a body's use of e-procedures) are declared in its
chapter module.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from itertools import accumulate

import numpy as np
import pandas as pd

from figures.problems import msg
from figures.registry import Rule


def _in_year(values: pd.Series, reference) -> pd.Series:
    first, last = pd.Timestamp(reference.year, 1, 1), pd.Timestamp(reference.year, 12, 31)
    return (values >= first) & (values <= last)


def _cents(values: pd.Series, _reference) -> pd.Series:
    # A Series, as every rule answers: a boolean per value, on the values' rows.
    return pd.Series(np.isclose(values * 100, np.round(values * 100), rtol=0, atol=1e-6), index=values.index)


IN_YEAR = Rule(_in_year, lambda reference: msg("expected.date_in_year", year=reference.year),
               bounds=lambda reference: {"low": dt.date(reference.year, 1, 1), "high": dt.date(reference.year, 12, 31)})
POSITIVE = Rule(lambda values, _: values > 0, msg("expected.positive"), bounds=lambda _: {"low": 0, "low_strict": True})
NON_NEGATIVE = Rule(lambda values, _: values >= 0, msg("expected.non_negative"), bounds=lambda _: {"low": 0})
CENTS = Rule(_cents, msg("expected.cents"))


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
_WORDS = "|".join(re.escape(w) for w in TOTAL_WORDS)
# "TOTAL :", "Totaal: subsidies 2025"; else the whole name, reduced to lower-case words, is one of these.
_LABEL_WITH_COLON = re.compile(rf"\s*({_WORDS})\s*:", re.IGNORECASE)
_TOTAL_NAMES = frozenset(f"{word} {general}".strip() for word in TOTAL_WORDS for general in GENERAL_WORDS)
# Every totals label holds one of these in lower case ...
_NEEDLES = ("tot", "som", "summe", "gesamt")
# ... and starts with a totals word, after signs or spaces, and no letter after it ("Somatische zorg" does not):
# where a label can start in text joined by lines.
_LABEL_START = re.compile(rf"^[^\w\n-]*(?:{_WORDS})(?!\w)", re.IGNORECASE | re.MULTILINE)
assert all(any(n in w for n in _NEEDLES) for w in TOTAL_WORDS)


def _normal_name(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", value.lower()).split())


def is_total_name(value) -> bool:
    """A name that is a totals label: "Totaal", "TOTAL :", "Total général", "Totaal: subsidies 2025"."""
    if not isinstance(value, str):
        return False
    return _LABEL_WITH_COLON.match(value) is not None or _normal_name(value) in _TOTAL_NAMES


def total_labels(strings: list[str], joined: str | None = None) -> list[int]:
    """The positions of the totals labels among `strings` (a column's text). The column is searched at once,
    joined by lines (`joined`, when the caller joined them already): without any of the words (the rule),
    nothing more is done; else only the cells where a line starts with one of them are looked at one by
    one (a federal year's training file is 400,000 rows)."""
    joined = "\n".join(strings) if joined is None else joined
    lowered = joined.lower()
    if not any(needle in lowered for needle in _NEEDLES):
        return []
    starts = list(accumulate((len(s) + 1 for s in strings), initial=0))
    found = []
    for match in _LABEL_START.finditer(joined):
        index = bisect_right(starts, match.start()) - 1
        if (not found or found[-1] != index) and is_total_name(strings[index]):
            found.append(index)
    return found


def sum_rows(amount_column: str, group_column: str | None = None):
    """A row rule refusing a totals row typed among the data rows without a totals label (a row named as a
    total is refused, with every source's, when the sheet is read): a row whose amount is the sum of the other
    rows (of its group), which would be summed with them and double the total."""
    def rule(sheet, frame: pd.DataFrame, reference) -> list:
        problems = []
        groups = frame.groupby(group_column, sort=False) if group_column else [(None, frame)]
        for _, rows in groups:
            amounts = rows[amount_column].dropna()
            if len(amounts) < 3:
                continue
            cents = (amounts * 100).round().astype("int64")
            others = int(cents.sum()) - cents
            ordered = sorted(amounts.index)
            for row in cents.index[(cents == others) & (cents > 0)]:
                # The other rows' first and last (not a pass over all rows per row: K rows of 1 beside one of
                # -(K-2) made each a sum of the others, and 50,000 of them held validate minutes).
                first = ordered[0] if ordered[0] != row else ordered[1]
                last = ordered[-1] if ordered[-1] != row else ordered[-2]
                problems.append(sheet.problem(row, amount_column, msg("found.sum_of_rows", first=first, last=last),
                                              msg("expected.no_total_row")))
        return problems
    return rule


def same_on_every_row(key: str, columns: tuple[str, ...], expected=None):
    """A row rule: the rows that share a `key` (a campaign's code, a website's) give, in each of `columns` that
    the sheet has (its names in each language), what the first of them gives. A row whose key or value is
    empty is left to the column's own rules. `expected(name, code)` says what was expected (a Message); by
    default "<name>, as on the first row of <code>"."""
    expected = expected or (lambda name, code: msg("expected.same_as_first", name=name, code=code))

    def rule(sheet, frame: pd.DataFrame, reference) -> list:
        named = [c for c in columns if c in frame]
        keyed = frame[frame[key].notna()]
        first = keyed.groupby(key, sort=False).head(1).set_index(key)      # each key's first row, as it is
        found = []
        for position, column in enumerate(named):        # a column at a time: a federal year has many rows
            values, wanted = keyed[column], keyed[key].map(first[column])
            differs = values.notna() & wanted.notna() & (values != wanted)
            found += [(row, position, column) for row in keyed.index[differs.to_numpy(dtype=bool)]]
        return [sheet.problem(row, column, msg("found.text", value=frame.at[row, column]),
                              expected(first.at[frame.at[row, key], column], frame.at[row, key]))
                for row, _, column in sorted(found)]
    return rule
