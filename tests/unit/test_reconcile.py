"""Reconciliation: every published cell is a match, a listed erratum, within a printed range, or a difference."""

import pandas as pd
import pytest

from figures.reconcile import (APPROXIMATE, DIFFERENCE, ERRATUM, MATCH, Published, in_language, read_published,
                               reconcile, unexplained)


def _tables():
    """Computed tables of a tiny year, written out by hand."""
    return {
        "age_bands": pd.DataFrame({"band": ["19-29", "30-40"], "staff": [1, 2], "percent": [33, 67]}),
        "training": pd.DataFrame({"training_days": [395], "staff_trained": [51], "training_types": [59]}),
        "meetings": pd.DataFrame({"body": ["ministerraad", "comite_a", "nvr", "sectorcomite_i"],
                                  "meetings": [44, 9, 7, 0],
                                  "e_procedures": pd.array([16, pd.NA, 0, pd.NA], dtype="Int64")}),
        "translations_by_type": pd.DataFrame({"text_type": ["legal", "political", "general", "total"],
                                              "words": [500000, 287312, 200000, 987312]}),
        "budget": pd.DataFrame({"group": ["chancellery", "services", "services"], "code": ["CH01", "SV01", "SV02"],
                                "amount_eur": [4639816.0, 0.1, 0.2]}),
    }


# The row labels of each table in the publication's language, row by row (as the tables' declarations give them).
LABELS = {"meetings": ["Ministerraad", "Comité A", "Nationale Veiligheidsraad", "Sectorcomité I"]}


def _published(tables: dict, errata: list | None = None) -> Published:
    return Published(2025, "test", tables, errata or [])


def _status(result, table, row, column):
    rows = result[(result["table"] == table) & (result["row"] == row) & (result["column"] == column)]
    assert len(rows) == 1, result
    return rows.iloc[0]["status"]


def test_equal_values_match():
    published = _published({"training": {"key": None, "rows": [
        {"training_days": 395, "staff_trained": 51, "training_types": 59}]}})
    result = reconcile(published, _tables(), LABELS)
    assert result["status"].tolist() == [MATCH, MATCH, MATCH]
    assert unexplained(result).empty


def test_a_difference_that_is_not_an_erratum_fails():
    published = _published({"training": {"key": None, "rows": [
        {"training_days": 394, "staff_trained": 51, "training_types": 59}]}})
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "training", "", "training_days") == DIFFERENCE
    assert len(unexplained(result)) == 1
    row = unexplained(result).iloc[0]
    assert (row["published"], row["computed"]) == (394, 395)


def test_a_listed_erratum_is_accepted_with_its_note():
    published = _published(
        {"age_bands": {"key": "band", "rows": [{"band": "19-29", "staff": 1, "percent": 33},
                                               {"band": "30-40", "staff": 2, "percent": 76}]}},
        [{"table": "age_bands", "row": "30-40", "column": "percent", "printed": 76, "correct": 67,
          "note": {"en": "digits swapped", "nl": "cijfers omgewisseld"}}])
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "age_bands", "30-40", "percent") == ERRATUM
    assert unexplained(result).empty
    row = result[result["status"] == ERRATUM].iloc[0]
    assert row["note"] == {"en": "digits swapped", "nl": "cijfers omgewisseld"}
    assert in_language(result, "nl").loc[row.name, "note"] == "cijfers omgewisseld"
    assert in_language(result, "fr").loc[row.name, "note"] == ""
    assert (row["published"], row["computed"]) == (76, 67)


def test_an_erratum_whose_correction_is_not_what_was_computed_still_fails():
    published = _published(
        {"age_bands": {"key": "band", "rows": [{"band": "30-40", "percent": 76}]}},
        [{"table": "age_bands", "row": "30-40", "column": "percent", "printed": 76, "correct": 66,
          "note": {"en": "wrong correction"}}])
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "age_bands", "30-40", "percent") == DIFFERENCE


def test_an_erratum_for_another_printed_value_does_not_apply():
    published = _published(
        {"age_bands": {"key": "band", "rows": [{"band": "30-40", "percent": 77}]}},
        [{"table": "age_bands", "row": "30-40", "column": "percent", "printed": 76, "correct": 67,
          "note": {"en": "x"}}])
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "age_bands", "30-40", "percent") == DIFFERENCE


def test_an_erratum_for_another_cell_does_not_apply():
    published = _published(
        {"age_bands": {"key": "band", "rows": [{"band": "30-40", "staff": 3}]}},
        [{"table": "age_bands", "row": "30-40", "column": "percent", "printed": 3, "correct": 2,
          "note": {"en": "x"}}])
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "age_bands", "30-40", "staff") == DIFFERENCE


def test_total_rows_are_derived_from_the_computed_rows():
    published = _published({"age_bands": {"key": "band", "rows": [{"band": "total", "staff": 3, "percent": 100}]}})
    result = reconcile(published, _tables(), LABELS)
    assert result["status"].tolist() == [MATCH, MATCH]
    published = _published({"age_bands": {"key": "band", "rows": [{"band": "total", "staff": 4}]}})
    assert reconcile(published, _tables(), LABELS)["status"].tolist() == [DIFFERENCE]


def test_budget_group_total_in_cents():
    # services: 0.1 + 0.2 = 0.3 (not 0.30000000000000004).
    published = _published({"budget": {"key": "code", "rows": [
        {"code": "services_total", "group": "services", "amount_eur": 0.3},
        {"code": "CH01", "group": "chancellery", "amount_eur": 4639816}]}})
    result = reconcile(published, _tables(), LABELS)
    assert result["status"].tolist() == [MATCH, MATCH]


# ---------------------------------------------------------------- "/" semantics

def test_slash_matches_not_applicable():
    published = _published({"meetings": {"key": "body", "rows": [
        {"body": "comite_a", "meetings": 9, "e_procedures": "/"}]}})
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "meetings", "comite_a", "e_procedures") == MATCH


def test_slash_matches_a_count_of_zero():
    published = _published({"meetings": {"key": "body", "rows": [
        {"body": "nvr", "e_procedures": "/"}, {"body": "sectorcomite_i", "meetings": "/"}]}})
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "meetings", "nvr", "e_procedures") == MATCH
    assert _status(result, "meetings", "sectorcomite_i", "meetings") == MATCH


def test_slash_does_not_match_a_real_count():
    published = _published({"meetings": {"key": "body", "rows": [{"body": "ministerraad", "e_procedures": "/"}]}})
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "meetings", "ministerraad", "e_procedures") == DIFFERENCE


def test_a_number_does_not_match_not_applicable():
    published = _published({"meetings": {"key": "body", "rows": [{"body": "comite_a", "e_procedures": 0}]}})
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "meetings", "comite_a", "e_procedures") == DIFFERENCE


def test_labels_are_compared():
    published = _published({"meetings": {"key": "body", "rows": [
        {"body": "ministerraad", "label": "Ministerraad"}, {"body": "nvr", "label": "Ministerraad"}]}})
    result = reconcile(published, _tables(), LABELS)
    assert _status(result, "meetings", "ministerraad", "label") == MATCH
    assert _status(result, "meetings", "nvr", "label") == DIFFERENCE


# ---------------------------------------------------------------- approximate ranges

@pytest.mark.parametrize("total, status", [(987312, APPROXIMATE), (950000, APPROXIMATE), (999999, APPROXIMATE),
                                           (1000000, DIFFERENCE), (949999, DIFFERENCE), (1200000, DIFFERENCE)])
def test_a_range_in_words(total, status):
    published = _published({"translations_by_type": {"key": "text_type", "rows": [
        {"text_type": "total", "words": {"printed": "bijna 1 miljoen", "at_least": 950000, "below": 1000000}}]}})
    tables = _tables()
    tables["translations_by_type"].loc[3, "words"] = total
    result = reconcile(published, tables, LABELS)
    assert result["status"].tolist() == [status]
    assert result.iloc[0]["published"] == "bijna 1 miljoen"


def test_a_published_row_that_was_not_computed_is_a_difference():
    published = _published({"age_bands": {"key": "band", "rows": [{"band": "66+", "staff": 2}]}})
    assert reconcile(published, _tables(), LABELS)["status"].tolist() == [DIFFERENCE]


def test_a_slash_for_a_body_missing_from_the_computed_table_is_a_difference():
    # "/" means zero or not applicable, never "this row may be absent".
    published = _published({"meetings": {"key": "body", "rows": [{"body": "cciv", "meetings": "/"}]}})
    assert reconcile(published, _tables(), LABELS)["status"].tolist() == [DIFFERENCE]


def test_read_published(tmp_path):
    path = tmp_path / "2030.yaml"
    path.write_text("year: 2030\nsource: x\ntables:\n  training:\n    key: null\n    rows:\n"
                    "      - {training_days: 1}\n", encoding="utf-8")
    published = read_published(path)
    assert (published.year, published.errata) == (2030, [])
    assert published.tables["training"]["rows"] == [{"training_days": 1}]


def test_two_subsidies_to_one_beneficiary_are_matched_in_file_order():
    tables = {"subsidies": pd.DataFrame({"beneficiary": ["Vzw A", "Vzw A", "total"],
                                         "amount_eur": [10.0, 20.0, 30.0]})}
    labels = {"subsidies": ["Bal", "Concert", "Totaal"]}
    published = _published({"subsidies": {"key": "beneficiary", "rows": [
        {"beneficiary": "Vzw A", "label": "Bal", "amount_eur": 10},
        {"beneficiary": "Vzw A", "label": "Concert", "amount_eur": 20}]}})
    assert reconcile(published, tables, labels)["status"].tolist() == [MATCH] * 4
    swapped = _published({"subsidies": {"key": "beneficiary", "rows": [
        {"beneficiary": "Vzw A", "amount_eur": 20}, {"beneficiary": "Vzw A", "amount_eur": 10}]}})
    assert reconcile(swapped, tables, labels)["status"].tolist() == [DIFFERENCE] * 2


@pytest.mark.parametrize("reach, status", [(153000000, APPROXIMATE), (160000000, APPROXIMATE),
                                           (152999999, DIFFERENCE)])
def test_a_lower_bound_in_words(reach, status):
    # "meer dan 153 miljoen": at least, with no bound above.
    tables = {"translations_by_type": pd.DataFrame({"text_type": ["total"], "words": [reach]})}
    published = _published({"translations_by_type": {"key": "text_type", "rows": [
        {"text_type": "total", "words": {"printed": "meer dan 153 miljoen", "at_least": 153000000}}]}})
    assert reconcile(published, tables, {})["status"].tolist() == [status]


def test_a_key_of_several_columns():
    tables = {"translations_by_pair": pd.DataFrame({"source_lang": ["nl", "fr", "nl"], "target_lang": ["fr", "nl", "de"],
                                                    "words": [1300, 2500, 45]})}
    published = _published({"translations_by_pair": {"key": ["source_lang", "target_lang"], "rows": [
        {"source_lang": "nl", "target_lang": "de", "words": 45},
        {"source_lang": "fr", "target_lang": "nl", "words": 2400}]},
    }, [{"table": "translations_by_pair", "row": "fr/nl", "column": "words", "printed": 2400, "correct": 2500,
         "note": {"en": "x"}}])
    result = reconcile(published, tables, {})
    assert result[["row", "status"]].values.tolist() == [["nl/de", MATCH], ["fr/nl", ERRATUM]]


def test_a_published_table_that_is_not_declared_is_refused():
    with pytest.raises(ValueError, match="no_such_table"):
        reconcile(_published({"no_such_table": {"key": None, "rows": [{"x": 1}]}}), _tables(), {})
