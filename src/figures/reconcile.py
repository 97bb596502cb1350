"""Reconciliation: the computed tables against the published figures, cell by cell.

The published figures are transcribed in data/reference/published/<year>.yaml.
Every published cell gets a status: `match`; `erratum` (differs, and the
difference is listed in the file's errata with the printed and the correct
value); `approximate` (the publication gives a range in words, and the
computed value is inside it); or `difference` (anything else: a failure).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from figures.i18n import text
from figures.tables import TOTAL
from figures.tables.budget import group_total

MATCH, ERRATUM, APPROXIMATE, DIFFERENCE = "match", "erratum", "approximate", "difference"
# How the publication writes a count of zero and "not applicable" alike.
PRINTED_NOTHING = "/"
# A published row or column that the computed tables do not have at all.
MISSING = "(missing)"


@dataclass(frozen=True)
class Published:
    year: int
    source: str
    tables: dict
    errata: list[dict]


def read_published(path: Path) -> Published:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return Published(int(data["year"]), data.get("source", ""), data["tables"], data.get("errata") or [])


def _with_derived_rows(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """The computed table plus the totals the publication prints but the CSV leaves to the reader."""
    if name == "age_bands":
        total = {"band": TOTAL, "staff": table["staff"].sum(), "percent": table["percent"].sum()}
        return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    if name == "budget":
        totals = [{"code": f"{group}_total", "group": group, "amount_eur": group_total(table, group)}
                  for group in table["group"].unique()]
        return pd.concat([table, pd.DataFrame(totals)], ignore_index=True)
    return table


def _computed_cell(table: pd.DataFrame, key: str | None, row_key, occurrence: int, column: str, labels: dict):
    """The computed value of a published cell; `occurrence` counts earlier published rows with the same key
    (two subsidies to one beneficiary are matched in file order)."""
    if column == "label":
        label = labels.get(row_key, MISSING)
        if isinstance(label, list):
            label = label[occurrence] if occurrence < len(label) else MISSING
        return label
    rows = table if key is None else table[table[key].astype(str) == str(row_key)]
    if len(rows) <= occurrence or column not in rows:
        return MISSING
    value = rows.iloc[occurrence][column]
    return None if pd.isna(value) else value


def _compare(published, computed) -> str:
    if computed is MISSING:
        return DIFFERENCE
    if isinstance(published, dict):
        inside = computed is not None and published["at_least"] <= computed < published["below"]
        return APPROXIMATE if inside else DIFFERENCE
    if published == PRINTED_NOTHING:
        return MATCH if computed is None or computed == 0 else DIFFERENCE
    if isinstance(published, (int, float)) and isinstance(computed, (int, float)):
        return MATCH if abs(published - computed) < 0.005 else DIFFERENCE
    return MATCH if published == computed else DIFFERENCE


def reconcile(published: Published, tables: dict[str, pd.DataFrame], labels: dict[str, dict],
              lang: str = "en") -> pd.DataFrame:
    """One row per published cell: table, row, column, published, computed, status, note."""
    errata = {(e["table"], str(e["row"]), e["column"]): e for e in published.errata}
    results = []
    for name, spec in published.tables.items():
        key = spec.get("key")
        table = _with_derived_rows(name, tables[name])
        occurrences: dict = {}
        for row in spec["rows"]:
            row_key = row.get(key) if key else None
            occurrence = occurrences[row_key] = occurrences.get(row_key, -1) + 1
            for column, printed in row.items():
                if column == key or column == "group":
                    continue
                computed = _computed_cell(table, key, row_key, occurrence, column, labels.get(name, {}))
                if isinstance(computed, float) and computed.is_integer():
                    computed = int(computed)
                status, note = _compare(printed, computed), ""
                erratum = errata.get((name, str(row_key), column))
                if status == DIFFERENCE and erratum is not None:
                    if erratum["printed"] == printed and _compare(erratum["correct"], computed) == MATCH:
                        status = ERRATUM
                    note = erratum["note"].get(lang, "")
                shown = printed["printed"] if isinstance(printed, dict) else printed
                results.append({"table": name, "row": "" if row_key is None else str(row_key), "column": column,
                                "published": shown, "computed": "" if computed is None else computed,
                                "status": status, "note": note})
    return pd.DataFrame(results, columns=["table", "row", "column", "published", "computed", "status", "note"])


def unexplained(result: pd.DataFrame) -> pd.DataFrame:
    """The differences that no erratum explains."""
    return result[result["status"] == DIFFERENCE]


def labels_for(clean: dict[str, pd.DataFrame], bodies: list, lang: str = "nl") -> dict[str, dict]:
    """The labels the publication prints next to the figures, from the catalogue and the data.

    Subsidies map a beneficiary to the activities of its subsidies in file order: the contract
    does not make beneficiaries unique.
    """
    budget, subsidies = clean["budget"], clean["subsidies"]
    activities: dict[str, list] = {}
    for beneficiary, activity in zip(subsidies["beneficiary"], subsidies[f"activity_{lang}"]):
        activities.setdefault(beneficiary, []).append(activity)
    return {
        "meetings": {b.code: text(f"body.{b.code}", lang) for b in bodies},
        "budget": dict(zip(budget["code"], budget[f"label_{lang}"])),
        "subsidies": activities,
    }
