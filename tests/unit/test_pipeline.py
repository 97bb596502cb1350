"""The pipeline: one preparation of a year that every output reads, recomputed when the workbooks change."""

import os

import pandas as pd
import pytest

from figures import paths, pipeline
from figures.registry import REGISTRY


def _folders(raw_dir, tmp_path):
    return pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed")


def test_prepare_writes_every_table_and_source_of_the_registry(book, raw_dir, tmp_path):
    book.write(raw_dir)
    folders = _folders(raw_dir, tmp_path)
    prepared = pipeline.prepare(2025, folders)
    assert set(prepared.tables) == set(REGISTRY.tables)
    assert set(prepared.inputs.clean) == set(REGISTRY.sources)
    written = folders.processed / "2025"
    assert {p.stem for p in (written / "tables").glob("*.csv")} == set(REGISTRY.tables)
    assert {p.stem for p in (written / "clean").glob("*.parquet")} == set(REGISTRY.sources)
    assert set(prepared.hashes) == {f"{name}.xlsx" for name in REGISTRY.sources}


def test_tables_read_back_are_the_tables_computed(book, raw_dir, tmp_path):
    # What the notebooks show (read back) and what the Excel file holds (computed) are one computation.
    book.set("training", 2, "days", 1.5)           # a half day: 5.5 days in all
    book.write(raw_dir)
    folders = _folders(raw_dir, tmp_path)
    prepared = pipeline.prepare(2025, folders)
    loaded = pipeline.load(2025, folders)
    for name in REGISTRY.tables:
        pd.testing.assert_frame_equal(loaded.tables[name], prepared.tables[name], check_dtype=False,
                                      obj=name)
    assert loaded.tables["training"]["training_days"].iloc[0] == 5.5
    assert pd.isna(loaded.tables["meetings"].set_index("body").at["comite_a", "e_procedures"])


def test_warnings_are_kept_with_the_prepared_year(book, raw_dir, tmp_path):
    book.set("training", 5, "staff_id", "S999").write(raw_dir)          # a trainee who left
    folders = _folders(raw_dir, tmp_path)
    prepared = pipeline.prepare(2025, folders)
    assert [(w.file, w.cell) for w in prepared.warnings] == [("training.xlsx", "A5")]
    loaded = pipeline.load(2025, folders)
    assert [w.describe("nl") for w in loaded.warnings] == [w.describe("nl") for w in prepared.warnings]


def test_invalid_year_raises_and_writes_nothing(book, raw_dir, tmp_path):
    book.set("staff", 2, "gender", "V").write(raw_dir)
    folders = _folders(raw_dir, tmp_path)
    with pytest.raises(pipeline.InvalidData) as raised:
        pipeline.prepare(2025, folders)
    assert [p.cell for p in raised.value.validation.errors] == ["C2"]
    assert not folders.processed.exists() or not any(folders.processed.iterdir())


def test_current_prepares_once_and_notices_changed_workbooks(book, raw_dir, tmp_path):
    book.write(raw_dir)
    folders = _folders(raw_dir, tmp_path)
    assert not pipeline.is_current(2025, folders)                         # never computed
    assert len(pipeline.current(2025, folders).inputs.clean["staff"]) == 5   # the tiny year's 5 people
    assert pipeline.is_current(2025, folders)
    # The same file name with other content and its old date (as `cp -p` leaves it): still noticed.
    staff = raw_dir / "2025" / "staff.xlsx"
    stamp = staff.stat()
    book.set("staff", 2, "level", "D").write(raw_dir)
    os.utime(staff, (stamp.st_atime, stamp.st_mtime))
    assert not pipeline.is_current(2025, folders)
    assert (pipeline.current(2025, folders).inputs.clean["staff"]["level"] == "D").sum() == 1


def test_a_missing_table_makes_the_processed_year_stale(book, raw_dir, tmp_path):
    book.write(raw_dir)
    folders = _folders(raw_dir, tmp_path)
    pipeline.prepare(2025, folders)
    (folders.processed / "2025" / "tables" / "budget.csv").unlink()
    assert not pipeline.is_current(2025, folders)


def test_processed_data_without_its_workbooks_is_used_as_it_is(book, raw_dir, tmp_path):
    book.write(raw_dir)
    folders = _folders(raw_dir, tmp_path)
    pipeline.prepare(2025, folders)
    assert pipeline.is_current(2025, pipeline.Folders(raw=tmp_path / "elsewhere", processed=folders.processed))


def test_folders_are_absolute_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folders = pipeline.Folders(raw="r", processed="p")
    assert folders.raw == tmp_path / "r" and folders.processed == tmp_path / "p"


def test_reconcile_is_none_before_publication(book, raw_dir, tmp_path):
    book.write(raw_dir)
    folders = pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed", published=tmp_path / "none")
    assert pipeline.reconcile(pipeline.prepare(2025, folders), folders) is None


def test_paths_in_outputs_are_relative_to_the_project():
    assert paths.portable(paths.RAW_DIR) == "data/raw"
    assert paths.portable("/somewhere/else") == "/somewhere/else"
    assert paths.resolve("data/raw") == paths.ROOT / "data" / "raw"


def _state(folder):
    """Every file under `folder` with its bytes and its modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_computing_a_year_reads_the_years_before_and_writes_none_of_them(tmp_path):
    """2025 is compared with 2024 and 2023 (the sample years): their processed folders are read when up to
    date, computed in memory when not, and never written, created or dated anew."""
    import shutil

    import openpyxl

    for year in (2023, 2024, 2025):
        shutil.copytree(paths.ROOT / "data" / "raw" / str(year), tmp_path / "raw" / str(year))
    folders = _folders(tmp_path / "raw", tmp_path)
    pipeline.prepare(2025, folders)
    assert sorted(p.name for p in folders.processed.iterdir()) == ["2025"]        # 2023 and 2024 not created

    pipeline.prepare(2024, folders)
    before = _state(folders.processed / "2024")
    # One person fewer in 2024's staff workbook (118 people, data/raw/2024/README.md): 2024's processed folder
    # is out of date now, and stays as it was; 2025 is compared with the workbook.
    staff = openpyxl.load_workbook(tmp_path / "raw" / "2024" / "staff.xlsx")
    staff.active.delete_rows(staff.active.max_row)
    staff.save(tmp_path / "raw" / "2024" / "staff.xlsx")
    prepared = pipeline.prepare(2025, folders)
    assert _state(folders.processed / "2024") == before
    assert sorted(p.name for p in folders.processed.iterdir()) == ["2024", "2025"]
    total = prepared.changes.query("table == 'age_bands' and column == 'staff'")["previous"].sum()
    assert total == 2 * 117      # the bands and their total row


def _rendered_2025(tmp_path):
    """The 2025 sample prepared as a render prepares it, and the digest its notebooks are given."""
    import shutil

    shutil.copytree(paths.ROOT / "data" / "raw" / "2025", tmp_path / "raw" / "2025")
    published = tmp_path / "published"
    shutil.copytree(paths.ROOT / "data" / "reference" / "published", published)
    folders = pipeline.Folders(raw=tmp_path / "raw", processed=tmp_path / "processed", published=published)
    prepared = pipeline.prepare(2025, folders)
    return folders, pipeline.inputs_digest(prepared.hashes)


def test_a_renders_notebook_reads_the_reconciliation_without_reconciling_or_hashing_again(tmp_path, monkeypatch):
    """The render reconciles once (written with the tables); its notebooks read that, and neither reconcile
    nor read or hash a workbook again."""
    from figures import load, reconcile

    folders, inputs = _rendered_2025(tmp_path)

    def never(*args, **kwargs):
        raise AssertionError("computed again")

    for module, name in ((reconcile, "rows"), (pipeline, "reconciled_rows"), (pipeline, "workbook_hashes"),
                         (load, "read_source"), (pipeline, "validate")):
        monkeypatch.setattr(module, name, never)
    prepared = pipeline.rendered(2025, folders, inputs)
    result = pipeline.reconcile(prepared, folders, ["age_bands"]).result
    # As data/reference/published/2025.yaml prints them: 21 staff of 19-29, and the erratum 49 -> 39 %.
    assert result.set_index(["row", "column"]).loc[("19-29", "staff"), ["published", "computed", "status"]] \
        .tolist() == [21, 21, "match"]
    erratum = result.set_index(["row", "column"]).loc[("52-65", "percent")]
    assert [erratum["published"], erratum["computed"], erratum["status"]] == [49, 39, "erratum"]
    assert set(result["table"]) == {"age_bands"}
    summary = pipeline.reconcile(prepared, folders).summary()
    assert summary == {"matches": 108, "errata": 2, "differences": 0}     # the render's last line


def test_a_published_file_changed_since_the_render_is_reconciled_again(tmp_path):
    folders, inputs = _rendered_2025(tmp_path)
    published = folders.published / "2025.yaml"
    # The 19-29 band printed as 22 now: no longer a match.
    published.write_text(published.read_text(encoding="utf-8").replace(
        '{band: "19-29", staff: 21,', '{band: "19-29", staff: 22,'), encoding="utf-8")
    prepared = pipeline.rendered(2025, folders, inputs)
    result = pipeline.reconcile(prepared, folders, ["age_bands"]).result.set_index(["row", "column"])
    assert result.loc[("19-29", "staff"), ["published", "computed", "status"]].tolist() == [22, 21, "difference"]


def test_validate_computes_the_year_and_the_year_before_once_each_and_protects_neither(tmp_path, monkeypatch,
                                                                                       capsys):
    """`figures validate` finds the swings of 2025 against 2024: one reading and one computation of each year
    (2023 makes trends, not swings), and no protection (what a reader is shown is not a swing)."""
    import shutil

    from figures import cli, compute, disclosure, validate

    for year in (2023, 2024, 2025):
        shutil.copytree(paths.ROOT / "data" / "raw" / str(year), tmp_path / "raw" / str(year))
    read, computed = [], []
    validate_year, compute_tables = validate.validate_year, compute.compute_tables
    monkeypatch.setattr(validate, "validate_year", lambda year, *a, **k: read.append(year) or validate_year(year, *a, **k))
    monkeypatch.setattr(compute, "compute_tables", lambda inputs: computed.append(1) or compute_tables(inputs))
    monkeypatch.setattr(pipeline, "validate_year", validate.validate_year)

    def never(*args, **kwargs):
        raise AssertionError("protected")

    monkeypatch.setattr(disclosure, "protect", never)
    # No processed tables of 2024 to take (the checkout's data/processed may hold some from a render).
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "processed")
    assert cli.main(["validate", "--year", "2025", "--raw-dir", str(tmp_path / "raw")]) == cli.EXIT_OK
    assert sorted(read) == [2024, 2025]
    assert len(computed) == 2
    assert not (tmp_path / "processed").exists()        # validate writes nothing
