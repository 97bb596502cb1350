"""The layout checker of the reader's PDF (pdf_layout.py) finds what it is meant to find, on small PDFs made
here with WeasyPrint: a checker that could not fail would prove nothing."""

from __future__ import annotations

import pytest

from pdf_layout import problems

PAGE = "@page { size: A4; margin: 20mm 18mm 22mm 18mm; } body { font: 10pt 'DejaVu Sans'; }"


def _pdf(tmp_path, body: str, css: str = ""):
    from weasyprint import HTML

    path = tmp_path / "page.pdf"
    HTML(string=f"<html><head><style>{PAGE}{css}</style></head><body>{body}</body></html>").write_pdf(path)
    return path


FULL = "<p>" + "Een volle bladzijde tekst. " * 40 + "</p>"


def test_a_clean_page_has_no_problem(tmp_path):
    assert problems(_pdf(tmp_path, FULL * 6)) == []


def test_text_near_the_edge_is_found(tmp_path):
    found = problems(_pdf(tmp_path, FULL * 6 + '<p style="position:absolute; right:-15mm; top:50mm">Verschil</p>'))
    assert any("within 1 cm of the edge" in line for line in found), found


def test_small_text_is_found(tmp_path):
    found = problems(_pdf(tmp_path, FULL * 6 + '<p style="font-size:5pt">klein</p>'))
    assert any("under 6.5 pt" in line for line in found), found


def test_a_label_on_another_is_found(tmp_path):
    labels = ('<div style="position:relative; height:20pt"><span style="position:absolute; left:0">66,7 %</span>'
              '<span style="position:absolute; left:1.5pt; top:1pt">64,7 %</span></div>')
    found = problems(_pdf(tmp_path, FULL * 3 + labels + FULL * 3))
    assert any("printed on" in line and "6" in line for line in found), found


@pytest.mark.parametrize("blank_page", [3])
def test_a_page_mostly_blank_is_found(tmp_path, blank_page):
    # Pages 1 and 2 full, page 3 a few lines, page 4 full: page 3 is filled to well under 40 %.
    body = FULL * 6 + '<p style="break-before: page">' + FULL * 6 + '</p><p style="break-before: page">kort</p>' + \
        '<p style="break-before: page">' + FULL * 6 + "</p>"
    found = problems(_pdf(tmp_path, body))
    assert any(line.startswith(f"page {blank_page + 1}: filled") or line.startswith("page ") and "filled" in line
               for line in found), found


def test_a_chapter_that_ends_short_before_the_next_chapter_is_not_a_blank_page(tmp_path):
    # Page 3 a few lines, then the next chapter on page 4 under its heading (20 pt, as report.css sets it);
    # the same page before a page of text is a blank page.
    short = FULL * 6 + '<p style="break-before: page">kort</p>'
    chapter = '<h2 style="break-before: page; font-size: 20pt">Subsidies</h2>' + FULL * 6
    assert [line for line in problems(_pdf(tmp_path, short + chapter)) if "filled" in line] == []
    text = chapter.replace("<h2", "<p").replace("</h2>", "</p>").replace("font-size: 20pt", "")
    assert [line.split(":")[0] for line in problems(_pdf(tmp_path, short + text)) if "filled" in line] == ["page 3"]


def test_words_that_open_a_table_at_the_foot_of_a_page_are_found(tmp_path):
    # A heading and "... the following:" at the page's foot, the table they open on the next page.
    opening = "<h2>Subsidies</h2><p>In 2025 werden de volgende subsidies toegekend:</p>"
    table = '<table style="break-inside: avoid">' + "<tr><td>Bal national vzw</td><td>40.000 €</td></tr>" * 30 + "</table>"
    found = problems(_pdf(tmp_path, FULL * 3 + "<p>" + "Tekst. " * 150 + "</p>" + opening + table))
    assert any("ends in words that open" in line and "toegekend:" in line for line in found), found
    # Kept with their table (the rule the report's style sheet gives them), nothing is found.
    kept = problems(_pdf(tmp_path, FULL * 3 + "<p>" + "Tekst. " * 150 + "</p>" + opening.replace(
        "<p>", '<p style="break-after: avoid">') + table, "h2 { break-after: avoid; }"))
    assert not any("ends in words that open" in line for line in kept), kept
