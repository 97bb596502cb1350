"""figures.diff on small reader's documents made as the render makes them (present.table's markup): what a
reader sees, figure by figure and sentence by sentence. The end-to-end case is tests/cli/test_editions_round.py."""

from __future__ import annotations

from figures import present
from figures.diff import FigureChange, TextChange, compare, read_document
from figures.render.document import with_amendment

TITLE = "Subsidies granted"
HEADERS = ["Beneficiary", "Activity", "Amount"]


def _document(rows, total, note="The subsidies of 2025.", chart_src="data:image/svg+xml;base64,AAAA",
              caption=TITLE) -> str:
    table = present.table(caption, HEADERS, rows, total, numeric_from=2).html
    chart = (f'<figure class="chart"><figcaption>Subsidy per beneficiary</figcaption>'
             f'<img src="{chart_src}" alt="Subsidy per beneficiary. Vzw A 40,000"></figure>')
    return ('<!DOCTYPE html><html lang="en"><head><title>Figures 2025</title><style>p { x: y }</style></head><body>'
            '<header class="title-page"><h1>Figures 2025</h1><nav aria-labelledby="contents-title">'
            '<h2 id="contents-title">Contents</h2><ol><li><a href="#subsidies">Subsidies</a></li></ol></nav>'
            '</header>\n<main id="content">\n<section class="chapter"><h2 class="chapter" id="subsidies">Subsidies</h2>'
            f'{table}<p class="note">{note}</p>{chart}</section>\n</main></body></html>')


ROWS = [["Vzw A", "Ball", "40,000 €"], ["Vzw B", "Prize", "22,000 €"]]
TOTAL = ["Total", "", "62,000 €"]


def _compare(before: str, after: str, tmp_path):
    (tmp_path / "a.html").write_text(before, encoding="utf-8")
    (tmp_path / "b.html").write_text(after, encoding="utf-8")
    return compare(read_document(tmp_path / "a.html"), read_document(tmp_path / "b.html"))


def test_the_same_document_shows_no_change(tmp_path):
    changes = _compare(_document(ROWS, TOTAL), _document(ROWS, TOTAL), tmp_path)
    assert (changes.figures, changes.texts, changes.charts, changes.visible) == ([], [], [], False)


def test_a_changed_amount_is_listed_with_its_table_row_and_column_and_the_total_that_follows(tmp_path):
    after = [["Vzw A", "Ball", "41,000 €"], ROWS[1]]
    changes = _compare(_document(ROWS, TOTAL), _document(after, ["Total", "", "63,000 €"]), tmp_path)
    assert changes.figures == [FigureChange(TITLE, "Vzw A", "Amount", "40,000 €", "41,000 €"),
                               FigureChange(TITLE, "Total", "Amount", "62,000 €", "63,000 €")]
    assert changes.texts == [] and changes.visible
    # The HTML page marks the two cells of the table as shown after the change: row 0 and the total, column 2.
    [(table, marks)] = changes.marked
    assert table.caption == TITLE and marks == {(0, 2): "40,000 €", (2, 2): "62,000 €"}


def test_a_changed_sentence_and_a_renamed_row_are_text_changes_not_figures(tmp_path):
    renamed = [["Vzw A (Brussels)", "Ball", "40,000 €"], ROWS[1]]
    changes = _compare(_document(ROWS, TOTAL), _document(renamed, TOTAL, note="The subsidies granted in 2025."),
                       tmp_path)
    assert changes.figures == []
    assert changes.texts == [TextChange("Vzw A", "Vzw A (Brussels)"),
                             TextChange("The subsidies of 2025.", "The subsidies granted in 2025.")]


def test_a_row_that_appears_lists_its_figures_as_new(tmp_path):
    more = ROWS + [["Vzw C", "Fair", "5,000 €"]]
    changes = _compare(_document(ROWS, TOTAL), _document(more, ["Total", "", "67,000 €"]), tmp_path)
    assert FigureChange(TITLE, "Vzw C", "Amount", None, "5,000 €") in changes.figures
    assert FigureChange(TITLE, "Total", "Amount", "62,000 €", "67,000 €") in changes.figures
    assert TextChange(None, "Vzw C") in changes.texts and TextChange(None, "Fair") in changes.texts


def test_a_chart_whose_picture_changed_is_listed_by_its_title(tmp_path):
    changes = _compare(_document(ROWS, TOTAL), _document(ROWS, TOTAL, chart_src="data:image/svg+xml;base64,BBBB"),
                       tmp_path)
    assert [(old.title, new.title) for old, new in changes.charts] == [("Subsidy per beneficiary",) * 2]
    assert changes.figures == [] and changes.texts == [] and changes.visible


def test_the_amendment_note_of_an_edition_is_not_part_of_the_comparison(tmp_path):
    signed = _document(ROWS, TOTAL)
    amended = with_amendment(signed, "Amendment", ["Edition 2 replaces edition 1.", "Why: a wrong amount."])
    # The note comes first in the main content, and a link to it above the numbered contents.
    assert amended.index('<section class="chapter amendment"') == amended.index('<main id="content">') + 20
    assert '<p class="amendment"><a href="#amendment">Amendment</a></p><ol>' in amended
    assert "<p class=\"note\">Why: a wrong amount.</p>" in amended
    changes = _compare(signed, amended, tmp_path)
    assert not changes.visible, (changes.figures, changes.texts)
    # ... while the same sentences outside such a note are a change.
    plain = signed.replace("</main>", '<p class="note">Why: a wrong amount.</p></main>')
    assert _compare(signed, plain, tmp_path).texts == [TextChange(None, "Why: a wrong amount.")]
