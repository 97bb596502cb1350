"""What a chapter notebook needs to start: the year's clean inputs and reference data.

`load` reads data/processed/<year>/clean/. When an analyst changes `year` in a
notebook to a year that has raw workbooks but was never computed, or whose
workbooks changed since (by SHA-256), it validates and computes that year first (and stops
with the validation report if the workbooks are invalid), so "Run All" works
for any year with data and never shows figures of older workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from figures import config, paths
from figures.compute import clean_frames, compute_tables, read_clean, read_inputs, write_outputs
from figures.load import workbook_hashes


class InvalidInputs(Exception):
    """The year's workbooks do not pass validation; the message lists every problem."""


@dataclass
class Inputs:
    year: int
    lang: str
    clean: dict[str, pd.DataFrame]
    reference_dir: Path

    @property
    def age_bands(self) -> list[config.AgeBand]:
        return config.age_bands(self.year, self.reference_dir)

    @property
    def bodies(self) -> list[config.Body]:
        return config.bodies(self.reference_dir)


def _stale(year: int, raw_dir: Path, processed_dir: Path) -> bool:
    """True when the clean inputs are missing, or were computed from other workbooks than those in raw_dir
    (compared by SHA-256: a copied file keeps its old date, not its old content)."""
    if not paths.clean_dir(year, processed_dir).is_dir():
        return True
    raw = paths.raw_year_dir(year, raw_dir)
    if not raw.is_dir():  # processed data without its workbooks (shared with an analyst): use it
        return False
    return read_inputs(year, processed_dir) != workbook_hashes(raw)


def load(year: int, lang: str, raw_dir=None, processed_dir=None) -> Inputs:
    """The clean inputs of `year` (computing them from the raw workbooks if needed)."""
    from figures.validate import validate_year

    raw_dir = paths.resolve(raw_dir) if raw_dir else paths.RAW_DIR
    processed_dir = paths.resolve(processed_dir) if processed_dir else paths.PROCESSED_DIR
    if _stale(year, raw_dir, processed_dir):
        validation = validate_year(year, raw_dir)
        if not validation.ok:
            raise InvalidInputs("\n".join(p.describe(lang) for p in validation.errors))
        clean = clean_frames(validation)
        write_outputs(compute_tables(clean, year), clean, year, processed_dir, validation.inputs)
    return Inputs(year, lang, read_clean(year, processed_dir), paths.REFERENCE_DIR)
