"""Consistency checks: the tables must agree with each other, and a broken table is caught."""

import pandas as pd

from figures.compute import consistency_checks
from figures.i18n import has


def _tables():
    """The tiny year's tables, written out by hand (see tests/conftest.py)."""
    return {
        "age_bands": pd.DataFrame({"band": ["19-29", "30-40", "41-51", "52-65"], "staff": [1, 1, 1, 2],
                                   "percent": [20, 20, 20, 40]}),
        "gender_by_level": pd.DataFrame({"level": ["A", "B", "C", "D", "total"], "women": [1, 1, 0, 0, 2],
                                         "men": [1, 1, 0, 0, 2], "x": [0, 0, 1, 0, 1], "total": [2, 2, 1, 0, 5]}),
        "translations_by_type": pd.DataFrame({"text_type": ["legal", "political", "general", "total"],
                                              "words": [1045, 2500, 300, 3845]}),
        "translations_by_pair": pd.DataFrame({"source_lang": ["nl", "fr", "de"], "target_lang": ["fr", "nl", "en"],
                                              "words": [1300, 2500, 45]}),
        "subsidies": pd.DataFrame({"beneficiary": ["Vzw A", "Vzw B", "Vzw C", "total"],
                                   "amount_eur": [0.1, 0.2, 1000.7, 1001.0]}),
        "campaigns": pd.DataFrame({"campaign": ["expo", "expo", "press"], "measure": ["views", "reach", "media_value"],
                                   "channel": ["social_media", "social_media", "press"],
                                   "country": [None, "JP", "BE"], "unit": ["number", "number", "eur"],
                                   "value": [1500.0, 45000.0, 2020.5]}),
    }


def _failed(tables):
    return [c.key for c in consistency_checks(tables) if not c.ok]


def test_consistent_tables_pass_every_check():
    checks = consistency_checks(_tables())
    assert len(checks) == 9
    assert all(c.ok for c in checks)


def test_every_check_has_an_english_text():
    # (The nl and fr catalogues are checked against en by the catalogue tests.)
    for check in consistency_checks(_tables()):
        assert has(check.key, "en"), check.key


def test_headcount_differs_between_the_staff_tables():
    tables = _tables()
    tables["age_bands"].loc[3, "staff"] = 3
    assert "check.headcount" in _failed(tables)


def test_level_total_is_not_women_plus_men_plus_x():
    tables = _tables()
    tables["gender_by_level"].loc[0, "total"] = 3
    assert "check.level_rows" in _failed(tables)


def test_total_row_is_not_the_sum_of_the_levels():
    tables = _tables()
    tables["gender_by_level"].loc[4, "women"] = 3
    assert "check.level_columns" in _failed(tables)


def test_percentages_do_not_sum_to_100():
    # The published 2025 table printed 49 instead of 39 (17 + 16 + 28 + 49 = 110).
    tables = _tables()
    tables["age_bands"].loc[3, "percent"] = 50
    assert _failed(tables) == ["check.percent_sum"]


def test_words_by_type_do_not_add_up():
    tables = _tables()
    tables["translations_by_type"].loc[0, "words"] = 1046
    assert "check.words_by_type" in _failed(tables)


def test_words_by_pair_do_not_add_up():
    tables = _tables()
    tables["translations_by_pair"].loc[2, "words"] = 46
    assert _failed(tables) == ["check.words_by_pair"]


def test_subsidies_total_off_by_one_cent():
    tables = _tables()
    tables["subsidies"].loc[3, "amount_eur"] = 1001.01
    assert _failed(tables) == ["check.subsidies_total"]


def test_subsidies_total_exact_despite_float_sum():
    # 0.1 + 0.2 + 1000.7 is not exactly 1001.0 in floating point, but is in cents.
    tables = _tables()
    assert "check.subsidies_total" not in _failed(tables)


def test_empty_staff_gives_zero_percent_not_100():
    tables = _tables()
    tables["age_bands"]["staff"] = 0
    tables["age_bands"]["percent"] = 0
    tables["gender_by_level"][["women", "men", "x", "total"]] = 0
    assert _failed(tables) == []


def test_a_campaign_value_in_the_wrong_unit():
    tables = _tables()
    tables["campaigns"].loc[2, "unit"] = "number"            # a media value counted as a number
    assert _failed(tables) == ["check.campaign_units"]


def test_a_campaign_figure_given_twice():
    tables = _tables()
    tables["campaigns"].loc[1, ["measure", "country"]] = ["views", None]
    assert _failed(tables) == ["check.campaign_figures"]
