"""Every chart of the report read as printed and on a phone: text size, overlaps, contrast, whole charts.

The charts are drawn as the notebooks draw them (`report.chart`, `report.trend_chart`: page and phone SVG)
for the 2025 sample in every language, and for tables the contract allows that are much longer (30
subsidies with long names, a long budget, many campaigns). Each SVG is read back:

- text size as printed: the stylesheet shows a chart at most 174 mm wide (the A4 text block) and 110 mm
  high (report.css, `figure.chart img`), shrinking a larger one; on a 390 px phone at most 367 px wide
  (390 px less the page's 2 x 3 mm padding). Every text must print at 7 pt or more, and at one size on
  every chart.
- overlaps: no two texts of a chart on each other, none beyond the chart's edge (a clipped legend). The
  texts' boxes are matplotlib's own extents, taken on the figure as it was just written to SVG.
- contrast: every colour of the data (bars, hatching, lines, markers, legend keys) at least 3:1 against
  the chart's background (WCAG 1.4.11), the luminance computed here from the WCAG formula.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.text import Text

from figures import charts, pipeline, present
from figures.chapters import budget, campaigns, subsidies, trends
from figures.i18n import LANGUAGES, formats
from figures.notebook import open_report
from figures.registry import REGISTRY

MM_PER_IN, PT_PER_IN, PX_PER_IN = 25.4, 72, 96
PAGE_WIDTH_PT = 174 / MM_PER_IN * PT_PER_IN        # the A4 text block
PAGE_HEIGHT_PT = 110 / MM_PER_IN * PT_PER_IN       # report.css: figure.chart img { max-height: 110mm }
PHONE_WIDTH_PX = 390 - 2 * 3 / MM_PER_IN * PX_PER_IN  # a 390 px screen less body { padding: 0 3mm }
SMALLEST_PT = 7
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


# ---------------------------------------------------------------- WCAG, from its definitions

def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_wcag_formula_as_published():
    # WCAG's own extremes and two colours whose ratio is commonly quoted.
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#e69f00", "#ffffff") == pytest.approx(2.25, abs=0.01)       # the orange


# ---------------------------------------------------------------- drawing every chart, capturing it

class Drawn:
    """One SVG as written, and its texts' boxes (pixels) and the figure's box, on the layout written."""

    def __init__(self, name: str, svg: str, boxes: list, figure_box):
        self.name, self.svg, self.boxes, self.figure_box = name, svg, boxes, figure_box


def drawn_texts(fig) -> list[tuple[str, object]]:
    """(text, box) of every text the figure draws: titles, axis labels, the tick labels within the view,
    annotations and value labels, legend entries. The figure is drawn once more (without rendering) on the
    layout it was written with: writing the SVG placed the axis labels in the SVG's pixels."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    texts: list[Text] = []
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():                   # the ticks drawn: those within the view
                texts += [tick.label1, tick.label2]
        texts += list(ax.texts)
    for legend in fig.legends:
        texts += list(legend.get_texts())
    texts += list(fig.texts)
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts
            if t.get_visible() and t.get_text().strip()]


@pytest.fixture
def capture(monkeypatch):
    """Every SVG that `charts.to_svg` writes, with the boxes of its texts on the layout it wrote."""
    written: list[Drawn] = []
    to_svg = charts.to_svg

    def capturing(fig):
        svg = to_svg(fig)
        written.append(Drawn(charts.title_of(fig), svg, drawn_texts(fig), fig.bbox.frozen()))
        return svg

    monkeypatch.setattr(charts, "to_svg", capturing)
    return written


@pytest.fixture(scope="module")
def processed_2025(tmp_path_factory) -> Path:
    folders = pipeline.Folders(processed=tmp_path_factory.mktemp("processed"))
    pipeline.prepare(2025, folders)
    return folders.processed


def every_chart(report) -> list:
    """Every chart of the report, as the notebooks draw them: the tables' charts and the trends'."""
    made = [report.chart(name) for name, spec in REGISTRY.tables.items() if spec.chart is not None]
    made += [report.trend_chart(chart) for chart in trends.CHARTS]
    return made


def svgs_of(made) -> list[present.Svg]:
    return made.parts if isinstance(made, present.Charts) else [made]


@pytest.fixture(scope="module")
def report_charts(processed_2025) -> dict[str, list[Drawn]]:
    """Per language, every SVG of every 2025 chart (page and phone) with its texts' boxes."""
    drawn = {}
    with pytest.MonkeyPatch.context() as patch:
        for lang in LANGUAGES:
            written: list[Drawn] = []
            to_svg = charts.to_svg

            def capturing(fig, to_svg=to_svg, written=written):
                svg = to_svg(fig)
                written.append(Drawn(charts.title_of(fig), svg, drawn_texts(fig), fig.bbox.frozen()))
                return svg

            patch.setattr(charts, "to_svg", capturing)
            report = open_report(2025, lang, processed_dir=processed_2025)
            shown = [svg for made in every_chart(report) for svg in svgs_of(made)]
            patch.setattr(charts, "to_svg", to_svg)
            assert len(written) == 2 * len(shown)          # every SVG shown (page and phone) was captured
            drawn[lang] = written
    return drawn


# ---------------------------------------------------------------- reading an SVG

def size_pt(svg: str) -> tuple[float, float, float]:
    """Width and height in pt, and pt per user unit."""
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    width = float(re.search(r'\bwidth="([\d.]+)pt"', root).group(1))
    height = float(re.search(r'\bheight="([\d.]+)pt"', root).group(1))
    view = [float(v) for v in re.search(r'\bviewBox="([^"]+)"', root).group(1).split()]
    return width, height, width / view[2]


def is_phone(svg: str) -> bool:
    return size_pt(svg)[0] < PAGE_WIDTH_PT * 0.7


def printed_scale(svg: str) -> float:
    """How much the reader's document shrinks the chart: on the page, to fit 174 mm x 110 mm; on a phone,
    to fit the screen's width."""
    width, height, _ = size_pt(svg)
    if is_phone(svg):
        return min(1.0, PHONE_WIDTH_PX / (width / PT_PER_IN * PX_PER_IN))
    return min(1.0, PAGE_WIDTH_PT / width, PAGE_HEIGHT_PT / height)


def text_sizes_pt(svg: str) -> list[float]:
    """The size of every text of the chart as printed (or as shown on the phone), in pt."""
    _, _, unit = size_pt(svg)
    scale = printed_scale(svg)
    sizes = re.findall(r"<text\b[^>]*font-size: ([\d.]+)px", svg)
    assert sizes, "a chart without text"
    return [round(float(s) * unit * scale, 2) for s in sizes]


COLOUR = re.compile(r"(fill|stroke):\s*(#[0-9a-fA-F]{6}|url\(#[^)]+\))")


def data_colours(svg: str) -> tuple[str, set[str]]:
    """The chart's background and the colours of its data: every fill and stroke in the axes and legends
    (bars, their hatching, lines, markers, legend keys), but not the axes' ticks and grid (inside
    `matplotlib.axis_*`) nor the texts. A pattern fill (hatching) counts with its own colours."""
    root = ET.fromstring(svg.encode("utf-8"))
    figure = root.find(f".//{SVG}g[@id='figure_1']")
    background = COLOUR.search(figure.find(f"{SVG}g[@id='patch_1']/{SVG}path").get("style")).group(2).lower()
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    defs = {p.get("id"): p for p in root.iter(f"{SVG}path") if p.get("id")}
    colours: set[str] = set()

    def walk(element) -> None:
        if element.tag == f"{SVG}text" or (element.get("id") or "").startswith("matplotlib.axis"):
            return
        for _, value in COLOUR.findall(element.get("style") or ""):
            if value.startswith("url("):
                for inner in patterns[value[5:-1]].iter():
                    colours.update(v.lower() for _, v in COLOUR.findall(inner.get("style") or "")
                                   if not v.startswith("url("))
            else:
                colours.add(value.lower())
        if element.tag == f"{SVG}use":                        # a marker: its path is in <defs>
            walk(defs[element.get(f"{XLINK}href").lstrip("#")])
        for child in element:
            walk(child)

    for group in figure:
        if (group.get("id") or "").startswith(("axes_", "legend_")):
            walk(group)
    return background, colours


def overlaps(boxes: list, tolerance: float = 0.5) -> list[tuple[str, str]]:
    found = []
    for (one, a), (other, b) in itertools.combinations(boxes, 2):
        width = min(a.x1, b.x1) - max(a.x0, b.x0)
        height = min(a.y1, b.y1) - max(a.y0, b.y0)
        if width > tolerance and height > tolerance:
            found.append((one, other))
    return found


def outside(drawn: Drawn, tolerance: float = 0.5) -> list[str]:
    box = drawn.figure_box
    return [t for t, b in drawn.boxes if b.x0 < box.x0 - tolerance or b.x1 > box.x1 + tolerance
            or b.y0 < box.y0 - tolerance or b.y1 > box.y1 + tolerance]


def check_text_size(written: list[Drawn]) -> set[float]:
    sizes = set()
    for drawn in written:
        small = [s for s in text_sizes_pt(drawn.svg) if s < SMALLEST_PT]
        assert not small, f"{drawn.name} ({'phone' if is_phone(drawn.svg) else 'page'}): text of {small} pt"
        sizes |= set(text_sizes_pt(drawn.svg))
    return sizes


def check_layout(written: list[Drawn]) -> None:
    for drawn in written:
        where = f"{drawn.name} ({'phone' if is_phone(drawn.svg) else 'page'})"
        assert not overlaps(drawn.boxes), f"{where}: texts on each other: {overlaps(drawn.boxes)}"
        assert not outside(drawn), f"{where}: texts beyond the chart's edge: {outside(drawn)}"


def check_contrast(written: list[Drawn]) -> None:
    for drawn in written:
        background, colours = data_colours(drawn.svg)
        data = colours - {background}                    # white hatching and bar edges are the background
        assert data, f"{drawn.name}: no data colour found"
        weak = {c: round(contrast(c, background), 2) for c in data if contrast(c, background) < 3}
        assert not weak, f"{drawn.name}: colours under 3:1 against {background}: {weak}"


# ---------------------------------------------------------------- the 2025 report, every language

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_prints_its_text_at_7_pt_or_more_and_at_one_size(report_charts, lang):
    written = report_charts[lang]
    pages = [d for d in written if not is_phone(d.svg)]
    phones = [d for d in written if is_phone(d.svg)]
    assert len(pages) == len(phones) >= len(trends.CHARTS) + 6
    # One size on every chart as printed (no chart shrunk more than another), and on the phone.
    assert len(check_text_size(pages)) == 1
    assert len(check_text_size(phones)) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_of_a_chart_on_another_or_beyond_its_edge(report_charts, lang):
    check_layout(report_charts[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_data_colour_has_3_to_1_contrast_with_the_background(report_charts, lang):
    check_contrast(report_charts[lang])


def test_the_trend_of_women_per_level_has_a_marker_and_a_direct_label_per_level(report_charts):
    (page, *_) = [d for d in report_charts["en"] if d.name == "Share of women per level (%)"]
    labels = [t for t, _ in page.boxes if t.startswith("Level ")]
    assert sorted(label.split(":")[0] for label in labels) == ["Level A", "Level B", "Level C", "Level D"]
    # Four marker shapes, one per line, each in its line's colour (the axes' tick marks are grey).
    markers = re.findall(r'<path id="m[0-9a-f]+" d="([^"]+)" style="[^"]*stroke: (#[0-9a-f]{6})', page.svg)
    shapes = {d for d, colour in markers if colour != "#555555"}
    assert len(shapes) == 4


# ---------------------------------------------------------------- tables longer than 2025's

LONG_NAME = "Vereniging {n} voor de bevordering van het culturele erfgoed van de provincie"


def thirty_subsidies() -> tuple[pd.DataFrame, list[str]]:
    amounts = [1000.0 * (n + 1) + 7 for n in range(30)]              # 1.007 € ... 30.007 €: not a tick
    table = pd.DataFrame({"beneficiary": [LONG_NAME.format(n=n) for n in range(30)] + ["total"],
                          "amount_eur": amounts + [sum(amounts)]})
    activities = [f"Jaarlijkse activiteit met een lange omschrijving, editie {n}" for n in range(30)]
    return table, activities + ["Totaal"]


def many_budget_lines() -> tuple[pd.DataFrame, list[str]]:
    codes = [f"L{n:02d}" for n in range(32)]
    table = pd.DataFrame({"group": ["chancellery"] * 22 + ["services"] * 10, "code": codes,
                          "amount_eur": [float(10_000 * (n + 1) ** 2) for n in range(32)]})
    return table, [f"Dienst met een lange naam voor de begroting nummer {n}" for n in range(32)]


def many_campaigns() -> tuple[pd.DataFrame, list[str]]:
    n = 24
    table = pd.DataFrame({"campaign": [f"c{i}" for i in range(n)], "measure": ["reach"] * n,
                          "channel": ["press"] * n, "country": ["FR+BE"] * n, "unit": ["number"] * n,
                          "value": [float(150_000 * (i + 1) ** 2) for i in range(n)]})
    return table, [f"Campagne {i} over de Belgische aanwezigheid op de wereldtentoonstelling" for i in range(n)]


LONG = {"subsidies": (subsidies.subsidies_chart, thirty_subsidies),
        "budget": (budget.budget_chart, many_budget_lines),
        "campaigns": (campaigns.people_chart, many_campaigns)}


@pytest.mark.parametrize("name", list(LONG))
@pytest.mark.parametrize("lang", ["nl", "de"])
def test_a_long_chart_is_whole_readable_and_in_parts_that_fit_the_page(capture, name, lang):
    chart, data = LONG[name]
    table, labels = data()
    made = present.chart(chart(table, labels, lang))
    parts = svgs_of(made)
    assert len(parts) > 1
    for svg in parts:
        width, height, _ = size_pt(svg.svg)
        assert width <= PAGE_WIDTH_PT and height <= PAGE_HEIGHT_PT            # printed unshrunk
    assert len(check_text_size(capture)) == 1
    check_layout(capture)
    check_contrast(capture)


def test_thirty_subsidies_give_thirty_bars_and_thirty_amounts_in_the_svgs():
    table, activities = thirty_subsidies()
    made = present.chart(subsidies.subsidies_chart(table, activities, "nl"))
    pages = [svg.svg for svg in svgs_of(made)]
    phones = [svg.narrow for svg in svgs_of(made)]
    for written in (pages, phones):
        texts = [t for svg in written for t in re.findall(r"<text\b[^>]*>\s*([^<]*?)\s*<", svg)]
        for amount in table["amount_eur"].iloc[:-1]:
            assert texts.count(formats.money(amount, "nl")) == 1, amount
        for n in range(30):                    # each beneficiary's name, its first line
            assert charts.wrap(LONG_NAME.format(n=n)).split("\n")[0] in texts
        # One bar per subsidy: the paths filled with the bars' colour.
        bars = sum(len(re.findall(r'<path [^>]*style="fill: #b5568f"', svg)) for svg in written)
        assert bars == 30
