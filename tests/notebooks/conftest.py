"""Shared set-up of the notebook layer: the committed 2025 year rendered once per session.

`rendered_2025` runs `figures render --year 2025 --lang nl fr de en` ONCE per test
session (the four languages in one warm kernel, about 50 s), into folders
under pytest's tmp_path_factory; the tests only read what it wrote. The helpers
are in render_support.py.
"""

from __future__ import annotations

import pytest

from render_support import LANGS, Render, run_figures


@pytest.fixture(scope="session")
def rendered_2025(tmp_path_factory) -> Render:
    """The committed 2025 workbooks rendered in nl, fr and en (once per session)."""
    base = tmp_path_factory.mktemp("render-2025")
    reports, processed = base / "reports", base / "processed"
    result = run_figures("render", "--year", 2025, "--lang", *LANGS, "--reports-dir", reports,
                         "--processed-dir", processed, "--no-progress", cwd=base)
    return Render(result, reports / "2025", processed / "2025", processed, LANGS)


@pytest.fixture
def report(rendered_2025) -> Render:
    """The 2025 render, for tests that read its outputs: stops with the render's own output if it failed."""
    if rendered_2025.result.returncode != 0:
        pytest.fail(f"figures render --year 2025 failed (exit {rendered_2025.result.returncode}):\n"
                    f"{rendered_2025.output()}", pytrace=False)
    return rendered_2025
