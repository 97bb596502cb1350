"""The report as an Excel workbook, in the report's language, for readers and for analysts.

- An info sheet first: the title, year, language, source, data, the date of the
  render, how the figures were checked and the errata.
- A reader sheet per table of the registry: the table as the report prints it
  (the rows of its `present` function: names, never codes; the total rows; the
  report's column order; the year before and the change), with numbers stored
  as numbers in the language's formats, percentages as fractions with a
  percent format, and a change in percent beside each change.
  A number column holds numbers only: a count of zero that the report prints
  "/" is 0; a cell without a figure (not applicable, new this year, a change in
  percent from zero) is empty, and a notes column at the right of the table says
  why, on its row.
- An analyst sheet per table, `data_<table>`, one shape for every table: a
  `label` column first (the row's name in the report's language, so that every
  row can be sorted and filtered), then the CSV table's columns with their codes
  and values (percentages in whole percent, as in the CSV), and no total row:
  every row is a detail row, so a SUM or a pivot table never counts a total
  twice (the totals are on the reader sheets).

Every sheet has a named font, bold headers aligned as their columns, a frozen
header, rows tall enough for their wrapped text (openpyxl computes no row
heights: `row_heights` estimates them from the text and the column's width),
and a print set-up that never splits a sheet's columns over pages (fit to the
page width, header rows repeated, landscape when wide).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from figures.chapters.trends import PERCENT_1
from figures.i18n import formats, text
from figures.present import Cell, ReaderTable
from figures.registry import COUNT, DAYS, MONEY, PERCENT, REGISTRY, TOTAL
from figures.xlsx import fixed_bytes

FONT = "Arial"
BODY_FONT = Font(name=FONT, size=10)
HEADER_FONT = Font(name=FONT, size=10, bold=True)
TITLE_FONT = Font(name=FONT, size=12, bold=True)
NOTE_FONT = Font(name=FONT, size=10, italic=True)      # what a reader must read with the figures
TOTAL_BORDER = Border(top=Side(style="thin"))
ANALYST_PREFIX = "data_"
# A sheet wider than this (in Excel's character widths) is printed in landscape.
PORTRAIT_WIDTH = 100
MAX_WIDTH = 50
# The analyst sheets' first column: the row's name in the report's language.
LABEL_COLUMN = "label"


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


# ---------------------------------------------------------------- row heights

# Advance widths of Helvetica (= Arial) in thousandths of the font size, printable ASCII from the space on
# (the font's published metrics); a letter with an accent is as wide as the letter, anything else as a digit.
_WIDTHS = [278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278,     # space to /
           *[556] * 10, 278, 278, 584, 584, 584, 556, 1015,                                     # 0-9 to @
           667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667,       # A-P
           778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 222,       # Q-Z to `
           556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,       # a-p
           556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]                 # q-z to ~
# Where Arial is missing the spreadsheet program takes another font: DejaVu Sans, the widest that Linux
# desktops substitute, sets text about 12 % wider. Estimates are made that much wider, and a little more.
_SUBSTITUTE = 1.15
_BOLD = 1.08                    # Arial Bold against Arial, on average
LINE_HEIGHT = 1.275             # a line of text in points per point of font size (Excel: 12.75 pt at 10 pt)
DEFAULT_HEIGHT = 12.75          # the row height of one line of 10 pt text
DEFAULT_COLUMN_WIDTH = 8.43     # Excel's column width when none is set


def _char_width(char: str) -> int:
    code = ord(char)
    if not 32 <= code <= 126:
        base = unicodedata.normalize("NFD", char)[:1]
        code = ord(base) if base and 32 <= ord(base) <= 126 else ord("0")
    return _WIDTHS[code - 32]


def text_width(value: str, font: Font = BODY_FONT) -> float:
    """The width of `value` in points, in `font`, as wide as a substitute font may set it."""
    size = font.sz or 10
    return sum(_char_width(c) for c in value) * size / 1000 * _SUBSTITUTE * (_BOLD if font.b else 1)


def column_points(width: float) -> float:
    """The room for text in a column of `width` (Excel's unit: digits of the default font, 7 px each, with
    5 px of margins), in points, less a cell's padding on both sides."""
    return (7 * width + 5) * 0.75 - 4


def lines_needed(value: str, width: float, font: Font = BODY_FONT, indent: int = 0) -> int:
    """How many lines `value` takes wrapped in a column of `width` (less `indent` levels of 10 px): words fill
    a line until the next one does not fit; a word longer than the line is cut over several (as spreadsheet
    programs do)."""
    room = column_points(width) - 7.5 * indent
    space = text_width(" ", font)
    lines = 0
    for paragraph in str(value).split("\n"):
        used, lines = None, lines + 1
        for word in paragraph.split():
            wide = text_width(word, font)
            if used is not None and used + space + wide <= room:
                used += space + wide
                continue
            if used is not None:
                lines += 1
            extra = max(0, math.ceil(wide / room) - 1)
            lines += extra
            used = wide - extra * room
    return max(lines, 1)


def row_heights(sheet) -> None:
    """Make every row with wrapped or large text tall enough for it: openpyxl computes no heights, and a
    spreadsheet program opening the file may not either (then wrapped lines print over the next row). A cell
    merged across columns wraps in their width together."""
    widths = {}
    merged = {}
    for cells in sheet.merged_cells.ranges:
        if cells.min_row == cells.max_row:
            merged[(cells.min_row, cells.min_col)] = [get_column_letter(c) for c in
                                                      range(cells.min_col, cells.max_col + 1)]
    for row in sheet.iter_rows():
        height = 0.0
        for cell in row:
            if cell.value is None or cell.value == "":
                continue
            font = cell.font or BODY_FONT
            size = font.sz or 10
            lines = 1
            if cell.alignment is not None and cell.alignment.wrap_text:
                for letter in merged.get((cell.row, cell.column), [cell.column_letter]):
                    if letter not in widths:
                        dimension = sheet.column_dimensions.get(letter)     # (get: looking does not add one)
                        widths[letter] = dimension.width if dimension is not None and dimension.customWidth \
                            else DEFAULT_COLUMN_WIDTH
                width = sum(widths[letter] for letter in merged.get((cell.row, cell.column), [cell.column_letter]))
                lines = lines_needed(str(cell.value), width, font, int(cell.alignment.indent or 0))
            height = max(height, lines * size * LINE_HEIGHT)
        if height > DEFAULT_HEIGHT:
            sheet.row_dimensions[row[0].row].height = round(height + 1.5, 2)


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


def _reader_value(shown, part: str, header: str, numeric: bool, lang: str) -> tuple[object, str | None, str | None]:
    """The value, number format and note of a reader's cell: the number it shows, or its text; in a number
    column a cell without a number is empty, and its note says why (not applicable, new, ...)."""
    if part == "pct":
        if isinstance(shown, Cell) and shown.change_pct is not None:
            return round(shown.change_pct / 100, 6), formats.excel_fraction_format(lang, 1, signed=True), None
        if isinstance(shown, Cell) and shown.change and shown.number == 0:     # no change: 0 %
            return 0, formats.excel_fraction_format(lang, 1, signed=True), None
        if isinstance(shown, Cell) and shown.change and shown.number is not None:
            return None, None, text("excel_layout.note.no_pct", lang, column=header)
        return None, None, None
    if not isinstance(shown, Cell) or shown.number is None:
        if not numeric or shown in (None, ""):
            return (str(shown) if shown not in (None, "") else None), None, None
        missing = getattr(shown, "missing", None)
        if missing == "hidden":         # hidden to protect people (figures.disclosure): no number at all
            return None, None, text("disclosure.excel_note", lang, column=header)
        if missing in ("new", "not_applicable"):
            return None, None, text(f"excel_layout.note.{missing}", lang, column=header)
        return None, None, text("excel_layout.note.value", lang, column=header, value=str(shown))
    if shown.kind == PERCENT:
        return shown.number / 100, formats.excel_fraction_format(lang), None
    if shown.kind == PERCENT_1:             # a share with one decimal (the trends)
        return round(shown.number / 100, 6), formats.excel_fraction_format(lang, 1), None
    number_format = _number_format(shown.kind, pd.Series([shown.number]), lang)
    if shown.change and number_format:
        number_format = formats.signed_format(number_format)
    return _number(shown.number), number_format, None


def _reader_sheet(sheet, tables: list[ReaderTable], lang: str, below: list[str] = ()) -> None:
    """The reader's tables of one table of the registry, one under the other, each with its caption; a
    notes column after a table's last column when a number cell of it is empty; `below` them the lines a
    reader must see with the figures (sample data, a correction of the printed report), each across the
    table's width."""
    row, widths = 1, {}
    for position, table in enumerate(tables):
        if position:
            row += 1
        _put(sheet, row, 1, table.title, font=TITLE_FONT)
        row += 1
        columns = _columns(table, lang)
        lines = [(r, False) for r in table.rows] + ([(table.total, True)] if table.total else [])
        written = []
        for values, total in lines:
            cells, notes = [], []
            for header, index, part in columns:
                shown = values[index] if index < len(values) else ""
                value, number_format, note = _reader_value(shown, part, header, index >= table.numeric_from, lang)
                cells.append((value, number_format, len(str(shown)) + (3 if part == "pct" else 0)))
                if note:
                    notes.append(note)
            written.append((cells, notes, total))
        noted = any(notes for _, notes, _ in written)
        headers = [h for h, _, _ in columns] + ([text("excel_layout.notes", lang)] if noted else [])
        if position == 0:
            sheet.freeze_panes = f"A{row + 1}"
            sheet.print_title_rows = f"{row}:{row}"
        for number, header in enumerate(headers, start=1):
            numeric = number <= len(columns) and columns[number - 1][1] >= table.numeric_from
            cell = _put(sheet, row, number, header, font=HEADER_FONT)
            cell.alignment = Alignment(horizontal="right" if numeric else "left", vertical="bottom", wrap_text=True,
                                       indent=1 if number > len(columns) else 0)
            widths[number] = max(widths.get(number, 0), min(len(header), 24))
        for cells, notes, total in written:
            row += 1
            for number, ((value, number_format, shown_width), (_, index, _)) in enumerate(zip(cells, columns),
                                                                                       start=1):
                numeric = index >= table.numeric_from
                cell = _put(sheet, row, number, value, number_format, HEADER_FONT if total else BODY_FONT,
                            "right" if numeric else "left")
                if total:
                    cell.border = TOTAL_BORDER
                widths[number] = max(widths.get(number, 0), shown_width)
            if noted:
                note = text("excel_layout.note.join", lang).join(notes) if notes else None
                cell = _put(sheet, row, len(columns) + 1, note, font=HEADER_FONT if total else BODY_FONT,
                            align="left")
                # Indented: a note is text, and must not run on from the number right-aligned before it.
                cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
                if total:
                    cell.border = TOTAL_BORDER
                widths[len(columns) + 1] = max(widths.get(len(columns) + 1, 0), len(note or ""))
        row += 1
    _widths(sheet, widths)
    last = max(widths) if widths else 1
    for line in below:
        row += 1
        cell = _put(sheet, row, 1, line, font=NOTE_FONT, align="left")
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if last > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)


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

def detail_rows(spec, table: pd.DataFrame) -> pd.Series:
    """True for every row of `table` but its total rows (a key of "total", as the CSV writes them)."""
    if not spec.key or table.empty:
        return pd.Series(True, index=table.index)
    return table[spec.key[0]].astype(str) != TOTAL


def _row_names(name: str, spec, table: pd.DataFrame, labels: list[str] | None, lang: str) -> list[str]:
    """Each row's name in the report's language: its label as the report names it; the table's own name for
    a table whose rows have no label (training: one row); the key's codes when no label was given."""
    if labels is not None:
        return [str(label) for label in labels]
    if spec.row_labels is None:
        return [text(f"excel.sheet.{name}", lang)] * len(table)
    return [" ".join(str(v) for v in values) for values in table[list(spec.key)].itertuples(index=False)]


def _analyst_sheet(sheet, name: str, spec, table: pd.DataFrame, labels: list[str] | None, lang: str) -> None:
    """The CSV table's detail rows, each named: `label` (the row's name), then the CSV's column names, codes
    and values, with the language's number formats; no total row (a SUM of a column is its total)."""
    keep = detail_rows(spec, table).to_numpy()
    names = [n for n, kept in zip(_row_names(name, spec, table, labels, lang), keep) if kept]
    kinds = {column: series[keep].reset_index(drop=True) for column, series in spec.kinds(table).items()}
    table = table[keep].reset_index(drop=True)
    _put(sheet, 1, 1, LABEL_COLUMN, font=HEADER_FONT, align="left")
    for number, column in enumerate(table.columns, start=2):
        kind = spec.columns.get(column)
        numeric = kind in (COUNT, DAYS, MONEY, PERCENT) or pd.api.types.is_numeric_dtype(table[column])
        _put(sheet, 1, number, column, font=HEADER_FONT, align="right" if numeric else "left")
    for position, (label, values) in enumerate(zip(names, table.itertuples(index=False)), start=2):
        _put(sheet, position, 1, label, align="left")
        for number, value in enumerate(values, start=2):
            value = _cell_value(value)
            # At the top of the row, as the label beside it, when its row is taller (a long name wraps).
            _put(sheet, position, number, value, align="left" if isinstance(value, str) else "right")
    for number, column in enumerate(table.columns, start=2):
        if column not in kinds:         # the `hidden` column of a protected table (figures.disclosure)
            continue
        for kind in kinds[column].unique():
            rows = (kinds[column] == kind).to_numpy()
            number_format = _number_format(kind, table[column][rows], lang)
            if not number_format:
                continue
            for position in [i for i, hit in enumerate(rows) if hit]:
                sheet.cell(row=2 + position, column=number).number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    widths = {number: max([len(str(column))] + [len(str(v)) for v in table[column]])
              for number, column in enumerate(table.columns, start=2)}
    widths[1] = max([len(LABEL_COLUMN)] + [len(n) for n in names])
    _widths(sheet, widths)


# ---------------------------------------------------------------- the info sheet

def about(year: int, lang: str, date: dt.date, source: list[str], checked: list[str],
          errata: list[str]) -> list[tuple[str, str]]:
    """The info sheet's rows (what, text): the year, language, source and data, date, checks and errata."""
    rows = [(text("excel.info.year", lang), str(year)),
            (text("excel.info.language", lang), text(f"label.lang.{lang}", lang)),
            (text("excel.info.source", lang), _without_label(source[0], text("excel.info.source", lang)))]
    rows += [(text("excel.info.data", lang) if i == 0 else "", _without_label(line, text("excel.info.data", lang)))
             for i, line in enumerate(source[1:])]
    rows.append((text("excel.info.rendered", lang), formats.date(date, lang)))
    rows += [(text("excel.info.checked", lang) if i == 0 else "", line) for i, line in enumerate(checked)]
    rows += [(text("excel.info.errata", lang) if i == 0 else "", line) for i, line in enumerate(errata)]
    rows.append((text("excel.info.sheets", lang), text("excel.info.sheets_text", lang)))
    rows.append((text("excel_layout.empty_cells", lang), text("excel_layout.empty_cells_text", lang)))
    return rows


def _without_label(line: str, label: str) -> str:
    """`line` without a leading `label:` that would repeat the label beside it ("Source | Source : SPF ...")."""
    found = re.match(rf"\s*{re.escape(label)}\s*:\s*", line, re.IGNORECASE)
    if not found or found.end() == len(line):
        return line
    rest = line[found.end():]
    return rest[0].upper() + rest[1:]


def _info_sheet(sheet, year: int, lang: str, rows: list[tuple[str, str]]) -> None:
    _put(sheet, 1, 1, text("report.title", lang, year=year), font=Font(name=FONT, size=14, bold=True))
    _put(sheet, 2, 1, text("report.subtitle", lang, year=year))
    for number, (what, line) in enumerate(rows, start=4):
        _put(sheet, number, 1, what or None, font=HEADER_FONT, align="left")
        _put(sheet, number, 2, line, align="left")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
    # The title and subtitle run on over the empty cells beside them; nothing else may.
    for cell in (sheet["A1"], sheet["A2"]):
        cell.alignment = Alignment(horizontal="left", vertical="top")


# ---------------------------------------------------------------- the workbook

# Reader sheets that are not a table of the registry, and the key of their title: the trends (every year).
SHEET_TITLES = {"trends": "chapter.trends"}


def write_workbook(tables: dict[str, pd.DataFrame], readers: dict[str, list[ReaderTable]], year: int, lang: str,
                   target: Path, date: dt.date | None = None, info: list[tuple[str, str]] = (),
                   labels: dict[str, list[str] | None] | None = None,
                   notes: dict[str, list[str]] | None = None) -> None:
    """Write the info sheet (`info`, see `about`), a reader sheet per table of `readers` (the report's tables,
    with the `notes` of each under it)
    and an analyst sheet per table of `tables` (the CSV tables, each row named by its `labels` in `lang`) to
    `target`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = text("excel.sheet.info", lang)
    _info_sheet(sheet, year, lang, list(info))
    for name, reader in readers.items():
        _reader_sheet(workbook.create_sheet(text(SHEET_TITLES.get(name, f"excel.sheet.{name}"), lang)), reader, lang,
                      (notes or {}).get(name, []))
    for name, table in tables.items():
        _analyst_sheet(workbook.create_sheet(f"{ANALYST_PREFIX}{name}"), name, REGISTRY.tables[name], table,
                       (labels or {}).get(name), lang)
    for sheet in workbook.worksheets:
        row_heights(sheet)
        _print_setup(sheet)
    workbook.properties.title = text("report.title", lang, year=year)
    workbook.properties.language = lang
    # Dated as the report is, and without the wall-clock time openpyxl puts in: the same bytes every render.
    day = date or dt.date.today()
    Path(target).write_bytes(fixed_bytes(workbook, dt.datetime(day.year, day.month, day.day), creator="figures"))
