"""An analyst changes `year` in a notebook; a catalogue missing a key stops the render before it starts."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import nbformat
import papermill

from render_support import NOTEBOOKS, year_book_class


def _year_2024(raw):
    """The tiny year of tests/conftest.py moved to 2024 (its sessions, trainings and jobs dated 2024)."""
    book = year_book_class()(2024)
    for spec in book.data.values():
        for row in spec["rows"]:
            for i, value in enumerate(row):
                if isinstance(value, dt.date) and value.year == 2025:
                    row[i] = value.replace(year=2024)
    book.write(raw)


def test_a_notebook_runs_for_another_year_that_has_workbooks(tmp_path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    _year_2024(raw)
    output = tmp_path / "01_staff.ipynb"
    # As an analyst would: change the parameters, run all (here with papermill, in notebooks/): the chapter
    # template, showing the staff.
    papermill.execute_notebook(str(NOTEBOOKS / "chapter.ipynb"), str(output), kernel_name="python3",
                               parameters={"chapter": "staff", "year": 2024, "lang": "en", "raw_dir": str(raw),
                                           "processed_dir": str(processed)},
                               progress_bar=False, cwd=str(NOTEBOOKS))
    html = "\n".join(o["data"].get("text/html", "") for c in nbformat.read(output, as_version=4).cells
                     if c.cell_type == "code" for o in c.outputs
                     if o.get("output_type") in ("execute_result", "display_data"))
    # The tiny year: 5 people on 31 December 2024 (hand count in tests/conftest.py), one of them X.
    assert "Staff on 31\u00a0December 2024 per level." in html
    assert "X counts people registered with neither F nor M." in html
    assert (processed / "2024" / "tables" / "age_bands.csv").is_file()   # computed on the way


def test_a_catalogue_missing_a_key_stops_the_render_naming_it(tmp_path):
    catalogues = tmp_path / "catalogues"
    catalogues.mkdir()
    source = NOTEBOOKS.parent / "src" / "figures" / "i18n"
    for lang in ("nl", "fr", "de", "en"):
        shutil.copy(source / f"{lang}.yaml", catalogues / f"{lang}.yaml")
    fr = (catalogues / "fr.yaml").read_text(encoding="utf-8")
    assert '  cov: "Commission des marchés publics"\n' in fr
    (catalogues / "fr.yaml").write_text(fr.replace('  cov: "Commission des marchés publics"\n', ""), encoding="utf-8")
    reports = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "figures", "render", "--year", "2025", "--lang", "nl", "fr",
                             "--reports-dir", str(reports), "--processed-dir", str(tmp_path / "processed"),
                             "--no-progress"], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, FIGURES_CATALOGUES=str(catalogues)))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "body.cov" in result.stderr and "fr" in result.stderr
    assert "Traceback" not in result.stderr
    assert not reports.exists()                                          # not even the Dutch report


def test_two_consecutive_years_in_a_folder_are_compared_from_that_folder_alone(tmp_path):
    """Any two consecutive years in --raw-dir: the render compares them and draws their trends, from there
    alone (no published file for them, nothing of the project's data)."""
    import datetime as dt

    from render_support import run_figures, year_book_class

    for year in (2030, 2031):
        book = year_book_class()(year)
        for name, spec in book.data.items():
            for row in spec["rows"]:
                for i, value in enumerate(row):
                    if isinstance(value, dt.date):          # birth dates too: the same ages as in 2025
                        row[i] = value.replace(year=value.year + year - 2025)
        if year == 2030:
            book.set("budget", 2, "amount_eur", 4_000_000)
        book.write(tmp_path / "raw")
    result = run_figures("render", "--year", 2031, "--lang", "nl", "--raw-dir", tmp_path / "raw", "--processed-dir",
                         tmp_path / "processed", "--reports-dir", tmp_path / "reports", "--published-dir",
                         tmp_path / "published", "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    changes = (tmp_path / "processed" / "2031" / "tables" / "changes.csv").read_text(encoding="utf-8")
    assert "budget,CH01,amount_eur,4000000,4639816,639816,16" in changes          # +16.0 %: 639 816 / 4 000 000
    html = (tmp_path / "reports" / "2031" / "nl" / "figures-2031-nl.html").read_text(encoding="utf-8")
    assert "<th scope=\"col\" class=\"num\">2030</th>" in html and "+639.816 € (+16,0%)" in html
    assert "Indicatoren 2030–2031" in html
