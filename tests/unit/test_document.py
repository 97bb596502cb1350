"""The reader's document (render/document.py) from hand-built executed notebooks.

Only what a notebook displays reaches the reader: HTML outputs and charts, in
cell order. Cells tagged parameters, injected-parameters or reviewer, printed
text (stream outputs), errors, plain-text results and markdown are left out.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from figures.i18n import text
from figures.render import document

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>chart</title></svg>'
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode("ascii")


def _display(mime: str, payload, kind: str = "display_data"):
    data = {mime: payload, "text/plain": "<the plain alternative>"}
    if kind == "execute_result":
        return new_output("execute_result", data=data, execution_count=1)
    return new_output("display_data", data=data)


def _notebook() -> nbformat.NotebookNode:
    notebook = new_notebook()
    notebook.cells = [
        new_markdown_cell("# Markdown heading, not shown"),
        new_code_cell('year = 2025\nlang = "nl"', metadata={"tags": ["parameters"]},
                      outputs=[_display("text/html", "<p>PARAMETERS</p>")]),
        new_code_cell('# Parameters\nlang = "fr"', metadata={"tags": ["injected-parameters"]},
                      outputs=[_display("text/html", "<p>INJECTED</p>")]),
        new_code_cell("present.chapter('staff', lang)",
                      outputs=[new_output("stream", name="stdout", text="PRINTED TEXT\n"),
                               _display("text/html", "<h1>FIRST</h1>", "execute_result")]),
        new_code_cell("present.chart(...)", outputs=[_display("image/svg+xml", SVG)]),
        new_code_cell("warnings", outputs=[new_output("stream", name="stderr", text="A WARNING\n"),
                                           new_output("execute_result", data={"text/plain": "PLAIN ONLY"},
                                                      execution_count=3)]),
        new_code_cell("checks", metadata={"tags": ["reviewer"]},
                      outputs=[_display("text/html", "<table>REVIEWER CHECKS</table>")]),
        new_code_cell("both", outputs=[_display("text/html", "<p>SECOND</p>"), _display("image/png", PNG)]),
        new_code_cell("1/0", outputs=[new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                                 traceback=["TRACEBACK LINE"])]),
        new_code_cell("tagged otherwise", metadata={"tags": ["other"]},
                      outputs=[_display("text/html", "<p>THIRD</p>")]),
    ]
    return notebook


def test_chapter_body_keeps_html_and_charts_in_order():
    body = document.chapter_body(_notebook())
    first, chart, second, png, third = (body.index("<h1>FIRST</h1>"), body.index("data:image/svg+xml;base64,"),
                                        body.index("<p>SECOND</p>"), body.index("data:image/png;base64,"),
                                        body.index("<p>THIRD</p>"))
    assert first < chart < second < png < third


@pytest.mark.parametrize("left_out", ["PARAMETERS", "INJECTED", "REVIEWER CHECKS", "PRINTED TEXT", "A WARNING",
                                      "PLAIN ONLY", "the plain alternative", "TRACEBACK", "ZeroDivisionError",
                                      "Markdown heading", "present.", "year = 2025"])
def test_chapter_body_leaves_out(left_out):
    assert left_out not in document.chapter_body(_notebook())


def test_chart_is_an_img_with_the_svg_as_base64_data_uri():
    body = document.chapter_body(_notebook())
    uris = re.findall(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', body)
    assert len(uris) == 1
    assert base64.b64decode(uris[0]).decode("utf-8") == SVG
    assert f'<img src="data:image/png;base64,{PNG}"' in body  # PNG is base64 in the notebook already
    assert body.count('<figure class="chart">') == 2


def test_svg_with_non_ascii_text_survives():
    svg = SVG.replace("chart", "Coördinatiecomité – 4.639.816 €")
    notebook = new_notebook(cells=[new_code_cell("x", outputs=[_display("image/svg+xml", svg)])])
    uri = re.search(r"base64,([A-Za-z0-9+/=]+)", document.chapter_body(notebook)).group(1)
    assert base64.b64decode(uri).decode("utf-8") == svg


def test_an_empty_notebook_has_an_empty_body():
    assert document.chapter_body(new_notebook()) == ""
    assert document.chapter_body(new_notebook(cells=[new_code_cell("x = 1")])) == ""


@pytest.mark.parametrize("path, name", [
    (Path("reports/2025/nl/notebooks/03_meetings.ipynb"), "meetings"),
    (Path("03_meetings.ipynb"), "meetings"),
    (Path("notebooks/01_staff.ipynb"), "staff"),
    (Path("04_translations_by_pair.ipynb"), "translations_by_pair"),
    (Path("intro.ipynb"), "intro"),
])
def test_chapter_name(path, name):
    assert document.chapter_name(path) == name


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_reader_html_of_executed_notebooks(tmp_path, lang):
    paths = []
    for name, html in (("01_staff", "<p>STAFF BODY</p>"), ("03_meetings", "<p>MEETINGS BODY</p>")):
        notebook = new_notebook(cells=[
            new_code_cell('lang = "nl"', metadata={"tags": ["parameters"]}),
            new_code_cell("from figures import present", outputs=[_display("text/html", html)]),
        ])
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    html = document.reader_html(paths, 2025, lang, today=dt.date(2026, 3, 2))
    assert f'<html lang="{lang}"' in html
    assert html.index("STAFF BODY") < html.index("MEETINGS BODY")
    for chapter in ("staff", "meetings"):
        assert text(f"chapter.{chapter}", lang) in html
    assert text("report.title", lang, year=2025) in html
    assert "2026" in html  # the date of the run, in the language
    assert "from figures import present" not in html and "import " not in html


def test_a_real_chart_carries_its_title_and_figures_as_text_alternative():
    # A chart as the chapters draw it: the house style sets the title on the left.
    import pandas as pd

    from figures import labels, present
    from figures.chapters import meetings

    table = pd.DataFrame({"body": ["ministerraad", "comite_a"], "meetings": [44, 9],
                          "e_procedures": pd.array([16, pd.NA], dtype="Int64")})
    names = [labels.body(b, "nl") for b in table["body"]]
    figure = meetings.meetings_chart(table, names, "nl")
    svg = present.chart(figure, "Ministerraad: 44 en 16; Comité A: 9").svg
    book = new_notebook(cells=[new_code_cell("chart", outputs=[new_output("display_data",
                                                                          data={"image/svg+xml": svg})])])
    assert 'alt="Vergaderingen en e-procedures per orgaan. Ministerraad: 44 en 16; Comité A: 9"' in \
        document.chapter_body(book)


def test_the_reviewer_html_opens_offline(tmp_path):
    # nbconvert's lab template loads require.js and MathJax from a CDN; the notebooks need neither.
    notebook = new_notebook(cells=[new_code_cell("x = 1", outputs=[_display("text/html", "<p>TABLE</p>")])])
    path = tmp_path / "01_staff.ipynb"
    nbformat.write(notebook, path)
    html = document.reviewer_html(path)
    assert "<p>TABLE</p>" in html
    assert not re.findall(r'<script\b[^>]*\bsrc="https?://', html)
    assert "require.min.js" not in html and "MathJax.js" not in html and "mathjax/2" not in html


def test_the_reviewer_html_is_in_the_language_of_the_run_with_labels_left(tmp_path):
    # nbconvert writes lang="en" and its style aligns every table cell right.
    notebook = new_notebook(cells=[new_code_cell("x = 1", outputs=[_display("text/html", "<p>TABLE</p>")])])
    notebook.metadata["papermill"] = {"parameters": {"year": 2025, "lang": "nl"}}
    path = tmp_path / "01_staff.ipynb"
    nbformat.write(notebook, path)
    html = document.reviewer_html(path)
    assert re.search(r'<html lang="nl"', html) and 'lang="en"' not in html.split(">", 2)[1]
    head = html.split("</head>")[0]
    assert re.search(r"table\.figures \.label \{ text-align: left; \}", head)
