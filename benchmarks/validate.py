"""Validation and computation of a large year: time, memory, and the reader against openpyxl.

Writes a year whose translations file has --rows rows (the 2025 sample for the
other sources) into a temporary folder, then, in one run:
- reads that sheet with the project's reader (calamine) and with
  `pandas.read_excel(engine="openpyxl")`, and prints both times and the ratio;
- validates and computes the whole year, and prints the time and the peak
  memory of this process.

    .venv/bin/python benchmarks/validate.py [--rows 200000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from figures.compute import clean_frames, compute_tables
from figures.load import read_source
from figures.registry import REGISTRY, Inputs
from figures.validate import validate_year

ROOT = Path(__file__).resolve().parents[1]


def write_translations(path: Path, rows: int) -> None:
    rng = random.Random(1)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("translations")
    sheet.append(["job_id", "delivered", "source_lang", "target_lang", "text_type", "words"])
    pairs = [("nl", "fr"), ("fr", "nl"), ("nl", "de"), ("fr", "en")]
    for i in range(rows):
        source, target = rng.choice(pairs)
        sheet.append([f"T-{i:07d}", dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)), source, target,
                      rng.choice(["legal", "political", "general"]), rng.randint(50, 20000)])
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        year_dir = Path(folder) / "2025"
        shutil.copytree(ROOT / "data" / "raw" / "2025", year_dir)
        write_translations(year_dir / "translations.xlsx", args.rows)

        start = time.perf_counter()
        sheet, _ = read_source(REGISTRY.sources["translations"], year_dir)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        naive = pd.read_excel(year_dir / "translations.xlsx", sheet_name="translations", engine="openpyxl")
        theirs = time.perf_counter() - start
        assert len(sheet.frame) == len(naive) == args.rows

        start = time.perf_counter()
        validation = validate_year(2025, Path(folder))
        validated = time.perf_counter() - start
        start = time.perf_counter()
        compute_tables(Inputs(clean_frames(validation), validation.reference))
        computed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"translations.xlsx with {args.rows:,} rows")
    print(f"  read, calamine (figures.load):   {ours:6.2f} s")
    print(f"  read, pandas + openpyxl:         {theirs:6.2f} s   ratio {theirs / ours:4.1f}x")
    print(f"  validate every workbook:         {validated:6.2f} s   ({len(validation.errors)} errors)")
    print(f"  compute the tables:              {computed:6.2f} s")
    print(f"  peak memory of this process:     {peak_mib:6.0f} MiB")


if __name__ == "__main__":
    main()
