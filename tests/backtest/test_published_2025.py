"""Backtest: the committed 2025 workbooks reproduce the published 2025 figures.

The computation runs through the package's pipeline (validate, clean, compute,
write to a temporary folder, read back as the notebooks do) and is compared with the transcription of the
publication, data/reference/published/2025.yaml, read from that file. The only
differences allowed are the errata the file lists, and those are exactly the
two known ones: the 52-65 percentage (printed 49, correct 39) and the label of
the second sciv row (read as cciv).
"""

from pathlib import Path

import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal

from figures import pipeline
from figures.reconcile import APPROXIMATE, ERRATUM, MATCH

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"
PUBLISHED = ROOT / "data" / "reference" / "published" / "2025.yaml"

# The contract's bodies list: which bodies hold e-procedures at all ("/" = not applicable).
E_PROCEDURES = {"ministerraad": True, "overlegcomite": True, "comite_a": False, "sectorcomite_i": False,
                "nvr": True, "sciv": True, "cciv": False, "cov": False}
# The two known errata of the 2025 publication: (table, row, column) -> (printed, correct).
KNOWN_ERRATA = {
    ("age_bands", "52-65", "percent"): (49, 39),
    ("meetings", "cciv", "label"): ("Strategisch Comité voor Inlichting en Veiligheid",
                                    "Coördinatiecomité voor Inlichting en Veiligheid"),
}


@pytest.fixture(scope="module")
def published():
    with open(PUBLISHED, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    return pipeline.Folders(raw=RAW_DIR, processed=tmp_path_factory.mktemp("processed"))


@pytest.fixture(scope="module")
def computed(folders):
    validation = pipeline.validate(2025, folders)
    assert validation.ok, [p.describe("en") for p in validation.errors]
    pipeline.prepare(2025, folders, validation)
    loaded = pipeline.load(2025, folders)
    return {"validation": validation, "tables": loaded.tables, "clean": loaded.inputs.clean, "prepared": loaded}


def _rows(published, table):
    return published["tables"][table]["rows"]


def _corrected(published, table, row_key, column, printed):
    """The printed value, or the correct value where an erratum lists this cell."""
    for erratum in published["errata"]:
        if (erratum["table"], str(erratum["row"]), erratum["column"]) == (table, str(row_key), column):
            assert erratum["printed"] == printed
            return erratum["correct"]
    return printed


def test_the_published_file_lists_exactly_the_known_errata(published):
    listed = {(e["table"], str(e["row"]), e["column"]): (e["printed"], e["correct"]) for e in published["errata"]}
    assert listed == KNOWN_ERRATA
    for erratum in published["errata"]:
        assert set(erratum["note"]) >= {"nl", "fr", "en"}


def test_committed_data_is_valid(computed):
    # Trainees who left are warnings, never errors.
    assert computed["validation"].errors == []
    assert all(w.file == "training.xlsx" and w.column == "staff_id" for w in computed["validation"].warnings)


def test_age_bands(published, computed):
    rows = [r for r in _rows(published, "age_bands") if r["band"] != "total"]
    expected = pd.DataFrame({
        "band": [r["band"] for r in rows],
        "staff": [r["staff"] for r in rows],
        "percent": [_corrected(published, "age_bands", r["band"], "percent", r["percent"]) for r in rows],
    })
    assert_frame_equal(computed["tables"]["age_bands"], expected, check_dtype=False)
    total = next(r for r in _rows(published, "age_bands") if r["band"] == "total")
    assert computed["tables"]["age_bands"]["staff"].sum() == total["staff"]
    assert computed["tables"]["age_bands"]["percent"].sum() == total["percent"] == 100


def test_the_printed_percentage_is_the_erratum(published, computed):
    # 47 of 121 is 38.8 %: the table sums to 100 with 39, to 110 with the printed 49.
    printed = [r["percent"] for r in _rows(published, "age_bands") if r["band"] != "total"]
    assert sum(printed) == 110
    assert computed["tables"]["age_bands"].set_index("band").loc["52-65", "percent"] == 39


def test_gender_by_level(published, computed):
    table = computed["tables"]["gender_by_level"].set_index("level")
    for row in _rows(published, "gender_by_level"):
        for column, value in row.items():
            if column != "level":
                assert table.loc[row["level"], column] == value, (row["level"], column)
    # No staff member is registered with gender X in 2025 (the publication has no X column).
    assert table["x"].tolist() == [0, 0, 0, 0, 0]


def test_training(published, computed):
    expected = pd.DataFrame(_rows(published, "training"))
    assert_frame_equal(computed["tables"]["training"], expected, check_dtype=False)


def test_meetings(published, computed):
    rows = _rows(published, "meetings")

    def value(body, printed, column):
        if printed != "/":
            return printed
        # "/" is a zero count, or "not applicable" for a body without e-procedures.
        return pd.NA if column == "e_procedures" and not E_PROCEDURES[body] else 0

    expected = pd.DataFrame({
        "body": [r["body"] for r in rows],
        "meetings": [value(r["body"], r["meetings"], "meetings") for r in rows],
        "e_procedures": pd.array([value(r["body"], r["e_procedures"], "e_procedures") for r in rows],
                                 dtype="Int64"),
    })
    actual = computed["tables"]["meetings"].astype({"e_procedures": "Int64"})
    assert_frame_equal(actual, expected, check_dtype=False)
    assert list(actual["body"]) == list(E_PROCEDURES)


def test_translations_total_is_just_under_a_million(published, computed):
    [row] = _rows(published, "translations_by_type")
    printed = row["words"]
    table = computed["tables"]["translations_by_type"].set_index("text_type")
    assert printed["at_least"] <= table.loc["total", "words"] < printed["below"]
    assert table.loc[["legal", "political", "general"], "words"].sum() == table.loc["total", "words"]
    assert computed["tables"]["translations_by_pair"]["words"].sum() == table.loc["total", "words"]


def test_budget(published, computed):
    lines = [r for r in _rows(published, "budget") if not r["code"].endswith("_total")]
    expected = pd.DataFrame({"group": [r["group"] for r in lines], "code": [r["code"] for r in lines],
                             "amount_eur": [float(r["amount_eur"]) for r in lines]})
    assert_frame_equal(computed["tables"]["budget"], expected, check_dtype=False)
    [total] = [r for r in _rows(published, "budget") if r["code"] == "services_total"]
    table = computed["tables"]["budget"]
    assert table.loc[table["group"] == "services", "amount_eur"].sum() == total["amount_eur"]


def test_budget_labels(published, computed):
    labels = dict(zip(computed["clean"]["budget"]["code"], computed["clean"]["budget"]["label_nl"]))
    for row in _rows(published, "budget"):
        if "label" in row:
            assert labels[row["code"]] == row["label"]


def test_subsidies(published, computed):
    rows = _rows(published, "subsidies")
    expected = pd.DataFrame({
        "beneficiary": [r["beneficiary"] for r in rows] + ["total"],
        # The publication prints no total: the sum of the printed amounts.
        "amount_eur": [float(r["amount_eur"]) for r in rows] + [float(sum(r["amount_eur"] for r in rows))],
    })
    assert_frame_equal(computed["tables"]["subsidies"], expected, check_dtype=False)
    activities = dict(zip(computed["clean"]["subsidies"]["beneficiary"], computed["clean"]["subsidies"]["activity_nl"]))
    for row in rows:
        assert activities[row["beneficiary"]] == row["label"]


def test_reconcile_finds_no_unexplained_difference(computed, folders, published):
    reconciliation = pipeline.reconcile(computed["prepared"], folders)
    result = reconciliation.result
    assert reconciliation.ok, reconciliation.differences.to_string()
    errata = result[result["status"] == ERRATUM]
    assert {(r.table, r.row, r.column) for r in errata.itertuples()} == set(KNOWN_ERRATA)
    assert set(result["status"]) == {MATCH, ERRATUM, APPROXIMATE}
    assert result.loc[result["table"] == "translations_by_type", "status"].tolist() == [APPROXIMATE]
    # Every published cell is compared: count them in the file.
    def keys(spec):
        key = spec.get("key")
        return set(key) if isinstance(key, list) else {key}

    cells = sum(len([c for c in row if c not in keys(spec) | {"group"}])
                for spec in published["tables"].values() for row in spec["rows"])
    assert len(result) == cells
