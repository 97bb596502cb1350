"""The benchmarks still run (on small sizes): a benchmark that no longer imports measures nothing.

Times are printed by the benchmarks, never asserted here; these tests check that each one runs to its end
and prints the figures it promises.
"""

from __future__ import annotations

import re

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_federal_benchmark_writes_a_valid_year_and_times_it(tmp_path):
    result = _run("benchmarks/federal.py", "--staff", "300", "--training", "2000", "--translations", "500",
                  "--lines", "30", "--no-render", "--keep", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "staff 300, training 2,000, translations 500, budget 30, subsidies 30" in result.stdout
    assert "validate + compute:" in result.stdout and "MiB" in result.stdout
    assert "read alone:" in result.stdout and "compute / read alone:" in result.stdout
    assert "the same without part scan:" in result.stdout
    # 2.5 % of the training rows are by trainees who left: one warning each, the year still valid.
    warnings = (tmp_path / "processed" / "2025" / "warnings.json").read_text(encoding="utf-8")
    assert warnings.count('"found.unknown_staff"') == 2000 // 40


def test_the_validation_benchmark_runs(tmp_path):
    result = _run("benchmarks/validate.py", "--rows", "3000")
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("read, calamine", "read, pandas + openpyxl", "validate every workbook", "peak memory"):
        assert line in result.stdout


def test_the_render_benchmark_runs_each_route_and_prints_every_run():
    # A smoke run: one language, the naive route over one notebook; every route and the re-run are run.
    result = _run("benchmarks/render.py", "--smoke", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("smoke run") and "1 paired runs" in lines[1]
    assert [line.split(":")[0].strip() for line in lines[2:]] == [
        "run 1", "median ratio", "render 2025, languages en", "run 1", "median render / floor", "unchanged again"]


def test_the_chart_benchmark_draws_every_chart_of_the_sample_year():
    result = _run("benchmarks/charts.py", "--lang", "en", "--runs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    # Every table with a chart and every trend chart (2024 is in the samples): the seven tables and ten trend
    # charts of the 2025 report at least, and a new source's with them.
    from figures.chapters.trends import CHARTS
    from figures.registry import REGISTRY

    count = int(re.search(r"charts 2025 en: (\d+) charts, page and phone", result.stdout).group(1))
    assert count == sum(t.chart is not None for t in REGISTRY.tables.values()) + len(CHARTS)
    assert count >= 7 + 10
