"""The render key: which change makes a report out of date, and when a report in place counts as done.

Each test changes one thing in a small copy of the inputs (a workbook, a catalogue, a notebook, the date,
the published figures) and says by hand which languages' keys must change.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from figures.render import key

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 3, 1)


@pytest.fixture
def folders(tmp_path):
    """raw/2024 and raw/2025 with one workbook each, processed/2023 (no workbooks), published/, reference/,
    notebooks/ with two chapter notebooks."""
    for year in (2024, 2025):
        (tmp_path / "raw" / str(year)).mkdir(parents=True)
        (tmp_path / "raw" / str(year) / "staff.xlsx").write_bytes(b"staff of %d" % year)
    (tmp_path / "processed" / "2023" / "tables").mkdir(parents=True)
    (tmp_path / "processed" / "2023" / "tables" / "staff.csv").write_text("band,staff\n19-29,20\n")
    (tmp_path / "reference" / "published").mkdir(parents=True)
    (tmp_path / "reference" / "published" / "2025.yaml").write_text("year: 2025\n")
    (tmp_path / "reference" / "bodies.yaml").write_text("bodies: []\n")
    (tmp_path / "notebooks").mkdir()
    for name in ("chapter.ipynb", "trends.ipynb"):      # the template and a chapter's own notebook
        (tmp_path / "notebooks" / name).write_text("{}")
    return tmp_path


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def _keys(base: Path, langs=("nl", "fr"), day=DAY, year=2025) -> dict[str, str]:
    found = key.keys(year, list(langs), day, base / "raw", base / "processed", base / "reference" / "published",
                     base / "notebooks", base / "reference")
    return {lang: k["sha256"] for lang, k in found.items()}


def test_the_same_inputs_give_the_same_key_and_each_language_its_own(folders):
    first, second = _keys(folders), _keys(folders)
    assert first == second
    assert first["nl"] != first["fr"]


@pytest.mark.parametrize("change", [
    lambda b: (b / "raw" / "2025" / "staff.xlsx").write_bytes(b"staff of 2025, one more row"),
    lambda b: (b / "raw" / "2024" / "staff.xlsx").write_bytes(b"last year corrected"),  # the comparison reads it
    lambda b: (b / "raw" / "2025" / "subsidies.xlsx").write_bytes(b"a new workbook"),
    lambda b: (b / "processed" / "2023" / "tables" / "staff.csv").write_text("band,staff\n19-29,21\n"),
    lambda b: (b / "reference" / "published" / "2024.yaml").write_text("year: 2024\n"),   # the trends' errata
    lambda b: (b / "reference" / "bodies.yaml").write_text("bodies: [cov]\n"),
    lambda b: (b / "notebooks" / "meetings.ipynb").write_text("{}"),          # a chapter's own, new
    lambda b: (b / "notebooks" / "trends.ipynb").write_text('{"cells": []}'),
    lambda b: (b / "notebooks" / "chapter.ipynb").write_text('{"cells": []}'),  # the template
], ids=["workbook", "last-year-workbook", "new-workbook", "earlier-tables", "published", "reference",
        "new-notebook", "notebook", "template"])
def test_a_change_in_any_input_changes_every_language_key(folders, change):
    before = _keys(folders)
    change(folders)
    after = _keys(folders)
    assert after["nl"] != before["nl"] and after["fr"] != before["fr"]


@pytest.mark.parametrize("change", [
    lambda b: _write(b / "raw" / "2026" / "staff.xlsx", "next year"),           # a later year
    lambda b: _write(b / "processed" / "2025" / "tables" / "staff.csv", "own"),  # this render's own output
    lambda b: (b / "raw" / "2025" / ".~lock.staff.xlsx#").write_text("clerk"),   # open in LibreOffice
    lambda b: (b / "raw" / "2025" / "~$staff.xlsx").write_bytes(b"clerk"),        # open in Excel
    lambda b: (b / "raw" / "2024" / "Thumbs.db").write_bytes(b"thumbnails"),      # Windows Explorer's
    lambda b: (b / "notebooks" / "scratch.ipynb").write_text("{}"),              # not a chapter notebook
    lambda b: (b / "notebooks" / "01_staff.ipynb").write_text("{}"),             # an old numbered copy
], ids=["later-year", "own-output", "libreoffice-lock", "excel-lock", "explorer", "scratch-notebook",
        "numbered-copy"])
def test_what_the_render_does_not_read_leaves_the_key_as_it_is(folders, change):
    before = _keys(folders)
    change(folders)
    assert _keys(folders) == before


def test_an_earlier_year_with_workbooks_is_keyed_by_its_workbooks_not_its_processed_tables(folders):
    # 2024 has workbooks: the render reads those (its processed tables are another render's output).
    before = _keys(folders)
    (folders / "processed" / "2024" / "tables").mkdir(parents=True)
    (folders / "processed" / "2024" / "tables" / "staff.csv").write_text("band,staff\n")
    assert _keys(folders) == before


def test_the_date_the_report_states_is_part_of_the_key(folders):
    assert _keys(folders, day=DAY) != _keys(folders, day=DAY + dt.timedelta(days=1))


def test_a_catalogue_changes_only_its_own_language(tmp_path, folders, monkeypatch):
    catalogues = tmp_path / "i18n"
    shutil.copytree(key.CATALOGUES, catalogues)
    monkeypatch.setattr(key, "CATALOGUES", catalogues)
    before = _keys(folders)
    with open(catalogues / "fr.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n# une correction de traduction\n")
    after = _keys(folders)
    assert after["nl"] == before["nl"] and after["fr"] != before["fr"]


def test_a_translators_copy_of_the_catalogues_is_what_the_key_reads(tmp_path):
    # FIGURES_CATALOGUES points the reports to another folder of catalogues: the key reads that one (and a
    # change in it changes the key: the test above).
    import os
    import subprocess
    import sys

    copy = tmp_path / "working-copy"
    shutil.copytree(key.CATALOGUES, copy)
    result = subprocess.run([sys.executable, "-c", "from figures.render import key; print(key.CATALOGUES)"],
                            env=dict(os.environ, FIGURES_CATALOGUES=str(copy)), capture_output=True, text=True)
    assert result.stdout.strip() == str(copy), result.stderr


def test_the_code_of_the_package_is_part_of_the_key(folders, tmp_path, monkeypatch):
    package = tmp_path / "figures"
    shutil.copytree(key.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(key, "PACKAGE_DIR", package)
    monkeypatch.setattr(key, "CATALOGUES", package / "i18n")
    before = _keys(folders)
    css = package / "render" / "templates" / "report.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: red }\n", encoding="utf-8")
    assert _keys(folders) != before


# ---------------------------------------------------------------- a report in place

def _report(folder: Path, sha: str, status: str = "ok", outputs=("figures-2025-nl.html", "notebooks/01.ipynb")):
    folder.mkdir(parents=True)
    for name in outputs:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    (folder / "manifest.json").write_text(json.dumps({"render_key": {"sha256": sha}, "outputs": list(outputs),
                                                      "reconciliation": {"status": status}}))
    return folder


@pytest.fixture
def processed(tmp_path):
    (tmp_path / "processed" / "2025" / "tables").mkdir(parents=True)
    return tmp_path / "processed" / "2025"


def test_a_report_with_the_same_key_and_every_output_is_done(tmp_path, processed):
    folder = _report(tmp_path / "nl", "a" * 64)
    assert key.is_rendered(folder, {"sha256": "a" * 64}, processed)


@pytest.mark.parametrize("spoil", ["other key", "output removed", "reconciliation failed", "no manifest",
                                   "broken manifest", "no processed tables", "no report"])
def test_a_report_is_rendered_again_when(tmp_path, processed, spoil):
    folder = tmp_path / "nl"
    if spoil != "no report":
        _report(folder, "b" * 64 if spoil == "other key" else "a" * 64,
                status="failed" if spoil == "reconciliation failed" else "ok")
    if spoil == "output removed":
        (folder / "notebooks" / "01.ipynb").unlink()
    if spoil == "no manifest":
        (folder / "manifest.json").unlink()
    if spoil == "broken manifest":
        (folder / "manifest.json").write_text("{ half a manif")
    if spoil == "no processed tables":
        shutil.rmtree(processed / "tables")
    assert not key.is_rendered(folder, {"sha256": "a" * 64}, processed)
