"""The `figures` command, run as a user runs it: exit codes, messages, and nothing written on failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from figures.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"
PUBLISHED = ROOT / "data" / "reference" / "published" / "2025.yaml"


def figures(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    return subprocess.run([sys.executable, "-m", "figures", *map(str, args)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=cwd)


def _output(result) -> str:
    return result.stdout + result.stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under `folder` with its bytes (folders map to None)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def _break(book):
    """Problems in three files: staff C2, training E3, budget F2."""
    book.set("staff", 2, "gender", "V")
    book.set("training", 3, "days", 61)
    book.set("budget", 2, "amount_eur", "4.639.816 €")
    return book


# ---------------------------------------------------------------- validate

def test_validate_a_valid_year_exits_0(book, raw_dir, tmp_path):
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, cwd=tmp_path)
    assert result.returncode == 0, _output(result)
    assert "Traceback" not in _output(result)


def test_validate_an_invalid_year_prints_every_problem_and_exits_1(book, raw_dir, tmp_path):
    _break(book).remove("meetings")
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, cwd=tmp_path)
    output = _output(result)
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for where in ("staff.xlsx, sheet staff, cell C2, column gender", "training.xlsx, sheet training, cell E3",
                  "budget.xlsx, sheet budget, cell F2, column amount_eur", "meetings.xlsx"):
        assert where in output, where
    assert '"V"' in output and "4.639.816 €" in output


@pytest.mark.parametrize("damage", ["garbage", "missing sheet", "no year folder"])
def test_broken_files_are_reported_without_a_traceback(damage, book, raw_dir, tmp_path):
    if damage == "garbage":
        book.corrupt("staff", b"\x00\x01not a workbook at all" * 50)
        book.write(raw_dir)
    elif damage == "missing sheet":
        book.rename_sheet("subsidies", "Blad1")
        book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, cwd=tmp_path)
    assert result.returncode == 1, _output(result)
    assert "Traceback" not in _output(result)
    # Names the file, or for a missing year the folder.
    assert (str(raw_dir / "2025") if damage == "no year folder" else ".xlsx") in _output(result)


def test_personal_data_is_not_printed(book, raw_dir, tmp_path):
    book.set("staff", 3, "staff_id", "S001")                 # duplicate id
    book.set("staff", 4, "birth_date", "31/12/2000")         # date as text
    book.set("training", 2, "staff_id", "GONE-4711")        # left: a warning
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, cwd=tmp_path)
    output = _output(result)
    assert result.returncode == 1
    assert "cell A3" in output and "cell B4" in output and "cell A2" in output
    for secret in ("S001", "31/12/2000", "GONE-4711"):
        assert secret not in output


def test_validate_shows_a_valid_workbooks_swing_while_another_has_errors(swing_years, year_book, tmp_path):
    """staff.xlsx of 2025 has an error; budget.xlsx and translations.xlsx are valid and swing from 2024 (see
    `write_swing_years` in tests/conftest.py): their swings are listed with the error, in words written by hand
    from the catalogue."""
    raw_dir = swing_years
    year_book().set("staff", 2, "gender", "V").write(raw_dir)
    processed = _snapshot(ROOT / "data" / "processed")     # where validate would find 2024's tables
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, cwd=tmp_path)
    output = _output(result)
    assert result.returncode == 1, output
    lines = result.stdout.splitlines()
    assert "error: staff.xlsx, sheet staff, cell C2, column gender" in lines[0]
    for swing in ("warning: budget.xlsx: Budget, Policy bodies: rose from €2,000,000 in 2024 to €4,639,816 in 2025 "
                  "(+132.0%); expected a rise of at most 40% from the year before: does budget.xlsx hold a row "
                  "twice, or a value typed wrong (a digit too many)? If not, the rise is real and nothing needs to "
                  "change",
                  "warning: translations.xlsx: Words translated by type of text, Legal: fell from 20,900 in 2024 to "
                  "1,045 in 2025 (−95.0%); expected a fall of at most 50% from the year before: is "
                  "translations.xlsx complete, every row up to the end of the year? If it is, the fall is real and "
                  "nothing needs to change"):
        assert swing in lines, output
    # Four swings (the two above and their totals) and no other warning; nothing written anywhere.
    assert lines[-1] == "2025: not valid (errors: 1, warnings: 4). Nothing was written."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]
    assert _snapshot(ROOT / "data" / "processed") == processed          # 2024 compared in memory


# ---------------------------------------------------------------- usage errors

@pytest.mark.parametrize("args", [
    ["validate", "--year", "20255"],
    ["validate", "--year", "abc"],
    ["validate", "--year", "2025", "--no-such-option"],
    ["validate"],
    ["frobnicate", "--year", "2025"],
])
def test_usage_errors_exit_2(args, tmp_path):
    result = figures(*args, cwd=tmp_path)
    assert result.returncode == 2, _output(result)
    assert "Traceback" not in _output(result)
    assert "usage" in result.stderr.lower()


@pytest.mark.parametrize("args", [
    ["render", "--year", "2025", "--lang", "nl", "es"],
    ["validate", "--year", "2025", "--lang", "es"],
])
def test_an_unsupported_language_is_one_line_that_lists_the_supported_ones(args, tmp_path):
    result = figures(*args, cwd=tmp_path)
    assert result.returncode == 2, _output(result)
    assert result.stderr.splitlines() == ["error: unsupported language: es (supported: nl, fr, de, en)"]
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("typed, languages", [
    (["nl,fr"], ["nl", "fr"]),
    (["NL"], ["nl"]),
    (["Fr", "nl,fr,", "DE"], ["fr", "nl", "de"]),        # each once, in the order first named
])
def test_report_languages_may_be_separated_by_commas_and_typed_in_any_case(typed, languages):
    from figures import cli

    args = cli._parser().parse_args(["render", "--year", "2025", "--lang", *typed])
    assert cli._each_once(args.langs) == languages


def test_a_comma_list_with_an_unsupported_language_names_that_one(tmp_path):
    result = figures("render", "--year", "2025", "--lang", "nl,es", cwd=tmp_path)
    assert result.returncode == 2, _output(result)
    assert result.stderr.splitlines() == ["error: unsupported language: es (supported: nl, fr, de, en)"]


def test_a_year_without_a_folder_says_how_to_get_its_workbooks(tmp_path):
    result = figures("validate", "--year", "2027", "--raw-dir", tmp_path, cwd=tmp_path)
    assert result.returncode == 1, _output(result)
    assert "found no such folder" in result.stdout
    assert "`figures new-year --year 2027` writes the workbooks to fill in" in result.stdout


# ---------------------------------------------------------------- compute: nothing written on failure

def test_compute_valid_year_writes_the_tables(book, raw_dir, tmp_path):
    book.write(raw_dir)
    processed = tmp_path / "processed"
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed, cwd=tmp_path)
    assert result.returncode == 0, _output(result)
    tables = processed / "2025" / "tables"
    assert sorted(p.name for p in tables.iterdir()) == sorted(f"{name}.csv" for name in REGISTRY.tables)
    assert (tables / "training.csv").read_text(encoding="utf-8").splitlines() == [
        "training_days,staff_trained,training_types", "5,3,3"]


def test_compute_on_broken_data_leaves_an_earlier_output_untouched(book, raw_dir, tmp_path):
    processed = tmp_path / "processed"
    book.write(raw_dir)
    first = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed, cwd=tmp_path)
    assert first.returncode == 0, _output(first)
    (processed / "2025" / "tables" / "notes.txt").write_text("an analyst's note\n")
    before = _snapshot(processed)

    _break(book).write(raw_dir)
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed, cwd=tmp_path)
    output = _output(result)
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "cell C2" in output and "cell E3" in output and "cell F2" in output
    assert _snapshot(processed) == before


def test_compute_on_broken_data_into_an_empty_folder_creates_nothing(book, raw_dir, tmp_path):
    processed = tmp_path / "processed"
    processed.mkdir()
    _break(book).write(raw_dir)
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed, cwd=tmp_path)
    assert result.returncode == 1, _output(result)
    assert "Traceback" not in _output(result)
    assert list(processed.iterdir()) == []


def test_compute_does_not_modify_the_raw_files(book, raw_dir, tmp_path):
    folder = book.write(raw_dir)
    before = _snapshot(folder)
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", tmp_path / "out",
                     cwd=tmp_path)
    assert result.returncode == 0, _output(result)
    assert _snapshot(folder) == before


# ---------------------------------------------------------------- reconcile

@pytest.fixture(scope="module")
def processed_2025(tmp_path_factory):
    processed = tmp_path_factory.mktemp("processed")
    result = figures("compute", "--year", 2025, "--raw-dir", RAW_DIR, "--processed-dir", processed,
                     cwd=tmp_path_factory.getbasetemp())
    assert result.returncode == 0, _output(result)
    return processed


def test_reconcile_2025_exits_0(processed_2025, tmp_path):
    result = figures("reconcile", "--year", 2025, "--processed-dir", processed_2025, cwd=tmp_path)
    output = _output(result)
    assert result.returncode == 0, output
    assert "Traceback" not in output
    # The erratum notes are printed (the 47 of 121 staff explanation, the cciv label).
    assert "47 of 121" in output
    assert "Coordinating Committee" in output


def test_reconcile_exits_1_when_a_published_value_differs(processed_2025, tmp_path):
    published_dir = tmp_path / "published"
    published_dir.mkdir()
    text = PUBLISHED.read_text(encoding="utf-8")
    changed = text.replace("{training_days: 395,", "{training_days: 396,")
    assert changed != text
    (published_dir / "2025.yaml").write_text(changed, encoding="utf-8")
    result = figures("reconcile", "--year", 2025, "--processed-dir", processed_2025,
                     "--published-dir", published_dir, cwd=tmp_path)
    output = _output(result)
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "396" in output


def test_reconcile_with_the_unchanged_copy_exits_0(processed_2025, tmp_path):
    # The same --published-dir route with an identical copy: the exit 1 above comes from the change.
    published_dir = tmp_path / "published"
    published_dir.mkdir()
    shutil.copy(PUBLISHED, published_dir / "2025.yaml")
    result = figures("reconcile", "--year", 2025, "--processed-dir", processed_2025,
                     "--published-dir", published_dir, cwd=tmp_path)
    assert result.returncode == 0, _output(result)


def test_reconcile_without_computed_tables_says_so(tmp_path):
    result = figures("reconcile", "--year", 2025, "--processed-dir", tmp_path / "nothing", cwd=tmp_path)
    assert result.returncode == 1, _output(result)
    assert "Traceback" not in _output(result)
    assert "compute" in result.stderr


def test_reconcile_without_published_figures_says_so(processed_2025, tmp_path):
    # Before a year's report is published there is nothing to compare: a notice, not a failure
    # (so that `make report` works for a new year).
    result = figures("reconcile", "--year", 2025, "--processed-dir", processed_2025,
                     "--published-dir", tmp_path, cwd=tmp_path)
    assert result.returncode == 0, _output(result)
    assert "Traceback" not in _output(result)
    assert "nothing to reconcile yet" in result.stdout and "2025.yaml does not exist" in result.stdout


def test_an_unwritable_output_folder_is_a_plain_error(book, raw_dir, tmp_path):
    book.write(raw_dir)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", blocker / "sub", cwd=tmp_path)
    assert result.returncode == 1, _output(result)
    assert "Traceback" not in _output(result) and "Internal error" not in _output(result)
    assert "cannot write" in result.stderr


@pytest.mark.parametrize("how", ["--lang", "FIGURES_LANG"])
def test_messages_in_dutch(how, book, raw_dir, tmp_path, monkeypatch):
    book.set("staff", 2, "gender", "V")
    book.write(raw_dir)
    if how == "FIGURES_LANG":
        monkeypatch.setenv("FIGURES_LANG", "nl")
        result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, cwd=tmp_path)
    else:
        result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--lang", "nl", cwd=tmp_path)
    assert result.returncode == 1
    # Written by hand from the Dutch catalogue's wording.
    assert "fout: staff.xlsx, blad staff, cel C2, kolom gender" in result.stdout, result.stdout


# ---------------------------------------------------------------- make validate LANG=...

def _make(*args, env_lang: str) -> subprocess.CompletedProcess:
    """`make` in the project, as a clerk's desk runs it (the environment's LANG is the system's locale);
    `-o` keeps make from reinstalling the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("FIGURES_LANG", "MAKEFLAGS", "MAKELEVEL")}
    env["LANG"] = env_lang
    return subprocess.run(["make", "-s", "-o", ".venv/.installed", *args], capture_output=True, text=True,
                          timeout=120, env=env, cwd=ROOT)


@pytest.mark.skipif(shutil.which("make") is None or not (ROOT / ".venv" / "bin" / "figures").exists(),
                    reason="make, or the project's .venv, is not there")
def test_make_validate_lang_fr_speaks_french_and_the_locale_is_not_a_language():
    french = _make("validate", "YEAR=2025", "LANG=fr", env_lang="en_US.UTF-8")
    assert french.returncode == 0, _output(french)
    workbooks = len(REGISTRY.sources)       # one per source
    assert f"2025\u00a0: les {workbooks} classeurs sont valides" in french.stdout, french.stdout
    # Without LANG on the command line, the locale of the environment is not taken for a language: English.
    english = _make("validate", "YEAR=2025", env_lang="fr_BE.UTF-8")
    assert english.returncode == 0, _output(english)
    assert f"2025: all {workbooks} workbooks are valid" in english.stdout, english.stdout
    assert "LANG=nl|fr|de|en" in _make("help", env_lang="C.UTF-8").stdout


def test_ctrl_c_that_comes_out_of_an_import_as_another_error_is_still_an_interruption(monkeypatch, capsys):
    # A KeyboardInterrupt raised while an extension module initialises comes out as "ImportError:
    # initialization failed" (seen once in twenty Ctrl-C on a busy machine): exit 130, not an internal error.
    from figures import cli

    def interrupted_import(args):
        cli._INTERRUPTED = True
        raise ImportError("initialization failed")

    monkeypatch.setitem(cli.COMMANDS, "validate", interrupted_import)
    monkeypatch.setattr(cli, "_INTERRUPTED", False)
    monkeypatch.setattr(cli, "_interrupt_once", lambda: None)      # pytest keeps its own Ctrl-C handler
    assert cli.main(["validate", "--year", "2025"]) == cli.EXIT_INTERRUPTED
    assert "Internal error" not in capsys.readouterr().err
