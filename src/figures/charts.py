"""The house style of the charts and the pieces every chart is built from.

Each table's chart is a function of its chapter module (`figures.chapters.*`,
declared as the table's `chart`), decorated with `build`: it takes the table
exactly as computed, the year's inputs and the report language, and returns a
`matplotlib.figure.Figure` built directly, without pyplot: no global state,
nothing shown, nothing written.

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
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

import pandas as pd
from cycler import cycler

from figures.i18n import formats, text
from figures.registry import TOTAL

# matplotlib is imported when a chart is made, not when the chapters that declare charts are: validating
# or computing a year (every command's start) draws nothing and so does not pay for it.
if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

# Okabe & Ito (2008), "Color Universal Design": hues told apart with every common colour-vision deficiency.
# Each kept at least 3:1 against the white background (WCAG 1.4.11, non-text contrast): the Okabe-Ito
# blue, bluish green and vermillion as they are; their orange (#E69F00, 2.25:1) and reddish purple
# (#CC79A7, 3.06:1) darkened in the same hue; sky blue and yellow (2.3:1 and 1.3:1) left out. Black is the
# colour of the text.
COLOURS = {
    "blue": "#0072B2",              # 5.2:1
    "orange": "#A86E00",            # 4.3:1
    "bluish_green": "#009E73",      # 3.4:1
    "reddish_purple": "#B5568F",    # 4.5:1
    "vermillion": "#D55E00",        # 3.9:1
}
OKABE_ITO = COLOURS                 # the name the chapters knew
PALETTE = list(COLOURS.values())
# Series are told apart by more than their colour: a marker per line, a hatching per bar series (white
# lines on the bar: the bar keeps its contrast), and a legend or a direct label.
MARKERS = ("o", "s", "^", "D", "v")
HATCHES = (None, "////", "....", "xxxx", "\\\\")
BACKGROUND = "#ffffff"

# The page: the text block of A4 is 174 mm wide and the stylesheet shows a chart at most 110 mm high
# (report.css, figure.chart img). A chart drawn within both is printed at its own size, so its text is
# printed at the size it is drawn (TEXT_PT on every chart); a taller one would be shrunk, its text with it.
PRINT_WIDTH_IN = 174 / 25.4
PRINT_HEIGHT_IN = 110 / 25.4
MAX_HEIGHT_IN = 4.3        # a little under PRINT_HEIGHT_IN: a chart is never shrunk
TEXT_PT = 8                # every word and number of every chart

# A4-friendly: about 16 x 9 cm; horizontal bar charts are as tall as their rows (split in parts when they
# would be taller than MAX_HEIGHT_IN).
WIDTH_IN = 6.3
HEIGHT_IN = 3.6
MIN_HEIGHT_IN = 1.9        # a horizontal bar chart of one or two rows
WRAP = 28                  # characters per line of a long category name
PANEL_WRAP = 26            # characters per line of a panel's title (the bars' width on a phone)
NOTE_WRAP = 34             # characters per line of a note above a bar (narrow enough for a phone's chart)
TICKS = 5                  # about so many ticks on a value axis; NARROW_TICKS on a phone's chart
NARROW_TICKS = 3
NARROW_IN = 3.8            # a phone's width (365 CSS px: a 390 px screen shows it unscaled, text as on a desktop)
LEGEND_WRAP = 60           # characters per line of a legend entry
# A horizontal bar chart's rows, in inches: a line of text, a bar (per series), the gap between rows; and
# what a chart needs around its rows: the value axis (ticks and label), a legend, a panel's title.
LINE_IN = TEXT_PT * 1.25 / 72
BAR_IN = 0.2
SERIES_BAR_IN = 0.14
GAP_IN = 0.1
AXIS_IN = 0.62
LEGEND_IN = 0.3
PANEL_TITLE_IN = 0.27

FONT_FAMILIES = "font-family: 'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Arial, sans-serif"

STYLE = {
    # The family itself, not "sans-serif": a text keeps its family, and a generic one
    # would be resolved against the global rcParams when the figure is drawn later.
    "font.family": ["DejaVu Sans"],
    "font.size": TEXT_PT,
    "text.color": "#222222",
    "axes.titlesize": TEXT_PT,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 6,
    "axes.labelsize": TEXT_PT,
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
    "hatch.linewidth": 1.2,
    "xtick.labelsize": TEXT_PT,
    "ytick.labelsize": TEXT_PT,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "xtick.labelcolor": "#222222",
    "ytick.labelcolor": "#222222",
    "legend.frameon": False,
    "legend.fontsize": TEXT_PT,
    "figure.figsize": (WIDTH_IN, HEIGHT_IN),
    "figure.dpi": 150,
    "figure.facecolor": BACKGROUND,
    "figure.constrained_layout.h_pad": 0.04,
    "figure.constrained_layout.w_pad": 0.04,
    "savefig.dpi": 200,
    "savefig.facecolor": BACKGROUND,
    # Text stays text: searchable and selectable in the PDF, and the SVG is a quarter
    # of the size (WeasyPrint renders the PDF 3x faster). to_svg adds fallback fonts.
    "svg.fonttype": "none",
    "svg.hashsalt": "figures",          # stable ids: the same chart gives the same SVG
    "path.simplify": True,
    # Chart text is literal text: a label "R&D ($)" is not parsed as mathematics.
    "text.parse_math": False,
}
VALUE_LABEL_SIZE = TEXT_PT
VALUE_LABEL_PAD = 2        # points between a bar's end and its value label
# A value label that would stretch the value axis beyond ROOM times its largest bar goes inside its bar.
ROOM = 1.25


# ---------------------------------------------------------------- helpers

MAX_LINES = 4


def wrap(label: str, width: int = WRAP) -> str:
    """A label on lines of `width` characters, at most MAX_LINES of them (the rest cut with "…")."""
    lines = textwrap.wrap(str(label), width=width, break_long_words=True) or [str(label)]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


@dataclass(eq=False)
class Record:
    """What the house style remembers about one chart's figure while it fits and draws it: the project's
    own record (`record_of`), not attributes hung on matplotlib's objects.

    - `fits`: (axes, [(value label, bar value)], value axis) of each axes whose value labels are fitted;
    - `group`: the figures of one chart drawn on one value axis (its parts), empty for a chart alone;
    - `legends`: each legend made by `legend`, its axes, the columns it asks for and those it has (fewer
      when narrow);
    - `bars`: each value label and its bar, where it goes when it moves inside;
    - `moved`: each value label moved inside its bar, and where it was outside (offset, alignments);
    - `direct`: each axes and the direct labels at the end of its lines (`direct_labels`);
    - `rows`: the rows a part of a horizontal bar chart shows (positions in the order given).
    """
    fits: list = field(default_factory=list)
    group: list = field(default_factory=list)
    legends: dict = field(default_factory=dict)
    bars: dict = field(default_factory=dict)
    moved: dict = field(default_factory=dict)
    direct: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)


@functools.cache
def _chart_figure() -> type:
    """The class of a chart's figure: a matplotlib Figure with the house style's `Record` of it. Made on first
    use (matplotlib is imported when a chart is made)."""
    from matplotlib.figure import Figure

    class ChartFigure(Figure):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.record = Record()

        @property
        def figures_rows(self) -> list[int]:
            """The rows this part of a horizontal bar chart shows (for its text alternative)."""
            return self.record.rows

    return ChartFigure


def record_of(fig: Figure) -> Record:
    """The house style's record of a chart's figure (made by `new_figure`); an empty one for another figure,
    which has nothing recorded."""
    return fig.record if isinstance(fig, _chart_figure()) else Record()


def new_figure(height: float = HEIGHT_IN) -> Figure:
    """A figure in the house width, `height` inches tall (at most MAX_HEIGHT_IN: never shrunk on the page),
    with its `Record`.

    It is given an Agg canvas, whose renderer is made once and kept: a bare Figure makes a new
    renderer (a new canvas) for every layout and every text extent measured.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _chart_figure()(figsize=(WIDTH_IN, min(height, MAX_HEIGHT_IN)), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def axes(fig: Figure, name: str, lang: str, value_axis: str, position=None):
    """An axes of a chart and the grid along its value axis. The chart's title (`chart.<name>.title`) is
    the figure's label, not drawn: the reader's document shows it as the figure's caption (and the image's
    text alternative), so it is read once; `title_of` gives it."""
    ax = fig.add_subplot() if position is None else fig.add_subplot(*position)
    if not fig.get_label():
        fig.set_label(text(f"chart.{name}.title", lang))
    ax.grid(True, axis=value_axis)
    if value_axis == "x":
        ax.tick_params(axis="y", length=0)
    else:
        ax.tick_params(axis="x", length=0)
    return ax


def _locator(integer: bool = False) -> MaxNLocator:
    """Round ticks (0, 10, 20 or 0, 25, 50), about five of them."""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=TICKS, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=3)


def number_axis(axis, lang: str, integer: bool = True) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_locator(_locator(integer))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.number(_clean(value), lang)))


def money_axis(axis, lang: str, millions: bool = False) -> None:
    """Money ticks in the tables' format (40.000 € / 40 000 € / €40,000), or plain millions
    (20 / 40) when the axis label says "million euro": one money style across tables and charts."""
    from matplotlib.ticker import FuncFormatter

    if millions:
        millions_axis(axis, lang)
        return
    axis.set_major_locator(_locator())
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.money(_clean(value), lang)))


def millions_axis(axis, lang: str) -> None:
    """Ticks in millions (20 / 40), for an axis whose label says "million"."""
    scaled_axis(axis, lang, 1e6)


def scaled_axis(axis, lang: str, unit: float) -> None:
    """Ticks in thousands or millions (`unit`: 20 / 40), for an axis whose label names the unit."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_locator(_locator())
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.number(_clean(value / unit), lang)))


def euro_unit(top: float, lang: str) -> tuple[float, str]:
    """The unit of a money axis whose largest value is `top`, and the axis label that names it: million
    euro from a million up, thousand euro below (an axis of 0,05 million is read as 50 thousand)."""
    if top >= 1e6:
        return 1e6, text("chart_layout.million_euro", lang)
    return 1e3, text("chart_layout.thousand_euro", lang)


def _clean(value: float):
    """A tick value without float noise (2.0000000004 -> 2), an int when whole."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def value_labels(ax, container, values: Sequence[float], labels: Sequence[str]) -> list[tuple]:
    """Write `labels` at the end of the bars; returns (label, bar value) pairs for `fit_labels`."""
    texts = ax.bar_label(container, labels=list(labels), padding=VALUE_LABEL_PAD, fontsize=VALUE_LABEL_SIZE)
    record_of(ax.get_figure()).bars.update(zip(texts, container.patches))
    return list(zip(texts, [float(v) for v in values]))


def legend(fig: Figure, ax, ncols: int, wanted: int | None = None):
    """The legend under the chart, outside the axes: it never covers a bar. It has as many columns as its
    entries, or fewer when they would not fit the chart's width (see `fit_legends`): never clipped."""
    handles, entries = ax.get_legend_handles_labels()
    drawn = fig.legend(handles, entries, loc="outside lower center", ncols=ncols, handlelength=1.6,
                       handleheight=1.0, columnspacing=1.5)
    record_of(fig).legends[drawn] = (ax, wanted or ncols, ncols)
    return drawn


def fit_legends(fig: Figure) -> None:
    """Each legend made by `legend` in as many columns as fit the figure's width (down to one entry per
    line). A legend arranges its entries when it is made (matplotlib's `Legend.set_ncols` changes no legend
    already built): one in other columns is made again."""
    import matplotlib

    room = fig.bbox.width * 0.98
    legends = record_of(fig).legends
    for drawn, (ax, wanted, _) in list(legends.items()):
        renderer = fig.canvas.get_renderer()
        for ncols in range(wanted, 0, -1):
            if legends[drawn][2] != ncols:
                drawn.remove()
                del legends[drawn]
                with matplotlib.rc_context(STYLE):
                    drawn = legend(fig, ax, ncols, wanted)
            if drawn.get_window_extent(renderer).width <= room:
                break


def _fits(fig: Figure) -> list:
    return record_of(fig).fits


def group(fig: Figure) -> list:
    """The figures that share `fig`'s value axis (the parts of one chart), `fig` itself when alone."""
    return record_of(fig).group or [fig]


def share_scale(figures: Sequence[Figure]) -> None:
    """Draw the parts of one chart on one value axis (the same limit, so the same ticks): a bar in one part
    compares with a bar in another."""
    figures = list(figures)
    for fig in figures:
        record_of(fig).group = figures
    fit_group(figures)


def _outside(record: Record, label) -> None:
    """A value label back at the end of its bar, outside it, in the text's colour."""
    if label not in record.moved:
        return
    label.xyann, horizontal, vertical = record.moved.pop(label)
    label.set_color(STYLE["text.color"])
    label.set_horizontalalignment(horizontal)
    label.set_verticalalignment(vertical)


def _inside(record: Record, label, value_axis: str) -> None:
    """A value label just inside the end of its bar, white on the bar (or dark on a light bar)."""
    if label in record.moved:
        return
    record.moved[label] = (label.xyann, label.get_horizontalalignment(), label.get_verticalalignment())
    if value_axis == "x":
        label.xyann = (-VALUE_LABEL_PAD * 2, 0)
        label.set_horizontalalignment("right")
    else:
        label.xyann = (0, -VALUE_LABEL_PAD * 2)
        label.set_verticalalignment("top")
    label.set_color(text_on(record.bars[label].get_facecolor()))


def text_on(colour) -> str:
    """White or the text's dark grey, whichever reads better on `colour` (a bar)."""
    from matplotlib.colors import to_hex

    return "#ffffff" if contrast(to_hex(colour), "#ffffff") >= contrast(to_hex(colour), "#222222") else "#222222"


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours (#rrggbb)."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def fit_labels(fig: Figure, ax, labelled: list[tuple], value_axis: str, passes: int = 1) -> None:
    """Register the value labels of `ax` and fit the value axis of the chart (`fit_group`) to them."""
    if (ax, labelled, value_axis) not in _fits(fig):
        _fits(fig).append((ax, labelled, value_axis))     # fitted again when the chart is drawn narrower
    fit_group(group(fig), passes)


def fit_group(figures: Sequence[Figure], passes: int = 1) -> None:
    """Widen the value axis of every axes of `figures` (one chart, or its parts: one limit for all) so that
    every value label stays inside its axes.

    A label sits `pad + size` pixels beyond its bar; with the axis running from 0 to `limit`, a bar of value
    v ends at v / limit of the axes, so the label fits when v / limit * L + pad + size <= L (L the axes
    length in pixels, measured on the chart laid out; `passes` times: the layout moves a little once the
    limit changes its ticks). A label that would stretch the axis beyond ROOM times the longest bar (a long
    bar whose label is wide, on a phone) goes inside its bar's end instead, when it fits there: the axis
    fits the data, not its labels. `to_svg` checks the labels on the layout it draws.
    """
    entries = [(fig, ax, labelled, value_axis) for fig in figures for ax, labelled, value_axis in _fits(fig)]
    records = {label: record_of(fig) for fig, _, labelled, _ in entries for label, _ in labelled}
    if not entries or passes < 1:
        return
    top = max((value for *_, labelled, _ in entries for _, value in labelled), default=0)
    if top <= 0:
        for _, ax, _, value_axis in entries:
            (ax.set_xlim if value_axis == "x" else ax.set_ylim)(0, 1)
        return
    limit = top * 1.05
    for _ in range(passes):
        for _, ax, labelled, value_axis in entries:
            for label, _value in labelled:
                _outside(records[label], label)
            (ax.set_xlim if value_axis == "x" else ax.set_ylim)(0, limit)
        for fig in figures:
            lay_out(fig)
        cap, measured = top * ROOM, []
        for fig, ax, labelled, value_axis in entries:
            renderer = fig.canvas.get_renderer()
            box = ax.get_window_extent(renderer)
            length = box.width if value_axis == "x" else box.height
            pad = VALUE_LABEL_PAD * fig.dpi / 72
            for label, value in labelled:
                extent = label.get_window_extent(renderer)
                size = extent.width if value_axis == "x" else extent.height
                room = length - pad - size
                out = value * length / room if room > 0 else max(2 * value, cap)
                measured.append((label, value_axis, value, length, pad, size, out))
        # The axis as the labels that fit beyond their bars within ROOM need it; each other label goes inside
        # its bar if it fits there on that axis, else beyond it, stretching the axis (then looked at again).
        needed = max([top * 1.05] + [out for *_, out in measured if out <= cap])
        inside = []
        for _ in range(len(measured) + 1):
            inside = [(label, value_axis) for label, value_axis, value, length, pad, size, out in measured
                      if out > cap and label in records[label].bars
                      and size + 3 * pad <= value / (needed * 1.02) * length]
            kept = {id(label) for label, _ in inside}
            wider = max([needed] + [out for label, *_, out in measured if id(label) not in kept])
            if wider <= needed:
                break
            needed = wider
        limit = needed * 1.02
    for label, value_axis in inside:
        _inside(records[label], label, value_axis)
    for _, ax, _, value_axis in entries:
        (ax.set_xlim if value_axis == "x" else ax.set_ylim)(0, limit)


def lay_out(fig: Figure) -> None:
    """Place the axes as drawing would (the constrained layout), without drawing every artist: enough to
    measure the axes and the texts."""
    engine = fig.get_layout_engine()
    if engine is None:
        fig.draw_without_rendering()
    else:
        engine.execute(fig)


def labels_fit(fig: Figure) -> bool:
    """Whether every value label outside its bar lies inside its axes, as the figure was last laid out."""
    record = record_of(fig)
    for ax, labelled, value_axis in record.fits:
        renderer = fig.canvas.get_renderer()
        box = ax.get_window_extent(renderer)
        for label, _ in labelled:
            if label in record.moved:
                continue
            extent = label.get_window_extent(renderer)
            if (extent.x1 if value_axis == "x" else extent.y1) > (box.x1 if value_axis == "x" else box.y1) + 0.5:
                return False
    return True


def build(function: Callable[..., Figure | list[Figure]]) -> Callable[..., Figure | list[Figure]]:
    """Build a chart inside the house style, then lay it out once while the style is active. A chart is a
    Figure, or a list of Figures (its parts) when its rows would not fit one."""
    @functools.wraps(function)
    def styled(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(STYLE):
            made = function(*args, **kwargs)
            # Create the ticks while the style applies (they take their size and colour from it when they
            # are made); the layout is left to the first draw, which `to_svg` makes in the style.
            for fig in parts(made):
                for ax in fig.axes:
                    ax.get_xticklabels()
                    ax.get_yticklabels()
        return made
    return styled


def parts(chart) -> list[Figure]:
    """The figures of a chart: itself, or its parts."""
    return list(chart) if isinstance(chart, (list, tuple)) else [chart]


def without_total(table: pd.DataFrame, key: str) -> pd.DataFrame:
    return table.loc[table[key].astype("string") != TOTAL].reset_index(drop=True)


def title_of(fig: Figure) -> str:
    """The chart's title: the figure's label (see `axes`), or a title drawn on an axes."""
    if fig.get_label():
        return fig.get_label()
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    return fig.get_suptitle()


# ---------------------------------------------------------------- horizontal bar charts, in parts

@dataclass
class Series:
    """A series of bars: its legend entry (None: a chart of one series), its colour, its hatching."""
    name: str | None
    colour: str
    hatch: str | None = None


@dataclass
class Row:
    """A category: its name, its value and value label per series (None: no bar, "not applicable"), and an
    optional note written above its bars (a subsidy's activity)."""
    name: str
    values: Sequence[float | None]
    labels: Sequence[str]
    note: str = ""


@dataclass
class Panel:
    """A titled group of rows (the budget's groups); a chart without groups has one panel without title."""
    title: str | None
    rows: list[Row]


def _row_geometry(row: Row, series: int, wrap_width: int) -> tuple[float, float]:
    """A row's height and where its bars' middle lies from its top, in inches: its note (if any), then its
    bars, the category's name centred on the bars (a name taller than the bars reaches above and below
    them: the row leaves it room on both sides), half a gap above and below."""
    bars = BAR_IN if series == 1 else SERIES_BAR_IN * series
    note = LINE_IN * (wrap(row.note, NOTE_WRAP).count("\n") + 1) if row.note else 0
    name = LINE_IN * (wrap(row.name, wrap_width).count("\n") + 1)
    above = max(note + bars / 2, name / 2)
    below = max(bars / 2, name / 2)
    return GAP_IN + above + below, GAP_IN / 2 + above


def _row_height(row: Row, series: int, wrap_width: int) -> float:
    return _row_geometry(row, series, wrap_width)[0]


def _title_height(panel: Panel) -> float:
    if panel.title is None:
        return 0
    return PANEL_TITLE_IN + LINE_IN * wrap(panel.title, PANEL_WRAP).count("\n")


def _split(panels: list[Panel], heights: list[list[float]], frame: float, capacity: float) -> list[list[tuple]]:
    """The rows cut into parts of at most `capacity` inches: each part a list of (panel, first row, end row).
    A panel starts a new part when it would not fit whole in the current one but does in a new one."""
    figures, current, used = [], [], frame
    for p, panel in enumerate(panels):
        title = _title_height(panel)
        total = title + sum(heights[p])
        if current and used + total > capacity and frame + total <= capacity:
            figures.append(current)
            current, used = [], frame
        start = 0
        used += title
        for r, height in enumerate(heights[p]):
            if used + height > capacity and r > start:
                current.append((p, start, r))
                figures.append(current)
                current, used, start = [], frame + title, r
            elif used + height > capacity and current and r == start:
                figures.append(current)
                current, used = [], frame + title
            used += height
        current.append((p, start, len(heights[p])))
    if current:
        figures.append(current)
    return figures


def _balanced(panels, heights, frame) -> list[list[tuple]]:
    """As few parts as MAX_HEIGHT_IN allows, as even as they can be (not 13, 13 and 4 rows, but 10, 10, 10)."""
    greedy = _split(panels, heights, frame, MAX_HEIGHT_IN)
    if len(greedy) == 1:
        return greedy
    def cut_panels(figures) -> int:
        return sum(len({p for p, _, _ in pieces} & {p for p, _, _ in other}) > 0
                   for pieces, other in zip(figures, figures[1:]))

    content = sum(_title_height(p) for p in panels) + sum(sum(h) for h in heights)
    steps = 40
    for step in range(steps + 1):
        capacity = frame + content / len(greedy) + step * (MAX_HEIGHT_IN - frame - content / len(greedy)) / steps
        tried = _split(panels, heights, frame, min(capacity, MAX_HEIGHT_IN))
        # Even, but no panel cut that the greedy parts keep whole.
        if len(tried) <= len(greedy) and cut_panels(tried) <= cut_panels(greedy):
            return tried
    return greedy


def horizontal_bars(name: str, lang: str, panels: list[Panel], series: list[Series],
                    value_axis: Callable, axis_label: str, wrap_width: int = WRAP) -> Figure | list[Figure]:
    """A horizontal bar chart of `panels` (categories from the top, a bar per series, value labels at the
    bars' ends), as tall as its rows: one figure, or as many parts as it takes for each to fit a page's
    chart (MAX_HEIGHT_IN), every row in one of them, on one value axis. Each part remembers which rows it
    shows (`fig.figures_rows`, its `Record`'s rows) for its text alternative."""
    heights = [[_row_height(row, len(series), wrap_width) for row in panel.rows] for panel in panels]
    legend_in = LEGEND_IN if any(s.name for s in series) else 0
    frame = AXIS_IN + legend_in
    cut = _balanced(panels, heights, frame)
    starts = [sum(len(p.rows) for p in panels[:n]) for n in range(len(panels))]
    figures = []
    for pieces in cut:
        content = [_title_height(panels[p]) + sum(heights[p][a:b]) for p, a, b in pieces]
        fig = new_figure(max(MIN_HEIGHT_IN, frame + sum(content)))
        grid = fig.add_gridspec(len(pieces), 1, height_ratios=[max(c, 0.3) for c in content])
        for n, (p, a, b) in enumerate(pieces):
            panel, rows = panels[p], panels[p].rows[a:b]
            record_of(fig).rows += list(range(starts[p] + a, starts[p] + b))
            ax = axes(fig, name, lang, value_axis="x", position=(grid[n],))
            if panel.title is not None:
                # Wrapped to the bars' width on a phone's chart: a long group name is never cut.
                ax.set_title(wrap(panel.title, PANEL_WRAP), loc="left")
            row_heights = heights[p][a:b]
            tops = [sum(row_heights[:i]) for i in range(len(rows))]
            bars_in = BAR_IN if len(series) == 1 else SERIES_BAR_IN * len(series)
            # Each row: its note (if any) at the top, then its bars; the category's name at the bars' middle.
            centres = [top + _row_geometry(rows[i], len(series), wrap_width)[1] for i, top in enumerate(tops)]
            labelled = []
            for s, kind in enumerate(series):
                offset = (s - (len(series) - 1) / 2) * SERIES_BAR_IN if len(series) > 1 else 0
                thickness = BAR_IN if len(series) == 1 else SERIES_BAR_IN * 0.92
                drawn = [i for i, row in enumerate(rows) if row.values[s] is not None]
                values = [float(rows[i].values[s]) for i in drawn]
                bars = ax.barh([centres[i] + offset for i in drawn], values, height=thickness, color=kind.colour,
                               hatch=kind.hatch, edgecolor=BACKGROUND if kind.hatch else "none",
                               linewidth=0, label=kind.name if (n == 0 and kind.name) else None)
                labelled += value_labels(ax, bars, values, [rows[i].labels[s] for i in drawn])
            for i, row in enumerate(rows):
                if row.note:
                    top_of_bars = centres[i] - bars_in / 2
                    # On a white ground: a grid line does not run through the words.
                    ax.annotate(wrap(row.note, NOTE_WRAP), (0, top_of_bars), xytext=(1, 1.5),
                                textcoords="offset points", ha="left", va="bottom", fontstyle="italic",
                                color="#555555", in_layout=False,
                                bbox={"boxstyle": "square,pad=0.05", "facecolor": BACKGROUND, "edgecolor": "none"})
            ax.set_yticks(centres, [wrap(row.name, wrap_width) for row in rows])
            ax.set_ylim(sum(row_heights), 0)
            value_axis(ax.xaxis)
            if n < len(pieces) - 1:
                ax.tick_params(axis="x", labelbottom=False)
            else:
                ax.set_xlabel(axis_label)
            _fits(fig).append((ax, labelled, "x"))
        if legend_in:
            legend(fig, fig.axes[0], ncols=len(series))
        figures.append(fig)
    share_scale(figures)
    part_titles(figures, lang)
    return figures[0] if len(figures) == 1 else figures


def bars(name: str, lang: str, rows: list[Row], colour: str, value_axis: Callable,
         wrap_width: int = WRAP) -> Figure | list[Figure]:
    """The chart most tables draw: one bar per row from the top, in one colour, its value written at its end,
    the value axis named by the catalogue's `chart.<name>.x` (see `horizontal_bars`, which this is without
    groups or series). `value_axis(axis)` formats the axis: `number_axis`, `money_axis`, `millions_axis` with
    the language bound (`lambda axis: charts.number_axis(axis, lang)`)."""
    return horizontal_bars(name, lang, [Panel(None, rows)], [Series(None, colour)], value_axis,
                           text(f"chart.{name}.x", lang), wrap_width=wrap_width)


def part_titles(figures: Sequence[Figure], lang: str) -> None:
    """Parts of one chart are captioned as such: "Title (part 1 of 2)"."""
    if len(figures) < 2:
        return
    for n, fig in enumerate(figures, 1):
        fig.set_label(text("chart_layout.part", lang, title=fig.get_label(), part=n, parts=len(figures)))


# ---------------------------------------------------------------- direct labels of a line chart

def spread(wanted: list[float], sizes: list[float], gap: float = 1.0) -> list[float]:
    """Positions as close to `wanted` as they can be with no two closer than half their sizes plus `gap`
    (labels at the end of lines, moved apart so that none is written on another). Order is kept."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [wanted[i] for i in order]
    for _ in range(len(placed) + 1):
        for k in range(1, len(placed)):
            least = placed[k - 1] + (sizes[order[k - 1]] + sizes[order[k]]) / 2 + gap
            if placed[k] < least:
                placed[k] = least
        # Centre each run of labels pushed together on where they wanted to be.
        shift = (sum(wanted[i] for i in order) - sum(placed)) / max(len(placed), 1)
        if abs(shift) < 0.01:
            break
        placed = [p + shift for p in placed]
    result = [0.0] * len(wanted)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def direct_labels(ax, labels: list) -> None:
    """Record `labels` (annotations at the end of the lines of `ax`) as its direct labels, which
    `place_direct_labels` moves apart each time the chart is drawn."""
    record_of(ax.get_figure()).direct[ax] = list(labels)


def place_direct_labels(fig: Figure) -> None:
    """Move the direct labels of each line chart apart (vertically) on the chart as it is laid out."""
    direct = record_of(fig).direct
    for ax in fig.axes:
        labels = direct.get(ax, [])
        if not labels:
            continue
        renderer = fig.canvas.get_renderer()
        for _ in range(2):
            for label in labels:
                label.xyann = (label.xyann[0], 0)
            lay_out(fig)
            wanted = [ax.transData.transform(label.xy)[1] for label in labels]
            sizes = [label.get_window_extent(renderer).height for label in labels]
            placed = spread(wanted, sizes)
            for label, want, place in zip(labels, wanted, placed):
                label.xyann = (label.xyann[0], (place - want) * 72 / fig.dpi)


def _at_width(figures: Sequence[Figure], width: float | None, sizes: dict, passes: int = 1) -> None:
    """Draw the parts of one chart `width` inches wide (None: as they were made), their value axis fitted
    again (fewer ticks on a phone, so that wide money ticks do not touch), their legends in as many columns
    as fit."""
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(STYLE):
        for fig in figures:
            fig.set_size_inches(width if width is not None else sizes[id(fig)][0], sizes[id(fig)][1])
            for ax, _, value_axis in _fits(fig):
                locator = (ax.xaxis if value_axis == "x" else ax.yaxis).get_major_locator()
                if isinstance(locator, MaxNLocator):
                    locator.set_params(nbins=NARROW_TICKS if width is not None else TICKS)
            fit_legends(fig)
        fit_group(figures, passes)


def narrow_svg(fig: Figure, restore: bool = True) -> str:
    """The chart drawn `NARROW_IN` wide for a phone, its text the same size (so larger on the screen than
    the desktop chart shrunk), its value labels fitted again (with the other parts of its chart: one value
    axis); the figures are left as they were, or with `restore=False` left at the phone's width (one layout
    less, for a caller done with them)."""
    members = group(fig)
    sizes = {id(member): member.get_size_inches().copy() for member in members}
    for member in members:
        for ax in member.axes:
            ax.xaxis.label.set_wrap(True)               # an axis label longer than a phone's chart wraps
    _at_width(members, NARROW_IN, sizes)
    try:
        return to_svg(fig)
    finally:
        if restore:
            _at_width(members, None, sizes)


def svgs(chart) -> list[tuple[str, str]]:
    """Each part of a chart (a Figure, or the list of its parts) as SVG for the page and for a phone:
    (page, phone) per part, the parts on one value axis at each width. The figures are used up (left at
    the phone's width)."""
    import matplotlib

    figures = parts(chart)
    if len(figures) > 1:
        # The parts' value axis fitted on the layout they are drawn with, before the first is written
        # (`to_svg` fits again a chart whose labels do not fit, which would move the parts already written).
        with matplotlib.rc_context(STYLE):
            for fig in figures:
                fit_legends(fig)
            fit_group(figures, passes=2)
    pages = [to_svg(fig) for fig in figures]
    sizes = {id(fig): fig.get_size_inches().copy() for fig in figures}
    for fig in figures:
        for ax in fig.axes:
            ax.xaxis.label.set_wrap(True)
    _at_width(figures, NARROW_IN, sizes, passes=2 if len(figures) > 1 else 1)
    phones = [to_svg(fig) for fig in figures]
    return list(zip(pages, phones))


def to_svg(fig: Figure) -> str:
    """The chart as an SVG document (text as text, no date: the same chart, the same text).

    matplotlib measures every text for each SVG it writes, twice (the layout and the drawing each make a
    renderer, and it keeps sizes per renderer). A size cache across SVGs had to patch matplotlib's text
    measurement, an internal; given up (issue 19): the charts alone about a fifth slower
    (benchmarks/charts.py), a render of nl and fr not measurably.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fit_legends(fig)
        place_direct_labels(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        if not labels_fit(fig):
            fit_group(group(fig), passes=2)
            place_direct_labels(fig)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
    # Where DejaVu Sans is not installed, a viewer falls back to a metric-close sans-serif.
    return buffer.getvalue().replace("font-family: 'DejaVu Sans'", FONT_FAMILIES)
