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


# ---------------------------------------------------------------- a year that strains the layout

# Thirty subsidies (each name in every language, long), budget lines with long names, and the year before
# beside every table: what the contract allows and the reader's documents must still lay out.
LONG_BENEFICIARY = {
    "nl": "Vereniging voor de Promotie van het Immaterieel Cultureel Erfgoed en de Volkscultuur in België vzw",
    "fr": "Association pour la promotion du patrimoine culturel immatériel et de la culture populaire en Belgique asbl",
    "de": "Vereinigung zur Förderung des immateriellen Kulturerbes und der Volkskultur in Belgien VoG",
    "en": "Association for the Promotion of Intangible Cultural Heritage and Folk Culture in Belgium",
}


def write_stress_year(raw: "Path") -> None:
    """data/raw/2024 and 2025 copied into `raw`, then 2025's subsidies made thirty (long names) and two of
    its budget lines given long names."""
    import shutil

    import pandas as pd

    from figures.sample import _workbook_bytes, build_sample
    from render_support import ROOT

    for year in (2024, 2025):
        shutil.copytree(ROOT / "data" / "raw" / str(year), raw / str(year))
    frames = build_sample(year=2025)
    rows = []
    for i in range(30):
        long = i % 3 == 0
        row = {"amount_eur": 5_000 + (i * 7_919) % 55_000}
        for lang, column in (("nl", "beneficiary"), ("fr", "beneficiary_fr"), ("de", "beneficiary_de"),
                             ("en", "beneficiary_en")):
            row[column] = (LONG_BENEFICIARY[lang] + f" {i + 1}") if long else f"Begunstigde {i + 1} vzw"
        for lang in ("nl", "fr", "de", "en"):
            row[f"activity_{lang}"] = f"Project {i + 1}: " + ("een reeks voorstellingen en tentoonstellingen in "
                                                              "de tien provincies" if long else "een activiteit")
        rows.append(row)
    subsidies = pd.DataFrame(rows)[list(frames["subsidies"].columns)]
    (raw / "2025" / "subsidies.xlsx").write_bytes(_workbook_bytes("subsidies", subsidies))
    budget = frames["budget"].copy()
    for column in ("label_nl", "label_fr", "label_de", "label_en"):
        budget.loc[1, column] = budget.loc[1, column] + " en van de regeringscommissarissen en hun kabinetten"
        budget.loc[8, column] = budget.loc[8, column] + " – met inbegrip van de gedetacheerde diensten"
    (raw / "2025" / "budget.xlsx").write_bytes(_workbook_bytes("budget", budget))


@pytest.fixture(scope="session")
def rendered_stress(tmp_path_factory) -> Render:
    """The stress year (see `write_stress_year`) rendered in every language, unreconciled (it has no
    published report: an empty published folder)."""
    base = tmp_path_factory.mktemp("render-stress")
    raw, published = base / "raw", base / "published"
    published.mkdir()
    write_stress_year(raw)
    reports, processed = base / "reports", base / "processed"
    result = run_figures("render", "--year", 2025, "--lang", *LANGS, "--raw-dir", raw, "--published-dir",
                         published, "--reports-dir", reports, "--processed-dir", processed, "--no-progress", cwd=base)
    if result.returncode != 0:
        pytest.fail(f"figures render of the stress year failed (exit {result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}", pytrace=False)
    return Render(result, reports / "2025", processed / "2025", processed, LANGS)
