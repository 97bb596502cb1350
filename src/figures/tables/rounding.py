"""Percentages that add up: the largest-remainder method."""

from __future__ import annotations

import math


def largest_remainder(counts: list[int], total: int = 100) -> list[int]:
    """Whole percentages of `counts` that sum to exactly `total`.

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
