"""Meetings: the sittings and electronic procedures of the bodies whose secretariat the Chancellery runs."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures import charts, disclosure, labels, present
from figures.i18n import formats, text
from figures.problems import msg
from figures.reference import Body
from figures.registry import CODE, COUNT, DATE, KEY, Chapter, Check, Column, Source, Table
from figures.rules import IN_YEAR

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

MODES = ("meeting", "e_procedure")


def _e_procedures_of_bodies_without(sheet, frame: pd.DataFrame, reference) -> list:
    """An e-procedure of a body that holds none (the reference list says which) is an error."""
    without = {b.code for b in reference.bodies if not b.e_procedure}
    bad = frame["body"].isin(without) & (frame["mode"] == "e_procedure")
    return [sheet.problem(row, "mode", msg("found.e_procedure_for", body=frame.at[row, "body"]),
                          msg("expected.meeting_only")) for row in frame.index[bad]]


MEETINGS_SOURCE = Source(
    "meetings",
    (
        # Body codes come from data/reference/bodies.yaml.
        Column("body", CODE, choices=lambda reference: tuple(b.code for b in reference.bodies)),
        Column("date", DATE, rules=(IN_YEAR,), kept=False),
        Column("mode", CODE, choices=MODES),
    ),
    row_rules=(_e_procedures_of_bodies_without,),
    example=("ministerraad", dt.date(2000, 1, 9), "meeting"),
)


def meetings_by_body(meetings: pd.DataFrame, bodies: list[Body]) -> pd.DataFrame:
    """Per body of the reference list, in its order: sittings and e-procedures.

    Every body appears, even without rows. `e_procedures` is empty (NA) for a
    body that does not use e-procedures: not applicable, unlike a count of 0.
    """
    counts = meetings.groupby(["body", "mode"]).size()
    rows = []
    for body in bodies:
        e_procedures = int(counts.get((body.code, "e_procedure"), 0)) if body.e_procedure else pd.NA
        rows.append({"body": body.code, "meetings": int(counts.get((body.code, "meeting"), 0)),
                     "e_procedures": e_procedures})
    return pd.DataFrame(rows, columns=["body", "meetings", "e_procedures"]).astype(
        {"meetings": "int64", "e_procedures": "Int64"})


def meetings_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None):
    """Sittings and e-procedures per body; "/" for none or not applicable."""
    rows = [[label, present.value(r.meetings, COUNT, lang, zero_as_none=True),
             present.value(r.e_procedures, COUNT, lang, zero_as_none=True)]
            for label, r in zip(row_labels, table.itertuples())]
    headers, rows, _ = present.with_comparison(
        MEETINGS, comparison, present.headers("meetings", ["body", "meetings", "e_procedures"], lang), rows,
        list(table["body"]))
    return present.table(text("table.meetings.title", lang), headers, rows)


@charts.build
def meetings_chart(table: pd.DataFrame, row_labels: list[str], lang: str) -> Figure | list[Figure]:
    """Meetings and e-procedures per body, in the reference order from top to bottom; the e-procedures
    hatched (told apart by more than their colour).

    A count of 0 and a body without e-procedures (NA: not applicable) are both a bar of length 0 labelled "/",
    as the table prints them: a row of the chart is never blank.
    """
    rows = []
    for label, r in zip(row_labels, table.itertuples()):
        values = [int(r.meetings), 0 if pd.isna(r.e_procedures) else int(r.e_procedures)]
        rows.append(charts.Row(label, values, [formats.number(v, lang) if v else present.none(lang) for v in values]))
    # The table's column header is "Aantal"/"Nombre" in nl/fr: a legend needs the word itself.
    series = [charts.Series(text("chapter.meetings", lang), charts.COLOURS["blue"]),
              charts.Series(text("table.meetings.e_procedures", lang), charts.COLOURS["orange"], charts.HATCHES[1])]
    return charts.horizontal_bars("meetings", lang, [charts.Panel(None, rows)], series,
                                  lambda axis: charts.number_axis(axis, lang), text("chart.meetings.x", lang))


MEETINGS = Table(
    "meetings",
    compute=lambda inputs: meetings_by_body(inputs.clean["meetings"], list(inputs.reference.bodies)),
    columns={"body": KEY, "meetings": COUNT, "e_procedures": COUNT},
    key=("body",),
    row_labels=lambda table, inputs, lang: [labels.body(b, lang) for b in table["body"]],
    present=meetings_table,
    chart=meetings_chart,
    note=lambda table, year, lang: text("note.meetings", lang),
    shows_none=True,
    compared=("meetings",),
    disclosure=disclosure.exempt("disclosure.exempt.meetings"),
)

def meetings_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """Every body of the reference list is in the table, in its order; "/" (not applicable) exactly where a
    body holds no e-procedures; the counts are the rows of each mode."""
    table = tables["meetings"]
    checks = []
    if inputs is not None:
        bodies = [b.code for b in inputs.reference.bodies]
        checks.append(Check("check.bodies", list(table["body"]) == bodies, list(table["body"]), bodies))
        without = [b.code for b in inputs.reference.bodies if not b.e_procedure]
        slashes = list(table.loc[table["e_procedures"].isna(), "body"])
        checks.append(Check("check.not_applicable", slashes == without, slashes, without))
        rows = inputs.clean["meetings"]
        for mode, column in (("meeting", "meetings"), ("e_procedure", "e_procedures")):
            counted, counted_rows = int(table[column].fillna(0).sum()), int((rows["mode"] == mode).sum())
            checks.append(Check(f"check.{column}_rows", counted == counted_rows, counted, counted_rows))
    return checks


CHAPTER = Chapter("meetings", 3, sources=(MEETINGS_SOURCE,), tables=(MEETINGS,), checks=meetings_checks)
