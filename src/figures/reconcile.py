"""Reconciliation: the computed tables against the published figures, cell by cell.

The published figures are transcribed in data/reference/published/<year>.yaml.
Every published cell gets a status: `match`; `erratum` (differs, and the
difference is listed in the file's errata with the printed and the correct
value); `approximate` (the publication gives a range in words, and the
computed value is inside it); or `difference` (anything else: a failure).

A published row is found in the computed table by the table's declared key
(one column, or several: `key: [campaign, measure, country]`); the figures
compared are the published row's other columns, and `label`, the row's name
in the publication's language, compared with the table's declared row label.
The totals a report prints but a CSV leaves out come from the table's
declared `printed_totals`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from figures.registry import REGISTRY, TEXT_KINDS

MATCH, ERRATUM, APPROXIMATE, DIFFERENCE = "match", "erratum", "approximate", "difference"
# How the publication writes a count of zero and "not applicable" alike.
PRINTED_NOTHING = "/"
# A published row or column that the computed tables do not have at all.
MISSING = "(missing)"


# The language the report was published in, unless the file says otherwise (`lang: fr`).
PUBLISHED_LANG = "nl"
COLUMNS = ["table", "row", "column", "published", "computed", "status", "note"]


@dataclass(frozen=True)
class Published:
    year: int
    source: str
    tables: dict
    errata: list[dict]
    lang: str = PUBLISHED_LANG
    # Column headings the report prints wrongly: {table, column, printed, note: {lang: text}} (no figure changes).
    headings: tuple = ()


def read_published(path: Path) -> Published:
    from figures import safe_yaml

    data = safe_yaml.load(path)
    return Published(int(data["year"]), data.get("source", ""), data["tables"], data.get("errata") or [],
                     data.get("lang", PUBLISHED_LANG), tuple(data.get("headings") or ()))


def _key_columns(spec: dict) -> tuple[str, ...]:
    key = spec.get("key")
    if key is None:
        return ()
    return tuple(key) if isinstance(key, list) else (key,)


def _key_text(value) -> str:
    """A key cell as text; an empty cell (a campaign figure for no country in particular) is ""."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def row_name(values) -> str:
    """A row's key as the reconciliation names it: `52-65`, or `osaka_videos/views/social_media/` for a key of
    several columns (an empty cell is empty between its slashes)."""
    return "/".join(_key_text(v) for v in values)


def _computed_cell(table: pd.DataFrame, labels: list | None, key: tuple[str, ...], row_key: tuple, occurrence: int,
                   column: str):
    """The computed value of a published cell; `occurrence` counts earlier published rows with the same key
    (two subsidies to one beneficiary are matched in file order)."""
    match = pd.Series(True, index=table.index)
    for name, wanted in zip(key, row_key):
        if name not in table:
            return MISSING
        match &= table[name].map(_key_text) == _key_text(wanted)
    positions = [i for i, hit in enumerate(match) if hit]
    if len(positions) <= occurrence:
        return MISSING
    position = positions[occurrence]
    if column == "label":
        if labels is None or position >= len(labels):
            return MISSING
        return labels[position]
    if column not in table:
        return MISSING
    value = table[column].iloc[position]
    return None if pd.isna(value) else value


_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\u00a0": " "})


def plain(label: str) -> str:
    """A label without its typography (a printed "Belgium Pub" is the data's “Belgium Pub”)."""
    return " ".join(label.translate(_PLAIN).replace('" ', '"').replace(' "', '"').split())


def _compare(published, computed) -> str:
    if computed is MISSING:
        return DIFFERENCE
    if isinstance(published, dict):
        # "bijna 1 miljoen": at least 950 000 and below 1 000 000; "meer dan 153 miljoen": at least, no bound above.
        inside = isinstance(computed, (int, float)) and published["at_least"] <= computed \
            and ("below" not in published or computed < published["below"])
        return APPROXIMATE if inside else DIFFERENCE
    if published == PRINTED_NOTHING:
        return MATCH if computed is None or computed == 0 else DIFFERENCE
    if isinstance(published, (int, float)) and isinstance(computed, (int, float)):
        return MATCH if abs(published - computed) < 0.005 else DIFFERENCE
    if isinstance(published, str) and isinstance(computed, str):
        return MATCH if plain(published) == plain(computed) else DIFFERENCE
    return MATCH if published == computed else DIFFERENCE


def reconcile(published: Published, tables: dict[str, pd.DataFrame], labels: dict[str, list[str] | None]) -> pd.DataFrame:
    """One row per published cell: table, row, column, published, computed, status, note.

    `labels` holds each table's row labels in the publication's language (the tables' own `row_labels`,
    with their fallbacks). `note` is the erratum's explanation in every language ({lang: text}), or {}.
    """
    return frame(rows(published, tables, labels))


def frame(records: list[dict]) -> pd.DataFrame:
    """The reconciliation of `records` (the rows of `rows`, as built or read back from JSON)."""
    return pd.DataFrame(records, columns=COLUMNS)


def rows(published: Published, tables: dict[str, pd.DataFrame], labels: dict[str, list[str] | None]) -> list[dict]:
    """`reconcile`'s rows as plain values (text, numbers, the note's dict), in published order."""
    errata = {(e["table"], str(e["row"]), e["column"]): e for e in published.errata}
    results = []
    for name, spec in published.tables.items():
        declared = REGISTRY.tables.get(name)
        if declared is None or not declared.reconciled:
            raise ValueError(f"the published figures name a table that is not reconciled: {name}")
        key = _key_columns(spec)
        table = tables[name]
        row_labels = labels.get(name)
        if declared.printed_totals is not None:
            extended = declared.printed_totals(table)
            row_labels = None if row_labels is None else list(row_labels) + [None] * (len(extended) - len(table))
            table = extended
        # Columns of the table that describe a row rather than count (a budget line's group) are not figures.
        descriptive = {c for c, kind in declared.columns.items() if kind in TEXT_KINDS}
        occurrences: dict = {}
        for row in spec["rows"]:
            row_key = tuple(row.get(k) for k in key)
            occurrence = occurrences[row_key] = occurrences.get(row_key, -1) + 1
            for column, printed in row.items():
                if column in key or column in descriptive:
                    continue
                computed = _computed_cell(table, row_labels, key, row_key, occurrence, column)
                if isinstance(computed, float) and computed.is_integer():
                    computed = int(computed)
                if hasattr(computed, "item"):
                    computed = computed.item()
                status, note = _compare(printed, computed), {}
                erratum = errata.get((name, row_name(row_key), column))
                if status == DIFFERENCE and erratum is not None:
                    if erratum["printed"] == printed and _compare(erratum["correct"], computed) == MATCH:
                        status = ERRATUM
                    note = dict(erratum.get("note") or {})
                shown = printed["printed"] if isinstance(printed, dict) else printed
                results.append({"table": name, "row": row_name(row_key) if key else "", "column": column,
                                "published": shown, "computed": "" if computed is None else computed,
                                "status": status, "note": note})
    return results


def in_language(result: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The reconciliation with each note in `lang` (empty where there is none)."""
    out = result.copy()
    out["note"] = [note.get(lang, "") if isinstance(note, dict) else note for note in result["note"]]
    return out


def unexplained(result: pd.DataFrame) -> pd.DataFrame:
    """The differences that no erratum explains."""
    return result[result["status"] == DIFFERENCE]
