"""Swings flagged before publication: a figure that moved more than its threshold from the year before.

`data/reference/plausibility.yaml` sets the thresholds per table (and row).
A swing is a warning naming the table, the row, both values and the change,
and asking whether the workbook is complete: "Staff, total: 121 in 2024, 62 in
2025 (-48.8 %): is staff.xlsx complete?". It never blocks a render; it is
listed by `figures validate`, in the manifest and in the chapter's notebook.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from figures import paths
from figures.problems import WARNING, Problem, msg
from figures.registry import REGISTRY

FILE = "plausibility.yaml"


def thresholds(reference_dir: Path = paths.REFERENCE_DIR) -> dict:
    path = Path(reference_dir) / FILE
    if not os.path.lexists(path):
        return {"min_previous": 0, "tables": {}}
    from figures import safe_yaml

    return safe_yaml.load(path) or {"tables": {}}


def _threshold(config: dict, table: str, row: str, column: str) -> float | None:
    spec = (config.get("tables") or {}).get(table)
    if not spec or column not in spec.get("columns", []):
        return None
    rows = spec.get("rows") or {}
    return rows.get(row.split("#")[0], spec.get("threshold"))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def swings(year: int, changes: pd.DataFrame | None, reference_dir: Path = paths.REFERENCE_DIR) -> list[Problem]:
    """A warning for every figure of `year` that moved more than its threshold from `year - 1`."""
    if changes is None or changes.empty:
        return []
    config = thresholds(reference_dir)
    least = float(config.get("min_previous") or 0)
    found = []
    for row in changes.itertuples():
        limit = _threshold(config, row.table, str(row.row), row.column)
        if limit is None or pd.isna(row.previous) or pd.isna(row.value) or abs(float(row.previous)) < least:
            continue
        change = (float(row.value) - float(row.previous)) / abs(float(row.previous)) * 100
        if abs(change) <= limit:
            continue
        chapter = REGISTRY.chapter_of(row.table)
        file = chapter.sources[0].file_name if chapter.sources else ""
        found.append(Problem(file, column=row.column, severity=WARNING,
                             found=msg("found.swing", table=msg(f"excel.sheet.{row.table}"), row=row.row,
                                       previous=_number(float(row.previous)), before=year - 1,
                                       value=_number(float(row.value)), year=year, change=f"{change:+.1f}"),
                             expected=msg("expected.swing", threshold=_number(float(limit)), file=file)))
    return found
