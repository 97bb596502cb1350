"""Render 2025 in two languages, all formats: `figures render` against the naive route.

The naive route is what one would do by hand with the usual tools, for every
chapter notebook and language: the papermill command line, then the
`jupyter nbconvert --to html` command line, then WeasyPrint's command line for
the PDF (the project's PDF engine; nbconvert's own PDF needs LaTeX or a
browser). Both routes start from the same computed tables and write into
temporary folders; both are timed in this one run, so the ratio is fair on a
noisy machine.

    .venv/bin/python benchmarks/render.py [--year 2025] [--lang nl fr]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def naive(year: int, langs: list[str], processed: Path, out: Path) -> float:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    start = time.perf_counter()
    run([str(BIN / "figures"), "compute", "--year", str(year), "--processed-dir", str(processed)])
    for lang in langs:
        for notebook in notebooks:
            executed = out / lang / notebook.name
            executed.parent.mkdir(parents=True, exist_ok=True)
            run([str(BIN / "papermill"), str(notebook), str(executed), "-k", "python3", "-p", "year", str(year),
                 "-p", "lang", lang, "-p", "processed_dir", str(processed), "--no-progress-bar"])
            run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
            run([str(BIN / "weasyprint"), str(executed.with_suffix(".html")), str(executed.with_suffix(".pdf"))])
    return time.perf_counter() - start


def project(year: int, langs: list[str], processed: Path, out: Path) -> float:
    start = time.perf_counter()
    run([str(BIN / "figures"), "render", "--year", str(year), "--lang", *langs, "--processed-dir", str(processed),
         "--reports-dir", str(out), "--no-progress"])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--lang", nargs="+", default=["nl", "fr"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        ours = project(args.year, args.lang, folder / "p1", folder / "r1")
        by_hand = naive(args.year, args.lang, folder / "p2", folder / "r2")
    print(f"render {args.year}, languages {' '.join(args.lang)}, HTML + PDF + Excel + executed notebooks")
    print(f"  figures render:  {ours:7.1f} s")
    print(f"  naive route:     {by_hand:7.1f} s   (papermill, nbconvert and weasyprint command lines per notebook)")
    print(f"  ratio:           {by_hand / ours:7.1f} x")


if __name__ == "__main__":
    main()
