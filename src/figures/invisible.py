"""Text that is not what it seems: invisible format characters in names, and one text typed two ways.

A right-to-left override (U+202E) typed in a name reverses what follows it in
every program that honours it (typed "TLUAFED", printed "DEFAULT"), and a
zero-width space makes two names that look the same differ. The same letter
can be typed composed (é, U+00E9) or decomposed (e and U+0301): identical on
screen, two values to a computer (a budget line counted twice, a duplicate
staff id undetected). When a sheet is read (`clean_sheet`):

- every text of a text or code column is normalised to NFC (composed);
- in a text column (names, labels, ids), the invisible format characters
  (Unicode category Cf: bidirectional controls, zero-width characters, the
  soft hyphen, the byte-order mark ...) are removed, each cell a warning that
  names the characters; every output is made from the text without them. In a
  code column they stay, and the code is refused as not one of its codes (the
  message shows them escaped).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from figures.problems import WARNING, Problem, msg
from figures.registry import CODE, TEXT

# Unicode's format characters (category Cf, Unicode 14), written out (computing them takes 0.3 s at import);
# a test checks the list against the `unicodedata` of the interpreter.
FORMAT_CHARACTERS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
                     "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_FORMAT = re.compile(f"[{FORMAT_CHARACTERS}]")


def codes(text: str) -> str:
    """The format characters of `text`, as `U+202E, U+200B` (each once, in order of code)."""
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(set(_FORMAT.findall(text))))


def clean_sheet(sheet) -> list[Problem]:
    """Normalise the text cells of `sheet` (a figures.load.Sheet, changed in place) to NFC and remove the format
    characters of its text columns; one warning per cell that had any (its value is not shown: it may be
    personal). A cell left blank is empty."""
    problems: list[Problem] = []
    frame = sheet.frame
    for column in sheet.source.columns:
        if column.kind not in (TEXT, CODE) or column.name not in frame or column.name in sheet.plain:
            continue                        # `plain`: every cell in ASCII, as read (figures.load)
        values = frame[column.name].tolist()
        try:
            joined = "\0".join(filter(None, values))       # text and empty cells (None), as a rule
        except TypeError:                                   # a number or a date among them
            joined = "\0".join(v for v in values if v.__class__ is str)
        if joined.isascii():                       # the usual case: one look per column
            continue
        strip = column.kind == TEXT and _FORMAT.search(joined) is not None
        if not strip and unicodedata.is_normalized("NFC", joined):
            continue
        cleaned = []
        for row, value in zip(frame.index, values):
            if value.__class__ is str:
                if strip and _FORMAT.search(value):
                    problems.append(sheet.problem(row, column.name,
                                                  msg("harden.found.invisible", count=len(_FORMAT.findall(value)),
                                                      codes=codes(value)),
                                                  msg("harden.expected.no_invisible"), severity=WARNING))
                    value = _FORMAT.sub("", value)
                value = unicodedata.normalize("NFC", value)
                if not value.strip():
                    value = None
            cleaned.append(value)
        frame[column.name] = pd.Series(cleaned, index=frame.index, dtype=object)
    return problems
