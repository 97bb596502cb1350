"""Spreadsheet bombs are refused with a message before the reader opens them; stray cells are one problem."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from figures import guard
from figures.load import read_source
from figures.registry import REGISTRY


def _rewrite(path, replace: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_one_value_in_the_last_cell_of_a_sheet_is_refused_naming_the_cell(book, raw_dir):
    # 5 KB on disk, 17 billion cells for the reader: it would abort the process (exit 134).
    from openpyxl import load_workbook

    folder = book.write(raw_dir)
    workbook = load_workbook(folder / "staff.xlsx")
    workbook["staff"]["XFD1048576"] = "note"
    workbook.save(folder / "staff.xlsx")
    assert (folder / "staff.xlsx").stat().st_size < 20_000
    sheet, problems = read_source(REGISTRY.sources["staff"], folder)
    assert sheet is None
    (problem,) = problems
    assert (problem.file, problem.sheet) == ("staff.xlsx", "staff")
    assert "a sheet reaching cell XFD1048576 (17,179,869,184 cells)" in problem.describe("en")
    assert "at most 10,000,000 cells" in problem.describe("en")
    # Written as each language writes numbers: 17.179.869.184 in Dutch and German.
    assert "17.179.869.184" in problem.describe("de") and "17.179.869.184" in problem.describe("nl")


def test_a_huge_part_once_unpacked_is_refused_before_the_reader_opens_it(book, raw_dir, monkeypatch):
    # The workbook: 2.8 MB on disk, 1 GB of unused shared strings. Here the limit is lowered
    # to keep the test small; the check is the same.
    monkeypatch.setattr(guard, "MAX_SHARED_STRINGS_BYTES", 100_000)
    folder = book.write(raw_dir)
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>" + b"x" * 200_000 + b"</t></si></sst>")
    _rewrite(folder / "budget.xlsx", {"xl/sharedStrings.xml": strings})
    sheet, problems = read_source(REGISTRY.sources["budget"], folder)
    assert sheet is None
    assert "a part xl/sharedStrings.xml of 0 MB once unpacked" in problems[0].describe("en")


def test_the_limits_are_far_above_a_federal_year():
    # 400,000 training rows of 5 columns: 2 million cells; its sheet XML is 77 MB (benchmarks/federal.py).
    assert guard.MAX_CELLS >= 5 * 400_000 * 5
    assert guard.MAX_PART_BYTES >= 3 * 77_000_000


@pytest.mark.parametrize("xml, extent", [
    (b'<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>1</v></c></row><row r="2"><c r="B2"><v>1</v></c></row>', (2, 3)),
    (b'<row r="1"><c r="A1"><v>1</v></c><c r="AB1"><v>1</v></c></row>', (1, 28)),
    (b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B1048576"><v>1</v></c></row>', (1048576, 2)),
    (b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="Q2"><v>1</v></c></row>', (2, 17)),
    # other writers' forms: a namespace prefix, the reference after other attributes, rows without numbers
    (b'<x:row spans="1:2" r="3"><x:c t="s" r="B3"><v>1</v></x:c></x:row><row><c t="n"/></row>'
     b'<row r="9"><c s="1" r="XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row><c t="n"/></row><row><c t="n"/></row><row><c t="n"/></row>', (3, 1)),      # each in column A
    # formatting left far from the data: a cell closing itself holds no value (the reader keeps none)
    (b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="3"/></row>', (1, 1)),
    (b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="3"></c></row>', (1, 1)),
    (b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="3"></c><c><v>1</v></c></row>', (1, 16385)),
    # what the reader accepts too: other quotes, spaces, small letters, two references (it takes the later),
    # a ">" inside a value before the reference; a cell without reference goes on after the one before it
    (b"<row r='1'><c r='XFD1048576'><v>1</v></c></row>", (1048576, 16384)),
    (b'<row r="1"><c r = "XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row r="1"><c r="xfd1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row r="1"><c r="A1" r="XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row r="1"><c t="a>b" r="XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row r="7"><c r="C7"><v>1</v></c><c/><c t="n"></c></row><row><c/></row>', (8, 5)),
    # as the reader's parser reads tags: no space before an attribute, any prefix (even an empty one), a "<"
    # inside a quoted value, each end of a row (even one closing another tag) a row further down
    (b'<row r="1"><c s="0"r="XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row r="1"><:c r="XFD1048576"><v>1</v></:c></row>', (1048576, 16384)),
    (b'<row r="1"><c x="<<" r="XFD1048576"><v>1</v></c></row>', (1048576, 16384)),
    (b'<row r="1"><c r="B1"><v>1</v></c></row><q></row><q></row><row><c/></row>', (4, 2)),
    (b'<row r="5"><c r="A5"><v>1</v></c></row><c/>', (6, 1)),            # after the end of a row: column A
    # a row never ended goes on in the columns of the one before; a "/" before a space does not close a tag;
    # an end tag with a vertical tab after its name is no end for the parser
    (b'<row>' + b'<row><c><v>1</v></c>' * 3 + b'<row r="9"><c r="A9"><v>1</v></c></row>', (9, 3)),
    (b'<row r="9"><c r="XFD9" s="0" t="n" / ><v>1</v></c></row>', (9, 16384)),
    (b'<row r="9"><c r="XFD9"></c\x0b><v>1</v></c></row>', (9, 16384)),
    # nothing in a comment, a CDATA section, a processing instruction, a quoted value or a text is a tag: the
    # empty far cell's column goes on to the cell after it, which holds a value
    (b'<row r="9"><c r="XFC9"></c><!--</row><c r="A9">--><c><v>1</v></c></row>', (9, 16384)),
    (b'<row r="9"><c r="XFC9"></c><![CDATA[</row>]]><?x </row>?><c><v>1</v></c></row>', (9, 16384)),
    (b'<row r="9"><c r="XFC9"></c><x a="</row>"/>/row><c><v>1</v></c></row>', (9, 16384)),
    (b'<row r="9">Q:c r="A1" \'<c r="XFD9"><v>1</v></c>\'/></row>', (9, 16384)),
    # a name runs to a space: "a/b:c" is a cell, "a/b:row" a row
    (b'<row r="9"><a/b:c r="XFD9"><v>1</v></a/b:c></row>', (9, 16384)),
    (b'<a/b:row r="9"><c r="XFD9"><v>1</v></c></a/b:row>', (9, 16384)),
    (b"", (0, 0)),
])
def test_the_farthest_cell_of_a_sheet(xml, extent):
    assert guard.farthest_cell(io.BytesIO(xml))[:2] == extent


USUAL = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="1" t="s"><v>1</v></c></row>'
         b'<row r="2"><c r="A2"><v>2</v></c><c r="B2" s="2"/></row>')


@pytest.mark.parametrize("xml, cleared", [
    (USUAL, True),
    (USUAL + b'<row r="3"><c r="C3"/><c r="A33" s="1"><v>3</v></c></row>', True),     # 33 rows x 3 columns
    (USUAL + b'<row r="34"><c r="A34"><v>3</v></c></row>', False),                  # 34 x 3 > 100 cells
    (USUAL + b"<row r='3'><c r='XFD1048576'><v>3</v></c></row>", False),
    (USUAL + b'<row r="3"><c r = "XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c r="xfd1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c r="A3" r="XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c t="n" r="XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c r="A3" t="a>b" r="XFD1048576"><v>3</v></c></row>', False),
    (USUAL + b'<row r="3"><c><v>3</v></c></row>', False),                            # no reference
    (USUAL + b'<row r="3"><x:c r="A3"><v>3</v></x:c></row>', False),
    (USUAL + b'<row r="3"><c\nr="A3"><v>3</v></c></row>', False),                 # not counted as usual
    (b'<row r="1"><c><v>3</v></c></row>', False),
])
def test_the_quick_look_clears_only_the_usual_form_within_the_limit(xml, cleared):
    assert guard.within(io.BytesIO(xml), 100) is cleared
    assert guard.within(io.BytesIO(xml), 100, chunk=7) is cleared


def test_the_quick_look_takes_the_columns_of_the_first_megabyte():
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="C%d"><v>1</v></c></row>' % (n, n, n)
                    for n in range(1, 20_001))                                           # 1.2 MB
    assert guard.within(io.BytesIO(rows), 10**9, chunk=4096)
    assert not guard.within(io.BytesIO(rows + b'<row r="20001"><c r="D20001"><v>1</v></c></row>'), 10**9)
    assert guard.within(io.BytesIO(b'<c r="D1"/>' + rows + b'<row r="20001"><c r="D20001"/></row>'), 10**9)


@pytest.mark.parametrize("cell", [b"<c r='XFD1048576'>", b'<c r = "XFD1048576">', b'<c r="xfd1048576">',
                                  b'<c r="A1048576" r="XFD1048576">'])
def test_a_far_cell_in_any_form_the_reader_takes_is_refused(book, raw_dir, cell):
    # Each of these aborted the process (the reader asked for 512 GB) before the guard read every form.
    folder = book.write(raw_dir)
    with zipfile.ZipFile(folder / "staff.xlsx") as archive:
        part = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        xml = archive.read(part)
    _rewrite(folder / "staff.xlsx", {part: xml.replace(b"</sheetData>", b'<row r="1048576">' + cell
                                                       + b'<v>1</v></c></row></sheetData>')})
    sheet, problems = read_source(REGISTRY.sources["staff"], folder)
    assert sheet is None
    assert "a sheet reaching cell XFD1048576 (17,179,869,184 cells)" in problems[0].describe("en")


def _workbook(folder, name: str = "staff.xlsx") -> tuple[dict[str, bytes], str]:
    with zipfile.ZipFile(folder / name) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    return parts, next(n for n in parts if n.startswith("xl/worksheets/sheet"))


def _zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_every_part_is_looked_at_whichever_the_reader_takes(book, raw_dir):
    # The reader finds its sheet by other rules than ours (names compared byte for byte, zip paths in any
    # case, the workbook named in _rels/.rels): a far cell in any part is refused, here in a part no
    # workbook.xml names.
    parts, sheet = _workbook(book.write(raw_dir))
    assert guard.workbook_problem(_zipped(parts), "staff") is None
    far = parts[sheet].replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    refused = guard.workbook_problem(_zipped({**parts, "xl/worksheets/SHEET1.xml": far}), "staff")
    assert (refused.kind, refused.part, refused.cell, refused.sheet) == ("extent", "xl/worksheets/SHEET1.xml",
                                                                         "XFD1048576", "")
    refused = guard.workbook_problem(_zipped({**parts, sheet: far}), "staff")
    assert (refused.kind, refused.part, refused.sheet) == ("extent", sheet, "staff")


def test_a_zip_two_readers_could_read_differently_is_refused(book, raw_dir):
    parts, _ = _workbook(book.write(raw_dir))
    content = _zipped(parts)
    assert guard.workbook_problem(content + b"x" * 5) == guard.TooBig("zip", "*", 5, 0)      # after its end
    assert guard.workbook_problem(b"PK\x03\x04" + content) == guard.TooBig("zip", "*", 4, 0)  # before its first part
    assert guard.workbook_problem(b"junk" + content) == guard.TooBig("zip", "*", 4, 0)
    commented = content[:-2] + (3).to_bytes(2, "little") + b"abc"                         # an archive comment
    assert guard.workbook_problem(commented).kind == "zip"


def test_a_part_of_another_format_or_an_announced_count_beyond_its_part_is_refused(book, raw_dir):
    parts, _ = _workbook(book.write(raw_dir))
    assert guard.workbook_problem(_zipped({**parts, "content.xml": b"<office:document-content/>"})) == \
        guard.TooBig("format", "content.xml", 0, 0)
    assert guard.workbook_problem(_zipped({**parts, "xl/workbook.bin": b"\x83\x01\x00"})).kind == "format"
    assert guard.workbook_problem(_zipped({**parts, "xl/printerSettings/printerSettings1.bin": b"\0" * 9})) is None
    # calamine reserves room for `uniqueCount` strings when it opens the workbook: 2.4 TB for this part
    strings = b'<sst xmlns="x" count="1" uniqueCount="100000000000"><si><t>a</t></si></sst>'
    assert guard.workbook_problem(_zipped({**parts, "xl/sharedStrings.xml": strings})) == \
        guard.TooBig("count", "xl/sharedStrings.xml", 100_000_000_000, 1000)
    strings = b'<sst xmlns="x" count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>'
    assert guard.workbook_problem(_zipped({**parts, "xl/sharedStrings.xml": strings})) is None


def test_what_python_and_the_reader_would_read_differently_is_refused(book, raw_dir):
    parts, sheet = _workbook(book.write(raw_dir))
    # an old .xls: calamine reads it (reserving rows x columns from its DIMENSIONS record), our checks cannot
    assert guard.workbook_problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == guard.TooBig("xls", "*", 0, 0)
    # a zip64 end record (the Rust reader follows its locator, Python the record before it)
    content = _zipped(parts)
    zip64 = content[:-12] + b"\xff\xff" + content[-10:]
    assert guard.workbook_problem(zip64) == guard.TooBig("zip64", "*", 0, 0)
    # a Unicode path extra field: the Rust reader takes it for the entry's name, Python ignores it
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo("mimetypX" if name == sheet else name)
            if name == sheet:
                real = b"mimetype"
                info.extra = (0x7075).to_bytes(2, "little") + (5 + len(real)).to_bytes(2, "little") + b"\x01" + \
                    zlib.crc32(info.filename.encode()).to_bytes(4, "little") + real
            archive.writestr(info, data)
    assert guard.workbook_problem(buffer.getvalue()) == guard.TooBig("extra", "mimetypX", 0, 0)


def test_an_end_record_a_reader_could_reject_to_look_for_another_is_refused(book, raw_dir):
    # The Rust reader rejects an end record with a comment length beyond the file, another disk, or counts
    # that disagree, and looks further back: for a second zip hidden in a stored part (Python reads the first).
    parts, _ = _workbook(book.write(raw_dir))
    content = _zipped(parts)
    end = len(content) - 22

    def changed(at: int, value: int, size: int = 2) -> bytes:
        return content[:end + at] + value.to_bytes(size, "little") + content[end + at + size:]

    for at, value in ((20, 1), (4, 1), (6, 1), (8, 0), (10, 0)):     # comment, disks, counts
        assert guard.workbook_problem(changed(at, value)).kind == "zip", at
    hidden = _zipped({**parts, "xl/media/blob.dat": content})           # a whole zip inside, its end record too
    assert guard.workbook_problem(hidden) is None                        # compressed: not where readers look
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        for name, data in {**parts, "xl/media/blob.dat": content}.items():
            archive.writestr(name, data)
    assert guard.workbook_problem(stored.getvalue()) == guard.TooBig("zip", "*", 0, 0)


def test_excels_growth_hint_and_other_extra_fields_are_read_alike(book, raw_dir):
    # Excel pads its local headers with extra field 0xA220; Gnumeric writes 0x4949: both readers skip them.
    parts, sheet = _workbook(book.write(raw_dir))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name)
            info.extra = (0xA220).to_bytes(2, "little") + (6).to_bytes(2, "little") + b"\0" * 6 + \
                (0x4949).to_bytes(2, "little") + (2).to_bytes(2, "little") + b"\0\0"
            archive.writestr(info, data)
    assert guard.workbook_problem(buffer.getvalue(), "staff") is None


def test_cell_tags_merged_ranges_and_unusual_bytes_are_bounded_too(book, raw_dir, monkeypatch):
    # The reader keeps every cell tag (one cell repeated 48 million times: 1.9 GB), every merged range (8.7
    # million: 2.6 GB from a 0.5 MB file), and reading a part tag by tag takes time: each is bounded. The
    # limits are lowered here to keep the test small; the checks are the same.
    parts, sheet = _workbook(book.write(raw_dir))
    monkeypatch.setattr(guard, "MAX_CELLS", 1000)
    many = b'<row r="2"><c r="A2"><v>1</v></c>' * 1000                # with the sheet's 24: 1,024 cell tags
    repeated = parts[sheet].replace(b"</sheetData>", many + b"</row></sheetData>")
    assert guard.workbook_problem(_zipped({**parts, sheet: repeated})).kind == "extent"
    monkeypatch.setattr(guard, "MAX_CELLS", 10_000_000)
    monkeypatch.setattr(guard, "MAX_MERGED", 10)
    merged = parts[sheet].replace(b"</sheetData>", b"</sheetData><mergeCells>" + b'<mergeCell ref="A1:A1"/>' * 11
                                  + b"</mergeCells>")
    assert guard.workbook_problem(_zipped({**parts, sheet: merged})) == guard.TooBig("merged", sheet, 11, 10)
    monkeypatch.setattr(guard, "MAX_SLOW_BYTES", 1000)
    unusual = parts[sheet].replace(b'<c r="', b"<c r='").replace(b'" t="s"><v>', b"' t=\"s\"><v>")
    refused = guard.workbook_problem(_zipped({**parts, sheet: unusual}))
    assert (refused.kind, refused.limit) == ("slow", 1000)


def test_counts_and_words_in_text_are_not_shared_strings_announced(book, raw_dir):
    # LibreOffice writes `count`, the string cells (9005 here), beside `uniqueCount`, the strings (13): only
    # the latter is reserved; a cell reading "count = 1500" is text.
    parts, _ = _workbook(book.write(raw_dir))
    strings = (b'<sst xmlns="x" count="9005" uniqueCount="2"><si><t>staff count = 1500</t></si>'
               b'<si><t>uniqueCount is a word</t></si></sst>')
    assert guard.workbook_problem(_zipped({**parts, "xl/sharedStrings.xml": strings})) is None


def test_a_zip_python_cannot_read_is_refused_not_left_to_the_reader(book, raw_dir):
    parts, _ = _workbook(book.write(raw_dir))
    content = _zipped(parts)
    directory = int.from_bytes(content[-6:-2], "little")              # where the central directory starts
    broken = content[:directory] + b"XXXX" + content[directory + 4:]
    assert guard.workbook_problem(broken) == guard.TooBig("unreadable", "*", 0, 0)


def test_a_refused_archive_is_one_problem_in_the_readers_words(book, raw_dir):
    folder = book.write(raw_dir)
    with open(folder / "staff.xlsx", "ab") as file:
        file.write(b"PK\x05\x06 and more")
    sheet, problems = read_source(REGISTRY.sources["staff"], folder)
    assert sheet is None
    assert [p.describe("en") for p in problems] == [
        "staff.xlsx: found a zip archive with 13 bytes outside it (before its first part or after its end), "
        "which two readers may read as two different workbooks; expected the workbook saved again as .xlsx by "
        "Excel or LibreOffice"]


@pytest.mark.parametrize("body, extent, cleared", [
    (b"<" * 200_000, (0, 0), True),
    (b"<a" + b":" * 200_000, (0, 0), True),
    (b"<" + b"a" * 200_000 + b":row>", (0, 0), False),                 # a row tag: read tag by tag
    (b'<c r="A1" ' + b"r" * 200_000 + b"><v>1</v></c>", (1, 1), False),  # not the usual form
])
def test_a_part_of_one_repeated_byte_is_read_once_through(body, extent, cleared):
    # Each of these took the tag-by-tag reading a time growing with the square of its length (200,000 "<":
    # minutes; a 10 MB run, 10 KB compressed: days) before its patterns were made to read a run once.
    assert guard.farthest_cell(io.BytesIO(body))[:2] == extent
    assert guard.within(io.BytesIO(body), 100) is cleared


def test_column_letters_both_ways():
    assert [guard.column_letters(n) for n in (1, 26, 27, 702, 703, 16384)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert [guard.column_number(c) for c in ("A", "Z", "AA", "XFD", "xfd")] == [1, 26, 27, 16384, 16384]


def test_a_stray_note_far_below_the_data_is_one_problem_not_thousands(book, raw_dir, run_validation):
    # The case: one note in row 200,000 gave 199,751 errors, one per empty row.
    from openpyxl import load_workbook

    folder = book.write(raw_dir)
    workbook = load_workbook(folder / "meetings.xlsx")
    workbook["meetings"]["A200000"] = "nvr"
    workbook.save(folder / "meetings.xlsx")
    from figures.validate import validate_year

    problems = [p for p in validate_year(2025, raw_dir).errors if p.file == "meetings.xlsx"]
    lines = [p.describe("en") for p in problems]
    assert lines[0] == ("meetings.xlsx, sheet meetings, cell A9: found 199991 empty rows (9 to 199999); "
                        "expected a row with data (empty rows only after the last one)")
    assert [p.cell for p in problems[1:]] == ["B200000", "C200000"]        # the note's row lacks its date and mode


def test_every_kind_of_refusal_is_told_in_each_language():
    # Each kind the guard returns (read from its source, so a new kind without a message fails here) is told
    # as one line, found and expected, in each language, without a placeholder left unfilled.
    import inspect
    import re

    from figures.i18n import LANGUAGES
    from figures.load import _too_big

    kinds = set(re.findall(r'TooBig\("(\w+)"', inspect.getsource(guard)))
    assert {"part", "extent", "zip", "zip64", "extra", "xls", "merged", "slow", "format", "count",
            "unreadable"} <= kinds
    source = REGISTRY.sources["staff"]
    for kind in sorted(kinds):
        for part in ("xl/worksheets/sheet1.xml", "*"):
            problem = _too_big(source, guard.TooBig(kind, part, 3 << 20, 1 << 20, "XFD9"), (0, 0, 0))
            for lang in LANGUAGES:
                line = problem.describe(lang)
                assert line.startswith("staff.xlsx") and "{" not in line and "\n" not in line, (kind, lang, line)


# ---------------------------------------------------------------- the sixth round of hostile workbooks

def _strings_sheet(cells: int) -> bytes:
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(1, cells + 1))
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>")


def test_one_long_shared_string_named_by_many_cells_is_refused(book, raw_dir, monkeypatch):
    # The reader copies a shared string into each cell that names it: 100,000 characters named by 50,000
    # cells was 5 GB from a 132 KB file. Bound: cells that may name a string x the longest string. Here one
    # string of 2,000 "x" (2,022 bytes with <si><t>...</t></si> and the next <si> or the end) in 1,000 cells
    # is about 2 MB; the limit lowered to 1 MB refuses it, 400 cells (0.8 MB) pass.
    parts, sheet = _workbook(book.write(raw_dir))
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml'
               b'/2006/main" count="1" uniqueCount="1"><si><t>' + b"x" * 2000 + b"</t></si></sst>")
    monkeypatch.setattr(guard, "MAX_STRING_BYTES", 1_000_000)
    refused = guard.workbook_problem(_zipped({**parts, sheet: _strings_sheet(1000), "xl/sharedStrings.xml": strings}))
    assert refused is not None and refused.kind == "strings" and 1000 * 2000 < refused.size < 1000 * 2100
    assert guard.workbook_problem(_zipped({**parts, sheet: _strings_sheet(400), "xl/sharedStrings.xml": strings})) \
        is None


def test_a_long_value_where_the_reader_copies_it_is_refused_a_long_range_of_a_sheet_is_not(book, raw_dir):
    # A number format of 10 million characters used by 20,000 styles held the reader a quarter of an hour; a
    # relationship's target of 10 MB named by 2,000 sheets took 20 GB. No real value outside a sheet is
    # longer than 64 KiB (a number format holds at most 255 characters); a sheet's list of ranges may be.
    parts, sheet = _workbook(book.write(raw_dir))
    styles = parts["xl/styles.xml"].replace(b"<numFmts", b'<numFmts><numFmt numFmtId="164" formatCode="'
                                            + b"0" * 70_000 + b'"/></numFmts><x', 1)
    assert guard.workbook_problem(_zipped({**parts, "xl/styles.xml": styles})) == \
        guard.TooBig("attribute", "xl/styles.xml", 70_000, 1 << 16)
    ranges = " ".join(f"A{n}" for n in range(1, 15_000)).encode()          # 84 KB of ranges
    validated = parts[sheet].replace(b"</sheetData>", b'</sheetData><dataValidations count="1"><dataValidation '
                                     b'type="list" sqref="' + ranges + b'"><formula1>"F,M,X"</formula1>'
                                     b"</dataValidation></dataValidations>")
    assert guard.workbook_problem(_zipped({**parts, sheet: validated})) is None


def test_a_folder_holding_data_and_a_name_cut_at_a_nul_are_refused(book, raw_dir):
    # Python skips a folder entry and cuts a name at a NUL; the Rust reader opens either by its whole name: a
    # bomb sheet hidden in `xl/worksheets/b/` or `xl/worksheets/b/\0` aborted the process.
    parts, sheet = _workbook(book.write(raw_dir))
    for name in ("xl/worksheets/b/", "xl/worksheets/b/\0x"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in parts.items():
                archive.writestr(part, data)
            archive.writestr(zipfile.ZipInfo(name), parts[sheet])
        refused = guard.workbook_problem(buffer.getvalue())
        assert refused is not None and refused.kind == "name", (name, refused)


def test_a_copy_annotated_by_figures_is_read_and_another_comment_is_not(book, raw_dir):
    # `validate --annotate` stamps its copies with a zip comment (the stamp and a SHA-256): a clerk who puts
    # one back unchanged is not refused; any other comment still is (bytes outside the archive).
    from figures.annotate import _stamped

    content = (book.write(raw_dir) / "staff.xlsx").read_bytes()
    assert guard.workbook_problem(_stamped(content)) is None
    other = content[:-2] + (89).to_bytes(2, "little") + b"x" * 89
    assert guard.workbook_problem(other).kind == "zip"


def test_a_custom_property_of_a_sheet_is_not_another_format(book, raw_dir):
    # Excel writes a sheet's custom property as xl/customProperty1.bin: kept when the file is saved again.
    parts, _ = _workbook(book.write(raw_dir))
    assert guard.workbook_problem(_zipped({**parts, "xl/customProperty1.bin": b"\x01\x00" * 8})) is None


def test_text_without_tags_is_not_kept_whole_and_a_very_long_tag_is_read_tag_by_tag(monkeypatch):
    # A part of 1 GiB of letters without any "<" was copied quadratically (33 s and 2 GB a part): text in
    # which no tag starts goes as it is read. A tag longer than MAX_TAG_BYTES is not the usual form.
    pieces = list(guard._pieces(io.BytesIO(b"a" * 100), 10))
    assert [len(p) for p in pieces if p] == [10] * 10
    monkeypatch.setattr(guard, "MAX_TAG_BYTES", 50)
    assert guard.within(io.BytesIO(b'<x a="' + b"b" * 200 + b'"/>'), 1000, chunk=10) is False
    assert guard.within(io.BytesIO(b"<x/>" + b"b" * 200 + b"<y/>"), 1000, chunk=10) is True


def test_a_workbook_part_too_large_to_name_the_sheet_in_does_not_break_the_refusal(book, raw_dir):
    # To name the sheet a far cell is in, the workbook part is parsed: one of 60 million empty tags raised
    # MemoryError. A workbook part beyond 16 MiB is not parsed; the far cell is still refused.
    parts, sheet = _workbook(book.write(raw_dir))
    far = parts[sheet].replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    padded = parts["xl/workbook.xml"].replace(b"</workbook>", b"<x/>" * (5 << 20) + b"</workbook>")
    refused = guard.workbook_problem(_zipped({**parts, sheet: far, "xl/workbook.xml": padded}), "staff")
    assert (refused.kind, refused.sheet) == ("extent", "")


def test_why_a_cell_is_empty_is_read_from_the_cells_alone_and_nothing_after_them_is_kept():
    # The cells are in <sheetData>; what follows (here a decoy cell in an extension list, then 200,000 empty
    # tags: 50 million held 2.6 GB in a tree) is not read.
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row r="2"><c r="F2"><f>SUM(F3:F9)</f></c>'
             b'<c r="G2" t="e"><v>#DIV/0!</v></c><c r="H2"><v>3</v></c></row></sheetData><extLst>'
             b'<c r="F2" t="e"><v>#N/A</v></c>' + b"<x/>" * 200_000 + b"</extLst></worksheet>")
    workbook = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
                b'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="budget" '
                b'sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            b'Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    content = _zipped({"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
                       "xl/worksheets/sheet1.xml": sheet})
    assert guard.empty_cell_causes(content, "budget", {"F2", "G2", "H2"}) == {
        "F2": ("formula", "=SUM(F3:F9)"), "G2": ("error", "#DIV/0!")}


# ---------------------------------------------------------------- the seventh round

def test_shared_strings_are_found_wherever_their_tag_is_and_string_cells_whatever_the_spacing(book, raw_dir,
                                                                                               monkeypatch):
    # A comment of 5,000 bytes before <sst> hid the strings from a look at a part's first 4 KB; a tab before
    # t="s" hid the string cells from a count of ' t="s"'. Either way 50,000 cells x 100,000 characters.
    parts, sheet = _workbook(book.write(raw_dir))
    monkeypatch.setattr(guard, "MAX_STRING_BYTES", 1_000_000)
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><!--' + b"c" * 5000 + b'--><sst xmlns="http://'
               b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
               + b"x" * 2000 + b"</t></si></sst>")
    late = guard.workbook_problem(_zipped({**parts, sheet: _strings_sheet(1000), "xl/sharedStrings.xml": strings}))
    assert late is not None and late.kind == "strings"
    tabbed = _strings_sheet(1000).replace(b' t="s"', b'\tt="s"')
    refused = guard.workbook_problem(_zipped({**parts, sheet: tabbed, "xl/sharedStrings.xml": strings}))
    assert refused is not None and refused.kind == "strings"


def test_a_long_value_is_found_when_it_is_longer_than_a_read_or_holds_the_other_quote(monkeypatch):
    # A 20 MB number format never had both its quotes in one 16 MiB read, and an exempt folder
    # (xl/worksheets/styles.xml, named so through _rels/.rels) let a 10 MB one through: every part is read, a
    # value followed across reads. Smaller here: values of at most 100 bytes, reads of 1,000.
    monkeypatch.setattr(guard, "MAX_ATTRIBUTE_BYTES", 100)
    part = b'<numFmts><numFmt numFmtId="164" formatCode="' + b"0" * 3000 + b'"/></numFmts>'
    values = guard._LongValues()
    for at in range(0, len(part), 1000):
        values.feed(part[at:at + 1000])
    assert values.end() == 3000
    # An apostrophe every 50 bytes inside a double-quoted value does not cut it; a sheet's long range
    # (sqref) and long text between tags are not values.
    values = guard._LongValues()
    values.feed(b'<x a="' + (b"0" * 49 + b"'") * 10 + b'"/>')
    assert values.end() == 500
    values = guard._LongValues()
    values.feed(b'<dataValidation sqref="' + b"A1 " * 200 + b'"/><t>' + b"w" * 500 + b'</t><y b="1"/>')
    assert values.end() == 0
