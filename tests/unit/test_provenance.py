"""Where each year's figures come from: declared, or published, or the service's workbooks."""

from pathlib import Path

import pandas as pd
import pytest

from figures import provenance


def test_declared_kinds_and_defaults(tmp_path):
    (tmp_path / "provenance.yaml").write_text("years:\n  2023: sample\n  2025: sample_of_published\n")
    history = pd.DataFrame({"year": [2022, 2023, 2024, 2025], "source": ["published", "computed", "computed",
                                                                         "computed"]})
    kinds = provenance.of_years([2022, 2023, 2024, 2025], history, tmp_path)
    assert kinds == {2022: "published", 2023: "sample", 2024: "workbooks", 2025: "sample_of_published"}
    assert provenance.samples(kinds) == [2023]
    assert provenance.samples(kinds, [2024, 2025]) == []


def test_no_file_means_workbooks(tmp_path):
    assert provenance.of_years([2025], None, tmp_path) == {2025: "workbooks"}


def test_an_unknown_kind_is_refused_naming_the_file(tmp_path):
    (tmp_path / "provenance.yaml").write_text("years:\n  2024: invented\n")
    with pytest.raises(provenance.ProvenanceError, match="provenance.yaml: found 2024: invented"):
        provenance.declared(tmp_path)


def test_the_committed_sample_years_are_declared():
    from figures import paths

    assert provenance.declared(paths.REFERENCE_DIR) == {2023: "sample", 2024: "sample",
                                                         2025: "sample_of_published"}


def test_a_table_of_a_published_year_says_which_of_its_figures_are_invented():
    # 2025's workbooks are made to give the published figures: a table the report does not print is invented
    # whole; one of which it prints only a rounded total is invented, agreeing with it; one with a figure
    # printed as "more than 150,000" beside exact ones has that figure invented within its bounds; a table
    # printed exactly says nothing more. Another kind of year says nothing of this.
    from figures.pipeline import Reconciliation

    result = pd.DataFrame([("translations_by_type", "total", "words", "approximate"),
                           ("campaigns", "osaka/views", "value", "approximate"),
                           ("campaigns", "osaka/articles", "value", "match"),
                           ("age_bands", "52-65", "percent", "erratum"),
                           ("age_bands", "19-29", "staff", "match")], columns=["table", "row", "column", "status"])
    reconciliation = Reconciliation(Path("2025.yaml"), result)
    kinds = {2024: "sample", 2025: "sample_of_published"}
    said = {name: provenance.printed_notice(2025, name, "en", kinds, reconciliation)
            for name in ("translations_by_pair", "translations_by_type", "campaigns", "age_bands")}
    assert said["translations_by_pair"] == ("The figures for 2025 in this table are invented sample data: the "
                                            "published 2025 annual report does not give them.")
    assert said["translations_by_type"].startswith("The figures for 2025 in this table are invented sample data: "
                                                   "the published 2025 annual report gives only a rounded figure")
    assert said["campaigns"].startswith("Where the published 2025 annual report gives a figure of this table only "
                                        "rounded or as a minimum")
    assert said["age_bands"] is None
    assert provenance.printed_notice(2025, "translations_by_pair", "en", {2025: "workbooks"}, reconciliation) is None
    assert provenance.printed_notice(2025, "translations_by_pair", "en", kinds, None) is None
