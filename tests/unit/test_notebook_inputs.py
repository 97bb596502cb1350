"""What a notebook loads: recomputed when the workbooks changed (by content), paths relative to the project."""

import os

from figures import paths
from figures.notebook import _stale, load


def test_load_computes_a_year_and_notices_changed_workbooks(book, raw_dir, tmp_path):
    book.write(raw_dir)
    processed = tmp_path / "processed"
    assert _stale(2025, raw_dir, processed)                       # never computed
    inputs = load(2025, "en", raw_dir, processed)
    assert len(inputs.clean["staff"]) == 5                         # the tiny year's 5 people
    assert not _stale(2025, raw_dir, processed)
    # The same file name with other content and its old date (as `cp -p` leaves it): still noticed.
    staff = raw_dir / "2025" / "staff.xlsx"
    stamp = staff.stat()
    book.set("staff", 2, "level", "D").write(raw_dir)
    os.utime(staff, (stamp.st_atime, stamp.st_mtime))
    assert _stale(2025, raw_dir, processed)
    assert (load(2025, "en", raw_dir, processed).clean["staff"]["level"] == "D").sum() == 1


def test_processed_data_without_its_workbooks_is_used_as_it_is(book, raw_dir, tmp_path):
    book.write(raw_dir)
    processed = tmp_path / "processed"
    load(2025, "en", raw_dir, processed)
    assert not _stale(2025, tmp_path / "elsewhere", processed)


def test_paths_in_outputs_are_relative_to_the_project():
    assert paths.portable(paths.RAW_DIR) == "data/raw"
    assert paths.portable("/somewhere/else") == "/somewhere/else"
    assert paths.resolve("data/raw") == paths.ROOT / "data" / "raw"
