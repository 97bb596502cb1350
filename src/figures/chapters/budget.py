"""Budget: the credit allocations, one table per group in file order, and the total of the services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures import charts, disclosure, labels, present
from figures.i18n import text
from figures.numbers import total_eur
from figures.registry import CODE, KEY, MONEY, NUMBER, TEXT, Chapter, Check, Column, Source, Table
from figures.rules import CENTS, NON_NEGATIVE, SANE_AMOUNT, sum_rows

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

# In the order of the report: the allocation of credits, then the services established at the Chancellery.
GROUPS = ("chancellery", "services")
BUDGET_SOURCE = Source(
    "budget",
    (
        Column("group", CODE, choices=GROUPS),
        Column("code", TEXT, unique=True),
        Column("label_nl", TEXT),
        Column("label_fr", TEXT),
        Column("label_de", TEXT, required=False),
        Column("label_en", TEXT, required=False),
        Column("amount_eur", NUMBER, rules=(NON_NEGATIVE, SANE_AMOUNT, CENTS)),
    ),
    # A group's total typed as a line, without a label, would be summed with the lines.
    row_rules=(sum_rows("amount_eur", "group"),),
    example=("chancellery", "CH01", "Beleidsorganen van de eerste minister", "Organes stratégiques du Premier ministre",
             "Strategieorgane des Premierministers", "Policy bodies of the Prime Minister", 4639816),
    carried=("group", "code", "label_nl", "label_fr", "label_de", "label_en"),
)


def budget_lines(budget: pd.DataFrame) -> pd.DataFrame:
    """Every credit line, groups in the contract's order, lines in file order: group, code, amount_eur."""
    rank = budget["group"].map({g: i for i, g in enumerate(GROUPS)})
    lines = budget.loc[rank.sort_values(kind="stable").index, ["group", "code", "amount_eur"]]
    return lines.reset_index(drop=True)


def group_total(budget: pd.DataFrame, group: str) -> float:
    """The total of one group, exact in cents."""
    return total_eur(budget.loc[budget["group"] == group, "amount_eur"])


def with_group_totals(table: pd.DataFrame) -> pd.DataFrame:
    """The budget lines and, per group, a row `<group>_total` (the report prints the services' one)."""
    totals = [{"group": group, "code": f"{group}_total", "amount_eur": group_total(table, group)}
              for group in table["group"].unique()]
    return pd.concat([table, pd.DataFrame(totals, columns=table.columns)], ignore_index=True)


def line_labels(table: pd.DataFrame, inputs, lang: str) -> list[str]:
    """Each line's label in `lang` from the data (`label_<lang>`, Dutch when missing, with a warning)."""
    budget = inputs.clean["budget"]
    by_code = dict(zip(budget["code"], labels.row_labels(budget, "code", "label", lang)))
    return [by_code[code] for code in table["code"]]


def budget_tables(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None):
    """One table per budget group in file order, each with its total (the 2025 report printed the services' one;
    the reader's table and workbook give every group's)."""
    parts = []
    named = table.assign(label=row_labels)
    for group, lines in named.groupby("group", sort=False):
        rows = [[r.label, present.value(r.amount_eur, MONEY, lang)] for r in lines.itertuples()]
        total = [text(f"table.budget.{group}_total", lang), present.value(group_total(lines, group), MONEY, lang)]
        headers, rows, total = present.with_comparison(
            BUDGET, comparison, present.headers("budget", ["label", "amount_eur"], lang), rows, list(lines["code"]),
            total, f"{group}_total")
        parts.append(present.table(text(f"table.budget.{group}", lang), headers, rows, total))
    return sum(parts, present.Html(""))


@charts.build
def budget_chart(table: pd.DataFrame, row_labels: list[str], lang: str) -> Figure | list[Figure]:
    """Credits per allocation, one panel per group in file order, every line of the table, the groups on one
    scale (million euro): a bar of the services compares with one of the chancellery (the services' smallest
    lines are short bars, their amounts written beside them). Taller than a page's chart, it is drawn in
    parts, a group starting a new part rather than being cut where it can."""
    panels = []
    for group in dict.fromkeys(str(g) for g in table["group"]):
        rows = [charts.Row(row_labels[i], [float(table["amount_eur"].iloc[i])],
                           [present.value(float(table["amount_eur"].iloc[i]), MONEY, lang)])
                for i, g in enumerate(table["group"]) if g == group]
        panels.append(charts.Panel(text(f"chart.budget.{group}", lang), rows))
    return charts.horizontal_bars("budget", lang, panels, [charts.Series(None, charts.COLOURS["blue"])],
                                  lambda axis: charts.millions_axis(axis, lang), text("chart.budget.x", lang))


BUDGET = Table(
    "budget",
    compute=lambda inputs: budget_lines(inputs.clean["budget"]),
    columns={"group": KEY, "code": KEY, "amount_eur": MONEY},
    key=("code",),
    row_labels=line_labels,
    printed_totals=with_group_totals,
    present=budget_tables,
    chart=budget_chart,
    note=lambda table, year, lang: text("note.budget", lang),
    compared=("amount_eur",),
    disclosure=disclosure.exempt("disclosure.exempt.euros"),
)

def budget_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """Each group's total (the one the report prints) is the sum of the group's lines in the budget file."""
    if inputs is None:
        return []
    lines, table = inputs.clean["budget"], tables["budget"]
    checks = []
    for group in GROUPS:
        printed = group_total(table, group)
        summed = total_eur(lines.loc[lines["group"] == group, "amount_eur"])
        checks.append(Check(f"check.budget_{group}", round(printed * 100) == round(summed * 100), printed, summed))
    return checks


CHAPTER = Chapter("budget", 5, sources=(BUDGET_SOURCE,), tables=(BUDGET,), checks=budget_checks)
