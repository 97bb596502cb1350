"""Budget: the credit allocations, one table per group in file order."""

from __future__ import annotations

import pandas as pd

from figures.contract import BUDGET_GROUPS
from figures.tables.money import total_eur


def budget_lines(budget: pd.DataFrame) -> pd.DataFrame:
    """Every credit line, groups in the contract's order, lines in file order: group, code, amount_eur."""
    rank = budget["group"].map({g: i for i, g in enumerate(BUDGET_GROUPS)})
    lines = budget.loc[rank.sort_values(kind="stable").index, ["group", "code", "amount_eur"]]
    return lines.reset_index(drop=True)


def group_total(budget: pd.DataFrame, group: str) -> float:
    """The total of one group (the publication prints it for `services`)."""
    return total_eur(budget.loc[budget["group"] == group, "amount_eur"])
