"""Staff: age bands and gender by level, on the reference date (31 December)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from figures.config import AgeBand
from figures.contract import GENDERS, LEVELS
from figures.tables.rounding import largest_remainder
from figures.tables import TOTAL

# Column names of the gender table, in the contract's order.
GENDER_COLUMNS = {"F": "women", "M": "men", "X": "x"}


def completed_years(birth_dates: pd.Series, reference: dt.date) -> pd.Series:
    """Age in completed years on `reference` (a birthday on that day counts; 29 February turns on 1 March)."""
    born = pd.to_datetime(birth_dates)
    before_birthday = (born.dt.month > reference.month) | (
        (born.dt.month == reference.month) & (born.dt.day > reference.day))
    return (reference.year - born.dt.year - before_birthday.astype(int)).astype(int)


def age_bands(staff: pd.DataFrame, bands: list[AgeBand]) -> pd.DataFrame:
    """Staff per age band and its share in whole percent summing to 100: columns band, staff, percent."""
    counts = [int(staff["age"].between(b.lo, b.hi if b.hi is not None else 999).sum()) for b in bands]
    return pd.DataFrame({
        "band": [b.label for b in bands],
        "staff": counts,
        "percent": largest_remainder(counts),
    })


def gender_by_level(staff: pd.DataFrame) -> pd.DataFrame:
    """Women, men, x and total per level A-D, then a `total` row."""
    counts = pd.crosstab(staff["level"], staff["gender"]).reindex(index=list(LEVELS), columns=list(GENDERS),
                                                                  fill_value=0)
    table = counts.rename(columns=GENDER_COLUMNS)
    table["total"] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table = table.rename_axis(index="level", columns=None).reset_index()
    return table.astype({c: "int64" for c in ["women", "men", "x", "total"]})
