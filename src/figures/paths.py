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
# The published editions of the reports (`figures publish`): <year>/<lang>/edition-N/.
EDITIONS_DIR = ROOT / "published"


class FoldersOverlap(ValueError):
    """Two folders that must be apart are the same, or one is inside the other."""

    def __init__(self, first: tuple[str, Path], second: tuple[str, Path]):
        super().__init__(f"{first[1]} ({first[0]}) and {second[1]} ({second[0]}) overlap")
        self.first = first
        self.second = second


def portable(path: Path) -> str:
    """A path as written into outputs: relative to the project root when inside it (no home folder or
    user name in a published manifest or notebook), absolute otherwise."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


def resolve(path) -> Path:
    """A path given to a notebook: relative ones are relative to the project root, not the working folder."""
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


def raw_year_dir(year: int, raw_dir: Path = RAW_DIR) -> Path:
    """The folder holding a year's input workbooks (one per source)."""
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
