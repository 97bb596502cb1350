"""Validation at the door: every source against the contract, every problem at once.

Every source of the registry goes through three layers, each reporting with
Excel cell references:
1. types (own code): each cell must already be of its column's type in Excel;
   text in a number or date column is an error, never a guess;
2. value rules (a pandera schema built from the columns' declared rules, per
   year): codes, ranges, uniqueness, dates inside the report year, cents;
3. the source's rules across columns, then rules across files (declared by
   the chapter modules: ages and age bands, the bodies' use of e-procedures,
   language pairs, trainees absent from the staff file).

Values of personal columns are never echoed; the message describes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from figures import paths
from figures import reference as references
from figures.load import Sheet, read_source, sha256, source_order
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
        kind, shown = "text", value
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
    if column.kind == INTEGER:
        return int(value) if float(value).is_integer() else None
    return float(value)


def _expected_type(column: Column) -> Message:
    return msg(f"expected.{column.kind}")


_DTYPES = {TEXT: object, CODE: object, DATE: "datetime64[ns]", NUMBER: "float64", INTEGER: "Int64"}


def _typed(sheet: Sheet, reference: Reference) -> tuple[pd.DataFrame, list[Problem], set[tuple[int, str]]]:
    """Convert every cell to its column's type; report cells of the wrong type or empty."""
    source = sheet.source
    problems: list[Problem] = []
    flagged: set[tuple[int, str]] = set()
    # An empty row between data rows is one problem, not one per empty cell.
    empty_rows = set(sheet.frame.index[sheet.frame.isna().all(axis=1)])
    for row in sorted(empty_rows):
        flagged.update((row, c) for c in source.column_names)
        problems.append(Problem(source.file_name, found=msg("found.empty_row"), expected=msg("expected.data_row"),
                                sheet=source.sheet, cell=f"A{row}", order=(source_order(source), row, 0)))
    columns = {}
    for column in source.columns:
        values = []
        codes = {c.lower(): c for c in column.codes(reference)}
        for row, value in sheet.frame[column.name].items():
            parsed = None if value is None else _parse(value, column, codes)
            if row in empty_rows:
                pass
            elif parsed is None and (value is not None or column.required):
                flagged.add((row, column.name))
                problems.append(sheet.problem(row, column.name, _found(value, column.personal),
                                              _expected_type(column) if value is not None else msg("expected.not_empty")))
            values.append(parsed)
        columns[column.name] = pd.Series(values, index=sheet.frame.index, dtype=_DTYPES[column.kind]
                                         if column.kind != DATE else object)
    frame = pd.DataFrame(columns, index=sheet.frame.index)
    for column in source.columns:
        if column.kind == DATE:
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame, problems, flagged


# ---------------------------------------------------------------- 2. value rules (pandera)

def _rules(source: Source, reference: Reference) -> dict[str, list[tuple[object, Message]]]:
    """The value rules of one source, as declared: per column, (vectorised check, what is expected)."""
    rules: dict[str, list[tuple[object, Message]]] = {}
    for column in source.columns:
        declared = ([one_of(column.codes(reference))] if column.codes(reference) else []) + list(column.rules)
        rules[column.name] = [(lambda s, r=rule: r.check(s, reference), rule.expectation(reference))
                              for rule in declared]
    return rules


def _schema(source: Source, rules: dict[str, list[tuple[object, Message]]]) -> tuple[pa.DataFrameSchema, dict]:
    """A pandera schema of the rules; each check is named so a failure maps back to its expectation."""
    expectations = {}
    columns = {}
    for column in source.columns:
        checks = []
        for number, (check, expected) in enumerate(rules[column.name]):
            name = f"{column.name}#{number}"
            expectations[name] = expected
            checks.append(pa.Check(check, name=name))
        columns[column.name] = pa.Column(checks=checks, nullable=True, unique=column.unique,
                                         report_duplicates="exclude_first")
    return pa.DataFrameSchema(columns, strict=False), expectations


def _value_problems(sheet: Sheet, frame: pd.DataFrame, reference: Reference, flagged) -> list[Problem]:
    schema, expectations = _schema(sheet.source, _rules(sheet.source, reference))
    try:
        schema.validate(frame, lazy=True)
        return []
    except SchemaErrors as errors:
        failures = errors.failure_cases
    problems = []
    seen = set()
    for failure in failures.itertuples(index=False):
        row, column = failure.index, failure.column
        if row is None or pd.isna(row):
            # Not a failing cell but a check that could not run: a bug, never silently passed.
            raise RuntimeError(f"check {failure.check} on {sheet.source.file_name}, column {column} "
                               f"failed to run: {failure.failure_case}")
        if (int(row), column) in flagged or (int(row), column) in seen:
            continue
        row = int(row)
        seen.add((row, column))
        spec = sheet.source.column(column)
        value = frame.at[row, column]
        if failure.check == "field_uniqueness":
            first = frame.index[(frame[column] == value).to_numpy()][0]
            found, expected = msg("found.duplicate", first=sheet.cell(column, first)), msg("expected.unique")
        else:
            found, expected = _found(_plain(value), spec.personal), expectations[failure.check]
        problems.append(sheet.problem(row, column, found, expected))
    return problems


def _plain(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


# ---------------------------------------------------------------- all together

def validate_year(year: int, raw_dir: Path, reference_dir: Path | None = None) -> Validation:
    """Read and check every source's workbook of `year` in `raw_dir/<year>/`; never raises on bad data."""
    reference = references.load(year, reference_dir or paths.REFERENCE_DIR)
    folder = paths.raw_year_dir(year, raw_dir)
    result = Validation(year, reference)
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), found=msg("found.no_folder"),
                                       expected=msg("expected.folder")))
        return result
    checked: dict[str, tuple[Sheet, pd.DataFrame]] = {}
    for source in REGISTRY.sources.values():
        sheet, problems = read_source(source, folder)
        result.problems += problems
        if sheet is None:
            continue
        result.inputs[sheet.path.name] = sha256(sheet.path)
        if sheet.frame.empty:
            # Only a header: for staff no report can be made (an error); for the others a year without
            # rows is possible but rare (a warning). The source's declaration says which.
            row = msg(f"source.{source.name}.row")
            result.problems.append(Problem(source.file_name, found=msg("found.no_rows"), sheet=source.sheet,
                                           expected=msg("expected.rows" if source.empty == ERROR
                                                        else "expected.rows_maybe", row=row),
                                           severity=source.empty, order=(source_order(source), 1, 0)))
        frame, type_problems, flagged = _typed(sheet, reference)
        result.problems += type_problems
        result.problems += _value_problems(sheet, frame, reference, flagged)
        for rule in source.row_rules:
            result.problems += rule(sheet, frame, reference)
        checked[source.name] = (sheet, frame)
        result.frames[source.name] = frame
    for source in REGISTRY.sources.values():
        if source.name in checked and all(n in checked for n in source.needs):
            for rule in source.file_rules:
                result.problems += rule(checked, reference)
    result.problems = sort_problems(result.problems)
    return result
