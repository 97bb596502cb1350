"""Where each year's figures come from: declared, or published, or the service's workbooks."""

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
