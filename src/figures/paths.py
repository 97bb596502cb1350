"""Where things are: the project root and the per-year folders, in one place.

Every default path is relative to the project root, so the commands behave the
same from any working directory. The command line can point each folder
elsewhere (`--raw-dir`, `--processed-dir`, `--reports-dir`).
"""

from __future__ import annotations

import os
from pathlib import Path

# src/figures/paths.py -> the project root is three levels up. FIGURES_ROOT
# overrides it (for a copy of the data outside the checkout).
ROOT = Path(os.environ.get("FIGURES_ROOT") or Path(__file__).resolve().parents[2])

RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"
REFERENCE_DIR = ROOT / "data" / "reference"
PUBLISHED_DIR = REFERENCE_DIR / "published"
REPORTS_DIR = ROOT / "reports"
NOTEBOOKS_DIR = ROOT / "notebooks"


def raw_year_dir(year: int, raw_dir: Path = RAW_DIR) -> Path:
    """The folder holding a year's six input workbooks."""
    return Path(raw_dir) / str(year)


def tables_dir(year: int, processed_dir: Path = PROCESSED_DIR) -> Path:
    """The folder of a year's figure tables (CSV)."""
    return Path(processed_dir) / str(year) / "tables"


def clean_dir(year: int, processed_dir: Path = PROCESSED_DIR) -> Path:
    """The folder of a year's cleaned inputs (Parquet), which the notebooks load."""
    return Path(processed_dir) / str(year) / "clean"


def published_file(year: int, published_dir: Path = PUBLISHED_DIR) -> Path:
    """The transcription of a year's published figures."""
    return Path(published_dir) / f"{year}.yaml"


def report_dir(year: int, lang: str, reports_dir: Path = REPORTS_DIR) -> Path:
    """The folder of one year's report in one language."""
    return Path(reports_dir) / str(year) / lang
