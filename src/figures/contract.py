"""The six input sources of the data contract: their columns, types and rules.

This module only describes; `load` reads the workbooks against it and
`validate` enforces it. See docs/data-contract.md for the full contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. A `code` is text from a fixed list of codes.
TEXT = "text"
CODE = "code"
DATE = "date"
NUMBER = "number"
INTEGER = "integer"

GENDERS = ("F", "M", "X")
LEVELS = ("A", "B", "C", "D")
MODES = ("meeting", "e_procedure")
LANGS = ("nl", "fr", "de", "en")
TEXT_TYPES = ("legal", "political", "general")
BUDGET_GROUPS = ("chancellery", "services")

# Age on the reference date that a staff member can plausibly have.
MIN_AGE, MAX_AGE = 15, 75
# Training days of one participation: > 0, at most 60, in halves.
MAX_TRAINING_DAYS = 60


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    unique: bool = False
    # Codes the column accepts (case-insensitive on input, stored as written here).
    choices: tuple[str, ...] = ()
    # Personal data: the value is never echoed, not even in an error message.
    personal: bool = False


@dataclass(frozen=True)
class Source:
    name: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        return f"{self.name}.xlsx"

    @property
    def sheet(self) -> str:
        return self.name

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source("staff", (
            Column("staff_id", TEXT, unique=True, personal=True),
            Column("birth_date", DATE, personal=True),
            Column("gender", CODE, choices=GENDERS),
            Column("level", CODE, choices=LEVELS),
        )),
        Source("training", (
            Column("staff_id", TEXT, personal=True),
            Column("course_id", TEXT),
            Column("course_title", TEXT),
            Column("start_date", DATE),
            Column("days", NUMBER),
        )),
        Source("meetings", (
            # Body codes come from data/reference/bodies.yaml, checked in validate.
            Column("body", CODE),
            Column("date", DATE),
            Column("mode", CODE, choices=MODES),
        )),
        Source("translations", (
            Column("job_id", TEXT, unique=True),
            Column("delivered", DATE),
            Column("source_lang", CODE, choices=LANGS),
            Column("target_lang", CODE, choices=LANGS),
            Column("text_type", CODE, choices=TEXT_TYPES),
            Column("words", INTEGER),
        )),
        Source("budget", (
            Column("group", CODE, choices=BUDGET_GROUPS),
            Column("code", TEXT, unique=True),
            Column("label_nl", TEXT),
            Column("label_fr", TEXT),
            Column("label_en", TEXT, required=False),
            Column("amount_eur", NUMBER),
        )),
        Source("subsidies", (
            Column("beneficiary", TEXT),
            Column("activity_nl", TEXT),
            Column("activity_fr", TEXT),
            Column("activity_en", TEXT, required=False),
            Column("amount_eur", NUMBER),
        )),
    )
}

SOURCE_NAMES = tuple(SOURCES)
