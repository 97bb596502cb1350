"""The charts of the figures chapter: one house style, one function per chart.

Each function takes a table exactly as the computation returns it (a frame of
`compute.read_tables()` or `compute.compute_tables()`), the report language
and, where the table carries codes whose names live in the data, a
`{code: label}` dict. It returns a `matplotlib.figure.Figure` built directly,
without pyplot: no global state, nothing shown, nothing written.

The house style lives in `STYLE` and is applied with `matplotlib.rc_context`
while a chart is built (and while `to_svg` writes it), so importing this
module leaves `matplotlib.rcParams` untouched. Every word comes from the
catalogues (`chart.<name>.title`, `chart.<name>.x|y`, `table.*`, the labels of
`figures.labels`); every number is formatted by Babel in the chart's language.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Sequence

import matplotlib
import pandas as pd
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from figures import labels as names
from figures.i18n import formats, text

TOTAL = "total"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common
# colour-vision deficiency. Black is left out: it is the colour of the text.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
}
PALETTE = list(OKABE_ITO.values())

# A4-friendly: about 16 x 9 cm; charts with many bars grow taller.
WIDTH_IN = 6.3
HEIGHT_IN = 3.6
BAR_ROW_IN = 0.32          # height per row of a horizontal bar chart
FRAME_IN = 1.2             # title, axis label, ticks and legend of a horizontal bar chart
WRAP = 28                  # characters per line of a long category name
LEGEND_WRAP = 60           # characters per line of a legend entry

FONT_FAMILIES = "font-family: 'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif"

STYLE = {
    # The family itself, not "sans-serif": a text keeps its family, and a generic one
    # would be resolved against the global rcParams when the figure is drawn later.
    "font.family": ["DejaVu Sans"],
    "font.size": 8,
    "text.color": "#222222",
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 8,
    "axes.labelsize": 8,
    "axes.labelcolor": "#222222",
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,                 # switched on per chart, along the value axis only
    "axes.axisbelow": True,             # grid behind the bars
    "axes.prop_cycle": cycler(color=PALETTE),
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "grid.linestyle": "-",
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "xtick.labelcolor": "#222222",
    "ytick.labelcolor": "#222222",
    "legend.frameon": False,
    "legend.fontsize": 8,
    "figure.figsize": (WIDTH_IN, HEIGHT_IN),
    "figure.dpi": 150,
    "figure.facecolor": "white",
    "figure.constrained_layout.h_pad": 0.04,
    "figure.constrained_layout.w_pad": 0.04,
    "savefig.dpi": 200,
    "savefig.facecolor": "white",
    # Text stays text: searchable and selectable in the PDF, and the SVG is a quarter
    # of the size (WeasyPrint renders the PDF 3x faster). to_svg adds fallback fonts.
    "svg.fonttype": "none",
    "svg.hashsalt": "figures",          # stable ids: the same chart gives the same SVG
    "path.simplify": True,
}
VALUE_LABEL_SIZE = 7.5
VALUE_LABEL_PAD = 2        # points between a bar's end and its value label


# ---------------------------------------------------------------- helpers

MAX_LINES = 3


def _wrap(label: str, width: int = WRAP) -> str:
    """A label on lines of `width` characters, at most MAX_LINES of them (the rest cut with "…")."""
    lines = textwrap.wrap(str(label), width=width, break_long_words=True) or [str(label)]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def _rows(ticks: Sequence[str], bars: float = 1) -> float:
    """The height of a horizontal bar chart in rows: `bars` per category, more when its tick label wraps."""
    return sum(max(bars, 0.7 * (tick.count("\n") + 1)) for tick in ticks)


def _new_figure(rows: float | None = None) -> Figure:
    """A figure in the house size; `rows` horizontal bars make it taller when needed."""
    height = HEIGHT_IN if rows is None else max(HEIGHT_IN, FRAME_IN + BAR_ROW_IN * rows)
    return Figure(figsize=(WIDTH_IN, height), layout="constrained")


def _frame(fig: Figure, name: str, lang: str, value_axis: str):
    """The single axes of a chart with its title, and the grid along the value axis."""
    ax = fig.add_subplot()
    ax.set_title(text(f"chart.{name}.title", lang))
    ax.grid(True, axis=value_axis)
    if value_axis == "x":
        ax.tick_params(axis="y", length=0)
    else:
        ax.tick_params(axis="x", length=0)
    return ax


def _locator(integer: bool = False) -> MaxNLocator:
    """Round ticks (0, 10, 20 or 0, 25, 50), about five of them."""
    return MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=3)


def _number_axis(axis, lang: str, integer: bool = True) -> None:
    axis.set_major_locator(_locator(integer))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.number(_clean(value), lang)))


def _money_axis(axis, lang: str, millions: bool = False) -> None:
    """Money ticks in the tables' format (40.000 € / 40 000 € / €40,000), or plain millions
    (20 / 40) when the axis label says "million euro": one money style across tables and charts."""
    axis.set_major_locator(_locator())
    if millions:
        axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.number(_clean(value / 1e6), lang)))
    else:
        axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.money(_clean(value), lang)))


def _clean(value: float):
    """A tick value without float noise (2.0000000004 -> 2), an int when whole."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _value_labels(ax, container, values: Sequence[float], labels: Sequence[str]) -> list[tuple]:
    """Write `labels` at the end of the bars; returns (label, bar value) pairs for `_fit_labels`."""
    texts = ax.bar_label(container, labels=list(labels), padding=VALUE_LABEL_PAD, fontsize=VALUE_LABEL_SIZE)
    return list(zip(texts, [float(v) for v in values]))


def _legend(fig: Figure, ax, ncols: int) -> None:
    """The legend under the chart, outside the axes: it never covers a bar."""
    handles, entries = ax.get_legend_handles_labels()
    fig.legend(handles, entries, loc="outside lower center", ncols=ncols, handlelength=1.2,
               columnspacing=1.5)


def _fit_labels(fig: Figure, ax, labelled: list[tuple], value_axis: str) -> None:
    """Widen the value axis so that every value label stays inside the axes.

    A label sits `pad + size` pixels beyond its bar; with the axis running from 0
    to `limit`, a bar of value v ends at v / limit of the axes, so the label fits
    when v / limit * L + pad + size <= L (L the axes length in pixels).
    """
    set_limit = ax.set_xlim if value_axis == "x" else ax.set_ylim
    top = max((value for _, value in labelled), default=0)
    limit = top if top > 0 else 1
    for _ in range(2):                                  # the layout moves a little once the limit changes
        set_limit(0, limit)
        fig.draw_without_rendering()
        box = ax.get_window_extent()
        length = box.width if value_axis == "x" else box.height
        pad = VALUE_LABEL_PAD * fig.dpi / 72
        needed = top * 1.05 if top > 0 else 1
        for label, value in labelled:
            extent = label.get_window_extent()
            size = extent.width if value_axis == "x" else extent.height
            room = length - pad - size
            needed = max(needed, value * length / room if room > 0 else 2 * value)
        limit = needed * 1.02
    set_limit(0, limit)


def _build(function: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build a chart inside the house style, then lay it out once while the style is active."""
    @functools.wraps(function)
    def styled(*args, **kwargs) -> Figure:
        with matplotlib.rc_context(STYLE):
            fig = function(*args, **kwargs)
            # Create the ticks and place everything while the style applies.
            fig.draw_without_rendering()
        return fig
    return styled


def _without_total(table: pd.DataFrame, key: str) -> pd.DataFrame:
    return table.loc[table[key].astype("string") != TOTAL].reset_index(drop=True)


# ---------------------------------------------------------------- the charts

@_build
def age_bands_chart(age_bands: pd.DataFrame, lang: str) -> Figure:
    """Staff per age band, vertical bars labelled with count and share: 21 (17%)."""
    staff = [int(v) for v in age_bands["staff"]]
    fig = _new_figure()
    ax = _frame(fig, "age_bands", lang, value_axis="y")
    bars = ax.bar(range(len(staff)), staff, width=0.6, color=OKABE_ITO["blue"])
    ax.set_xticks(range(len(staff)), [names.band(str(b), lang) for b in age_bands["band"]])
    ax.set_ylabel(text("chart.age_bands.y", lang))
    _number_axis(ax.yaxis, lang)
    labelled = _value_labels(ax, bars, staff, [f"{formats.number(s, lang)} ({formats.percent(int(p), lang)})"
                                               for s, p in zip(staff, age_bands["percent"])])
    _fit_labels(fig, ax, labelled, "y")
    return fig


@_build
def gender_by_level_chart(gender_by_level: pd.DataFrame, lang: str) -> Figure:
    """Women, men (and x when there are any) per level A-D, grouped vertical bars."""
    table = _without_total(gender_by_level, "level")
    series = ["women", "men"] + (["x"] if (table["x"] > 0).any() else [])
    fig = _new_figure()
    ax = _frame(fig, "gender_by_level", lang, value_axis="y")
    width = 0.8 / len(series)
    labelled = []
    for n, column in enumerate(series):
        counts = [int(v) for v in table[column]]
        offsets = [i + (n - (len(series) - 1) / 2) * width for i in range(len(table))]
        bars = ax.bar(offsets, counts, width=width * 0.92, color=PALETTE[n],
                      label=text(f"table.gender_by_level.{column}", lang))
        labelled += _value_labels(ax, bars, counts, [formats.number(c, lang) for c in counts])
    ax.set_xticks(range(len(table)), [names.level(str(level), lang) for level in table["level"]])
    ax.set_ylabel(text("chart.gender_by_level.y", lang))
    _number_axis(ax.yaxis, lang)
    _legend(fig, ax, ncols=len(series))
    _fit_labels(fig, ax, labelled, "y")
    return fig


@_build
def meetings_chart(meetings: pd.DataFrame, lang: str) -> Figure:
    """Meetings and e-procedures per body, in the reference order from top to bottom.

    A body without e-procedures (NA: not applicable) has no e-procedure bar; a
    count of 0 is a bar of length 0 with its label.
    """
    bodies = [str(b) for b in meetings["body"]]
    counts = [int(v) for v in meetings["meetings"]]
    e_rows = [i for i, v in enumerate(meetings["e_procedures"]) if not pd.isna(v)]
    e_counts = [int(meetings["e_procedures"].iloc[i]) for i in e_rows]
    ticks = [_wrap(names.body(b, lang)) for b in bodies]
    fig = _new_figure(rows=_rows(ticks, bars=1.5))
    ax = _frame(fig, "meetings", lang, value_axis="x")
    height = 0.38
    first = ax.barh([i - height / 2 for i in range(len(bodies))], counts, height=height * 0.92,
                    # The table's column header is "Aantal"/"Nombre" in nl/fr: a legend needs the word itself.
                    color=OKABE_ITO["blue"], label=text("chapter.meetings", lang))
    second = ax.barh([i + height / 2 for i in e_rows], e_counts, height=height * 0.92,
                     color=OKABE_ITO["orange"], label=text("table.meetings.e_procedures", lang))
    labelled = _value_labels(ax, first, counts, [formats.number(c, lang) for c in counts])
    labelled += _value_labels(ax, second, e_counts, [formats.number(c, lang) for c in e_counts])
    ax.set_yticks(range(len(bodies)), ticks)
    ax.set_ylim(len(bodies) - 0.5, -0.5)                  # reference order, top to bottom
    ax.set_xlabel(text("chart.meetings.x", lang))
    _number_axis(ax.xaxis, lang)
    _legend(fig, ax, ncols=2)
    _fit_labels(fig, ax, labelled, "x")
    return fig


@_build
def translations_by_type_chart(by_type: pd.DataFrame, lang: str) -> Figure:
    """Words translated per type of text (without the total), horizontal bars."""
    table = _without_total(by_type, "text_type")
    words = [int(v) for v in table["words"]]
    ticks = [_wrap(names.text_type(str(t), lang)) for t in table["text_type"]]
    fig = _new_figure(rows=_rows(ticks))
    ax = _frame(fig, "translations_by_type", lang, value_axis="x")
    bars = ax.barh(range(len(words)), words, height=0.6, color=OKABE_ITO["bluish_green"])
    ax.set_yticks(range(len(words)), ticks)
    ax.set_ylim(len(words) - 0.5, -0.5)
    ax.set_xlabel(text("chart.translations_by_type.x", lang))
    _number_axis(ax.xaxis, lang)
    _fit_labels(fig, ax, _value_labels(ax, bars, words, [formats.number(w, lang) for w in words]), "x")
    return fig


@_build
def budget_chart(budget: pd.DataFrame, labels: dict[str, str], lang: str) -> Figure:
    """Credits per allocation in file order, one colour per group (chancellery, services)."""
    codes = [str(c) for c in budget["code"]]
    groups = [str(g) for g in budget["group"]]
    amounts = [float(a) for a in budget["amount_eur"]]
    ticks = [_wrap(labels.get(c, c)) for c in codes]
    fig = _new_figure(rows=_rows(ticks))
    ax = _frame(fig, "budget", lang, value_axis="x")
    colours = {"chancellery": OKABE_ITO["blue"], "services": OKABE_ITO["orange"]}
    labelled = []
    for group in dict.fromkeys(groups):                 # the groups in file order
        rows = [i for i, g in enumerate(groups) if g == group]
        values = [amounts[i] for i in rows]
        bars = ax.barh(rows, values, height=0.65, color=colours[group],
                       label=_wrap(text(f"table.budget.{group}", lang), LEGEND_WRAP))
        labelled += _value_labels(ax, bars, values, [formats.money(v, lang) for v in values])
    ax.set_yticks(range(len(codes)), ticks)
    ax.set_ylim(len(codes) - 0.5, -0.5)
    ax.set_xlabel(text("chart.budget.x", lang))
    _money_axis(ax.xaxis, lang, millions=True)
    _legend(fig, ax, ncols=len(colours))
    _fit_labels(fig, ax, labelled, "x")
    return fig


@_build
def subsidies_chart(subsidies: pd.DataFrame, activities: list[str], lang: str) -> Figure:
    """Subsidy per beneficiary (without the total): the beneficiary as tick label, its activity above the bar."""
    table = _without_total(subsidies, "beneficiary")
    beneficiaries = [str(b) for b in table["beneficiary"]]
    amounts = [float(a) for a in table["amount_eur"]]
    ticks = [_wrap(b) for b in beneficiaries]
    fig = _new_figure(rows=_rows(ticks, bars=1.6))
    ax = _frame(fig, "subsidies", lang, value_axis="x")
    positions = [i + 0.12 for i in range(len(amounts))]          # the activity takes the top of the row
    bars = ax.barh(positions, amounts, height=0.5, color=OKABE_ITO["reddish_purple"])
    for position, activity in zip(positions, activities, strict=True):  # activities in file order
        if activity:
            ax.annotate(_wrap(activity, 90), (0, position - 0.27), xytext=(1, 0), textcoords="offset points",
                        ha="left", va="bottom", fontsize=VALUE_LABEL_SIZE, fontstyle="italic", color="#555555")
    ax.set_yticks(positions, ticks)
    ax.set_ylim(len(amounts) - 0.5, -0.5)
    ax.set_xlabel(text("chart.subsidies.x", lang))
    _money_axis(ax.xaxis, lang)
    _fit_labels(fig, ax, _value_labels(ax, bars, amounts, [formats.money(a, lang) for a in amounts]), "x")
    return fig


def to_svg(fig: Figure) -> str:
    """The chart as an SVG document (text as text, no date: the same chart, the same text)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    # Where DejaVu Sans is not installed, a viewer falls back to a metric-close sans-serif.
    return buffer.getvalue().replace("font-family: 'DejaVu Sans'", FONT_FAMILIES)
