"""Input templates for a new year (`figures new-year`): one workbook per source, ready for a service to fill.

Each workbook has a first sheet of instructions in Dutch and French (what one
row is, each column with its kind, whether it is required, its meaning, its
rule and an example) and the data sheet named as the contract says, with the
contract's headers, a frozen header row, fitted column widths and Excel data
validation that stops wrong entries while they are typed: drop-down lists for
codes (from the contract and the reference lists), whole or decimal numbers in
the bounds of the contract's rules, dates within the year. Everything is taken
from the registry's declarations. With `previous`, the columns a source
carries over (budget lines, beneficiaries) are filled in from that year's
workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from figures import paths
from figures import reference as references
from figures.i18n import CLERK_LANGS, text
from figures.registry import CODE, DATE, INTEGER, NUMBER, REGISTRY, Source
from figures.rules import IN_YEAR
from figures.xlsx import fixed_bytes

# The languages of the instructions: the services fill the workbooks in Dutch or French.
INSTRUCTION_LANGS = CLERK_LANGS
# Rows of the data sheet that carry the data validation (far beyond any real year).
VALIDATED_ROWS = 1_048_576
LISTS_SHEET = "lists"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# Widths of the instructions' columns: column, kind, required, meaning, rule, example.
WIDTHS = (16, 12, 10, 44, 44, 24)


class TemplateExists(Exception):
    """A workbook of the new year is already there: nothing is overwritten. `what` says what is in the way when
    it is not a regular file (a dangling link, a folder)."""

    def __init__(self, path: Path, what=None):
        super().__init__(str(path))
        self.path = path
        self.what = what


class PreviousUnreadable(Exception):
    """`new-year --from`: a workbook of the previous year whose columns are carried over cannot be read."""

    def __init__(self, source: Source, year: int, problem):
        super().__init__(source.file_name)
        self.source = source
        self.year = year
        self.problem = problem


def _rules_text(source: Source, column, reference, lang: str) -> str:
    parts = []
    codes = column.codes(reference)
    if codes:
        parts.append(text("expected.one_of", lang, choices=", ".join(codes)))
    parts += [rule.expectation(reference).render(lang) for rule in column.rules]
    if column.unique:
        parts.append(text("expected.unique", lang))
    return "; ".join(parts)


def _example(column, value, year: int):
    """The example value of a column; a date that must fall in the year is given in the template's year."""
    if isinstance(value, dt.date) and IN_YEAR in column.rules:
        return value.replace(year=year)
    return value


def _instructions(workbook: Workbook, source: Source, reference, year: int, reference_dir: Path) -> None:
    sheet = workbook.create_sheet("instructies - instructions")
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    row = 1
    for lang in INSTRUCTION_LANGS:
        sheet.cell(row, 1, text("template.title", lang, file=source.file_name, year=year)).font = Font(bold=True,
                                                                                                      size=13)
        sheet.cell(row + 1, 1, text("template.row", lang, row=text(f"source.{source.name}.row", lang),
                                    sheet=source.sheet)).alignment = wrap
        sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=6)
        sheet.row_dimensions[row + 1].height = 30
        headers = [text(f"template.{key}", lang) for key in ("column", "kind", "required", "meaning", "rule",
                                                              "example")]
        for index, header in enumerate(headers, start=1):
            cell = sheet.cell(row + 3, index, header)
            cell.font, cell.fill = bold, HEADER_FILL
        for offset, (column, example) in enumerate(zip(source.columns, source.example), start=4):
            values = [column.name, text(f"template.kinds.{column.kind}", lang),
                      text("template.answer_yes" if column.required else "template.answer_no", lang),
                      text(f"column.{source.name}.{column.name}", lang), _rules_text(source, column, reference, lang),
                      _example(column, example, year)]
            # Rows as tall as their longest wrapped text (a spreadsheet does not grow them by itself).
            lines = max(-(-len(str(v)) // (WIDTHS[i] - 2)) for i, v in enumerate(values))
            sheet.row_dimensions[row + offset].height = 15 * max(lines, 1)
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row + offset, index, value)
                cell.alignment = wrap
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if isinstance(value, str):
                    cell.data_type = "s"
        row += 4 + len(source.columns) + 1
        # Where the filled-in workbook goes, when the reference data says (a clerk does not run figures).
        contact = references.contact(lang, reference_dir)
        if contact is not None:
            sheet.cell(row, 1, text("clerk.template.send", lang, contact=contact)).font = Font(italic=True)
        row += 3
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Printed on whole pages: landscape, as wide as the page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# What Excel shows of a data validation's error box at most (characters): its title and its message.
TITLE_LIMIT, ERROR_LIMIT = 32, 255


def fitted(texts: tuple[str, ...], limit: int) -> str:
    """The texts of every language, " / " between them, in at most `limit` characters (Excel refuses a longer
    title or message): as they are when they fit, else each cut at a word to an equal share, with "…"."""
    joined = " / ".join(texts)
    if len(joined) <= limit:
        return joined
    share = (limit - len(" / ") * (len(texts) - 1)) // len(texts)
    return " / ".join(t if len(t) <= share else t[:share - 1].rsplit(" ", 1)[0] + "…" for t in texts)


def _validation(column, reference, letter: str, lists, lang_messages: tuple[str, ...]) -> DataValidation | None:
    """The Excel data validation of a column: a list for codes, bounds for numbers and dates."""
    codes = column.codes(reference)
    if column.kind == CODE and codes:
        first = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
        for offset, code in enumerate(codes, start=1):
            lists.cell(offset, first, code)
        list_letter = get_column_letter(first)
        validation = DataValidation(type="list", formula1=f"{LISTS_SHEET}!${list_letter}$1:${list_letter}${len(codes)}",
                                    allow_blank=True)
    elif column.kind in (NUMBER, INTEGER, DATE):
        bounds = {}
        for rule in column.rules:
            if rule.bounds is not None:
                bounds.update(rule.bounds(reference))
        kind = {NUMBER: "decimal", INTEGER: "whole", DATE: "date"}[column.kind]
        low, high = bounds.get("low"), bounds.get("high")

        def formula(value):
            if isinstance(value, dt.date):
                return f"DATE({value.year},{value.month},{value.day})"
            return repr(value) if isinstance(value, float) else str(value)

        if low is not None and high is not None:
            if bounds.get("low_strict"):
                low = low + (1 if column.kind == INTEGER else 0.0001)
            validation = DataValidation(type=kind, operator="between", formula1=formula(low), formula2=formula(high),
                                        allow_blank=True)
        elif low is not None:
            operator = "greaterThan" if bounds.get("low_strict") else "greaterThanOrEqual"
            validation = DataValidation(type=kind, operator=operator, formula1=formula(low), allow_blank=True)
        elif high is not None:
            validation = DataValidation(type=kind, operator="lessThanOrEqual", formula1=formula(high),
                                        allow_blank=True)
        else:   # a number or a date, whatever its value: text is refused while typing
            validation = DataValidation(type=kind, operator="between", formula1=formula(-10 ** 15 if kind != "date"
                                                                                         else dt.date(1900, 1, 1)),
                                        formula2=formula(10 ** 15 if kind != "date" else dt.date(2100, 12, 31)),
                                        allow_blank=True)
    else:
        return None
    validation.error = fitted(lang_messages, ERROR_LIMIT)
    validation.errorTitle = fitted(tuple(text("template.invalid_title", lang) for lang in INSTRUCTION_LANGS),
                                   TITLE_LIMIT)
    validation.showErrorMessage = True
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    return validation


def template_workbook(source: Source, year: int, carried: pd.DataFrame | None = None,
                      reference_dir: Path = paths.REFERENCE_DIR) -> bytes:
    """The template of one source for `year`, as .xlsx bytes (dated 1 January of the year)."""
    reference = references.load(year, reference_dir)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _instructions(workbook, source, reference, year, reference_dir)
    data = workbook.create_sheet(source.sheet)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    data.append(source.column_names)
    for cell in data[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    data.freeze_panes = "A2"
    for index, column in enumerate(source.columns, start=1):
        letter = get_column_letter(index)
        width = 14 if column.kind == DATE else max(len(column.name) + 4, 16 if column.kind == CODE else 12)
        data.column_dimensions[letter].width = 36 if column.name.startswith(("label", "activity", "campaign_",
                                                                             "beneficiary", "course_title")) else width
        messages = tuple(_rules_text(source, column, reference, lang) or text(f"expected.{column.kind}", lang)
                         for lang in INSTRUCTION_LANGS)
        validation = _validation(column, reference, letter, lists, messages)
        if validation is not None:
            data.add_data_validation(validation)
        if column.kind == DATE:    # the column's own style: no empty cells are created below the header
            data.column_dimensions[letter].number_format = "yyyy-mm-dd"
    if carried is not None and not carried.empty:
        for values in carried.itertuples(index=False):
            row = [getattr(values, name) if name in carried.columns else None for name in source.column_names]
            data.append([None if value is None or (not isinstance(value, str) and pd.isna(value)) else value
                         for value in row])
    if lists.max_row == 1 and lists["A1"].value is None:
        workbook.remove(lists)
    workbook.active = workbook.sheetnames.index(source.sheet)
    return fixed_bytes(workbook, dt.datetime(year, 1, 1), creator="figures new-year")


def _carried(source: Source, previous_folder: Path, previous: int) -> pd.DataFrame | None:
    """The carried columns of the previous year's workbook of `source` (as typed there), or None; raises
    PreviousUnreadable when that workbook cannot be read (missing, refused, not a workbook)."""
    if not source.carried:
        return None
    from figures.load import read_source

    sheet, problems = read_source(source, previous_folder)
    if sheet is None:
        raise PreviousUnreadable(source, previous, problems[0])
    frame = sheet.frame[list(source.carried)]
    return frame[frame.notna().any(axis=1)].drop_duplicates()


def write_templates(year: int, raw_dir: Path = paths.RAW_DIR, previous: int | None = None,
                    reference_dir: Path = paths.REFERENCE_DIR) -> list[Path]:
    """Write the templates of every source into `raw_dir/<year>/`; refuses (TemplateExists) before writing
    anything when one of the workbooks is already there."""
    folder = paths.raw_year_dir(year, raw_dir)
    targets = {name: folder / source.file_name for name, source in REGISTRY.sources.items()}
    from figures import safe_files

    # Anything by a workbook's name, in any case, of any kind (a dangling link, a folder) is in the way: every
    # name is checked before anything is written.
    present = {p.name.lower(): p for p in folder.iterdir()} if folder.is_dir() else {}
    for name, target in targets.items():
        existing = present.get(target.name.lower())
        if existing is not None:
            what = safe_files.refusal(existing)
            raise TemplateExists(existing, what)
    previous_folder = paths.raw_year_dir(previous, raw_dir) if previous is not None else None
    contents = {name: template_workbook(source, year, _carried(source, previous_folder, previous)
                                        if previous_folder else None, reference_dir)
                for name, source in REGISTRY.sources.items()}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for name, target in targets.items():
            with open(target, "xb") as handle:          # "x": never replace a file that appeared meanwhile
                handle.write(contents[name])
            written.append(target)
    except BaseException:
        for path in written:                        # all or nothing: the templates this run wrote go again
            path.unlink(missing_ok=True)
        raise
    return written
