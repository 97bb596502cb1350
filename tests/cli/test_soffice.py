"""The workbooks open in LibreOffice, as a clerk or a reader opens them (soffice --headless: each sheet
converted to PDF). Skipped where LibreOffice is not installed; .ci/run installs it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from figures import templates

SOFFICE = shutil.which("soffice")
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
