"""Render 2025, all formats: `figures render` against the naive route and against its floor.

The naive route is what one would do by hand with the usual tools, for every
chapter notebook and language: the papermill command line, then the
`jupyter nbconvert --to html` command line, then WeasyPrint's command line for
the PDF (the project's PDF engine; nbconvert's own PDF needs LaTeX or a
browser). Both routes start from the same computed tables and write into
temporary folders; both are timed in this one run, after an untimed render
that warms the file cache (the render timed first started cold, the naive
route after it warm), so the ratio is fair on a noisy machine.

The floor is the work a render cannot avoid, measured in the same run: one
interpreter with its imports, validating and computing the year once, one
kernel started, the code of every chapter notebook run in one process for each
language (its outputs formatted as the notebook shows them), and the PDF of
each language. What `figures render` adds is the orchestration (papermill,
the executed and reviewer's notebooks, the Excel file, the manifest). Three
languages (nl fr en) are timed against that floor.

Last, the same render again: an unchanged re-run (see docs/guarantees.md).

Each comparison is made `--runs` times (3 by default), the two routes one after
the other in each run (paired: a machine busy for a minute slows both), and
every run's times are printed with the median ratio.

    .venv/bin/python benchmarks/render.py [--year 2025] [--lang nl fr] [--floor-lang nl fr en] [--runs 3]

`--smoke` checks that the benchmark runs to its end (the tests use it): one
run, one language, the naive route over the first notebook only; its figures
are not a measurement.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def chapter_notebooks() -> list:
    """The notebook of each chapter, as a render runs them (figures.chapter_notebooks: its own, or the
    template with the chapter as parameter)."""
    from figures.chapter_notebooks import plan

    planned = plan(ROOT / "notebooks")
    if not planned:
        raise SystemExit("no chapter notebooks: nothing to measure")
    return planned


def naive(year: int, langs: list[str], processed: Path, out: Path, limit: int | None = None) -> float:
    notebooks = chapter_notebooks()[:limit]
    start = time.perf_counter()
    run([str(BIN / "figures"), "compute", "--year", str(year), "--processed-dir", str(processed)])
    for lang in langs:
        for notebook in notebooks:
            executed = out / lang / notebook.name
            executed.parent.mkdir(parents=True, exist_ok=True)
            own = [arg for name, value in notebook.parameters.items() for arg in ("-p", name, str(value))]
            run([str(BIN / "papermill"), str(notebook.source), str(executed), "-k", "python3", "-p", "year",
                 str(year), "-p", "lang", lang, "-p", "processed_dir", str(processed), *own, "--no-progress-bar"])
            run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
            run([str(BIN / "weasyprint"), str(executed.with_suffix(".html")), str(executed.with_suffix(".pdf"))])
    return time.perf_counter() - start


def project(year: int, langs: list[str], processed: Path, out: Path, force: bool = False) -> float:
    start = time.perf_counter()
    run([str(BIN / "figures"), "render", "--year", str(year), "--lang", *langs, "--processed-dir", str(processed),
         "--reports-dir", str(out), "--no-progress"] + (["--force"] if force else []))
    return time.perf_counter() - start


# The floor's own process: run as `render.py --floor-worker YEAR PROCESSED REPORTS LANG...` (it reads the
# reader's HTML that the render wrote, to make the PDF again).
def floor_worker(year: int, processed: Path, reports: Path, langs: list[str]) -> None:
    import nbformat

    from figures import pipeline
    from figures.render.pdf import write_pdf

    folders = pipeline.Folders(processed=processed)
    validation = pipeline.validate(year, folders)
    pipeline.prepare(year, folders, validation)
    notebooks = chapter_notebooks()
    cells = {nb.source: [c.source for c in nbformat.read(nb.source, as_version=4).cells
                         if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
             for nb in notebooks}
    for lang in langs:
        for notebook in notebooks:
            namespace = {"year": year, "lang": lang, "raw_dir": None, "processed_dir": str(processed), "inputs": None,
                         **notebook.parameters}
            for source in cells[notebook.source]:
                # As IPython runs a cell: the statements, then the last expression's value, formatted.
                tree = ast.parse(source)
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                exec(compile(tree, notebook.name, "exec"), namespace)
                shown = eval(compile(ast.Expression(last.value), notebook.name, "eval"), namespace) if last else None
                for method in ("_repr_html_", "_repr_markdown_"):
                    if hasattr(shown, method):
                        getattr(shown, method)()
        html = (reports / str(year) / lang / f"figures-{year}-{lang}.html").read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as scratch:
            write_pdf(html, Path(scratch) / "floor.pdf")


def kernel_start() -> float:
    """One kernel started (as the render starts it), ready, and the imports a chapter needs run in it."""
    import asyncio

    from figures.render.kernels import Kernel

    async def started() -> float:
        start = time.perf_counter()
        async with Kernel(ROOT / "notebooks") as kernel:
            await kernel.ready()
            return time.perf_counter() - start

    return asyncio.run(started())


def floor(year: int, langs: list[str], processed: Path, reports: Path) -> float:
    start = time.perf_counter()
    run([sys.executable, __file__, "--floor-worker", str(year), str(processed), str(reports), *langs])
    return time.perf_counter() - start + kernel_start()


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--lang", nargs="+", default=["nl", "fr"])
    parser.add_argument("--floor-lang", nargs="+", default=["nl", "fr", "en"])
    parser.add_argument("--runs", type=int, default=3, help="paired runs of each comparison (default 3)")
    parser.add_argument("--smoke", action="store_true", help="one short run that checks the benchmark works")
    parser.add_argument("--floor-worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_worker:
        year, processed, reports, *langs = args.floor_worker
        floor_worker(int(year), Path(processed), Path(reports), langs)
        return
    limit = None
    if args.smoke:
        args.runs, args.lang, args.floor_lang, limit = 1, args.lang[:1], args.lang[:1], 1
    pairs, floors = [], []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        # Untimed, first: a render that warms the file cache (the workbooks, the packages' files, the fonts),
        # so that the render timed first is not the only one to start cold.
        if not args.smoke:
            project(args.year, args.lang, folder / "p0", folder / "r0")
        for n in range(args.runs):
            ours = project(args.year, args.lang, folder / f"p1-{n}", folder / f"r1-{n}", force=True)
            by_hand = naive(args.year, args.lang, folder / f"p2-{n}", folder / f"r2-{n}", limit)
            three = project(args.year, args.floor_lang, folder / "p3", folder / "r3", force=True)
            least = floor(args.year, args.floor_lang, folder / "p4", folder / "r3")
            pairs.append((ours, by_hand))
            floors.append((three, least))
        again = [project(args.year, args.floor_lang, folder / "p3", folder / "r3") for _ in range(args.runs)]
    if args.smoke:
        print("smoke run (one notebook by the naive route): the figures below are not a measurement")
    print(f"render {args.year}, languages {' '.join(args.lang)}, HTML + PDF + Excel + executed notebooks, "
          f"{args.runs} paired runs")
    for n, (ours, by_hand) in enumerate(pairs, 1):
        print(f"  run {n}: figures render {ours:6.1f} s, naive route {by_hand:6.1f} s, ratio {by_hand / ours:5.1f} x")
    print(f"  median ratio:    {_median([b / o for o, b in pairs]):7.1f} x   (naive route: papermill, nbconvert and "
          f"weasyprint command lines per notebook)")
    print(f"render {args.year}, languages {' '.join(args.floor_lang)}")
    for n, (three, least) in enumerate(floors, 1):
        print(f"  run {n}: figures render {three:6.1f} s, floor {least:6.1f} s, render / floor {three / least:5.2f} x")
    print(f"  median render / floor: {_median([t / f for t, f in floors]):5.2f} x   (floor: interpreter, imports, "
          f"validate + compute, one kernel, every notebook's code, a PDF per language)")
    print(f"  unchanged again: {_median(again):7.2f} s   (median of {len(again)}: the same render, nothing to do)")


if __name__ == "__main__":
    main()
