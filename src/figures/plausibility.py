"""Swings flagged before publication: a figure that moved more than its threshold from the year before.

`data/reference/plausibility.yaml` sets the thresholds per table (and row).
A swing is a warning that names the figure in the reader's words, says which
way it moved, from what to what (numbers in the language's format), and asks
the question that fits: "Words translated by type of text, Legal: fell
from 436,069 in 2025 to 177,914 in 2026 (−59.2%); expected a fall of at most
50% from the year before: is translations.xlsx complete? …". A fall asks
whether the workbook is complete; a rise asks whether a row is there twice or
a value mistyped. It never blocks a render and never changes the reader's
documents: `figures validate` lists it, the render prints it apart from the
routine warnings, the manifest keeps it under its own key, and each
reviewer's notebook lists it in its first cell (`figures.problems.questions_figure`
says which warnings are shown so: the swings, and the other warnings that
question a figure).
"""

from __future__ import annotations

import os
import warnings as python_warnings
from pathlib import Path

import pandas as pd
from figures import paths
from figures.i18n import LANGUAGES, has, text
from figures.problems import WARNING, Amount, Problem, Said, msg
from figures.registry import MONEY, NUMBER_KINDS, PERCENT, REGISTRY, TOTAL, Inputs

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


def swings(year: int, changes: pd.DataFrame | None, reference_dir: Path = paths.REFERENCE_DIR,
           tables: dict[str, pd.DataFrame] | None = None, inputs: Inputs | None = None) -> list[Problem]:
    """A warning for every figure of `year` that moved more than its threshold from `year - 1`; each figure
    named as the reader's table names it in every language (from `tables` and `inputs`; without them, by
    its row's code)."""
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
        spec = REGISTRY.tables[row.table]
        kind = {MONEY: "money", PERCENT: "percent"}.get(spec.static_kind(row.column), "number")
        direction = "rose" if change > 0 else "fell"
        found.append(Problem(file, severity=WARNING,
                             found=msg(f"swing.{direction}", figure=figure_name(row.table, str(row.row), row.column,
                                                                               tables, inputs),
                                       previous=Amount(float(row.previous), kind), before=year - 1,
                                       value=Amount(float(row.value), kind), year=year,
                                       change=Amount(round(change, 1), "change")),
                             expected=msg(f"swing.ask_{direction}", threshold=Amount(float(limit), "percent"),
                                          file=file)))
    return found


def figure_name(table: str, row: str, column: str, tables: dict[str, pd.DataFrame] | None = None,
                inputs: Inputs | None = None) -> Said:
    """A figure as the reader's documents name it, in every language: the table's title, the row's label
    and, in a table of several numbers per row, the column's header ("Age of the staff, Total, Number of
    people"; "Budget, <the line's label>")."""
    spec = REGISTRY.tables[table]
    several = len([c for c in spec.columns if spec.static_kind(c) in NUMBER_KINDS]) > 1
    said = []
    for lang in LANGUAGES:
        title = text(f"table.{table}.title", lang) if has(f"table.{table}.title", lang) \
            else text(f"excel.sheet.{table}", lang)
        parts = [title]
        label = _row_label(spec, row, tables, inputs, lang)
        if label:
            parts.append(label)
        if several or not label:
            parts.append(text(f"table.{table}.{column}", lang))
        said.append((lang, text("swing.figure_separator", lang).join(parts)))
    return Said(tuple(said))


def _row_label(spec, row: str, tables, inputs, lang: str) -> str:
    """The reader's label of the row whose key (as figures.history names it) is `row`; a total the report
    prints is named by the catalogue (`table.<table>.<key>`, else "Total"); without the tables, the key."""
    if not row:
        return ""
    if tables is not None and inputs is not None and spec.name in tables and spec.row_labels is not None:
        from figures.history import numbered
        from figures.reconcile import row_name

        table = tables[spec.name]
        keys = numbered([row_name([table[k].iloc[i] for k in spec.key]) for i in range(len(table))])
        if row in keys:
            with python_warnings.catch_warnings():
                python_warnings.simplefilter("ignore")      # a label in Dutch for want of one: named all the same
                return str(spec.row_labels(table, inputs, lang)[keys.index(row)])
    if has(f"table.{spec.name}.{row}", lang):
        return text(f"table.{spec.name}.{row}", lang)
    if row == TOTAL:
        return text("report.total", lang)
    return row
