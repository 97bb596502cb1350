"""Names of codes from the catalogues; data labels in the report language, falling back to Dutch."""

import pandas as pd
import pytest

from figures import labels


def _budget(label_en):
    return pd.DataFrame({"code": ["CH06", "CH07"], "label_nl": ["Vakbondspremies", "Zetelbeleid"],
                         "label_fr": ["Primes syndicales", "Politique de siège"],
                         "label_en": pd.array(label_en, dtype="string")})


def test_labels_in_the_report_language():
    assert labels.data_labels(_budget(["Trade-union premiums", "Host-nation (seat) policy"]), "code", "label", "fr") \
        == {"CH06": "Primes syndicales", "CH07": "Politique de siège"}


def test_missing_english_label_falls_back_to_dutch_with_a_warning_naming_it():
    with pytest.warns(labels.LabelFallback, match="CH07"):
        found = labels.data_labels(_budget(["Trade-union premiums", None]), "code", "label", "en")
    assert found == {"CH06": "Trade-union premiums", "CH07": "Zetelbeleid"}


def test_a_blank_english_label_also_falls_back():
    with pytest.warns(labels.LabelFallback):
        found = labels.data_labels(_budget(["  ", "Host-nation (seat) policy"]), "code", "label", "en")
    assert found["CH06"] == "Vakbondspremies"


def test_no_english_column_at_all_falls_back_for_every_line():
    budget = _budget(["x", "y"]).drop(columns="label_en")
    with pytest.warns(labels.LabelFallback):
        found = labels.data_labels(budget, "code", "label", "en")
    assert found == {"CH06": "Vakbondspremies", "CH07": "Zetelbeleid"}


@pytest.mark.parametrize("lang, level, band, body", [
    ("nl", "Niveau A", "19-29 jaar", "Ministerraad"),
    ("fr", "Niveau A", "19-29 ans", "Conseil des ministres"),
    ("en", "Level A", "19-29 years", "Council of Ministers"),
])
def test_names_of_codes(lang, level, band, body):
    assert labels.level("A", lang) == level
    assert labels.band("19-29", lang) == band
    assert labels.body("ministerraad", lang) == body
