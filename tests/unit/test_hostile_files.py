"""Files that are not what they seem (issue 20): a workbook with a DOCTYPE, a name that is a pipe, a device, a
folder or a link loop, YAML with tags or aliases, a catalogue with a placeholder the code does not fill. Each
is refused in one line naming the file (and the part, line or key), never as an "Internal error", and
nothing hangs or grows without bound."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from figures import safe_files

ROOT = Path(__file__).resolve().parents[2]


def figures(*args, cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    return subprocess.run([sys.executable, "-m", "figures", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=dict(base, **(env or {})), cwd=cwd)


def _output(result) -> str:
    return result.stdout + result.stderr


# ---------------------------------------------------------------- a DOCTYPE in a workbook

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
          + "]>")
EXTERNAL = '<!DOCTYPE foo [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def _with_doctype(path: Path, doctype: str, part_prefix: str = "xl/worksheets/", entity: str = "&lol9;",
                  encoding: str = "utf-8") -> None:
    """Put `doctype` in the prolog of the first part whose name starts with `part_prefix`, and a reference to
    its entity in that part's first text (`<t>` or `<v>`)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in parts if n.startswith(part_prefix))
    xml = parts[name].decode("utf-8")
    declaration_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
    xml = xml[:declaration_end] + doctype + xml[declaration_end:]
    xml = xml.replace("<t>", f"<t>{entity}", 1) if "<t>" in xml else xml
    if encoding != "utf-8":
        xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    parts[name] = xml.encode(encoding)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


@pytest.mark.parametrize("doctype, prefix, entity, encoding", [
    (LAUGHS, "xl/worksheets/", "&lol9;", "utf-8"),              # billion laughs in the sheet
    (EXTERNAL, "xl/styles.xml", "&secret;", "utf-8"),            # an external entity in the styles
    (EXTERNAL, "xl/workbook.xml", "&secret;", "utf-8"),         # in the workbook part, before any sheet is read
    (LAUGHS, "xl/worksheets/", "&lol9;", "utf-16"),              # a part saved as UTF-16
])
def test_a_doctype_in_a_workbook_is_refused_in_one_line_naming_file_and_part(book, raw_dir, doctype, prefix,
                                                                             entity, encoding):
    folder = book.write(raw_dir)
    _with_doctype(folder / "staff.xlsx", doctype, prefix, entity, encoding)
    part = next(n for n in zipfile.ZipFile(folder / "staff.xlsx").namelist() if n.startswith(prefix))
    for command in ("validate", "compute"):
        extra = ["--processed-dir", raw_dir.parent / "out"] if command == "compute" else []
        result = figures(command, "--year", 2025, "--raw-dir", raw_dir, *extra)
        assert result.returncode == 1, _output(result)
        lines = [line for line in _output(result).splitlines() if "staff.xlsx" in line]
        assert lines == [f"error: staff.xlsx: found a DOCTYPE in its part {part} (an Excel workbook never has one: "
                         "it can declare entities that expand without end or read other files); expected a "
                         "workbook as Excel or LibreOffice saves it: open it there and save it again as .xlsx"]
        assert "Internal error" not in _output(result) and "root:" not in _output(result)
    assert not (raw_dir.parent / "out").exists()


def test_a_doctype_in_an_earlier_year_is_a_warning_of_the_later_one_not_a_crash(year_book, raw_dir, tmp_path):
    # 2024's workbooks are read for the comparison; one with a DOCTYPE makes 2024 invalid, said as a warning.
    year_book().write(raw_dir)
    earlier = raw_dir / "2024"
    shutil.copytree(raw_dir / "2025", earlier)
    _with_doctype(earlier / "budget.xlsx", LAUGHS)
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", tmp_path / "out")
    assert result.returncode == 0, _output(result)
    assert "Internal error" not in _output(result)
    warnings = (tmp_path / "out" / "2025" / "warnings.json").read_text(encoding="utf-8")
    assert "invalid_earlier" in warnings and '"year": 2024' in warnings


def test_annotate_opens_no_workbook_with_a_doctype(book, raw_dir, tmp_path):
    # training.xlsx has a problem, so it would be annotated (opened with openpyxl, which expands entities), and
    # a DOCTYPE in a part the spreadsheet reader does not parse (the styles): refused before either opens it.
    book.set("training", 3, "days", 61)
    folder = book.write(raw_dir)
    _with_doctype(folder / "training.xlsx", '<!DOCTYPE s [<!ENTITY x "y">]>', "xl/styles.xml", "&x;")
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--annotate", tmp_path / "copies")
    assert result.returncode == 1, _output(result)
    assert "error: training.xlsx: found a DOCTYPE in its part xl/styles.xml" in result.stdout
    assert "Internal error" not in _output(result)
    assert not (tmp_path / "copies" / "training.xlsx").exists()


def test_a_doctype_after_comments_is_found_and_an_ordinary_prolog_is_not(tmp_path):
    assert safe_files._prolog_has_doctype(b'<?xml version="1.0"?>\n<!-- a note -->\n<!doctype x>\n<x/>')
    assert safe_files._prolog_has_doctype("\ufeff<!DOCTYPE x><x/>".encode("utf-16"))
    assert not safe_files._prolog_has_doctype(b'<?xml version="1.0"?>\n<worksheet><t>&lt;!DOCTYPE</t></worksheet>')
    assert not safe_files._prolog_has_doctype(b"\x89PNG\r\n\x1a\n<!DOCTYPE")     # an image part is no XML
