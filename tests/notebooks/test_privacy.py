"""No personal data in any output: staff ids, names and birth dates stop at validation.

A tiny year (tests/conftest.py) whose staff.xlsx and training.xlsx carry
distinctive staff ids, an extra `name` column and distinctive birth dates, plus
a trainee who is not in staff.xlsx (a validation warning), goes through
`figures validate`, `figures compute`, `figures reconcile` and `figures render`.
None of the personal values may appear in any file written under the reports
or processed folders, looked at in every way a reader could: the raw bytes, the
text of the PDF, the XML inside the .xlsx, the decoded base64 images of the
HTML and notebooks, the cells of the Parquet files; nor in what the commands
print.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from render_support import copy_notebooks, pdf_text, run_figures, year_book_class

D = dt.date
IDS = ["ID-LEAK-0001", "ID-LEAK-0002", "ID-LEAK-0003", "ID-LEAK-0004", "ID-LEAK-0005"]
GONE = "ID-LEAK-9999"  # trains, but is not in staff.xlsx (left during the year)
NAMES = ["Zyxwv Secretname", "Qwvzx Hiddenperson", "Xqzvw Privatename", "Vzxqw Concealed", "Wxqzv Undisclosed"]
GONE_NAME = "Zyxwv Goneaway"
BIRTH_DATES = [D(1970, 3, 17), D(1988, 11, 23), D(1999, 8, 29), D(1964, 5, 19), D(1979, 10, 7)]


def _date_spellings(day: dt.date) -> list[str]:
    months = {"nl": "maart", "fr": "mars", "en": "March"}
    spellings = [day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), day.isoformat() + "T",
                 day.strftime("%d.%m.%Y"), day.strftime("%Y/%m/%d"), day.strftime("%m/%d/%Y")]
    if day.month == 3:
        spellings += [f"{day.day} {m} {day.year}" for m in months.values()] + [f"March {day.day}, {day.year}"]
    return spellings


SECRETS = IDS + [GONE] + NAMES + [GONE_NAME, "ID-LEAK", "Zyxwv", "Secretname"] + \
    [s for day in BIRTH_DATES for s in _date_spellings(day)]


def _private_year(raw_dir: Path):
    book = year_book_class()()
    rows = book.data["staff"]["rows"]
    old_ids = [r[0] for r in rows]
    for row, staff_id, birth in zip(rows, IDS, BIRTH_DATES):
        row[0], row[1] = staff_id, birth
    book.add_column("staff", "name", NAMES)
    mapping = dict(zip(old_ids, IDS))
    for row in book.data["training"]["rows"]:
        row[0] = mapping[row[0]]
    book.add_column("training", "name", [dict(zip(IDS, NAMES))[r[0]] for r in book.data["training"]["rows"]])
    book.add_row("training", [GONE, "C9", "Ethics", D(2025, 5, 6), 1, GONE_NAME])
    return book.write(raw_dir)


@pytest.fixture(scope="module")
def private_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("privacy")
    raw, processed, computed, reports = base / "raw", base / "processed", base / "computed", base / "reports"
    _private_year(raw)
    notebooks = copy_notebooks(base / "notebooks")
    results = {
        "validate": run_figures("validate", "--year", 2025, "--raw-dir", raw, cwd=base),
        "compute": run_figures("compute", "--year", 2025, "--raw-dir", raw, "--processed-dir", computed, cwd=base),
        "reconcile": run_figures("reconcile", "--year", 2025, "--processed-dir", computed, cwd=base),
        # The tiny year is not the published 2025: its figures differ from the report's (exit 1, and the
        # differences printed, without any personal value).
        "render": run_figures("render", "--year", 2025, "--lang", "nl", "--raw-dir", raw, "--processed-dir",
                              processed, "--reports-dir", reports, "--notebooks-dir", notebooks, "--no-progress",
                              cwd=base),
    }
    return {"results": results, "folders": [processed, computed, reports], "reports": reports}


def _texts(path: Path) -> list[str]:
    """Every readable form of a file: its bytes as text, and what hides inside (zip, PDF, base64, Parquet)."""
    data = path.read_bytes()
    texts = [data.decode("utf-8", errors="replace"), data.decode("latin-1")]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            texts += [archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist()]
    if path.suffix == ".pdf":
        texts.append(pdf_text(path))
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        texts.append(" ".join(map(str, frame.columns)) + "\n" + frame.astype(str).to_csv(index=False))
        texts += [frame[c].dt.strftime("%Y-%m-%d").str.cat(sep=" ") for c in frame.columns
                  if pd.api.types.is_datetime64_any_dtype(frame[c])]
    for text in list(texts[:1]) + texts[2:]:
        for payload in re.findall(r"base64,([A-Za-z0-9+/=]+)", text):
            texts.append(base64.b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8", errors="replace"))
        if path.suffix == ".ipynb":
            for payload in re.findall(r'"image/png": "([A-Za-z0-9+/=\\n]+)"', text):
                texts.append(base64.b64decode(payload.replace("\\n", "")).decode("latin-1"))
    return texts


def _leaks(texts: list[str]) -> set[str]:
    return {secret for secret in SECRETS for text in texts if secret.lower() in text.lower()}


def test_the_commands_succeed(private_run):
    results = private_run["results"]
    for command in ("validate", "compute"):
        assert results[command].returncode == 0, f"{command}: {results[command].stdout}{results[command].stderr}"
    # The test year is tiny; its figures differ from the published 2025 ones: reconcile and render (which
    # reconciles what it rendered) say so with exit 1, once the reports are written.
    assert results["reconcile"].returncode == 1, results["reconcile"].stderr
    assert results["render"].returncode == 1, results["render"].stderr
    assert "DIFFERENT" in results["render"].stdout
    assert (private_run["reports"] / "2025" / "nl" / "manifest.json").is_file()


def test_the_year_is_what_the_test_means(private_run):
    """The render used the private year: five staff, four trained (one of them not in staff)."""
    processed = private_run["folders"][0] / "2025" / "tables"
    assert pd.read_csv(processed / "age_bands.csv")["staff"].sum() == 5
    assert pd.read_csv(processed / "training.csv")["staff_trained"].iloc[0] == 4
    staff = pd.read_parquet(private_run["folders"][0] / "2025" / "clean" / "staff.parquet")
    assert len(staff) == 5


def test_no_personal_value_in_any_written_file(private_run):
    files = [p for folder in private_run["folders"] for p in sorted(folder.rglob("*")) if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".xlsx" for p in files)
    assert any(p.suffix == ".parquet" for p in files) and any(p.suffix == ".ipynb" for p in files)
    found = {str(p): sorted(leaks) for p in files if (leaks := _leaks(_texts(p)))}
    assert not found, f"personal data written: {found}"


def test_no_personal_value_in_what_the_commands_print(private_run):
    found = {command: sorted(leaks) for command, result in private_run["results"].items()
             if (leaks := _leaks([result.stdout, result.stderr]))}
    assert not found, f"personal data printed: {found}"


def test_the_warning_about_the_trainee_not_in_staff_does_not_name_the_id(private_run):
    folder = private_run["reports"] / "2025" / "nl"
    summary = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["validation_warnings"]
    warnings = json.loads((folder / summary["all"]).read_text(encoding="utf-8"))
    assert summary["first"] == warnings
    assert len(warnings) == 1, warnings
    warning = warnings[0]
    assert (warning["file"], warning["column"], warning["cell"]) == ("training.xlsx", "staff_id", "A6")
    assert not _leaks([json.dumps(warning, ensure_ascii=False)])
    # validate prints the same warning, also without the id.
    validate = private_run["results"]["validate"]
    assert "training.xlsx, sheet training, cell A6, column staff_id" in validate.stdout


def test_problems_in_personal_columns_are_described_not_echoed(tmp_path):
    """A duplicate id, an impossible birth date and a date as id: named by cell, their values withheld."""
    raw = tmp_path / "raw"
    book = year_book_class()()
    rows = book.data["staff"]["rows"]
    for row, staff_id, birth in zip(rows, IDS, BIRTH_DATES):
        row[0], row[1] = staff_id, birth
    book.add_column("staff", "name", NAMES)
    book.set("staff", 3, "staff_id", IDS[0])                  # A3: duplicate of A2
    book.set("staff", 4, "birth_date", D(1903, 3, 17))        # B4: 122 years old
    book.set("staff", 5, "staff_id", D(1955, 3, 17))          # A5: a date where the id goes
    book.write(raw)
    secrets = SECRETS + _date_spellings(D(1903, 3, 17)) + _date_spellings(D(1955, 3, 17))
    for command in ("validate", "compute"):
        args = [command, "--year", 2025, "--raw-dir", raw, "--lang", "nl"]
        if command == "compute":
            args += ["--processed-dir", tmp_path / "processed"]
        result = run_figures(*args, cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        for cell in ("cel A3", "cel B4", "cel A5"):
            assert cell in output, f"{command}: {cell} not named\n{output}"
        leaked = sorted(s for s in secrets if s.lower() in output.lower())
        assert not leaked, f"{command} printed personal data {leaked}:\n{output}"
    assert not (tmp_path / "processed").exists()
