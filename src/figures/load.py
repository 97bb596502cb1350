"""Read the input workbooks: the one place where spreadsheets are opened.

Each source's sheet is read with calamine (the Rust reader behind pandas'
`engine="calamine"`, several times faster than openpyxl). It is called
directly rather than through `pandas.read_excel` because pandas drops blank
rows and leading empty columns, and the messages must name the exact cell.

Headers match case-insensitively, ignoring surrounding spaces; only the
contract's columns are kept, so extra columns (names, notes) never get further
than this module. Empty trailing rows are ignored.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from figures import guard, invisible, long_text, safe_files
from figures.digest import sha256
from figures.problems import ERROR, Amount, Message, Problem, msg
from figures.registry import REGISTRY, Source
from figures.rules import total_labels


@dataclass
class Sheet:
    """One source's rows as read: Python cell values, contract columns only.

    The index is the Excel row number, so any row can be named as in Excel.
    """

    source: Source
    path: Path
    frame: pd.DataFrame
    letters: dict[str, str]
    name: str = ""          # the sheet's name in the workbook (it may differ in case from the source's)
    # The workbook's bytes as read (once: every figure and message comes from them) and their SHA-256.
    content: bytes = b""
    sha256: str = ""
    # The rows a cell names as a totals row ("Totaal", in any column, the contract's or another): Excel row ->
    # the first such cell, as (its letter, its contract column or None, its value).
    totals: dict[int, tuple[str, str | None, str]] = field(default_factory=dict)
    # The sheet's merged cells, each as (first row, first column, last row, last column), numbered from 1: a
    # merged range holds only the value of its first cell.
    merged: tuple[tuple[int, int, int, int], ...] = ()
    # The contract columns whose every cell, as read, is text in ASCII without a control character: nothing
    # to normalise (figures.invisible) and no control character to refuse (figures.validate) in them.
    plain: frozenset[str] = frozenset()

    def merged_range(self, cell: str) -> str | None:
        """The merged range ("A3:A5") that hides `cell` (any of its cells but the first), or None."""
        letters = cell.rstrip("0123456789")
        row, column = int(cell[len(letters):]), guard.column_number(letters)
        for first_row, first_column, last_row, last_column in self.merged:
            if first_row <= row <= last_row and first_column <= column <= last_column \
                    and (row, column) != (first_row, first_column):
                return range_name(first_row, first_column, last_row, last_column)
        return None

    def merged_ranges_at(self, cells) -> dict[str, str]:
        """`merged_range` for many cells at once: each cell of `cells` hidden under a merged range -> the
        range. One sweep down the rows (ranges by their first row, the open ones by their last): time grows
        with the cells and the ranges, not with their product (50,000 empty cells beside 99,000 merged ranges
        took minutes one by one)."""
        import heapq

        wanted = []
        for cell in cells:
            letters = cell.rstrip("0123456789")
            wanted.append((int(cell[len(letters):]), guard.column_number(letters), cell))
        by_column: dict[int, list] = {}
        for row, column, cell in wanted:
            by_column.setdefault(column, []).append((row, cell))
        found: dict[str, str] = {}
        for column, asked in by_column.items():
            ranges = sorted(m for m in self.merged if m[1] <= column <= m[3])
            open_ranges: list = []
            at = 0
            for row, cell in sorted(asked):
                while at < len(ranges) and ranges[at][0] <= row:
                    heapq.heappush(open_ranges, (ranges[at][2], ranges[at]))
                    at += 1
                while open_ranges and open_ranges[0][0] < row:
                    heapq.heappop(open_ranges)
                for _, (first_row, first_column, last_row, last_column) in open_ranges:
                    if (row, column) != (first_row, first_column):
                        found[cell] = range_name(first_row, first_column, last_row, last_column)
                        break
        return found

    def cell(self, column: str, row: int) -> str:
        return f"{self.letters[column]}{row}"

    def problem(self, row: int, column: str, found: Message, expected: Message, severity: str = ERROR) -> Problem:
        """A problem in the cell of `column` on Excel row `row`."""
        source = self.source
        return Problem(source.file_name, found=found, expected=expected, sheet=source.sheet,
                       cell=self.cell(column, row), column=column, severity=severity,
                       order=(source_order(source), row, source.column_names.index(column)))


# Characters that cannot stand in a cell of the outputs (Excel refuses them): C0 controls but tab, line feed
# and carriage return. A workbook can carry them escaped (`_x000B_`).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _normalise_header(value: object) -> str:
    return str(value).strip().lower() if value is not None else ""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def source_order(source: Source) -> int:
    return REGISTRY.source_order(source.name)


def find_workbook(folder: Path, name: str) -> Path:
    """`folder/name`, or the one file whose name differs only in case (Staff.xlsx saved on Windows)."""
    exact = folder / name
    if exact.is_file() or not folder.is_dir():
        return exact
    matches = [p for p in folder.iterdir() if p.name.lower() == name.lower() and p.is_file()]
    return matches[0] if len(matches) == 1 else exact


def workbook_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of each source's workbook in `folder` (by the name actually found)."""
    found = (find_workbook(Path(folder), s.file_name) for s in REGISTRY.sources.values())
    return {path.name: sha256(path) for path in found if path.is_file()}


def read_source(source: Source, folder: Path) -> tuple[Sheet | None, list[Problem]]:
    """Read `<folder>/<source>.xlsx`; return the sheet, or None and the problems that stop it."""
    path = find_workbook(Path(folder), source.file_name)
    order = (source_order(source), 0, 0)
    if not os.path.lexists(path):
        # meetings.xls or meetings.csv beside it: say so, and how to make the .xlsx.
        others = sorted(p.name for p in Path(folder).glob("*") if p.stem.lower() == source.name and p != path) \
            if Path(folder).is_dir() else []
        found = msg("found.no_file_but", folder=str(folder), other=", ".join(others)) if others \
            else msg("found.no_file", folder=str(folder))
        return None, [Problem(source.file_name, found=found, expected=msg("expected.xlsx" if others else "expected.file"),
                              order=order)]
    # Read once (a regular file of bounded size, without a DOCTYPE): the hash, the checks and the figures all
    # come from these bytes, whatever happens to the file meanwhile. Read here and handed over as bytes: a
    # path that is not UTF-8 (a folder named on another system) would be read by the reader as another path.
    try:
        content = safe_files.read_workbook(path)
    except safe_files.FileRefused as refused:
        return None, [refused.problem(source.file_name, order)]
    if safe_files.password_protected(content):
        return None, [Problem(source.file_name, found=msg("harden.found.password"),
                              expected=msg("harden.expected.no_password"), order=order)]
    # A spreadsheet bomb is refused before the reader opens the file (it would abort the process): every part
    # of it is checked, whichever the reader would take (figures.guard).
    too_big = guard.workbook_problem(content, source.sheet)
    if too_big is not None:
        return None, [_too_big(source, too_big, order)]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
    except BaseException as error:  # calamine raises several types for a file that is not a workbook, or panics
        _let_interrupts_through(error)
        return None, [Problem(source.file_name, found=msg("found.not_workbook", reason=_first_line(error)),
                              expected=msg("expected.workbook"), order=order)]
    # The sheet named exactly as the source, or else the one sheet that matches ignoring case and spaces.
    wanted = [n for n in names if n == source.sheet] or [n for n in names if n.strip().lower() == source.sheet]
    if not wanted:
        return None, [Problem(source.file_name, sheet=source.sheet,
                              found=msg("found.sheets", sheets=", ".join(names) or "-"),
                              expected=msg("expected.sheet", sheet=source.sheet), order=order)]
    if len(wanted) > 1:
        return None, [Problem(source.file_name, sheet=source.sheet,
                              found=msg("found.two_sheets", sheets=", ".join(f'"{n}"' for n in wanted)),
                              expected=msg("expected.one_sheet", sheet=source.sheet), order=order)]
    out_of_memory = [Problem(source.file_name, sheet=wanted[0], found=msg("found.out_of_memory"),
                             expected=msg("expected.less_text"), order=order)]
    try:
        data = workbook.get_sheet_by_name(wanted[0])
        rows = data.to_python(skip_empty_area=False)
        merged = tuple((r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in (data.merged_cell_ranges or ()))
    except MemoryError:         # text within the limits, but beyond this machine's memory once read
        return None, out_of_memory
    except BaseException as error:  # a sheet the reader cannot read (a part shorter than its zip entry says)
        _let_interrupts_through(error)
        return None, [Problem(source.file_name, sheet=wanted[0],
                              found=msg("found.not_workbook", reason=_first_line(error)),
                              expected=msg("expected.workbook"), order=order)]
    del data
    try:
        sheet, problems = _sheet_from_rows(source, path, wanted[0], rows, merged)
    except MemoryError:
        return None, out_of_memory
    del rows
    if sheet is not None:
        sheet.content, sheet.sha256 = content, hashlib.sha256(content).hexdigest()
        # Texts in NFC, names without invisible format characters (a warning each): figures.invisible.
        problems = problems + invisible.clean_sheet(sheet)
        problems = problems + long_text.long_labels(sheet)        # names beyond what a page holds
    return sheet, problems


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:120]


def _let_interrupts_through(error: BaseException) -> None:
    """What the reader raises for a file it cannot read is one problem: its errors, and a panic of its Rust
    code (pyo3's PanicException derives from BaseException: `except Exception` let it through as a
    traceback). Ctrl-C and an exit are not the file's: raised again."""
    if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise error


def _too_big(source: Source, too_big: guard.TooBig, order) -> Problem:
    found, expected = _REFUSALS[too_big.kind](too_big)
    return Problem(source.file_name, sheet=too_big.sheet or None, found=found, expected=expected, order=order)


def _mib(size: int) -> int:
    return size // (1 << 20)


def _number(value: int) -> Amount:
    """A count or a size written as the reader's language writes numbers (4.769 in Dutch and German)."""
    return Amount(value)


# What is found and what is expected, for each kind of refusal of figures.guard.
_REFUSALS = {
    "part": lambda t: (msg("found.part_too_big", part=t.part, size=_number(_mib(t.size))),
                       msg("expected.part_size", limit=_number(_mib(t.limit)))),
    "extent": lambda t: (msg("found.sheet_extent", cell=t.cell, cells=_number(t.size)),
                         msg("expected.sheet_extent", limit=_number(t.limit))),
    "zip": lambda t: (msg("found.zip_two_ways", size=_number(t.size)) if t.size else msg("found.zip_end_record"),
                      msg("expected.saved_again")),
    "zip64": lambda t: (msg("found.zip64"), msg("expected.saved_again")),
    "extra": lambda t: (msg("found.zip_extra", part=t.part), msg("expected.saved_again")),
    "xls": lambda t: (msg("found.xls_workbook"), msg("expected.xlsx")),
    "merged": lambda t: (msg("found.merged_too_many", part=t.part, count=_number(t.size)),
                         msg("expected.merged_ranges", limit=_number(t.limit))),
    "slow": lambda t: (msg("found.slow_parts", size=_number(_mib(t.size))), msg("expected.slow_parts", limit=_number(_mib(t.limit)))),
    "format": lambda t: (msg("found.other_format", part=t.part), msg("expected.saved_again")),
    "count": lambda t: (msg("found.count_too_big", part=t.part, count=_number(t.size)), msg("expected.saved_again")),
    "name": lambda t: (msg("found.zip_name", part=t.part), msg("expected.saved_again")),
    "attribute": lambda t: (msg("found.long_value", part=t.part, size=_number(t.size)),
                            msg("expected.long_values", limit=_number(t.limit))),
    "strings": lambda t: (msg("found.strings_copied", size=_number(t.size >> 20)),
                          msg("expected.strings_copied", limit=_number(t.limit >> 20))),
    "unreadable": lambda t: (msg("found.part_unreadable", part=t.part) if t.part != "*" else msg("found.zip_unreadable"),
                             msg("expected.saved_again")),
}


def range_name(first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    """A range as Excel writes it: `B1:C1`."""
    return f"{guard.column_letters(first_column)}{first_row}:{guard.column_letters(last_column)}{last_row}"


def _merged_header_problems(source: Source, sheet_name: str, merged, missing: list[str]) -> list[Problem]:
    """Merged cells in row 1, when a header is missing: each range named, on its first cell (the one a
    spreadsheet keeps; the others read as empty, so their headers are lost)."""
    problems = []
    for first_row, first_column, last_row, last_column in sorted(merged, key=lambda m: m[1]):
        if first_row != 1:
            continue
        first = f"{guard.column_letters(first_column)}1"
        cells = range_name(first_row, first_column, last_row, last_column)
        problems.append(Problem(source.file_name, sheet=sheet_name, cell=first,
                                found=msg("clerk.found.merged_header", cells=cells, first=first),
                                expected=msg("clerk.expected.unmerged_header", cells=cells,
                                             columns=", ".join(missing)),
                                order=(source_order(source), 1, first_column - 1)))
    return problems


# What `pandas.api.types.infer_dtype` says of a column that holds no text (empty cells are None).
_NO_TEXT = {"empty", "floating", "integer", "mixed-integer-float", "decimal", "boolean", "date", "datetime",
            "datetime64", "time", "timedelta", "timedelta64", "period"}


def _texts(grid: np.ndarray, length: int) -> dict[int, tuple[list[str], str]]:
    """Each column of `grid` whose first `length` cells are all text, as most are: its cells, and their text
    joined by lines, once (the totals search and `Sheet.plain` both read it)."""
    texts = {}
    for index in range(grid.shape[1]):
        column = grid[:length, index]
        if pd.api.types.infer_dtype(column, skipna=True) == "string":
            values = column.tolist()
            texts[index] = values, "\n".join(values)
    return texts


def _totals_rows(grid: np.ndarray, length: int, columns: dict[int, str], cells: dict[str, np.ndarray],
                 texts: dict[int, tuple[list[str], str]]) -> dict[int, tuple[str, str | None, str]]:
    """The rows of `grid` (its first `length`) that a cell names as a totals row, by Excel row: the leftmost
    such cell. A column of text (`texts`) is searched at once (`rules.total_labels`); a contract column
    without text (its `cells`, blanks as None: dates, numbers) is not searched."""
    found: dict[int, tuple[str, str | None, str]] = {}
    for index in range(grid.shape[1]):
        if index in texts:
            values, joined = texts[index]
            labels = total_labels(values, joined)
            rows = range(len(values))
        elif index in columns and pd.api.types.infer_dtype(cells[columns[index]][:length], skipna=True) in _NO_TEXT:
            continue
        else:                                   # dates, numbers and text: its text cells, if any
            values = grid[:length, index].tolist()
            rows = [offset for offset, value in enumerate(values) if value.__class__ is str]
            labels = total_labels([values[offset] for offset in rows]) if rows else []
        for at in labels:
            found.setdefault(rows[at] + 2, (guard.column_letters(index + 1), columns.get(index), values[rows[at]]))
    return dict(sorted(found.items()))


def _without_blanks(values: np.ndarray) -> np.ndarray:
    """A column's cells (a copy), blank text (empty, or spaces only) as None."""
    cells = values.copy()
    try:                            # text only, as most columns are: no Python step per cell
        blank = np.fromiter(map(str.isspace, cells), dtype=bool, count=len(cells)) | (cells == "")
    except TypeError:               # numbers, dates, cells left empty (None): a look at each cell
        blank = [at for at, value in enumerate(cells.tolist()) if value.__class__ is str and not value.strip()]
    cells[blank] = None
    return cells


def _sheet_from_rows(source: Source, path: Path, sheet_name: str, rows: list[list],
                     merged: tuple[tuple[int, int, int, int], ...] = ()) -> tuple[Sheet | None, list[Problem]]:
    problems: list[Problem] = []
    header = rows[0] if rows else []
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        name = _normalise_header(value)
        if name not in source.column_names:
            continue
        if name in positions:
            problems.append(Problem(source.file_name, sheet=sheet_name, cell=f"{guard.column_letters(index + 1)}1",
                                    column=name, found=msg("found.duplicate_header",
                                                           first=f"{guard.column_letters(positions[name] + 1)}1"),
                                    expected=msg("expected.header_once"),
                                    order=(source_order(source), 1, index)))
        else:
            positions[name] = index
    present = ", ".join(str(v).strip() for v in header if not _blank(v)) or "-"
    found = msg("found.headers", headers=present)
    if any(c.personal for c in source.columns) and (
            not positions or any(not isinstance(v, str) and not _blank(v) for v in header)):
        # Row 1 looks like data (no contract header, or dates and numbers): in a file with
        # personal data it may hold an id or a birth date, which is never echoed.
        found = msg("found.other_withheld")
    missing = [c.name for c in source.columns if c.name not in positions and c.required]
    # A header lost under merged cells: the merge is named, not each header it hides.
    merges = _merged_header_problems(source, sheet_name, merged, missing) if missing else []
    problems += merges
    for position, column in enumerate(source.columns):
        if column.name in missing and not merges:
            problems.append(Problem(source.file_name, sheet=sheet_name, column=column.name,
                                    found=found,
                                    expected=msg("expected.column", column=column.name),
                                    order=(source_order(source), 1, position)))
    if problems:
        return None, problems

    # Column by column (a year can hold hundreds of thousands of rows): blank text is an empty cell, an
    # optional column that is absent has only empty cells, and empty rows at the end are not data.
    body = rows[1:]
    width = max([max(positions.values(), default=-1) + 1] + [len(row) for row in body[:1]])
    grid = np.empty((len(body), width), dtype=object)   # a column is then one slice (numpy copies in C)
    if body and set(map(len, body)) == {width}:  # the reader's rows are as wide as the sheet, as a rule
        grid[:] = body
    else:
        for i, row in enumerate(body):
            grid[i, :len(row)] = row[:width]
    columns = {name: _without_blanks(grid[:, positions[name]]) if name in positions
               else np.full(len(body), None, dtype=object) for name in source.column_names}
    length = len(body)
    while length and all(cells[length - 1] is None for cells in columns.values()):
        length -= 1
    # One block of cells, as read (dtype object: nothing is inferred; the types are checked by figures.validate).
    block = np.empty((length, len(columns)), dtype=object)
    for at, cells in enumerate(columns.values()):
        block[:, at] = cells[:length]
    frame = pd.DataFrame(block, columns=source.column_names, index=pd.RangeIndex(2, 2 + length, name="row"),
                         dtype=object, copy=False)
    letters = {c: guard.column_letters(positions[c] + 1) for c in source.column_names if c in positions}
    names = {at: name for name, at in positions.items()}
    texts = _texts(grid, length)
    totals = _totals_rows(grid, length, names, columns, texts)
    plain = frozenset(names[at] for at, (_, joined) in texts.items()
                      if at in names and joined.isascii() and not CONTROL.search(joined))
    return Sheet(source, path, frame, letters, sheet_name, totals=totals, merged=merged, plain=plain), []
