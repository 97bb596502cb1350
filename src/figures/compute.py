"""From validated inputs to the figure tables, and writing them to data/processed/<year>/.

The cleaned inputs keep only what the figures need. Personal data stops here:
staff rows keep age, gender and level (no id, no birth date), and training
rows carry a meaningless participant number instead of the staff id, enough to
count people without naming them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from figures import config, paths
from figures.atomic import staged_dir
from figures.checks import consistency_checks
from figures.tables.budget import budget_lines
from figures.tables.meetings import meetings_by_body
from figures.tables.staff import age_bands, completed_years, gender_by_level
from figures.tables.subsidies import subsidies_table
from figures.tables.training import training_summary
from figures.tables.translations import words_by_pair, words_by_type
from figures.validate import Validation, reference_date

# The output tables of the contract, in the order of the chapter.
TABLE_NAMES = ("age_bands", "gender_by_level", "training", "meetings", "translations_by_type",
               "translations_by_pair", "budget", "subsidies")
MONEY_COLUMNS = ("amount_eur",)


class InconsistentTables(RuntimeError):
    """A consistency check failed: the computation itself is wrong."""


def clean_frames(validation: Validation) -> dict[str, pd.DataFrame]:
    """The validated inputs reduced to what the figures need, without personal data."""
    frames = {name: frame.reset_index(drop=True) for name, frame in validation.frames.items()}
    staff = frames["staff"]
    frames["staff"] = pd.DataFrame({
        "age": completed_years(staff["birth_date"], reference_date(validation.year)),
        "gender": staff["gender"], "level": staff["level"],
    }).sort_values(["level", "gender", "age"], kind="stable").reset_index(drop=True)  # no trace of file order
    training = frames["training"]
    participant = pd.Series(pd.factorize(training["staff_id"])[0] + 1, index=training.index, name="participant")
    frames["training"] = pd.concat([participant, training.drop(columns="staff_id")], axis=1)
    for name, frame in frames.items():
        text = [c for c in frame.columns if frame[c].dtype == object]
        frames[name] = frame.astype({c: "string" for c in text})
    return frames


def compute_tables(clean: dict[str, pd.DataFrame], year: int,
                   reference_dir: Path = paths.REFERENCE_DIR) -> dict[str, pd.DataFrame]:
    """Every output table of the contract, keyed by its file name (without .csv)."""
    tables = {
        "age_bands": age_bands(clean["staff"], config.age_bands(year, reference_dir)),
        "gender_by_level": gender_by_level(clean["staff"]),
        "training": training_summary(clean["training"]),
        "meetings": meetings_by_body(clean["meetings"], config.bodies(reference_dir)),
        "translations_by_type": words_by_type(clean["translations"]),
        "translations_by_pair": words_by_pair(clean["translations"]),
        "budget": budget_lines(clean["budget"]),
        "subsidies": subsidies_table(clean["subsidies"]),
    }
    failed = [c for c in consistency_checks(tables) if not c.ok]
    if failed:
        raise InconsistentTables(", ".join(f"{c.key}: {c.left} != {c.right}" for c in failed))
    return tables


def _csv_ready(table: pd.DataFrame) -> pd.DataFrame:
    """Money with its cents (`4639816.00`); other numbers as they are, NA as an empty cell."""
    table = table.copy()
    for column in MONEY_COLUMNS:
        if column in table:
            table[column] = table[column].map(lambda v: f"{v:.2f}")
    return table


INPUTS_FILE = "inputs.json"


def write_outputs(tables: dict[str, pd.DataFrame], clean: dict[str, pd.DataFrame], year: int,
                  processed_dir: Path = paths.PROCESSED_DIR, inputs: dict[str, str] | None = None) -> Path:
    """Write tables (CSV) and clean inputs (Parquet) for `year`, replacing the year's folder at once.

    `inputs` (workbook name: SHA-256) is kept beside them, so a notebook can tell
    whether the workbooks changed since.
    """
    final = Path(processed_dir) / str(year)
    with staged_dir(final) as stage:
        (stage / INPUTS_FILE).write_text(json.dumps(inputs or {}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (stage / "tables").mkdir()
        (stage / "clean").mkdir()
        for name, table in tables.items():
            _csv_ready(table).to_csv(stage / "tables" / f"{name}.csv", index=False, na_rep="", encoding="utf-8")
        for name, frame in clean.items():
            frame.to_parquet(stage / "clean" / f"{name}.parquet", index=False)
    return final


def read_tables(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> dict[str, pd.DataFrame]:
    """The figure tables of `year` as written by `write_outputs`."""
    folder = paths.tables_dir(year, processed_dir)
    return {name: pd.read_csv(folder / f"{name}.csv", dtype={"band": str, "code": str, "level": str},
                              keep_default_na=False, na_values=[""])
            for name in TABLE_NAMES}


def read_inputs(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> dict[str, str] | None:
    """The workbook hashes the processed data of `year` was computed from, or None."""
    path = Path(processed_dir) / str(year) / INPUTS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def read_clean(year: int, processed_dir: Path = paths.PROCESSED_DIR) -> dict[str, pd.DataFrame]:
    """The cleaned inputs of `year`, as the notebooks load them."""
    folder = paths.clean_dir(year, processed_dir)
    return {path.stem: pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}
