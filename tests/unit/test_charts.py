"""Charts: one house style, the bars equal the table, every word and number in the chart's language.

Each test builds a tiny table by hand, shaped as the computation returns it,
and reads the chart back from its axes: the title, the bar lengths (patches),
the value labels and the legend.
"""

import functools
import importlib
import re

import matplotlib
import pandas as pd
import pytest
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from figures import charts, labels
from figures.chapters import budget, meetings, staff, subsidies, translations
from figures.i18n import LANGUAGES, formats, text

LANGS = pytest.mark.parametrize("lang", LANGUAGES)


# ---------------------------------------------------------------- tiny tables, as compute returns them

def age_table() -> pd.DataFrame:
    return pd.DataFrame({"band": ["19-29", "30-40", "41-51"], "staff": [3, 1, 1246], "percent": [1, 0, 99]})


def gender_table(x: tuple[int, ...] = (0, 0, 0, 0)) -> pd.DataFrame:
    women, men = [2, 1, 0, 5], [1, 1, 3, 0]
    table = pd.DataFrame({"level": list("ABCD"), "women": women, "men": men, "x": list(x)})
    table["total"] = table["women"] + table["men"] + table["x"]
    table.loc[len(table)] = ["total", *table[["women", "men", "x", "total"]].sum()]
    return table


def meetings_table(na) -> pd.DataFrame:
    """Four bodies: e-procedures 3, not applicable, 0, 1234; a body with 0 meetings."""
    return pd.DataFrame({"body": ["ministerraad", "comite_a", "nvr", "overlegcomite"],
                         "meetings": [12, 0, 5, 2],
                         "e_procedures": pd.array([3, na, 0, 1234],
                                                  dtype="Int64" if na is pd.NA else "float64")})


def words_table() -> pd.DataFrame:
    return pd.DataFrame({"text_type": ["legal", "political", "general", "total"],
                         "words": [987312, 2500, 300, 990112]})


BUDGET_LABELS = {"CH01": "Beleidsorganen", "CH02": "Staatssecretarissen", "SV01": "Dienst een"}


def budget_table() -> pd.DataFrame:
    return pd.DataFrame({"group": ["chancellery", "chancellery", "services"],
                         "code": ["CH01", "CH02", "SV01"],
                         "amount_eur": [4639816.0, 1250.0, 1234.56]})


SUBSIDY_LABELS = ["Bal", "Concert met een lange naam"]        # the activities, in file order


def subsidies_table() -> pd.DataFrame:
    return pd.DataFrame({"beneficiary": ["Vzw A", "Vzw B", "total"], "amount_eur": [40000.0, 1000.7, 41000.7]})


def build(name: str, lang: str, **tables) -> Figure:
    """The chart of a tiny table, with the row labels a reader sees (as the table's declaration gives them)."""
    if name == "age_bands":
        table = tables.get("table", age_table())
        return staff.age_bands_chart(table, [labels.band(b, lang) for b in table["band"]], lang)
    if name == "gender_by_level":
        table = tables.get("table", gender_table())
        return staff.gender_by_level_chart(table, [labels.level(v, lang) for v in table["level"]], lang)
    if name == "meetings":
        table = tables.get("table", meetings_table(pd.NA))
        return meetings.meetings_chart(table, [labels.body(b, lang) for b in table["body"]], lang)
    if name == "translations_by_type":
        table = words_table()
        return translations.by_type_chart(table, [labels.text_type(t, lang) for t in table["text_type"]], lang)
    if name == "budget":
        table = tables.get("table", budget_table())
        names = tables.get("labels", BUDGET_LABELS)
        return budget.budget_chart(table, [names[c] for c in table["code"]], lang)
    if name == "subsidies":
        table = tables.get("table", subsidies_table())
        return subsidies.subsidies_chart(table, tables.get("labels", SUBSIDY_LABELS) + [labels.total(lang)], lang)
    raise KeyError(name)


@functools.lru_cache(maxsize=None)
def chart(name: str, lang: str) -> Figure:
    """The chart of the default tiny table, built once: the tests only read it."""
    return build(name, lang)


NAMES = ("age_bands", "gender_by_level", "meetings", "translations_by_type", "budget", "subsidies")


def axes(fig: Figure):
    """The chart's axes; the last one of a chart of several panels (the budget: one per group)."""
    return fig.axes[-1]


def bar_sets(fig: Figure) -> list[BarContainer]:
    return [c for ax in fig.axes for c in ax.containers if isinstance(c, BarContainer)]


def heights(container: BarContainer) -> list[float]:
    return [p.get_height() for p in container.patches]


def widths(container: BarContainer) -> list[float]:
    return [p.get_width() for p in container.patches]


def value_labels(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def panel_titles(fig: Figure) -> list[str]:
    """The title of each panel (the budget's groups), on one line."""
    return [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes]


def tick_labels(fig: Figure, axis: str) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in (ax.get_xticklabels() if axis == "x" else ax.get_yticklabels())]


def legend_texts(fig: Figure) -> list[str]:
    (legend,) = fig.legends
    return [t.get_text() for t in legend.get_texts()]


# ---------------------------------------------------------------- every chart, every language

@LANGS
@pytest.mark.parametrize("name", NAMES)
def test_a_figure_titled_from_the_catalogue(name, lang):
    # The title is the figure's label, the caption of the reader's figure: not drawn a second time.
    fig = chart(name, lang)
    assert isinstance(fig, Figure)
    assert charts.title_of(fig) == fig.get_label() == text(f"chart.{name}.title", lang)
    if name != "budget":                      # the budget's panels are titled by their group
        assert axes(fig).get_title(loc="left") == "" and axes(fig).get_title() == ""


@LANGS
@pytest.mark.parametrize("name", NAMES)
def test_axis_label_from_the_catalogue(name, lang):
    ax = axes(chart(name, lang))
    if name in ("age_bands", "gender_by_level"):
        assert ax.get_ylabel() == text(f"chart.{name}.y", lang)
    else:
        assert ax.get_xlabel() == text(f"chart.{name}.x", lang)


@pytest.mark.parametrize("name", NAMES)
def test_house_style(name):
    fig = chart(name, "en")
    ax = axes(fig)
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.get_axisbelow() is True
    assert all(t.get_fontfamily() == ["DejaVu Sans"] for t in ax.get_yticklabels() + ax.get_xticklabels())
    width, height = fig.get_size_inches()
    # At most 110 mm (4.33 in) high, the most the page's stylesheet prints without shrinking the chart.
    assert width == pytest.approx(6.3) and 1.9 <= height <= 110 / 25.4
    assert fig.get_layout_engine() is not None
    palette = {matplotlib.colors.to_hex(c) for c in charts.PALETTE}
    assert {matplotlib.colors.to_hex(p.get_facecolor()) for c in bar_sets(fig) for p in c.patches} <= palette


# ---------------------------------------------------------------- age bands

@LANGS
def test_age_bands(lang):
    fig = chart("age_bands", lang)
    (bars,) = bar_sets(fig)
    assert heights(bars) == [3, 1, 1246]
    assert tick_labels(fig, "x") == [labels.band(b, lang) for b in ["19-29", "30-40", "41-51"]]
    assert value_labels(fig) == [f"{formats.number(3, lang)} ({formats.percent(1, lang)})",
                                 f"{formats.number(1, lang)} ({formats.percent(0, lang)})",
                                 f"{formats.number(1246, lang)} ({formats.percent(99, lang)})"]


def test_age_band_labels_in_the_locale():
    assert "1.246 (99%)" in value_labels(chart("age_bands", "nl"))
    assert "1,246 (99%)" in value_labels(chart("age_bands", "en"))
    assert "1\u202f246 (99\xa0%)" in value_labels(chart("age_bands", "fr"))


# ---------------------------------------------------------------- gender by level

@LANGS
def test_gender_by_level_without_x(lang):
    fig = chart("gender_by_level", lang)
    women, men = bar_sets(fig)                          # no x series: nobody is X
    assert heights(women) == [2, 1, 0, 5] and heights(men) == [1, 1, 3, 0]
    assert tick_labels(fig, "x") == [labels.level(level, lang) for level in "ABCD"]   # no total
    assert legend_texts(fig) == [text("table.gender_by_level.women", lang), text("table.gender_by_level.men", lang)]
    assert value_labels(fig) == ["2", "1", "0", "5", "1", "1", "3", "0"]


@LANGS
def test_gender_by_level_with_x(lang):
    fig = build("gender_by_level", lang, table=gender_table(x=(0, 0, 1, 0)))
    women, men, x = bar_sets(fig)
    assert heights(x) == [0, 0, 1, 0]
    assert legend_texts(fig)[-1] == text("table.gender_by_level.x", lang)


# ---------------------------------------------------------------- meetings

@LANGS
@pytest.mark.parametrize("na", [pd.NA, float("nan")], ids=["computed", "read_back"])
def test_meetings(lang, na):
    fig = build("meetings", lang, table=meetings_table(na))
    meetings, e_procedures = bar_sets(fig)
    assert widths(meetings) == [12, 0, 5, 2]            # a zero bar is still a bar
    assert widths(e_procedures) == [3, 0, 0, 1234]      # comite_a: not applicable, a bar of length 0
    ax = axes(fig)
    # Reference order from top to bottom: the y axis runs downwards.
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    # Each e-procedure bar in its body's row: nearest the tick of ministerraad, comite_a, nvr and overlegcomite.
    ticks = list(ax.get_yticks())
    e_rows = [p.get_y() + p.get_height() / 2 for p in e_procedures.patches]
    assert [min(range(4), key=lambda i: abs(ticks[i] - y)) for y in e_rows] == [0, 1, 2, 3]
    names = [labels.body(b, lang) for b in ["ministerraad", "comite_a", "nvr", "overlegcomite"]]
    assert [t.replace("\n", " ") for t in tick_labels(fig, "y")] == names
    assert all(len(line) <= 28 for tick in tick_labels(fig, "y") for line in tick.split("\n"))
    assert legend_texts(fig) == [text("chapter.meetings", lang), text("table.meetings.e_procedures", lang)]
    assert formats.number(1234, lang) in value_labels(fig)
    # A count of 0 and not applicable: "/" as in the table, no "0" written, no row left blank.
    assert "0" not in value_labels(fig)
    assert value_labels(fig).count("/") == 2 + 1 and "" not in value_labels(fig)


def test_meeting_labels_in_the_locale():
    assert "1.234" in value_labels(chart("meetings", "nl"))
    assert "1,234" in value_labels(chart("meetings", "en"))


# ---------------------------------------------------------------- translations

@LANGS
def test_translations_by_type(lang):
    fig = chart("translations_by_type", lang)
    (bars,) = bar_sets(fig)
    assert widths(bars) == [987312, 2500, 300]           # no total bar
    assert tick_labels(fig, "y") == [labels.text_type(t, lang) for t in ["legal", "political", "general"]]
    assert value_labels(fig) == [formats.number(w, lang) for w in [987312, 2500, 300]]
    ax = axes(fig)
    ticks = ax.xaxis.get_major_formatter().format_ticks([0, 500000])
    assert ticks == [formats.number(0, lang), formats.number(500000, lang)]


def test_translation_numbers_in_the_locale():
    assert "987.312" in value_labels(chart("translations_by_type", "nl"))
    assert "987,312" in value_labels(chart("translations_by_type", "en"))


# ---------------------------------------------------------------- budget

@LANGS
def test_budget(lang):
    # One panel per group, both on one scale: a reader compares a bar of one group with a bar of the other
    # (the services' 1 234,56 euro is a short bar, its amount written beside it).
    fig = chart("budget", lang)
    chancellery, services = bar_sets(fig)
    assert widths(chancellery) == [4639816.0, 1250.0] and widths(services) == [1234.56]
    assert tick_labels(fig, "y") == ["Beleidsorganen", "Staatssecretarissen", "Dienst een"]
    assert panel_titles(fig) == [text("chart.budget.chancellery", lang), text("chart.budget.services", lang)]
    assert fig.axes[0].get_xlim() == fig.axes[1].get_xlim() and fig.axes[0].get_xlim()[1] > 4639816
    assert not fig.legends
    assert value_labels(fig) == [formats.money(v, lang) for v in [4639816, 1250, 1234.56]]


def test_budget_labels_in_the_locale():
    assert "4.639.816 €" in value_labels(chart("budget", "nl"))
    assert "1.234,56 €" in value_labels(chart("budget", "nl"))
    assert "€4,639,816" in value_labels(chart("budget", "en"))
    assert "4\u202f639\u202f816 €" in value_labels(chart("budget", "fr"))


def test_budget_axis_in_millions():
    # Plain millions; the axis label carries the unit ("Bedrag (miljoen euro)").
    ticks = axes(chart("budget", "nl")).xaxis.get_major_formatter().format_ticks([0, 2.5e6, 40e6])
    assert ticks == ["0", "2,5", "40"]
    assert axes(chart("budget", "nl")).get_xlabel() == "Bedrag (miljoen euro)"


def test_subsidies_axis_in_the_tables_money_format():
    ticks = axes(chart("subsidies", "nl")).xaxis.get_major_formatter().format_ticks([0, 20000])
    assert ticks == ["0 €", "20.000 €"]


def test_budget_panel_titles_are_short():
    # Legends without wrapped table titles: each panel names its group in a few words.
    fig = chart("budget", "en")
    assert all(len(title) <= 45 for title in panel_titles(fig))


# ---------------------------------------------------------------- subsidies

@LANGS
def test_subsidies(lang):
    fig = chart("subsidies", lang)
    (bars,) = bar_sets(fig)
    assert widths(bars) == [40000.0, 1000.7]             # no total bar
    assert tick_labels(fig, "y") == ["Vzw A", "Vzw B"]
    texts = value_labels(fig)
    assert formats.money(40000, lang) in texts and formats.money(1000.7, lang) in texts
    assert "Bal" in texts and "Concert met een lange naam" in texts      # the activities


def test_subsidy_labels_in_the_locale():
    assert "1.000,70 €" in value_labels(chart("subsidies", "nl"))
    assert "€1,000.70" in value_labels(chart("subsidies", "en"))


def test_two_subsidies_to_one_beneficiary_keep_their_own_activities():
    table = pd.DataFrame({"beneficiary": ["Vzw A", "Vzw A", "total"], "amount_eur": [10.0, 20.0, 30.0]})
    fig = subsidies.subsidies_chart(table, ["Bal", "Concert", "Totaal"], "nl")
    shown = [t.get_text() for t in axes(fig).texts]
    assert "Bal" in shown and "Concert" in shown


def test_long_beneficiary_is_wrapped():
    table = pd.DataFrame({"beneficiary": ["Internationale Muziekwedstrijd Koningin Elisabeth", "total"],
                          "amount_eur": [22000.0, 22000.0]})
    fig = subsidies.subsidies_chart(table, ["", "Totaal"], "nl")
    (tick,) = tick_labels(fig, "y")
    assert "\n" in tick and tick.replace("\n", " ") == "Internationale Muziekwedstrijd Koningin Elisabeth"


# ---------------------------------------------------------------- value labels stay inside the axes

@pytest.mark.parametrize("name", NAMES)
def test_value_labels_inside_the_axes(name):
    fig = chart(name, "fr")
    fig.draw_without_rendering()
    for ax in fig.axes:
        box = ax.get_window_extent()
        notes = {t for t in ax.texts if t.get_fontstyle() == "italic"}     # a subsidy's activity, above its bar
        for label in set(ax.texts) - notes:
            extent = label.get_window_extent()
            assert extent.x1 <= box.x1 + 1 and extent.y1 <= box.y1 + 1, label.get_text()


# ---------------------------------------------------------------- SVG and global state

@pytest.mark.parametrize("name", NAMES)
def test_svg(name):
    fig = build(name, "nl")
    svg = charts.to_svg(fig)
    assert isinstance(svg, str) and svg.startswith("<?xml") and "<svg" in svg
    assert "<text" in svg                                   # text stays text: searchable in the PDF
    assert "sans-serif" in svg                              # with fallback fonts
    assert "<dc:date>" not in svg
    assert charts.to_svg(chart(name, "nl")) == svg          # deterministic


def test_importing_and_charting_change_no_global_style():
    before = dict(matplotlib.rcParams)
    importlib.reload(charts)
    assert dict(matplotlib.rcParams) == before
    for name in NAMES:
        charts.to_svg(build(name, "en"))
    assert dict(matplotlib.rcParams) == before


def test_a_very_long_label_is_wrapped_and_cut():
    table = pd.DataFrame({"beneficiary": ["X" * 300, "total"], "amount_eur": [10.0, 10.0]})
    (tick,) = tick_labels(subsidies.subsidies_chart(table, ["Bal", "Totaal"], "nl"), "y")
    lines = tick.split("\n")
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(len(line) <= 28 for line in lines)


def _parts(made) -> list[Figure]:
    return made if isinstance(made, list) else [made]


def test_thirty_subsidies_are_all_drawn_in_parts_that_fit_a_page():
    # 30 subsidies with long names: every one is a bar with its name, in file order, over as many parts as
    # it takes for each to print unshrunk (at most 110 mm = 4.33 in high), all on one scale.
    amounts = [1000.0 * (n + 1) for n in range(30)]                 # 1 000 to 30 000
    names = [f"Vereniging zonder winstoogmerk nummer {n} van het land" for n in range(30)]
    table = pd.DataFrame({"beneficiary": names + ["total"], "amount_eur": amounts + [sum(amounts)]})
    made = subsidies.subsidies_chart(table, [f"Activiteit {n}" for n in range(30)] + ["Totaal"], "nl")
    figures = _parts(made)
    assert len(figures) > 1
    assert [w for fig in figures for c in bar_sets(fig) for w in widths(c)] == amounts
    ticks = [t.replace("\n", " ") for fig in figures for t in tick_labels(fig, "y")]
    assert ticks == names
    assert all(fig.get_size_inches()[1] <= 110 / 25.4 for fig in figures)
    assert len({fig.axes[0].get_xlim() for fig in figures}) == 1
    assert [fig.get_label() for fig in figures] == [f"Subsidie per begunstigde, deel {n} van {len(figures)}"
                                                    for n in range(1, len(figures) + 1)]
    sizes = [len(fig.figures_rows) for fig in figures]
    assert max(sizes) - min(sizes) <= 2                             # even parts, not 13, 13 and 4
    assert [r for fig in figures for r in fig.figures_rows] == list(range(30))


def test_a_long_budget_draws_every_line():
    # 24 chancellery lines (1 to 24 euro) and 3 services lines (25 to 27): every line is a bar.
    codes = [f"L{n:02d}" for n in range(27)]
    table = pd.DataFrame({"group": ["chancellery"] * 24 + ["services"] * 3, "code": codes,
                          "amount_eur": [float(1 + n) for n in range(27)]})
    figures = _parts(budget.budget_chart(table, [f"Lijn {n}" for n in range(27)], "nl"))
    drawn = [w for fig in figures for c in bar_sets(fig) for w in widths(c)]
    assert drawn == [float(1 + n) for n in range(27)]
    assert [t for fig in figures for t in tick_labels(fig, "y")] == [f"Lijn {n}" for n in range(27)]
    assert all(fig.get_size_inches()[1] <= 110 / 25.4 for fig in figures)


def _svg_width_pt(svg: str) -> float:
    return float(re.search(r'<svg\b[^>]*\bwidth="([\d.]+)pt"', svg).group(1))


@pytest.mark.parametrize("name", NAMES)
def test_the_phone_chart_is_drawn_at_its_width_and_leaves_the_figure_as_it_was(name):
    fig = build(name, "nl")
    desktop = charts.to_svg(fig)
    places = [ax.get_position().bounds for ax in fig.axes]
    phone = charts.narrow_svg(fig)
    assert _svg_width_pt(desktop) == pytest.approx(6.3 * 72)         # the page's chart
    assert _svg_width_pt(phone) == pytest.approx(3.8 * 72)           # 365 CSS px: a 390 px phone, unscaled
    # The desktop chart again, laid out as before (constrained layout may settle a hair apart).
    assert _svg_width_pt(charts.to_svg(fig)) == pytest.approx(6.3 * 72)
    assert [ax.get_position().bounds for ax in fig.axes] == [pytest.approx(b, abs=0.01) for b in places]


def test_the_phone_chart_fits_its_value_labels_again(monkeypatch):
    # On the phone the axes are shorter while the value labels keep their size: the value axis must reach
    # further for the label over the tallest bar to stay inside (and come back for the desktop chart).
    fig = build("translations_by_type", "nl")                       # horizontal bars, labels at their ends
    (ax,) = fig.axes
    desktop = ax.get_xlim()
    seen = []
    to_svg = charts.to_svg
    monkeypatch.setattr(charts, "to_svg", lambda figure: seen.append(ax.get_xlim()) or to_svg(figure))
    charts.narrow_svg(fig)
    assert len(seen) == 1 and seen[0][1] > desktop[1]
    assert ax.get_xlim() == pytest.approx(desktop, rel=1e-4)


def test_labels_that_one_fitting_pass_left_outside_are_fitted_again_when_the_svg_is_drawn(monkeypatch):
    # The chart drawn with no fitting at all: its value labels run past the axes, and to_svg fits them
    # (two passes) before it writes the chart.
    fit = charts.fit_group
    monkeypatch.setattr(charts, "fit_group", lambda figures, passes=1: fit(figures, passes=0 if passes == 1 else passes))
    fig = build("translations_by_type", "nl")
    fig.draw_without_rendering()
    assert not charts.labels_fit(fig)
    charts.to_svg(fig)
    assert charts.labels_fit(fig)


# ---------------------------------------------------------------- what the house style records (issue 19)

def _bars(series: list[charts.Series], rows: list[charts.Row]) -> Figure:
    return charts.build(charts.horizontal_bars)("budget", "nl", [charts.Panel(None, rows)], series,
                                                lambda axis: charts.number_axis(axis, "nl"), "x")


def test_a_long_label_of_the_longest_bar_goes_inside_it_on_a_phone_in_white():
    # On a phone's chart (3.8 in) the axes are about 3.3 in long; a label of about 1.3 in beyond the longest
    # bar would need the axis at about 3.3 / (3.3 - 1.3) = 1.65 times that bar, more than ROOM (1.25): it
    # goes inside the bar, in white (on the blue #0072B2, white reads 5.2:1, the dark grey #222222 about 3.3:1).
    blue = charts.Series(None, charts.COLOURS["blue"])
    fig = _bars([blue], [charts.Row("A", [1000], ["1000 units of the longest bar"]),
                         charts.Row("B", [10], ["10"])])
    charts.narrow_svg(fig, restore=False)
    (ax,) = fig.axes
    longest, _ = ax.containers[0].patches
    label = next(t for t in ax.texts if t.get_text().startswith("1000"))
    renderer = fig.canvas.get_renderer()
    assert label.get_window_extent(renderer).x1 <= longest.get_window_extent(renderer).x1
    assert label.get_color() == "#ffffff"
    assert ax.get_xlim()[1] < 1000 * charts.ROOM


def test_a_legend_takes_fewer_columns_on_a_phone_and_all_of_them_on_the_page():
    # Three entries of 20 characters at 8 pt take about 4.8 in side by side (each about 90 pt of text and
    # 25 pt of key and spacing): one row on the page (6.3 in), more than one on a phone (3.8 in).
    series = [charts.Series(f"Series number {n} abcd", colour) for n, colour in
              zip((1, 2, 3), list(charts.COLOURS.values()))]
    fig = _bars(series, [charts.Row("A", [1, 2, 3], ["1", "2", "3"])])

    def rows_of_the_legend() -> int:
        charts.fit_legends(fig)
        fig.draw_without_rendering()
        (legend,) = fig.legends
        assert legend.get_window_extent().width <= fig.bbox.width
        assert [t.get_text() for t in legend.get_texts()] == [s.name for s in series]
        return len({round(t.get_window_extent().y0) for t in legend.get_texts()})

    charts.to_svg(fig)
    assert rows_of_the_legend() == 1
    charts.narrow_svg(fig)                                  # drawn for a phone, then back as it was
    assert rows_of_the_legend() == 1
    charts.narrow_svg(fig, restore=False)
    assert rows_of_the_legend() > 1
