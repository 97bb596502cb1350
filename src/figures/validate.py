"""Validation at the door: every source against the contract, every problem at once.

Three layers, each reporting with Excel cell references:
1. types (own code): each cell must already be of its column's type in Excel;
   text in a number or date column is an error, never a guess;
2. value rules (pandera schemas, built per year): codes, ranges, uniqueness,
   dates inside the report year, cents;
3. rules across columns and files (own code): ages and age bands, the bodies'
   use of e-procedures, language pairs, trainees absent from the staff file.

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

from figures import config
from figures.contract import (CODE, DATE, INTEGER, MAX_AGE, MAX_TRAINING_DAYS, MIN_AGE, NUMBER, SOURCE_NAMES, SOURCES,
                              TEXT, Column, Source)
from figures.load import Sheet, read_source, sha256, source_order
from figures.problems import ERROR, WARNING, Message, Problem, msg, sort_problems
from figures.tables import TOTAL
from figures.tables.staff import completed_years


@dataclass
class Validation:
    """The outcome of validating one year: typed frames (index = Excel row) and all problems."""

    year: int
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


def reference_date(year: int) -> dt.date:
    """The contract's reference date: 31 December of the report year."""
    return dt.date(year, 12, 31)


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


def _parse(value: object, column: Column):
    """The typed value of one non-empty cell, or None when it has the wrong type."""
    if column.kind in (TEXT, CODE):
        parsed = _as_text(value)
        if parsed is not None and column.kind == CODE:
            # Codes are accepted in any case and stored as the contract writes them.
            lookup = {c.lower(): c for c in column.choices}
            parsed = lookup.get(parsed.lower(), parsed if column.choices else parsed.lower())
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


def _typed(sheet: Sheet) -> tuple[pd.DataFrame, list[Problem], set[tuple[int, str]]]:
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
        for row, value in sheet.frame[column.name].items():
            parsed = None if value is None else _parse(value, column)
            if row in empty_rows:
                pass
            elif parsed is None and (value is not None or column.required):
                flagged.add((row, column.name))
                problems.append(_problem(sheet, row, column.name, _found(value, column.personal),
                                         _expected_type(column) if value is not None else msg("expected.not_empty")))
            values.append(parsed)
        columns[column.name] = pd.Series(values, index=sheet.frame.index, dtype=_DTYPES[column.kind]
                                         if column.kind != DATE else object)
    frame = pd.DataFrame(columns, index=sheet.frame.index)
    for column in source.columns:
        if column.kind == DATE:
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame, problems, flagged


def _problem(sheet: Sheet, row: int, column: str, found: Message, expected: Message, severity: str = ERROR) -> Problem:
    source = sheet.source
    return Problem(source.file_name, found=found, expected=expected, sheet=source.sheet,
                   cell=sheet.cell(column, row), column=column, severity=severity,
                   order=(source_order(source), row, source.column_names.index(column)))


# ---------------------------------------------------------------- 2. value rules (pandera)

def _in_year(year: int):
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    return lambda s: (s >= first) & (s <= last)


def _cents(series: pd.Series) -> pd.Series:
    # A Series, not the bare array np.isclose returns: pandera cannot map an array
    # back to rows (it reports a NotImplementedError without an index).
    return pd.Series(np.isclose(series * 100, np.round(series * 100), rtol=0, atol=1e-6), index=series.index)


def _rules(source: Source, year: int, bodies: list[config.Body]) -> dict[str, list[tuple[object, Message]]]:
    """The value rules of one source: per column, (vectorised check, what is expected)."""
    in_year = (_in_year(year), msg("expected.date_in_year", year=year))
    rules: dict[str, list[tuple[object, Message]]] = {c.name: [] for c in source.columns}
    for column in source.columns:
        if column.choices:
            rules[column.name].append((lambda s, c=column.choices: s.isin(c),
                                       msg("expected.one_of", choices=", ".join(column.choices))))
        if column.kind == DATE and source.name != "staff":
            rules[column.name].append(in_year)
    if source.name == "training":
        rules["days"] += [
            (lambda s: (s > 0) & (s <= MAX_TRAINING_DAYS), msg("expected.days_range", max=MAX_TRAINING_DAYS)),
            (lambda s: (s * 2) == np.round(s * 2), msg("expected.halves")),
        ]
    if source.name == "meetings":
        codes = [b.code for b in bodies]
        rules["body"].append((lambda s: s.isin(codes), msg("expected.one_of", choices=", ".join(codes))))
    if source.name == "translations":
        rules["words"].append((lambda s: s > 0, msg("expected.positive")))
    if source.name == "budget":
        rules["amount_eur"] += [(lambda s: s >= 0, msg("expected.non_negative")), (_cents, msg("expected.cents"))]
    if source.name == "subsidies":
        rules["amount_eur"] += [(lambda s: s > 0, msg("expected.positive")), (_cents, msg("expected.cents"))]
        # "total" keys the total row of subsidies.csv; a beneficiary of that name would be taken for it.
        rules["beneficiary"].append((lambda s: s.str.strip().str.lower() != TOTAL, msg("expected.not_total")))
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


def _value_problems(sheet: Sheet, frame: pd.DataFrame, year: int, bodies, flagged) -> list[Problem]:
    schema, expectations = _schema(sheet.source, _rules(sheet.source, year, bodies))
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
        problems.append(_problem(sheet, row, column, found, expected))
    return problems


def _plain(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


# ---------------------------------------------------------------- 3. rules across columns and files

def _staff_problems(sheet: Sheet, frame: pd.DataFrame, year: int, bands: list[config.AgeBand]) -> list[Problem]:
    problems = []
    ref = reference_date(year)
    known = frame["birth_date"].notna()
    ages = completed_years(frame.loc[known, "birth_date"], ref)
    labels = ", ".join(b.label for b in bands)
    for row, age in ages.items():
        found = msg("found.age", age=int(age), date=ref.isoformat())
        if not MIN_AGE <= age <= MAX_AGE:
            problems.append(_problem(sheet, row, "birth_date", found,
                                     msg("expected.age_range", lo=MIN_AGE, hi=MAX_AGE, date=ref.isoformat())))
        elif not any(b.contains(int(age)) for b in bands):
            problems.append(_problem(sheet, row, "birth_date", found, msg("expected.age_band", bands=labels)))
    return problems


def _meeting_problems(sheet: Sheet, frame: pd.DataFrame, bodies: list[config.Body]) -> list[Problem]:
    without = {b.code for b in bodies if not b.e_procedure}
    bad = frame["body"].isin(without) & (frame["mode"] == "e_procedure")
    return [_problem(sheet, row, "mode", msg("found.e_procedure_for", body=frame.at[row, "body"]),
                     msg("expected.meeting_only")) for row in frame.index[bad]]


def _translation_problems(sheet: Sheet, frame: pd.DataFrame) -> list[Problem]:
    same = frame["source_lang"].notna() & (frame["source_lang"] == frame["target_lang"])
    return [_problem(sheet, row, "target_lang", msg("found.same_language", value=frame.at[row, "target_lang"]),
                     msg("expected.other_language")) for row in frame.index[same]]


def _trainee_warnings(sheet: Sheet, frame: pd.DataFrame, staff: pd.DataFrame) -> list[Problem]:
    absent = frame["staff_id"].notna() & ~frame["staff_id"].isin(set(staff["staff_id"].dropna()))
    return [_problem(sheet, row, "staff_id", msg("found.unknown_staff"), msg("expected.known_staff"), WARNING)
            for row in frame.index[absent]]


# ---------------------------------------------------------------- all together

def validate_year(year: int, raw_dir: Path, reference_dir: Path | None = None) -> Validation:
    """Read and check the six workbooks of `year` in `raw_dir/<year>/`; never raises on bad data."""
    from figures import paths

    reference_dir = reference_dir or paths.REFERENCE_DIR
    folder = paths.raw_year_dir(year, raw_dir)
    bands = config.age_bands(year, reference_dir)
    bodies = config.bodies(reference_dir)
    result = Validation(year)
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), found=msg("found.no_folder"),
                                       expected=msg("expected.folder")))
        return result
    sheets = {}
    for source in SOURCES.values():
        sheet, problems = read_source(source, folder)
        result.problems += problems
        if sheet is None:
            continue
        result.inputs[sheet.path.name] = sha256(sheet.path)
        if sheet.frame.empty:
            # Only a header: no staff is no report (an error); for the others a year without rows is
            # possible but rare (a warning).
            result.problems.append(Problem(source.file_name, found=msg("found.no_rows"), sheet=source.sheet,
                                           expected=msg("expected.rows" if source.name == "staff" else "expected.rows_maybe"),
                                           severity=ERROR if source.name == "staff" else WARNING,
                                           order=(SOURCE_NAMES.index(source.name), 1, 0)))
        frame, type_problems, flagged = _typed(sheet)
        result.problems += type_problems
        result.problems += _value_problems(sheet, frame, year, bodies, flagged)
        if source.name == "staff":
            result.problems += _staff_problems(sheet, frame, year, bands)
        elif source.name == "meetings":
            result.problems += _meeting_problems(sheet, frame, bodies)
        elif source.name == "translations":
            result.problems += _translation_problems(sheet, frame)
        sheets[source.name] = sheet
        result.frames[source.name] = frame
    if "training" in result.frames and "staff" in result.frames:
        result.problems += _trainee_warnings(sheets["training"], result.frames["training"], result.frames["staff"])
    result.problems = sort_problems(result.problems)
    return result
