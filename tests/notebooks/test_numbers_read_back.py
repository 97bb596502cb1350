"""Every number a reader sees in the tables of the four editions, read back with Babel in the edition's own
locale (issue 17): the nl, fr, de and en HTML say the same numbers, cell by cell; each is a figure the
pipeline computed (the year's CSV tables, the changes from the year before, a column's total); and the PDF
of each language prints each row's numbers as its HTML does."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from babel.numbers import parse_decimal

from render_support import LANGS, flat, pdf_text

LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_GB"}
# A number as each locale writes it: groups of three (. or the French narrow no-break space or ,), decimals.
NUMBER = {"nl": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
          "de": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
          "fr": r"\d{1,3}(?:[\u202f\u00a0 ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
          "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"}


class _Tables(HTMLParser):
    """The reader's tables of a document (class "figures", not the reviewer's), as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._in = [], None, False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "figures" in classes and "review" not in classes:
            self._in = True
            self.tables.append({"caption": "", "rows": []})
        elif self._in and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self._in and tag in ("td", "th"):
            self._cell = ""
        elif self._in and tag == "caption":
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(self._cell)
            self._cell = None
        elif self._in and tag == "caption":
            self.tables[-1]["caption"], self._cell = self._cell, None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def numbers(cell: str, lang: str) -> list[Decimal]:
    """The numbers of a cell, read by Babel in the language's locale ("+33 (+9,1 %)" -> 33, 9.1)."""
    return [parse_decimal(token.replace(" ", "\u202f") if lang == "fr" else token, locale=LOCALES[lang],
                          strict=False)
            for token in re.findall(NUMBER[lang], cell)]


def grid(table: dict, lang: str) -> list[list[list[Decimal]]]:
    """Every body row's cells as their numbers (the first cell, the row's name, left out: names are words)."""
    return [[numbers(cell, lang) for cell in row[1:]] for row in table["rows"][1:]]


@pytest.fixture
def editions(report):
    return {lang: tables((report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8"))
            for lang in LANGS}


def test_the_four_editions_say_the_same_numbers(editions):
    reference = [grid(t, "nl") for t in editions["nl"]]
    assert len(reference) >= 10 and sum(len(g) for g in reference) > 80
    for lang in LANGS[1:]:
        theirs = [grid(t, lang) for t in editions[lang]]
        assert len(theirs) == len(reference), lang
        for index, (ours, other) in enumerate(zip(reference, theirs)):
            assert ours == other, f"{lang}: table {index + 1} ({editions[lang][index]['caption']}) differs from nl"


def _computed(report) -> set[Decimal]:
    """Every figure the pipeline wrote for 2025: the CSV tables' numbers, each column's total, and the
    changes from the year before (the previous value, the change and its percentage as the table rounds it)."""
    found: set[Decimal] = set()
    for path in sorted((report.processed / "tables").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        columns: dict[str, list[Decimal]] = {}
        for row in rows:
            for column, value in row.items():
                try:
                    number = Decimal(value)
                except Exception:
                    continue
                found.add(abs(number))
                columns.setdefault(column, []).append(number)
                if column == "change_pct":
                    found.add(abs(number).quantize(Decimal("0.1")))
        found |= {abs(sum(values)) for values in columns.values()}
    return {n.normalize() for n in found}


def test_every_number_of_a_table_is_a_computed_figure(report, editions):
    computed = _computed(report)
    for lang in LANGS:
        for table in editions[lang]:
            if "2023" in flat(" ".join(table["rows"][0])):     # the trends: indicators computed from these
                continue
            for row in grid(table, lang):
                for cell in row:
                    for number in cell:
                        assert number.normalize() in computed or number in (Decimal(2024), Decimal(2025)), \
                            f"{lang}: {number} in {table['caption']!r} is not a computed figure"


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_prints_each_rows_numbers_as_the_html(report, editions, lang):
    # Each run of a row's cells that hold figures ("9 / 8 +1 (+12,5 %)"; a word such as "new" ends a run)
    # is printed in the PDF as one piece of text: number cells never wrap.
    text = flat(pdf_text(report.folder(lang) / f"figures-2025-{lang}.pdf"))
    for table in editions[lang]:
        for row in table["rows"][1:]:
            runs, run = [], []
            for cell in row[1:] + ["end"]:
                if cell.strip() and not re.search(r"[A-Za-zÀ-ÿ]", cell):
                    run.append(cell)
                else:
                    runs, run = runs + ([flat(" ".join(run))] if run else []), []
            for shown in runs:
                assert shown in text, f"{lang}: {table['caption']!r}: {shown!r} not in the PDF"
