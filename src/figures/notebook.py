"""What a chapter notebook calls: the prepared year, shown in the report's language.

    report = open_report(year, lang, raw_dir, processed_dir)
    report.heading("staff")          the chapter's title
    report.table("age_bands")        the reader's table
    report.chart("age_bands")        its chart, with a text alternative that says what it shows
    report.note("age_bands")         the sentence that goes with it
    report.checks("staff")           the consistency checks (a reviewer cell)
    report.raw("meetings")           the table as computed, "not applicable" and 0 apart (a reviewer cell)
    report.tables["age_bands"]       the table itself, a DataFrame, for exploring

The tables are those of data/processed/<year>/, read back by `pipeline.current`,
which prepares the year first when it was never computed or its workbooks
changed since (and stops with the validation's problems when they are invalid).
"""

from __future__ import annotations

import pandas as pd

from figures import paths, pipeline, present
from figures.i18n import LANGUAGES, text
from figures.registry import NUMBER_KINDS, REGISTRY, TOTAL


class InvalidInputs(Exception):
    """The year's workbooks do not pass validation; the message lists every problem.

    In a notebook it shows as that list, not as a Python traceback (`_render_traceback_` is what
    IPython prints for an exception that has it).
    """

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:
        return self.lines


class UnsupportedLanguage(ValueError):
    """A report language without a catalogue."""


def open_report(year: int, lang: str, raw_dir=None, processed_dir=None) -> "Report":
    """The prepared `year` in `lang` (relative folders are relative to the project root)."""
    if lang not in LANGUAGES:
        raise UnsupportedLanguage(text("cli.bad_lang", "en", lang=lang, langs=", ".join(LANGUAGES)))
    folders = pipeline.Folders(raw=paths.resolve(raw_dir) if raw_dir else paths.RAW_DIR,
                               processed=paths.resolve(processed_dir) if processed_dir else paths.PROCESSED_DIR)
    try:
        prepared = pipeline.current(year, folders)
    except pipeline.InvalidData as invalid:
        raise InvalidInputs([p.describe(lang) for p in invalid.validation.errors]) from None
    return Report(prepared, lang)


class Report:
    """One prepared year in one language, as the notebooks show it."""

    def __init__(self, prepared: pipeline.Prepared, lang: str):
        self.prepared = prepared
        self.lang = lang
        self.year = prepared.year

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return self.prepared.tables

    @property
    def clean(self) -> dict[str, pd.DataFrame]:
        return self.prepared.inputs.clean

    def heading(self, chapter: str) -> present.Html:
        return present.chapter(chapter, self.lang)

    def labels(self, name: str) -> list[str] | None:
        return self.prepared.row_labels(name, self.lang)

    def table(self, name: str) -> present.Html:
        """The reader's table `name`."""
        spec = REGISTRY.tables[name]
        return spec.present(self.tables[name], self.labels(name), self.lang)

    def chart(self, name: str) -> present.Svg:
        """The chart of table `name`, whose text alternative gives its title and its figures in words."""
        spec = REGISTRY.tables[name]
        table, labels = self.tables[name], self.labels(name)
        figure = spec.chart(table, labels, self.lang)
        return present.chart(figure, self.describe(name, table, labels))

    def describe(self, name: str, table: pd.DataFrame, labels: list[str] | None) -> str:
        """The figures the chart of table `name` shows, in words: what its `alt` says after the title."""
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
        return present.describe("", names, numeric, table.iloc[keep], {c: kinds[c].iloc[keep] for c in numeric},
                                self.lang)

    def note(self, name: str) -> present.Html:
        """The sentence that goes with table `name`."""
        spec = REGISTRY.tables[name]
        return present.paragraph(spec.note(self.tables[name], self.year, self.lang))

    def checks(self, chapter: str) -> present.Html:
        """The consistency checks of a chapter, for the reviewer."""
        declared = REGISTRY.chapter(chapter)
        return present.checks_table(declared.checks(self.tables) if declared.checks else [], self.lang)

    def raw(self, name: str) -> present.Html:
        """Table `name` as computed and written to its CSV, for the reviewer."""
        return present.raw_table(name, self.tables[name], self.lang)
