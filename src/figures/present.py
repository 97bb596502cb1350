"""The tables and texts of the chapter as a reader sees them: HTML in the report's language.

Each `*_table` function takes a computed table (and the data labels it needs)
and returns an `Html` object, which a notebook shows as a styled table and the
reader's document embeds as it is. Numbers go through Babel (i18n.formats); a
count of zero and "not applicable" are shown as "/", the published style.
"""

from __future__ import annotations

import base64
import re
from html import escape

import pandas as pd

from figures import labels
from figures.i18n import formats, text
from figures.tables import TOTAL
from figures.tables.budget import group_total



class Html:
    """HTML that Jupyter displays as such (mime type text/html)."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # The text/plain alternative Jupyter stores next to the HTML: the words, no markup.
        return " ".join(re.sub(r"<[^>]+>", " ", self.html).split())


class Svg:
    """A chart as SVG (mime type image/svg+xml): vector in the notebook, the HTML and the PDF."""

    def __init__(self, svg: str):
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        title = re.search(r"<title>(.*?)</title>", self.svg)
        return f"[chart: {title.group(1)}]" if title else "[chart]"

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def chart(figure) -> Svg:
    """A matplotlib Figure shown as SVG, titled (the title is the image's text alternative)."""
    from figures.charts import to_svg

    svg = to_svg(figure)
    title = figure.axes[0].get_title() if figure.axes else ""
    if title:
        # <title> as the first child of the root element: what screen readers and `alt` use.
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}<title>{escape(title)}</title>", svg, count=1)
    return Svg(svg)


def chapter(name: str, lang: str) -> Html:
    """The chapter heading."""
    return Html(f'<h1 class="chapter" id="{escape(name)}">{escape(text("chapter." + name, lang))}</h1>')


def paragraph(key: str, lang: str, **params) -> Html:
    """A sentence of the report (a note under a table, an introduction)."""
    return Html(f'<p class="note">{escape(text(key, lang, **params))}</p>')


def _none(lang: str) -> str:
    return text("report.none", lang)


def _count(value, lang: str, zero_as_none: bool = False) -> str:
    if value is None or pd.isna(value) or (zero_as_none and value == 0):
        return _none(lang)
    return formats.number(value, lang)


def _table(title: str, headers: list[str], rows: list[list[str]], total: list[str] | None = None,
           numeric_from: int = 1, css: str = "") -> Html:
    """A publication-style table: caption, header row, body, optional total row; numbers right-aligned."""
    def cells(values, tag):
        return "".join(f'<{tag} class="{"num" if i >= numeric_from else "label"}">{escape(str(v))}</{tag}>'
                       for i, v in enumerate(values))

    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows)
    # The total row stays in the body: a <tfoot> would be repeated on every page of a split table.
    if total:
        body += f'<tr class="total">{cells(total, "td")}</tr>'
    return Html(f'<table class="figures {css}"><caption>{escape(title)}</caption>'
                f"<thead><tr>{cells(headers, 'th')}</tr></thead><tbody>{body}</tbody></table>")


def _headers(table: str, columns: list[str], lang: str) -> list[str]:
    return [text(f"table.{table}.{c}", lang) for c in columns]


def age_bands_table(table: pd.DataFrame, lang: str) -> Html:
    """Staff per age band with percentages, and the total."""
    rows = [[labels.band(r.band, lang), formats.number(r.staff, lang), formats.percent(r.percent, lang)]
            for r in table.itertuples()]
    total = [text("report.total", lang), formats.number(int(table["staff"].sum()), lang),
             formats.percent(int(table["percent"].sum()), lang)]
    return _table(text("table.age_bands.title", lang), _headers("age_bands", ["band", "staff", "percent"], lang),
                  rows, total)


def gender_by_level_table(table: pd.DataFrame, lang: str) -> Html:
    """Women and men (and X, when anyone is registered so) per level, with totals."""
    columns = ["women", "men"] + (["x"] if table["x"].sum() > 0 else []) + ["total"]
    body = table[table["level"] != TOTAL]
    rows = [[labels.level(r["level"], lang)] + [formats.number(r[c], lang) for c in columns]
            for _, r in body.iterrows()]
    total_row = table[table["level"] == TOTAL].iloc[0]
    total = [text("report.total", lang)] + [formats.number(total_row[c], lang) for c in columns]
    return _table(text("table.gender_by_level.title", lang),
                  _headers("gender_by_level", ["level"] + columns, lang), rows, total)


def gender_by_level_note(table: pd.DataFrame, lang: str, year: int) -> Html:
    """The note under the gender table; it explains X only when the table shows an X column."""
    note = text("note.gender_by_level", lang, year=year)
    if table["x"].sum() > 0:
        note += " " + text("note.gender_x", lang)
    return Html(f'<p class="note">{escape(note)}</p>')


def training_table(table: pd.DataFrame, lang: str) -> Html:
    """Training days, people trained and course types, one per line."""
    row = table.iloc[0]
    rows = [[text(f"table.training.{c}", lang), formats.number(row[c], lang)]
            for c in ("training_days", "staff_trained", "training_types")]
    return _table(text("table.training.title", lang), _headers("training", ["item", "value"], lang), rows)


def meetings_table(table: pd.DataFrame, lang: str) -> Html:
    """Sittings and e-procedures per body; "/" for none or not applicable."""
    rows = [[labels.body(r.body, lang), _count(r.meetings, lang, True), _count(r.e_procedures, lang, True)]
            for r in table.itertuples()]
    return _table(text("table.meetings.title", lang),
                  _headers("meetings", ["body", "meetings", "e_procedures"], lang), rows)


def translations_by_type_table(table: pd.DataFrame, lang: str) -> Html:
    """Words per text type and the total."""
    body = table[table["text_type"] != TOTAL]
    rows = [[labels.text_type(r.text_type, lang), formats.number(r.words, lang)] for r in body.itertuples()]
    total = [text("report.total", lang), formats.number(int(table.loc[table["text_type"] == TOTAL, "words"].iloc[0]), lang)]
    return _table(text("table.translations_by_type.title", lang),
                  _headers("translations_by_type", ["text_type", "words"], lang), rows, total)


def translations_by_pair_table(table: pd.DataFrame, lang: str) -> Html:
    """Words per language pair."""
    rows = [[labels.pair(r.source_lang, r.target_lang, lang), formats.number(r.words, lang)]
            for r in table.itertuples()]
    return _table(text("table.translations_by_pair.title", lang),
                  _headers("translations_by_pair", ["pair", "words"], lang), rows)


def budget_tables(table: pd.DataFrame, line_labels: dict[str, str], lang: str) -> Html:
    """One table per budget group in file order; the services group with its total, as published."""
    parts = []
    for group, lines in table.groupby("group", sort=False):
        rows = [[line_labels[r.code], formats.money(r.amount_eur, lang)] for r in lines.itertuples()]
        total = None
        if group == "services":
            total = [text("table.budget.services_total", lang), formats.money(group_total(lines, group), lang)]
        parts.append(_table(text(f"table.budget.{group}", lang),
                            _headers("budget", ["label", "amount_eur"], lang), rows, total).html)
    return Html("".join(parts))


def subsidies_table(table: pd.DataFrame, activities: list[str], lang: str) -> Html:
    """Beneficiary, activity and amount of every subsidy, and the total; `activities` in file order."""
    body = table[table["beneficiary"] != TOTAL]
    rows = [[r.beneficiary, activity, formats.money(r.amount_eur, lang)]
            for r, activity in zip(body.itertuples(), activities, strict=True)]
    total_amount = table.loc[table["beneficiary"] == TOTAL, "amount_eur"].iloc[0]
    total = [text("report.total", lang), "", formats.money(total_amount, lang)]
    return _table(text("table.subsidies.title", lang),
                  _headers("subsidies", ["beneficiary", "activity", "amount_eur"], lang), rows, total,
                  numeric_from=2)


def _plain(value, lang: str) -> str:
    """A checked value as a reader writes it: localised numbers, lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v, lang) for v in value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return formats.number(value, lang) if isinstance(value, (int, float)) else str(value)


def checks_table(checks, lang: str) -> Html:
    """The consistency checks, for the reviewer: each with its outcome and the values compared."""
    rows = [[text(c.key, lang), "✔" if c.ok else "✘",
             f"{_plain(c.left, lang)} {'=' if c.ok else '≠'} {_plain(c.right, lang)}"] for c in checks]
    return _table(text("review.checks", lang), [text("review.check", lang), text("review.ok", lang),
                                                 text("review.values", lang)], rows, numeric_from=9, css="review")
