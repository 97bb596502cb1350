"""The workbooks open in LibreOffice, as a clerk or a reader opens them (soffice --headless: each sheet
converted to PDF). Skipped where LibreOffice is not installed; .ci/run installs it.

The report's workbook is read back from the PDF with pdfplumber: no two lines of text may be printed on
each other (a row too low for its wrapped text prints its lines over the next row's)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from figures import labels, present, templates
from figures.i18n import text
from figures.registry import REGISTRY
from figures.render import document
from figures.render.excel import about, write_workbook

SOFFICE = shutil.which("soffice")
# The overprint check, shared with the render's test of the 2025 workbooks (tests/notebooks).
_SPEC = importlib.util.spec_from_file_location(
    "figures_tests_render_support", Path(__file__).resolve().parents[1] / "notebooks" / "render_support.py")
_SUPPORT = sys.modules.setdefault(_SPEC.name, importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(_SUPPORT)
overprinted = _SUPPORT.overprinted
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _convert(paths, out, tmp_path) -> subprocess.CompletedProcess:
    profile = (tmp_path / "profile").as_uri()            # a profile of its own: runs in parallel don't clash
    return subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out), *map(str, paths)], capture_output=True, text=True, timeout=240)


def test_the_templates_open_in_libreoffice(tmp_path):
    written = templates.write_templates(2026, tmp_path / "raw")
    result = _convert(written, tmp_path / "pdf", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in written:
        pdf = tmp_path / "pdf" / path.with_suffix(".pdf").name
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), f"{path.name} did not open"


LONG_NAME = ("Promotie van België op de Wereldtentoonstelling in Osaka: vier video’s en een reeks reportages "
             "over de Belgische paviljoenen")


def _workbook(lang: str, target) -> None:
    """A workbook as the render writes it: the 2025 info sheet's texts (colophon, checks, two long errata),
    tables with long names that wrap, a body without e-procedures and a subsidy new this year."""
    tables = {
        "age_bands": pd.DataFrame({"band": ["19-29", "30-40"], "staff": [3, 1], "percent": [75, 25]}),
        "meetings": pd.DataFrame({"body": ["ministerraad", "comite_a"], "meetings": [44, 0],
                                  "e_procedures": pd.array([16, pd.NA], dtype="Int64")}),
        "subsidies": pd.DataFrame({"beneficiary": [LONG_NAME, "Vzw B", "total"],
                                   "amount_eur": [40000.0, 2000.0, 42000.0]}),
    }
    row_labels = {"age_bands": [labels.band(b, lang) for b in ("19-29", "30-40")],
                  "meetings": [labels.body(b, lang) for b in ("ministerraad", "comite_a")],
                  "subsidies": labels.RowLabels([LONG_NAME, "Bal", labels.total(lang)],
                                                names=[LONG_NAME, "Vzw B", labels.total(lang)])}
    changes = pd.DataFrame([("subsidies", LONG_NAME, "amount_eur", None, 40000, None, None),
                            ("subsidies", "Vzw B", "amount_eur", 1000, 2000, 1000, 100.0),
                            ("subsidies", "total", "amount_eur", 1000, 42000, 41000, 4100.0)],
                           columns=["table", "row", "column", "previous", "value", "change", "change_pct"])
    comparison = present.Comparison(changes, 2024, lang)
    readers = {name: REGISTRY.tables[name].present(table, row_labels[name], lang, comparison=comparison).tables
               for name, table in tables.items()}
    erratum = text("excel.info.erratum", lang, table=text("excel.sheet.meetings", lang), row="cciv",
                   column="label", printed=LONG_NAME, computed=LONG_NAME, note=LONG_NAME + ". " + LONG_NAME)
    kinds = {2023: "sample", 2024: "sample", 2025: "sample_of_published"}
    info = about(2025, lang, dt.date(2026, 3, 2),
                 [text("report.source", lang, year=2025)] + document.provenance_lines(lang, kinds),
                 [text("report.colophon_check", lang), text("manifest.reconciliation_ok", lang)], [erratum] * 2)
    # Long notes under a table, across its width (the sample notice, a correction of the printed report).
    notes = {name: [text("provenance.table", lang, years="2024"), erratum] for name in tables}
    write_workbook(tables, readers, 2025, lang, target, dt.date(2026, 3, 2), info, labels=row_labels, notes=notes)


def test_the_report_workbook_prints_no_line_over_another(tmp_path):
    workbooks = []
    for lang in ("nl", "fr", "de", "en"):
        workbooks.append(tmp_path / f"figures-{lang}.xlsx")
        _workbook(lang, workbooks[-1])
    result = _convert(workbooks, tmp_path / "pdf", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in workbooks:
        pdf = tmp_path / "pdf" / path.with_suffix(".pdf").name
        assert overprinted(pdf) == [], path.name
