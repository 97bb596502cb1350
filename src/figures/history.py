"""Every figure of every year, as one long table, and the changes from one year to the next.

A year's figures come from its computed tables (when its workbooks exist, or
its processed tables do) or else from its printed report,
`data/reference/published/<year>.yaml`, with the errata applied (the correct
value is used). Where both exist the computed value wins; the source of every
value is kept. Rows and columns are the figure tables' codes: `row` is the
row's key as the reconciliation names it (`52-65`, `nl/fr`, `CH01`; a key
repeated in one table gets `#2`), `column` the table's column.

A change between two years is computed where both years have the figure;
a row that exists in one year only shows no change (a series break: a body
added, a service that left, an age band added or redrawn); the rows both years
have are compared, whatever the other rows did.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from figures import paths
from figures.reconcile import PRINTED_NOTHING, Published, read_published, row_name
from figures.registry import NUMBER_KINDS, PERCENT, REGISTRY, TEXT_KINDS

COLUMNS = ["year", "table", "row", "column", "value", "source"]
CHANGE_COLUMNS = ["table", "row", "column", "previous", "value", "change", "change_pct"]
COMPUTED, PUBLISHED = "computed", "published"


def _numeric_columns(spec) -> list[str]:
    return [c for c in spec.columns if spec.static_kind(c) in NUMBER_KINDS or spec.static_kind(c) is None]


def numbered(keys: list[str]) -> list[str]:
    """Row names made unique in file order: a second `Vzw A` is `Vzw A#2`."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def computed_figures(year: int, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The figures of computed tables (with the totals the report prints), one row per figure."""
    records = []
    for name, spec in REGISTRY.tables.items():
        if name not in tables:
            continue
        table = spec.printed_totals(tables[name]) if spec.printed_totals else tables[name]
        keys = numbered([row_name([table[k].iloc[i] for k in spec.key]) if spec.key else ""
                          for i in range(len(table))])
        for position, key in enumerate(keys):
            for column in _numeric_columns(spec):
                value = table[column].iloc[position]
                records.append((year, name, key, column, None if pd.isna(value) else float(value), COMPUTED))
    return pd.DataFrame(records, columns=COLUMNS)


def published_figures(published: Published) -> pd.DataFrame:
    """The figures of a printed report, errata applied; a figure printed in words or as "/" has no value."""
    errata = {(e["table"], str(e["row"]), e["column"]): e["correct"] for e in published.errata}
    records = []
    for name, spec in published.tables.items():
        declared = REGISTRY.tables.get(name)
        descriptive = {c for c, kind in declared.columns.items() if kind in TEXT_KINDS} if declared else set()
        key = spec.get("key")
        key = tuple(key) if isinstance(key, list) else ((key,) if key else ())
        names = [row_name([row.get(k) for k in key]) if key else "" for row in spec["rows"]]
        for row, unique in zip(spec["rows"], numbered(names)):
            plain = unique.split("#")[0]
            for column, printed in row.items():
                if column in key or column in descriptive or column == "label":
                    continue
                value = errata.get((name, plain, column), printed)
                number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
                records.append((published.year, name, unique, column, number, PUBLISHED))
    return pd.DataFrame(records, columns=COLUMNS)


def merged(computed: pd.DataFrame | None, published: pd.DataFrame | None) -> pd.DataFrame:
    """One value per figure: the computed one where there is one, the published one otherwise."""
    parts = [p for p in (computed, published) if p is not None and not p.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    both = pd.concat(parts, ignore_index=True)
    return both.drop_duplicates(["year", "table", "row", "column"], keep="first").reset_index(drop=True)


def years_available(raw_dir: Path, processed_dir: Path, published_dir: Path) -> list[int]:
    """The years with workbooks, computed tables or a transcribed report."""
    found = set()
    for folder in (raw_dir, processed_dir):
        if Path(folder).is_dir():
            found |= {int(p.name) for p in Path(folder).iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)}
    if Path(published_dir).is_dir():
        found |= {int(p.stem) for p in Path(published_dir).glob("*.yaml") if re.fullmatch(r"\d{4}", p.stem)}
    return sorted(found)


def published_of(year: int, published_dir: Path) -> pd.DataFrame | None:
    path = paths.published_file(year, published_dir)
    # Something by that name that is not a regular file is refused when read (figures.safe_files).
    return published_figures(read_published(path)) if os.path.lexists(path) else None


def changes(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """`table, row, column, previous, value, change, change_pct` for every figure of either year.

    The change is the difference where both years have the figure; in percent of the previous value where
    that means something (not for a percentage, not from 0). A row of one year only has no change: when the
    age bands change, the bands both years have (a row is named by its ages, `52-65`) and the total are still
    compared.
    """
    keys = ["table", "row", "column"]
    both = pd.merge(previous[keys + ["value"]].rename(columns={"value": "previous"}), current[keys + ["value"]],
                    on=keys, how="outer", sort=False)
    # Current rows first, in the order of the year's tables, then the rows that are gone.
    order = {k: i for i, k in enumerate(zip(current["table"], current["row"], current["column"]))}
    both["_order"] = [order.get(k, len(order) + i) for i, k in enumerate(zip(both["table"], both["row"],
                                                                           both["column"]))]
    both = both.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    changed, percent = [], []
    for row in both.itertuples():
        if pd.isna(row.previous) or pd.isna(row.value):
            changed.append(None)
            percent.append(None)
            continue
        difference = float(row.value) - float(row.previous)
        changed.append(round(difference, 2))
        spec = REGISTRY.tables.get(row.table)
        kind = spec.static_kind(row.column) if spec and row.column in spec.columns else None
        meaningful = kind != PERCENT and float(row.previous) != 0
        percent.append(round(difference / float(row.previous) * 100, 1) if meaningful else None)
    both["change"] = changed
    both["change_pct"] = percent
    return both[CHANGE_COLUMNS]


def write(frame: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """`folder/history.csv` and `folder/history.parquet`, each replaced at once (written beside, renamed)."""
    import os

    folder = Path(folder)
    csv, parquet = folder / "history.csv", folder / "history.parquet"
    out = frame.copy()
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    for target, write_to in ((csv, lambda p: _whole(out).to_csv(p, index=False, na_rep="", encoding="utf-8")),
                             (parquet, lambda p: _parquet(out, p))):
        partial = target.with_name(f".{target.name}.new")
        write_to(partial)
        os.replace(partial, target)
    return csv, parquet


def _whole(frame: pd.DataFrame) -> pd.DataFrame:
    from figures.compute import _whole as whole

    return whole(frame)


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "wb") as handle:
        frame.to_parquet(handle, index=False)
