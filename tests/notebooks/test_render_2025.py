"""End to end: the committed 2025 workbooks through `figures render` in nl, fr and en.

This is the notebook regression layer: every chapter notebook is executed with
its default parameters (year 2025) by the render, once per session (fixture
`rendered_2025` in conftest.py), and its outputs are checked against the
published 2025 report. The expected figures are written out literally, as the
publication prints them and as each language formats them, not computed by
the package under test.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import math
import platform
import re
import shutil
import subprocess
from importlib import metadata
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook

from figures.chapters import trends as trends_chapter
from figures.i18n import text
from figures.registry import REGISTRY
from render_support import (HORIZONTAL_EXTENT, LANGS, RAW_2025, ROOT, chapter_notebook_names, flat, overprinted,
                            pdf_text, plain_spaces)

CHAPTERS = tuple(c.name for c in REGISTRY.chapters)
TABLES = tuple(REGISTRY.tables)
SOURCES = tuple(REGISTRY.sources)
CHARTS = tuple(name for name, table in REGISTRY.tables.items() if table.chart is not None)
# The trends chapter's charts: the sample has 2023, 2024 and 2025.
TREND_CHARTS = trends_chapter.CHARTS

# The published 2025 budget (Jaarverslag 2025, "Begroting"), in euro, typed in by hand per language.
BUDGET = {
    "nl": ["4.639.816 €", "127.596 €", "33.077.089 €", "13.077.488 €", "69.484.812 €", "16.731.452 €",
           "44.561.435 €", "384.029 €", "297.482 €", "2.191.293 €", "31.304.640 €", "61.852 €", "34.239.296 €"],
    "fr": ["4 639 816 €", "127 596 €", "33 077 089 €", "13 077 488 €", "69 484 812 €", "16 731 452 €",
           "44 561 435 €", "384 029 €", "297 482 €", "2 191 293 €", "31 304 640 €", "61 852 €", "34 239 296 €"],
    "de": ["4.639.816 €", "127.596 €", "33.077.089 €", "13.077.488 €", "69.484.812 €", "16.731.452 €",
           "44.561.435 €", "384.029 €", "297.482 €", "2.191.293 €", "31.304.640 €", "61.852 €", "34.239.296 €"],
    "en": ["€4,639,816", "€127,596", "€33,077,089", "€13,077,488", "€69,484,812", "€16,731,452",
           "€44,561,435", "€384,029", "€297,482", "€2,191,293", "€31,304,640", "€61,852", "€34,239,296"],
}
# The published subsidies ("Subsidies": Toegekende bedragen).
SUBSIDIES = {
    "nl": ["40.000 €", "22.000 €", "50.000 €", "30.000 €", "25.000 €"],
    "fr": ["40 000 €", "22 000 €", "50 000 €", "30 000 €", "25 000 €"],
    "de": ["40.000 €", "22.000 €", "50.000 €", "30.000 €", "25.000 €"],
    "en": ["€40,000", "€22,000", "€50,000", "€30,000", "€25,000"],
}
# Table rows as they read in the PDF (cells separated by white space): staff 121, training days 395,
# 44 sittings (and 16 e-procedures) of the Council of Ministers, 39 % for 52-65 (printed: 49 %).
ROWS = {
    "nl": ["Totaal 121 100%", "Aantal opleidingsdagen 395", "Ministerraad 44 16", "52-65 jaar 47 39%",
           "Totaal voor de diensten opgericht bij de Kanselarij 34.239.296 €", "987.312"],
    "fr": ["Total 121 100 %", "Nombre de jours de formation 395", "Conseil des ministres 44 16",
           "52-65 ans 47 39 %", "34 239 296 €", "987 312"],
    "de": ["Insgesamt 121 100 %", "Anzahl Weiterbildungstage 395", "Ministerrat 44 16", "52-65 Jahre 47 39 %",
           "34.239.296 €", "987.312"],
    "en": ["Total 121 100%", "Number of training days 395", "Council of Ministers 44 16", "52-65 years 47 39%",
           "Total for the services established at the Chancellery €34,239,296", "987,312"],
}
# The communication campaigns as the printed report's text quantifies them ("meer dan 150.000 views",
# "meer dan 153 miljoen", "4,5 miljoen", "21.204 volledige views", "een miljoen televisiekijkers"), in the
# sentences of the chapter (translated by hand), and the media values as the table prints them.
CAMPAIGNS = {
    "nl": ["meer dan 153 miljoen", "meer dan 150.000 views", "4,5 miljoen", "3,18 miljoen", "20.200 €", "65.300 €",
           "21.204 volledige views", "1 miljoen televisiekijkers"],
    "fr": ["plus de 153 millions", "plus de 150 000 vues", "4,5 millions", "3,18 millions", "20 200 €", "65 300 €",
           "21 204 vues complètes", "1 million de téléspectateurs"],
    "de": ["mehr als 153 Millionen", "mehr als 150.000 Aufrufe", "4,5 Millionen", "3,18 Millionen", "20.200 €",
           "65.300 €", "21.204 vollständige Aufrufe", "1 Million Fernsehzuschauer"],
    "en": ["more than 153 million", "more than 150,000 views", "4.5 million", "3.18 million", "€20,200", "€65,300",
           "21,204 full views", "1 million television viewers"],
}
# "In 2025 vertaalde de dienst bijna 1 miljoen woorden."
WORDS = {"nl": "bijna 1 miljoen woorden", "fr": "près de 1 million de mots", "de": "fast 1 Million Wörter",
         "en": "nearly 1 million words"}


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


# ---------------------------------------------------------------- the command and its files

def test_render_exits_0_and_names_each_report_folder(rendered_2025):
    result = rendered_2025.result
    assert result.returncode == 0, rendered_2025.output()
    assert "Traceback" not in rendered_2025.output()
    for lang in LANGS:
        assert str(rendered_2025.folder(lang)) in result.stdout, result.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_folder_holds_every_output(report, lang):
    folder = report.folder(lang)
    for name in (f"figures-2025-{lang}.html", f"figures-2025-{lang}.pdf", f"figures-2025-{lang}.xlsx",
                 "manifest.json"):
        assert (folder / name).is_file(), f"{folder / name} is missing"
    for notebook in chapter_notebook_names():
        stem = Path(notebook).stem
        assert (folder / "notebooks" / f"{stem}.ipynb").is_file(), f"executed {notebook} missing in {lang}"
        assert (folder / "notebooks" / f"{stem}.html").is_file(), f"reviewer HTML of {notebook} missing in {lang}"
    assert (folder / f"figures-2025-{lang}.pdf").read_bytes().startswith(b"%PDF-")
    # Nothing is left beside the language folders: no staging folder, no failed copy.
    assert sorted(p.name for p in report.reports.iterdir()) == sorted(LANGS)


def test_processed_folder_holds_the_tables_and_clean_inputs(report):
    # The tables, and the changes from 2024 (the sample has 2024).
    assert sorted(p.stem for p in (report.processed / "tables").glob("*.csv")) == sorted(TABLES + ("changes",))
    assert sorted(p.stem for p in (report.processed / "clean").glob("*.parquet")) == sorted(SOURCES)


# ---------------------------------------------------------------- executed notebooks

@pytest.mark.parametrize("lang", LANGS)
def test_executed_notebooks_ran_every_cell_without_error(report, lang):
    for name in chapter_notebook_names():
        executed = nbformat.read(report.folder(lang) / "notebooks" / name, as_version=4)
        code = [c for c in executed.cells if c.cell_type == "code"]
        errors = [(n, o.get("ename"), o.get("evalue")) for n, c in enumerate(executed.cells, 1)
                  for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{lang}/{name}: error outputs {errors}"
        assert all(c.execution_count is not None for c in code), f"{lang}/{name}: a code cell did not run"
        # Renumbered from 1 as a fresh run, and the render's own reset cell is gone.
        assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), f"{lang}/{name}"
        assert not any("figures-reset" in _tags(c) or "get_ipython" in c.source for c in executed.cells)
        injected = [c for c in executed.cells if "injected-parameters" in _tags(c)]
        assert len(injected) == 1, f"{lang}/{name}: papermill's parameters cell"
        assert f'lang = "{lang}"' in injected[0].source
        assert "year = 2025" in injected[0].source  # the notebook's default year, passed as is


# ---------------------------------------------------------------- the PDF

# The titles of each chapter's tables, as the published 2025 report prints them (the budget has one per group;
# the trends one table of indicators). A chapter added since shows each of its tables' `table.<name>.title`.
TABLE_TITLES = {
    "staff": ["table.age_bands.title", "table.gender_by_level.title"],
    "training": ["table.training.title"],
    "meetings": ["table.meetings.title"],
    "translations": ["table.translations_by_type.title", "table.translations_by_pair.title"],
    "budget": ["table.budget.chancellery", "table.budget.services"],
    "subsidies": ["table.subsidies.title"],
    "campaigns": ["table.campaigns.title"],
    "trends": ["trends.title"],
}


def _chapter_bodies(pdf: Path, lang: str) -> dict[str, tuple[int, str]]:
    """Each chapter's first page (after the contents) and its text up to the next chapter's title: a chapter
    title is a line of its own on a page after the first (the contents list it with a page number)."""
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]
    lines = [(number, flat(line)) for number, page in enumerate(pages, 1) if number > 1 for line in page.split("\n")]
    titles = {chapter: flat(text(f"chapter.{chapter}", lang)) for chapter in CHAPTERS}
    starts = {chapter: next((i for i, (_, line) in enumerate(lines) if line.strip() == title), None)
              for chapter, title in titles.items()}
    assert None not in starts.values(), f"{lang}: no page opens chapter {[c for c, i in starts.items() if i is None]}"
    order = sorted(starts.values())
    bodies = {}
    for chapter, start in starts.items():
        end = next((i for i in order if i > start), len(lines))
        bodies[chapter] = (lines[start][0], " ".join(line for _, line in lines[start + 1:end]))
    return bodies


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_prints_every_chapter_with_its_body_in_order(report, lang):
    """Each chapter's title heads a page after the contents, in the chapters' order, and is followed by the
    chapter's own tables (their titles) before the next chapter begins; the trends chapter by its table."""
    bodies = _chapter_bodies(report.folder(lang) / f"figures-2025-{lang}.pdf", lang)
    assert [bodies[c][0] for c in CHAPTERS] == sorted(bodies[c][0] for c in CHAPTERS), f"{lang}: {bodies}"
    for chapter in REGISTRY.chapters:
        _, body = bodies[chapter.name]
        keys = TABLE_TITLES.get(chapter.name, [f"table.{table.name}.title" for table in chapter.tables])
        expected = [flat(text(key, lang, first=2023, last=2025)) for key in keys]
        missing = [title for title in expected if title not in body]
        assert missing == [], f"{lang}: chapter {chapter.name} does not hold {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_of_the_campaigns_table_begins_with_a_campaign_name(report, lang):
    """A campaign's lines are named on the first only: a page that takes the table on from the page before
    begins with a campaign's first line, never with lines whose name was left behind."""
    import openpyxl
    from pypdf import PdfReader

    sheet = openpyxl.load_workbook(RAW_2025 / "campaigns.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    names = {flat(str(row[rows[0].index(f"campaign_{lang}")])) for row in rows[1:]}
    header = flat(" ".join(text(f"table.campaigns.{c}", lang) for c in ("campaign", "measure", "channel")))
    pages = [[flat(line) for line in (page.extract_text() or "").split("\n")]
             for page in PdfReader(str(report.folder(lang) / f"figures-2025-{lang}.pdf")).pages]
    first_lines = [lines[lines.index(line) + 1] for lines in pages for line in lines if line.startswith(header)]
    assert len(first_lines) >= 2, f"{lang}: the table does not run over two pages any more: {first_lines}"
    for line in first_lines:
        assert any(line.startswith(" ".join(name.split()[:3])) for name in names), f"{lang}: a page begins {line!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_prints_the_published_figures_in_the_language(report, lang):
    content = flat(pdf_text(report.folder(lang) / f"figures-2025-{lang}.pdf"))
    missing = [s for s in BUDGET[lang] + SUBSIDIES[lang] + ROWS[lang] + CAMPAIGNS[lang] + [WORDS[lang]]
               if flat(s) not in content]
    assert not missing, f"{lang}: not in the PDF text: {missing}"
    # The printed erratum 49 % only where the reader is told it is the printed report's error.
    plain = content.replace(" %", "%")
    for match in re.finditer("49%", plain):
        told = plain[max(0, match.start() - 400):match.start()]
        assert any(word in told for word in ("Correctie", "Correction", "Berichtigung")), \
            f"{lang}: the printed erratum 49 % is in the PDF outside a correction: {plain[match.start() - 80:match.end()]}"


# ---------------------------------------------------------------- the reader's HTML

@pytest.mark.parametrize("lang", LANGS)
def test_reader_html_holds_no_code(report, lang):
    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    for code in ("import ", "inputs = load", "processed_dir", "raw_dir", "get_ipython", "present.", "%reset"):
        assert code not in html, f"{lang}: code {code!r} in the reader's HTML"
    assert f'<html lang="{lang}"' in html


# The charts drawn in parts in 2025: the budget's 7 chancellery and 5 services lines, with their wrapped
# names, are taller than a page's chart (110 mm), one part per group.
PARTS = {"budget": 2}
IMAGES = [name for name in CHARTS for _ in range(PARTS.get(name, 1))]


@pytest.mark.parametrize("lang", LANGS)
def test_reader_html_embeds_one_svg_image_per_chart(report, lang):
    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", html)
    uris = re.findall(r'<img\b[^>]*\bsrc="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == len(IMAGES) + len(TREND_CHARTS), f"{lang}: {len(images)} <img> elements"
    assert len(uris) == len(IMAGES) + len(TREND_CHARTS), f"{lang}: {len(uris)} SVG data URIs"
    for uri in uris:
        assert b"<svg" in base64.b64decode(uri), "a data URI that is not an SVG"


# What the alt text of each chart must say, by the chart's title (the catalogue's) and figures of the
# published 2025 report, as each language writes them.
ALT_FIGURES = {
    "nl": {"age_bands": ["19-29 jaar", "21", "52-65 jaar", "47", "39%"], "meetings": ["Ministerraad", "44", "16"],
           "budget": ["4.639.816 €", "31.304.640 €"], "subsidies": ["40.000 €"],
           "campaigns": ["153.", "Japan"]},
    "fr": {"age_bands": ["52-65 ans", "47", "39 %"], "meetings": ["Conseil des ministres", "44", "16"],
           "budget": ["4 639 816 €"], "subsidies": ["40 000 €"], "campaigns": ["153 ", "Japon"]},
    "de": {"age_bands": ["52-65 Jahre", "47", "39 %"], "meetings": ["Ministerrat", "44", "16"],
           "budget": ["4.639.816 €"], "subsidies": ["40.000 €"], "campaigns": ["153.", "Japan"]},
    "en": {"age_bands": ["52-65 years", "47", "39%"], "meetings": ["Council of Ministers", "44", "16"],
           "budget": ["€4,639,816"], "subsidies": ["€40,000"], "campaigns": ["153,", "Japan"]},
}


@pytest.mark.parametrize("lang", LANGS)
def test_reader_html_alt_text_describes_each_chart(report, lang):
    import html as html_module

    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    alts = [flat(html_module.unescape(a)) for a in re.findall(r'<img\b[^>]*\balt="([^"]*)"', html)]
    assert len(alts) == len(IMAGES) + len(TREND_CHARTS)
    for name, alt in zip(IMAGES, alts):
        title = flat(text(f"chart.{name}.title", lang))
        assert alt.startswith(title), f"{lang}/{name}: alt {alt!r} does not start with the title {title!r}"
        assert len(alt) > len(title) + 10, f"{lang}/{name}: alt {alt!r} says nothing of the figures"
    for name in CHARTS:                     # a chart in parts: each part says its own figures
        said = " ".join(alt for image, alt in zip(IMAGES, alts) if image == name)
        for figure in ALT_FIGURES[lang].get(name, []):
            assert flat(figure) in said, f"{lang}/{name}: {figure!r} not in alt {said!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_reader_html_holds_every_chapter(report, lang):
    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert f'id="{chapter}"' in html, f"{lang}: no chapter {chapter}"


def test_nl_html_shows_39_percent_for_52_65_not_the_printed_49(report):
    html = (report.folder("nl") / "figures-2025-nl.html").read_text(encoding="utf-8")
    words = flat(re.sub(r"<[^>]+>", " ", re.sub(r"base64,[A-Za-z0-9+/=]+", "", html)))
    assert "52-65 jaar 47 39%" in words
    # 49 % only in the corrections (at the table and in their section), never as the table's figure.
    uncorrected = re.sub(r'<p class="note correction">.*?</p>|<section class="chapter corrections".*?</section>', "",
                         html, flags=re.S)
    assert "49%" not in flat(re.sub(r"<[^>]+>", " ", re.sub(r"base64,[A-Za-z0-9+/=]+", "", uncorrected)))
    assert words.count("49%") >= 2


# ---------------------------------------------------------------- Excel

def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _same(expected: str, cell) -> bool:
    """A CSV cell and an Excel value: empty is empty, numbers compare as numbers, text as text."""
    if expected == "":
        return cell is None
    try:
        number = float(expected)
    except ValueError:
        return cell == expected
    return isinstance(cell, (int, float)) and not isinstance(cell, bool) and math.isclose(cell, number, abs_tol=1e-9)


def _sheets(path: Path, lang: str) -> tuple[dict, dict, object]:
    """({table: reader sheet}, {table: analyst sheet}, the info sheet), checking the sheets' order: the info
    sheet, a reader sheet per table named by the catalogue, the trends of every year (named as their chapter),
    a `data_<table>` sheet per table."""
    workbook = load_workbook(path)
    readers = [text(f"excel.sheet.{t}", lang) for t in TABLES] + [text("chapter.trends", lang)]
    assert workbook.sheetnames == [text("excel.sheet.info", lang)] + readers + [f"data_{t}" for t in TABLES], \
        f"{lang}: sheets {workbook.sheetnames}"
    return ({t: workbook[text(f"excel.sheet.{t}", lang)] for t in TABLES},
            {t: workbook[f"data_{t}"] for t in TABLES}, workbook.worksheets[0])


@pytest.mark.parametrize("lang", LANGS)
def test_excel_analyst_sheets_hold_the_csv_tables(report, lang):
    """Each analyst sheet: a `label` column (every row named), then the CSV's columns and rows exactly, but
    its total rows (a SUM of a column is its total: nothing counted twice)."""
    _, analysts, _ = _sheets(report.folder(lang) / f"figures-2025-{lang}.xlsx", lang)
    for table, sheet in analysts.items():
        header, rows = _read_csv(report.processed / "tables" / f"{table}.csv")
        rows = [r for r in rows if r[0] != "total"]
        found = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert found[0] == ["label"] + header, f"{lang}/{table}: header {found[0]}"
        assert all(isinstance(r[0], str) and r[0].strip() for r in found[1:]), f"{lang}/{table}: a row without a name"
        assert len(found) == len(rows) + 1, f"{lang}/{table}: {len(found) - 1} rows for {len(rows)}"
        for number, (expected, values) in enumerate(zip(rows, found[1:]), start=2):
            for column, want, got in zip(header, expected, values[1:]):
                assert _same(want, got), f"{lang}/{table} row {number} {column}: CSV {want!r}, Excel {got!r}"


# The published figures as the reader sheets hold them (Jaarverslag 2025): the age table with its total
# row (121, 100 %) and 39 % for 52-65, the services' total, the Council of Ministers, the subsidies' order.
def test_excel_reader_sheets_hold_the_published_figures_with_names(report):
    readers, _, _ = _sheets(report.folder("nl") / "figures-2025-nl.xlsx", "nl")
    rows = {t: [list(r) for r in sheet.iter_rows(values_only=True)] for t, sheet in readers.items()}
    assert rows["age_bands"][1][:3] == ["Leeftijd", "Aantal personen", "Percentage"]
    # The table, then (after a blank row) what the reader must read with it: tests/notebooks/test_reader_documents.py.
    assert [r[:3] for r in rows["age_bands"][2:7]] == [["19-29 jaar", 21, 0.17], ["30-40 jaar", 19, 0.16],
                                                      ["41-51 jaar", 34, 0.28], ["52-65 jaar", 47, 0.39],
                                                      ["Totaal", 121, 1]]
    budget = [r[:2] for r in rows["budget"]]
    assert ["Totaal voor de diensten opgericht bij de Kanselarij", 34239296] in budget
    assert ["Beleidsorganen van de eerste minister", 4639816] in budget
    assert rows["meetings"][2][:3] == ["Ministerraad", 44, 16]
    assert rows["subsidies"][1][:3] == ["Begunstigden", "Activiteiten", "Toegekende bedragen"]
    assert rows["subsidies"][2][:3] == ["Bal national vzw", "Bal national", 40000]
    codes = {"chancellery", "services", "total", "ministerraad", "CH01", "SV05", "legal", "osaka_videos", "JP"}
    for table, values in rows.items():
        assert not {v for row in values for v in row if isinstance(v, str)} & codes, table


@pytest.mark.parametrize("lang", LANGS)
def test_excel_header_bold_frozen_and_numbers_formatted(report, lang):
    readers, analysts, _ = _sheets(report.folder(lang) / f"figures-2025-{lang}.xlsx", lang)
    for table, sheet in readers.items():
        assert sheet.freeze_panes == "A3", f"{lang}/{table}"
        assert all(c.font.bold for c in sheet[2]), f"{lang}/{table}: header not bold"
        assert all(c.value not in (None, "") for c in sheet[2]), f"{lang}/{table}: empty header cell"
        numbers = [c for row in sheet.iter_rows(min_row=3) for c in row if isinstance(c.value, (int, float))]
        assert numbers and all(c.number_format not in ("", "General") for c in numbers), f"{lang}/{table}"
    for table, sheet in analysts.items():
        header, rows = _read_csv(report.processed / "tables" / f"{table}.csv")
        assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1]), f"{lang}/{table}"
        for index, column in enumerate(header):
            cells = [row[index + 1] for row in sheet.iter_rows(min_row=2)]       # after the label column
            numeric = all(_is_number(r[index]) or r[index] == "" for r in rows) and any(r[index] for r in rows)
            if not numeric:
                continue
            formats = {c.number_format for c in cells if c.value is not None}
            assert formats and not formats & {"", "General", None}, f"{lang}/{table}.{column}: {formats}"


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_excel_numbers_identical_in_every_language(report):
    # Every number of every sheet but the info sheet: the CSV's, the reader's (with the year before, the
    # change and the change in percent); the texts differ by language, the numbers may not.
    per_lang = {}
    for lang in LANGS:
        readers, analysts, _ = _sheets(report.folder(lang) / f"figures-2025-{lang}.xlsx", lang)
        per_lang[lang] = {f"{kind}/{table}": [[v for v in row if isinstance(v, (int, float))]
                                              for row in sheet.iter_rows(values_only=True)]
                          for kind, sheets in (("reader", readers), ("data", analysts))
                          for table, sheet in sheets.items()}
        assert len(per_lang[lang]["reader/training"][2]) == 4     # 395, 362 in 2024, +33, +9.1 %
    for lang in LANGS[1:]:
        assert per_lang[lang] == per_lang["nl"], lang


def test_excel_budget_money_format_per_language(report):
    expected = {"nl": '#,##0 "€"', "fr": '#,##0 "€"', "de": '#,##0 "€"', "en": '"€"#,##0'}  # whole euros in 2025
    for lang, number_format in expected.items():
        readers, analysts, _ = _sheets(report.folder(lang) / f"figures-2025-{lang}.xlsx", lang)
        amounts = [row[3] for row in analysts["budget"].iter_rows(min_row=2)]       # label, group, code, amount
        assert {c.number_format for c in amounts} == {number_format}, lang
        assert amounts[0].value == 4639816
        assert readers["budget"].cell(3, 2).value == 4639816
        assert readers["budget"].cell(3, 2).number_format == number_format, lang


@pytest.mark.parametrize("lang", LANGS)
def test_excel_info_sheet_first_with_the_errata(report, lang):
    _, _, info = _sheets(report.folder(lang) / f"figures-2025-{lang}.xlsx", lang)
    rows = {r[0]: r[1] for r in info.iter_rows(values_only=True) if r[0]}
    assert rows[text("excel.info.year", lang)] == "2025"
    assert rows[text("excel.info.language", lang)] == text(f"label.lang.{lang}", lang)
    errata = [r[1] for r in info.iter_rows(values_only=True) if r[1] and " 49" in r[1] and " 39" in r[1]]
    assert errata, f"{lang}: the 49 % erratum is not on the info sheet"


def _manifest(report, lang: str) -> dict:
    return json.loads((report.folder(lang) / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_has_the_sha256_of_every_input_file(report, lang):
    manifest = _manifest(report, lang)
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in RAW_2025.glob("*.xlsx")}
    assert sorted(expected) == sorted(f"{name}.xlsx" for name in SOURCES)
    assert {i["file"]: i["sha256"] for i in manifest["inputs"]} == expected


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_has_parameters_versions_git_and_timings(report, lang):
    manifest = _manifest(report, lang)
    assert manifest["year"] == 2025 and manifest["lang"] == lang
    # Inside the project, paths are relative to its root (no home folder in a published manifest);
    # the processed folder of this test lies outside, so it stays absolute.
    # `inputs`: the SHA-256 of the workbooks' hashes the render read, by file name (the notebooks show the tables
    # of that reading: docs/guarantees.md).
    read = json.dumps({i["file"]: i["sha256"] for i in manifest["inputs"]}, sort_keys=True).encode("utf-8")
    assert manifest["parameters"] == {"year": 2025, "lang": lang, "raw_dir": "data/raw",
                                      "processed_dir": str(report.processed_dir.resolve()),
                                      "inputs": hashlib.sha256(read).hexdigest()}
    packages = manifest["packages"]
    assert packages["python"] == platform.python_version()
    for name in ("figures", "pandas", "numpy", "openpyxl", "matplotlib", "papermill", "nbconvert", "weasyprint",
                 "babel"):
        assert packages.get(name) == metadata.version(name), name
    git = manifest["git"]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode == 0:
        assert git["commit"] == head.stdout.strip()
        assert isinstance(git["dirty"], bool)
    timings = manifest["timings_seconds"]
    steps = ["validate", "compute", "kernel start", "reconcile", "reviewer html", "reader html", "pdf", "excel"]
    steps += [f"notebook {Path(n).stem}" for n in chapter_notebook_names()]
    for step in steps:
        assert isinstance(timings.get(step), (int, float)) and timings[step] >= 0, f"timing of {step}: {timings}"
    assert manifest["created"].startswith("20")


def _trainee_rows_not_in_staff() -> list[str]:
    """The cells of training.xlsx whose staff id is not in staff.xlsx, read from the workbooks themselves."""
    staff = load_workbook(RAW_2025 / "staff.xlsx")["staff"]
    ids = {row[0] for row in staff.iter_rows(min_row=2, values_only=True)}
    training = load_workbook(RAW_2025 / "training.xlsx")["training"]
    return [f"A{n}" for n, row in enumerate(training.iter_rows(min_row=2, values_only=True), start=2)
            if row[0] not in ids]


@pytest.mark.parametrize("lang", LANGS)
def test_every_trainee_not_in_staff_is_listed_and_counted_in_the_manifest(report, lang):
    summary = _manifest(report, lang)["validation_warnings"]
    warnings = json.loads((report.folder(lang) / summary["all"]).read_text(encoding="utf-8"))
    expected = _trainee_rows_not_in_staff()
    # The manifest counts them per kind and shows the first ten; the list beside it holds them all.
    assert summary["count"] == len(warnings) == len(expected)
    assert {(k["file"], k["column"], k["found"]): k["count"] for k in summary["kinds"]} == {
        ("training.xlsx", "staff_id", "found.unknown_staff"): len(expected)}
    assert summary["first"] == warnings[:10]
    assert expected, "the sample has trainees who left (TRAINING_LEAVERS in figures.sample)"
    trainees = [w for w in warnings if w["file"] == "training.xlsx"]
    assert {(w["severity"], w["sheet"], w["column"]) for w in trainees} == {("warning", "training", "staff_id")}
    assert sorted(w["cell"] for w in trainees) == sorted(expected)
    # And no swing: the sample years are plausible year on year (tests/unit/test_sample.py).
    assert [w for w in warnings if w["file"] != "training.xlsx"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_reconciliation_ok_with_the_two_errata(report, lang):
    reconciliation = _manifest(report, lang)["reconciliation"]
    assert reconciliation["status"] == "ok"
    assert reconciliation["differences"] == []
    assert reconciliation["counts"].get("erratum") == 2
    errata = {(e["table"], e["row"], e["column"], e["published"], e["computed"]) for e in reconciliation["errata"]}
    assert errata == {
        ("age_bands", "52-65", "percent", "49", "39"),
        ("meetings", "cciv", "label", "Strategisch Comité voor Inlichting en Veiligheid",
         "Coördinatiecomité voor Inlichting en Veiligheid"),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_lists_every_other_output(report, lang):
    folder = report.folder(lang)
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert sorted(_manifest(report, lang)["outputs"] + ["manifest.json"]) == files


# ---------------------------------------------------------------- reproducible to the byte

def test_a_second_render_of_the_same_inputs_gives_the_same_bytes(report, tmp_path):
    """Rendered again (Dutch, the same data, code and date), every output is the same file, byte for byte,
    but the manifest's timings (`rendered_at`, `timings_seconds`); the fixture ran its notebooks on a kernel
    per core, this render on one kernel: which kernel ran a notebook changes nothing."""
    import datetime as dt

    from render_support import run_figures

    first = report.folder("nl")
    again = tmp_path / "reports"
    result = run_figures("render", "--year", 2025, "--lang", "nl", "--reports-dir", again, "--processed-dir",
                         report.processed_dir, "--date", dt.date.today().isoformat(), "--no-progress", "--jobs", 1,
                         cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    second = again / "2025" / "nl"
    files = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    different = [name for name in files if name != "manifest.json"
                 and (first / name).read_bytes() != (second / name).read_bytes()]
    assert different == []
    manifests = [json.loads((folder / "manifest.json").read_text(encoding="utf-8")) for folder in (first, second)]
    for manifest in manifests:
        manifest.pop("rendered_at")
        manifest.pop("timings_seconds")
    assert manifests[0] == manifests[1]


def test_the_same_render_again_says_each_report_is_unchanged_and_touches_nothing(report, tmp_path):
    """The fixture's command again (same inputs, code, notebooks, date and folders): no kernel, no file written,
    one line per language naming its folder; the manifest holds the key that decided it."""
    from render_support import run_figures, snapshot

    before = snapshot(report.reports)
    result = run_figures("render", "--year", 2025, "--lang", *LANGS, "--reports-dir", report.reports.parent,
                         "--processed-dir", report.processed_dir, "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # One line per language, then the reconciliation's last line as the render that made them printed it.
    assert result.stdout.splitlines() == [
        text("render.unchanged", "en", year=2025, language=lang, folder=report.folder(lang)) for lang in LANGS
    ] + [report.result.stdout.splitlines()[-1]]
    assert report.result.stdout.splitlines()[-1].startswith("2025: ") and "2 differences are listed errata" in \
        report.result.stdout.splitlines()[-1]
    assert snapshot(report.reports) == before
    for lang in LANGS:
        key = _manifest(report, lang)["render_key"]
        assert key["parts"]["lang"] == lang and key["parts"]["year"] == 2025 and len(key["sha256"]) == 64


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_ends_with_its_warnings_checks_and_reconciliation(report, lang):
    for chapter in [c for c in REGISTRY.chapters if c.sources]:
        name = REGISTRY.notebook_name(chapter.name)
        executed = nbformat.read(report.folder(lang) / "notebooks" / name, as_version=4)
        reviewer = {c.source: "".join(o.get("data", {}).get("text/html", "") for o in c.outputs)
                    for c in executed.cells if "reviewer" in _tags(c)}
        for call in ("warnings", "checks", "reconciliation"):
            # Named in its own notebook, the template's parameter `chapter` in the template.
            shown = reviewer.get(f'report.{call}("{chapter.name}")') or reviewer.get(f"report.{call}(chapter)")
            assert shown, f"{lang}/{name}: no {call} shown"
        # One parameters cell, with the values of the run (not the notebook's defaults beside them).
        parameters = [c for c in executed.cells if "parameters" in _tags(c)]
        assert len(parameters) == 1 and f'lang = "{lang}"' in parameters[0].source
    training = nbformat.read(report.folder(lang) / "notebooks" / "02_training.ipynb", as_version=4)
    warnings = next(c for c in training.cells if c.source == "report.warnings(chapter)")
    assert "staff_id" in warnings.outputs[0]["data"]["text/html"]       # the trainees not in staff.xlsx
    budget = nbformat.read(report.folder(lang) / "notebooks" / "05_budget.ipynb", as_version=4)
    reconciliation = next(c for c in budget.cells if c.source == "report.reconciliation(chapter)")
    assert "34239296" in reconciliation.outputs[0]["data"]["text/html"]  # the services total, as published


# ---------------------------------------------------------------- a document to publish as it is

@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_no_page_is_mostly_blank_but_the_last_of_a_chapter(report, lang):
    from render_support import page_fill

    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    pages = page_fill(html)
    # The page before a chapter starts (or the last page) may end early; every other page is at least half filled.
    for number, (fill, _) in enumerate(pages[1:-1], start=2):           # the title page is a title page
        last_of_chapter = pages[number][1]
        assert last_of_chapter or fill >= 0.5, f"{lang}: page {number} is {fill:.0%} filled"


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_tagged_with_its_language_and_title(report, lang):
    from pypdf import PdfReader

    reader = PdfReader(str(report.folder(lang) / f"figures-2025-{lang}.pdf"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == lang
    assert reader.metadata.title == text("report.title", lang, year=2025)


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_give_each_chapter_with_its_page(report, lang):
    content = pdf_text(report.folder(lang) / f"figures-2025-{lang}.pdf")
    first_page = content.split("\n")[:60]
    for chapter in CHAPTERS:
        title = flat(text(f"chapter.{chapter}", lang))
        lines = [flat(line) for line in first_page if flat(line).startswith(title)]
        assert lines and re.search(r"\d+$", lines[0]), f"{lang}: {title} without its page in the contents"


@pytest.mark.parametrize("lang", LANGS)
def test_the_reader_html_has_landmarks_one_h1_and_a_viewport(report, lang):
    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert html.count("<h1") == 1 and "<main" in html and "<nav" in html
    assert html.count('<h2 class="chapter"') == len(CHAPTERS) + 2          # the corrections and the colophon
    assert re.search(r'<a class="skip" href="#content">', html)
    assert "generated" not in html.split("</header>")[0] and "manifest.json" not in html.split("</header>")[0]


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (not the style sheet, not the attributes)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


# The quotes each language prints (and the ones it must not), the data's labels included: the sample's
# French activity is typed « Belgium Pub », its Dutch one "Belgium Pub", the budget line d'État.
QUOTES = {"nl": ("“", "«„"), "fr": ("«", "“„"), "de": ("„", "«"), "en": ("“", "«„")}


@pytest.mark.parametrize("lang", LANGS)
def test_one_kind_of_quote_and_apostrophe_per_language(report, lang):
    parser = _Text()
    parser.feed((report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8"))
    seen = "".join(parser.parts)
    assert "'" not in seen and '"' not in seen, [p for p in parser.parts if "'" in p or '"' in p][:5]
    wanted, foreign = QUOTES[lang]
    assert wanted in seen and not any(q in seen for q in foreign)
    if lang == "fr":
        assert "secrétaires d’État" in seen and "« Belgium Pub » à Milan" in plain_spaces(seen)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_the_workbooks_open_in_libreoffice_every_sheet_on_whole_pages(report, tmp_path):
    from pypdf import PdfReader

    for lang in ("nl", "fr"):
        workbook = report.folder(lang) / f"figures-2025-{lang}.xlsx"
        profile = (tmp_path / "profile").as_uri()
        result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                                 "--outdir", str(tmp_path / lang), str(workbook)], capture_output=True, text=True,
                                timeout=240)
        assert result.returncode == 0, result.stdout + result.stderr
        pdf = tmp_path / lang / workbook.with_suffix(".pdf").name
        pages = [flat(page.extract_text() or "") for page in PdfReader(str(pdf)).pages]
        # Rows tall enough for their wrapped text: no line printed over another (the info sheet's did).
        assert overprinted(pdf) == [], f"{lang}: text printed over text"
        sheets = load_workbook(workbook).worksheets
        # Every sheet fits the page width, and these sheets are short: one page each, in order.
        assert len(pages) == len(sheets), f"{lang}: {len(pages)} pages for {len(sheets)} sheets"
        for page, sheet in zip(pages, sheets):
            header_row = 2 if sheet.freeze_panes == "A3" else 1
            headers = [flat(str(c.value)) for c in sheet[header_row] if c.value is not None]
            if sheet.title != text("excel.sheet.info", lang):
                assert headers[0] in page and headers[-1] in page, f"{lang}/{sheet.title}: a column is cut off"


# The reader's HTML in a real browser: Debian's Chromium (.ci/run installs it), driven by Playwright, checked
# by axe-core (from the axe-playwright-python package: nothing is downloaded at run time).
CHROMIUM = shutil.which("chromium")
SCREEN_WIDTHS = {"desktop": 1366, "phone": 390}

# Elements that stick out of the viewport: render_support.HORIZONTAL_EXTENT (the skip link's focus is checked
# on its own).


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed; .ci/run installs Debian's chromium")
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_html_reads_in_a_real_browser_on_a_desktop_and_a_phone(report, lang, tmp_path_factory):
    """axe-core finds no violation, nothing is wider than the screen, the skip link shows when focused, and
    a phone takes the charts drawn for its width; screenshots are kept in pytest's temporary folder."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    shots = tmp_path_factory.mktemp(f"screenshots-{lang}")
    url = (report.folder(lang) / f"figures-2025-{lang}.html").resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run"])
        try:
            for screen, width in SCREEN_WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(url)
                result = Axe().run(page)
                violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                              for v in result.response["violations"]]
                assert violations == [], f"{lang} at {width} px: {violations}"
                wide = page.evaluate(HORIZONTAL_EXTENT)
                assert wide["page"] <= wide["width"] and wide["out"] == [], f"{lang} at {width} px: {wide}"
                # The charts the browser shows: drawn for the phone on the phone, else the desktop ones.
                sources = page.eval_on_selector_all("figure.chart img", "images => images.map(i => i.currentSrc)")
                narrow = page.eval_on_selector_all("figure.chart source", "sources => sources.map(s => s.srcset)")
                assert sources and len(narrow) == len(sources)
                assert (sources == narrow) == (screen == "phone"), f"{lang} at {width} px: the wrong charts"
                page.keyboard.press("Tab")
                focused = page.evaluate("() => [document.activeElement.className, "
                                        "document.activeElement.getBoundingClientRect().left]")
                assert focused[0] == "skip" and 0 <= focused[1] < width, focused
                page.screenshot(path=str(shots / f"figures-2025-{lang}-{width}px.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    assert len(list(shots.glob("*.png"))) == len(SCREEN_WIDTHS)


# English words that no Dutch, French or German sentence of the explanations uses ("of", "is" and "en" are
# Dutch words too, and are left out).
ENGLISH_WORDS = {"the", "and", "with", "which", "this", "these", "for", "are", "when", "where", "every", "from"}


def _prose(markdown: str) -> str:
    """A markdown cell's words: its code spans and headings' marks removed."""
    return re.sub(r"`[^`]*`", " ", markdown).replace("#", " ")


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_the_executed_notebooks_explain_in_the_report_language(report, lang):
    """Every markdown cell of an executed notebook says its catalogue text in the report's language (the
    reviewer's summary, first, is made of catalogue texts too): none holds an English sentence of the en
    catalogue, nor an English word, and "For the reviewer" is gone."""
    from figures.i18n import catalogue
    from figures.render.execute import SUMMARY_TAG, prose_keys

    english = [sentence.strip() for key, value in catalogue("en").items() if key.startswith("notebook_text.")
               for sentence in re.split(r"(?<=[.:;])\s+|\n+", _prose(value)) if len(sentence.strip()) > 12]
    assert len(english) > 40
    for name in chapter_notebook_names():
        executed = nbformat.read(report.folder(lang) / "notebooks" / name, as_version=4)
        markdown = [c for c in executed.cells if c.cell_type == "markdown"]
        assert markdown, name
        for cell in markdown:
            prose = _prose(cell.source)
            # Not the render's own cells: the reviewer's summary and the note of the sign-off state.
            if not {SUMMARY_TAG, "sign-off"} & set(cell.metadata.get("tags", [])):
                assert cell.source == "\n\n".join(text(k, lang) for k in prose_keys(cell)), f"{lang}/{name}"
            found = [s for s in english if s in prose]
            assert not found, f"{lang}/{name}: English sentences {found}"
            words = set(re.findall(r"[a-z]+", prose.lower())) & ENGLISH_WORDS
            assert not words, f"{lang}/{name}: English words {sorted(words)} in {cell.source[:80]!r}"
        assert "For the reviewer" not in (report.folder(lang) / "notebooks" / name.replace(".ipynb", ".html")
                                          ).read_text(encoding="utf-8")
