"""Look inside a workbook before the reader opens it: refuse a spreadsheet bomb with a message, not a crash.

An .xlsx file is a zip of XML parts. The reader (calamine) loads the shared
strings when it opens a workbook and allocates a sheet's whole rectangle (rows
x columns up to its farthest cell) when it reads it, so a 10 KB file with one
value in cell XFD1048576 asks for 500 GB and aborts the process, and a small
file with 1 GB of unused shared strings takes more than 1 GB. Before either
happens, `workbook_problem` looks at every part of the workbook, whichever the
reader would take for a sheet or the shared strings: an archive two zip readers
could read differently (bytes outside it, a name cut at a NUL, a folder holding
data), an old .xls, a part too large once unpacked, a part of another format,
more shared strings announced than a part could hold, a long value the reader
copies per style or sheet, shared strings it would copy into cells beyond
MAX_STRING_BYTES, too many merged ranges or cell tags, and a sheet whose rectangle to its farthest
non-empty cell holds more than MAX_CELLS (a quick look clears a sheet written
in the usual form within the limits; any other is read token by token as the
reader's XML parser reads it). What the checks cannot read is refused. The
limits are far above any real year: a federal service's 400,000 training rows
are 110 MB of sheet XML and 2 million cells. The rules were found by writing
hostile workbooks and running the reader on them under a memory limit
(docs/guarantees.md lists them).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree
from xml.parsers import expat

import numpy as np

from figures import safe_files

# Unpacked size of one part of the workbook (a sheet, the shared strings), and of all of them.
MAX_PART_BYTES = 256 << 20
MAX_TOTAL_BYTES = 512 << 20
MAX_SHARED_STRINGS_BYTES = 256 << 20
# Cells of the rectangle the reader allocates: rows x columns, to the farthest cell; and cell tags of a sheet
# (the reader keeps each, about 40 bytes, before it makes the rectangle).
MAX_CELLS = 10_000_000
# Merged ranges of a sheet (the reader and its Python objects take about 300 bytes each).
MAX_MERGED = 100_000
# Bytes of a workbook's parts that are not in the usual form, read tag by tag (about 0.4 s per MB).
MAX_SLOW_BYTES = 64 << 20
# Bytes of the text of the cells that hold a shared string, counted once per cell (the reader copies the
# string into every cell that names it: one string of 100,000 characters named by 50,000 cells is 5 GB).
MAX_STRING_BYTES = 1 << 30
# A quoted attribute value in any part but a range (`sqref`, `ref`: a sheet's ranges may be long): the reader
# copies some of them once per sheet or per style (a relationship's target, a number format), and none is long
# in a real workbook (a number format holds at most 255 characters).
MAX_ATTRIBUTE_BYTES = 1 << 16
# The longest tag the quick look carries from one read to the next; a longer one is read tag by tag.
MAX_TAG_BYTES = 1 << 20
# What the copies `figures validate --annotate` writes carry as their zip comment: this, then a SHA-256 in hex.
STAMP = b"figures-annotated sha256="

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclasses.dataclass(frozen=True)
class TooBig:
    """Why a workbook is refused: `kind` is "part" (a part too large unpacked), "extent" (too many cells),
    "zip", "zip64" or "extra" (an archive two readers may read differently: bytes outside it, zip64 records,
    an entry's extra field), "xls" (an .xls), "format" (a part of another format), "count" (more shared strings
    announced than the part could hold), "merged" (too many merged ranges), "slow" (too many bytes in a form
    read tag by tag) or "unreadable" (a part, or the zip, that cannot be unpacked)."""

    kind: str
    part: str
    size: int              # bytes of the part, or cells of the extent
    limit: int
    cell: str = ""         # the farthest cell, for an extent
    sheet: str = ""        # the sheet it is in, when it is the sheet asked for


def sizes_problem(infos: list[zipfile.ZipInfo]) -> TooBig | None:
    """A part of the workbook (its zip entries `infos`) that is too large once unpacked, or all of them
    together; None when the sizes are sane."""
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
        if max(archive.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")) > 16 << 20:
            return None                                 # not a workbook's usual size: not parsed, not named
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, MemoryError):
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
# Any other sheet is read token by token (`farthest_cell`).
_NAMESPACED_CELL = re.compile(rb":c[\s/>]")
_FIRST_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})\d')
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Token by token, as the reader's XML parser (quick-xml) reads a part: a comment, a CDATA section, a
# processing instruction whole (nothing in them is a tag; one left open runs to the end, where the parser
# fails), and each tag from "<" to the ">" outside quotes; a tag's name runs to a space, tab, CR or LF, its
# local name is what follows the first ":", and it closes itself when "/" comes right before ">". Every part of
# a pattern is read once: a part of millions of "<" takes linear time, not quadratic.
_TOKEN = re.compile(rb"""<!--(?:[^-]|-(?!->))*+(?:-->|\Z)|<!\[CDATA\[(?:[^\]]|\](?!\]>))*+(?:\]\]>|\Z)"""
                    rb"""|<\?(?:[^?]|\?(?!>))*+(?:\?>|\Z)|<((?:[^>"']|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+)(?:>|\Z)""")
_SPACE = re.compile(rb"[ \t\r\n]")
_R = re.compile(rb"""(?<=[\s"'/:])r\s*=\s*(?:"([A-Za-z]*)(\d+)"|'([A-Za-z]*)(\d+)'|([A-Za-z]*)(\d+))""")
_END_OF_CELL = re.compile(rb"</(?:[^\s/>:<]*:)?c[ \t\r\n]*>")


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


class _LongTag(Exception):
    """A tag longer than MAX_TAG_BYTES: not the usual form."""


def _pieces(stream, chunk: int) -> Iterator[bytes]:
    """The sheet's XML in pieces of whole tags: each read ends before its last "<", kept for the next; text
    after a tag's end is not kept (no tag starts in it), and a tag longer than MAX_TAG_BYTES raises _LongTag."""
    tail = b""
    while True:
        block = stream.read(chunk)
        data = tail + block
        last = data.rfind(b"<")
        cut = len(data) if not block or last < 0 else last
        if len(data) - cut > MAX_TAG_BYTES:
            end = data.rfind(b">", cut)
            if end < 0:
                raise _LongTag
            cut = end + 1
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


def within(stream, limit: int, counts: int | None = None, chunk: int = 16 << 20, found: dict | None = None) -> bool:
    """True when the part's XML (a sheet, or any other part) surely gives the reader a rectangle of at most
    `limit` cells: it has no cell or row tag, or every cell tag has the usual form and lies within the
    columns of the cells of its first megabyte and the rows those leave; and no count it announces exceeds
    `counts`. False when the quick look cannot tell (the part must then be read tag by tag). `found` is given
    the number of cells that may name a shared string (`t="s"`, counted in any tag: more, never fewer)."""
    try:
        return _within(stream, limit, counts, chunk, found if found is not None else {})
    except _LongTag:
        return False


def _within(stream, limit: int, counts: int | None, chunk: int, found: dict) -> bool:
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
    if columns:
        widest = max(columns, key=lambda c: column_number(c.decode("ascii"))).decode("ascii")
        rows = limit // column_number(widest)
        if rows < 1:
            return False
        # A cell tag that is not `<c r="..."` followed by attributes not beginning with "r", or whose
        # reference lies beyond the widest first column or the rows left.
        beyond = re.compile(rb'<c(?:[/>\t\n\r\x0b\x0c]| (?!r="' + _at_most(widest, _LETTERS) + _at_most(str(rows), _DIGITS)
                            + rb'"(?:\s+[a-qs-z]\w*="[^"<]*")*\s*/?>))')
    else:
        beyond = _ANY_CELL_OR_ROW           # no cell at the start: cleared only without any cell or row
    tags = merged = 0
    found["strings"] = 0
    values = _LongValues()
    for piece in itertools.chain([head], pieces):
        values.feed(piece)
        if beyond.search(piece) or _NAMESPACED_CELL.search(piece):
            return False
        tags += piece.count(b"<c ")
        found["strings"] += piece.count(b't="s"')
        if not found.get("sst") and b"sst" in piece and _SST_ROOT.search(piece):
            found["sst"] = True
        merged += piece.count(b"mergeCell")
        if tags > MAX_CELLS or merged > MAX_MERGED:
            return False
        if counts is not None and _count_problem("", piece, counts) is not None:
            return False
    found["long_value"] = values.end()
    return not found["long_value"]


# What opens an attribute's value: "=" (and white space) right before the quote, the attribute's name not ending
# in "ref" (a sheet's ranges, `sqref`, may be long).
_OPENS_VALUE = re.compile(rb"(?<!ref)=[ \t\r\n]*\Z")


class _LongValues:
    """The longest attribute value of a part beyond MAX_ATTRIBUTE_BYTES, read piece by piece (whatever the
    part's name: the reader finds its styles and relationships by other rules than a name): for each kind of
    quote, the stretches from one to the next (a value cannot hold its own quote), found with numpy, and of
    those the ones an "=" opens. Values across pieces are followed (a 20 MB one spans two reads)."""

    def __init__(self):
        self.seen, self.longest = 0, 0
        self.last: dict[int, tuple[int, bytes]] = {}       # quote -> (where its last one was, the bytes before it)

    def feed(self, piece: bytes) -> None:
        array = np.frombuffer(piece, dtype=np.uint8)
        for quote in (34, 39):
            at = np.flatnonzero(array == quote)
            if not at.size:
                continue
            if quote in self.last:
                self._check(*self.last[quote], int(at[0]) + self.seen)
            for i in np.flatnonzero(np.diff(at) > MAX_ATTRIBUTE_BYTES + 1):
                opening = int(at[i])
                self._check(opening + self.seen, piece[max(0, opening - 64):opening], int(at[i + 1]) + self.seen)
            opening = int(at[-1])
            self.last[quote] = (opening + self.seen, piece[max(0, opening - 64):opening])
        self.seen += len(piece)

    def end(self) -> int:
        for opening, before in self.last.values():
            self._check(opening, before, self.seen)
        return self.longest

    def _check(self, opening: int, before: bytes, closing: int) -> None:
        length = closing - opening - 1
        if length > MAX_ATTRIBUTE_BYTES and _OPENS_VALUE.search(before):
            self.longest = max(self.longest, length)


def _references(attributes: bytes) -> list[tuple[int, int]]:
    """(row, column) of every `r` of a tag (the reader takes one of them: all are counted)."""
    found = []
    for match in _R.finditer(attributes):
        letters, digits = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5) if match.group(i + 1))
        found.append((int(digits), column_number(letters.decode("ascii"))))
    return found


def farthest_cell(stream) -> tuple[int, int, int]:
    """The last row and column the reader may place a cell in, and the number of cell tags (the reader keeps
    each before it makes the rectangle), read token by token through the part's XML as the reader's parser
    reads it: (rows, columns, cell tags). As the reader: a row's `r` sets the row, the end of a row moves to
    the next row and back to the first column, a cell's `r` sets its place, and a cell without `r` goes in the
    current row one column after the cell before it; an empty cell (`<c r="XFD1048576" s="3"/>` or
    `...></c>`: formatting left far from the data) holds no value, which the reader does not keep. Where the
    reader could read a tag two ways (a row closing itself), it moves a row down: more rows, never fewer."""
    data = stream.read()
    rows = columns = column = tags = 0
    row = 1
    for match in _TOKEN.finditer(data):
        content = match.group(1)
        if content is None:
            continue                                    # a comment, a CDATA section, a processing instruction
        if content.startswith(b"/"):
            if content[1:].rstrip(b" \t\r\n").split(b":", 1)[-1] == b"row":
                row, column = row + 1, 0
            continue
        empty = content.endswith(b"/")
        body = content[:-1] if empty else content
        space = _SPACE.search(body)
        name, attributes = (body[:space.start()], body[space.start():]) if space else (body, b"")
        local = name.split(b":", 1)[-1].rstrip(b"/")      # "<c/ r=...>": a cell, read either way
        if local == b"row":
            references = _references(attributes)
            row = max([row] + [r for r, _ in references]) + (1 if empty else 0)
        elif local == b"c":
            tags += 1
            references = _references(attributes)
            if references:
                column = max(c for _, c in references)
                if not (empty or _END_OF_CELL.match(data, match.end())):
                    rows, columns = max(rows, max(r for r, _ in references)), max(columns, column)
            else:
                column += 1
                rows, columns = max(rows, row), max(columns, column)
    return rows, columns, tags


_END_OF_ZIP = b"PK\x05\x06"
# Parts of a workbook in another format, which the reader would open instead of an .xlsx it cannot read.
_OTHER_FORMATS = re.compile(r"(^|/)(content\.xml|mimetype|[^/]*\.bin|[^/]*\.bin\.rels)$")
_KNOWN_BINARY = re.compile(r"(^|/)(printersettings[^/]*\.bin|vbaproject[^/]*\.bin(\.rels)?|embeddings/[^/]*\.bin"
                           r"|activex/[^/]*\.bin|customproperty[^/]*\.bin)$")
# The number of shared strings the strings part announces (`<sst uniqueCount="...">`): the reader reserves room
# for that many before reading them.
_COUNT = re.compile(rb"""(?<=[\s"'/:])uniqueCount\s*=\s*["']?\s*(\d+)""")
_ANY_CELL_OR_ROW = re.compile(rb"[<:](?:c|row)[\s/>]")
_MERGED = re.compile(rb"[<:]mergeCell[\s/>]")


_ZIP64_LOCATOR = b"PK\x06\x07"
# Extra fields of a zip entry that the Rust reader reads and Python ignores: the Info-ZIP Unicode path (the
# Rust reader takes it for the entry's name) and comment. Others (Excel's growth hint, times, zip64 sizes)
# are read alike or by neither.
_UNICODE_EXTRAS = {0x7075, 0x6375}


def zip_problem(content: bytes) -> TooBig | None:
    """A file two readers could read as two different workbooks: a zip with bytes after its end record (an
    archive comment, or another archive) or before its first part, an end record a reader could reject to
    look for another one before it (on another disk, counting other entries, or not the only one where
    readers look), zip64 records (they can point two readers to two directories; a workbook within the limits
    never needs one), a file of another kind that ends as a zip would; and an old .xls (calamine would read
    it, unchecked). Not a zip at all and not an .xls: None (the reader says it is not a workbook)."""
    if content.startswith(safe_files.OLE):
        return TooBig("xls", "*", 0, 0)
    end = len(content) - 22
    window = max(end - 0xFFFF, 0)
    found = content.rfind(_END_OF_ZIP, window, max(end + 4, 0))      # where readers look
    if found < 0:
        return None
    field = lambda at, size: int.from_bytes(content[found + at:found + at + size], "little")  # noqa: E731
    disk, directory_disk, on_disk, entries = field(4, 2), field(6, 2), field(8, 2), field(10, 2)
    size, offset, comment = field(12, 4), field(16, 4), field(20, 2)
    if 0xFFFF == entries or 0xFFFFFFFF in (size, offset) or content[found - 20:found - 16] == _ZIP64_LOCATOR:
        return TooBig("zip64", "*", 0, 0)
    outside = (end - found) + (found - offset - size)
    if outside or not content.startswith(b"PK\x03\x04"):
        return TooBig("zip", "*", outside, 0)
    if disk or directory_disk or on_disk != entries or comment or content.find(_END_OF_ZIP, window, found) >= 0:
        return TooBig("zip", "*", 0, 0)
    return None


def _extras(extra: bytes) -> list[int]:
    """The header ids of a zip entry's extra fields."""
    ids, at = [], 0
    while at + 4 <= len(extra):
        ids.append(int.from_bytes(extra[at:at + 2], "little"))
        at += 4 + int.from_bytes(extra[at + 2:at + 4], "little")
    return ids


def _local_extra(content: bytes, info: zipfile.ZipInfo) -> bytes:
    """The extra field of an entry's local header (the one Python does not keep)."""
    at = info.header_offset
    name, extra = int.from_bytes(content[at + 26:at + 28], "little"), int.from_bytes(content[at + 28:at + 30], "little")
    return content[at + 30 + name:at + 30 + name + extra]


def _count_problem(part: str, data: bytes, limit: int) -> TooBig | None:
    """A count announced beyond what the part could hold (each item takes some bytes)."""
    if b"uniqueCount" not in data:
        return None
    counts = [int(c) for c in _COUNT.findall(data)]
    if counts and max(counts) > limit:
        return TooBig("count", part, max(counts), limit)
    return None


def _without_stamp(content: bytes) -> bytes:
    """`content` without the zip comment a copy of `figures validate --annotate` carries (the end record then
    says no comment): the same archive to every reader, as the comment holds only the stamp and a hash."""
    size = len(STAMP) + 64
    comment = content[-size:]
    if len(content) > size + 22 and comment.startswith(STAMP) and re.fullmatch(rb"[0-9a-f]{64}", comment[len(STAMP):]) \
            and content[-size - 2:-size] == size.to_bytes(2, "little"):
        return content[:-size - 2] + b"\0\0"
    return content


def workbook_problem(content: bytes, sheet: str = "") -> TooBig | None:
    """Why the reader must not open the workbook `content`, checked on every part of it (whichever the reader
    takes for the sheet, the shared strings or the workbook, it was checked): an archive read two ways, a
    part too large once unpacked, a part of another format, a count announced beyond a part's size, a sheet
    whose rectangle to its farthest cell holds more than MAX_CELLS cells. None when it may be opened (or when
    it is not a zip: the reader says it is not a workbook). A part that cannot be read here is refused."""
    content = _without_stamp(content)
    refused = zip_problem(content)
    if refused is not None:
        return refused
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        # Not a zip (the reader says it is not a workbook), or a zip Python cannot read: refused.
        return TooBig("unreadable", "*", 0, 0) if content.startswith(b"PK\x03\x04") else None
    with archive:
        refused = sizes_problem(archive.infolist())
        if refused is not None:
            return refused
        if len(archive.infolist()) != int.from_bytes(content[-12:-10], "little"):
            return TooBig("zip", "*", 0, 0)            # the end record counts other entries than the directory
        slow = string_cells = longest = 0
        for info in archive.infolist():
            if set(_extras(info.extra) + _extras(_local_extra(content, info))) & _UNICODE_EXTRAS:
                return TooBig("extra", info.filename, 0, 0)
            name = info.filename.replace("\\", "/").lower()
            if _OTHER_FORMATS.search(name) and not _KNOWN_BINARY.search(name):
                return TooBig("format", info.filename, 0, 0)
            # A name Python cuts at a NUL, or a folder that holds data: the Rust reader opens either by its
            # whole name, as a part Python did not read.
            if "\0" in info.orig_filename or (info.is_dir() and (info.file_size or info.compress_size > 2)):
                return TooBig("name", info.filename, 0, 0)
            if info.is_dir():
                continue
            try:
                refused, read, held = _part_problem(archive, info, name, MAX_SLOW_BYTES - slow)
                slow += read
                string_cells += held["strings"]
                longest = max(longest, held["longest"])
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
                return TooBig("unreadable", info.filename, 0, 0)
            if refused is not None:
                if refused.kind == "extent" and _sheet_part(archive, sheet) == info.filename:
                    refused = dataclasses.replace(refused, sheet=sheet)
                return refused
    # The reader copies a shared string into every cell that names it: at most the longest string in every
    # cell that may name one (a bound: the real text is usually far less).
    if string_cells * longest > MAX_STRING_BYTES:
        return TooBig("strings", "*", string_cells * longest, MAX_STRING_BYTES)
    return None


_SST_ROOT = re.compile(rb"<(?:[^\s/>:<!?]*:)?sst[\s>/]")
_SI = re.compile(rb"[<:]si[\s>/]")


def _longest_string(data: bytes) -> int:
    """An upper bound of the bytes of the longest shared string of an <sst> part: the longest stretch from one
    `<si` to the next, or to the end."""
    longest, previous = 0, None
    for match in _SI.finditer(data):
        if previous is not None:
            longest = max(longest, match.start() - previous)
        previous = match.start()
    return 0 if previous is None else max(longest, len(data) - previous)


def _part_problem(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                  budget: int) -> tuple[TooBig | None, int, dict]:
    """Why the part `info` (`name`: its name in lower case with forward slashes) must not be read, how many of its bytes were read tag by tag (at most `budget`: a
    larger part the quick look cannot clear is refused unread), and what it holds: `strings`, the cells that
    may name a shared string; `longest`, for a part of shared strings, a bound of its longest string's bytes."""
    strings = max(1000, info.file_size // 16)          # a shared string takes 16 bytes at least: <si><t>a</t></si>
    held = {"strings": 0, "longest": 0}
    with archive.open(info) as stream:
        cleared = within(stream, MAX_CELLS, counts=strings, found=held)
    if held.get("long_value"):
        return TooBig("attribute", info.filename, held["long_value"], MAX_ATTRIBUTE_BYTES), 0, held
    strings_part = held.get("sst") or name.endswith("sharedstrings.xml")   # wherever the reader finds them
    if strings_part and info.file_size > MAX_SHARED_STRINGS_BYTES:
        return TooBig("part", info.filename, info.file_size, MAX_SHARED_STRINGS_BYTES), 0, held
    if cleared:
        if strings_part:
            held["longest"] = _longest_string(archive.read(info))
        return None, 0, held
    if info.file_size > budget:
        return TooBig("slow", info.filename, MAX_SLOW_BYTES - budget + info.file_size, MAX_SLOW_BYTES), 0, held
    with archive.open(info) as stream:
        data = stream.read(budget + 1)
    refused = _count_problem(info.filename, data, strings)
    values = _LongValues()
    values.feed(data)
    if values.end():
        return TooBig("attribute", info.filename, values.longest, MAX_ATTRIBUTE_BYTES), 0, held
    if strings_part or _SST_ROOT.search(data):
        held["longest"] = _longest_string(data)
    if refused is not None or not _ANY_CELL_OR_ROW.search(data):
        return refused, 0, held
    merged = len(_MERGED.findall(data)) if b"mergeCell" in data else 0
    if merged > MAX_MERGED:
        return TooBig("merged", info.filename, merged, MAX_MERGED), 0, held
    rows, columns, tags = farthest_cell(io.BytesIO(data))
    held["strings"] = tags                              # read tag by tag: every cell may name a string
    cells = rows * max(columns, 1)
    if cells > MAX_CELLS or tags > MAX_CELLS:
        return TooBig("extent", info.filename, max(cells, tags), MAX_CELLS,
                      f"{column_letters(max(columns, 1))}{rows}"), len(data), held
    return None, len(data), held


def empty_cell_causes(path: Path | bytes, sheet: str, cells: set[str]) -> dict[str, tuple[str, str]]:
    """What the reader showed as an empty cell, for the cells asked about: ("formula", its text) for a formula
    saved without its computed value, ("error", "#DIV/0!") for a computed error. Read from the sheet's XML
    (of the workbook's bytes as read, when given them), streamed: nothing but the cells asked about is kept
    (a tree of the part kept every other element: 50 million empty tags after the cells took 2.6 GB), and the
    reading ends with the cells."""
    if not cells:
        return {}
    found: dict[str, tuple[str, str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return {}
            with archive.open(part) as stream:
                _read_causes(stream, cells, found)
    except (zipfile.BadZipFile, OSError, ValueError, expat.ExpatError):
        return found
    return found


class _CellsRead(Exception):
    """The end of the sheet's cells: nothing after them is read."""


def _read_causes(stream, cells: set[str], found: dict[str, tuple[str, str]]) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    cell: dict = {}
    text: list[str] = []

    def start(name: str, attributes: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "c":
            reference = attributes.get("r")
            cell.clear()
            if reference in cells:
                cell.update(ref=reference, type=attributes.get("t"), inside=None)
        elif cell and local in ("f", "v"):
            cell["inside"] = local
            text.clear()

    def end(name: str) -> None:
        local = name.rsplit(" ", 1)[-1]
        if cell and local in ("f", "v") and cell.get("inside") == local:
            cell[local], cell["inside"] = "".join(text), None
        elif cell and local == "c":
            formula, value = cell.get("f"), cell.get("v")
            if cell["type"] == "e" and value is not None:
                found[cell["ref"]] = ("error", value)
            elif formula is not None and (value is None or not value.strip()):
                found[cell["ref"]] = ("formula", "=" + formula)
            cell.clear()
        elif local == "sheetData":
            raise _CellsRead

    def characters(data: str) -> None:
        if cell.get("inside"):
            text.append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, characters
    try:
        while True:
            block = stream.read(1 << 20)
            parser.Parse(block, not block)
            if not block:
                return
    except _CellsRead:
        return
