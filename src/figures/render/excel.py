"""The report as an Excel workbook, in the report's language, for readers and for analysts.

- An info sheet first: the title, year, language, source, data, the date of the
  render, how the figures were checked and the errata.
- A reader sheet per table of the registry: the table as the report prints it
  (the rows of its `present` function: names, never codes; the total rows; the
  report's column order; the year before and the change), with numbers stored
  as numbers in the language's formats, percentages as fractions with a
  percent format, and a change in percent beside each change.
- An analyst sheet per table, `data_<table>`: the CSV table exactly, with its
  codes and its column names (percentages in whole percent, as in the CSV).

Every sheet has a named font, bold headers aligned as their columns, a frozen
header, and a print set-up that never splits a sheet's columns over pages (fit
to the page width, header rows repeated, landscape when wide).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from figures.i18n import formats, text
from figures.present import Cell, ReaderTable
from figures.registry import COUNT, DAYS, MONEY, PERCENT, REGISTRY
from figures.xlsx import fixed_bytes

FONT = "Arial"
BODY_FONT = Font(name=FONT, size=10)
HEADER_FONT = Font(name=FONT, size=10, bold=True)
TITLE_FONT = Font(name=FONT, size=12, bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"))
ANALYST_PREFIX = "data_"
# A sheet wider than this (in Excel's character widths) is printed in landscape.
PORTRAIT_WIDTH = 100
MAX_WIDTH = 50


def _number_format(kind: str, values: pd.Series, lang: str) -> str | None:
    """The Excel format of a cell of `kind`; money shows cents and days a decimal only when the values have any."""
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


def _number(value):
    value = float(value)
    return int(value) if value.is_integer() else value


def _put(sheet, row: int, column: int, value, number_format: str | None = None, font: Font = BODY_FONT,
         align: str | None = None):
    """Write one cell; text is always text (a label typed as `=HYPERLINK(...)` must not become a formula)."""
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    cell.font = font
    if align:
        cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=align == "left")
    return cell


# ---------------------------------------------------------------- reader sheets

def _columns(table: ReaderTable, lang: str) -> list[tuple[str, int, str]]:
    """The sheet's columns of a reader's table: (header, column of the table, part); a change column is
    followed by its change in percent (part "pct")."""
    rows = table.rows + ([table.total] if table.total else [])
    out = []
    for index, header in enumerate(table.headers):
        out.append((header, index, "value"))
        if any(isinstance(r[index], Cell) and r[index].change for r in rows if index < len(r)):
            out.append((text("excel_column.change_pct", lang, column=header), index, "pct"))
    return out


def _reader_value(shown, part: str, lang: str) -> tuple[object, str | None]:
    """The value and number format of a reader's cell: the number it shows, or its text."""
    if part == "pct":
        if isinstance(shown, Cell) and shown.change_pct is not None:
            return round(shown.change_pct / 100, 6), formats.excel_fraction_format(lang, 1, signed=True)
        return None, None
    if not isinstance(shown, Cell) or shown.number is None:
        return (str(shown) if shown not in (None, "") else None), None
    if shown.kind == PERCENT:
        return shown.number / 100, formats.excel_fraction_format(lang)
    number_format = _number_format(shown.kind, pd.Series([shown.number]), lang)
    if shown.change and number_format:
        number_format = formats.signed_format(number_format)
    return _number(shown.number), number_format


def _reader_sheet(sheet, tables: list[ReaderTable], lang: str) -> None:
    """The reader's tables of one table of the registry, one under the other, each with its caption."""
    row, widths = 1, {}
    for position, table in enumerate(tables):
        if position:
            row += 1
        _put(sheet, row, 1, table.title, font=TITLE_FONT)
        row += 1
        columns = _columns(table, lang)
        if position == 0:
            sheet.freeze_panes = f"A{row + 1}"
            sheet.print_title_rows = f"{row}:{row}"
        for number, (header, index, _) in enumerate(columns, start=1):
            numeric = index >= table.numeric_from
            cell = _put(sheet, row, number, header, font=HEADER_FONT, align="right" if numeric else "left")
            cell.alignment = Alignment(horizontal="right" if numeric else "left", vertical="bottom", wrap_text=True)
            widths[number] = max(widths.get(number, 0), min(len(header), 24))
        for values, total in [(r, False) for r in table.rows] + ([(table.total, True)] if table.total else []):
            row += 1
            for number, (_, index, part) in enumerate(columns, start=1):
                shown = values[index] if index < len(values) else ""
                value, number_format = _reader_value(shown, part, lang)
                numeric = index >= table.numeric_from
                cell = _put(sheet, row, number, value, number_format, HEADER_FONT if total else BODY_FONT,
                            "right" if numeric else "left")
                if total:
                    cell.border = TOTAL_BORDER
                widths[number] = max(widths.get(number, 0), len(str(shown)) + (3 if part == "pct" else 0))
        row += 1
    _widths(sheet, widths)


def _widths(sheet, widths: dict[int, int]) -> None:
    for number, width in widths.items():
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, 8), MAX_WIDTH)


def _print_setup(sheet) -> None:
    """Never split a sheet's columns over pages: fit to the page width (as many pages down as needed),
    A4, landscape when wide, the sheet's name and the page number in the footer."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    width = sum(d.width or 8 for d in sheet.column_dimensions.values())
    sheet.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "&P / &N"


# ---------------------------------------------------------------- analyst sheets

def _analyst_sheet(sheet, spec, table: pd.DataFrame, lang: str) -> None:
    """The CSV table exactly: its column names, codes and values, with the language's number formats."""
    for number, column in enumerate(table.columns, start=1):
        kind = spec.columns.get(column)
        numeric = kind in (COUNT, DAYS, MONEY, PERCENT) or pd.api.types.is_numeric_dtype(table[column])
        _put(sheet, 1, number, column, font=HEADER_FONT, align="right" if numeric else "left")
    kinds = spec.kinds(table)
    for position, values in enumerate(table.itertuples(index=False), start=2):
        for number, value in enumerate(values, start=1):
            _put(sheet, position, number, _cell_value(value))
    for number, column in enumerate(table.columns, start=1):
        for kind in kinds[column].unique():
            rows = (kinds[column] == kind).to_numpy()
            number_format = _number_format(kind, table[column][rows], lang)
            if not number_format:
                continue
            for position in [i for i, hit in enumerate(rows) if hit]:
                sheet.cell(row=2 + position, column=number).number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _widths(sheet, {number: max([len(str(column))] + [len(str(v)) for v in table[column]])
                    for number, column in enumerate(table.columns, start=1)})


# ---------------------------------------------------------------- the info sheet

def about(year: int, lang: str, date: dt.date, source: list[str], checked: list[str],
          errata: list[str]) -> list[tuple[str, str]]:
    """The info sheet's rows (what, text): the year, language, source and data, date, checks and errata."""
    rows = [(text("excel.info.year", lang), str(year)),
            (text("excel.info.language", lang), text(f"label.lang.{lang}", lang)),
            (text("excel.info.source", lang), source[0])]
    rows += [(text("excel.info.data", lang) if i == 0 else "", line) for i, line in enumerate(source[1:])]
    rows.append((text("excel.info.rendered", lang), formats.date(date, lang)))
    rows += [(text("excel.info.checked", lang) if i == 0 else "", line) for i, line in enumerate(checked)]
    rows += [(text("excel.info.errata", lang) if i == 0 else "", line) for i, line in enumerate(errata)]
    rows.append((text("excel.info.sheets", lang), text("excel.info.sheets_text", lang)))
    return rows


def _info_sheet(sheet, year: int, lang: str, rows: list[tuple[str, str]]) -> None:
    _put(sheet, 1, 1, text("report.title", lang, year=year), font=Font(name=FONT, size=14, bold=True))
    _put(sheet, 2, 1, text("report.subtitle", lang, year=year))
    for number, (what, line) in enumerate(rows, start=4):
        _put(sheet, number, 1, what or None, font=HEADER_FONT, align="left")
        _put(sheet, number, 2, line, align="left")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70


# ---------------------------------------------------------------- the workbook

def write_workbook(tables: dict[str, pd.DataFrame], readers: dict[str, list[ReaderTable]], year: int, lang: str,
                   target: Path, date: dt.date | None = None, info: list[tuple[str, str]] = ()) -> None:
    """Write the info sheet (`info`, see `about`), a reader sheet per table of `readers` (the report's tables)
    and an analyst sheet per table of `tables` (the CSV tables) to `target`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = text("excel.sheet.info", lang)
    _info_sheet(sheet, year, lang, list(info))
    for name, reader in readers.items():
        _reader_sheet(workbook.create_sheet(text(f"excel.sheet.{name}", lang)), reader, lang)
    for name, table in tables.items():
        _analyst_sheet(workbook.create_sheet(f"{ANALYST_PREFIX}{name}"), REGISTRY.tables[name], table, lang)
    for sheet in workbook.worksheets:
        _print_setup(sheet)
    workbook.properties.title = text("report.title", lang, year=year)
    workbook.properties.language = lang
    # Dated as the report is, and without the wall-clock time openpyxl puts in: the same bytes every render.
    day = date or dt.date.today()
    Path(target).write_bytes(fixed_bytes(workbook, dt.datetime(day.year, day.month, day.day), creator="figures"))
