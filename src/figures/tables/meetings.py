"""Meetings and e-procedures of the bodies the Chancellery runs."""

from __future__ import annotations

import pandas as pd

from figures.config import Body


def meetings_by_body(meetings: pd.DataFrame, bodies: list[Body]) -> pd.DataFrame:
    """Per body of the reference list, in its order: sittings and e-procedures.

    Every body appears, even without rows. `e_procedures` is empty (NA) for a
    body that does not use e-procedures: not applicable, unlike a count of 0.
    """
    counts = meetings.groupby(["body", "mode"]).size()
    rows = []
    for body in bodies:
        e_procedures = int(counts.get((body.code, "e_procedure"), 0)) if body.e_procedure else pd.NA
        rows.append({"body": body.code, "meetings": int(counts.get((body.code, "meeting"), 0)),
                     "e_procedures": e_procedures})
    return pd.DataFrame(rows).astype({"meetings": "int64", "e_procedures": "Int64"})
