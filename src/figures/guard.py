"""Look inside a workbook before the reader opens it: refuse a spreadsheet bomb with a message, not a crash.

An .xlsx file is a zip of XML parts. The reader (calamine) loads the shared
strings when it opens a workbook and allocates a sheet's whole rectangle (rows
x columns up to its farthest cell) when it reads it, so a 10 KB file with one
value in cell XFD1048576 asks for 500 GB and aborts the process, and a small
file with 1 GB of unused shared strings takes more than 1 GB. Before either
happens, `archive_problem` checks the unpacked size of every part and
`extent_problem` bounds the sheet's rectangle (reading its XML as a stream, so
the check itself stays small): a quick look clears a sheet written in the usual
form within the limit; any other is read tag by tag, in every form the reader
takes a cell's place from (other quotes, spaces, small letters, a second
reference), to its farthest cell. The limits are far above any real year: a
federal service's 400,000 training rows are 110 MB of sheet XML and 2 million
cells.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
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


# How the reader places a cell: by its `r` attribute (`<c r="B12">`) whatever the tag's prefix, the
# attribute's place, quotes and spacing, letters in either case, and by the later one when a tag has two; a
# cell without `r` follows the one before it, in the row its `<row r="12">` names (or the row after the last).
# It then allocates the rectangle from the first to the last row and column holding a value.

# The quick look. Excel, LibreOffice, openpyxl and XlsxWriter write every cell as `<c r="B12" s="1" t="s">`:
# the reference first, in double quotes, no other attribute beginning with "r", no prefix. When every cell tag
# of a sheet has that form and lies within the columns of its first cells and the rows that leave at most
# MAX_CELLS, two searches clear the sheet without making a Python object per cell (0.25 s for 77 MB of XML).
# Any other sheet is read tag by tag.
_NAMESPACED_CELL = re.compile(rb":c[\s/>]")
_FIRST_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})\d')
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Tag by tag: every row and cell tag (any prefix; attribute values may hold ">"), and each `r` in it.
_TAG = re.compile(rb"""<(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)""")
_R = re.compile(rb"""(?<!\S)(?:[\w.-]+:)?r\s*=\s*(["'])([A-Za-z]*)(\d+)\1""")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _pieces(stream, chunk: int) -> Iterator[bytes]:
    """The sheet's XML in pieces of whole tags: each read ends before its last "<", kept for the next."""
    tail = b""
    while True:
        block = stream.read(chunk)
        data = tail + block
        cut = max(data.rfind(b"<"), 0) if block else len(data)
        yield data[:cut]
        tail = data[cut:]
        if not block:
            return


def _at_most(limit: str, alphabet: str) -> bytes:
    """A pattern for the strings over `alphabet` (digits, or column letters) that stand for at most `limit`:
    a shorter one, or one of the same length smaller at its first difference, or `limit` itself."""
    any_of = b"[" + alphabet[0].encode() + b"-" + alphabet[-1].encode() + b"]"
    shorter = [any_of + b"{1,%d}" % (len(limit) - 1)] if len(limit) > 1 else []
    smaller = [limit[:i].encode() + b"[" + alphabet[0].encode() + b"-" + alphabet[alphabet.index(c) - 1].encode()
               + b"]" + (any_of + b"{%d}" % (len(limit) - i - 1) if i < len(limit) - 1 else b"")
               for i, c in enumerate(limit) if alphabet.index(c) > 0]
    return b"(?:" + b"|".join(shorter + smaller + [limit.encode()]) + b")"


def within(stream, limit: int, chunk: int = 16 << 20) -> bool:
    """True when every cell tag of the sheet's XML has the usual form and the sheet's rectangle is surely at
    most `limit` cells (its columns: those of the cells in its first megabyte); False when the quick look
    cannot tell (the farthest cell must then be found)."""
    pieces = _pieces(stream, chunk)
    first: list[bytes] = []
    size = 0
    for piece in pieces:
        first.append(piece)
        size += len(piece)
        if size >= 1 << 20:
            break
    head = b"".join(first)
    columns = _FIRST_COLUMNS.findall(head[:1 << 20])
    if not columns:
        return False
    widest = max(columns, key=lambda c: column_number(c.decode("ascii"))).decode("ascii")
    rows = limit // column_number(widest)
    if rows < 1:
        return False
    # A cell tag that is not `<c r="..."` followed by attributes not beginning with "r", or whose reference
    # lies beyond the widest first column or the rows left.
    beyond = re.compile(rb'<c(?:[/>]|\s(?!r="' + _at_most(widest, _LETTERS) + _at_most(str(rows), _DIGITS)
                        + rb'"(?:\s+[a-qs-z]\w*="[^"<]*")*\s*/?>))')
    for piece in itertools.chain([head], pieces):
        if beyond.search(piece) or _NAMESPACED_CELL.search(piece):
            return False
    return True


def farthest_cell(stream, chunk: int = 16 << 20) -> tuple[int, int]:
    """The last row and column the reader may place a cell in, tag by tag through the sheet's XML: (rows,
    columns)."""
    rows = columns = row = column = 0
    for piece in _pieces(stream, chunk):
        for name, attributes in _TAG.findall(piece):
            references = _R.findall(attributes)
            if name == b"row":
                row, column = (max(int(r[2]) for r in references) if references else row + 1), 0
                rows = max(rows, row)
            elif references:
                # The cell's own place; a cell after it without `r` goes on in its column, in the tag's row.
                rows = max(rows, max(int(r[2]) for r in references))
                column = max(column_number(r[1].decode("ascii")) for r in references)
            else:
                column += 1
                rows = max(rows, row)
            columns = max(columns, column)
    return rows, columns


def extent_problem(path: Path, sheet: str) -> TooBig | None:
    """The sheet's rectangle, to its farthest cell, when it holds more cells than MAX_CELLS."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None or part not in archive.namelist():
                return None
            with archive.open(part) as stream:
                if within(stream, MAX_CELLS):
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
