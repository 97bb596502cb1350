"""Trends: a few indicators over every year available (computed or published), with a chart each.

The indicators come from the long table of every figure of every year
(`figures.history`): headcount, share of staff aged 52 or more, share of
women per level, training days per staff member, meetings and the share of
e-procedures, words translated, the budget of each group and the subsidies
total. A year that lacks a figure has no value for the indicators built on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from figures import charts, labels, present
from figures.i18n import formats, text
from figures.registry import COUNT, DAYS, LAST, MONEY, Chapter

if TYPE_CHECKING:           # matplotlib is imported when a chart is made (see figures.charts)
    from matplotlib.figure import Figure

PERCENT_1 = "percent_1"          # a share in percent, with one decimal
LEVELS = ("A", "B", "C", "D")
# Each indicator: its code, its kind (how a value is written) and the chart it is drawn in.
INDICATORS = (
    ("headcount", COUNT, "headcount"),
    ("share_52_plus", PERCENT_1, "share_52_plus"),
    *((f"women_{level}", PERCENT_1, "women") for level in LEVELS),
    ("training_days_per_staff", DAYS, "training_days_per_staff"),
    ("meetings", COUNT, "meetings"),
    ("e_procedure_share", PERCENT_1, "e_procedure_share"),
    ("words", COUNT, "words"),
    ("budget_chancellery", MONEY, "budget_chancellery"),
    ("budget_services", MONEY, "budget_services"),
    ("subsidies_total", MONEY, "subsidies_total"),
)
CHARTS = tuple(dict.fromkeys(chart for _, _, chart in INDICATORS))
# Years the reader's table shows (the most recent ones: a page holds no more columns); the Excel workbook's
# trends sheet has every year, and the charts draw every year.
RECENT_YEARS = 6
# Values written on a one-line chart, and years named under it, at most (every second or third year beyond:
# more would print on each other), the last year always.
MAX_VALUE_LABELS = 6
MAX_YEAR_TICKS = 10
KINDS = {code: kind for code, kind, _ in INDICATORS}


def _figure(year_figures: pd.DataFrame, table: str, row: str, column: str) -> float | None:
    found = year_figures[(year_figures["table"] == table) & (year_figures["row"].astype(str) == row)
                         & (year_figures["column"] == column)]["value"].dropna()
    return float(found.iloc[0]) if len(found) else None


def _sum(year_figures: pd.DataFrame, table: str, column: str, rows=None) -> float | None:
    mine = year_figures[(year_figures["table"] == table) & (year_figures["column"] == column)]
    if rows is not None:
        mine = mine[mine["row"].astype(str).map(rows)]
    values = mine["value"].dropna()
    return float(values.sum()) if len(values) else None


def _ratio(part, whole, times: float = 100) -> float | None:
    return None if part is None or not whole else round(part / whole * times, 1)


def _band_from(row: str) -> int | None:
    found = re.match(r"(\d+)", row)
    return int(found.group(1)) if found else None


def indicators(history: pd.DataFrame) -> pd.DataFrame:
    """`year, indicator, value` for every year of `history` and every indicator it can give."""
    records = []
    for year in sorted(int(y) for y in history["year"].unique()):
        figures = history[history["year"] == year]
        headcount = _figure(figures, "age_bands", "total", "staff") or _figure(figures, "gender_by_level", "total",
                                                                                 "total")
        older = _sum(figures, "age_bands", "staff",
                     lambda row: row != "total" and (_band_from(row) or 0) >= 52)
        meetings, procedures = _sum(figures, "meetings", "meetings"), _sum(figures, "meetings", "e_procedures")
        subsidies = _figure(figures, "subsidies", "total", "amount_eur")
        if subsidies is None:                     # a printed report without its total: the sum of its rows
            subsidies = _sum(figures, "subsidies", "amount_eur", lambda row: row != "total")
        values = {
            "headcount": headcount,
            "share_52_plus": _ratio(older, headcount),
            **{f"women_{level}": _ratio(_figure(figures, "gender_by_level", level, "women"),
                                        _figure(figures, "gender_by_level", level, "total")) for level in LEVELS},
            "training_days_per_staff": _ratio(_figure(figures, "training", "", "training_days"), headcount, 1),
            "meetings": meetings,
            "e_procedure_share": _ratio(procedures, (meetings or 0) + (procedures or 0)) if procedures is not None
            else None,
            "words": _figure(figures, "translations_by_type", "total", "words"),
            "budget_chancellery": _figure(figures, "budget", "chancellery_total", "amount_eur"),
            "budget_services": _figure(figures, "budget", "services_total", "amount_eur"),
            "subsidies_total": subsidies,
        }
        records += [(year, code, value) for code, value in values.items()]
    return pd.DataFrame(records, columns=["year", "indicator", "value"])


def shown(value, kind: str, lang: str) -> str:
    """A value as the reader sees it; a share in percent is a `present.Cell` that carries its number (the Excel
    workbook's trends sheet writes the number)."""
    if isinstance(value, present.Hidden):       # withheld to protect people (figures.disclosure)
        return value.text(lang)
    if value is None or pd.isna(value):
        return ""
    if kind == PERCENT_1:
        return present.Cell(text("compare.percent", lang, value=formats.one_decimal(float(value), lang)),
                            float(value), PERCENT_1)
    return present.value(value, kind, lang)


def recent_years(table: pd.DataFrame, recent: int | None = RECENT_YEARS) -> list[int]:
    """The years of `table` the reader's trends table shows: the last `recent` ones (every one when None)."""
    years = sorted(int(y) for y in table["year"].unique())
    return years if recent is None else years[-recent:]


def trends_table(table: pd.DataFrame, lang: str, recent: int | None = RECENT_YEARS) -> present.Html:
    """Every indicator (a row) over the years (the columns): the last `recent` years (every one when None), and
    a sentence saying so when there are more."""
    every = recent_years(table, None)
    years = recent_years(table, recent)
    wide = table.pivot(index="indicator", columns="year", values="value")
    rows = [[text(f"trend.{code}", lang)] + [shown(wide.at[code, year] if code in wide.index else None,
                                                   KINDS[code], lang) for year in years]
            for code, _, _ in INDICATORS]
    html = present.table(text("trends.title", lang, first=years[0], last=years[-1]),
                         [text("trends.indicator", lang)] + [str(year) for year in years], rows)
    if len(years) < len(every):
        html = html + present.paragraph(text("harden.trends_recent", lang, shown=len(years), count=len(every),
                                             first=every[0], last=every[-1], sheet=text("chapter.trends", lang)))
    return html


def notices(prepared, lang: str, kinds: dict[int, str], reconciliation) -> list[tuple[str, str]]:
    """What is written under the trends table in every document, as (kind, sentence): the years of sample data
    it shows and the invented figures of a year otherwise published ("sample-notice"), and what the sign of a
    withheld indicator means ("disclosure-note")."""
    from figures import provenance

    found = []
    samples = provenance.samples(kinds, prepared.years)
    if samples:
        found.append(("sample-notice", text("provenance.table", lang, years=formats.years(samples, lang))))
    invented = provenance.invented_in_trends(prepared.year, lang, kinds, reconciliation, prepared.tables)
    if invented:
        found.append(("sample-notice", invented))
    if prepared.protection is not None and prepared.protection.indicators:
        found.append(("disclosure-note", text("disclosure.note_trends", lang, sign=present.Hidden().text(lang))))
    return found


def _every(years: list[int], axis: list[int], most: int) -> list[bool]:
    """Which of `years` are labelled on the axis of the years `axis`, which holds `most` labels side by side:
    every n-th year counted back from the axis's last, so that two labels are at least n years apart."""
    span = axis[-1] - axis[0] + 1
    step = -(-span // most) if span > most else 1
    return [(axis[-1] - year) % step == 0 for year in years]


def short_name(code: str, lang: str) -> str:
    """The name of a line at its end, where the chart's title says the rest: "Niveau A" for women_A."""
    if code.startswith("women_"):
        return labels.level(code.split("_", 1)[1], lang)
    return text(f"trend.{code}", lang)


@charts.build
def trend_chart(table: pd.DataFrame, chart: str, lang: str) -> Figure:
    """One chart of the trends: the indicators drawn in it, a line each with its own marker.

    One line: each point labelled with its value. Several lines (the share of women per level): their
    values lie close together, so only the last year's value is written, at the line's end with the line's
    name (a direct label, moved up or down so that none is written on another); the table gives every year.
    Money is drawn in million euro, or thousand euro when the largest value is under a million.
    """
    codes = [code for code, _, drawn in INDICATORS if drawn == chart]
    years = sorted(int(y) for y in table["year"].unique())
    fig = charts.new_figure(2.6)
    ax = charts.axes(fig, f"trend_{chart}", lang, value_axis="y")
    top = 0.0
    direct = []
    for n, code in enumerate(codes):
        points = table[table["indicator"] == code].set_index("year")["value"].reindex(years)
        known = points.dropna()
        if known.empty:
            continue
        colour = charts.PALETTE[n % len(charts.PALETTE)]
        # A year without a value (withheld to protect people, or not available) breaks the line: no line is
        # drawn through a value the reader is not given.
        ax.plot(years, [float(v) for v in points.values], marker=charts.MARKERS[n % len(charts.MARKERS)],
                markersize=5, color=colour)
        if len(codes) == 1:
            # As many years apart as the whole axis needs (a short series at the end of a long axis too).
            for (year, value), labelled in zip(known.items(), _every(list(known.index), years, MAX_VALUE_LABELS)):
                if not labelled:
                    continue
                ax.annotate(shown(value, KINDS[code], lang), (year, value), xytext=(0, 5),
                            textcoords="offset points", ha="center", fontsize=charts.VALUE_LABEL_SIZE)
        else:
            year, value = known.index[-1], known.iloc[-1]
            direct.append(ax.annotate(text("chart_row.value", lang, name=short_name(code, lang),
                                               value=shown(value, KINDS[code], lang)), (year, value),
                                      xytext=(7, 0), textcoords="offset points", ha="left", va="center",
                                      fontsize=charts.VALUE_LABEL_SIZE, annotation_clip=False))
        top = max(top, float(known.max()))
    charts.direct_labels(ax, direct)
    ax.set_xticks(years, [str(year) if named else "" for year, named in zip(years, _every(years, years,
                                                                                            MAX_YEAR_TICKS))])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_ylim(0, top * 1.25 if top > 0 else 1)
    kind = KINDS[codes[0]]
    if kind == MONEY:
        unit, label = charts.euro_unit(top, lang)
        charts.scaled_axis(ax.yaxis, lang, unit)
        ax.set_ylabel(label)
    else:
        charts.number_axis(ax.yaxis, lang, integer=kind == COUNT)
    return fig


def describe(table: pd.DataFrame, chart: str, lang: str) -> str:
    """What a trend chart shows, in words: each indicator's value per year."""
    parts = []
    for code, kind, drawn in INDICATORS:
        if drawn != chart:
            continue
        points = table[table["indicator"] == code].dropna(subset=["value"])
        values = ", ".join(f"{int(r.year)} {shown(r.value, kind, lang)}" for r in points.itertuples())
        parts.append(text("describe.row", lang, label=text(f"trend.{code}", lang), values=values))
    return text("chart_row.separator", lang).join(parts)


CHAPTER = Chapter("trends", LAST)
