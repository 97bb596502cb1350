"""The tables as an Excel workbook: one sheet per table of the registry, in the report's language.

Each sheet holds the values of the CSV table exactly (codes and numbers as
computed), preceded by a column with the names a reader knows (the table's
declared row labels), with a bold and frozen header row, number formats of the
language (from each column's declared kind) and fitted widths.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from figures.i18n import formats, text
from figures.registry import COUNT, DAYS, MONEY, REGISTRY
from figures.xlsx import fixed_bytes


def _number_format(kind: str, values: pd.Series, lang: str) -> str | None:
    """The Excel format of a cell of `kind`; money shows cents and days a decimal only when the column has any."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if kind == MONEY and not (numbers.round(0) == numbers).all():
        kind = "money_cents"
    if kind == DAYS and (numbers.round(0) == numbers).all():
        kind = COUNT
    try:
        return formats.excel_format(kind, lang)
    except ValueError:      # a text kind: no number format
        return None


def _cell_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _as_text(cells) -> None:
    """Every text written is text: a label typed as `=HYPERLINK(...)` or `=1+1` must not become a live formula."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _comparison_columns(sheet, spec, table: pd.DataFrame, changes: pd.DataFrame, previous_year: int, lang: str,
                        kinds: dict[str, pd.Series]) -> None:
    """After a table's own columns: for each compared column, its value the year before, the change and the
    change in percent (a fraction, shown as a percentage), row by row."""
    from figures.history import numbered
    from figures.reconcile import row_name

    found = {(str(r.row) if not pd.isna(r.row) else "", r.column): r for r in
             changes[changes["table"] == spec.name].itertuples()}
    if not found or all(pd.isna(r.previous) for r in found.values()):
        return                                  # not comparable (the rows changed): no columns at all
    keys = numbered([row_name([table[k].iloc[i] for k in spec.key]) if spec.key else "" for i in range(len(table))])
    first = sheet.max_column + 1
    for n, column in enumerate(spec.compared):
        base = first + 3 * n
        name = text(f"excel_column.{column}", lang)
        for offset, header in enumerate((f"{name} {previous_year}", f"{text('compare.change', lang)}: {name}",
                                         f"{text('compare.change', lang)} %: {name}")):
            cell = sheet.cell(1, base + offset, header)
            cell.data_type = "s"
        for position, key in enumerate(keys):
            change = found.get((key, column))
            if change is None:
                continue
            kind = kinds[column].iloc[position]
            values = (change.previous, change.change,
                      None if pd.isna(change.change_pct) else float(change.change_pct) / 100)
            number_formats = (_number_format(kind, pd.Series([change.previous]), lang),
                              _number_format(kind, pd.Series([change.change]), lang), "0.0%")
            for offset, (value, number_format) in enumerate(zip(values, number_formats)):
                if value is None or pd.isna(value):
                    continue
                cell = sheet.cell(2 + position, base + offset, float(value) if not float(value).is_integer()
                                  else int(value))
                if number_format:
                    cell.number_format = number_format


def write_workbook(tables: dict[str, pd.DataFrame], row_labels: dict[str, list[str] | None], year: int, lang: str,
                   target: Path, date: dt.date | None = None, changes: pd.DataFrame | None = None,
                   previous_year: int | None = None) -> None:
    """Write every table of `tables` (the CSV tables) to `target`, one sheet each, named by `row_labels`; with
    `changes`, each compared column is followed by the year before, the change and the change in percent."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, table in tables.items():
        spec = REGISTRY.tables[name]
        sheet = workbook.create_sheet(text(f"excel.sheet.{name}", lang))
        names = row_labels.get(name)
        headers = ([text("excel_column.label", lang)] if names else []) + \
                  [text(f"excel_column.{c}", lang) for c in table.columns]
        sheet.append(headers)
        _as_text(sheet[1])
        for position, row in enumerate(table.itertuples(index=False)):
            values = [_cell_value(v) for v in row]
            sheet.append(([names[position]] if names else []) + values)
            _as_text(sheet[sheet.max_row])
        offset = 1 if names else 0
        kinds = spec.kinds(table)
        for index, column in enumerate(table.columns, start=1 + offset):
            for kind in kinds[column].unique():
                rows = (kinds[column] == kind).to_numpy()
                number_format = _number_format(kind, table[column][rows], lang)
                if not number_format:
                    continue
                for position in [i for i, hit in enumerate(rows) if hit]:
                    sheet.cell(row=2 + position, column=index).number_format = number_format
        if changes is not None and spec.compared:
            _comparison_columns(sheet, spec, table, changes, previous_year, lang, kinds)
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for index, column_cells in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    workbook.properties.title = text("report.title", lang, year=year)
    # Dated as the report is, and without the wall-clock time openpyxl puts in: the same bytes every render.
    day = date or dt.date.today()
    Path(target).write_bytes(fixed_bytes(workbook, dt.datetime(day.year, day.month, day.day), creator="figures"))
