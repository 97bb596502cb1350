"""Staff tables: age in completed years, age bands, gender by level."""

import datetime as dt

import pandas as pd
import pytest

from figures.reference import AgeBand
from figures.chapters.staff import age_bands, completed_years, gender_by_level, with_age_total

REF = dt.date(2025, 12, 31)
DEFAULT_BANDS = [AgeBand(19, 29), AgeBand(30, 40), AgeBand(41, 51), AgeBand(52, 65)]


def _age(birth: str, reference: dt.date = REF) -> int:
    return int(completed_years(pd.Series([pd.Timestamp(birth)]), reference).iloc[0])


# ---------------------------------------------------------------- completed years

def test_birthday_on_the_reference_date_counts():
    assert _age("2000-12-31") == 25


def test_birthday_the_day_after_the_reference_date_does_not_count_yet():
    # Born 1 January 2001: turns 25 on 1 January 2026, one day after 31 December 2025.
    assert _age("2001-01-01") == 24


def test_the_day_before_a_birthday():
    # Reference date the day before the 30th birthday.
    assert _age("1995-07-15", dt.date(2025, 7, 14)) == 29
    assert _age("1995-07-15", dt.date(2025, 7, 15)) == 30


def test_born_on_1_january():
    assert _age("1980-01-01") == 45


def test_29_february_in_a_non_leap_year_turns_on_1_march():
    assert _age("2000-02-29", dt.date(2025, 2, 28)) == 24
    assert _age("2000-02-29", dt.date(2025, 3, 1)) == 25


def test_29_february_in_a_leap_year():
    assert _age("2000-02-29", dt.date(2024, 2, 28)) == 23
    assert _age("2000-02-29", dt.date(2024, 2, 29)) == 24


def test_29_february_on_31_december():
    assert _age("2000-02-29") == 25


def test_keeps_the_index():
    births = pd.Series(pd.to_datetime(["1990-06-15", "1965-03-10"]), index=[7, 9])
    ages = completed_years(births, REF)
    assert ages.to_dict() == {7: 35, 9: 60}


# ---------------------------------------------------------------- age bands

def _staff(ages):
    return pd.DataFrame({"age": ages, "gender": ["F"] * len(ages), "level": ["A"] * len(ages)})


def test_band_edges_are_inclusive():
    # 19 and 29 in the first band, 30 and 40 in the second, 41 and 51, 52 and 65.
    table = age_bands(_staff([19, 29, 30, 40, 41, 51, 52, 65]), DEFAULT_BANDS)
    assert table["band"].tolist() == ["19-29", "30-40", "41-51", "52-65"]
    assert table["staff"].tolist() == [2, 2, 2, 2]
    assert table["percent"].tolist() == [25, 25, 25, 25]
    assert list(table.columns) == ["band", "staff", "percent"]


def test_empty_band_is_listed_with_zero():
    table = age_bands(_staff([35, 36, 60]), DEFAULT_BANDS)
    assert table["staff"].tolist() == [0, 2, 0, 1]
    # 66.67 and 33.33 -> 67 and 33.
    assert table["percent"].tolist() == [0, 67, 0, 33]


def test_percentages_sum_to_100_by_largest_remainder():
    # 1, 1, 1 of 3: 33.33 each; the first (earliest) band gets the missing point.
    table = age_bands(_staff([20, 35, 45]), DEFAULT_BANDS)
    assert table["percent"].tolist() == [34, 33, 33, 0]


def test_open_last_band():
    bands = [AgeBand(19, 29), AgeBand(30, 65), AgeBand(66)]
    table = age_bands(_staff([19, 65, 66, 75]), bands)
    assert table["band"].tolist() == ["19-29", "30-65", "66+"]
    assert table["staff"].tolist() == [1, 1, 2]
    assert table["percent"].tolist() == [25, 25, 50]


def test_staff_past_the_last_band_are_counted_in_an_open_band_shown_only_then():
    # 20, 35, 66 and 70 with the published bands (the last ends at 65): 66+ holds two, the total stays 4.
    table = age_bands(_staff([20, 35, 66, 70]), DEFAULT_BANDS)
    assert table["band"].tolist() == ["19-29", "30-40", "41-51", "52-65", "66+"]
    assert table["staff"].tolist() == [1, 1, 0, 0, 2]
    assert table["percent"].tolist() == [25, 25, 0, 0, 50]
    total = with_age_total(table).iloc[-1]
    assert (total["band"], total["staff"], total["percent"]) == ("total", 4, 100)
    # Nobody past 65: the published bands only.
    assert age_bands(_staff([20, 35, 65]), DEFAULT_BANDS)["band"].tolist() == ["19-29", "30-40", "41-51", "52-65"]


def test_staff_younger_than_the_first_band_are_counted_from_15():
    table = age_bands(_staff([18, 15, 30]), DEFAULT_BANDS)
    assert table["band"].tolist() == ["15-18", "19-29", "30-40", "41-51", "52-65"]
    assert table["staff"].tolist() == [2, 0, 1, 0, 0]


def test_an_open_last_band_of_the_configuration_is_always_shown():
    table = age_bands(_staff([20, 30]), [AgeBand(19, 29), AgeBand(30, 65), AgeBand(66)])
    assert table["band"].tolist() == ["19-29", "30-65", "66+"] and table["staff"].tolist() == [1, 1, 0]


def test_band_labels():
    assert AgeBand(19, 29).label == "19-29"
    assert AgeBand(66).label == "66+"
    assert AgeBand(66).contains(75) and not AgeBand(66).contains(65)


# ---------------------------------------------------------------- gender by level

def test_gender_by_level_with_x_and_an_empty_level():
    staff = pd.DataFrame({
        "age": [30] * 6,
        "gender": ["F", "M", "X", "F", "F", "M"],
        "level": ["A", "A", "A", "B", "D", "D"],
    })
    table = gender_by_level(staff)
    assert list(table.columns) == ["level", "women", "men", "x", "total"]
    rows = [tuple(r) for r in table.itertuples(index=False)]
    assert rows == [
        ("A", 1, 1, 1, 3),
        ("B", 1, 0, 0, 1),
        ("C", 0, 0, 0, 0),  # nobody at level C: still a row, with zeros
        ("D", 1, 1, 0, 2),
        ("total", 3, 2, 1, 6),
    ]


def test_gender_by_level_without_anyone_of_a_gender():
    staff = pd.DataFrame({"age": [30, 40], "gender": ["F", "F"], "level": ["C", "C"]})
    rows = [tuple(r) for r in gender_by_level(staff).itertuples(index=False)]
    assert rows == [("A", 0, 0, 0, 0), ("B", 0, 0, 0, 0), ("C", 2, 0, 0, 2), ("D", 0, 0, 0, 0),
                    ("total", 2, 0, 0, 2)]


# ---------------------------------------------------------------- band configuration

def test_default_bands_are_the_published_ones():
    from pathlib import Path

    from figures import reference as config

    reference = Path(__file__).resolve().parents[2] / "data" / "reference"
    assert config.age_bands(2025, reference) == DEFAULT_BANDS
    assert config.age_bands(2031, reference) == DEFAULT_BANDS


@pytest.mark.parametrize("bands", [
    "  - {from: 19, to: 40}\n  - {from: 30, to: 65}\n",   # overlap
    "  - {from: 30, to: 40}\n  - {from: 19, to: 29}\n",   # out of order
    "  - {from: 19}\n  - {from: 30, to: 65}\n",           # open band not last
])
def test_inconsistent_bands_are_refused(bands, tmp_path):
    from figures import reference as config

    (tmp_path / "age_bands.yaml").write_text("default:\n" + bands + "years: {}\n", encoding="utf-8")
    with pytest.raises(config.ConfigError):
        config.age_bands(2025, tmp_path)
