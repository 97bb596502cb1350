"""The chapter as a reader sees it: HTML tables, notes and charts in the report's language.

The pieces every reader's table is made of: `table` (caption, header row,
body, total row), `value` (a number formatted by its kind, through Babel),
`chart` (a matplotlib figure as SVG with its title and a description in
words), and the reviewer's views (`checks_table`, `raw_table`). Each table's
own layout is its `present` function in its chapter module.

A count of zero and "not applicable" are both shown as "/", the published
style; the reviewer's raw table tells them apart.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from html import escape

import pandas as pd

from figures import long_text
from figures.i18n import formats, text
from figures.registry import COUNT, DAYS, MONEY, PERCENT


class Cell(str):
    """A number as the reader sees it (`39%`, `4.639.816 €`, `+33 (+9,1 %)`), a text, that also carries what a
    spreadsheet needs to show the same: the `number`, its `kind`, and for a change the change in percent.
    A cell without a number says why in `missing`: "not_applicable" (shown "/") or "new" (no figure the
    year before); a count of zero shown "/" keeps its number, 0."""

    number: float | None
    kind: str | None
    change: bool
    change_pct: float | None
    missing: str | None

    def __new__(cls, shown: str, number=None, kind: str | None = None, change: bool = False, change_pct=None,
                missing: str | None = None):
        cell = super().__new__(cls, shown)
        cell.number, cell.kind, cell.change, cell.change_pct = number, kind, change, change_pct
        cell.missing = missing
        return cell


class Hidden:
    """A figure withheld to protect people (figures.disclosure): the reader sees its sign (a catalogue key,
    the same in every language), a spreadsheet an empty cell with a note."""

    def __init__(self, sign: str = "disclosure.sign"):
        self.sign = sign

    def text(self, lang: str) -> str:
        return text(self.sign, lang)

    def cell(self, kind: str | None, lang: str) -> "Cell":
        return Cell(self.text(lang), kind=kind, missing="hidden")


@dataclass
class ReaderTable:
    """The structure of a reader's table (what `table` made HTML of), for the workbook's reader sheets."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    total: list[str] | None
    numeric_from: int


class Html:
    """HTML that Jupyter displays as such (mime type text/html); the reader's tables it holds, if any."""

    def __init__(self, html: str, tables: list[ReaderTable] | None = None):
        self.html = html
        self.tables = list(tables or [])

    def __add__(self, other: "Html") -> "Html":
        return Html(self.html + other.html, self.tables + other.tables)

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # The text/plain alternative Jupyter stores next to the HTML: the words, no markup.
        return " ".join(re.sub(r"<[^>]+>", " ", self.html).split())


class Svg:
    """A chart as SVG, vector in the notebook, the HTML and the PDF: shown as a figure whose image carries
    the chart's title and its figures in words as text alternative, with the title as caption."""

    def __init__(self, svg: str, narrow: str = ""):
        self.svg = svg
        self.narrow = narrow        # the same chart drawn for a phone's width (text as large), or none

    def _repr_html_(self) -> str:
        return self.figure()

    def figure(self) -> str:
        """`<figure>` with the SVG as an image (a data URI), its `alt`, and its title as `<figcaption>`."""
        title = re.search(r"<title>(.*?)</title>", self.svg, re.S)
        caption = f"<figcaption>{title.group(1)}</figcaption>" if title else ""
        image = f'<img src="{self.data_uri()}" alt="{self.alt}">'
        if self.narrow:
            # On a narrow screen the browser takes the chart drawn for that width, its text as large as on
            # a desktop (the desktop chart, shrunk, would make it unreadably small); print takes the <img>.
            image = (f'<picture><source media="(max-width: {NARROW_SCREEN_PX}px)" '
                     f'srcset="{_data_uri(self.narrow)}">{image}</picture>')
        return f'<figure class="chart">{caption}{image}</figure>'

    def __repr__(self) -> str:
        alt = self.alt
        return f"[chart: {alt}]" if alt else "[chart]"

    @property
    def alt(self) -> str:
        """The text alternative: the title and the description in words (escaped as in the SVG)."""
        return svg_alt(self.svg)

    def data_uri(self) -> str:
        return _data_uri(self.svg)


NARROW_SCREEN_PX = 600       # as the stylesheet's narrow-screen rules


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def svg_alt(svg: str) -> str:
    """The `<title>` and `<desc>` of an SVG document, joined: what a reader's `alt` says (still escaped)."""
    title = re.search(r"<title>(.*?)</title>", svg, re.S)
    desc = re.search(r"<desc>(.*?)</desc>", svg, re.S)
    parts = [m.group(1).strip() for m in (title, desc) if m and m.group(1).strip()]
    return ". ".join(parts)


class Charts:
    """A chart in parts (its rows would not fit one page's chart): one captioned figure per part."""

    def __init__(self, parts: list[Svg]):
        self.parts = list(parts)

    def _repr_html_(self) -> str:
        return "".join(part.figure() for part in self.parts)

    def __repr__(self) -> str:
        return " ".join(repr(part) for part in self.parts)


def chart(figure, description: str | list[str] = "") -> Svg | Charts:
    """A matplotlib Figure as SVG (the page's and a phone's), with its title and `description` as the image's
    text alternative. A chart in parts (a list of Figures) gives one such figure per part, each described by
    its own item of `description` (a list). The figures are used up: left drawn at the phone's width."""
    from figures.charts import parts, svgs, title_of

    figures = parts(figure)
    descriptions = description if isinstance(description, list) else [description] * len(figures)

    def described(svg: str, title: str, words: str) -> str:
        # <title> and <desc> as the first children of the root element: what screen readers and `alt` use.
        head = (f"<title>{escape(title)}</title>" if title else "") + \
               (f"<desc>{escape(words)}</desc>" if words else "")
        return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + head, svg, count=1) if head else svg

    drawn = [Svg(described(page, title_of(fig), words), described(phone, title_of(fig), words))
             for fig, words, (page, phone) in zip(figures, descriptions, svgs(figures), strict=True)]
    return drawn[0] if len(drawn) == 1 else Charts(drawn)


def chapter(name: str, lang: str) -> Html:
    """The chapter heading: a level-2 heading (the document's one level-1 heading is its title)."""
    return Html(f'<h2 class="chapter" id="{escape(name)}">{escape(text("chapter." + name, lang))}</h2>')


def paragraph(sentence: str, css: str = "") -> Html:
    """A sentence of the report (a note under a table, an introduction), already in the report's language;
    `css` marks a kind of note (a correction, a sample-data notice)."""
    return Html(f'<p class="{" ".join(c for c in ("note", css) if c)}">{escape(sentence)}</p>')


def none(lang: str) -> str:
    """How the report shows a count of zero or "not applicable": "/"."""
    return text("report.none", lang)


def value(number, kind: str, lang: str, zero_as_none: bool = False) -> str:
    """A number as the reader sees it: formatted for its kind (count, percent, money, days) in `lang`; a
    `Hidden` figure as its sign."""
    if isinstance(number, Hidden):
        return number.cell(kind, lang)
    if number is None or pd.isna(number):
        return Cell(none(lang), kind=kind, missing="not_applicable")
    if zero_as_none and number == 0:
        return Cell(none(lang), 0, kind)
    if hasattr(number, "item"):
        number = number.item()
    if kind == MONEY:
        return Cell(formats.money(number, lang), number, kind)
    if kind == PERCENT:
        return Cell(formats.percent(int(number), lang), int(number), kind)
    if kind in (COUNT, DAYS):
        return Cell(formats.number(number, lang), number, kind)
    raise ValueError(f"not a number kind: {kind}")


# The reviewer's tables are shown in notebooks (JupyterLab, nbconvert's pages), whose style sheets align
# every table cell to the right: their cells carry their alignment, and a row that needs the reviewer's eye
# (an erratum, a difference) its look, in the element itself.
REVIEW_ALIGN = {"num": "text-align: right", "label": "text-align: left"}
REVIEW_ROW_STYLE = {"erratum": "background-color: #fff4ce; font-weight: bold; border-left: 4px solid #8a6d00",
                    "difference": "background-color: #fde7e9; font-weight: bold; border-left: 4px solid #a4262c"}


def table(title: str, headers: list[str], rows: list[list[str]], total: list[str] | None = None,
          numeric_from: int = 1, css: str = "", row_classes: list[str] | None = None) -> Html:
    """A publication-style table: caption, header row, body, optional total row; numbers right-aligned.
    `row_classes` gives body rows a class each ("" for none)."""
    review = "review" in css.split()
    # In a table of figures (a label column, then numbers), a row's label heads its row (<th scope="row">):
    # screen readers say it with each number, and the PDF tags it as a row header (TH, /Scope /Row). A row
    # without a label of its own (the next line of a group named above) keeps a data cell: a header is never
    # empty (WCAG 1.3.1, axe-core's empty-table-header).
    row_headers = 1 <= numeric_from < len(headers)

    def attributes(i):
        kind = "num" if i >= numeric_from else "label"
        return f'class="{kind}"' + (f' style="{REVIEW_ALIGN[kind]}"' if review else "")

    def shown(i, v):
        # A text longer than a page holds is shortened here (the table's rows, which the Excel workbook
        # writes, keep it whole), and a run of letters longer than any word may break: figures.long_text.
        if i >= numeric_from:
            return escape(str(v))
        return _UNBROKEN_RUN.sub(r"\1<wbr>", escape(long_text.shorten(str(v))))

    def cells(values, tag):
        return "".join(f"<{tag} {attributes(i)}>{shown(i, v)}</{tag}>"
                       if i or not row_headers or not str(v).strip() else
                       f'<th scope="row" {attributes(i)}>{shown(i, v)}</th>'
                       for i, v in enumerate(values))

    def row(values, position):
        name = (row_classes or [])[position] if position < len(row_classes or []) else ""
        if not name:
            return f"<tr>{cells(values, 'td')}</tr>"
        style = f' style="{REVIEW_ROW_STYLE[name]}"' if review and name in REVIEW_ROW_STYLE else ""
        return f'<tr class="{escape(name)}"{style}>{cells(values, "td")}</tr>'

    lines = [row(r, position) for position, r in enumerate(rows)]
    # The total row stays in the body: a <tfoot> would be repeated on every page of a split table.
    if total:
        lines.append(f'<tr class="total">{cells(total, "td")}</tr>')
    body = "".join(lines)
    # Rows that continue the one named above (a campaign's figures: the name on its first line only) are kept
    # with it, one row group each, so that a page never begins with lines whose name is on the page before.
    starts = [i for i, r in enumerate(rows) if str(r[0]).strip()] if row_headers and rows else []
    if starts and len(starts) < len(rows):
        bounds = [0] + starts[1:] + [len(lines)] if starts[0] else starts + [len(lines)]
        body = "</tbody><tbody class=\"group\">".join("".join(lines[a:b]) for a, b in zip(bounds, bounds[1:]))
        body_tag = '<tbody class="group">'
    else:
        body_tag = "<tbody>"
    classes = " ".join(c for c in ("figures", css, "wide" if len(headers) >= WIDE_COLUMNS else "") if c)
    # Column headers are headers of their column (scope), the caption names the table, and the table
    # scrolls inside its own box (a focusable region, named as the table) when the screen is narrow.
    head = "".join(f'<th scope="col" {attributes(i)}>{_unbroken(escape(str(v)))}</th>' for i, v in enumerate(headers))
    # A table of a few rows is kept whole on paper; a longer one may split between its rows.
    whole = " whole" if len(rows) + (1 if total else 0) <= WHOLE_ROWS else ""
    return Html(f'<div class="table-scroll{whole}" role="region" tabindex="0" aria-label="{escape(title)}">'
                f'<table class="{classes}"><caption><span>{escape(title)}</span></caption>'
                f"<thead><tr>{head}</tr></thead>{body_tag}{body}</tbody></table></div>",
                [ReaderTable(title, list(headers), [list(r) for r in rows], list(total) if total else None,
                             numeric_from)])


# A run of characters without a space longer than any word (a name typed without spaces): it may break after
# every 30 characters, never inside a real word (the longest Dutch and German ones are about 30).
_UNBROKEN_RUN = re.compile(r"([^\s<>&;]{30})(?=[^\s<>&;])")


def _unbroken(header: str) -> str:
    """A header's hyphenated words kept whole ("E-procedure" never breaks as "E-/procedure")."""
    return re.sub(r"(\S+-\S+)", r'<span class="nobreak">\1</span>', header)


WHOLE_ROWS = 15     # a table of at most this many rows never splits across two pages
WIDE_COLUMNS = 7    # a table of this many columns or more is set smaller to fit the page


def headers(table_name: str, columns: list[str], lang: str) -> list[str]:
    """The reader's column headers of a table (`table.<name>.<column>`)."""
    return [text(f"table.{table_name}.{c}", lang) for c in columns]


def describe(title: str, labels: list[str], columns: list[str], table_frame: pd.DataFrame,
             kinds: dict[str, pd.Series], lang: str, hidden=None) -> str:
    """A chart's content in words, for its text alternative: `label: header value, header value; ...`;
    `hidden(position, column)` says which cells are withheld (they say the sign)."""
    parts = []
    for position, label in enumerate(labels):
        values = []
        for column in columns:
            cell = table_frame[column].iloc[position]
            if hidden is not None and hidden(position, column):
                shown = value(Hidden(hidden.sign), kinds[column].iloc[position], lang)
            else:
                shown = text("describe.not_applicable", lang) if cell is None or pd.isna(cell) \
                    else value(cell, kinds[column].iloc[position], lang)
            values.append(f"{text(f'excel_column.{column}', lang)} {shown}")
        parts.append(text("describe.row", lang, label=label, values=", ".join(values)))
    separator = text("chart_row.separator", lang)
    return text("describe.row", lang, label=title, values=separator.join(parts)) if title else separator.join(parts)


def _plain(item, lang: str) -> str:
    """A checked value as a reader writes it: localised numbers, lists joined."""
    if isinstance(item, (list, tuple)):
        return ", ".join(_plain(v, lang) for v in item)
    if hasattr(item, "item"):
        item = item.item()
    if isinstance(item, float) and item.is_integer():
        item = int(item)
    return formats.number(item, lang) if isinstance(item, (int, float)) else str(item)


def checks_table(checks, lang: str) -> Html:
    """The consistency checks, for the reviewer: each with its outcome and the values compared."""
    rows = [[text(c.key, lang), "✔" if c.ok else "✘",
             f"{_plain(c.left, lang)} {'=' if c.ok else '≠'} {_plain(c.right, lang)}"] for c in checks]
    return table(text("review.checks", lang), [text("review.check", lang), text("review.ok", lang),
                                               text("review.values", lang)], rows, numeric_from=9, css="review")


def raw_table(name: str, frame: pd.DataFrame, lang: str) -> Html:
    """A figure table exactly as computed (codes, numbers without formatting), for the reviewer: an empty
    cell (not applicable) and 0 read differently here, where the reader's table shows "/" for both."""
    empty = text("review.not_applicable", lang)
    rows = [[empty if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in row]
            for row in frame.itertuples(index=False)]
    title = text("review.raw_table", lang, file=f"{name}.csv")
    # Codes and names to the left, the number columns that end the table to the right.
    numeric_from = len(frame.columns)
    while numeric_from and pd.api.types.is_numeric_dtype(frame[frame.columns[numeric_from - 1]]):
        numeric_from -= 1
    return table(title, list(frame.columns), rows, numeric_from=numeric_from, css="review")


def problems_table(problems, lang: str, title_key: str, none_key: str) -> Html:
    """Validation problems as a table (file, sheet, cell, column, found, expected), or a sentence when none."""
    if not problems:
        return paragraph(text(none_key, lang))
    rows = [[p.file, p.sheet or "", p.cell or "", p.column or "", p.found.render(lang) if p.found else "",
             p.expected.render(lang) if p.expected else ""] for p in problems]
    headers = [text(f"problems.{c}", lang) for c in ("file", "sheet", "cell", "column", "found", "expected")]
    return table(text(title_key, lang, count=len(problems)), headers, rows, numeric_from=len(headers) + 1,
                 css="review")


def reconciliation_table(result: pd.DataFrame, tables: list[str], lang: str) -> Html:
    """The published figures of `tables` against the computed ones, with each row's status and note."""
    rows = result[result["table"].isin(tables)]
    if rows.empty:
        return paragraph(text("review.nothing_published", lang))
    body = [[r.table, r.row, r.column, str(r.published), str(r.computed), text(f"reconcile.{r.status}", lang),
             r.note] for r in rows.itertuples()]
    headers = [text(f"reconcile.{c}", lang) for c in ("table", "row", "column", "published", "computed", "status",
                                                      "note")]
    counts = rows["status"].value_counts()
    title = text("review.reconciliation", lang,
                 matches=counted("reviewer.count.match", int(counts.get("match", 0) + counts.get("approximate", 0)),
                                 lang),
                 errata=counted("reviewer.count.erratum", int(counts.get("erratum", 0)), lang),
                 differences=counted("reviewer.count.difference", int(counts.get("difference", 0)), lang))
    # An erratum or a difference stands out among the matches: its status in words, bold, on a tinted row.
    marked = [r.status if r.status in REVIEW_ROW_STYLE else "" for r in rows.itertuples()]
    return table(title, headers, body, numeric_from=len(headers) + 1, css="review", row_classes=marked)


def counted(key: str, count: int, lang: str) -> str:
    """`count` things in words, in the plural form the language gives that number (CLDR's rules, through
    Babel: 1 erratum, 2 errata; in French 0 and 1 take the singular): the catalogue entry `<key>.<form>`,
    `one` or `other` (the languages of the report know no other form)."""
    from babel import Locale

    form = Locale.parse(formats.locale(lang)).plural_form(count)
    return text(f"{key}.{'one' if form == 'one' else 'other'}", lang, count=formats.number(count, lang))


# ---------------------------------------------------------------- the year before

class Comparison:
    """A year's figures against the year before (`changes.csv`), as the reader's tables show them: beside
    each compared column, the previous value and the change (with its percentage where it means something)."""

    def __init__(self, changes: pd.DataFrame, previous_year: int, lang: str, protection=None):
        self.previous_year = previous_year
        self.lang = lang
        self.changes = changes
        # figures.disclosure.Protection: a figure hidden in either year hides its change (and the year before's
        # hidden figure shows its sign, as its own report did).
        self.protection = protection
        self.rows = {(r.table, str(r.row), r.column): r for r in changes.itertuples()}

    def comparable(self, table: str) -> bool:
        """False when no row of the table has a value of the year before (a table new this year)."""
        mine = self.changes[self.changes["table"] == table]
        return not mine.empty and mine["previous"].notna().any()

    def headers(self, table: str, columns: tuple[str, ...]) -> list[str]:
        out = []
        for column in columns:
            suffix = "" if len(columns) == 1 else f" ({text(f'table.{table}.{column}', self.lang)})"
            out += [f"{self.previous_year}{suffix}", text("compare.change", self.lang) + suffix]
        return out

    def cells(self, table: str, row: str, columns: tuple[str, ...], kinds: dict[str, str],
              zero_as_none: bool = False) -> list[str]:
        """The year before's figure and the change of each column; `zero_as_none`: a figure of 0 the year
        before shows as the table shows this year's ("/": the meetings)."""
        out = []
        for column in columns:
            found = self.rows.get((table, row, column))
            kind = kinds.get(column) or COUNT
            if found is None or pd.isna(found.previous):
                new = found is not None and not pd.isna(found.value)
                out += [Cell(text("compare.new", self.lang), kind=kind, missing="new") if new else "", ""]
                continue
            before, now = self._hidden(table, row, column)
            if before or now:
                sign = Hidden(self.protection.mask(table).sign)
                out += [value(sign if before else found.previous, kind, self.lang), value(sign, kind, self.lang)]
                continue
            out += [value(found.previous, kind, self.lang, zero_as_none),
                    self.change(found.change, found.change_pct, kind)]
        return out

    def _hidden(self, table: str, row: str, column: str) -> tuple[bool, bool]:
        """Whether the year before's figure and this year's are hidden."""
        if self.protection is None:
            return False, False
        return (self.protection.is_hidden(self.previous_year, table, row, column),
                self.protection.is_hidden(self.previous_year + 1, table, row, column))

    def change(self, change, change_pct, kind: str) -> str:
        if change is None or pd.isna(change):
            return ""
        sign = "+" if change > 0 else ("\u2212" if change < 0 else "")
        shown = sign + value(abs(change), kind, self.lang)
        pct = None
        if change_pct is not None and not pd.isna(change_pct) and change != 0:
            pct = float(change_pct)
            percent = ("+" if change_pct > 0 else "\u2212") + formats.one_decimal(abs(change_pct), self.lang)
            shown += " (" + text("compare.percent", self.lang, value=percent) + ")"
        return Cell(shown, change.item() if hasattr(change, "item") else change, kind, change=True, change_pct=pct)


def compared(spec, comparison: "Comparison | None") -> tuple[str, ...]:
    """The columns of a table compared in the reader's table ((), when there is no comparison)."""
    if comparison is None or not spec.compared or not comparison.comparable(spec.name):
        return ()
    return spec.compared


def with_comparison(spec, comparison, headers: list[str], rows: list[list[str]], keys: list[str],
                    total: list[str] | None = None, total_key: str | None = None,
                    kinds: dict[str, str] | None = None) -> tuple[list[str], list[list[str]], list[str] | None]:
    """Headers and rows (and total row) with the previous year's value and the change of each compared
    column appended; unchanged when there is nothing to compare with."""
    columns = compared(spec, comparison)
    if not columns:
        return headers, rows, total
    kinds = kinds or {c: spec.static_kind(c) for c in columns}
    rows = [row + comparison.cells(spec.name, key, columns, kinds, spec.shows_none) for row, key in zip(rows, keys)]
    if total is not None:
        total = total + comparison.cells(spec.name, total_key, columns, kinds, spec.shows_none)
    return headers + comparison.headers(spec.name, columns), rows, total
