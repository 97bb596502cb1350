"""Shared helpers: a tiny, valid report year written as real workbooks, one per source.

`YearBook` holds the rows of every source of the data contract and writes
them with openpyxl into `<raw_dir>/<year>/<source>.xlsx`, dates as real Excel
date cells. Tests change it before writing: override a cell, drop or rename a
column, rename a sheet, add extra columns or sheets, change the case of the
headers, add empty trailing rows, remove a file or replace it with garbage.

Row numbers are Excel row numbers (row 1 is the header, the first data row is
row 2), so a test can state the cell it expects in a message (`B3`) by
looking at the layout below.

The tiny year (2025, reference date 2025-12-31) and its hand-computed figures:

staff (A staff_id, B birth_date, C gender, D level)
  row 2  S001 1990-06-15 F A   age 35 -> 30-40
  row 3  S002 1980-01-01 M A   age 45 -> 41-51
  row 4  S003 2000-12-31 F B   age 25 -> 19-29
  row 5  S004 1965-03-10 X C   age 60 -> 52-65
  row 6  S005 1970-07-20 M B   age 55 -> 52-65
  age bands 19-29: 1 (20 %), 30-40: 1 (20 %), 41-51: 1 (20 %), 52-65: 2 (40 %)
  gender by level A: F1 M1 X0 = 2; B: F1 M1 X0 = 2; C: F0 M0 X1 = 1; D: 0; total 2 2 1 5

training (A staff_id, B course_id, C course_title, D start_date, E days)
  row 2  S001 C1 Excel   2025-02-03 1
  row 3  S001 C2 Writing 2025-03-04 0.5
  row 4  S002 C1 Excel   2025-02-03 2
  row 5  S003 C3 GDPR    2025-11-30 1.5
  training days 5, staff trained 3, training types 3

meetings (A body, B date, C mode)
  row 2 ministerraad meeting, row 3 ministerraad meeting, row 4 ministerraad e_procedure,
  row 5 overlegcomite meeting, row 6 comite_a meeting, row 7 nvr e_procedure, row 8 cov meeting
  -> ministerraad 2/1, overlegcomite 1/0, comite_a 1/NA, sectorcomite_i 0/NA,
     nvr 0/1, sciv 0/0, cciv 0/NA, cov 1/NA

translations (A job_id, B delivered, C source_lang, D target_lang, E text_type, F words)
  row 2 T1 nl fr legal 1000; row 3 T2 fr nl political 2500; row 4 T3 nl fr general 300;
  row 5 T4 de en legal 45
  -> legal 1045, political 2500, general 300, total 3845; nl-fr 1300, fr-nl 2500, de-en 45

budget (A group, B code, C label_nl, D label_fr, E label_en, F amount_eur)
  row 2 chancellery CH01 4639816; row 3 chancellery CH02 0.1;
  row 4 services SV01 0.2; row 5 services SV02 1234.56   -> services total 1234.76

subsidies (A beneficiary, B activity_nl, C activity_fr, D activity_en, E amount_eur)
  row 2 Vzw A 0.1; row 3 Vzw B 0.2; row 4 Vzw C 1000.7   -> total 1001.00

campaigns (A campaign, B campaign_nl, C campaign_fr, D campaign_en, E measure, F channel, G country,
           H value, I unit)
  row 2 expo views social_media (no country) 1500 number; row 3 expo reach social_media JP 45000 number;
  row 4 press articles press BE 3 number; row 5 press media_value press FR+BE 2020.5 eur
  (campaign_en of "press" left empty: the English report falls back to the Dutch name)
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

YEAR = 2025
D = dt.date

VALID: dict[str, dict] = {
    "staff": {
        "header": ["staff_id", "birth_date", "gender", "level"],
        "rows": [
            ["S001", D(1990, 6, 15), "F", "A"],
            ["S002", D(1980, 1, 1), "M", "A"],
            ["S003", D(2000, 12, 31), "F", "B"],
            ["S004", D(1965, 3, 10), "X", "C"],
            ["S005", D(1970, 7, 20), "M", "B"],
        ],
    },
    "training": {
        "header": ["staff_id", "course_id", "course_title", "start_date", "days"],
        "rows": [
            ["S001", "C1", "Excel", D(2025, 2, 3), 1],
            ["S001", "C2", "Writing", D(2025, 3, 4), 0.5],
            ["S002", "C1", "Excel", D(2025, 2, 3), 2],
            ["S003", "C3", "GDPR", D(2025, 11, 30), 1.5],
        ],
    },
    "meetings": {
        "header": ["body", "date", "mode"],
        "rows": [
            ["ministerraad", D(2025, 1, 10), "meeting"],
            ["ministerraad", D(2025, 1, 17), "meeting"],
            ["ministerraad", D(2025, 2, 1), "e_procedure"],
            ["overlegcomite", D(2025, 3, 1), "meeting"],
            ["comite_a", D(2025, 4, 1), "meeting"],
            ["nvr", D(2025, 5, 5), "e_procedure"],
            ["cov", D(2025, 6, 6), "meeting"],
        ],
    },
    "translations": {
        "header": ["job_id", "delivered", "source_lang", "target_lang", "text_type", "words"],
        "rows": [
            ["T1", D(2025, 1, 15), "nl", "fr", "legal", 1000],
            ["T2", D(2025, 2, 15), "fr", "nl", "political", 2500],
            ["T3", D(2025, 3, 15), "nl", "fr", "general", 300],
            ["T4", D(2025, 4, 15), "de", "en", "legal", 45],
        ],
    },
    "budget": {
        "header": ["group", "code", "label_nl", "label_fr", "label_en", "amount_eur"],
        "rows": [
            ["chancellery", "CH01", "Beleidsorganen", "Organes stratégiques", "Policy bodies", 4639816],
            ["chancellery", "CH02", "Staatssecretarissen", "Secrétaires d'État", None, 0.1],
            ["services", "SV01", "Dienst een", "Service un", "Service one", 0.2],
            ["services", "SV02", "Dienst twee", "Service deux", None, 1234.56],
        ],
    },
    "subsidies": {
        "header": ["beneficiary", "activity_nl", "activity_fr", "activity_en", "amount_eur"],
        "rows": [
            ["Vzw A", "Bal", "Bal", "Ball", 0.1],
            ["Vzw B", "Concert", "Concert", None, 0.2],
            ["Vzw C", "Vuurwerk", "Feu d'artifice", "Fireworks", 1000.7],
        ],
    },
    "campaigns": {
        "header": ["campaign", "campaign_nl", "campaign_fr", "campaign_en", "measure", "channel", "country", "value",
                   "unit"],
        "rows": [
            ["expo", "Expo-video's", "Vidéos de l'Expo", "Expo videos", "views", "social_media", None, 1500, "number"],
            ["expo", "Expo-video's", "Vidéos de l'Expo", "Expo videos", "reach", "social_media", "JP", 45000, "number"],
            ["press", "Persreis", "Voyage de presse", None, "articles", "press", "BE", 3, "number"],
            ["press", "Persreis", "Voyage de presse", None, "media_value", "press", "FR+BE", 2020.5, "eur"],
        ],
    },
}

SOURCES = tuple(VALID)


class YearBook:
    """The workbooks of one year (one per source), in memory until `write`."""

    def __init__(self, year: int = YEAR):
        self.year = year
        self.data = copy.deepcopy(VALID)
        for spec in self.data.values():
            spec.setdefault("sheet", None)          # None: the source's own name
            spec.setdefault("before", [])           # extra sheets before the source sheet
            spec.setdefault("after", [])            # extra sheets after it
            spec.setdefault("trailing", 0)          # empty trailing rows
        self.missing: set[str] = set()
        self.garbage: dict[str, bytes] = {}

    # ------------------------------------------------------------ cells and rows
    def _index(self, source: str, column: str) -> int:
        header = [str(h).strip().lower() for h in self.data[source]["header"]]
        return header.index(column.lower())

    def set(self, source: str, row: int, column: str, value) -> "YearBook":
        """Set the cell of `column` (a contract name) in Excel row `row` (2 = first data row)."""
        self.data[source]["rows"][row - 2][self._index(source, column)] = value
        return self

    def get(self, source: str, row: int, column: str):
        return self.data[source]["rows"][row - 2][self._index(source, column)]

    def add_row(self, source: str, values: list) -> int:
        """Append a data row; returns its Excel row number."""
        rows = self.data[source]["rows"]
        rows.append(list(values))
        return len(rows) + 1

    def replace_rows(self, source: str, rows: list[list]) -> "YearBook":
        self.data[source]["rows"] = [list(r) for r in rows]
        return self

    # ------------------------------------------------------------ columns and headers
    def drop_column(self, source: str, column: str) -> "YearBook":
        spec = self.data[source]
        i = self._index(source, column)
        del spec["header"][i]
        for row in spec["rows"]:
            del row[i]
        return self

    def rename_column(self, source: str, column: str, new: str) -> "YearBook":
        spec = self.data[source]
        spec["header"][self._index(source, column)] = new
        return self

    def add_column(self, source: str, header, values=None, position: int | None = None) -> "YearBook":
        """Insert a column (at the end by default); `values` one per row, or a constant."""
        spec = self.data[source]
        position = len(spec["header"]) if position is None else position
        spec["header"].insert(position, header)
        for n, row in enumerate(spec["rows"]):
            value = values[n] if isinstance(values, list) else values
            row.insert(position, value)
        return self

    def map_headers(self, function, source: str | None = None) -> "YearBook":
        for name in [source] if source else SOURCES:
            spec = self.data[name]
            spec["header"] = [function(h) for h in spec["header"]]
        return self

    def upper_headers(self, source: str | None = None) -> "YearBook":
        return self.map_headers(str.upper, source)

    # ------------------------------------------------------------ sheets and files
    def rename_sheet(self, source: str, name: str) -> "YearBook":
        self.data[source]["sheet"] = name
        return self

    def add_sheet(self, source: str, name: str, rows: list[list] | None = None, first: bool = True) -> "YearBook":
        self.data[source]["before" if first else "after"].append((name, rows or [["note"], ["ignore me"]]))
        return self

    def trailing_empty_rows(self, source: str, count: int = 3) -> "YearBook":
        self.data[source]["trailing"] = count
        return self

    def remove(self, source: str) -> "YearBook":
        self.missing.add(source)
        return self

    def corrupt(self, source: str, content: bytes = b"this is not a workbook\x00\x01\x02" * 20) -> "YearBook":
        self.garbage[source] = content
        return self

    def moved_to(self, year: int) -> "YearBook":
        """The same rows in another year: every date but a birth date moved to `year` (ages stay the same)."""
        self.year = year
        for name, spec in self.data.items():
            for row in spec["rows"]:
                for i, value in enumerate(row):
                    if isinstance(value, dt.date) and name != "staff":
                        row[i] = value.replace(year=year)
        return self

    # ------------------------------------------------------------ writing
    def folder(self, raw_dir: Path) -> Path:
        return Path(raw_dir) / str(self.year)

    def write(self, raw_dir: Path) -> Path:
        """Write the workbooks into `<raw_dir>/<year>/`; returns that folder."""
        folder = self.folder(raw_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for source, spec in self.data.items():
            path = folder / f"{source}.xlsx"
            if path.exists():
                path.unlink()
            if source in self.missing:
                continue
            if source in self.garbage:
                path.write_bytes(self.garbage[source])
                continue
            path.write_bytes(_workbook_bytes(source, repr(spec), spec))
        return folder


# The bytes of each workbook written, by its content: most tests change one source of the tiny year,
# and the unchanged ones are copied instead of built again with openpyxl (a fast run stays fast).
_WRITTEN: dict[tuple[str, str], bytes] = {}


def _workbook_bytes(source: str, key: str, spec: dict) -> bytes:
    if (source, key) not in _WRITTEN:
        _WRITTEN[(source, key)] = _build(source, spec)
    return _WRITTEN[(source, key)]


def _build(source: str, spec: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in spec["before"]:
        _fill(workbook.create_sheet(name), rows)
    sheet = workbook.create_sheet(spec["sheet"] or source)
    _fill(sheet, [spec["header"]] + spec["rows"])
    last = sheet.max_row
    for n in range(spec["trailing"]):
        # Cells that exist but hold nothing (or only spaces): what Excel leaves
        # behind when a user clears the last rows.
        sheet.cell(row=last + 1 + n, column=1).value = ""
        sheet.cell(row=last + 1 + n, column=2).value = "   "
    for name, rows in spec["after"]:
        _fill(workbook.create_sheet(name), rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, rows: list[list]) -> None:
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def write_swing_years(raw_dir: Path) -> Path:
    """The tiny year (2025) after a 2024 of the same rows but two, which make two swings
    and a third in their total, worked out by hand:
      budget CH01 2 000 000 euro in 2024, 4 639 816 in 2025: +2 639 816 / 2 000 000 = +132.0 % (threshold 40 %);
        its group's total 2 000 000.10 -> 4 639 816.10: +132.0 %;
      legal words 20 855 + 45 = 20 900 in 2024, 1 000 + 45 = 1 045 in 2025: -19 855 / 20 900 = -95.0 %
        (threshold 50 %); all words 23 700 -> 3 845: -19 855 / 23 700 = -83.8 %.
    Every other figure is the same in both years. Returns `raw_dir`."""
    YearBook().write(raw_dir)
    earlier = YearBook().moved_to(2024)
    earlier.set("budget", 2, "amount_eur", 2_000_000)
    earlier.set("translations", 2, "words", 20_855)
    earlier.write(raw_dir)
    return raw_dir


@pytest.fixture
def swing_years(raw_dir) -> Path:
    """2024 and 2025 in tmp_path/raw, 2025 with three swings (see `write_swing_years`)."""
    return write_swing_years(raw_dir)


@pytest.fixture
def year_book():
    """The YearBook class itself, for a test that needs more than one year."""
    return YearBook


@pytest.fixture
def book() -> YearBook:
    """A fresh valid tiny year, to change before writing."""
    return YearBook()


@pytest.fixture
def raw_dir(tmp_path) -> Path:
    return tmp_path / "raw"


@pytest.fixture
def run_validation(raw_dir):
    """Write `book` into tmp_path/raw and validate it; returns the Validation."""
    from figures.validate import validate_year

    def run(book: YearBook):
        book.write(raw_dir)
        return validate_year(book.year, raw_dir)

    return run
