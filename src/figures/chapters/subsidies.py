"""Subsidies: the subsidies granted, in file order, with their total."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures import charts, disclosure, labels, present
from figures.i18n import text
from figures.history import numbered
from figures.numbers import to_cents, total_eur
from figures.registry import LABEL, MONEY, NUMBER, TEXT, TOTAL, Chapter, Check, Column, Source, Table
from figures.rules import CENTS, POSITIVE, SANE_AMOUNT, sum_rows

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

SUBSIDIES_SOURCE = Source(
    "subsidies",
    (
        # Beneficiaries need not be unique: two subsidies to one beneficiary are two rows.
        Column("beneficiary", TEXT),
        # The beneficiary's own name in the other languages, where it has one (the Dutch one otherwise).
        Column("beneficiary_fr", TEXT, required=False),
        Column("beneficiary_de", TEXT, required=False),
        Column("beneficiary_en", TEXT, required=False),
        Column("activity_nl", TEXT),
        Column("activity_fr", TEXT),
        Column("activity_de", TEXT, required=False),
        Column("activity_en", TEXT, required=False),
        Column("amount_eur", NUMBER, rules=(POSITIVE, SANE_AMOUNT, CENTS)),
    ),
    # A total typed as a last row, without a label, would be summed with the others.
    row_rules=(sum_rows("amount_eur"),),
    example=("Bal national vzw", "Bal national asbl", "Bal national VoG", "Bal national", "Bal national",
             "Bal national", "Bal national", "National Ball", 40000),
    carried=("beneficiary", "beneficiary_fr", "beneficiary_de", "beneficiary_en", "activity_nl", "activity_fr",
             "activity_de", "activity_en"),
)


def subsidies_table(subsidies: pd.DataFrame) -> pd.DataFrame:
    """beneficiary, amount_eur per subsidy in file order, then a row with beneficiary `total`."""
    table = subsidies[["beneficiary", "amount_eur"]].reset_index(drop=True)
    total = pd.DataFrame({"beneficiary": [TOTAL], "amount_eur": [total_eur(subsidies["amount_eur"])]})
    return pd.concat([table, total], ignore_index=True)


def activities(table: pd.DataFrame, inputs, lang: str) -> labels.RowLabels:
    """The activity of each subsidy in `lang` (file order; Dutch when missing, with a warning), then "Total";
    their `names` are the beneficiaries in `lang` (their Dutch name when missing, with a warning)."""
    subsidies = inputs.clean["subsidies"]
    names = labels.row_labels(subsidies, "beneficiary", "beneficiary", lang, dutch="beneficiary")
    return labels.RowLabels(labels.row_labels(subsidies, "beneficiary", "activity", lang) + [labels.total(lang)],
                            names=names + [labels.total(lang)])


def beneficiaries(table: pd.DataFrame, row_labels: list[str]) -> list[str]:
    """The beneficiaries as the reader sees them: the row labels' `names`, or else the table's own (Dutch)."""
    names = getattr(row_labels, "names", None)
    return names if names is not None else list(table["beneficiary"])


def subsidies_reader_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None):
    """Beneficiary, activity and amount of every subsidy, and the total."""
    rows = [[name, activity, present.value(r.amount_eur, MONEY, lang)]
            for r, name, activity in zip(table.itertuples(), beneficiaries(table, row_labels), row_labels, strict=True)]
    total = [labels.total(lang), "", rows[-1][-1]]
    keys = numbered(list(table["beneficiary"]))
    headers, body, total = present.with_comparison(
        SUBSIDIES, comparison, present.headers("subsidies", ["beneficiary", "activity", "amount_eur"], lang),
        rows[:-1], keys[:-1], total, keys[-1])
    return present.table(text("table.subsidies.title", lang), headers, body, total, numeric_from=2)


@charts.build
def subsidies_chart(table: pd.DataFrame, row_labels: list[str], lang: str) -> Figure | list[Figure]:
    """Subsidy per beneficiary (without the total), every one of them in file order: the beneficiary as
    tick label, its activity above the bar. More than a page's chart holds, it is drawn in parts."""
    keep = (table["beneficiary"] != TOTAL).to_numpy()
    names = [name for name, kept in zip(beneficiaries(table, row_labels), keep) if kept]
    activities = [label for label, kept in zip(row_labels, keep) if kept]
    amounts = [float(a) for a in table.loc[keep, "amount_eur"]]
    rows = [charts.Row(name, [amount], [present.value(amount, MONEY, lang)], note=activity)
            for name, activity, amount in zip(names, activities, amounts, strict=True)]
    return charts.bars("subsidies", lang, rows, charts.COLOURS["reddish_purple"],
                       lambda axis: charts.money_axis(axis, lang))


SUBSIDIES = Table(
    "subsidies",
    compute=lambda inputs: subsidies_table(inputs.clean["subsidies"]),
    columns={"beneficiary": LABEL, "amount_eur": MONEY},
    key=("beneficiary",),
    row_labels=activities,
    present=subsidies_reader_table,
    chart=subsidies_chart,
    note=lambda table, year, lang: text("note.subsidies", lang, year=year),
    compared=("amount_eur",),
    disclosure=disclosure.exempt("disclosure.exempt.euros"),
    note_first=True,
)


def subsidies_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """The subsidies total row is the sum of the subsidies."""
    subsidies = tables["subsidies"]
    rows = subsidies[subsidies["beneficiary"] != TOTAL]
    total = subsidies.loc[subsidies["beneficiary"] == TOTAL, "amount_eur"].iloc[0]
    sums = int(to_cents(rows["amount_eur"]).sum()) == int(round(total * 100))
    return [Check("check.subsidies_total", sums, float(rows["amount_eur"].sum()), float(total))]


CHAPTER = Chapter("subsidies", 6, sources=(SUBSIDIES_SOURCE,), tables=(SUBSIDIES,), checks=subsidies_checks)
