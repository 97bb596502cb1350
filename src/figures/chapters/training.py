"""Training: the training workbook, and the days, people and types of course of the year."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from figures import disclosure, present
from figures.i18n import text
from figures.problems import WARNING, msg
from figures.registry import COUNT, DATE, DAYS, NUMBER, TEXT, Chapter, Check, Column, Rule, Source, Table
from figures.rules import IN_YEAR

# Training days of one participation: > 0, at most 60, in halves.
MAX_TRAINING_DAYS = 60

DAYS_RANGE = Rule(lambda days, _: (days > 0) & (days <= MAX_TRAINING_DAYS),
                  msg("expected.days_range", max=MAX_TRAINING_DAYS),
                  bounds=lambda _: {"low": 0, "low_strict": True, "high": MAX_TRAINING_DAYS})
HALVES = Rule(lambda days, _: (days * 2) == (days * 2).round(), msg("expected.halves"))


def _trainees_not_in_staff(checked: dict, reference) -> list:
    """A trainee absent from the staff file is a warning (a person who left), never echoed."""
    sheet, frame = checked["training"]
    _, staff = checked["staff"]
    known = set(staff["staff_id"].dropna())
    ids = frame["staff_id"]
    # A set look-up per id (a federal year's 400,000 rows: 15 times faster than `Series.isin` here).
    found = np.fromiter(map(known.__contains__, ids.tolist()), dtype=bool, count=len(ids))
    absent = ids.notna().to_numpy() & ~found
    unknown, expected = msg("found.unknown_staff"), msg("expected.known_staff")
    return [sheet.problem(row, "staff_id", unknown, expected, WARNING) for row in frame.index[absent]]


def clean_training(frame: pd.DataFrame, reference) -> pd.DataFrame:
    """The participations with a participant number (1, 2, ... in order of appearance) instead of the
    staff id: enough to count people without naming them."""
    participant = pd.Series(pd.factorize(frame["staff_id"])[0] + 1, index=frame.index, name="participant")
    return pd.concat([participant, frame.drop(columns="staff_id")], axis=1)


TRAINING_SOURCE = Source(
    "training",
    (
        Column("staff_id", TEXT, personal=True),
        Column("course_id", TEXT),
        Column("course_title", TEXT, kept=False),
        Column("start_date", DATE, rules=(IN_YEAR,), kept=False),
        Column("days", NUMBER, rules=(DAYS_RANGE, HALVES)),
    ),
    file_rules=(_trainees_not_in_staff,),
    needs=("staff",),
    clean=clean_training,
    example=("S0001", "OPL-001", "Excel basis", dt.date(2000, 2, 3), 1.5),
)


def training_summary(training: pd.DataFrame) -> pd.DataFrame:
    """One row: training_days (sum of days), staff_trained (distinct people), training_types (distinct courses)."""
    days = float(training["days"].sum())
    return pd.DataFrame({
        # Halves are allowed; a whole number of days is shown without decimals.
        "training_days": [int(days) if days.is_integer() else days],
        "staff_trained": [int(training["participant"].nunique())],
        "training_types": [int(training["course_id"].nunique())],
    })


ITEMS = ("training_days", "staff_trained", "training_types")


def training_table(table: pd.DataFrame, row_labels, lang: str, comparison=None,
                   hidden: disclosure.Mask = disclosure.NOTHING):
    """Training days, people trained and course types, one per line (each with the year before, if any); a
    figure `hidden` shows its sign."""
    row = table.iloc[0]
    kinds = TRAINING.kinds(table)
    rows = [[text(f"table.training.{c}", lang), hidden.value("", c, row[c], kinds[c].iloc[0], lang)] for c in ITEMS]
    headers = present.headers("training", ["item", "value"], lang)
    if present.compared(TRAINING, comparison):
        # One figure per line: its year before and change beside it.
        rows = [line + comparison.cells("training", "", (item,), {item: kinds[item].iloc[0]})
                for line, item in zip(rows, ITEMS)]
        headers = headers + comparison.headers("training", ("value",))
    return present.table(text("table.training.title", lang), headers, rows)


TRAINING = Table(
    "training",
    compute=lambda inputs: training_summary(inputs.clean["training"]),
    columns={"training_days": DAYS, "staff_trained": COUNT, "training_types": COUNT},
    present=training_table,
    note=lambda table, year, lang: text("note.training", lang),
    compared=ITEMS,
    # The days and the course types are computed from the people trained: hidden when they are too few.
    disclosure=disclosure.Policy(people=("staff_trained",), computed_from=(("training_days", "staff_trained"),
                                                                           ("training_types", "staff_trained"))),
)

def training_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """The table agrees with the participations it counts: days, people and course types."""
    if inputs is None:
        return []
    rows, row = inputs.clean["training"], tables["training"].iloc[0]
    days = float(rows["days"].sum())
    people, courses = int(rows["participant"].nunique()), int(rows["course_id"].nunique())
    return [Check("check.training_days", float(row["training_days"]) == days, float(row["training_days"]), days),
            Check("check.staff_trained", int(row["staff_trained"]) == people, int(row["staff_trained"]), people),
            Check("check.training_types", int(row["training_types"]) == courses, int(row["training_types"]),
                  courses)]


CHAPTER = Chapter("training", 2, sources=(TRAINING_SOURCE,), tables=(TRAINING,), checks=training_checks,
                  reads=("staff",))
