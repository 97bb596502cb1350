"""Subsidies granted, in file order, with their total."""

from __future__ import annotations

import pandas as pd

from figures.tables.money import total_eur
from figures.tables import TOTAL



def subsidies_table(subsidies: pd.DataFrame) -> pd.DataFrame:
    """beneficiary, amount_eur per subsidy in file order, then a row with beneficiary `total`."""
    table = subsidies[["beneficiary", "amount_eur"]].reset_index(drop=True)
    total = pd.DataFrame({"beneficiary": [TOTAL], "amount_eur": [total_eur(subsidies["amount_eur"])]})
    return pd.concat([table, total], ignore_index=True)
