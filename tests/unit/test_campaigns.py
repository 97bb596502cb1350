"""Communication campaigns: the contract's rules, the table, its names in each language, its chart.

The tiny year's campaigns.xlsx (tests/conftest.py): A campaign, B campaign_nl, C campaign_fr,
D campaign_en, E measure, F channel, G country, H value, I unit; rows 2-3 campaign `expo`, rows 4-5
campaign `press` (no English name).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from figures import labels, pipeline
from figures.chapters import campaigns
from figures.compute import clean_frames
from figures.i18n import text
from figures.labels import LabelFallback
from figures.reconcile import APPROXIMATE, DIFFERENCE, MATCH, Published, reconcile


def _errors(validation):
    return [(p.cell, p.column, p.expected.key) for p in validation.errors]


# ---------------------------------------------------------------- the contract

def test_the_tiny_campaigns_are_valid(book, run_validation):
    # Countries are read in any case and with spaces, and written one way: " fr + be " -> "FR+BE".
    validation = run_validation(book.set("campaigns", 5, "country", " fr + be "))
    assert validation.ok, [p.describe("en") for p in validation.problems]
    clean = clean_frames(validation)["campaigns"]
    assert list(clean["country"].fillna("")) == ["", "JP", "BE", "FR+BE"]


@pytest.mark.parametrize("row, column, value, cell, expected", [
    (2, "measure", "likes", "E2", "expected.one_of"),
    (2, "channel", "radio", "F2", "expected.one_of"),
    (3, "country", "Japan", "G3", "expected.countries"),
    (5, "country", "FR+XX", "G5", "expected.countries"),
    (3, "value", -1, "H3", "expected.non_negative"),
    (5, "value", 2020.555, "H5", "expected.cents"),
    (3, "value", "45.000", "H3", "expected.number_as_text"),
    (4, "unit", "pieces", "I4", "expected.one_of"),
    (2, "campaign", None, "A2", "expected.not_empty"),
    (2, "campaign_fr", None, "C2", "expected.not_empty"),
])
def test_a_bad_cell_is_named(book, run_validation, row, column, value, cell, expected):
    book.set("campaigns", row, column, value)
    assert _errors(run_validation(book)) == [(cell, column, expected)]


def test_a_media_value_is_in_euro_and_the_rest_a_number(book, run_validation):
    book.set("campaigns", 5, "unit", "number").set("campaigns", 4, "unit", "eur")
    validation = run_validation(book)
    assert _errors(validation) == [("I4", "unit", "expected.unit_of"), ("I5", "unit", "expected.unit_of")]
    line = validation.errors[1].describe("en")
    assert 'found text "number"' in line and '"eur", the unit of media_value' in line


def test_people_and_articles_are_whole_numbers(book, run_validation):
    book.set("campaigns", 4, "value", 3.5)            # 3.5 articles
    assert _errors(run_validation(book)) == [("H4", "value", "expected.integer")]


def test_a_campaign_has_one_name_in_each_language(book, run_validation):
    book.set("campaigns", 3, "campaign_nl", "Expo video's")
    validation = run_validation(book)
    assert _errors(validation) == [("B3", "campaign_nl", "expected.same_name")]
    assert "the name of campaign expo on its first row" in validation.errors[0].describe("en")


def test_a_figure_given_twice_is_refused(book, run_validation):
    # The same campaign, measure, channel and country twice would count it twice; "jp" is "JP".
    book.add_row("campaigns", ["expo", "Expo-video's", "Vidéos de l'Expo", "Expo videos", "reach", "social_media",
                               "jp", 45000, "number"])
    validation = run_validation(book)
    assert _errors(validation) == [("E6", "measure", "expected.one_row_per_figure")]
    assert "a repeat of row 3" in validation.errors[0].describe("en")


def test_the_same_measure_in_another_country_is_another_figure(book, run_validation):
    book.add_row("campaigns", ["expo", "Expo-video's", "Vidéos de l'Expo", "Expo videos", "reach", "social_media",
                               "BE", 1000, "number"])
    assert run_validation(book).ok


def test_optional_english_name_may_be_absent(book, run_validation):
    book.drop_column("campaigns", "campaign_en")
    assert run_validation(book).ok


def test_no_campaigns_is_a_warning_not_an_error(book, run_validation):
    book.replace_rows("campaigns", [])
    validation = run_validation(book)
    assert validation.ok
    assert [(p.file, p.expected.key) for p in validation.warnings] == [("campaigns.xlsx", "expected.rows_maybe")]


# ---------------------------------------------------------------- the table and its names

@pytest.fixture
def prepared(book, raw_dir, tmp_path):
    book.write(raw_dir)
    return pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed"))


def test_the_table_holds_every_figure_in_file_order(prepared):
    table = prepared.tables["campaigns"]
    assert [tuple(None if pd.isna(v) else v for v in row) for row in table.itertuples(index=False)] == [
        ("expo", "views", "social_media", None, "number", 1500),
        ("expo", "reach", "social_media", "JP", "number", 45000),
        ("press", "articles", "press", "BE", "number", 3),
        ("press", "media_value", "press", "FR+BE", "eur", 2020.5),
    ]


def test_the_csv_writes_euro_with_cents_and_counts_whole(prepared, tmp_path):
    lines = (tmp_path / "processed" / "2025" / "tables" / "campaigns.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["campaign,measure,channel,country,unit,value",
                     "expo,views,social_media,,number,1500",
                     "expo,reach,social_media,JP,number,45000",
                     "press,articles,press,BE,number,3",
                     "press,media_value,press,FR+BE,eur,2020.50"]


def test_campaign_names_fall_back_to_dutch_with_a_warning(prepared):
    # typed with a straight apostrophe, printed with the French one
    assert prepared.row_labels("campaigns", "fr") == ["Vidéos de l’Expo"] * 2 + ["Voyage de presse"] * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LabelFallback)
        names = prepared.row_labels("campaigns", "en")
    assert names == ["Expo videos"] * 2 + ["Persreis"] * 2
    assert [str(w.message) for w in caught] == ["No campaign_en for press: the Dutch label is used."]


@pytest.mark.parametrize("lang, japan, france_and_belgium", [
    ("nl", "Japan", "Frankrijk en België"), ("fr", "Japon", "France et Belgique"),
    ("en", "Japan", "France and Belgium")])
def test_countries_by_name_in_the_language(lang, japan, france_and_belgium):
    assert campaigns.country_names("JP", lang) == japan
    assert campaigns.country_names("FR+BE", lang) == france_and_belgium
    assert campaigns.country_names(None, lang) == ""


def _cells(html: str) -> list[list[str]]:
    import re

    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in rows]


def test_the_reader_table_names_each_campaign_once_and_formats_by_unit(prepared):
    table = prepared.tables["campaigns"]
    html = campaigns.reader_table(table, prepared.row_labels("campaigns", "nl"), "nl").html
    assert _cells(html) == [
        ["Campagne", "Meting", "Kanaal", "Land", "Waarde"],
        ["Expo-video’s", "Weergaven", "Sociale media", "", "1.500"],
        ["", "Bereikte personen", "Sociale media", "Japan", "45.000"],
        ["Persreis", "Artikels", "Pers", "België", "3"],
        ["", "Mediawaarde", "Pers", "Frankrijk en België", "2.020,50 €"],
    ]


def test_the_chart_shows_the_people_reached(prepared):
    table = prepared.tables["campaigns"]
    with pytest.warns(LabelFallback):                  # "press" has no English name
        names = prepared.row_labels("campaigns", "en")
    fig = campaigns.people_chart(table, names, "en")
    (ax,) = fig.axes
    assert [p.get_width() for p in ax.patches] == [45000]
    (tick,) = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    # The title says what is measured (people reached); the row names the campaign, channel and country.
    assert tick == "Expo videos: Social media (Japan)"
    assert fig.get_label() == text("chart.campaigns.title", "en") == "People reached per campaign"


def test_the_chart_adds_no_other_kind_of_measure_to_the_people_reached():
    # Potential reach, TV viewers, spectators, views, articles and media value are other measures: none is
    # drawn on the axis of people reached (the table gives them).
    measures = ["reach", "potential_reach", "tv_viewers", "spectators", "views", "articles", "media_value", "reach"]
    table = pd.DataFrame({"campaign": ["a"] * 4 + ["b"] * 4, "measure": measures,
                          "channel": ["press"] * 8, "country": ["BE"] * 8,
                          "unit": ["eur" if m == "media_value" else "number" for m in measures],
                          "value": [1e6, 2e6, 3e6, 4e6, 5e6, 6.0, 7e3, 8e6]})
    fig = campaigns.people_chart(table, ["A"] * 4 + ["B"] * 4, "en")
    (ax,) = fig.axes
    assert [p.get_width() for p in ax.patches] == [1e6, 8e6]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A: Press (Belgium)", "B: Press (Belgium)"]


# ---------------------------------------------------------------- reconciliation with a key of four columns

def _published(rows, errata=()):
    return Published(2025, "test", {"campaigns": {"key": ["campaign", "measure", "channel", "country"],
                                                  "rows": rows}}, list(errata))


def test_figures_are_found_by_campaign_measure_channel_and_country(prepared):
    result = reconcile(_published([
        {"campaign": "expo", "measure": "views", "channel": "social_media", "country": None, "label": "Expo-video's",
         "value": {"printed": "meer dan 1.000", "at_least": 1000}},
        {"campaign": "expo", "measure": "reach", "channel": "social_media", "country": "JP", "value": 45000},
        {"campaign": "press", "measure": "media_value", "channel": "press", "country": "FR+BE", "value": 2020.5},
        {"campaign": "press", "measure": "articles", "channel": "press", "country": "JP", "value": 3},
    ]), prepared.tables, prepared.labels("nl")[0])
    assert result[["row", "column", "status"]].values.tolist() == [
        ["expo/views/social_media/", "label", MATCH],
        ["expo/views/social_media/", "value", APPROXIMATE],
        ["expo/reach/social_media/JP", "value", MATCH],
        ["press/media_value/press/FR+BE", "value", MATCH],
        ["press/articles/press/JP", "value", DIFFERENCE],     # the articles were counted in Belgium
    ]


def test_every_measure_and_channel_has_a_name_in_every_catalogue():
    for lang in ("nl", "fr", "en"):
        for measure in campaigns.MEASURES:
            assert text(f"label.measure.{measure}", lang)
        for channel in campaigns.CHANNELS:
            assert text(f"label.channel.{channel}", lang)
    assert set(campaigns.MEASURE_UNITS.values()) <= set(campaigns.UNITS)
    assert labels.total("nl") == "Totaal"
