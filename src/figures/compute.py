"""From validated inputs to the figure tables, and writing them to data/processed/<year>/ and back.

Every source and table of the registry goes through the same steps: the
validated frames are cleaned (personal data stops here: each source's `clean`
keeps what its figures need, and a personal column is never kept), each
table is computed by its declared function, the chapters' consistency checks
run, and the tables are written as CSV with their columns formatted by kind.
Reading the tables back uses the same declarations, so a notebook shows
exactly what the CSV and the Excel file hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from figures import paths
from figures.atomic import naming, staged_dir
from figures.problems import Problem
from figures.registry import COUNT, DAYS, MONEY, PERCENT, REGISTRY, TEXT_KINDS, Check, Inputs, Table

INPUTS_FILE = "inputs.json"
# What the reader's documents hide and the proof (figures.disclosure): the analysts' tables stay whole.
DISCLOSURE_FILE = "disclosure.json"
WARNINGS_FILE = "warnings.json"
# Every figure of every year up to this one, and this year against the one before (figures.history).
HISTORY_FILE = "history.csv"
# The tables against the published report (figures.pipeline.reconcile), and the SHA-256 of that report's file.
RECONCILIATION_FILE = "reconciliation.json"
CHANGES_TABLE = "changes"


def owns_processed(relative: Path) -> bool:
    """Whether a file of data/processed/<year>/ is one `write_outputs` writes (it replaces only such a folder)."""
    parts = relative.parts
    if len(parts) == 1:
        return parts[0] in (INPUTS_FILE, WARNINGS_FILE, HISTORY_FILE, DISCLOSURE_FILE, RECONCILIATION_FILE)
    return len(parts) == 2 and ((parts[0], relative.suffix) in (("tables", ".csv"), ("clean", ".parquet")))


class InconsistentTables(RuntimeError):
    """A consistency check failed: the computation itself is wrong."""


def clean_frames(validation) -> dict[str, pd.DataFrame]:
    """The validated inputs reduced to what the figures need, without personal data."""
    frames = {}
    for name, frame in validation.frames.items():
        source = REGISTRY.sources[name]
        frame = frame.reset_index(drop=True)
        if source.clean is not None:
            frame = source.clean(frame, validation.reference)
        # Whatever a source's clean step keeps, a personal column, or one no figure uses, goes no further.
        frame = frame.drop(columns=[c.name for c in source.columns if (c.personal or not c.kept) and c.name in frame])
        text = [c for c in frame.columns if frame[c].dtype == object]
        frames[name] = frame.astype({c: "string" for c in text})
    return frames


def consistency_checks(tables: dict[str, pd.DataFrame], inputs: Inputs | None = None) -> list[Check]:
    """Every chapter's checks, passed or not, in chapter order (of the chapters whose tables are here)."""
    return [check for chapter in REGISTRY.chapters
            if chapter.checks and all(t.name in tables for t in chapter.tables)
            for check in chapter.checks(tables, inputs)]


def compute_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """Every table of the registry, keyed by its name; stops if a consistency check fails."""
    tables = {table.name: table.compute(inputs) for table in REGISTRY.tables.values()}
    failed = [c for c in consistency_checks(tables, inputs) if not c.ok]
    if failed:
        raise InconsistentTables(", ".join(f"{c.key}: {c.left} != {c.right}" for c in failed))
    return tables


# ---------------------------------------------------------------- CSV

def _csv_cell(value, kind: str) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == MONEY:
        return f"{value:.2f}"     # money with its cents: 4639816.00
    if isinstance(value, float) and value.is_integer():
        return int(value)         # a whole count read as a float is written 150000, not 150000.0
    return value


def _whole(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers written as a reader types them: 121, not 121.0 (a float column of whole numbers)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = pd.Series([_csv_cell(v, "count") for v in out[column]], index=out.index, dtype=object)
    return out


def csv_ready(spec: Table, table: pd.DataFrame) -> pd.DataFrame:
    """The table as its CSV holds it: money with its cents (`4639816.00`), NA as an empty cell."""
    kinds = spec.kinds(table)
    out = table.copy()
    for column in table.columns:
        if spec.static_kind(column) in TEXT_KINDS:
            continue
        out[column] = pd.Series([_csv_cell(v, k) for v, k in zip(table[column], kinds[column])],
                                index=table.index, dtype=object)
    return out


_DTYPES = {PERCENT: "int64", MONEY: "float64", DAYS: "float64"}


def _read_table(spec: Table, path: Path) -> pd.DataFrame:
    text = {c: str for c in spec.columns if spec.static_kind(c) in TEXT_KINDS}
    table = pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""])
    for column in spec.columns:
        kind = spec.static_kind(column)
        if kind in _DTYPES:
            table[column] = table[column].astype(_DTYPES[kind])
        elif kind == COUNT:
            table[column] = table[column].astype("Int64" if table[column].isna().any() else "int64")
        elif kind is None:   # a kind per row: a number that is money in one row and a count in another
            table[column] = table[column].astype("float64")
    return table


# ---------------------------------------------------------------- the year's folder

def json_list(items: list) -> str:
    """A JSON list with one item per line, each encoded by json's C encoder (an indented dump goes through
    its Python one: a year with 10,000 warnings spent 0.4 s on it)."""
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n" if items else "[]\n"


def write_outputs(tables: dict[str, pd.DataFrame], clean: dict[str, pd.DataFrame], year: int,
                  processed_dir: Path = paths.PROCESSED_DIR, inputs: dict[str, str] | None = None,
                  warnings: list[Problem] = (), history: pd.DataFrame | None = None,
                  changes: pd.DataFrame | None = None, protection=None,
                  reconciled: tuple[str, list[dict]] | None = None) -> Path:
    """Write tables (CSV) and clean inputs (Parquet) for `year`, replacing the year's folder at once.

    `inputs` (workbook name: SHA-256) is kept beside them, so a notebook can tell
    whether the workbooks changed since; `warnings` are the validation's warnings,
    for the notebooks to show.
    """
    final = Path(processed_dir) / str(year)
    with staged_dir(final, owns=owns_processed) as stage:
        with naming(final / INPUTS_FILE):
            (stage / INPUTS_FILE).write_text(json.dumps(inputs or {}, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")
        with naming(final / WARNINGS_FILE):
            (stage / WARNINGS_FILE).write_text(json_list([p.to_dict() for p in warnings]), encoding="utf-8")
        (stage / "tables").mkdir()
        (stage / "clean").mkdir()
        for name, table in tables.items():
            with naming(final / "tables" / f"{name}.csv"):
                csv_ready(REGISTRY.tables[name], table).to_csv(stage / "tables" / f"{name}.csv", index=False,
                                                               na_rep="", encoding="utf-8")
        if changes is not None:
            with naming(final / "tables" / f"{CHANGES_TABLE}.csv"):
                _whole(changes).to_csv(stage / "tables" / f"{CHANGES_TABLE}.csv", index=False, na_rep="",
                                       encoding="utf-8")
        if protection is not None:
            with naming(final / DISCLOSURE_FILE):
                protection.write(stage)
        if reconciled is not None:
            published, rows = reconciled
            with naming(final / RECONCILIATION_FILE):
                (stage / RECONCILIATION_FILE).write_text(
                    '{"published_sha256": ' + json.dumps(published) + ', "rows": ' + json_list(rows) + "}\n",
                    encoding="utf-8")
        if history is not None:
            with naming(final / HISTORY_FILE):
                _whole(history).to_csv(stage / HISTORY_FILE, index=False, na_rep="", encoding="utf-8")
        for name, frame in clean.items():
            # Through a Python file: pyarrow cannot open a path that is not UTF-8.
            with naming(final / "clean" / f"{name}.parquet"), open(stage / "clean" / f"{name}.parquet", "wb") as out:
                frame.to_parquet(out, index=False)
    return final


def missing_tables(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> list[str]:
    """The tables of the registry that the processed folder of `year` lacks."""
    folder = paths.tables_dir(year, processed_dir)
    return [name for name in REGISTRY.tables if not (folder / f"{name}.csv").is_file()]


def read_tables(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> dict[str, pd.DataFrame]:
    """The figure tables of `year` as written by `write_outputs`, typed by their declared kinds."""
    folder = paths.tables_dir(year, processed_dir)
    return {name: _read_table(spec, folder / f"{name}.csv") for name, spec in REGISTRY.tables.items()}


def read_history(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> pd.DataFrame | None:
    """Every figure of every year up to `year`, as written beside its tables (None when not written)."""
    path = Path(processed_dir) / str(year) / HISTORY_FILE
    if not path.is_file():
        return None
    # An empty row name (a one-row table) stays "", an empty value is "no value".
    return pd.read_csv(path, dtype={"table": str, "row": str, "column": str, "source": str},
                       keep_default_na=False, na_values={"value": [""]})


def read_changes(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> pd.DataFrame | None:
    """`year` against the year before (None when there was no year before)."""
    path = paths.tables_dir(year, processed_dir) / f"{CHANGES_TABLE}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype={"table": str, "row": str, "column": str}, keep_default_na=False,
                       na_values={c: [""] for c in ("previous", "value", "change", "change_pct")})


def read_inputs(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> dict[str, str] | None:
    """The workbook hashes the processed data of `year` was computed from, or None."""
    path = Path(processed_dir) / str(year) / INPUTS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def read_reconciliation(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> tuple[str, list[dict]] | None:
    """The reconciliation written with the tables of `year`: the published file's SHA-256 and the rows (None
    when none was written: the year was not published, or was computed by an older version)."""
    path = Path(processed_dir) / str(year) / RECONCILIATION_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["published_sha256"], data["rows"]


def read_warnings(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> list[Problem]:
    """The validation warnings of the processed data of `year` (none when not recorded)."""
    path = Path(processed_dir) / str(year) / WARNINGS_FILE
    return [Problem.from_dict(p) for p in json.loads(path.read_text(encoding="utf-8"))] if path.is_file() else []


def read_clean(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> dict[str, pd.DataFrame]:
    """The cleaned inputs of `year`, as the notebooks load them."""
    folder = paths.clean_dir(year, processed_dir)
    frames = {}
    for name in REGISTRY.sources:
        if (folder / f"{name}.parquet").is_file():
            with open(folder / f"{name}.parquet", "rb") as handle:
                frames[name] = pd.read_parquet(handle)
    return frames
