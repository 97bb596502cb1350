"""The tables as an Excel workbook: one sheet per table, in the report's language.

Each sheet holds the values of the CSV table exactly (codes and numbers as
computed), preceded by a column with the names a reader knows, with a bold
and frozen header row, number formats of the language and fitted widths.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from figures import labels
from figures.i18n import formats, text

# The kind of each numeric column, for its number format.
KINDS = {"staff": "count", "percent": "percent", "women": "count", "men": "count", "x": "count", "total": "count",
         "training_days": "days", "staff_trained": "count", "training_types": "count", "meetings": "count",
         "e_procedures": "count", "words": "count", "amount_eur": "money"}


def _row_labels(name: str, table: pd.DataFrame, data_labels: dict, lang: str) -> list[str] | None:
    """The reader's name of each row, or None for a table whose codes are its names."""
    total = text("report.total", lang)
    if name == "gender_by_level":
        return [labels.level(v, lang) for v in table["level"]]
    if name == "meetings":
        return [labels.body(v, lang) for v in table["body"]]
    if name == "translations_by_type":
        return [labels.text_type(v, lang) for v in table["text_type"]]
    if name == "translations_by_pair":
        return [labels.pair(s, t, lang) for s, t in zip(table["source_lang"], table["target_lang"])]
    if name == "budget":
        return [data_labels["budget"][c] for c in table["code"]]
    if name == "subsidies":  # activities in file order, then the total row
        return list(data_labels["subsidies"]) + [total]
    return None


def _number_format(column: str, values: pd.Series, lang: str) -> str | None:
    kind = KINDS.get(column)
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if kind == "money" and not (numbers.round(0) == numbers).all():
        kind = "money_cents"
    if kind == "days" and (numbers.round(0) == numbers).all():
        kind = "count"
    return formats.excel_format(kind, lang) if kind else None


def _cell_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def write_workbook(tables: dict[str, pd.DataFrame], data_labels: dict, year: int, lang: str, target: Path) -> None:
    """Write every table of `tables` (the CSV tables) to `target`, one sheet each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, table in tables.items():
        sheet = workbook.create_sheet(text(f"excel.sheet.{name}", lang))
        row_labels = _row_labels(name, table, data_labels, lang)
        headers = ([text("excel_column.label", lang)] if row_labels else []) + \
                  [text(f"excel_column.{c}", lang) for c in table.columns]
        sheet.append(headers)
        for position, row in enumerate(table.itertuples(index=False)):
            values = [_cell_value(v) for v in row]
            sheet.append(([row_labels[position]] if row_labels else []) + values)
        offset = 1 if row_labels else 0
        for index, column in enumerate(table.columns, start=1 + offset):
            number_format = _number_format(column, table[column], lang)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for index, column_cells in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    workbook.properties.title = text("report.title", lang, year=year)
    workbook.save(target)
