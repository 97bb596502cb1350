"""Long names: a warning when read, shortened in the reader's documents, whole in the Excel workbook.

A budget line's or a beneficiary's name is a line or two of a table. One of
thousands of characters (a paragraph pasted into the cell) would run off its
page or push a table onto pages of its own. Such a name is a validation
warning (`long_labels`, naming the cell and the length); the reader's HTML and
PDF show its first `LABEL_LIMIT` characters, cut at a word, with an ellipsis
(`shorten`), and the Excel workbook and the CSV tables keep it whole.
"""

from __future__ import annotations

from figures.problems import WARNING, Problem, msg
from figures.registry import TEXT

# Characters of a name as the reader's documents print it: the longest real names (a budget line's label, a
# beneficiary with its legal form) are about 120.
LABEL_LIMIT = 200
ELLIPSIS = "…"


def shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """`text` when at most `limit` characters, else its start cut at a word (or at `limit`) and an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + ELLIPSIS


def long_labels(sheet) -> list[Problem]:
    """A warning for each cell of a text column of `sheet` (a figures.load.Sheet) longer than LABEL_LIMIT; the
    columns that go no further than validation (free text, personal data) are not looked at."""
    problems: list[Problem] = []
    frame = sheet.frame
    for column in sheet.source.columns:
        if column.kind != TEXT or column.personal or not column.kept or column.name not in frame:
            continue
        for row, value in zip(frame.index, frame[column.name].tolist()):
            if value.__class__ is str and len(value) > LABEL_LIMIT:
                problems.append(sheet.problem(row, column.name, msg("harden.found.long_label", length=len(value)),
                                              msg("harden.expected.label_length", limit=LABEL_LIMIT),
                                              severity=WARNING))
    return problems
