"""Value rules that several sources share, for the `rules` of a contract column.

Each is a `registry.Rule`: a vectorised check over the column's non-empty,
typed values and the message saying what is expected. A source's own rules
(the training days' range, a body's use of e-procedures) are declared in its
chapter module.
"""

from __future__ import annotations

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


IN_YEAR = Rule(_in_year, lambda reference: msg("expected.date_in_year", year=reference.year))
POSITIVE = Rule(lambda values, _: values > 0, msg("expected.positive"))
NON_NEGATIVE = Rule(lambda values, _: values >= 0, msg("expected.non_negative"))
CENTS = Rule(_cents, msg("expected.cents"))
# "total" keys the total row of a table; a name in a key column that reads "total" would be taken for it.
NOT_TOTAL = Rule(lambda values, _: values.str.strip().str.lower() != TOTAL, msg("expected.not_total"))


def one_of(codes: tuple[str, ...]) -> Rule:
    """The value is one of `codes` (already matched case-insensitively when typed)."""
    return Rule(lambda values, _: values.isin(codes), msg("expected.one_of", choices=", ".join(codes)))
