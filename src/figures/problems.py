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
        # A parameter may itself be a message (what one row of a source is), a name given in every language or
        # a number to format (figures.problems.Said, Amount): each is rendered in the same language.
        params = {k: v.render(lang) if isinstance(v, PARAMETERS) else v for k, v in self.params}
        return text(self.key, lang, **params)

    def to_dict(self) -> dict:
        return {"key": self.key, "params": {k: v.to_dict() if isinstance(v, PARAMETERS) else v
                                            for k, v in self.params}}

    @classmethod
    def from_dict(cls, data: dict) -> "Message":
        params = {k: _parameter(v) if isinstance(v, dict) else v for k, v in data.get("params", {}).items()}
        return cls(data["key"], tuple(params.items()))


@dataclass(frozen=True)
class Said:
    """A name as each language says it (a budget line's label comes from the data, a band's from the
    catalogue): kept with a problem, so the problem reads in any language later."""

    texts: tuple[tuple[str, str], ...]

    def render(self, lang: str) -> str:
        return dict(self.texts)[lang]

    def to_dict(self) -> dict:
        return {"said": dict(self.texts)}


@dataclass(frozen=True)
class Amount:
    """A number in a message, written in the reader's language (figures.i18n.formats) as its `kind` says: a
    "number" (436.069), "money" (127.596 €), a whole "percent" (50%), a "change" in percent with its sign
    and one decimal (+64,8%, −59,2%)."""

    value: float
    kind: str = "number"

    def render(self, lang: str) -> str:
        from figures.i18n import formats

        value = int(self.value) if float(self.value).is_integer() else float(self.value)
        if self.kind == "money":
            return formats.money(value, lang)
        if self.kind == "percent":
            return formats.percent(value, lang)
        if self.kind == "change":
            sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
            return text("compare.percent", lang, value=sign + formats.one_decimal(abs(value), lang))
        return formats.number(value, lang)

    def to_dict(self) -> dict:
        return {"amount": self.value, "kind": self.kind}


PARAMETERS = (Message, Said, Amount)


def _parameter(data: dict):
    if "said" in data:
        return Said(tuple(data["said"].items()))
    if "amount" in data:
        return Amount(data["amount"], data.get("kind", "number"))
    return Message.from_dict(data)


# What was found that says itself, without "found" before it: a figure that rose or fell (figures.plausibility).
STATEMENTS = frozenset({"swing.rose", "swing.fell"})


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
        if self.found is not None and self.found.key in STATEMENTS:
            what.append(self.found.render(lang))       # a sentence of its own ("… fell from … to …")
        elif self.found is not None:
            what.append(text("problem.found", lang, found=self.found.render(lang)))
        if self.expected is not None:
            what.append(text("problem.expected", lang, expected=self.expected.render(lang)))
        return text("problem.line", lang, where=", ".join(where), what=text("problem.and", lang).join(what))

    def to_dict(self) -> dict:
        """The problem as data (catalogue keys, not sentences), to keep and describe later in any language."""
        return {"severity": self.severity, "file": self.file, "sheet": self.sheet, "cell": self.cell,
                "column": self.column, "order": list(self.order),
                "found": self.found.to_dict() if self.found else None,
                "expected": self.expected.to_dict() if self.expected else None}

    @classmethod
    def from_dict(cls, data: dict) -> "Problem":
        return cls(data["file"], found=Message.from_dict(data["found"]) if data.get("found") else None,
                   expected=Message.from_dict(data["expected"]) if data.get("expected") else None,
                   sheet=data.get("sheet"), cell=data.get("cell"), column=data.get("column"),
                   severity=data.get("severity", ERROR), order=tuple(data.get("order", (0, 0, 0))))

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


# The warnings that question a figure of the report, not a cell of a workbook: a swing (figures.plausibility),
# a workbook without rows (its chapter's figures are all zero), a year before that could not be computed (its
# comparison comes from the published report, or is missing). The render prints them by itself, before the
# count of the routine warnings; the manifest keeps them apart; each reviewer's notebook lists them first.
QUESTIONING = frozenset({"swing.rose", "swing.fell", "found.no_rows", "found.invalid_earlier"})


def questions_figure(problem: Problem) -> bool:
    """True for a warning that questions a figure (see QUESTIONING)."""
    return problem.severity == WARNING and problem.found is not None and problem.found.key in QUESTIONING


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.order)
