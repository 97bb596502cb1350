"""Validation at the door: every source against the contract, every problem at once.

Every source of the registry goes through three layers, each reporting with
Excel cell references:
1. types (own code): each cell must already be of its column's type in Excel;
   text in a number or date column is an error, never a guess;
2. value rules (the columns' declared rules, vectorised, per year): codes,
   ranges, uniqueness, dates inside the report year, cents;
3. the source's rules across columns, then rules across files (declared by
   the chapter modules: ages and age bands, the bodies' use of e-procedures,
   language pairs, trainees absent from the staff file).

Values of personal columns are never echoed; the message describes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import re
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from figures import guard, paths
from figures import reference as references
from figures.load import CONTROL, Sheet, read_source, source_order
from figures.problems import ERROR, WARNING, Message, Problem, msg, sort_problems
from figures.reference import Reference
from figures.registry import CODE, DATE, INTEGER, NUMBER, REGISTRY, TEXT, Column, Source
from figures.rules import one_of


@dataclass
class Validation:
    """The outcome of validating one year: typed frames (index = Excel row) and all problems."""

    year: int
    reference: Reference | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The SHA-256 of each workbook read, by file name: what the figures are computed from.
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------- 1. types

# Characters a reader cannot see, shown escaped in messages (a zero-width space: `a\u200bb`).
_INVISIBLE = re.compile(r"[\u00a0\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff]")


def visible(text: str) -> str:
    """`text` with its invisible and control characters written as escapes (\\u200b), so a message shows them."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                          CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


def _found(value: object, personal: bool) -> Message:
    """How a cell's value is described in a message (withheld for personal columns)."""
    if value is None:
        return msg("found.empty")
    if isinstance(value, bool):
        kind, shown = "boolean", str(value).upper()
    elif isinstance(value, (int, float, np.integer, np.floating)):
        # Every digit as typed: `:g` would print 1234.567 as 1234.57 and 4639816.001 as 4.63982e+06,
        # hiding the very decimals a cents rule refuses.
        number = float(value)
        kind, shown = "number", str(int(number)) if number.is_integer() else repr(number)
    elif isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        kind, shown = "date", (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    elif isinstance(value, str):
        kind, shown = "text", visible(value)
    else:
        kind, shown = "other", str(value)
    return msg(f"found.{kind}_withheld") if personal else msg(f"found.{kind}", value=shown)


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return None
    if isinstance(value, (int, np.integer)):
        return str(value)
    if isinstance(value, float):
        # Ids typed as numbers (1001) arrive as floats from Excel.
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def _parse(value: object, column: Column, codes: dict[str, str]):
    """The typed value of one non-empty cell, or None when it has the wrong type.

    `codes` maps the lower case of each code of a `code` column to the code as declared.
    """
    if column.kind in (TEXT, CODE):
        parsed = _as_text(value)
        if parsed is not None and column.kind == CODE:
            # Codes are accepted in any case and stored as the contract writes them.
            parsed = codes.get(parsed.lower(), parsed if codes else parsed.lower())
        return parsed
    if column.kind == DATE:
        if isinstance(value, dt.datetime):
            return pd.Timestamp(value.date())
        if isinstance(value, dt.date):
            return pd.Timestamp(value)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    if not _in_range(value):
        return None
    if column.kind == INTEGER:
        return int(value) if float(value).is_integer() else None
    return float(value)


# Numbers a cell may hold: beyond this a double loses whole units and an integer column overflows.
MAX_NUMBER = 10 ** 15


def _parse_column(cells: pd.Series, column: Column, codes: dict[str, str]) -> pd.Series:
    """`_parse` of every non-empty cell of a column (None, or NaN or NaT in a column of numbers or dates, where
    a cell is empty or of the wrong type), a column at a time. A column whose cells are all of its usual
    Python type (text for a text or code column, dates for a date column, floats for a number column: as a
    rule) is converted without a Python step per cell: a code column's distinct values are parsed once
    each (a federal year's 100,000 translations hold 4 languages), a date column's distinct days (250),
    numbers in one array, a text column without an empty cell stripped by `str.strip` alone (its values
    are mostly distinct: finding them would cost more than it saves). Any other column (a number in a text
    column, a date typed as text, a text column with empty cells) is converted cell by cell
    (`_parse_cells`)."""
    values = cells.to_numpy(dtype=object)
    types = set(map(type, values))
    kinds = types - {type(None)}
    if column.kind == TEXT and types == {str}:             # no empty cell: each text stripped, in C
        return pd.Series(list(map(str.strip, values)), index=cells.index, dtype=object)
    if column.kind == CODE and kinds <= {str}:
        return _by_distinct(cells, values, lambda text: _parse(text, column, codes))
    if column.kind == DATE and kinds <= {dt.date, dt.datetime}:
        positions, distinct = pd.factorize(values)
        days = pd.to_datetime(pd.Series(distinct, dtype=object)).dt.normalize().to_numpy()
        return pd.Series(np.append(days, np.datetime64("NaT"))[positions], index=cells.index)
    if column.kind == NUMBER and kinds <= {float}:
        numbers = values.astype("float64")      # an empty cell (None) is NaN
        with np.errstate(invalid="ignore"):
            return pd.Series(np.where(np.abs(numbers) < MAX_NUMBER, numbers, np.nan), index=cells.index)
    return _parse_cells(cells, column, codes)


def _by_distinct(cells: pd.Series, values: np.ndarray, parse) -> pd.Series:
    """`parse` of each distinct value of `values` (text only, and None), spread over the cells."""
    positions, distinct = pd.factorize(values)          # an empty cell (None) is position -1
    parsed = np.empty(len(distinct) + 1, dtype=object)
    parsed[:-1] = [parse(value) for value in distinct]
    return pd.Series(parsed[positions], index=cells.index, dtype=object)


def _parse_cells(cells: pd.Series, column: Column, codes: dict[str, str]) -> pd.Series:
    """`_parse_column` a cell at a time: the cells of the column's usual Python type are converted in one pass
    without a call per cell, any other cell (rare) by `_parse` itself."""
    def other(value):
        return None if value is None else _parse(value, column, codes)

    values = cells.tolist()
    if column.kind == TEXT:
        parsed = [v.strip() if v.__class__ is str else other(v) for v in values]
    elif column.kind == CODE and codes:
        # Codes are accepted in any case and stored as the contract writes them.
        get = codes.get
        parsed = [get(v.strip().lower(), v.strip()) if v.__class__ is str else other(v) for v in values]
    elif column.kind == CODE:
        parsed = [v.strip().lower() if v.__class__ is str else other(v) for v in values]
    elif column.kind == DATE:
        # A date or date-time cell is its day; anything else is no date (`_parse` agrees).
        dates = pd.Series([v if isinstance(v, dt.date) else None for v in values], index=cells.index, dtype=object)
        return pd.to_datetime(dates).dt.normalize()
    elif column.kind == INTEGER:
        parsed = [v if v.__class__ is int and -MAX_NUMBER < v < MAX_NUMBER
                  else int(v) if v.__class__ is float and v.is_integer() and -MAX_NUMBER < v < MAX_NUMBER
                  else other(v) for v in values]
    else:
        parsed = [float(v) if (v.__class__ is float or v.__class__ is int) and -MAX_NUMBER < v < MAX_NUMBER
                  else other(v) for v in values]
    return pd.Series(parsed, index=cells.index, dtype=object)


def _in_range(value) -> bool:
    number = float(value)
    return number == number and abs(number) < MAX_NUMBER           # not NaN, not infinite, not absurd


# A number typed as text the Belgian way: 4.639.816 €, 1.234,56, 1234,5 EUR.
_THOUSANDS = re.compile(r"-?\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")


def belgian_number(typed: str) -> float | None:
    """The number a text reads as in Belgian notation (points or spaces between thousands, a decimal comma,
    a euro sign), or None. It is shown in the message, never used: text in a number column stays an error."""
    bare = re.sub(r"(€|eur(o|os)?)$", "", typed.strip(), flags=re.IGNORECASE).strip()
    if _THOUSANDS.fullmatch(bare):
        return float(re.sub(r"[.\u00a0\u202f ]", "", bare).replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(bare):
        return float(bare.replace(",", "."))
    if _PLAIN.fullmatch(bare):
        return float(bare)
    return None


def _expected_type(column: Column, value=None) -> Message:
    if column.kind in (NUMBER, INTEGER) and isinstance(value, (int, float, np.integer, np.floating)) \
            and not isinstance(value, bool) and not _in_range(value):
        return msg("expected.at_most", limit=f"{MAX_NUMBER:,}")
    if column.kind in (NUMBER, INTEGER) and isinstance(value, str) and not column.personal:
        number = belgian_number(value)
        if number is not None:
            shown = str(int(number)) if number.is_integer() else repr(number)
            return msg("expected.number_as_text", number=shown)
    return msg(f"expected.{column.kind}")


_DTYPES = {TEXT: object, CODE: object, DATE: "datetime64[ns]", NUMBER: "float64", INTEGER: "Int64"}


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) runs: [3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _typed(sheet: Sheet, reference: Reference) -> tuple[pd.DataFrame, list[Problem], set[tuple[int, str]]]:
    """Convert every cell to its column's type; report cells of the wrong type or empty."""
    source = sheet.source
    problems: list[Problem] = []
    flagged: set[tuple[int, str]] = set()
    # An empty row between data rows is one problem, not one per empty cell.
    empty = sheet.frame.isna()
    in_empty_row = empty.all(axis=1).to_numpy()
    for first, last in _runs(sheet.frame.index[in_empty_row].tolist()):
        flagged.update((row, c) for row in range(first, last + 1) for c in source.column_names)
        # A run of empty rows (a stray note far below the data) is one problem, not one per row.
        found = msg("found.empty_row") if first == last else msg("found.empty_rows", first=first, last=last,
                                                                   count=last - first + 1)
        problems.append(Problem(source.file_name, found=found, expected=msg("expected.data_row"),
                                sheet=source.sheet, cell=f"A{first}", order=(source_order(source), first, 0)))
    columns = {}
    for column in source.columns:
        cells = sheet.frame[column.name]
        parsed = _parse_column(cells, column, {c.lower(): c for c in column.codes(reference)})
        control = pd.Series(False, index=cells.index)
        # One search of the whole column first (line feeds are allowed): a cell at a time only if it hits. A
        # parsed text is never empty (a blank cell is None).
        if column.kind in (TEXT, CODE) and column.name not in sheet.plain \
                and CONTROL.search("\n".join(filter(None, parsed.to_numpy()))):
            strings = parsed.dropna()
            control[strings.index] = strings.str.contains(CONTROL.pattern, regex=True)
        wrong = parsed.isna() & (~empty[column.name] | column.required)
        # Only the cells with a problem are visited one by one, in row order.
        for row in cells.index[(control | wrong) & ~in_empty_row]:
            value = cells.at[row]
            flagged.add((row, column.name))
            if control.at[row]:
                expected = msg("expected.no_control")
            else:
                expected = _expected_type(column, value) if value is not None else msg("expected.not_empty")
            problems.append(sheet.problem(row, column.name, _found(value, column.personal), expected))
        if control.any():
            parsed[control] = None
        columns[column.name] = parsed.astype(_DTYPES[column.kind]) if column.kind != DATE else parsed
    frame = pd.DataFrame(columns, index=sheet.frame.index)      # a date column is parsed as dates already
    return frame, _say_merged(sheet, _say_why_empty(sheet, problems)), flagged


def _say_why_empty(sheet: Sheet, problems: list[Problem]) -> list[Problem]:
    """An "empty" cell that holds a formula saved without its value, or a computed error (#DIV/0!), says so."""
    empty = {p.cell for p in problems if p.found is not None and p.found.key == "found.empty"}
    causes = guard.empty_cell_causes(sheet.content or sheet.path, sheet.name or sheet.source.sheet, empty)
    if not causes:
        return problems
    out = []
    for problem in problems:
        cause = causes.get(problem.cell)
        if cause is not None:
            kind, shown = cause
            personal = sheet.source.column(problem.column).personal
            found = msg("found.formula_without_value" if kind == "formula" else "found.error_value",
                        value="" if personal else shown)
            problem = dataclasses.replace(problem, found=found, expected=msg(f"expected.{kind}_saved"))
        out.append(problem)
    return out


def _say_merged(sheet: Sheet, problems: list[Problem]) -> list[Problem]:
    """An "empty" cell hidden under merged cells (a group typed once over three rows) names the range."""
    if not sheet.merged:
        return problems
    empty = [p.cell for p in problems if p.found is not None and p.cell and p.found.key == "found.empty"]
    hidden = sheet.merged_ranges_at(empty)
    out = []
    for problem in problems:
        cells = hidden.get(problem.cell) if problem.found is not None and problem.cell \
            and problem.found.key == "found.empty" else None
        if cells is not None:
            problem = dataclasses.replace(problem, found=msg("clerk.found.merged_cell", cells=cells,
                                                             first=cells.split(":")[0]),
                                          expected=msg("clerk.expected.unmerged_cell", cells=cells))
        out.append(problem)
    return out


def _totals_problems(sheet: Sheet) -> list[Problem]:
    """One problem per totals row a clerk typed among the data, on the cell that names it: delete the row."""
    source = sheet.source
    problems = []
    for row, (letter, column, value) in sheet.totals.items():
        personal = column is None or source.column(column).personal
        # Another column's or a personal column's text is not shown ("Total: <a name>" would show the name).
        found = msg("clerk.found.total_label_withheld") if personal else \
            msg("clerk.found.total_label", value=visible(value.strip()))
        position = source.column_names.index(column) if column is not None else len(source.column_names)
        problems.append(Problem(source.file_name, found=found, expected=msg("clerk.expected.delete_total_row"),
                                sheet=source.sheet, cell=f"{letter}{row}", column=column,
                                order=(source_order(source), row, position)))
    return problems


# ---------------------------------------------------------------- 2. value rules

def _rules(source: Source, reference: Reference) -> dict[str, list[tuple[object, Message]]]:
    """The value rules of one source, as declared: per column, (vectorised check, what is expected)."""
    rules: dict[str, list[tuple[object, Message]]] = {}
    for column in source.columns:
        declared = ([one_of(column.codes(reference))] if column.codes(reference) else []) + list(column.rules)
        rules[column.name] = [(lambda s, r=rule: r.check(s, reference), rule.expectation(reference))
                              for rule in declared]
    return rules


def _failures(source: Source, frame: pd.DataFrame, rules: dict) -> list[tuple[int, str, Message | None]]:
    """The cells that break a value rule, as (Excel row, column, what is expected; None for a value seen in
    an earlier row of a unique column): column by column, the repeated values first (each but its first
    row), then each rule in its order, the rows in order. A rule sees the column's non-empty values only,
    and answers with a boolean per value (a Series, or an array in their order)."""
    failures = []
    for column in source.columns:
        values = frame[column.name].dropna()
        if column.unique:
            failures += [(row, column.name, None) for row in values.index[values.duplicated(keep="first")]]
        for check, expected in rules[column.name]:
            if values.empty:
                break
            try:
                passed = check(values)
            except Exception as error:      # a bug in a rule, never a bad value: never silently passed
                raise RuntimeError(f"a rule of {source.file_name}, column {column.name} failed to run: "
                                   f"{error}") from error
            if isinstance(passed, pd.Series) and not passed.index.equals(values.index):
                passed = passed.reindex(values.index)
            passed = np.asarray(passed)
            if passed.shape != values.shape or passed.dtype != bool:
                raise RuntimeError(f"a rule of {source.file_name}, column {column.name} answered "
                                   f"{passed.dtype} of shape {passed.shape}, not a boolean per value")
            failures += [(row, column.name, expected) for row in values.index[~passed]]
    return failures


def _value_problems(sheet: Sheet, frame: pd.DataFrame, reference: Reference, flagged) -> list[Problem]:
    """One problem per cell that breaks a value rule (the first it breaks), unless the cell was refused
    already (`flagged`: a wrong type, an empty required cell)."""
    problems = []
    seen = set()
    firsts: dict[str, dict] = {}            # per column: each value's first row (one pass, not one per repeat)
    for row, column, expected in _failures(sheet.source, frame, _rules(sheet.source, reference)):
        if (row, column) in flagged or (row, column) in seen:
            continue
        seen.add((row, column))
        value = frame.at[row, column]
        if expected is None:
            if column not in firsts:
                unique = frame[column].drop_duplicates(keep="first")
                firsts[column] = dict(zip(unique.tolist(), unique.index))
            first = firsts[column].get(value)
            if first is None:               # a value that is not its own equal (none is, as read): compared
                first = frame.index[(frame[column] == value).to_numpy()][0]
            found, expected = msg("found.duplicate", first=sheet.cell(column, first)), msg("expected.unique")
        else:
            found = _found(_plain(value), sheet.source.column(column).personal)
        problems.append(sheet.problem(row, column, found, expected))
    return problems


def _plain(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


# ---------------------------------------------------------------- all together

@contextmanager
def _without_cycle_collection():
    """Python's cycle collector paused: reading a large year makes millions of objects (cells, rows) and no
    cycles, and the collector would walk them all again and again. Memory is still freed as usual when a
    count of references drops to zero. Measured again for issue 19 (benchmarks/federal.py's year, reading
    and checking alone, four paired runs on a 2-core machine at load 3.3-3.7): 6.9 s paused against 7.7 s
    not (median), about a tenth; kept, `gc` being public and this its only use."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_year(year: int, raw_dir: Path, reference_dir: Path | None = None) -> Validation:
    """Read and check every source's workbook of `year` in `raw_dir/<year>/`; never raises on bad data."""
    with _without_cycle_collection():
        return _validate_year(year, raw_dir, reference_dir)


def _validate_year(year: int, raw_dir: Path, reference_dir: Path | None = None) -> Validation:
    reference = references.load(year, reference_dir or paths.REFERENCE_DIR)
    folder = paths.raw_year_dir(year, raw_dir)
    result = Validation(year, reference)
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), found=msg("found.no_folder"),
                                       expected=msg("expected.folder", year=year)))
        return result
    checked: dict[str, tuple[Sheet, pd.DataFrame]] = {}
    # The workbooks are read two at a time, ahead of the checks (the reader leaves Python's lock while it
    # parses, so reading overlaps the checks of the workbooks read before); each is checked as soon as it is
    # read (a large one does not hold up the others' checks), then everything is put in the contract's order.
    with ThreadPoolExecutor(max_workers=READERS) as readers:
        reads = {readers.submit(_read, source, folder): source for source in REGISTRY.sources.values()}
        for read in as_completed(reads):
            _check_source(reads[read], *read.result(), reference, result, checked)
    result.frames = {name: result.frames[name] for name in REGISTRY.sources if name in result.frames}
    # A workbook's hash is kept under the name it was found by (Staff.xlsx, saved on Windows).
    order = {source.file_name: at for at, source in enumerate(REGISTRY.sources.values())}
    result.inputs = dict(sorted(result.inputs.items(), key=lambda item: order[item[0].lower()]))
    for source in REGISTRY.sources.values():
        if source.name in checked and all(n in checked for n in source.needs):
            for rule in source.file_rules:
                result.problems += rule(checked, reference)
    result.problems = sort_problems(result.problems)
    return result


# Workbooks read at once: the machines have two cores.
READERS = 2


def _read(source: Source, folder: Path) -> tuple[Sheet | None, list[Problem], str | None]:
    sheet, problems = read_source(source, folder)
    # The hash of the bytes the figures are computed from (read once: figures.load).
    return sheet, problems, (sheet.sha256 if sheet is not None else None)


def _check_source(source: Source, sheet: Sheet | None, problems: list[Problem], digest: str | None,
                  reference: Reference, result: Validation, checked: dict) -> None:
    """Type and check one source's sheet, adding its problems, frame and hash to `result`."""
    result.problems += problems
    if sheet is None:
        return
    result.inputs[sheet.path.name] = digest
    # A totals row is one problem, on the cell that names it, and is checked no further.
    result.problems += _totals_problems(sheet)
    if sheet.totals:
        sheet.frame = sheet.frame.drop(index=list(sheet.totals))
    if sheet.frame.empty:
        # Only a header: for staff no report can be made (an error); for the others a year without
        # rows is possible but rare (a warning). The source's declaration says which.
        row = msg(f"source.{source.name}.row")
        result.problems.append(Problem(source.file_name, found=msg("found.no_rows"), sheet=source.sheet,
                                       expected=msg("expected.rows" if source.empty == ERROR
                                                    else "expected.rows_maybe", row=row),
                                       severity=source.empty, order=(source_order(source), 1, 0)))
    frame, type_problems, flagged = _typed(sheet, reference)
    cell_problems = type_problems + _value_problems(sheet, frame, reference, flagged)
    # A cell already refused (a wrong type, a value outside its rules) is not reported again by a rule
    # across columns: one problem per cell, the most basic one.
    named = {p.cell for p in cell_problems}
    for rule in source.row_rules:
        cell_problems += [p for p in rule(sheet, frame, reference) if p.cell not in named]
    result.problems += cell_problems
    checked[source.name] = (sheet, frame)
    result.frames[source.name] = frame
