"""Staff: the staff workbook, and the age bands and gender per level on the reference date (31 December)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures import charts, disclosure, labels, present
from figures.i18n import formats, text
from figures.numbers import largest_remainder
from figures.problems import ERROR, WARNING, msg
from figures.reference import AgeBand
from figures.registry import CODE, COUNT, DATE, KEY, PERCENT, TEXT, TOTAL, Chapter, Check, Column, Source, Table

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

GENDERS = ("F", "M", "X")
LEVELS = ("A", "B", "C", "D")
# Age on the reference date that a staff member can plausibly have.
MIN_AGE, MAX_AGE = 15, 75
# Column names of the gender table, in the contract's order of GENDERS.
GENDER_COLUMNS = {"F": "women", "M": "men", "X": "x"}


def completed_years(birth_dates: pd.Series, reference: dt.date) -> pd.Series:
    """Age in completed years on `reference` (a birthday on that day counts; 29 February turns on 1 March)."""
    born = pd.to_datetime(birth_dates)
    before_birthday = (born.dt.month > reference.month) | (
        (born.dt.month == reference.month) & (born.dt.day > reference.day))
    return (reference.year - born.dt.year - before_birthday.astype(int)).astype(int)


# ---------------------------------------------------------------- the source

def extra_bands(bands) -> tuple[AgeBand | None, AgeBand | None]:
    """The bands an age outside every configured band is counted in: below the first band, from the youngest
    plausible age (`15-18`); above the last, open (`66+`). None where the configuration leaves no room."""
    first, last = bands[0], bands[-1]
    below = AgeBand(MIN_AGE, first.lo - 1) if first.lo > MIN_AGE else None
    above = AgeBand(last.hi + 1) if last.hi is not None else None
    return below, above


def shown_bands(ages: pd.Series, bands) -> list[AgeBand]:
    """The bands of the age table: the configured ones, always, and an extra band below or above them only
    when someone's age falls there (a table of 2025 keeps the published bands)."""
    below, above = extra_bands(bands)
    return ([below] if below is not None and (ages <= below.hi).any() else []) + list(bands) + \
        ([above] if above is not None and (ages >= above.lo).any() else [])


def _age_problems(sheet, frame: pd.DataFrame, reference) -> list:
    """Every age on the reference date is plausible (an error otherwise); an age that no configured band holds
    is a warning naming the row, and is counted in an extra band (`shown_bands`)."""
    problems = []
    known = frame["birth_date"].notna()
    ages = completed_years(frame.loc[known, "birth_date"], reference.date)
    bands = ", ".join(b.label for b in reference.age_bands)
    date = reference.date.isoformat()
    plausible = ages.between(MIN_AGE, MAX_AGE)
    # The ages of the staff are a few dozen values: each is looked up in the bands once.
    in_a_band = ages.map({age: any(b.contains(int(age)) for b in reference.age_bands) for age in ages.unique()})
    below, above = extra_bands(reference.age_bands)
    for row, age in ages[~plausible | ~in_a_band].items():       # only the rows with a problem, in order
        found = msg("found.age", age=int(age), date=date)
        if not MIN_AGE <= age <= MAX_AGE:
            problems.append(sheet.problem(row, "birth_date", found,
                                          msg("expected.age_range", lo=MIN_AGE, hi=MAX_AGE, date=date)))
        else:
            extra = above if above is not None and age >= above.lo else below
            problems.append(sheet.problem(row, "birth_date", found,
                                          msg("clerk.expected.age_counted", bands=bands, band=extra.label),
                                          severity=WARNING))
    return problems


def clean_staff(frame: pd.DataFrame, reference) -> pd.DataFrame:
    """Age, gender and level of each staff member: no id, no birth date, and sorted so that the order
    says nothing about the order of the HR file."""
    return pd.DataFrame({
        "age": completed_years(frame["birth_date"], reference.date),
        "gender": frame["gender"], "level": frame["level"],
    }).sort_values(["level", "gender", "age"], kind="stable").reset_index(drop=True)


STAFF = Source(
    "staff",
    (
        Column("staff_id", TEXT, unique=True, personal=True),
        Column("birth_date", DATE, personal=True),
        Column("gender", CODE, choices=GENDERS),
        Column("level", CODE, choices=LEVELS),
    ),
    empty=ERROR,  # no staff, no report
    row_rules=(_age_problems,),
    clean=clean_staff,
    example=("S0001", dt.date(1985, 3, 14), "F", "A"),
)


# ---------------------------------------------------------------- the tables

def age_bands(staff: pd.DataFrame, bands: list[AgeBand]) -> pd.DataFrame:
    """Staff per age band and its share in whole percent summing to 100: columns band, staff, percent. An age
    outside `bands` is counted in an extra band, shown only then (`shown_bands`)."""
    bands = shown_bands(staff["age"], bands)
    counts = [int(staff["age"].between(b.lo, b.hi if b.hi is not None else 999).sum()) for b in bands]
    return pd.DataFrame({
        "band": [b.label for b in bands],
        "staff": counts,
        "percent": largest_remainder(counts),
    })


def with_age_total(table: pd.DataFrame) -> pd.DataFrame:
    """The age table with the total row the report prints (121, 100 %)."""
    total = {"band": TOTAL, "staff": int(table["staff"].sum()), "percent": int(table["percent"].sum())}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def gender_by_level(staff: pd.DataFrame) -> pd.DataFrame:
    """Women, men, x and total per level A-D, then a `total` row."""
    counts = pd.crosstab(staff["level"], staff["gender"]).reindex(index=list(LEVELS), columns=list(GENDERS),
                                                                  fill_value=0)
    table = counts.rename(columns=GENDER_COLUMNS)
    table["total"] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table = table.rename_axis(index="level", columns=None).reset_index()
    return table.astype({c: "int64" for c in ["women", "men", "x", "total"]})


def _gender_columns(table: pd.DataFrame) -> list[str]:
    """The counts a reader sees: X only when someone is registered so."""
    return ["women", "men"] + (["x"] if table["x"].sum() > 0 else []) + ["total"]


def age_bands_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None,
                    hidden: disclosure.Mask = disclosure.NOTHING):
    """Staff per age band with percentages, and the total (and the year before, when there is one); a cell
    `hidden` shows its sign."""
    full = with_age_total(table)
    rows = [[label, hidden.value(r.band, "staff", r.staff, COUNT, lang),
             hidden.value(r.band, "percent", r.percent, PERCENT, lang)]
            for label, r in zip(row_labels + [labels.total(lang)], full.itertuples())]
    headers, body, total = present.with_comparison(
        AGE_BANDS, comparison, present.headers("age_bands", ["band", "staff", "percent"], lang), rows[:-1],
        list(table["band"]), rows[-1], TOTAL)
    return present.table(text("table.age_bands.title", lang), headers, body, total)


def gender_by_level_table(table: pd.DataFrame, row_labels: list[str], lang: str, comparison=None,
                          hidden: disclosure.Mask = disclosure.NOTHING):
    """Women and men (and X, when anyone is registered so) per level, with totals; a cell `hidden` shows its
    sign."""
    columns = _gender_columns(table)
    rows = [[label] + [hidden.value(r["level"], c, r[c], COUNT, lang) for c in columns]
            for label, (_, r) in zip(row_labels, table.iterrows())]
    keys = list(table["level"])
    headers, body, total = present.with_comparison(
        GENDER_BY_LEVEL, comparison, present.headers("gender_by_level", ["level"] + columns, lang), rows[:-1],
        keys[:-1], rows[-1], keys[-1])
    return present.table(text("table.gender_by_level.title", lang), headers, body, total)


@charts.build
def age_bands_chart(table: pd.DataFrame, row_labels: list[str], lang: str,
                    hidden: disclosure.Mask = disclosure.NOTHING) -> Figure:
    """Staff per age band, vertical bars labelled with count and share: 21 (17%); a band `hidden` has no bar,
    its label the sign."""
    shown = [not hidden(band, "staff") for band in table["band"]]
    staff = [int(v) if keep else 0 for v, keep in zip(table["staff"], shown)]
    fig = charts.new_figure()
    ax = charts.axes(fig, "age_bands", lang, value_axis="y")
    bars = ax.bar(range(len(staff)), staff, width=0.6, color=charts.COLOURS["blue"])
    ax.set_xticks(range(len(staff)), row_labels)
    ax.set_ylabel(text("chart.age_bands.y", lang))
    charts.number_axis(ax.yaxis, lang)
    labelled = charts.value_labels(ax, bars, staff, [f"{formats.number(s, lang)} ({formats.percent(int(p), lang)})"
                                                     if keep else hidden.text(lang)
                                                     for s, p, keep in zip(staff, table["percent"], shown)])
    charts.fit_labels(fig, ax, labelled, "y")
    return fig


@charts.build
def gender_by_level_chart(table: pd.DataFrame, row_labels: list[str], lang: str,
                          hidden: disclosure.Mask = disclosure.NOTHING) -> Figure:
    """Women, men (and x when there are any) per level A-D, grouped vertical bars, a colour and a hatching
    per series; a count `hidden` has no bar, its label the sign."""
    keep = (table["level"] != TOTAL).to_numpy()
    ticks = [label for label, kept in zip(row_labels, keep) if kept]
    table = table[keep].reset_index(drop=True)
    series = [c for c in _gender_columns(table) if c != "total"]
    fig = charts.new_figure()
    ax = charts.axes(fig, "gender_by_level", lang, value_axis="y")
    width = 0.8 / len(series)
    labelled = []
    for n, column in enumerate(series):
        shown = [not hidden(level, column) for level in table["level"]]
        counts = [int(v) if keep else 0 for v, keep in zip(table[column], shown)]
        offsets = [i + (n - (len(series) - 1) / 2) * width for i in range(len(table))]
        # Each series its colour and its hatching (white lines on the bar): told apart without colour too.
        hatch = charts.HATCHES[n % len(charts.HATCHES)]
        bars = ax.bar(offsets, counts, width=width * 0.92, color=charts.PALETTE[n], hatch=hatch,
                      edgecolor=charts.BACKGROUND if hatch else "none", linewidth=0,
                      label=text(f"table.gender_by_level.{column}", lang))
        labelled += charts.value_labels(ax, bars, counts, [formats.number(c, lang) if keep else hidden.text(lang)
                                                           for c, keep in zip(counts, shown)])
    ax.set_xticks(range(len(table)), ticks)
    ax.set_ylabel(text("chart.gender_by_level.y", lang))
    charts.number_axis(ax.yaxis, lang)
    charts.legend(fig, ax, ncols=len(series))
    charts.fit_labels(fig, ax, labelled, "y")
    return fig


def _gender_note(table: pd.DataFrame, year: int, lang: str) -> str:
    """The note under the gender table; it explains X only when the table shows an X column."""
    note = text("note.gender_by_level", lang, year=year)
    return note + (" " + text("note.gender_x", lang) if table["x"].sum() > 0 else "")


def _age_sums(figures: pd.DataFrame) -> list[disclosure.Sum]:
    """The sums the staff chapter prints about ages: the bands add up to the total row, which is the gender
    table's total (one headcount)."""
    bands = [r for r in dict.fromkeys(figures.loc[figures["table"] == "age_bands", "row"].astype(str)) if r != TOTAL]
    total = ("age_bands", TOTAL, "staff")
    return [disclosure.Sum(total, tuple(("age_bands", band, "staff") for band in bands)),
            disclosure.Sum(total, (("gender_by_level", TOTAL, "total"),))]


def _gender_sums(figures: pd.DataFrame) -> list[disclosure.Sum]:
    """Each level's women, men and x add up to its total; each column's levels to the totals row."""
    levels = [r for r in dict.fromkeys(figures.loc[figures["table"] == "gender_by_level", "row"].astype(str))
              if r != TOTAL]
    parts = tuple(GENDER_COLUMNS.values())
    sums = [disclosure.Sum(("gender_by_level", row, "total"), tuple(("gender_by_level", row, c) for c in parts))
            for row in levels + [TOTAL]]
    return sums + [disclosure.Sum(("gender_by_level", TOTAL, c), tuple(("gender_by_level", level, c) for level in levels))
                   for c in parts + ("total",)]


def _x_printed(figures: pd.DataFrame) -> dict:
    """The X column is printed only when someone is X: its total is then at least 1, as a reader sees."""
    x = figures[(figures["table"] == "gender_by_level") & (figures["row"].astype(str) == TOTAL)
                & (figures["column"] == "x")]["value"]
    return {("gender_by_level", TOTAL, "x"): 1} if len(x) and float(x.iloc[0]) > 0 else {}


AGE_BANDS = Table(
    "age_bands",
    compute=lambda inputs: age_bands(inputs.clean["staff"], list(inputs.reference.age_bands)),
    columns={"band": KEY, "staff": COUNT, "percent": PERCENT},
    key=("band",),
    row_labels=lambda table, inputs, lang: [labels.band(b, lang) for b in table["band"]],
    printed_totals=with_age_total,
    present=age_bands_table,
    chart=age_bands_chart,
    note=lambda table, year, lang: text("note.age_bands", lang, year=year),
    compared=("staff",),
    disclosure=disclosure.Policy(people=("staff",), shares=(("percent", "staff"),), sums=_age_sums),
)

GENDER_BY_LEVEL = Table(
    "gender_by_level",
    compute=lambda inputs: gender_by_level(inputs.clean["staff"]),
    columns={"level": KEY, "women": COUNT, "men": COUNT, "x": COUNT, "total": COUNT},
    key=("level",),
    row_labels=lambda table, inputs, lang: [labels.level(v, lang) for v in table["level"]],
    present=gender_by_level_table,
    chart=gender_by_level_chart,
    note=_gender_note,
    compared=("total",),
    disclosure=disclosure.Policy(people=("women", "men", "x", "total"), sums=_gender_sums, at_least=_x_printed),
)


# ---------------------------------------------------------------- checks

def _total_row(table: pd.DataFrame, key: str) -> pd.Series:
    return table.loc[table[key] == TOTAL].iloc[0]


def staff_checks(tables: dict[str, pd.DataFrame], inputs=None) -> list[Check]:
    """The two staff tables agree: same headcount, totals of levels, percentages summing to 100."""
    ages, gender = tables["age_bands"], tables["gender_by_level"]
    checks = []
    gender_total = _total_row(gender, "level")
    levels = gender[gender["level"] != TOTAL]
    headcount = int(ages["staff"].sum())
    checks.append(Check("check.headcount", headcount == int(gender_total["total"]), headcount,
                        int(gender_total["total"])))
    parts = levels[["women", "men", "x"]].sum(axis=1)
    row_sums = (parts == levels["total"]).all()
    checks.append(Check("check.level_rows", bool(row_sums), [int(v) for v in parts],
                        [int(v) for v in levels["total"]]))
    column_sums = levels[["women", "men", "x", "total"]].sum()
    same = all(int(column_sums[c]) == int(gender_total[c]) for c in column_sums.index)
    checks.append(Check("check.level_columns", same, [int(v) for v in column_sums],
                        [int(v) for v in gender_total[["women", "men", "x", "total"]]]))
    percent = int(ages["percent"].sum())
    checks.append(Check("check.percent_sum", percent == (100 if headcount else 0), percent, 100 if headcount else 0))
    return checks


CHAPTER = Chapter("staff", 1, sources=(STAFF,), tables=(AGE_BANDS, GENDER_BY_LEVEL), checks=staff_checks)
