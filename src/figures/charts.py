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
# The bar that groups what a long chart leaves out.
OTHERS = "#999999"

# A4-friendly: about 16 x 9 cm; charts with many bars grow taller.
WIDTH_IN = 6.3
HEIGHT_IN = 3.6
BAR_ROW_IN = 0.32          # height per row of a horizontal bar chart
FRAME_IN = 1.2             # title, axis label, ticks and legend of a horizontal bar chart
WRAP = 28                  # characters per line of a long category name
TICKS = 5                  # about so many ticks on a value axis; NARROW_TICKS on a phone's chart
NARROW_TICKS = 3
NARROW_IN = 3.8            # a phone's width (365 CSS px: a 390 px screen shows it unscaled, text as on a desktop)
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
    # Chart text is literal text: a label "R&D ($)" is not parsed as mathematics.
    "text.parse_math": False,
}
VALUE_LABEL_SIZE = 7.5
VALUE_LABEL_PAD = 2        # points between a bar's end and its value label


# ---------------------------------------------------------------- helpers

MAX_LINES = 3


def wrap(label: str, width: int = WRAP) -> str:
    """A label on lines of `width` characters, at most MAX_LINES of them (the rest cut with "…")."""
    lines = textwrap.wrap(str(label), width=width, break_long_words=True) or [str(label)]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def rows(ticks: Sequence[str], bars: float = 1) -> float:
    """The height of a horizontal bar chart in rows: `bars` per category, more when its tick label wraps."""
    return sum(max(bars, 0.7 * (tick.count("\n") + 1)) for tick in ticks)


def new_figure(rows: float | None = None) -> Figure:
    """A figure in the house size; `rows` horizontal bars make it taller when needed.

    It is given an Agg canvas, whose renderer is made once and kept: a bare Figure makes a new
    renderer (a new canvas) for every layout and every text extent measured.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = HEIGHT_IN if rows is None else max(HEIGHT_IN, FRAME_IN + BAR_ROW_IN * rows)
    fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
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
    from matplotlib.ticker import FuncFormatter

    axis.set_major_locator(_locator())
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.number(_clean(value / 1e6), lang)))


def _clean(value: float):
    """A tick value without float noise (2.0000000004 -> 2), an int when whole."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def value_labels(ax, container, values: Sequence[float], labels: Sequence[str]) -> list[tuple]:
    """Write `labels` at the end of the bars; returns (label, bar value) pairs for `fit_labels`."""
    texts = ax.bar_label(container, labels=list(labels), padding=VALUE_LABEL_PAD, fontsize=VALUE_LABEL_SIZE)
    return list(zip(texts, [float(v) for v in values]))


def legend(fig: Figure, ax, ncols: int) -> None:
    """The legend under the chart, outside the axes: it never covers a bar."""
    handles, entries = ax.get_legend_handles_labels()
    fig.legend(handles, entries, loc="outside lower center", ncols=ncols, handlelength=1.2,
               columnspacing=1.5)


def fit_labels(fig: Figure, ax, labelled: list[tuple], value_axis: str, passes: int = 1) -> None:
    """Widen the value axis so that every value label stays inside the axes.

    A label sits `pad + size` pixels beyond its bar; with the axis running from 0
    to `limit`, a bar of value v ends at v / limit of the axes, so the label fits
    when v / limit * L + pad + size <= L (L the axes length in pixels). L is measured
    on the chart laid out (`passes` times: the layout moves a little once the limit
    changes its ticks); `to_svg` checks the labels on the layout it draws, and fits
    them again with two passes in the rare chart where one was not enough.
    """
    fits = fig.__dict__.setdefault("_value_label_fits", [])
    if (ax, labelled, value_axis) not in fits:
        fits.append((ax, labelled, value_axis))     # fitted again when the chart is drawn narrower
    set_limit = ax.set_xlim if value_axis == "x" else ax.set_ylim
    top = max((value for _, value in labelled), default=0)
    limit = top if top > 0 else 1
    renderer = fig._get_renderer()      # the canvas's one renderer (see new_figure)
    for _ in range(passes):
        set_limit(0, limit)
        lay_out(fig)
        box = ax.get_window_extent(renderer)
        length = box.width if value_axis == "x" else box.height
        pad = VALUE_LABEL_PAD * fig.dpi / 72
        needed = top * 1.05 if top > 0 else 1
        for label, value in labelled:
            extent = label.get_window_extent(renderer)
            size = extent.width if value_axis == "x" else extent.height
            room = length - pad - size
            needed = max(needed, value * length / room if room > 0 else 2 * value)
        limit = needed * 1.02
    set_limit(0, limit)


def lay_out(fig: Figure) -> None:
    """Place the axes as drawing would (the constrained layout), without drawing every artist: enough to
    measure the axes and the texts."""
    engine = fig.get_layout_engine()
    if engine is None:
        fig.draw_without_rendering()
    else:
        engine.execute(fig)


def labels_fit(fig: Figure) -> bool:
    """Whether every fitted value label lies inside its axes, as the figure was last laid out."""
    renderer = fig._get_renderer()
    for ax, labelled, value_axis in fig.__dict__.get("_value_label_fits", []):
        box = ax.get_window_extent(renderer)
        for label, _ in labelled:
            extent = label.get_window_extent(renderer)
            if (extent.x1 if value_axis == "x" else extent.y1) > (box.x1 if value_axis == "x" else box.y1) + 0.5:
                return False
    return True


def build(function: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build a chart inside the house style, then lay it out once while the style is active."""
    @functools.wraps(function)
    def styled(*args, **kwargs) -> Figure:
        import matplotlib

        with matplotlib.rc_context(STYLE):
            fig = function(*args, **kwargs)
            # Create the ticks while the style applies (they take their size and colour from it when they
            # are made); the layout is left to the first draw, which `to_svg` makes in the style.
            for ax in fig.axes:
                ax.get_xticklabels()
                ax.get_yticklabels()
        return fig
    return styled


# More bars than this and a chart is no longer read (and no longer fits a page): the largest are shown and
# the rest grouped in one bar. The table beside the chart stays complete.
MAX_BARS = 20


def largest(values: Sequence[float], lang: str, limit: int = MAX_BARS) -> tuple[list[int], float | None, str]:
    """The positions of the bars to draw (the `limit` - 1 largest, in their order) and, when some are left
    out, the sum of the others and its label ("Andere (231)"); else None and ""."""
    if len(values) <= limit:
        return list(range(len(values))), None, ""
    keep = sorted(sorted(range(len(values)), key=lambda i: -values[i])[: limit - 1])
    rest = [i for i in range(len(values)) if i not in set(keep)]
    return keep, float(sum(values[i] for i in rest)), text("chart.others", lang, count=len(rest))


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
    return fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""


def narrow_svg(fig: Figure, restore: bool = True) -> str:
    """The chart drawn `NARROW_IN` wide for a phone, its text the same size (so larger on the screen than
    the desktop chart shrunk), its value labels fitted again; the figure is left as it was, or with
    `restore=False` left at the phone's width (one layout less, for a caller done with the figure)."""
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    size = fig.get_size_inches().copy()

    fits = fig.__dict__.get("_value_label_fits", [])

    def drawn_at(width: float, ticks: int, draw: bool = True) -> None:
        fig.set_size_inches(width, size[1])
        with matplotlib.rc_context(STYLE):
            for ax, labelled, value_axis in fits:
                locator = (ax.xaxis if value_axis == "x" else ax.yaxis).get_major_locator()
                if isinstance(locator, MaxNLocator):
                    locator.set_params(nbins=ticks)     # fewer, so that wide money ticks do not touch
                fit_labels(fig, ax, labelled, value_axis)
            if draw:
                fig.draw_without_rendering()

    legends = [(legend, legend._ncols) for legend in fig.legends]
    for ax in fig.axes:
        ax.xaxis.label.set_wrap(True)               # an axis label longer than a phone's chart wraps
    for legend, _ in legends:
        legend.set_ncols(1)                         # one entry per line: none runs off the chart
    drawn_at(NARROW_IN, NARROW_TICKS, draw=False)      # to_svg lays it out as it draws
    try:
        return to_svg(fig)
    finally:
        if restore:
            for legend, ncols in legends:
                legend.set_ncols(ncols)
            drawn_at(size[0], TICKS)


_TEXT_SIZES: dict = {}
TEXT_SIZES_KEPT = 20_000


def _remember_text_sizes() -> None:
    """Let the SVG writer measure each text once per process.

    matplotlib keeps a text's measured size per renderer, and every SVG it writes has a renderer of its own:
    the same tick labels and value labels were measured again with FreeType for each chart, page and phone
    (about a tenth of the charts' time). The size depends only on the text, the font's properties and the
    writer's resolution, which make the key; the answer is matplotlib's own. Installed once, on
    `TextToPath`, which the SVG writer measures with.
    """
    from matplotlib.textpath import TextToPath

    measure = TextToPath.get_text_width_height_descent
    if getattr(measure, "remembered", False):
        return

    def remembered(self, s, prop, ismath):
        key = (s, ismath, tuple(prop.get_family()), prop.get_slant(), prop.get_variant(), prop.get_weight(),
               prop.get_stretch(), prop.get_size(), prop.get_file(), prop.get_math_fontfamily(), self.DPI,
               self.FONT_SCALE)
        size = _TEXT_SIZES.get(key)
        if size is None:
            if len(_TEXT_SIZES) >= TEXT_SIZES_KEPT:
                _TEXT_SIZES.clear()
            size = _TEXT_SIZES[key] = measure(self, s, prop, ismath)
        return size

    remembered.remembered = True
    remembered.measure = measure
    TextToPath.get_text_width_height_descent = remembered


def to_svg(fig: Figure) -> str:
    """The chart as an SVG document (text as text, no date: the same chart, the same text)."""
    import matplotlib

    _remember_text_sizes()
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        if not labels_fit(fig):
            for ax, labelled, value_axis in fig.__dict__.get("_value_label_fits", []):
                fit_labels(fig, ax, labelled, value_axis, passes=2)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
    # Where DejaVu Sans is not installed, a viewer falls back to a metric-close sans-serif.
    return buffer.getvalue().replace("font-family: 'DejaVu Sans'", FONT_FAMILIES)
