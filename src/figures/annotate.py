"""Annotated copies of the workbooks that have problems (`figures validate --annotate DIR`).

For each workbook with a problem, a copy in DIR: every problem cell filled in
a clear colour (errors red, warnings yellow) with a cell comment giving the
message in the chosen languages (by default the clerks', Dutch and French), and
a sheet listing every problem with a link to its cell. A cell hidden under
merged cells is marked on the range's first cell, the one a spreadsheet shows.
The originals are never modified: DIR may not be the folder of the workbooks or
inside it (`in_raw_folder`). A file in DIR is replaced only if it is, to the
byte, a copy figures wrote: each copy carries in its zip comment the SHA-256 of
its own bytes, which any program that saves the file again drops; so a copy the
clerk corrected (and sent back) is never replaced. The clerk corrects the
marked cells in the original (or works in the copy and sends it back).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from figures import guard, safe_files
from figures.i18n import text
from figures.problems import ERROR, Problem

ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
# What marks a copy as ours (the workbook's keywords), so that a later run may replace it.
MARK = "figures-annotated"


# The zip comment of a copy: this, then the SHA-256 of the copy's bytes with an empty comment (the guard
# accepts that comment, and only it).
STAMP = guard.STAMP


class NotACopy(Exception):
    """A file in the folder of annotated copies that figures did not write there; `changed` when it is a copy
    figures wrote, changed since (the clerk's corrections)."""

    def __init__(self, path: Path, changed: bool = False):
        super().__init__(str(path))
        self.path = path
        self.changed = changed


def in_raw_folder(target: Path, raw_dir: Path) -> bool:
    """True when `target` is the folder of the workbooks or inside it (compared resolved: through links too)."""
    target, raw = Path(target).resolve(), Path(raw_dir).resolve()
    return target == raw or raw in target.parents


def _stamped(data: bytes) -> bytes:
    """The workbook `data` (a zip without a comment) with the SHA-256 of its bytes as its zip comment."""
    comment = STAMP + hashlib.sha256(data).hexdigest().encode("ascii")
    assert data[-2:] == b"\0\0"                 # the end record's comment length: no comment yet
    return data[:-2] + len(comment).to_bytes(2, "little") + comment


def _stamp_holds(data: bytes) -> bool:
    """True when `data` is a copy as figures wrote it: its zip comment is the hash of its bytes without it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            comment = archive.comment
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    if not comment.startswith(STAMP) or not data.endswith(comment):
        return False
    unstamped = data[:-len(comment) - 2] + b"\0\0"
    return hashlib.sha256(unstamped).hexdigest().encode("ascii") == comment[len(STAMP):]


def _open(path: Path, read_only: bool = False):
    """openpyxl's workbook of `path`, read as figures reads every workbook (figures.safe_files: a regular file of
    bounded size, no DOCTYPE in any part); FileRefused otherwise."""
    return load_workbook(io.BytesIO(safe_files.read_workbook(path)), read_only=read_only)


def _is_our_copy(path: Path) -> bool:
    """True when `path` is a copy figures wrote, unchanged to the byte."""
    try:
        return _stamp_holds(safe_files.read_bytes(path, safe_files.MAX_WORKBOOK_BYTES))
    except safe_files.FileRefused:
        return False


def _was_our_copy(path: Path) -> bool:
    """True when `path` carries the mark of a copy figures wrote (it may have been changed since)."""
    try:
        return _open(path, read_only=True).properties.keywords == MARK
    except Exception:        # not a workbook at all (or one refused): certainly not ours
        return False


def _sheet(workbook, name: str | None):
    if name is None:
        return None
    exact = [s for s in workbook.sheetnames if s == name]
    near = [s for s in workbook.sheetnames if s.strip().lower() == name.lower()]
    chosen = exact or near
    return workbook[chosen[0]] if chosen else None


def _marked_cell(sheet, coordinate: str):
    """The cell that carries a problem's colour and comment: the cell itself, or the first cell of the merged
    range that hides it (a spreadsheet shows and keeps only that one)."""
    cell = sheet[coordinate]
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if coordinate in merged:
                return sheet.cell(merged.min_row, merged.min_col)
    return cell


def annotate(problems: list[Problem], raw_folder: Path, target: Path, langs: str | tuple[str, ...]) -> list[Path]:
    """Write an annotated copy of each workbook of `raw_folder` that has a problem into `target`, each problem
    said in every language of `langs` (the clerks': Dutch and French); returns the copies.
    Raises NotACopy, before writing anything, when a file there is not an annotated copy of ours."""
    from figures.load import find_workbook

    langs = (langs,) if isinstance(langs, str) else tuple(langs)
    target = Path(target)
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    sources = {name: find_workbook(Path(raw_folder), name) for name in by_file}
    sources = {name: path for name, path in sources.items() if path.is_file()}
    for name in sources:
        copy = target / name
        if os.path.lexists(copy) and not _is_our_copy(copy):
            raise NotACopy(copy, changed=_was_our_copy(copy))
    target.mkdir(parents=True, exist_ok=True)
    written = []

    def both(key: str) -> str:          # a word in every language, as one header or value
        return " / ".join(dict.fromkeys(text(key, lang) for lang in langs))

    for name, source in sources.items():
        try:
            workbook = _open(source)
        except Exception:        # a file that is not a workbook, or one refused: the command's messages say so
            continue
        listing = workbook.create_sheet(" - ".join(dict.fromkeys(text("annotate.sheet", lang) for lang in langs)), 0)
        headers = [both(f"problems.{c}") for c in ("severity", "sheet", "cell", "column")]
        headers += [text(f"problems.{c}", lang) for lang in langs for c in ("found", "expected")]
        listing.append(headers)
        for cell in listing[1]:
            cell.font = Font(bold=True)
        notes: dict[tuple[str, str], list[Problem]] = {}
        for problem in by_file[name]:
            sheet = _sheet(workbook, problem.sheet)
            row = [both(f"cli.{problem.severity}"), sheet.title if sheet is not None else (problem.sheet or ""),
                   problem.cell or "", problem.column or ""]
            for lang in langs:
                row += [problem.found.render(lang) if problem.found else "",
                        problem.expected.render(lang) if problem.expected else ""]
            listing.append(row)
            for cell in listing[listing.max_row]:
                cell.data_type = "s"
            if sheet is not None and problem.cell:
                link = listing.cell(listing.max_row, 3)
                link.hyperlink = f"#'{sheet.title}'!{problem.cell}"
                link.font = Font(color="0563C1", underline="single")
                marked = _marked_cell(sheet, problem.cell)
                marked.fill = ERROR_FILL if problem.severity == ERROR or \
                    marked.fill.fgColor.rgb == ERROR_FILL.fgColor.rgb else WARNING_FILL
                notes.setdefault((sheet.title, marked.coordinate), []).append(problem)
        for (title, cell), marked_problems in notes.items():
            # Each language's lines together, a blank line between the languages.
            said = "\n\n".join("\n".join(p.describe(lang) for p in marked_problems) for lang in langs)
            workbook[title][cell].comment = Comment(said, "figures", width=360, height=120 * len(langs))
        widths = (12 * len(langs), 14 * len(langs), 10, 16) + (50, 60) * len(langs)
        for index, width in enumerate(widths, start=1):
            listing.column_dimensions[get_column_letter(index)].width = width
        listing.freeze_panes = "A2"
        listing.page_setup.orientation = "landscape"
        listing.page_setup.fitToWidth, listing.page_setup.fitToHeight = 1, 0
        listing.sheet_properties.pageSetUpPr.fitToPage = True
        workbook.properties.keywords = MARK
        copy = target / name
        buffer = io.BytesIO()
        workbook.save(buffer)
        copy.write_bytes(_stamped(buffer.getvalue()))
        written.append(copy)
    return written
