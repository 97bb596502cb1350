"""Disclosure control end to end (issue 21): the test year of disclosure_year.py (a gender X count of 1, two
men at level B, three trainees) rendered once in nl, fr, de and en beside the year before (2025, published as
printed), every format read back.

The expectations come from the hand counts of disclosure_year.py and from the published numbers themselves:
the hidden cells are those that show the sign in the outputs; the tests check that the hand-counted small
cells are among them in every language and format, that every other number is the true figure, that the
formats agree, and, re-deriving everything from the printed numbers with a linear programme of their own
(scipy's linprog, not the render's code), that no hidden cell can be worked back within 5, from the table's
totals, the year before's figure and the printed change, or the trends.
"""

from __future__ import annotations

import csv
import json
import re

import nbformat
import openpyxl
import pytest

import disclosure_year as test_year
from render_support import LANGS, Render, flat, pdf_text, run_figures
from test_numbers_read_back import numbers, tables

SIGN = "[c]"
YEAR = test_year.YEAR
GENDER_COLUMNS = ("women", "men", "x", "total")
LEVELS = ("A", "B", "C", "D", "total")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Render:
    """The test year rendered in the four languages (once for this module: a render takes 30 to 60 s)."""
    base = tmp_path_factory.mktemp("render-disclosure")
    raw, reports, processed = base / "raw", base / "reports", base / "processed"
    test_year.write(raw)
    result = run_figures("render", "--year", YEAR, "--lang", *LANGS, "--raw-dir", raw, "--reports-dir", reports,
                         "--processed-dir", processed, "--no-progress", cwd=base)
    if result.returncode != 0:
        pytest.fail(f"figures render of the test year failed (exit {result.returncode}):\n{result.stdout}\n"
                    f"{result.stderr}", pytrace=False)
    return Render(result, reports / str(YEAR), processed / str(YEAR), processed, LANGS)


def _true(rendered: Render, table: str) -> list[dict]:
    """The analysts' table (data/processed): every figure, unsuppressed."""
    with open(rendered.processed / "tables" / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _html(rendered: Render, lang: str) -> str:
    return (rendered.folder(lang) / f"figures-{YEAR}-{lang}.html").read_text(encoding="utf-8")


def _table(rendered: Render, lang: str, key: str) -> dict:
    from figures.i18n import text

    caption = text(f"table.{key}.title", lang)
    found = [t for t in tables(_html(rendered, lang)) if flat(t["caption"]) == flat(caption)]
    assert len(found) == 1, f"{lang}: {caption!r}"
    return found[0]


def _gender_grid(rendered: Render, lang: str) -> dict[tuple[str, str], str]:
    """The HTML gender table as {(level, column): what it shows} (this year's columns only)."""
    from figures import labels

    table = _table(rendered, lang, "gender_by_level")
    names = {flat(labels.level(code, lang)): code for code in LEVELS}
    out = {}
    for row in table["rows"][1:]:
        level = names[flat(row[0])]
        for column, cell in zip(GENDER_COLUMNS, row[1:5]):
            out[(level, column)] = flat(cell)
    return out


def _hidden_in_html(rendered: Render, lang: str) -> set[tuple[str, str]]:
    return {key for key, shown in _gender_grid(rendered, lang).items() if shown == SIGN}


# ---------------------------------------------------------------- the hand-counted cells, every format

@pytest.mark.parametrize("lang", LANGS)
def test_the_small_cells_are_hidden_and_every_other_figure_is_the_true_one(rendered, lang):
    grid = _gender_grid(rendered, lang)
    hidden = {key for key, shown in grid.items() if shown == SIGN}
    # Hand counts (disclosure_year.py): B men 2, C x 1, the x total 1.
    assert {("B", "men"), ("C", "x"), ("total", "x")} <= hidden
    # Secondary cells were chosen: B men alone would be 24 - 22 - 0.
    assert len(hidden) > 3
    true = {(r["level"], c): r[c] for r in _true(rendered, "gender_by_level") for c in GENDER_COLUMNS}
    for key, shown in grid.items():
        if shown != SIGN:
            assert [int(n) for n in numbers(shown, lang)] == [int(true[key])], (lang, key, shown)
    # Training: three trainees, their days and course types, hidden with their changes from 2025.
    training = _table(rendered, lang, "training")
    for row in training["rows"][1:]:
        assert flat(row[1]) == SIGN and flat(row[3]) == SIGN, (lang, row)
    assert SIGN + ":" in flat(_html(rendered, lang)).replace(" :", ":")        # the note saying what it means


def test_the_formats_and_languages_hide_the_same_cells(rendered):
    """The HTML of every language, its PDF text and its workbook (reader sheet and data_ sheet) hide the same
    cells, and no hidden value stands where the sign stands."""
    from figures import labels
    from figures.i18n import text

    pattern = _hidden_in_html(rendered, "nl")
    true = {(r["level"], c): r[c] for r in _true(rendered, "gender_by_level") for c in GENDER_COLUMNS}
    for lang in LANGS:
        assert _hidden_in_html(rendered, lang) == pattern, lang
        # The PDF prints each level's row as "<label> <women> <men> <x> <total> <2025> <change>".
        pdf = [flat(line) for line in pdf_text(rendered.folder(lang) / f"figures-{YEAR}-{lang}.pdf").splitlines()]
        for level in LEVELS:
            name = flat(labels.level(level, lang)) if level != "total" else flat(labels.total(lang))
            rows = [line[len(name):].split() for line in pdf if line.startswith(name + " ")
                    and len(line[len(name):].split()) == 6]
            assert rows, (lang, level)
            shown = rows[0][:4]
            assert {(level, c) for c, v in zip(GENDER_COLUMNS, shown) if v == SIGN} == \
                {k for k in pattern if k[0] == level}, (lang, level, shown)
        workbook = openpyxl.load_workbook(rendered.folder(lang) / f"figures-{YEAR}-{lang}.xlsx")
        reader = workbook[text("excel.sheet.gender_by_level", lang)]
        data = workbook["data_gender_by_level"]
        header = [c.value for c in next(data.iter_rows(min_row=1, max_row=1))]
        for row in data.iter_rows(min_row=2, values_only=True):
            values = dict(zip(header, row))
            named = set((values.get("hidden") or "").split())
            for column in GENDER_COLUMNS:
                key = (values["level"], column)
                if key in pattern:
                    assert values[column] is None and column in named, (lang, key)
                else:
                    assert values[column] == int(true[key]), (lang, key)
        # Training: its three figures hidden on the reader sheet (empty, with the note) and the data_ sheet.
        training = workbook[text("excel.sheet.training", lang)]
        items = {flat(text(f"table.training.{c}", lang)): c for c in ("training_days", "staff_trained",
                                                                      "training_types")}
        lines = [r for r in training.iter_rows(values_only=True) if r[0] and flat(str(r[0])) in items]
        assert len(lines) == 3 and all(r[1] is None and r[3] is None for r in lines), (lang, lines)
        data_training = list(workbook["data_training"].iter_rows(values_only=True))
        assert dict(zip(data_training[0], data_training[1]))["staff_trained"] is None, lang
        assert [line for line in pdf if any(line.startswith(name + " ") for name in items)
                and SIGN not in line] == [], lang
        names = {flat(labels.level(code, lang)): code for code in LEVELS[:-1]} | {flat(labels.total(lang)): "total"}
        for row in reader.iter_rows(min_row=3, values_only=True):
            if row[0] is None or flat(str(row[0])) not in names:
                continue
            level = names[flat(str(row[0]))]
            for column, value in zip(GENDER_COLUMNS, row[1:5]):
                if (level, column) in pattern:
                    assert value is None, (lang, level, column)
                    assert text("disclosure.excel_note", lang, column=text(f"table.gender_by_level.{column}", lang)) \
                        in row[-1], (lang, level, column)
                else:
                    assert value == int(true[(level, column)]), (lang, level, column)


def test_the_charts_and_their_text_alternatives_show_the_sign_not_the_value(rendered):
    from figures.i18n import text

    pattern = _hidden_in_html(rendered, "en")
    html = _html(rendered, "en")
    alt = next(a for a in re.findall(r'alt="([^"]*)"', html) if a.startswith(text("chart.gender_by_level.title",
                                                                                    "en")))
    for level in ("A", "B", "C", "D"):
        part = re.search(rf"Level {level}: ([^;]*)", alt).group(1)
        for column, name in (("women", "Women"), ("men", "Men"), ("x", "X")):
            assert (f"{name} {SIGN}" in part) == ((level, column) in pattern), (level, column, part)


# ---------------------------------------------------------------- none can be worked back

def _bounds(grid: dict[tuple[str, str], str], lang: str, at_least: dict) -> dict[tuple[str, str], tuple[float, float]]:
    """Each hidden cell's lowest and highest value as a reader works it out from the printed table alone:
    every level's women + men + x = its total, every column's levels = its total, cells >= 0 (>= 1 for what the
    layout says), as a linear programme of this test's own."""
    import numpy as np
    from scipy.optimize import linprog

    unknown = sorted(k for k, v in grid.items() if v == SIGN)
    index = {k: i for i, k in enumerate(unknown)}
    value = {k: float(numbers(v, lang)[0]) for k, v in grid.items() if v != SIGN}
    equations, right = [], []
    for total, parts in [((level, "total"), [(level, c) for c in GENDER_COLUMNS[:3]]) for level in LEVELS] + \
                        [((("total", c)), [(level, c) for level in LEVELS[:-1]]) for c in GENDER_COLUMNS]:
        row, constant = np.zeros(len(unknown)), 0.0
        for key, sign in [(p, 1.0) for p in parts] + [(total, -1.0)]:
            if key in index:
                row[index[key]] += sign
            else:
                constant += sign * value[key]
        if row.any():
            equations.append(row)
            right.append(-constant)
    bounds = [(at_least.get(k, 0), None) for k in unknown]
    out = {}
    for key in unknown:
        ends = []
        for sense in (1, -1):
            objective = np.zeros(len(unknown))
            objective[index[key]] = sense
            result = linprog(objective, A_eq=np.array(equations), b_eq=right, bounds=bounds, method="highs")
            ends.append(sense * result.fun if result.status == 0 else float("inf"))
        out[key] = (ends[0], ends[1])
    return out


def test_no_hidden_cell_can_be_worked_back_from_the_printed_totals(rendered):
    grid = _gender_grid(rendered, "en")
    # The X column is printed: someone is X, so its total is at least 1.
    found = _bounds(grid, "en", {("total", "x"): 1})
    assert found and all(high - low >= 5 for low, high in found.values()), found
    # The check can fail: with only the hand-counted cells hidden, B men is 24 - 22 - 0 = 2 exactly.
    true = {(r["level"], c): r[c] for r in _true(rendered, "gender_by_level") for c in GENDER_COLUMNS}
    primary_only = {k: (SIGN if k in {("B", "men"), ("C", "x"), ("total", "x")} else true[k]) for k in grid}
    assert _bounds(primary_only, "en", {("total", "x"): 1})[("B", "men")] == (2, 2)


def test_the_year_before_and_the_trends_reveal_nothing_hidden(rendered):
    """Each compared row: this year's figure, last year's and the change. Where this year's is hidden, a
    reader must not get it as last year's plus the change; where it is shown, that sum is it (the derivation
    works). The trends: no indicator printed for 2026 from a hidden figure (women's share of a level whose
    women are hidden; training days per staff member)."""
    from figures.i18n import text

    lang = "en"
    derived, checked = [], 0
    for key, value_at, before_at, change_at in (("gender_by_level", 4, 5, 6), ("training", 1, 2, 3),
                                                ("age_bands", 1, 3, 4)):
        for row in _table(rendered, lang, key)["rows"][1:]:
            now, before, change = (flat(row[i]) if i < len(row) else "" for i in (value_at, before_at, change_at))
            readable = before not in ("", SIGN) and change not in ("", SIGN)
            if now == SIGN:
                if readable:
                    derived.append((key, row[0], numbers(before, lang)[0] + _signed(change, lang)))
            elif readable:
                assert numbers(now, lang)[0] == numbers(before, lang)[0] + _signed(change, lang), (key, row)
                checked += 1
    assert derived == [] and checked >= 8
    trends = next(t for t in tables(_html(rendered, lang))
                  if flat(t["caption"]).startswith(flat(text("trends.title", lang, first=2024, last=YEAR))))
    by_name = {flat(r[0]): flat(r[-1]) for r in trends["rows"][1:]}
    hidden = _hidden_in_html(rendered, lang)
    for level in ("A", "B", "C", "D"):
        share = by_name[flat(text(f"trend.women_{level}", lang))]
        assert (share == SIGN) == ((level, "women") in hidden or (level, "total") in hidden), (level, share)
    assert by_name[flat(text("trend.training_days_per_staff", lang))] == SIGN
    alt = next(a for a in re.findall(r'alt="([^"]*)"', _html(rendered, lang))
               if a.startswith(text("chart.trend_training_days_per_staff.title", lang)))
    assert alt.endswith(f"{YEAR} {SIGN}"), alt
    assert by_name[flat(text("trend.headcount", lang))] == "121"


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_trends_withhold_what_the_html_trends_withhold(rendered, lang):
    """The workbook's trends sheet (every year) gives no number where the HTML trends table shows the sign (the
    share of women of level B, whose two men are hidden; training days per staff member, from three trainees),
    and says why under its table, as the HTML does."""
    from figures.i18n import text

    html = next(t for t in tables(_html(rendered, lang))
                if flat(t["caption"]).startswith(flat(text("trends.title", lang, first=2024, last=YEAR))))
    withheld = {flat(r[0]) for r in html["rows"][1:] if flat(r[-1]) == SIGN}
    assert withheld == {flat(text("trend.women_B", lang)), flat(text("trend.training_days_per_staff", lang))}
    workbook = openpyxl.load_workbook(rendered.folder(lang) / f"figures-{YEAR}-{lang}.xlsx")
    sheet = workbook[text("chapter.trends", lang)]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header = next(r for r in rows if str(YEAR) in [str(v) for v in r])
    at = [str(v) for v in header].index(str(YEAR))
    shown = {flat(str(r[0])): r[at] for r in rows if r[0] is not None}
    remarks = {flat(str(r[0])): str(r[-1] or "") for r in rows if r[0] is not None}
    for name in withheld:
        # As on every reader sheet: the cell left empty, the year and the sign in the remark at the row's end.
        assert shown[name] is None and SIGN in remarks[name] and flat(remarks[name]).replace(" :", ":") \
            .startswith(f"{YEAR}:"), (lang, name, shown[name], remarks[name])
    assert shown[flat(text("trend.headcount", lang))] == 121
    note = text("disclosure.note_trends", lang, sign=SIGN)
    assert any(note in str(v) for r in rows for v in r if v is not None), lang


def _signed(change: str, lang: str):
    """A printed change's value ("−2" -> -2, "+3 (+1.0%)" -> 3)."""
    value = numbers(change, lang)[0]
    return -value if change.lstrip().startswith(("\u2212", "-")) else value


# ---------------------------------------------------------------- the proof, where the reviewer reads it

def test_the_manifest_states_the_policy_and_the_proof_without_any_hidden_value(rendered):
    from figures import disclosure

    hidden = _hidden_in_html(rendered, "en")
    for lang in LANGS:
        record = json.loads((rendered.folder(lang) / "manifest.json").read_text(encoding="utf-8"))["disclosure"]
        assert record["version"] == disclosure.VERSION and record["as_published"] is None
        assert record["policies"]["budget"] == {"exempt": "disclosure.exempt.euros"}
        assert record["policies"]["gender_by_level"]["minimum"] == 5
        cells = {(c["row"], c["column"]) for c in record["hidden"]["cells"] if c["table"] == "gender_by_level"}
        assert cells == hidden
        assert record["hidden"]["primary"] == len(test_year.PRIMARY)
        assert record["proof"]["ok"] and record["proof"]["narrowest"]["width"] >= 5
        assert all("value" not in c for c in record["proof"]["intervals"])


def test_the_reviewer_notebook_lists_each_hidden_cell_with_its_value_and_interval(rendered):
    from figures.i18n import text

    notebook = nbformat.read(rendered.folder("en") / "notebooks" / "01_staff.ipynb", as_version=4)
    output = notebook.cells[-1].outputs[0]["data"]["text/html"]
    assert text("disclosure.review.title", "en") in output
    rows = re.findall(r"<tr>(.*?)</tr>", output)
    cells = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)] for r in rows]
    # Year, table, row, column, why, value, lowest, highest, width required: B men is 2, hidden as primary.
    b_men = next(c for c in cells if c[1:4] == ["gender_by_level", "B", "men"])
    assert b_men[5] == "2" and b_men[4].startswith("primary") and float(b_men[7]) - float(b_men[6]) >= 5


# ---------------------------------------------------------------- 2025, published as printed

def test_2025_is_rendered_as_printed_and_its_reviewer_told_why(report):
    """The committed 2025 render (the session's): no sign in any table of 2025's figures (the trends may hide
    an indicator of the sample years, which are protected), the manifest says the year is published as
    printed and why, and each chapter's reviewer view says so and lists the cells the policy would have
    hidden: the 5 men of level C, and the cells that would have protected them."""
    from figures.i18n import text

    trends = {lang: flat(text("trends.title", lang, first=2023, last=2025)) for lang in LANGS}
    for lang in LANGS:
        html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
        shown = [t for t in tables(html) if flat(t["caption"]) != trends[lang]]
        assert shown and not [t["caption"] for t in shown if SIGN in str(t["rows"])], lang
        record = json.loads((report.folder(lang) / "manifest.json").read_text(encoding="utf-8"))["disclosure"]
        assert record["as_published"][lang] and record["hidden"]["cells"] == []
        at_risk = {(c["table"], c["row"], c["column"]): c["kind"] for c in record["at_risk"]}
        assert at_risk.get(("gender_by_level", "C", "men")) == "primary", at_risk
    notebook = nbformat.read(report.folder("en") / "notebooks" / "01_staff.ipynb", as_version=4)
    output = notebook.cells[-1].outputs[0]["data"]["text/html"]
    assert "2025 is published as printed: the 2025 annual report was printed" in output
    assert text("disclosure.review.at_risk", "en", count=4).split("(")[0] in output
