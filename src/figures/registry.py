"""What a source and a table are: the declarations every layer iterates.

A chapter module (`figures/chapters/<name>.py`) declares its sources (the
workbooks it reads: columns, types, value rules, which columns are personal)
and its tables (how each is computed, its key, the kind of each column, how a
row is named in each language, the totals the report prints, whether it is
reconciled). Validation, compute, the CSV and Excel writers, reading tables
back, reconciliation, the notebooks and the sample generator iterate these
declarations; none of them names a source or a table.

The registry is `CHAPTERS` (report order: the chapter modules' `CHAPTER.number`,
the trends chapter last by its number `LAST`), `SOURCES` and `TABLES` (in chapter order).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from figures.problems import ERROR, WARNING, Message

if TYPE_CHECKING:  # only for annotations: the chapter modules import this module
    from figures.reference import Reference

# The key of a total row, in the tables that carry one and in the published transcription.
TOTAL = "total"

# ---------------------------------------------------------------- input columns

# Cell types of an input column. A `code` is text from a list of codes.
TEXT = "text"
CODE = "code"
DATE = "date"
NUMBER = "number"
INTEGER = "integer"


@dataclass(frozen=True)
class Rule:
    """A value rule of one column: `check(values, reference)` is True where a value is valid.

    `check` is vectorised (a Series in, a boolean Series out) and sees only the
    non-empty, correctly typed values; `expected` says what a valid value is,
    or builds that message from the reference (the year, the bodies).
    """

    check: Callable[[pd.Series, "Reference"], pd.Series]
    expected: Message | Callable[["Reference"], Message]
    # The same rule as bounds an input template can enforce while a clerk types (Excel data validation):
    # f(reference) -> {"low": value, "low_strict": bool, "high": value}, any of them; None: not expressible.
    bounds: Callable[["Reference"], dict] | None = None

    def expectation(self, reference: "Reference") -> Message:
        return self.expected(reference) if callable(self.expected) else self.expected


@dataclass(frozen=True)
class Column:
    """One column of an input sheet."""

    name: str
    kind: str
    required: bool = True
    unique: bool = False
    # The codes a `code` column accepts (matched in any case, stored as written here), or a
    # function of the reference that returns them (the bodies list).
    choices: tuple[str, ...] | Callable[["Reference"], tuple[str, ...]] = ()
    # Personal data: the value is never echoed, not even in an error message, and never written.
    personal: bool = False
    rules: tuple[Rule, ...] = ()
    # Kept in the clean data (data/processed/<year>/clean/). False for a column that no figure uses: it is
    # validated, then goes no further (free text such as a course title may hold a person's name).
    kept: bool = True

    def codes(self, reference: "Reference") -> tuple[str, ...]:
        return self.choices(reference) if callable(self.choices) else self.choices


@dataclass(frozen=True)
class Source:
    """One input workbook: `<name>.xlsx` with a sheet named `<name>`."""

    name: str
    columns: tuple[Column, ...]
    # How a sheet with a header and no rows is taken: an error (no staff is no report) or a warning.
    empty: str = WARNING
    # Rules across the columns of one sheet: f(sheet, frame, reference) -> problems.
    row_rules: tuple[Callable[..., list], ...] = ()
    # Rules across files: f(checked: dict[source name, (sheet, frame)], reference) -> problems;
    # `needs` names the sources they read (they run only when all of them were read).
    file_rules: tuple[Callable[..., list], ...] = ()
    needs: tuple[str, ...] = ()
    # The validated frame reduced to what the figures need, without personal data:
    # f(frame, reference) -> frame. None: every non-personal column, as validated.
    clean: Callable[[pd.DataFrame, "Reference"], pd.DataFrame] | None = None
    # For the input templates (`figures new-year`): an example row, shown on the instructions sheet (a date
    # of a column whose dates fall in the year takes the template's year), and the columns a new year's
    # template takes over from the previous year's workbook with `--from` (budget lines, beneficiaries).
    example: tuple = ()
    carried: tuple[str, ...] = ()
    # The synthetic sample's rows of a year (2023, 2024, 2025), every column in order: f(year) -> rows, which
    # `figures.sample` writes to data/raw/<year>/<name>.xlsx. None: the source has a builder in figures.sample.
    sample: Callable[[int], list[tuple]] | None = None

    @property
    def file_name(self) -> str:
        return f"{self.name}.xlsx"

    @property
    def sheet(self) -> str:
        return self.name

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def __post_init__(self):
        if self.empty not in (ERROR, WARNING):
            raise ValueError(f"source {self.name}: empty must be {ERROR!r} or {WARNING!r}")


# ---------------------------------------------------------------- output tables

@dataclass(frozen=True)
class Inputs:
    """What a table is computed, labelled and drawn from: the year's clean frames and reference data."""

    clean: dict[str, pd.DataFrame]
    reference: "Reference"

    @property
    def year(self) -> int:
        return self.reference.year


# Kinds of an output column: how it is written (CSV), read back, formatted (reader, Excel).
KEY = "key"            # a code naming the row (band, level, body ...): text
LABEL = "label"        # a name as written in the data (a beneficiary): text
COUNT = "count"        # a whole number; empty = not applicable
PERCENT = "percent"    # a whole number of percent
MONEY = "money"        # euro with cents, written 4639816.00
DAYS = "days"          # a number of days, halves allowed
TEXT_KINDS = (KEY, LABEL)
NUMBER_KINDS = (COUNT, PERCENT, MONEY, DAYS)


@dataclass(frozen=True)
class Table:
    """One figure table: `data/processed/<year>/tables/<name>.csv`, a reader's table, a sheet of the Excel file."""

    name: str
    # f(inputs) -> the table; `inputs.clean` holds the clean frames, `inputs.reference` the reference data.
    compute: Callable[[Inputs], pd.DataFrame]
    # Every column in order, with its kind; a kind may be a function of the table giving one kind per
    # row (an amount that is money in one row and a count in the next).
    columns: dict[str, str | Callable[[pd.DataFrame], pd.Series]]
    # The columns naming a row (the reconciliation matches published rows on them); () for a one-row table.
    key: tuple[str, ...] = ()
    # The reader's name of each row, in the report language: f(table, inputs, lang) -> list of str.
    # Labels that come from the data fall back to Dutch with a LabelFallback warning.
    row_labels: Callable[[pd.DataFrame, Inputs, str], list[str]] | None = None
    # The totals the report prints but the CSV leaves to the reader: f(table) -> the table with them.
    printed_totals: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    # Compared with data/reference/published/<year>.yaml when the year is published.
    reconciled: bool = True
    # The reader's table (HTML) and chart: f(table, row labels, lang) -> Html / matplotlib Figure, the row
    # labels being those of `row_labels` in the same language (None for a table without); the reader's
    # table also takes `comparison=` (a present.Comparison with the year before, or None).
    present: Callable[[pd.DataFrame, list[str] | None, str], Any] | None = None
    chart: Callable[[pd.DataFrame, list[str] | None, str], Any] | None = None
    # The rows the chart shows (a boolean Series): its text alternative describes those. None: every row
    # but a total row.
    charted: Callable[[pd.DataFrame], pd.Series] | None = None
    # The names of the charted rows as the chart shows them, f(table, row labels, lang) -> list of str, when
    # they are more than the row labels (a campaign's measure and country). None: the row labels.
    chart_labels: Callable[[pd.DataFrame, list[str] | None, str], list[str]] | None = None
    # The sentence that goes with the table: f(table, year, lang) -> str.
    note: Callable[[pd.DataFrame, int, str], str] | None = None
    # Sentences that give the table's figures as the report's text writes them ("meer dan 153 miljoen"),
    # one paragraph each, after the note: f(table, row_labels, lang) -> [str].
    in_words: Callable[[pd.DataFrame, list[str] | None, str], list[str]] | None = None
    # Where the reader's table shows "/" for both 0 and "not applicable": the reviewer sees the raw values.
    shows_none: bool = False
    # The columns compared with the year before (the previous value and the change beside each), in the
    # reader's table and the Excel sheet; () for none.
    compared: tuple[str, ...] = ()
    # Disclosure control (figures.disclosure.Policy): which columns count people, the minimum and the sign of
    # a hidden cell, or why the table is exempt. Every table declares one (a test checks it).
    disclosure: Any = None
    # The note comes before the table and its chart (as the published report prints it), not after them.
    note_first: bool = False

    def kinds(self, table: pd.DataFrame) -> dict[str, pd.Series]:
        """The kind of every cell, column by column (a Series per column, aligned with `table`)."""
        out = {}
        for column, kind in self.columns.items():
            out[column] = kind(table) if callable(kind) else pd.Series(kind, index=table.index, dtype=object)
        return out

    def static_kind(self, column: str) -> str | None:
        kind = self.columns[column]
        return None if callable(kind) else kind


@dataclass(frozen=True)
class Check:
    """A consistency check: two values that must agree (a catalogue key names it)."""

    key: str
    ok: bool
    left: object
    right: object


@dataclass(frozen=True)
class Chapter:
    """A chapter of the report: its sources, its tables and their checks.

    `number` orders the chapters (unique; gaps are allowed); the trends chapter, which reads every other one,
    takes `LAST`. The executed notebook is named by the chapter's place in that order, `NN_<name>.ipynb`
    (`Registry.notebook_name`), whatever its number. `name` is the module's name (the registry checks it):
    the render finds a chapter's own notebook, `notebooks/<name>.ipynb`, by it without importing the chapters
    (`figures.chapter_notebooks`)."""

    name: str
    number: int
    sources: tuple[Source, ...] = ()
    tables: tuple[Table, ...] = ()
    # f(tables: dict[name, frame], inputs) -> checks; every table of the chapter is in `tables`. `inputs`
    # (the clean rows the tables come from) is None when only tables are at hand: checks that compare a
    # table with its rows then give nothing.
    checks: Callable[[dict[str, pd.DataFrame], Inputs | None], list[Check]] | None = None
    # Sources read beyond the chapter's own (training reads staff for its warning).
    reads: tuple[str, ...] = field(default=())


# The number of the chapter that comes after every other one (the trends, which read all of them).
LAST = 99


# ---------------------------------------------------------------- the registry

CHAPTER_PACKAGE = "figures.chapters"


class Registry:
    """Every chapter module of `figures.chapters` (each declares `CHAPTER`), in report order."""

    @cached_property
    def chapters(self) -> tuple[Chapter, ...]:
        package = importlib.import_module(CHAPTER_PACKAGE)
        found = []
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{CHAPTER_PACKAGE}.{info.name}")
            chapter = getattr(module, "CHAPTER", None)
            if isinstance(chapter, Chapter):
                if chapter.name != info.name:
                    raise ValueError(f"{CHAPTER_PACKAGE}.{info.name} declares the chapter {chapter.name}: a chapter "
                                     f"is named after its module")
                found.append(chapter)
        return in_report_order(found)

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {s.name: s for c in self.chapters for s in c.sources}

    @cached_property
    def tables(self) -> dict[str, Table]:
        return {t.name: t for c in self.chapters for t in c.tables}

    def chapter(self, name: str) -> Chapter:
        return next(c for c in self.chapters if c.name == name)

    def chapter_of(self, table: str) -> Chapter:
        return next(c for c in self.chapters if any(t.name == table for t in c.tables))

    def notebook_name(self, name: str) -> str:
        """The executed notebook of a chapter: its place in the report and its name (`01_staff.ipynb`)."""
        position = [c.name for c in self.chapters].index(name) + 1
        return f"{position:02d}_{name}.ipynb"

    def source_order(self, name: str) -> int:
        return list(self.sources).index(name)


def in_report_order(chapters: list[Chapter]) -> tuple[Chapter, ...]:
    """The chapters by their number (the trends, `LAST`, after every other), each name, number, source and
    table declared once."""
    found = sorted(chapters, key=lambda c: c.number)
    _check_unique([c.name for c in found], "chapter")
    _check_unique([c.number for c in found], "chapter number")
    if any(c.number > LAST for c in found):
        raise ValueError(f"figures.chapters declares a chapter number above LAST ({LAST})")
    _check_unique([s.name for c in found for s in c.sources], "source")
    _check_unique([t.name for c in found for t in c.tables], "table")
    return tuple(found)


def _check_unique(names: list, what: str) -> None:
    repeated = sorted({str(n) for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"figures.chapters declares the {what} {', '.join(repeated)} twice")


REGISTRY = Registry()


def chapters() -> tuple[Chapter, ...]:
    return REGISTRY.chapters


def sources() -> dict[str, Source]:
    return REGISTRY.sources


def tables() -> dict[str, Table]:
    return REGISTRY.tables
