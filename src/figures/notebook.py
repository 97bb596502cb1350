"""What a chapter notebook calls: the prepared year, shown in the report's language.

    report = open_report(year, lang, raw_dir, processed_dir)
    report.heading("staff")          the chapter's title
    report.table("age_bands")        the reader's table
    report.chart("age_bands")        its chart, with a text alternative that says what it shows
    report.note("age_bands")         the sentence that goes with it
    report.checks("staff")           the consistency checks (a reviewer cell)
    report.raw("meetings")           the table as computed, "not applicable" and 0 apart (a reviewer cell)
    report.show("staff")             every table of the chapter: its method, note, table and chart (the template)
    report.tables["age_bands"]       the table itself, a DataFrame, for exploring

The tables are those of data/processed/<year>/. In a render (`inputs` given), they
and the reconciliation are read back as the render wrote them (`pipeline.rendered`):
no workbook is read or hashed, nothing is reconciled again. Otherwise (an analyst)
they are read back when up to date with the workbooks and prepared first when they
were never computed or the workbooks changed since (stopping with the validation's
problems when they are invalid).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from figures import corrections, disclosure, long_text, paths, pipeline, present, provenance
from figures.i18n import LANGUAGES, formats, has, text
from figures.labels import RowLabels
from figures.i18n import unsupported as unsupported_language
from figures.problems import questions_figure
from figures.registry import NUMBER_KINDS, REGISTRY, TOTAL


class NotebookStop(Exception):
    """A stop the analyst must act on (bad data, a language without a catalogue, a year without data): in a
    notebook it shows as its message, not as a Python traceback (IPython prints `_render_traceback_` of an
    exception that has it). A code error still shows its traceback."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:
        return self.lines


class InvalidInputs(NotebookStop):
    """The workbooks the chapter needs do not pass validation: a table of every problem."""


class UnsupportedLanguage(NotebookStop, ValueError):
    """A report language without a catalogue."""


class NoData(NotebookStop):
    """Neither workbooks nor computed tables for the year."""


# The widest a column of the problems table may be (characters): a longer text wraps onto the next lines of
# its row, never cut. The table fits a notebook's output area (JupyterLab, the reviewer's HTML).
PROBLEM_WIDTHS = {"file": 20, "sheet": 14, "cell": 8, "column": 16, "found": 30, "expected": 44}


def problem_lines(problems, lang: str) -> list[str]:
    """The problems as a plain table in `lang` (file, sheet, cell, column, found, expected), with a heading
    line: each column as wide as its longest text up to its limit (PROBLEM_WIDTHS), a longer text wrapped
    within its column (never cut), and a blank line between rows once one of them wraps."""
    import textwrap

    if not problems:
        return []
    names = list(PROBLEM_WIDTHS)
    rows = [[p.file, p.sheet or "", p.cell or "", p.column or "",
             p.found.render(lang) if p.found else "", p.expected.render(lang) if p.expected else ""]
            for p in problems]
    headers = [text(f"problems.{c}", lang) for c in names]
    widths = [min(max([len(h)] + [len(r[i]) for r in rows]), max(PROBLEM_WIDTHS[names[i]], len(h)))
              for i, h in enumerate(headers)]

    def wrapped(values) -> list[str]:
        cells = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] for v, w in zip(values, widths)]
        return ["  ".join((c[n] if n < len(c) else "").ljust(w) for c, w in zip(cells, widths)).rstrip()
                for n in range(max(len(c) for c in cells))]

    body = [wrapped(r) for r in rows]
    spaced = any(len(lines) > 1 for lines in body)
    lines = [text("problems.heading", lang, count=len(problems))] + wrapped(headers) + \
        ["  ".join("-" * w for w in widths)]
    for number, row in enumerate(body):
        lines += ([""] if spaced and number else []) + row
    return lines


def review_summary(warnings, year: int, lang: str) -> str:
    """The reviewer's summary, in `lang`, as Markdown: every warning that questions a figure of `year` (a
    swing, a workbook without rows, a year before that could not be computed), each by itself, then the
    count of the routine ones. The render makes it the first cell of each reviewer's notebook; the reader's
    documents never show it."""
    questioned = [w for w in warnings if questions_figure(w)]
    routine = len(warnings) - len(questioned)
    parts = [f"## {text('swing.summary_heading', lang, count=formats.number(len(questioned), lang))}"]
    if questioned:
        parts.append(text("swing.summary_intro", lang, year=year))
        parts.append("\n".join(f"- {_markdown(w.describe(lang))}" for w in questioned))
    else:
        parts.append(text("swing.summary_none", lang, year=year))
    parts.append(text("swing.summary_routine", lang, count=formats.number(routine, lang)))
    return "\n\n".join(parts)


def _markdown(line: str) -> str:
    """A line of text said as it is in Markdown (a data label may hold * _ [ or <)."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in line)


def _needed(chapter: str | None) -> set[str]:
    """The workbooks a chapter reads (its own and those it reads beside them); every one when None."""
    if chapter is None:
        return {s.file_name for s in REGISTRY.sources.values()}
    declared = REGISTRY.chapter(chapter)
    return {s.file_name for s in declared.sources} | {REGISTRY.sources[n].file_name for n in declared.reads}


class InputsChanged(NotebookStop):
    """In a render: the computed tables are no longer those of the workbooks the render read."""


def open_report(year: int, lang: str, raw_dir=None, processed_dir=None, chapter: str | None = None,
                inputs: str | None = None) -> "Report":
    """The prepared `year` in `lang` (relative folders are relative to the project root).

    With `chapter`, only the workbooks of that chapter need to be valid: when another one has errors, the
    chapter's tables are computed in memory (nothing written) and the report says so; the annual render
    still refuses the year.

    With `inputs` (given by a render: `pipeline.inputs_digest` of the workbooks it read), the tables the
    render computed from them, never the workbooks again (they may have changed since); a stop when the
    computed tables are no longer those.
    """
    if lang not in LANGUAGES:
        raise UnsupportedLanguage([unsupported_language(lang, "en")])
    folders = pipeline.Folders(raw=paths.resolve(raw_dir) if raw_dir else paths.RAW_DIR,
                               processed=paths.resolve(processed_dir) if processed_dir else paths.PROCESSED_DIR)
    if inputs is not None:
        prepared = pipeline.rendered(year, folders, inputs)
        if prepared is None:
            raise InputsChanged([text("harden.inputs_changed", lang, folder=Path(folders.processed) / str(year))])
        return Report(prepared, lang, folders)
    if pipeline.is_current(year, folders):
        return Report(pipeline.load(year, folders), lang, folders)
    if not paths.raw_year_dir(year, folders.raw).is_dir():
        raise NoData([text("notebook.no_data", lang, year=year, raw=paths.raw_year_dir(year, folders.raw),
                           processed=Path(folders.processed) / str(year))])
    validation = pipeline.validate(year, folders)
    if validation.ok:
        return Report(pipeline.prepare(year, folders, validation), lang, folders)
    needed = _needed(chapter)
    errors = [p for p in validation.errors if p.file in needed or p.file not in _needed(None)]
    if errors or chapter is None:
        raise InvalidInputs(problem_lines(errors or validation.errors, lang))
    others = sorted({p.file for p in validation.errors})
    return Report(pipeline.prepare_chapter(validation, chapter, folders), lang, folders, others_invalid=others)


class Report:
    """One prepared year in one language, as the notebooks show it."""

    def __init__(self, prepared: pipeline.Prepared, lang: str, folders: pipeline.Folders | None = None,
                 others_invalid: list[str] = ()):
        self.prepared = prepared
        self.lang = lang
        self.year = prepared.year
        self.folders = folders or pipeline.Folders()
        prepared.protect(self.folders.reference)      # what the reader's tables hide (figures.disclosure)
        # Workbooks of other chapters that have errors (this chapter was computed without them).
        self.others_invalid = list(others_invalid)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return self.prepared.tables

    @property
    def clean(self) -> dict[str, pd.DataFrame]:
        return self.prepared.inputs.clean

    def heading(self, chapter: str) -> present.Html:
        """The chapter's title; when other workbooks have errors, a note saying this chapter was computed
        without them (the reviewer's eyes only: the annual render refuses such a year)."""
        heading = present.chapter(chapter, self.lang)
        if self.others_invalid:
            heading = present.Html(heading.html + present.paragraph(text(
                "notebook.others_invalid", self.lang, files=", ".join(self.others_invalid))).html.replace(
                'class="note"', 'class="note warning"'))
        return heading

    def warnings(self, chapter: str) -> present.Html:
        """The validation warnings of the chapter's workbooks (a trainee who is not in the staff file, a swing
        from the year before ...) and those of the year as a whole (the year before could not be computed)."""
        files = {s.file_name for s in REGISTRY.chapter(chapter).sources}
        every = _needed(None)
        return present.problems_table([p for p in self.prepared.warnings if p.file in files or p.file not in every],
                                      self.lang, "review.warnings", "review.no_warnings")

    def reconciliation(self, chapter: str) -> present.Html:
        """The chapter's figures against the published report: matches, errata with their explanation and
        differences; a sentence when the year is not published (yet)."""
        tables = [t.name for t in REGISTRY.chapter(chapter).tables]
        result = pipeline.reconcile(self.prepared, self.folders, tables)
        if result is None:
            return present.paragraph(text("review.not_published", self.lang, year=self.year))
        return present.reconciliation_table(result.in_language(self.lang), tables, self.lang)

    def labels(self, name: str) -> list[str] | None:
        """The rows' names as the reader's documents print them: a name longer than a page holds shortened
        (figures.long_text; the Excel workbook keeps it whole)."""
        labels = self.prepared.row_labels(name, self.lang)
        if labels is None:
            return None
        short = [long_text.shorten(label) if isinstance(label, str) else label for label in labels]
        names = getattr(labels, "names", None)      # the subsidies' beneficiaries beside their activities
        return short if names is None else RowLabels(short, [long_text.shorten(n) if isinstance(n, str) else n
                                                             for n in names])

    @property
    def comparison(self) -> present.Comparison | None:
        """This year against the year before, when there is one."""
        return self.prepared.comparison(self.lang)

    @functools.cached_property
    def kinds(self) -> dict[int, str]:
        """Where the figures of each year shown come from (sample data, published, workbooks)."""
        return provenance.of_years(self.prepared.years or [self.year], self.prepared.history,
                                   self.folders.reference)

    @functools.cached_property
    def _reconciliation(self):
        return pipeline.reconcile(self.prepared, self.folders)

    @functools.cached_property
    def _corrections(self) -> list:
        return corrections.corrections(self.prepared, self._reconciliation, self.lang, self.year)

    def table(self, name: str) -> present.Html:
        """The reader's table `name` (with the year before beside it, when there is one), with a notice when
        a year it shows is sample data, and a note for each figure that corrects the printed report."""
        html = self.prepared.reader_table(name, self.lang, self.labels(name))
        hidden = disclosure.reader_note(html.tables, name, self.lang)
        if hidden:
            html = html + present.paragraph(hidden, css="disclosure-note")
        for notice in (provenance.table_notice(self.prepared, name, self.lang, self.kinds),
                       provenance.printed_notice(self.year, name, self.lang, self.kinds, self._reconciliation)):
            if notice:
                html = html + present.paragraph(notice, css="sample-notice")
        for fix in self._corrections:
            if fix.table == name:
                html = html + present.paragraph(fix.sentence, css="correction")
        return html

    def chart(self, name: str) -> present.Svg | present.Charts:
        """The chart of table `name`, whose text alternative gives its title and its figures in words."""
        spec = REGISTRY.tables[name]
        table, labels = self.tables[name], self.labels(name)
        figure = spec.chart(table, labels, self.lang, **self.prepared.hiding(name))
        if isinstance(figure, list):            # a chart in parts: each says the figures it shows
            return present.chart(figure, [self.describe(name, table, labels, part.figures_rows)
                                          for part in figure])
        return present.chart(figure, self.describe(name, table, labels))

    def describe(self, name: str, table: pd.DataFrame, labels: list[str] | None, rows=None) -> str:
        """The figures the chart of table `name` shows, in words: what its `alt` says after the title; with
        `rows` (positions among the rows the chart shows), those of one part of the chart."""
        spec = REGISTRY.tables[name]
        kinds = spec.kinds(table)
        numeric = [c for c in spec.columns if spec.static_kind(c) in NUMBER_KINDS or spec.static_kind(c) is None]
        if spec.charted is not None:
            keep = [i for i, hit in enumerate(spec.charted(table)) if hit]
        else:   # every row but a total row
            keep = [i for i in range(len(table)) if not (spec.key and str(table[spec.key[0]].iloc[i]) == TOTAL)]
        if spec.chart_labels is not None:
            names = spec.chart_labels(table, labels, self.lang)
        else:
            every = labels if labels is not None else [str(i + 1) for i in range(len(table))]
            names = [every[i] for i in keep]
        if rows is not None:
            keep, names = [keep[i] for i in rows], [names[i] for i in rows]
        mask = self.prepared.hiding(name).get("hidden")
        if mask is not None:
            keys = disclosure.row_keys(name, table)
            mask = disclosure.PositionMask(mask, [keys[i] for i in keep])
        return present.describe("", names, numeric, table.iloc[keep], {c: kinds[c].iloc[keep] for c in numeric},
                                self.lang, hidden=mask)

    # ---------------------------------------------------------------- trends (every year available)

    @functools.cached_property
    def _indicator_table(self) -> pd.DataFrame:
        """The trends' indicators, computed once per report (every trends cell shows them)."""
        return self.prepared.trend_indicators()

    def trends(self) -> present.Html:
        """The indicators over every year available; with one year, the sentence saying trends need two."""
        from figures.chapters import trends

        years = self.prepared.years
        if len(years) < 2:
            return present.paragraph(text("trends.one_year", self.lang, year=self.year))
        html = trends.trends_table(self._indicator_table, self.lang)
        for css, sentence in trends.notices(self.prepared, self.lang, self.kinds, self._reconciliation):
            html = html + present.paragraph(sentence, css=css)
        return html

    def trend_chart(self, chart: str):
        """One chart of the trends (nothing with fewer than two years)."""
        from figures.chapters import trends

        if len(self.prepared.years) < 2:
            return present.Html("")
        table = self._indicator_table
        return present.chart(trends.trend_chart(disclosure.drawn(table), chart, self.lang),
                             trends.describe(table, chart, self.lang))

    def trend_sources(self) -> present.Html:
        """Where each year's figures come from (computed, published), and which years are synthetic."""
        history = self.prepared.history
        if history is None or history.empty:
            return present.paragraph(text("trends.one_year", self.lang, year=self.year))
        synthetic = set(provenance.samples(self.kinds))
        rows = []
        for year in self.prepared.years:
            sources = sorted(set(history.loc[history["year"] == year, "source"]))
            rows.append([str(year), ", ".join(text(f"trends.source.{s}", self.lang) for s in sources),
                         text("template.answer_yes" if year in synthetic else "template.answer_no", self.lang)])
        return present.table(text("trends.sources", self.lang), [text("trends.year", self.lang),
                                                                 text("trends.source_of", self.lang),
                                                                 text("trends.synthetic", self.lang)],
                             rows, numeric_from=9, css="review")

    def note(self, name: str) -> present.Html:
        """The sentence that goes with table `name`."""
        spec = REGISTRY.tables[name]
        html = present.paragraph(spec.note(self.tables[name], self.year, self.lang))
        for sentence in spec.in_words(self.tables[name], self.labels(name), self.lang) if spec.in_words else []:
            html = html + present.paragraph(sentence)
        return html

    def checks(self, chapter: str) -> present.Html:
        """The consistency checks of a chapter, for the reviewer."""
        declared = REGISTRY.chapter(chapter)
        checks = declared.checks(self.tables, self.prepared.inputs) if declared.checks else []
        return present.checks_table(checks, self.lang)

    def disclosure(self, chapter: str) -> present.Html:
        """The chapter's disclosure control, for the reviewer: each table's policy (or why it is exempt), the
        cells hidden (primary, secondary, derived) with their values and the interval the attack found for
        each; for a year published as printed, the reason and the cells the policy would have hidden."""
        return disclosure.review(self.prepared, chapter, self.lang)

    def show(self, chapter: str) -> None:
        """Every table of `chapter` as the chapter notebook template shows it (notebooks/chapter.ipynb): the
        chapter's introduction, then per table how it is computed (`notebook_text.<chapter>.<table>`, or the
        chapter's `notebook_text.<chapter>.method` before its first table), in Markdown, which the reader's
        document leaves out, and its table, chart and note (the note first where the table says `note_first`)."""
        from IPython.display import Markdown, display

        def prose(key: str) -> None:
            if has(key, self.lang):
                display(Markdown(text(key, self.lang)))

        prose(f"notebook_text.{chapter}.intro")
        for n, table in enumerate(REGISTRY.chapter(chapter).tables):
            prose(f"notebook_text.{chapter}.{table.name}")
            if n == 0 and not has(f"notebook_text.{chapter}.{table.name}", self.lang):
                prose(f"notebook_text.{chapter}.method")
            if table.note is not None and table.note_first:
                display(self.note(table.name))
            if table.present is not None:
                display(self.table(table.name))
            if table.chart is not None:
                display(self.chart(table.name))
            if table.note is not None and not table.note_first:
                display(self.note(table.name))

    def raw(self, name: str) -> present.Html:
        """Table `name` as computed and written to its CSV, for the reviewer."""
        return present.raw_table(name, self.tables[name], self.lang)
