"""The figures this report corrects in the printed report, said to its reader.

The reconciliation lists a printing error of the published report as an erratum (the published figures'
`errata`: the printed value, the correct one and why). The reader sees each one at its figure and in the
corrections section, in the report's language: the table's title, the row's and the column's names as the
report prints them, the printed and the correct value, and the explanation; never an internal code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from figures import present
from figures.i18n import text
from figures.reconcile import ERRATUM, row_name
from figures.registry import NUMBER_KINDS, REGISTRY


@dataclass(frozen=True)
class Correction:
    table: str          # the table's name in the registry (where the note goes)
    sentence: str       # what the reader reads, in the report's language


def _position(table: pd.DataFrame, key: tuple[str, ...], row: str) -> int | None:
    for i, values in enumerate(table[list(key)].itertuples(index=False)):
        if row_name(values) == row:
            return i
    return None


def _label_in(labels: list[str] | None, labels_nl: list[str] | None, printed: str) -> str:
    """A name printed in the published (Dutch) report, as this report's language names the same row."""
    if labels and labels_nl:
        for mine, dutch in zip(labels, labels_nl):
            if dutch == printed:
                return mine
    return printed


def corrections(prepared, reconciliation, lang: str, year: int) -> list[Correction]:
    """One correction per erratum of `reconciliation` (none without one), in `lang`."""
    if reconciliation is None:
        return []
    result = reconciliation.in_language(lang)
    found = []
    for r in result[result["status"] == ERRATUM].itertuples():
        spec = REGISTRY.tables[r.table]
        frame = prepared.tables[r.table]
        labels = prepared.row_labels(r.table, lang)
        labels_nl = prepared.row_labels(r.table, "nl")
        position = _position(frame, spec.key, r.row) if spec.key else None
        row = labels[position] if labels is not None and position is not None else str(r.row)
        title = text(f"table.{r.table}.title", lang)
        kind = spec.static_kind(r.column) if r.column in spec.columns else None
        if kind in NUMBER_KINDS:
            sentence = text("correction.value", lang, year=year, table=title, row=row,
                            column=text(f"table.{r.table}.{r.column}", lang),
                            printed=present.value(r.published, kind, lang),
                            correct=present.value(r.computed, kind, lang), note=r.note or "")
        else:   # a name printed for another
            sentence = text("correction.label", lang, year=year, table=title,
                            printed=_label_in(labels, labels_nl, str(r.published)), correct=row,
                            note=r.note or "")
        # Ordinary spaces only: French no-break spaces stay where they are.
        found.append(Correction(r.table, re.sub(r"[ \t\n]+", " ", sentence).strip()))
    # A column heading printed wrongly (the age bands headed "Gemiddelde leeftijd", average age).
    from figures.reconcile import read_published

    for heading in read_published(reconciliation.path).headings:
        if heading["table"] not in prepared.tables:
            continue
        sentence = text("correction.column", lang, year=year, table=text(f"table.{heading['table']}.title", lang),
                        column=text(f"table.{heading['table']}.{heading['column']}", lang),
                        printed=heading["printed"], note=heading.get("note", {}).get(lang, ""))
        found.append(Correction(heading["table"], re.sub(r"[ \t\n]+", " ", sentence).strip()))
    return found
