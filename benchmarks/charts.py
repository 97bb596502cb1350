"""The charts of a year: how long one language's charts take (page and phone, as the notebooks draw them).

Charts are most of a notebook's work; this times them alone, in one process, on the sample year computed
into a temporary folder. Three runs per language, after one run that warms the caches.

    .venv/bin/python benchmarks/charts.py [--year 2025] [--lang nl fr] [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from figures import pipeline
from figures.notebook import open_report
from figures.registry import REGISTRY


def charts_of(report) -> tuple[list[str], list[str]]:
    """The tables that have a chart, and the trends' charts."""
    from figures.chapters import trends

    tables = [name for name, spec in REGISTRY.tables.items() if spec.chart is not None and name in report.tables]
    return tables, list(trends.CHARTS) if len(report.prepared.years) > 1 else []


def draw_all(year: int, lang: str, processed: Path) -> tuple[float, int]:
    report = open_report(year, lang, processed_dir=processed)
    tables, trend_charts = charts_of(report)
    start = time.perf_counter()
    for name in tables:
        report.chart(name)
    for name in trend_charts:
        report.trend_chart(name)
    return time.perf_counter() - start, len(tables) + len(trend_charts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--lang", nargs="+", default=["nl", "fr"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folders = pipeline.Folders(processed=Path(folder))
        pipeline.prepare(args.year, folders, pipeline.validate(args.year, folders))
        draw_all(args.year, args.lang[0], folders.processed)
        for lang in args.lang:
            times = []
            for _ in range(args.runs):
                seconds, count = draw_all(args.year, lang, folders.processed)
                times.append(seconds)
            print(f"charts {args.year} {lang}: {count} charts, page and phone, "
                  f"{min(times):.2f} / {sorted(times)[len(times) // 2]:.2f} / {max(times):.2f} s (min / median / max)")


if __name__ == "__main__":
    main()
