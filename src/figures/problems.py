"""Validation problems: where (file, sheet, cell, column), what was found, what was expected.

A problem holds catalogue keys, not sentences, so the same problem can be
printed in any language; `describe` turns it into one line of text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from figures.i18n import text

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Message:
    """A catalogue key and the values its placeholders take."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str) -> str:
        return text(self.key, lang, **dict(self.params))


def msg(key: str, **params) -> Message:
    return Message(key, tuple(params.items()))


@dataclass(frozen=True)
class Problem:
    file: str
    found: Message | None = None
    expected: Message | None = None
    sheet: str | None = None
    cell: str | None = None
    column: str | None = None
    severity: str = ERROR
    # Sort keys: the source's position in the contract, the Excel row, the column position.
    order: tuple[int, int, int] = field(default=(0, 0, 0), compare=False)

    def describe(self, lang: str) -> str:
        """One line: `staff.xlsx, sheet staff, cell C7, column gender: found "V"; expected one of F, M, X`."""
        where = [self.file]
        if self.sheet:
            where.append(text("problem.where.sheet", lang, sheet=self.sheet))
        if self.cell:
            where.append(text("problem.where.cell", lang, cell=self.cell))
        if self.column:
            where.append(text("problem.where.column", lang, column=self.column))
        what = []
        if self.found is not None:
            what.append(text("problem.found", lang, found=self.found.render(lang)))
        if self.expected is not None:
            what.append(text("problem.expected", lang, expected=self.expected.render(lang)))
        return f"{', '.join(where)}: {'; '.join(what)}"

    def as_dict(self, lang: str) -> dict:
        """The problem as plain fields, for the manifest."""
        return {
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "column": self.column,
            "message": self.describe(lang),
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.order)
