"""The reader's document: the outputs of the executed notebooks, without code, as one HTML page.

Only what the notebooks display is taken: HTML outputs (tables, headings,
notes) and SVG charts. Code, the parameter cells, printed text, warnings and
the cells tagged `reviewer` (the checks) are left out. The same HTML is the
source of the PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader

import figures
from figures.i18n import Translator, text
from figures import provenance
from figures.i18n import formats
from figures.present import svg_alt
from figures.render.pdf import TEMPLATES

SKIPPED_TAGS = {"parameters", "injected-parameters", "reviewer"}


@dataclass
class Chapter:
    name: str
    title: str
    body: str


def chapter_name(notebook: Path) -> str:
    """`03_meetings.ipynb` -> `meetings`."""
    return notebook.stem.split("_", 1)[1] if "_" in notebook.stem else notebook.stem


def _output_html(output) -> str:
    data = output.get("data", {})
    if "text/html" in data:
        return data["text/html"]
    for mime in ("image/svg+xml", "image/png"):
        if mime in data:
            payload = data[mime]
            encoded = payload if mime == "image/png" else base64.b64encode(payload.encode("utf-8")).decode("ascii")
            # The SVG's <title> and <desc>: what the chart shows, in words (already escaped in the SVG).
            alt = svg_alt(payload) if mime == "image/svg+xml" else ""
            return f'<figure class="chart"><img src="data:{mime};base64,{encoded}" alt="{alt}"></figure>'
    return ""


def chapter_body(notebook: nbformat.NotebookNode) -> str:
    """The displayed outputs of one executed notebook, in cell order."""
    parts = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or SKIPPED_TAGS & set(cell.metadata.get("tags", [])):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("execute_result", "display_data"):
                parts.append(_output_html(output))
    return "\n".join(p for p in parts if p)


def reader_html(executed: list[Path], year: int, lang: str, today: dt.date | None = None,
                kinds: dict[int, str] | None = None, corrections: list[str] = (),
                summary: dict[str, int] | None = None) -> str:
    """The reader's HTML document of the executed chapter notebooks, in order: a notice on every page when
    a year it shows is sample data (`kinds`: each year's provenance), the `corrections` of the printed
    report in a section of their own, and the colophon (where the figures come from, the date, how they
    were checked: `summary` of the reconciliation, None when the year is not published)."""
    t = Translator(lang)
    kinds = kinds or {year: provenance.WORKBOOKS}
    chapters = []
    for path in executed:
        name = chapter_name(path)
        chapters.append(Chapter(name, t(f"chapter.{name}"), chapter_body(nbformat.read(path, as_version=4))))
    # Chapters with nothing to show (trends with a single year, say) keep their sentence, never an empty page.
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False)
    samples = provenance.samples(kinds)
    return environment.get_template("report.html.j2").render(
        lang=lang, version=figures.__version__, css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        title=escape(t("report.title", year=year)), subtitle=escape(t("report.subtitle", year=year)),
        source=escape(t("report.source", year=year)), contents=escape(t("report.contents")),
        notice=escape(t("provenance.banner", years=formats.years(samples, lang))) if samples else "",
        chapters=[Chapter(c.name, escape(c.title), c.body) for c in chapters],
        corrections_title=escape(t("correction.heading")),
        corrections=[escape(t("correction.intro", year=year))] + [escape(c) for c in corrections]
        if corrections else [],
        colophon_title=escape(t("report.colophon")),
        colophon=[escape(line) for line in colophon(year, lang, kinds, today, summary)],
        skip=escape(t("report.skip")),
    )


def provenance_lines(lang: str, kinds: dict[int, str]) -> list[str]:
    """Where the figures of each year come from, one sentence per kind of source (the years it covers)."""
    lines = []
    for kind in (provenance.WORKBOOKS, provenance.SAMPLE_OF_PUBLISHED, provenance.PUBLISHED, provenance.SAMPLE):
        years = sorted(y for y, k in kinds.items() if k == kind)
        if years:
            lines.append(text(f"provenance.{kind}", lang, years=formats.years(years, lang)))
    return lines


def colophon(year: int, lang: str, kinds: dict[int, str], today: dt.date | None,
             summary: dict[str, int] | None) -> list[str]:
    """The colophon, each thing said once: where the figures come from, when they were computed, how they
    were checked against the published report (or that there is none yet), where the computation is."""
    lines = provenance_lines(lang, kinds)
    lines.append(text("colophon.generated", lang, date=formats.date(today or dt.date.today(), lang)))
    lines += checked(year, lang, summary)
    lines.append(text("colophon.notebooks", lang))
    return lines


def checked(year: int, lang: str, summary: dict[str, int] | None) -> list[str]:
    """How the figures were compared with the published report: the counts, or that there is no report."""
    if summary is None:
        return [text("colophon.not_published", lang, year=year)]
    counts = {k: formats.number(v, lang) for k, v in summary.items()}
    lines = [text("colophon.checked" if summary["errata"] else "colophon.checked_all", lang, year=year, **counts)]
    if summary["differences"]:
        lines.append(text("colophon.differences", lang, **counts))
    return lines


# A script fetched from the network (require.js, MathJax from a CDN): the reviewer's copy opens offline,
# and the notebooks use neither widgets nor mathematics.
REMOTE_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\n?')


@functools.lru_cache(maxsize=1)
def _exporter():
    """One exporter for every reviewer's HTML: making one loads and compiles nbconvert's templates (most of
    the time of an export), and the writer thread exports the notebooks one after the other."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab")


# nbconvert's lab style aligns every table cell right: the label columns of the report's tables go left, as
# in the reader's documents (the reviewer's own tables say so in each cell, for JupyterLab too).
REVIEWER_STYLE = "<style>.jp-RenderedHTMLCommon table.figures .label { text-align: left; }</style>\n"


def reviewer_html(notebook: Path) -> str:
    """An executed notebook with its code, as HTML for the reviewer (nbconvert's lab template), offline, in
    the language of the run (nbconvert writes `lang="en"` whatever the notebook's)."""
    body, _ = _exporter().from_filename(str(notebook))
    metadata = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata", {})
    lang = metadata.get("papermill", {}).get("parameters", {}).get("lang")
    if lang:
        body = re.sub(r'<html lang="[^"]*"', f'<html lang="{escape(lang)}"', body, count=1)
    body = body.replace("</head>", REVIEWER_STYLE + "</head>", 1)
    return REMOTE_SCRIPT.sub("", body)


# ---------------------------------------------------------------- an amended edition (figures.editions)

AMENDMENT_ID = "amendment"


def with_amendment(html: str, title: str, lines: list[str]) -> str:
    """The reader's HTML of a signed report with an amendment note (`figures publish`, edition 2 and later):
    a section first in the main content, headed `title`, one paragraph per line, and a link to it above the
    numbered contents (the chapters keep their numbers). Everything else stays as signed; the PDF is made
    from this HTML again."""
    section = (f'<section class="chapter amendment" aria-labelledby="{AMENDMENT_ID}">\n'
               f'<h2 class="chapter" id="{AMENDMENT_ID}">{escape(title)}</h2>\n'
               + "".join(f'<p class="note">{escape(line)}</p>\n' for line in lines) + "</section>\n")
    main, contents = '<main id="content">\n', '<nav aria-labelledby="contents-title">'
    if main not in html or contents not in html:
        raise ValueError("not a reader's document of this version: no main content or contents to amend")
    html = html.replace(main, main + section, 1)
    at = html.index("<ol>", html.index(contents))
    return html[:at] + f'<p class="{AMENDMENT_ID}"><a href="#{AMENDMENT_ID}">{escape(title)}</a></p>' + html[at:]
