"""Translations: the translation jobs delivered, and the words by type of text and by language pair."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures import charts, disclosure, labels, present
from figures.i18n import formats, text
from figures.problems import msg
from figures.registry import CODE, COUNT, DATE, INTEGER, KEY, TEXT, TOTAL, Chapter, Check, Column, Source, Table
from figures.rules import IN_YEAR, POSITIVE, SANE_COUNT

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

LANGS = ("nl", "fr", "de", "en")
TEXT_TYPES = ("legal", "political", "general")


def _same_language(sheet, frame: pd.DataFrame, reference) -> list:
    """A translation into the language it was written in is an error."""
    same = frame["source_lang"].notna() & (frame["source_lang"] == frame["target_lang"])
    return [sheet.problem(row, "target_lang", msg("found.same_language", value=frame.at[row, "target_lang"]),
                          msg("expected.other_language")) for row in frame.index[same]]


TRANSLATIONS_SOURCE = Source(
    "translations",
    (
        Column("job_id", TEXT, unique=True, kept=False),
        Column("delivered", DATE, rules=(IN_YEAR,), kept=False),
        Column("source_lang", CODE, choices=LANGS),
        Column("target_lang", CODE, choices=LANGS),
        Column("text_type", CODE, choices=TEXT_TYPES),
        Column("words", INTEGER, rules=(POSITIVE, SANE_COUNT)),
    ),
    row_rules=(_same_language,),
    example=("T-00001", dt.date(2000, 1, 15), "nl", "fr", "legal", 1250),
)


def words_by_type(translations: pd.DataFrame) -> pd.DataFrame:
    """Words per text type (legal, political, general), then a `total` row."""
    words = translations.groupby("text_type")["words"].sum().reindex(list(TEXT_TYPES), fill_value=0)
    table = pd.DataFrame({"text_type": list(TEXT_TYPES) + [TOTAL],
                          "words": [int(w) for w in words] + [int(words.sum())]})
    return table.astype({"words": "int64"})


def words_by_pair(translations: pd.DataFrame) -> pd.DataFrame:
    """Words per language pair that occurs, ordered nl, fr, de, en by source then target."""
    order = {lang: i for i, lang in enumerate(LANGS)}
    words = translations.groupby(["source_lang", "target_lang"])["words"].sum().reset_index()
    words["words"] = words["words"].astype("int64")
    key = words["source_lang"].map(order) * 10 + words["target_lang"].map(order)
    return words.loc[key.sort_values(kind="stable").index].reset_index(drop=True)


def total_words(by_type: pd.DataFrame) -> int:
    return int(by_type.loc[by_type["text_type"] == TOTAL, "words"].iloc[0])


def by_type_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None):
    """Words per text type and the total."""
    rows = [[label, present.value(words, COUNT, lang)] for label, words in zip(row_labels, table["words"])]
    keys = list(table["text_type"])
    headers, body, total = present.with_comparison(
        BY_TYPE, comparison, present.headers("translations_by_type", ["text_type", "words"], lang), rows[:-1],
        keys[:-1], rows[-1], keys[-1])
    return present.table(text("table.translations_by_type.title", lang), headers, body, total)


def by_pair_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None):
    """Words per language pair."""
    rows = [[label, present.value(words, COUNT, lang)] for label, words in zip(row_labels, table["words"])]
    keys = [f"{s}/{t}" for s, t in zip(table["source_lang"], table["target_lang"])]
    headers, rows, _ = present.with_comparison(
        BY_PAIR, comparison, present.headers("translations_by_pair", ["pair", "words"], lang), rows, keys)
    return present.table(text("table.translations_by_pair.title", lang), headers, rows)


@charts.build
def by_type_chart(table: pd.DataFrame, row_labels: list[str], lang: str) -> Figure | list[Figure]:
    """Words translated per type of text (without the total), horizontal bars."""
    keep = (table["text_type"] != TOTAL).to_numpy()
    rows = [charts.Row(label, [int(words)], [formats.number(int(words), lang)])
            for label, words, kept in zip(row_labels, table["words"], keep) if kept]
    return charts.bars("translations_by_type", lang, rows, charts.COLOURS["bluish_green"],
                       lambda axis: charts.number_axis(axis, lang))


BY_TYPE = Table(
    "translations_by_type",
    compute=lambda inputs: words_by_type(inputs.clean["translations"]),
    columns={"text_type": KEY, "words": COUNT},
    key=("text_type",),
    row_labels=lambda table, inputs, lang: [labels.text_type(t, lang) for t in table["text_type"]],
    present=by_type_table,
    chart=by_type_chart,
    note=lambda table, year, lang: text("note.translations", lang, year=year,
                                        words=formats.in_words(total_words(table), lang)),
    compared=("words",),
    disclosure=disclosure.exempt("disclosure.exempt.words"),
    note_first=True,
)

BY_PAIR = Table(
    "translations_by_pair",
    compute=lambda inputs: words_by_pair(inputs.clean["translations"]),
    columns={"source_lang": KEY, "target_lang": KEY, "words": COUNT},
    key=("source_lang", "target_lang"),
    row_labels=lambda table, inputs, lang: [labels.pair(s, t, lang)
                                            for s, t in zip(table["source_lang"], table["target_lang"])],
    present=by_pair_table,
    note=lambda table, year, lang: text("note.translations_by_pair", lang),
    compared=("words",),
    disclosure=disclosure.exempt("disclosure.exempt.words"),
)


def translation_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """Words by text type and by language pair both add up to the total."""
    by_type, by_pair = tables["translations_by_type"], tables["translations_by_pair"]
    words = total_words(by_type)
    parts = int(by_type.loc[by_type["text_type"] != TOTAL, "words"].sum())
    pairs = int(by_pair["words"].sum())
    return [Check("check.words_by_type", parts == words, parts, words),
            Check("check.words_by_pair", pairs == words, pairs, words)]


CHAPTER = Chapter("translations", 4, sources=(TRANSLATIONS_SOURCE,), tables=(BY_TYPE, BY_PAIR),
                  checks=translation_checks)
