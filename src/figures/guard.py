"""Look inside a workbook before the reader opens it: refuse a spreadsheet bomb with a message, not a crash.

An .xlsx file is a zip of XML parts. The reader (calamine) loads the shared
strings when it opens a workbook and allocates a sheet's whole rectangle (rows
x columns up to its farthest cell) when it reads it, so a 10 KB file with one
value in cell XFD1048576 asks for 500 GB and aborts the process, and a small
file with 1 GB of unused shared strings takes more than 1 GB. Before either
happens, `archive_problem` checks the unpacked size of every part and
`extent_problem` finds the farthest cell of the sheet to be read (scanning its
XML, a stream, so the check itself stays small). The limits are far above any
real year: a federal service's 400,000 training rows are 110 MB of sheet XML
and 2 million cells.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

# Unpacked size of one part of the workbook (a sheet, the shared strings), and of all of them.
MAX_PART_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_SHARED_STRINGS_BYTES = 256 << 20
# Cells of the rectangle the reader allocates: rows x columns, to the farthest cell.
MAX_CELLS = 25_000_000

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class TooBig:
    """Why a workbook is refused: `kind` is "part" (a part too large unpacked) or "extent" (too many cells)."""

    kind: str
    part: str
    size: int              # bytes of the part, or cells of the extent
    limit: int
    cell: str = ""         # the farthest cell, for an extent


def archive_problem(path: Path) -> TooBig | None:
    """A part of the workbook that is too large once unpacked; None when the sizes are sane (or when the
    file is not a zip at all: the reader then says it is not a workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return None
    for info in infos:
        limit = MAX_SHARED_STRINGS_BYTES if info.filename.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES
        if info.file_size > limit:
            return TooBig("part", info.filename, info.file_size, limit)
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        return TooBig("part", "*", total, MAX_TOTAL_BYTES)
    return None


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the worksheet named `sheet` (xl/worksheets/sheetN.xml)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PACKAGE_RELS}Relationship")}
    for element in workbook.iter(f"{MAIN}sheet"):
        if element.get("name") == sheet:
            target = targets.get(element.get(RELATIONSHIP))
            if target is None:
                return None
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None


# The usual form, as Excel, LibreOffice and openpyxl write it: `<row r="12" ...>`, `<c r="B12" ...>`.
_ROW = re.compile(rb'<row r="(\d+)"')
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"')
# Any other form (attributes in another order, a namespace prefix, no `r`): the slower, general patterns.
_ANY_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_ANY_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*>")
_R = re.compile(rb'\br="([A-Z]*)(\d+)"')


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _scan(head: bytes) -> tuple[int, int, int]:
    """(farthest row, farthest column, number of row tags) of a piece of sheet XML.

    In the usual form every row tag says its number and every cell tag starts with its reference; the
    farthest row is then the largest row number, and the farthest column is found by looking for cells
    in two-letter columns (then every cell is read) or, failing that, for the last letter used. A cell
    whose row number has more digits than the farthest row is read too. Any other form is read tag by tag.
    """
    row_tags = head.count(b"<row ") + head.count(b"<row>")
    cell_tags = head.count(b"<c ") + head.count(b"<c>")
    usual = b":row" not in head and b":c " not in head and head.count(b'<c r="') == cell_tags
    rows = _ROW.findall(head) if usual else []
    if usual and len(rows) == row_tags:
        farthest_row = max(map(int, rows), default=0)
        # The columns used near the start (the header row names them all, as a rule); then one look for a
        # cell in a two-letter column, a cell whose row number has more digits than the farthest row, or a
        # cell in a column beyond the last seen.
        seen = max((column_number(c.decode("ascii")) for c in set(re.findall(rb'<c r="([A-Z])', head[:1 << 20]))),
                   default=0)
        beyond = bytes(range(65 + seen, 91))
        farther = rb'<c r="(?:[A-Z]{2}|[A-Z]\d{%d}' % (len(str(farthest_row)) + 1) + \
            (rb"|[" + beyond + rb"])" if beyond else rb")")
        if re.search(farther, head):
            letters, numbers = zip(*_CELL.findall(head))
            farthest_row = max(farthest_row, max(int(n) for n in set(numbers)))
            return farthest_row, max(column_number(c.decode("ascii")) for c in set(letters)), row_tags
        return farthest_row, seen, row_tags
    farthest_row = farthest_column = 0
    tags = _ANY_ROW.findall(head)
    for tag in tags + _ANY_CELL.findall(head):
        found = _R.search(tag)
        if found:
            farthest_row = max(farthest_row, int(found.group(2)))
            if found.group(1):
                farthest_column = max(farthest_column, column_number(found.group(1).decode("ascii")))
    return farthest_row, farthest_column, len(tags)


def farthest_cell(stream, chunk: int = 16 << 20) -> tuple[int, int]:
    """The last row and column used in a sheet's XML, read as a stream: (rows, columns)."""
    rows = columns = counted_rows = 0
    tail = b""
    while True:
        block = stream.read(chunk)
        data = tail + block
        # Keep the end of the block for the next one: a tag may be cut in two.
        cut = data.rfind(b"<") if block else len(data)
        head, tail = data[:max(cut, 0)], data[max(cut, 0):]
        farthest_row, farthest_column, row_tags = _scan(head)
        rows, columns, counted_rows = max(rows, farthest_row), max(columns, farthest_column), counted_rows + row_tags
        if not block:
            break
    # Rows without an `r` attribute follow each other.
    return max(rows, counted_rows), columns


def extent_problem(path: Path, sheet: str) -> TooBig | None:
    """The sheet's rectangle, to its farthest cell, when it holds more cells than MAX_CELLS."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None or part not in archive.namelist():
                return None
            with archive.open(part) as stream:
                rows, columns = farthest_cell(stream)
    except (zipfile.BadZipFile, OSError):
        return None
    cells = rows * max(columns, 1)
    if cells > MAX_CELLS:
        return TooBig("extent", part, cells, MAX_CELLS, f"{column_letters(max(columns, 1))}{rows}")
    return None


def empty_cell_causes(path: Path | bytes, sheet: str, cells: set[str]) -> dict[str, tuple[str, str]]:
    """What the reader showed as an empty cell, for the cells asked about: ("formula", its text) for a formula
    saved without its computed value, ("error", "#DIV/0!") for a computed error. Read from the sheet's XML
    (of the workbook's bytes as read, when given them)."""
    if not cells:
        return {}
    found: dict[str, tuple[str, str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return {}
            with archive.open(part) as stream:
                for _, element in ElementTree.iterparse(stream):
                    if element.tag != f"{MAIN}c":
                        continue
                    reference = element.get("r")
                    if reference in cells:
                        formula, value = element.find(f"{MAIN}f"), element.find(f"{MAIN}v")
                        if element.get("t") == "e" and value is not None:
                            found[reference] = ("error", value.text or "")
                        elif formula is not None and (value is None or not (value.text or "").strip()):
                            found[reference] = ("formula", "=" + (formula.text or ""))
                    element.clear()
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return found
    return found
