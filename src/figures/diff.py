"""`figures diff A B`: what changed between two renders of a report, as a reviewer needs it.

Two report folders (a report, its last signed render `<lang>-signed/`, a published edition) are compared:

- **what a reader sees**, from the reader's HTML (the source of the PDF; the workbook holds the same tables):
  every figure of a table that changed (the table's caption, the row, the column, old and new as printed),
  every sentence that changed, appeared or went (headings, notes, captions, labels, the colophon), and the
  charts whose picture changed; an amendment note of an edition is not part of the comparison;
- **what the reviewer should know**: the validation warnings that appeared or went, the input workbooks
  whose SHA-256 changed (and, when both workbooks are still at hand, the cells that differ: personal columns
  and columns outside the contract are never shown), and the parts of the render key that changed (code,
  catalogue, notebooks, reference data, packages with their versions, the date the report states);
- the pages of the PDF that changed, side by side as images, in the HTML page (with pdftoppm).

The result prints as text in the report's language and is written as an HTML page beside B, the changed
cells of each table marked. "Nothing a reader sees changed" means no figure, sentence or chart changed.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from figures import paths
from figures.editions import Refused, read_manifest
from figures.i18n import text

GENERATOR = "figures diff"


# ---------------------------------------------------------------- the reader's document, as read

@dataclass
class Row:
    cells: list[str]
    kinds: list[str]            # "num" or "label", per cell
    total: bool = False

    @property
    def label(self) -> str:
        return self.cells[0] if self.cells else ""


@dataclass
class Table:
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


@dataclass
class Chart:
    title: str = ""
    alt: str = ""
    picture: str = ""           # SHA-256 of its images
    image: str = ""             # its image (a data URI), for the HTML page


@dataclass
class Document:
    texts: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title"}
SKIPPED = {"style", "script"}


def _words(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


class _Reader(HTMLParser):
    """The reader's HTML as the reader sees it: its sentences, its tables (cells as printed), its charts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.document = Document()
        self.depth = 0
        self.skip_until: int | None = None        # inside <style>, or an amendment note
        self.block: tuple[str, int, list[str]] | None = None
        self.table: Table | None = None
        self.row: Row | None = None
        self.in_head = False
        self.cell_kind = ""
        self.chart: Chart | None = None
        self.pictures: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag in ("meta", "img", "source", "br", "link", "input"):
            self._void(tag, attributes)
            return
        self.depth += 1
        if self.skip_until is not None:
            return
        if tag in SKIPPED or "amendment" in classes:
            self.skip_until = self.depth
            return
        if tag == "table" and "figures" in classes:
            self.table = Table()
        elif tag == "thead" and self.table is not None:
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row = Row([], [], "total" in classes)
        elif tag in ("th", "td") and self.row is not None:
            self.cell_kind = "num" if "num" in classes else "label"
            self.block = (tag, self.depth, [])
        elif tag == "caption" and self.table is not None:
            self.block = (tag, self.depth, [])
        elif tag == "figure" and "chart" in classes:
            self.chart = Chart()
            self.pictures = []
        elif tag == "figcaption" and self.chart is not None:
            self.block = (tag, self.depth, [])
        elif self.block is None and (tag in TEXT_BLOCKS or (tag == "a" and "skip" in classes)):
            self.block = (tag, self.depth, [])

    def _void(self, tag, attributes):
        if self.skip_until is not None or self.chart is None:
            return
        if tag == "img":
            self.chart.alt = " ".join((attributes.get("alt") or "").split())
            self.pictures.append(attributes.get("src") or "")
        elif tag == "source":
            self.pictures.append(attributes.get("srcset") or "")

    def handle_startendtag(self, tag, attrs):
        self._void(tag, dict(attrs))

    def handle_data(self, data):
        if self.skip_until is None and self.block is not None:
            self.block[2].append(data)

    def handle_endtag(self, tag):
        if tag in ("meta", "img", "source", "br", "link", "input"):
            return
        depth = self.depth
        self.depth -= 1
        if self.skip_until is not None:
            if depth == self.skip_until:
                self.skip_until = None
            return
        if self.block is not None and depth == self.block[1]:
            kind, _, parts = self.block
            self.block = None
            words = _words(parts)
            if kind in ("th", "td") and self.row is not None:
                self.row.cells.append(words)
                self.row.kinds.append(self.cell_kind)
            elif kind == "caption" and self.table is not None:
                self.table.caption = words
            elif kind == "figcaption" and self.chart is not None:
                self.chart.title = words
            elif words:
                self.document.texts.append(words)
            return
        if tag == "tr" and self.row is not None and self.table is not None:
            if self.in_head:
                self.table.headers = self.row.cells
            else:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            self.document.tables.append(self.table)
            self.table = None
        elif tag == "figure" and self.chart is not None:
            self.chart.picture = hashlib.sha256("\n".join(self.pictures).encode()).hexdigest()
            self.chart.image = self.pictures[-1] if self.pictures else ""
            self.document.charts.append(self.chart)
            self.chart = None


def read_document(path: Path) -> Document:
    reader = _Reader()
    reader.feed(Path(path).read_text(encoding="utf-8"))
    reader.close()
    return reader.document


# ---------------------------------------------------------------- what changed

@dataclass(frozen=True)
class FigureChange:
    table: str
    row: str
    column: str
    old: str | None             # None: the figure is new
    new: str | None             # None: the figure is gone


@dataclass(frozen=True)
class TextChange:
    old: str | None             # None: a sentence that appeared
    new: str | None             # None: a sentence that went
    count: int = 1              # how many times (a caption repeated in the contents and the chart, say)


@dataclass
class DocumentChanges:
    figures: list[FigureChange] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)
    charts: list[tuple[Chart | None, Chart | None]] = field(default_factory=list)
    # The tables of B with the positions of their changed cells (for the HTML page): (table, {(row, col)}).
    marked: list[tuple[Table, dict[tuple[int, int], str | None]]] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return bool(self.figures or self.texts or self.charts)


def _pairs(old: list[str], new: list[str]):
    """Align two sequences by their names: (i, j) pairs of matched items, and the unmatched on either side
    as (i, None) and (None, j). A block replaced by one of the same length is matched place by place (a
    renamed row is the same row)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            yield from zip(range(i1, i2), range(j1, j2))
        else:
            yield from ((i, None) for i in range(i1, i2))
            yield from ((None, j) for j in range(j1, j2))


def _sequence_pairs(old: list[str], new: list[str]):
    """Like `_pairs`, but items of the same count in both are matched in order (no name needed)."""
    if len(old) == len(new):
        return list(zip(range(len(old)), range(len(new))))
    return list(_pairs(old, new))


def _compare_tables(a: Table, b: Table, changes: DocumentChanges, texts: list[tuple[str | None, str | None]]):
    marks: dict[tuple[int, int], str | None] = {}
    if a.caption != b.caption:
        texts.append((a.caption, b.caption))
    columns = _sequence_pairs(a.headers, b.headers)
    for i, j in columns:
        if i is not None and j is not None and a.headers[i] != b.headers[j]:
            texts.append((a.headers[i], b.headers[j]))
        elif i is None:
            texts.append((None, b.headers[j]))
        elif j is None:
            texts.append((a.headers[i], None))
    header = (lambda j: b.headers[j] if j is not None and j < len(b.headers) else "")
    old_header = (lambda i: a.headers[i] if i is not None and i < len(a.headers) else "")
    for ri, rj in _sequence_pairs([r.label for r in a.rows], [r.label for r in b.rows]):
        old_row = a.rows[ri] if ri is not None else None
        new_row = b.rows[rj] if rj is not None else None
        label = new_row.label if new_row is not None else old_row.label
        for ci, cj in columns:
            old = old_row.cells[ci] if old_row is not None and ci is not None and ci < len(old_row.cells) else None
            new = new_row.cells[cj] if new_row is not None and cj is not None and cj < len(new_row.cells) else None
            if old == new:
                continue
            kinds = (new_row or old_row).kinds
            at = cj if new_row is not None and cj is not None else ci
            kind = kinds[at] if at is not None and at < len(kinds) else "num"
            if kind == "num" and (old or new):
                changes.figures.append(FigureChange(b.caption or a.caption, label, header(cj) or old_header(ci),
                                                    old or None, new or None))
            elif kind != "num":
                texts.append((old or None, new or None))
            if rj is not None and cj is not None:
                marks[(rj, cj)] = old
    texts[:] = [t for t in texts if t != (None, None)]
    if marks:
        changes.marked.append((b, marks))


def compare(a: Document, b: Document) -> DocumentChanges:
    """The figures, sentences and charts that differ between two reader's documents."""
    changes = DocumentChanges()
    texts: list[tuple[str | None, str | None]] = []
    for i, j in _pairs([t.caption for t in a.tables], [t.caption for t in b.tables]):
        if i is not None and j is not None:
            _compare_tables(a.tables[i], b.tables[j], changes, texts)
        else:
            table = a.tables[i] if i is not None else b.tables[j]
            texts.append((table.caption, None) if j is None else (None, table.caption))
            for row in table.rows:
                for header, cell, kind in zip(table.headers, row.cells, row.kinds):
                    if kind == "num" and cell:
                        old, new = (cell, None) if j is None else (None, cell)
                        changes.figures.append(FigureChange(table.caption, row.label, header, old, new))
    for i, j in _pairs(a.texts, b.texts):
        if i is None or j is None or a.texts[i] != b.texts[j]:
            texts.append((a.texts[i] if i is not None else None, b.texts[j] if j is not None else None))
    counted = Counter(texts)
    changes.texts = [TextChange(old, new, count) for (old, new), count in counted.items()]
    for i, j in _pairs([c.title for c in a.charts], [c.title for c in b.charts]):
        old = a.charts[i] if i is not None else None
        new = b.charts[j] if j is not None else None
        if old is None or new is None or (old.picture, old.alt, old.title) != (new.picture, new.alt, new.title):
            changes.charts.append((old, new))
    return changes


def compare_documents(a: Path, b: Path) -> DocumentChanges:
    return compare(read_document(a), read_document(b))


# ---------------------------------------------------------------- two report folders

@dataclass(frozen=True)
class CellChange:
    sheet: str
    cell: str
    column: str
    old: str | None
    new: str | None


@dataclass
class InputChange:
    file: str
    old: str | None             # SHA-256 in A (None: not an input of A)
    new: str | None
    cells: list[CellChange] | None = None   # None: the two workbooks are not both at hand
    more: int = 0               # cells that differ beyond those listed


@dataclass
class Diff:
    a: Path
    b: Path
    lang: str
    year: int
    documents: DocumentChanges
    warnings_appeared: list[str]
    warnings_gone: list[str]
    inputs: list[InputChange]
    key_changes: list[tuple[str, object, object]]       # (part, old, new)
    pages: list[tuple[int, str | None, str | None]] = field(default_factory=list)   # page, old, new (PNG)
    pages_note: str = ""        # why the pages were not compared

    @property
    def visible(self) -> bool:
        return self.documents.visible


def _reader_html(folder: Path, manifest: dict) -> Path:
    names = manifest.get("output_sha256") or {n: "" for n in manifest.get("outputs", [])}
    found = [n for n in names if "/" not in n and n.startswith("figures-") and n.endswith(".html")]
    if not found:
        raise Refused("not_a_report", folder=folder)
    return Path(folder) / found[0]


def _warnings(folder: Path, manifest: dict) -> list[str]:
    name = (manifest.get("validation_warnings") or {}).get("all") or "validation-warnings.json"
    try:
        items = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [item.get("message", "") for item in items if isinstance(item, dict)]


def _raw_dir(manifest: dict) -> Path | None:
    raw = (manifest.get("parameters") or {}).get("raw_dir")
    return paths.resolve(raw) if raw else None


# How many differing cells of one workbook are listed (a sorted sheet differs everywhere).
CELLS_SHOWN = 50


def _cells(file: str, old_folder: Path, new_folder: Path) -> tuple[list[CellChange], int]:
    """The cells of a source's workbook that differ between two folders, contract columns only; a personal
    column's or an unkept column's values are withheld (None with the marker `withheld`)."""
    from figures.load import read_source
    from figures.registry import REGISTRY

    source = next((s for s in REGISTRY.sources.values() if s.file_name == file), None)
    if source is None:
        return [], 0
    old, _ = read_source(source, old_folder)
    new, _ = read_source(source, new_folder)
    if old is None or new is None:
        return [], 0
    found: list[CellChange] = []
    rows = sorted(set(old.frame.index) | set(new.frame.index))
    for column in source.columns:
        shown = not column.personal and column.kept
        for row in rows:
            a = old.frame.at[row, column.name] if row in old.frame.index else None
            b = new.frame.at[row, column.name] if row in new.frame.index else None
            if _same(a, b):
                continue
            letters = new.letters.get(column.name) or old.letters.get(column.name) or "?"
            found.append(CellChange(new.name or old.name, f"{letters}{row}", column.name,
                                    _cell(a) if shown else WITHHELD, _cell(b) if shown else WITHHELD))
    found.sort(key=lambda c: (int("".join(ch for ch in c.cell if ch.isdigit()) or 0), c.cell))
    return found[:CELLS_SHOWN], max(0, len(found) - CELLS_SHOWN)


WITHHELD = "\0withheld"


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return a == b or float(a) == float(b)
    except (TypeError, ValueError):
        return False


def _cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _inputs(a: dict, b: dict, year: int) -> list[InputChange]:
    from figures.digest import sha256

    old = {i["file"]: i["sha256"] for i in a.get("inputs", [])}
    new = {i["file"]: i["sha256"] for i in b.get("inputs", [])}
    changes = []
    for file in list(new) + [f for f in old if f not in new]:
        if old.get(file) == new.get(file):
            continue
        change = InputChange(file, old.get(file), new.get(file))
        folders = [_raw_dir(m) for m in (a, b)]
        if change.old and change.new and all(folders):
            old_dir, new_dir = (f / str(year) for f in folders)
            at_hand = [(d / file).is_file() and sha256(d / file) == digest
                       for d, digest in ((old_dir, change.old), (new_dir, change.new))]
            if all(at_hand):
                change.cells, change.more = _cells(file, old_dir, new_dir)
        changes.append(change)
    return changes


# The parts of the render key, in the order they are said (figures.render.key).
KEY_PARTS = ("year", "lang", "date", "folders", "workbooks", "earlier_tables", "editions", "published", "reference",
             "notebooks", "code", "catalogue", "packages")


def _key_changes(a: dict, b: dict) -> list[tuple[str, object, object]]:
    old = (a.get("render_key") or {}).get("parts") or {}
    new = (b.get("render_key") or {}).get("parts") or {}
    changes = []
    for part in list(KEY_PARTS) + sorted((set(old) | set(new)) - set(KEY_PARTS)):
        if old.get(part) == new.get(part):
            continue
        if part == "packages" and isinstance(old.get(part), dict) and isinstance(new.get(part), dict):
            for name in sorted(set(old[part]) | set(new[part])):
                if old[part].get(name) != new[part].get(name):
                    changes.append((f"package:{name}", old[part].get(name), new[part].get(name)))
        else:
            changes.append((part, old.get(part), new.get(part)))
    return changes


def compare_reports(a: Path, b: Path, pages: bool = True) -> Diff:
    """Report folder `a` (the earlier) against `b`; Refused when either is not a report, or they are not of
    the same year and language."""
    a, b = Path(a), Path(b)
    first, second = read_manifest(a), read_manifest(b)
    if (first.get("year"), first.get("lang")) != (second.get("year"), second.get("lang")):
        raise Refused("not_comparable", a=a, b=b, first=f"{first.get('year')} {first.get('lang')}",
                      second=f"{second.get('year')} {second.get('lang')}")
    lang, year = second["lang"], int(second["year"])
    documents = compare_documents(_reader_html(a, first), _reader_html(b, second))
    old_warnings, new_warnings = Counter(_warnings(a, first)), Counter(_warnings(b, second))
    result = Diff(a, b, lang, year, documents, list((new_warnings - old_warnings).elements()),
                  list((old_warnings - new_warnings).elements()), _inputs(first, second, year),
                  _key_changes(first, second))
    if pages:
        _compare_pages(result, a, b, first, second)
    return result


# ---------------------------------------------------------------- the PDF's pages

PAGE_DPI = 40


def _pdf(folder: Path, manifest: dict) -> Path | None:
    names = manifest.get("output_sha256") or {n: "" for n in manifest.get("outputs", [])}
    found = [n for n in names if "/" not in n and n.startswith("figures-") and n.endswith(".pdf")]
    return Path(folder) / found[0] if found and (Path(folder) / found[0]).is_file() else None


def _page_images(pdf: Path, folder: Path) -> list[bytes]:
    subprocess.run(["pdftoppm", "-r", str(PAGE_DPI), "-png", str(pdf), str(folder / "page")], check=True,
                   capture_output=True, timeout=300)
    return [p.read_bytes() for p in sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))]


def _compare_pages(result: Diff, a: Path, b: Path, first: dict, second: dict) -> None:
    """The pages of the two PDFs that differ, as PNG images (pdftoppm), when the PDFs differ at all."""
    old, new = _pdf(a, first), _pdf(b, second)
    if old is None or new is None or old.read_bytes() == new.read_bytes():
        return
    if shutil.which("pdftoppm") is None:
        result.pages_note = text("editions.diff.no_pdftoppm", result.lang)
        return
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "a").mkdir()
        (Path(work) / "b").mkdir()
        try:
            before, after = _page_images(old, Path(work) / "a"), _page_images(new, Path(work) / "b")
        except (OSError, subprocess.SubprocessError):
            result.pages_note = text("editions.diff.no_pdftoppm", result.lang)
            return
    for number in range(max(len(before), len(after))):
        x = before[number] if number < len(before) else None
        y = after[number] if number < len(after) else None
        if x != y:
            result.pages.append((number + 1, _png(x), _png(y)))


def _png(data: bytes | None) -> str | None:
    return None if data is None else "data:image/png;base64," + base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------- said in words

def _quoted(value: str, lang: str) -> str:
    from figures.typography import QUOTES

    opening, closing = QUOTES[lang]
    return f"{opening}{value}{closing}"


def _figure_line(change: FigureChange, lang: str) -> str:
    where = text("editions.diff.where", lang, table=change.table, row=change.row, column=change.column)
    if change.old is None:
        return text("editions.diff.figure_new", lang, where=where, new=change.new)
    if change.new is None:
        return text("editions.diff.figure_gone", lang, where=where, old=change.old)
    return text("editions.diff.figure", lang, where=where, old=change.old, new=change.new)


def _text_line(change: TextChange, lang: str) -> str:
    if change.old is None:
        line = text("editions.diff.text_new", lang, new=_quoted(change.new, lang))
    elif change.new is None:
        line = text("editions.diff.text_gone", lang, old=_quoted(change.old, lang))
    else:
        line = text("editions.diff.text", lang, old=_quoted(change.old, lang), new=_quoted(change.new, lang))
    return line + (text("editions.diff.times", lang, count=change.count) if change.count > 1 else "")


def _part_line(part: str, old, new, lang: str) -> str:
    if part.startswith("package:"):
        return text("editions.diff.package", lang, name=part.split(":", 1)[1], old=old or "–", new=new or "–")
    if part in ("year", "lang", "date"):
        return text(f"editions.diff.part.{part}", lang, old=old, new=new)
    key = f"editions.diff.part.{part}"
    from figures.i18n import has

    return text(key, lang) if has(key, lang) else text("editions.diff.part.other", lang, part=part)


def _cell_value(value: str | None, lang: str) -> str:
    if value == WITHHELD:
        return text("editions.diff.withheld", lang)
    return "–" if value is None else value


def lines(result: Diff) -> list[str]:
    """The comparison as the terminal shows it, in the report's language."""
    lang = result.lang
    d = result.documents
    out = [text("editions.diff.heading", lang, a=result.a, b=result.b, year=result.year,
                language=text(f"label.lang.{lang}", lang))]
    out.append(text("editions.diff.figures", lang, count=len(d.figures)))
    out += ["  " + _figure_line(c, lang) for c in d.figures]
    out.append(text("editions.diff.texts", lang, count=len(d.texts)))
    out += ["  " + _text_line(c, lang) for c in d.texts]
    out.append(text("editions.diff.charts", lang, count=len(d.charts)))
    out += ["  " + ((new or old).title or "–") for old, new in d.charts]
    out.append(text("editions.diff.warnings", lang, appeared=len(result.warnings_appeared),
                    gone=len(result.warnings_gone)))
    out += ["  + " + w for w in result.warnings_appeared] + ["  − " + w for w in result.warnings_gone]
    out.append(text("editions.diff.inputs", lang, count=len(result.inputs)))
    for change in result.inputs:
        out.append("  " + text("editions.diff.input", lang, file=change.file, old=(change.old or "–")[:12],
                               new=(change.new or "–")[:12]))
        if change.cells is None:
            if change.old and change.new:
                out.append("    " + text("editions.diff.not_at_hand", lang))
            continue
        out += ["    " + text("editions.diff.cell", lang, sheet=c.sheet, cell=c.cell, column=c.column,
                               old=_cell_value(c.old, lang), new=_cell_value(c.new, lang)) for c in change.cells]
        if change.more:
            out.append("    " + text("editions.diff.more_cells", lang, count=change.more))
    out.append(text("editions.diff.key", lang, count=len(result.key_changes)))
    out += ["  " + _part_line(part, old, new, lang) for part, old, new in result.key_changes]
    if result.pages:
        out.append(text("editions.diff.pages", lang, pages=", ".join(str(p) for p, _, _ in result.pages)))
    elif result.pages_note:
        out.append(result.pages_note)
    out.append(text("editions.diff.visible" if result.visible else "editions.diff.nothing_visible", lang))
    return out


def amendment_lines(changes: DocumentChanges, lang: str, edition: int, previous: int, date, previous_date,
                    reason: str) -> list[str]:
    """The amendment note of an edition, in the reader's language: which edition replaces which, why, and every
    figure and sentence that changed against the edition before."""
    from figures.i18n import formats

    out = [text("editions.amendment.edition", lang, edition=edition, date=formats.date(date, lang),
                previous=previous, previous_date=formats.date(previous_date, lang)),
           text("editions.amendment.reason", lang, reason=reason)]
    if not changes.figures and not changes.texts:
        out.append(text("editions.amendment.nothing", lang, previous=previous))
        return out
    out.append(text("editions.amendment.changes", lang, previous=previous))
    out += [_figure_line(c, lang) for c in changes.figures]
    out += [_text_line(c, lang) for c in changes.texts]
    return out


# ---------------------------------------------------------------- the HTML page

STYLE = """
body { font-family: sans-serif; margin: 1.5rem; line-height: 1.4; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #999; padding: 0.2rem 0.5rem; }
th[scope="row"] { text-align: left; }
td.changed { white-space: nowrap; }
td.num { text-align: right; }
.changed { background: #fff4ce; outline: 2px solid #8a6d00; }
del { color: #a4262c; } ins { color: #0b6a0b; text-decoration: none; font-weight: bold; }
.side { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-start; }
.side figure { margin: 0; max-width: 48%; } .side img { max-width: 100%; border: 1px solid #999; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
"""


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>\n{body}</section>\n"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>\n" if items else ""


def _marked_table(table: Table, marks: dict[tuple[int, int], str | None], lang: str) -> str:
    before, after = (f'<span class="visually-hidden">{escape(text(f"editions.diff.{k}", lang))}: </span>'
                     for k in ("before", "after"))
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
    body = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, (cell, kind) in enumerate(zip(row.cells, row.kinds)):
            tag = "th scope=\"row\"" if c == 0 else "td"
            css = ["num"] if kind == "num" else []
            content = escape(cell)
            if (r, c) in marks:
                css.append("changed")
                old = marks[(r, c)]
                content = (f'{before}<del>{escape(old) if old else "–"}</del> '
                           f'{after}<ins>{escape(cell) or "–"}</ins>')
            cells.append(f'<{tag} class="{" ".join(css)}">{content}</{tag.split()[0]}>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>\n")


def html_page(result: Diff) -> str:
    """The comparison as an HTML page: the tables of B with their changed cells marked (new value, then the
    old one struck through), the sentences, the charts and the PDF pages that changed side by side, then
    warnings, inputs and the render key."""
    lang = result.lang
    t = lambda key, **params: text(f"editions.diff.{key}", lang, **params)  # noqa: E731
    d = result.documents
    parts = []
    tables = "".join(_marked_table(table, marks, lang) for table, marks in d.marked)
    figures = _list([escape(_figure_line(c, lang)) for c in d.figures])
    parts.append(_section(t("figures", count=len(d.figures)), tables + figures))
    texts = _list([f"<del>{escape(c.old)}</del>" if c.new is None else
                   f"<ins>{escape(c.new)}</ins>" if c.old is None else
                   f"<del>{escape(c.old)}</del> → <ins>{escape(c.new)}</ins>" for c in d.texts])
    parts.append(_section(t("texts", count=len(d.texts)), texts))
    charts = []
    for old, new in d.charts:
        title = (new or old).title
        images = "".join(f'<figure><img src="{escape(chart.image)}" alt="{escape(chart.alt)}">'
                         f"<figcaption>{escape(label)}</figcaption></figure>"
                         for chart, label in ((old, t("before")), (new, t("after"))) if chart is not None)
        charts.append(f"<h3>{escape(title)}</h3><div class=\"side\">{images}</div>")
    parts.append(_section(t("charts", count=len(d.charts)), "".join(charts)))
    if result.pages or result.pages_note:
        pages = "".join(
            f"<h3>{escape(t('page', page=page))}</h3><div class=\"side\">"
            + "".join(f'<figure><img src="{src}" alt="{escape(t("page_image", page=page, which=label))}">'
                      f"<figcaption>{escape(label)}</figcaption></figure>"
                      for src, label in ((old, t("before")), (new, t("after"))) if src)
            + "</div>" for page, old, new in result.pages)
        parts.append(_section(t("pages_title"), pages or f"<p>{escape(result.pages_note)}</p>"))
    warnings = _list([f"<ins>+ {escape(w)}</ins>" for w in result.warnings_appeared]
                     + [f"<del>− {escape(w)}</del>" for w in result.warnings_gone])
    parts.append(_section(t("warnings", appeared=len(result.warnings_appeared), gone=len(result.warnings_gone)),
                          warnings))
    inputs = []
    for change in result.inputs:
        cells = "" if change.cells is None else _list([escape(t(
            "cell", sheet=c.sheet, cell=c.cell, column=c.column, old=_cell_value(c.old, lang),
            new=_cell_value(c.new, lang))) for c in change.cells]
            + ([escape(t("more_cells", count=change.more))] if change.more else []))
        if change.cells is None and change.old and change.new:
            cells = f"<p>{escape(t('not_at_hand'))}</p>"
        inputs.append(escape(t("input", file=change.file, old=(change.old or "–")[:12], new=(change.new or "–")[:12]))
                      + cells)
    parts.append(_section(t("inputs", count=len(result.inputs)), _list(inputs)))
    parts.append(_section(t("key", count=len(result.key_changes)),
                          _list([escape(_part_line(p, o, n, lang)) for p, o, n in result.key_changes])))
    title = t("title", year=result.year, language=text(f"label.lang.{lang}", lang))
    summary = t("visible" if result.visible else "nothing_visible")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{GENERATOR}">\n<title>{escape(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n"
            f"<p>{escape(t('heading', a=result.a, b=result.b, year=result.year, language=text(f'label.lang.{lang}', lang)))}</p>\n"
            f"<p><strong>{escape(summary)}</strong></p>\n" + "".join(parts) + "</main>\n</body>\n</html>\n")


def default_page(b: Path) -> Path:
    """Where the HTML page goes unless told: beside report folder B, `<B>-diff.html`."""
    b = Path(b).absolute()
    return b.parent / f"{b.name}-diff.html"


class NotOurs(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def write_page(result: Diff, target: Path) -> Path:
    """Write the HTML page at `target` (replaced at once); refuses a file there that `figures diff` did not
    write."""
    target = Path(target)
    if target.exists():
        head = target.read_bytes()[:2000] if target.is_file() else b""
        if f'<meta name="generator" content="{GENERATOR}">'.encode() not in head:
            raise NotOurs(target)
    partial = target.with_name(f".{target.name}.new")
    partial.write_text(html_page(result), encoding="utf-8")
    os.replace(partial, target)
    return target
