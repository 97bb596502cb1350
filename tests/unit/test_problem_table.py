"""The table of problems a notebook shows when its chapter's workbooks are not valid: a table a person reads,
in the notebook's language, each text whole (wrapped within its column, never cut)."""

from __future__ import annotations

from figures.notebook import problem_lines
from figures.problems import Problem, msg

# The Dutch catalogue's wording, written out by hand.
LONG = ("een getalcel: dit is tekst, die als 4639816 gelezen zou worden; typ het getal zonder punten, spaties of "
        "€-teken, of geef de cel de opmaak Getal")


def test_a_long_message_wraps_within_its_column_and_nothing_is_cut():
    problems = [Problem("budget.xlsx", found=msg("found.text", value="4.639.816 €"),
                        expected=msg("expected.number_as_text", number="4639816"), sheet="budget", cell="F2",
                        column="amount_eur"),
                Problem("training.xlsx", found=msg("found.empty"), expected=msg("expected.not_empty"),
                        sheet="training", cell="E5", column="days")]
    lines = problem_lines(problems, "nl")
    assert lines[0] == ("De werkmappen van dit hoofdstuk zijn niet geldig (problemen: 2); verbeter ze en voer de "
                        "cellen opnieuw uit:")
    assert lines[1].split() == ["bestand", "blad", "cel", "kolom", "gevonden", "verwacht"]
    assert not any("…" in line for line in lines)
    # The last column, read down its lines, says the whole message; the row's other cells are on its first line.
    start = lines[1].index("verwacht")
    first = lines.index(next(line for line in lines if line.startswith("budget.xlsx")))
    rows = lines[first:lines.index("", first)]
    assert len(rows) > 1 and all(len(line) <= start + 44 for line in rows)
    assert " ".join(line[start:] for line in rows) == LONG
    assert rows[0].split()[:4] == ["budget.xlsx", "budget", "F2", "amount_eur"]
    assert rows[0][:start].rstrip().endswith('de tekst "4.639.816 €"')
    # A blank line between rows once one wraps; the next row whole on its line.
    assert lines[-1].split()[:4] == ["training.xlsx", "training", "E5", "days"]
    assert lines[-1].endswith("een waarde (deze kolom is verplicht)")
