"""Arithmetic the figures share: percentages that add up, and money summed exactly in cents."""

from __future__ import annotations

import math

import pandas as pd


def largest_remainder(counts: list[int], total: int = 100) -> list[int]:
    """Whole percentages of `counts` that sum to exactly `total` (the largest-remainder method).

    Each share is first rounded down; the points still missing go to the
    largest remainders, ties to the earlier row (the published table's order).
    All zeros when there is nothing to share.
    """
    whole = sum(counts)
    if whole == 0:
        return [0 for _ in counts]
    exact = [c * total / whole for c in counts]
    floors = [math.floor(e) for e in exact]
    missing = total - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def to_cents(amounts: pd.Series) -> pd.Series:
    """Amounts in euro (at most 2 decimals, checked at validation) as whole cents."""
    return (amounts.astype("float64") * 100).round().astype("int64")


def total_eur(amounts: pd.Series) -> float:
    """The exact sum of euro amounts (summed in cents)."""
    return int(to_cents(amounts).sum()) / 100
