"""Training: days, people trained, course types."""

from __future__ import annotations

import pandas as pd


def training_summary(training: pd.DataFrame) -> pd.DataFrame:
    """One row: training_days (sum of days), staff_trained (distinct people), training_types (distinct courses)."""
    days = float(training["days"].sum())
    return pd.DataFrame({
        # Halves are allowed; a whole number of days is shown without decimals.
        "training_days": [int(days) if days.is_integer() else days],
        "staff_trained": [int(training["participant"].nunique())],
        "training_types": [int(training["course_id"].nunique())],
    })
