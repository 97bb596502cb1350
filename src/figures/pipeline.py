"""The flow from a year's workbooks to its figures, in one place.

    validation = validate(year, folders)          every source of the registry read once, every problem at once
    prepared = compute_year(year, folders, validation)
        clean -> tables -> checks                 this year, in memory
        -> history and swings                     each earlier year's figures from its latest edition, its
                                                  processed tables when up to date, else its workbooks
                                                  computed in memory (tables only); never written
        -> protection                             what the reader's documents hide (figures.disclosure)
    reconcile(prepared, folders)                  the tables against the published report, once: kept in
                                                  `prepared.reconciled`, asked again it is not recomputed
    prepared = prepare(year, folders, validation) compute_year + reconcile, written to data/processed/<year>/
                                                  at once (tables, history, changes, reconciliation), no other year
    rendered(year, folders, inputs)               a render's notebook: that folder read back, its workbooks
                                                  neither read nor hashed, nothing reconciled again

`figures validate` takes its swings from one computation (`swings`), `figures compute|render` call
`prepare`, `figures reconcile` loads and reconciles. An analyst's notebook calls `current` (through
`figures.notebook.open_report`): data/processed/<year>/ read back when computed from the workbooks now
in data/raw/<year>/ (compared by SHA-256), prepared again otherwise. The reader's HTML and PDF (made from
the notebooks), the CSV tables and the Excel file all show one computation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import warnings as python_warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from figures import compute, disclosure, history, paths, plausibility, present
from figures import reference as references
from figures.labels import LabelFallback
from figures.i18n import text
from figures.digest import sha256
from figures.load import workbook_hashes
from figures.paths import FoldersOverlap  # defined with the paths: the command catches it without pandas
from figures.problems import WARNING, Problem, msg
from figures.reconcile import APPROXIMATE, DIFFERENCE, ERRATUM, MATCH, in_language, read_published, unexplained
from figures.reconcile import frame as reconciled_frame
from figures.reconcile import rows as reconciled_rows
from figures.registry import REGISTRY, Check, Inputs
from figures.validate import Validation, validate_year


@dataclass(frozen=True)
class Folders:
    """Where a year's data is read and written; every path absolute, resolved once."""

    raw: Path = paths.RAW_DIR
    processed: Path = paths.PROCESSED_DIR
    reference: Path = paths.REFERENCE_DIR
    published: Path = paths.PUBLISHED_DIR
    reports: Path = paths.REPORTS_DIR
    editions: Path = paths.EDITIONS_DIR      # the published editions of the reports (figures.editions)

    def __post_init__(self):
        for name in ("raw", "processed", "reference", "published", "reports", "editions"):
            object.__setattr__(self, name, Path(os.path.abspath(getattr(self, name))))

    def check_apart(self, *names: str) -> None:
        """Refuse folders that overlap: the project replaces whole folders under `processed` and `reports`
        and never writes into `raw`, so none of them may be or hold another (the raw workbooks, a report
        would be deleted). Compared resolved, so a link to a folder is that folder."""
        resolved = [(name, getattr(self, name).resolve()) for name in names]
        for i, (first, a) in enumerate(resolved):
            for second, b in resolved[i + 1:]:
                if a == b or a in b.parents or b in a.parents:
                    raise FoldersOverlap((first, getattr(self, first)), (second, getattr(self, second)))


class InvalidData(Exception):
    """The year's workbooks do not pass validation; `validation` holds every problem."""

    def __init__(self, validation: Validation):
        super().__init__(f"{len(validation.errors)} errors in the workbooks of {validation.year}")
        self.validation = validation


@dataclass
class Prepared:
    """A year ready to be shown: its clean inputs, tables, checks, warnings and input hashes."""

    year: int
    inputs: Inputs
    tables: dict[str, pd.DataFrame]
    warnings: list[Problem] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    # Every figure of every year up to this one (figures.history), and this year against the one before
    # (None when the year before is not available).
    history: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    # The SHA-256 of the workbooks each earlier year's figures were computed from (in `history`), by year.
    earlier_inputs: dict[int, dict[str, str]] = field(default_factory=dict)
    # What the reader's documents hide to protect people, and the proof (figures.disclosure); None: nothing.
    protection: disclosure.Protection | None = None
    # Every table against the published report, once: the SHA-256 of the published file and the rows
    # (`reconcile` computes it, `prepare` writes it, a render's notebooks read it back); None: not yet.
    reconciled: tuple[str, list[dict]] | None = None

    @property
    def previous_year(self) -> int | None:
        return self.year - 1 if self.changes is not None else None

    @property
    def years(self) -> list[int]:
        return [] if self.history is None else sorted(int(y) for y in self.history["year"].unique())

    def trend_indicators(self) -> pd.DataFrame:
        """The trends' indicators of every year (`figures.chapters.trends`), each one computed from a figure
        hidden to protect people withheld (its sign, no point drawn): what every document shows of them."""
        from figures.chapters import trends

        return disclosure.withhold(trends.indicators(self.history), self.protection)

    @property
    def checks(self) -> list[Check]:
        return compute.consistency_checks(self.tables, self.inputs)

    def row_labels(self, table: str, lang: str) -> list[str] | None:
        """The reader's name of each row of `table` in `lang` (a LabelFallback warning per Dutch fallback)."""
        spec = REGISTRY.tables[table]
        return None if spec.row_labels is None else spec.row_labels(self.tables[table], self.inputs, lang)

    def comparison(self, lang: str) -> present.Comparison | None:
        """This year against the year before, as the reader's tables show it (None without the year before)."""
        if self.changes is None:
            return None
        return present.Comparison(self.changes, self.previous_year, lang, protection=self.protection)

    def reader_table(self, name: str, lang: str, labels: list[str] | None = None) -> present.Html:
        """The reader's table `name` in `lang` (with the year before beside it, when there is one), as the
        report shows it; its `tables` give the workbook's reader sheet the same rows."""
        spec = REGISTRY.tables[name]
        comparison = self.comparison(lang)
        labels = self.row_labels(name, lang) if labels is None else labels
        html = spec.present(self.tables[name], labels, lang, comparison=comparison, **self.hiding(name))
        if comparison is not None and spec.compared and not comparison.comparable(name):
            html = html + present.paragraph(text("compare.not_comparable", lang, year=comparison.previous_year))
        return html

    def hiding(self, name: str) -> dict:
        """The `hidden=` mask that a protected table's reader's table and chart take ({} for an exempt one)."""
        policy = REGISTRY.tables[name].disclosure
        if self.protection is None or policy is None or not policy.protected:
            return {}
        return {"hidden": self.protection.mask(name)}

    def published(self, name: str) -> pd.DataFrame:
        """Table `name` as it may leave the service (the workbook's data_ sheet): hidden cells empty."""
        mask = self.hiding(name).get("hidden")
        return self.tables[name] if mask is None else disclosure.published_table(name, self.tables[name], mask)

    def protect(self, reference_dir: Path) -> "Prepared":
        """Compute the protection when it is not known yet (a chapter computed alone, processed data of an
        older version, a declaration changed since); returns self."""
        if self.protection is None or not disclosure.current(self.protection, reference_dir):
            self.protection = disclosure.protect(self.year, self.history, self.changes, reference_dir,
                                                 history.computed_figures(self.year, self.tables))
        return self

    def labels(self, lang: str) -> tuple[dict[str, list[str] | None], list[str]]:
        """Every table's row labels in `lang`, and the sentences saying which fell back to Dutch."""
        with python_warnings.catch_warnings(record=True) as caught:
            python_warnings.simplefilter("always", LabelFallback)
            found = {name: self.row_labels(name, lang) for name in self.tables}
        return found, [str(w.message) for w in caught if issubclass(w.category, LabelFallback)]


def validate(year: int, folders: Folders = Folders()) -> Validation:
    """Read and check every workbook of `year`; never raises on bad data."""
    return validate_year(year, folders.raw, folders.reference)


def compute_year(year: int, folders: Folders = Folders(), validation: Validation | None = None,
                 with_history: bool = True) -> Prepared:
    """Validate (unless given the validation), clean, compute and check the tables, and compare them with the
    years before (history, changes, swings), in memory: nothing is written (`prepare` writes). Raises
    InvalidData when a workbook has an error."""
    validation, inputs, tables = _tables(year, folders, validation)
    warnings = list(validation.warnings)
    full = changes = None
    earlier_inputs: dict[int, dict[str, str]] = {}
    figures = history.computed_figures(year, tables)       # once: the history and the protection read them
    if with_history:
        full, changes, earlier_problems = history_of(year, folders, tables, read=earlier_inputs, figures=figures)
        warnings += earlier_problems + plausibility.swings(year, changes, folders.reference, tables, inputs)
    # What may leave the service: the cells hidden (figures.disclosure), computed with the tables.
    protection = disclosure.protect(year, full, changes, folders.reference, figures)
    return Prepared(year, inputs, tables, warnings, dict(validation.inputs), full, changes, earlier_inputs,
                    protection)


def _tables(year: int, folders: Folders, validation: Validation | None = None) -> tuple[Validation, Inputs, dict]:
    """The year validated (unless given the validation), its clean inputs and its checked tables; raises
    InvalidData when a workbook has an error."""
    validation = validation or validate(year, folders)
    if not validation.ok:
        raise InvalidData(validation)
    inputs = Inputs(compute.clean_frames(validation), validation.reference)
    return validation, inputs, compute.compute_tables(inputs)


def prepare(year: int, folders: Folders = Folders(), validation: Validation | None = None,
            with_history: bool = True, reconciled: bool = True) -> Prepared:
    """`compute_year`, then `reconcile` (unless `reconciled` is False: `figures compute`, whose tables no
    render reads), then the tables and the reconciliation written to data/processed/<year>/ (and nothing
    else: the years before are read, never written); raises InvalidData and writes nothing when a workbook
    has an error."""
    folders.check_apart("raw", "processed")
    prepared = compute_year(year, folders, validation, with_history)
    if reconciled:
        reconcile(prepared, folders)        # kept in `prepared.reconciled`, written with the tables
    compute.write_outputs(prepared.tables, prepared.inputs.clean, year, folders.processed, prepared.hashes,
                          prepared.warnings, history=prepared.history, changes=prepared.changes,
                          protection=prepared.protection, reconciled=prepared.reconciled)
    return prepared


def _year_figures(year: int, folders: Folders, read: dict | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The figures of an earlier year: computed (from its workbooks or its processed tables) where possible,
    with its published figures where there are any. A year with a published edition (`figures publish`) is
    read from its latest edition instead: the figures its readers have. Its processed folder is read when it
    is up to date with the workbooks, never written: computing a year leaves every other year's folder as it
    was. The hashes of the workbooks its figures come from go in `read`."""
    from figures import editions

    computed, problems = editions.published_figures(year, folders.editions), []
    readable = paths.raw_year_dir(year, folders.raw).is_dir() or not compute.missing_tables(year, folders.processed)
    if computed is None and readable:
        try:
            tables, hashes = _earlier_tables(year, folders)
            computed = history.computed_figures(year, tables)
            if read is not None and hashes:
                read[year] = dict(hashes)
        except InvalidData:
            problems.append(Problem(str(paths.raw_year_dir(year, folders.raw)), severity=WARNING,
                                    found=msg("found.invalid_earlier", year=year),
                                    expected=msg("expected.valid_earlier", year=year)))
    figures = history.merged(computed, history.published_of(year, folders.published))
    return (None if figures.empty else figures), problems


def _earlier_tables(year: int, folders: Folders) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """An earlier year's tables and the hashes of the workbooks they come from: its processed tables when
    up to date, else computed in memory from its workbooks. Its tables only: what the reader of that year
    was shown (its protection, its own history) is that year's business, not this one's."""
    if is_current(year, folders):
        return compute.read_tables(year, folders.processed), compute.read_inputs(year, folders.processed) or {}
    validation, _, tables = _tables(year, folders)
    return tables, dict(validation.inputs)


def _years_available(folders: Folders) -> list[int]:
    """The years with workbooks, computed tables, a transcribed report or a published edition."""
    from figures import editions

    return sorted(set(history.years_available(folders.raw, folders.processed, folders.published))
                  | set(editions.years(folders.editions)))


def history_of(year: int, folders: Folders, tables: dict[str, pd.DataFrame],
               years: Collection[int] | None = None, read: dict | None = None, figures: pd.DataFrame | None = None):
    """Every figure of every year up to `year` (these tables for `year`, whose figures `history.computed_figures`
    are `figures` when given), the changes from the year before (None without one), and the problems met
    reading the earlier years (read, never written; the hashes of the workbooks read go in `read`, by year);
    with `years`, of those earlier years only."""
    parts, problems = [], []
    for earlier in _years_available(folders):
        if earlier < year and (years is None or earlier in years):
            earlier_figures, found = _year_figures(earlier, folders, read)
            problems += found
            if earlier_figures is not None:
                parts.append(earlier_figures)
    figures = history.computed_figures(year, tables) if figures is None else figures
    mine = history.merged(figures, history.published_of(year, folders.published))
    full = pd.concat(parts + [mine], ignore_index=True)
    previous = full[full["year"] == year - 1]
    changes = history.changes(mine, previous) if not previous.empty else None
    return full, changes, problems


def valid_chapters(validation: Validation) -> list[str]:
    """The chapters whose own workbooks (and those they read beside them) were read and have no error."""
    errors = {p.file for p in validation.errors}
    files = {s.file_name for s in REGISTRY.sources.values()}
    if errors - files:          # a problem of the year's folder, not of one workbook
        return []
    return [chapter.name for chapter in REGISTRY.chapters
            if all(n in validation.frames and REGISTRY.sources[n].file_name not in errors
                   for n in _sources_of(chapter.name))]


def _sources_of(chapter: str) -> set[str]:
    declared = REGISTRY.chapter(chapter)
    return {s.name for s in declared.sources} | set(declared.reads)


def _chapters_alone(validation: Validation, chapters: list[str]) -> tuple[Inputs, dict[str, pd.DataFrame],
                                                                          Validation]:
    """The tables of `chapters` (whose workbooks are valid) computed in memory, while others are not valid."""
    names = set().union(*(_sources_of(c) for c in chapters)) if chapters else set()
    partial = Validation(validation.year, validation.reference,
                         {n: f for n, f in validation.frames.items() if n in names},
                         [p for p in validation.problems if p.file in {REGISTRY.sources[n].file_name for n in names}],
                         {k: v for k, v in validation.inputs.items()})
    inputs = Inputs(compute.clean_frames(partial), validation.reference)
    tables = {t.name: t.compute(inputs) for c in chapters for t in REGISTRY.chapter(c).tables}
    return inputs, tables, partial


def prepare_chapter(validation: Validation, chapter: str, folders: Folders | None = None) -> Prepared:
    """One chapter's tables, in memory, from its own sources (valid) while others are not: what a notebook
    shows when another chapter's workbook has errors. With `folders`, the chapter is compared with the year
    before as a whole year is (its changes, its swings, the years before it, read and never written); nothing
    is written."""
    inputs, tables, partial = _chapters_alone(validation, [chapter])
    warnings = list(partial.warnings)
    full = changes = None
    if folders is not None:
        full, changes, earlier_problems = history_of(validation.year, folders, tables)
        warnings += earlier_problems + plausibility.swings(validation.year, changes, folders.reference, tables,
                                                           inputs)
    return Prepared(validation.year, inputs, tables, warnings, dict(validation.inputs), full, changes)


def load(year: int, folders: Folders = Folders()) -> Prepared:
    """The prepared year as written to data/processed/<year>/ (tables typed by their declarations)."""
    inputs = Inputs(compute.read_clean(year, folders.processed), references.load(year, folders.reference))
    prepared = Prepared(year, inputs, compute.read_tables(year, folders.processed),
                        compute.read_warnings(year, folders.processed),
                        compute.read_inputs(year, folders.processed) or {}, compute.read_history(year, folders.processed),
                        compute.read_changes(year, folders.processed),
                        protection=disclosure.Protection.read(Path(folders.processed) / str(year)))
    return prepared.protect(folders.reference)


def rendered(year: int, folders: Folders, inputs: str) -> Prepared | None:
    """The prepared year as a render wrote it, from the workbooks of `inputs` (its `inputs_digest`), with its
    reconciliation: what a render's notebooks show, the workbooks neither read nor hashed again; None when
    data/processed/<year>/ no longer holds that computation."""
    if not is_current(year, folders, inputs):
        return None
    prepared = load(year, folders)
    prepared.reconciled = compute.read_reconciliation(year, folders.processed)
    return prepared


def inputs_digest(hashes: dict[str, str] | None) -> str:
    """One SHA-256 of the workbooks' hashes (by file name): how a render names the reading its notebooks show."""
    return hashlib.sha256(json.dumps(hashes or {}, sort_keys=True).encode("utf-8", "backslashreplace")).hexdigest()


def is_current(year: int, folders: Folders = Folders(), inputs: str | None = None) -> bool:
    """True when data/processed/<year>/ holds every table, computed from the workbooks now in the raw folder
    (compared by SHA-256: a copied file keeps its old date, not its old content). Processed data without
    its workbooks (shared with an analyst) is taken as it is. With `inputs` (a render's `inputs_digest`),
    from those workbooks, whatever the raw folder now holds: a render's notebooks show what it read."""
    if compute.missing_tables(year, folders.processed) or not paths.clean_dir(year, folders.processed).is_dir():
        return False
    if inputs is not None:
        return inputs_digest(compute.read_inputs(year, folders.processed)) == inputs
    raw = paths.raw_year_dir(year, folders.raw)
    if not raw.is_dir():
        return True
    return compute.read_inputs(year, folders.processed) == workbook_hashes(raw)


def current(year: int, folders: Folders = Folders(), with_history: bool = True) -> Prepared:
    """The prepared year: read back when up to date with its workbooks, prepared again (and written) otherwise."""
    if is_current(year, folders):
        return load(year, folders)
    return prepare(year, folders, with_history=with_history)


def all_history(folders: Folders = Folders()) -> tuple[pd.DataFrame, list[Problem]]:
    """Every figure of every year available (workbooks, processed tables, published reports)."""
    parts, problems = [], []
    for year in _years_available(folders):
        figures, found = _year_figures(year, folders)
        problems += found
        if figures is not None:
            parts.append(figures)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=history.COLUMNS)
    return frame, problems


def swings(year: int, folders: Folders, validation: Validation) -> list[Problem]:
    """The swings of `year` against the year before, of every chapter whose workbooks are valid (all of them
    when the year is valid: `figures validate` shows a valid workbook's swing while another has errors),
    computed in memory: nothing is written."""
    chapters = valid_chapters(validation)
    if not chapters:
        return []
    if validation.ok:
        inputs = Inputs(compute.clean_frames(validation), validation.reference)
        tables = compute.compute_tables(inputs)
    else:
        inputs, tables, _ = _chapters_alone(validation, chapters)
    # Against the year before only (the years before it make the trends, not the swings).
    _, changes, problems = history_of(year, folders, tables, years=[year - 1])
    return problems + plausibility.swings(year, changes, folders.reference, tables, inputs)


# ---------------------------------------------------------------- reconciliation

@dataclass
class Reconciliation:
    """Every published figure of a year against the computed one (None when the year is not published)."""

    path: Path
    result: pd.DataFrame

    @property
    def differences(self) -> pd.DataFrame:
        return unexplained(self.result)

    @property
    def ok(self) -> bool:
        return self.differences.empty

    def counts(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.result["status"].value_counts().items()}

    def summary(self) -> dict[str, int]:
        """What the command's last line says: figures that match (approximately, for a figure printed in
        words), listed errata, unexplained differences."""
        counts = self.counts()
        return {"matches": counts.get(MATCH, 0) + counts.get(APPROXIMATE, 0), "errata": counts.get(ERRATUM, 0),
                "differences": counts.get(DIFFERENCE, 0)}

    def in_language(self, lang: str) -> pd.DataFrame:
        return in_language(self.result, lang)

    def of_table(self, table: str, lang: str) -> pd.DataFrame:
        result = self.in_language(lang)
        return result[result["table"] == table]

    def record(self, lang: str, note) -> dict:
        """The reconciliation as the manifest keeps it."""
        result = self.in_language(lang)
        return {
            "status": "ok" if self.ok else "failed",
            "note": note,
            "counts": self.counts(),
            "summary": self.summary(),          # an unchanged render says its last line again from here
            "errata": result[result["status"] == ERRATUM].astype(str).to_dict("records"),
            "differences": result[result["status"] == DIFFERENCE].astype(str).to_dict("records"),
        }


def reconcile(prepared: Prepared, folders: Folders = Folders(),
              tables: Collection[str] | None = None) -> Reconciliation | None:
    """The prepared tables (those named in `tables`, else all) against data/reference/published/<year>.yaml,
    or None before publication."""
    path = paths.published_file(prepared.year, folders.published)
    if not os.path.lexists(path):       # something by that name that is not a file is refused when read
        return None
    # Reconciled once: again only when the published file is another (compared by SHA-256; anything but a
    # regular file is read again, to be refused).
    digest = sha256(path) if path.is_file() and not path.is_symlink() else None
    if prepared.reconciled is None or digest is None or prepared.reconciled[0] != digest:
        published = read_published(path)
        # A chapter computed alone (a notebook while another workbook has errors) reconciles its own tables.
        published = dataclasses.replace(published, tables={name: spec for name, spec in published.tables.items()
                                                           if name in prepared.tables})
        labels, _ = prepared.labels(published.lang)
        prepared.reconciled = (digest, reconciled_rows(published, prepared.tables, labels))
    rows = prepared.reconciled[1]
    return Reconciliation(path, reconciled_frame([r for r in rows if tables is None or r["table"] in tables]))
