"""Money: amounts in euro with cents, summed exactly in whole cents."""

from __future__ import annotations

import pandas as pd


def to_cents(amounts: pd.Series) -> pd.Series:
    """Amounts in euro (at most 2 decimals, checked at validation) as whole cents."""
    return (amounts.astype("float64") * 100).round().astype("int64")


def total_eur(amounts: pd.Series) -> float:
    """The exact sum of euro amounts (summed in cents)."""
    return int(to_cents(amounts).sum()) / 100
