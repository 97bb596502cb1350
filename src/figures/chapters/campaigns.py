"""Communication campaigns: what each campaign reached, one row per campaign, measure, channel and country."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
from babel import Locale
from babel.lists import format_list

from figures import charts, disclosure, labels, present
from figures.i18n import formats, text
from figures.problems import msg
from figures.reconcile import row_name
from figures.registry import CODE, COUNT, KEY, MONEY, NUMBER, TEXT, Chapter, Check, Column, Rule, Source, Table
from figures.rules import CENTS, NON_NEGATIVE, SANE_AMOUNT, same_on_every_row

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

# What a row measures, and the unit its value is in: euro for a media value, a number for all else.
MEASURE_UNITS = {
    "views": "number",              # views of a video
    "full_views": "number",         # views to the end
    "reach": "number",              # people reached
    "potential_reach": "number",    # people who could have seen it (social listening)
    "articles": "number",           # press articles
    "media_value": "eur",           # what the press coverage would have cost as advertising
    "positive_mentions": "number",  # positive mentions on social media
    "spectators": "number",         # people present
    "tv_viewers": "number",         # television viewers
}
MEASURES = tuple(MEASURE_UNITS)
UNITS = ("number", "eur")
CHANNELS = ("video", "press", "social_media", "event", "television")
# The measure the chart shows (in millions): people reached. Potential reach, TV viewers, spectators, views,
# articles and media value are other kinds of measure, not added to it nor drawn beside it on one axis; the
# table gives them.
PEOPLE = ("reach",)
# Several countries are written with "+" between their ISO 3166 codes: FR+BE.
COUNTRY_SEPARATOR = "+"
COUNTRIES = frozenset(code for code in Locale.parse("en").territories if len(code) == 2 and code.isalpha())


def countries(value) -> list[str]:
    """The ISO 3166 codes of a `country` cell, in upper case ("fr + be" -> ["FR", "BE"]); [] when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return []
    return [part.strip().upper() for part in str(value).split(COUNTRY_SEPARATOR)]


KNOWN_COUNTRIES = Rule(lambda values, _: values.map(lambda v: all(c in COUNTRIES for c in countries(v))),
                       msg("expected.countries"))


def _unit_of_measure(sheet, frame: pd.DataFrame, reference) -> list:
    """A media value is in euro, every other measure a number: the unit must agree with the measure."""
    wanted = frame["measure"].map(MEASURE_UNITS)
    # Only where both cells hold a valid code: a wrong code is reported as such already.
    bad = frame["unit"].isin(UNITS) & wanted.notna() & (frame["unit"] != wanted)
    return [sheet.problem(row, "unit", msg("found.text", value=frame.at[row, "unit"]),
                          msg("expected.unit_of", unit=wanted[row], measure=frame.at[row, "measure"]))
            for row in frame.index[bad]]


def _whole_counts(sheet, frame: pd.DataFrame, reference) -> list:
    """People, views, articles and mentions are whole numbers (every measure but the media value)."""
    counts = frame["value"].notna() & (frame["measure"].map(MEASURE_UNITS) == "number")
    bad = counts & (frame["value"] != frame["value"].round())
    return [sheet.problem(row, "value", msg("found.number", value=repr(float(frame.at[row, "value"]))),
                          msg("expected.integer")) for row in frame.index[bad]]


# Every row of a campaign names it as its first row does, in each language.
_one_name_per_campaign = same_on_every_row(
    "campaign", ("campaign_nl", "campaign_fr", "campaign_de", "campaign_en"),
    lambda name, code: msg("expected.same_name", name=name, campaign=code))


KEY_COLUMNS = ("campaign", "measure", "channel", "country")


def _one_row_per_figure(sheet, frame: pd.DataFrame, reference) -> list:
    """A campaign's measure on one channel in one country is given once (twice would count it twice)."""
    key = frame[list(KEY_COLUMNS)].assign(country=frame["country"].map(lambda v: COUNTRY_SEPARATOR.join(countries(v))))
    complete = key.notna().all(axis=1)          # a row with an empty key cell is reported as such already
    key = key.fillna("")
    repeated = key.duplicated(keep="first") & complete
    problems = []
    firsts: dict[tuple, int] = {}               # each key's first row, in one pass (not one per repeat)
    for row, values in zip(key.index, key.itertuples(index=False, name=None)):
        firsts.setdefault(values, row)
    for row in frame.index[repeated]:
        first = firsts[tuple(key.loc[row])]
        problems.append(sheet.problem(row, "measure", msg("found.duplicate_row", first=first),
                                      msg("expected.one_row_per_figure")))
    return problems


def clean_campaigns(frame: pd.DataFrame, reference) -> pd.DataFrame:
    """The rows as validated, countries written in one way (FR+BE)."""
    frame = frame.copy()
    frame["country"] = frame["country"].map(lambda v: COUNTRY_SEPARATOR.join(countries(v)) or None)
    return frame


CAMPAIGNS_SOURCE = Source(
    "campaigns",
    (
        Column("campaign", TEXT),                         # a short code: the rows of one campaign share it
        Column("campaign_nl", TEXT),
        Column("campaign_fr", TEXT),
        Column("campaign_de", TEXT, required=False),
        Column("campaign_en", TEXT, required=False),
        Column("measure", CODE, choices=MEASURES),
        Column("channel", CODE, choices=CHANNELS),
        Column("country", TEXT, required=False, rules=(KNOWN_COUNTRIES,)),
        Column("value", NUMBER, rules=(NON_NEGATIVE, SANE_AMOUNT, CENTS)),
        Column("unit", CODE, choices=UNITS),
    ),
    row_rules=(_unit_of_measure, _whole_counts, _one_name_per_campaign, _one_row_per_figure),
    clean=clean_campaigns,
    example=("osaka_videos", "Osaka-video's", "Vidéos d’Osaka", "Osaka-Videos", "Osaka videos", "reach", "social_media", "JP", 4500000,
             "number"),
)


# ---------------------------------------------------------------- the table

def campaigns_table(campaigns: pd.DataFrame) -> pd.DataFrame:
    """Every figure of every campaign in file order: campaign, measure, channel, country, unit, value."""
    table = campaigns[["campaign", "measure", "channel", "country", "unit", "value"]].reset_index(drop=True)
    return table.astype({"value": "float64"})


def value_kinds(table: pd.DataFrame) -> pd.Series:
    """Money where the unit is euro, a count elsewhere."""
    return table["unit"].map({"eur": MONEY}).fillna(COUNT).astype(object)


def campaign_names(table: pd.DataFrame, inputs, lang: str) -> list[str]:
    """Each row's campaign name in `lang` (`campaign_<lang>`, Dutch when missing, with a warning)."""
    first_rows = inputs.clean["campaigns"].drop_duplicates("campaign")
    named = dict(zip(first_rows["campaign"], labels.row_labels(first_rows, "campaign", "campaign", lang)))
    return [named[code] for code in table["campaign"]]


def country_names(value, lang: str) -> str:
    """The countries of a row by name in `lang` (Japan; Frankrijk en België), or "" when none is given."""
    territories = Locale.parse(formats.locale(lang)).territories
    names = [territories.get(code, code) for code in countries(value)]
    return format_list(names, locale=formats.locale(lang)) if names else ""


def reader_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None):
    """One line per figure; the campaign is named on its first line."""
    kinds = value_kinds(table)
    rows, previous = [], None
    for position, (label, r) in enumerate(zip(row_labels, table.itertuples())):
        rows.append([label if r.campaign != previous else "", text(f"label.measure.{r.measure}", lang),
                     text(f"label.channel.{r.channel}", lang), country_names(r.country, lang),
                     present.value(r.value, kinds.iloc[position], lang)])
        previous = r.campaign
    keys = [row_name(values) for values in table[list(KEY_COLUMNS)].itertuples(index=False)]
    headers, rows, _ = present.with_comparison(
        CAMPAIGNS, comparison,
        present.headers("campaigns", ["campaign", "measure", "channel", "country", "value"], lang), rows, keys,
        kinds={"value": None})
    if present.compared(CAMPAIGNS, comparison):     # money or a count, row by row
        for line, kind, key in zip(rows, kinds, keys):
            line[-2:] = comparison.cells("campaigns", key, ("value",), {"value": kind})
    return present.table(text("table.campaigns.title", lang), headers, rows, numeric_from=4)


def figures_in_words(table: pd.DataFrame, row_labels: list[str], lang: str) -> list[str]:
    """A sentence per campaign with its figures as the report writes them in its text ("meer dan 150.000
    views", "meer dan 153 miljoen bereikte personen (Japan)": figures.i18n.formats.in_words); the exact
    figures are in the table."""
    names = dict(zip(table["campaign"], row_labels))
    sentences = []
    for campaign, rows in table.groupby("campaign", sort=False):
        parts = []
        for r in rows.itertuples():
            figure = text(f"phrase.{r.measure}", lang, value=formats.in_words(float(r.value), lang))
            where = country_names(r.country, lang)
            parts.append(text("phrase.where", lang, figure=figure, country=where) if where else figure)
        sentences.append(text("phrase.campaign", lang, campaign=names[campaign],
                              figures=format_list(parts, locale=formats.locale(lang))))
    return sentences


def people(table: pd.DataFrame) -> pd.Series:
    """The rows of people reached: what the chart shows."""
    return table["measure"].isin(PEOPLE)


def people_labels(table: pd.DataFrame, row_labels: list[str], lang: str) -> list[str]:
    """The rows of people reached, named by campaign, channel and country: "Persreis: Pers (Japan)" (the
    chart's title says what is measured)."""
    names = []
    for i in [i for i, hit in enumerate(people(table)) if hit]:
        where = country_names(table["country"].iloc[i], lang)
        how = text(f"label.channel.{table['channel'].iloc[i]}", lang)
        names.append(text("chart_row.where" if where else "chart_row.what", lang, campaign=row_labels[i], what=how,
                          country=where))
    return names


@charts.build
def people_chart(table: pd.DataFrame, row_labels: list[str], lang: str) -> Figure | list[Figure]:
    """People reached per campaign, channel and country, in millions, in file order from the top."""
    values = [float(v) for v in table.loc[people(table), "value"]]
    rows = [charts.Row(name, [value], [formats.number(int(value), lang)])
            for name, value in zip(people_labels(table, row_labels, lang), values, strict=True)]
    return charts.bars("campaigns", lang, rows, charts.COLOURS["blue"], lambda axis: charts.millions_axis(axis, lang),
                       wrap_width=34)


CAMPAIGNS = Table(
    "campaigns",
    compute=lambda inputs: campaigns_table(inputs.clean["campaigns"]),
    columns={"campaign": KEY, "measure": KEY, "channel": KEY, "country": KEY, "unit": KEY, "value": value_kinds},
    key=KEY_COLUMNS,
    row_labels=campaign_names,
    present=reader_table,
    chart=people_chart,
    charted=people,
    chart_labels=people_labels,
    note=lambda table, year, lang: text("note.campaigns", lang, year=year),
    in_words=lambda table, row_labels, lang: figures_in_words(table, row_labels, lang),
    compared=("value",),
    disclosure=disclosure.exempt("disclosure.exempt.audiences"),
    note_first=True,
)

def campaign_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """Every value is in the unit of its measure, and every figure is given once."""
    table = tables["campaigns"]
    units = int((table["unit"] == table["measure"].map(MEASURE_UNITS)).sum())
    figures = len(table[list(KEY_COLUMNS)].fillna("").drop_duplicates())
    return [Check("check.campaign_units", units == len(table), units, len(table)),
            Check("check.campaign_figures", figures == len(table), figures, len(table))]


CHAPTER = Chapter("campaigns", 7, sources=(CAMPAIGNS_SOURCE,), tables=(CAMPAIGNS,), checks=campaign_checks)
