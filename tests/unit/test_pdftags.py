"""The PDF's tag tree completed (figures.render.pdftags), on a tiny PDF that WeasyPrint makes here.

The tiny document has what the report has: a running footer and page numbers (@page margin boxes), a contents
entry with a leader and its page, a figure (an SVG image with alt text and a figcaption), and a table with a
header row and row labels (th scope="row") long enough to split over pages. The expected values are worked
out by hand from the page geometry below, or come from PDF/UA-1 (ISO 14289-1); the tree is read back with
tests/pdf_structure.py (pikepdf and pdfplumber), not with the code under test.
"""

from __future__ import annotations

import base64
import io
from unittest import mock

import pikepdf
import pytest

from figures.render.pdftags import complete_tags
from pdf_checkers import HEADING_RULE, _as_integer, page_validation_failures, pdfua_findings
from pdf_structure import Structure, problems

# A 300 x 400 pt page with 40 pt margins: the figure's image, 120 x 60 pt, is the first thing on page 1, at
# the top left of the page's content area: x 40 to 160, and (y upwards from the bottom) 400 - 40 = 360 down to
# 360 - 60 = 300. Its caption comes after it.
BARS = ('<svg xmlns="http://www.w3.org/2000/svg" width="160" height="80" viewBox="0 0 160 80">'
        '<rect x="0" y="0" width="160" height="80" fill="#fff"/><rect x="10" y="30" width="40" height="50" '
        'fill="#005a8c"/><rect x="70" y="10" width="40" height="70" fill="#005a8c"/></svg>')
ALT = "Two bars: alpha 5, beta 7"
ROWS = 40
HTML = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tiny report</title><style>
@page {{ size: 300pt 400pt; margin: 40pt;
  @bottom-left {{ content: string(title); font-size: 8pt; }} @bottom-right {{ content: counter(page); font-size: 8pt; }} }}
html {{ font: 10pt "DejaVu Sans", sans-serif; }} body {{ margin: 0; }}
figure {{ margin: 0; }} img {{ display: block; width: 120pt; height: 60pt; }}
h1 {{ string-set: title content(); font-size: 14pt; }}
nav a::after {{ content: leader(".") target-counter(attr(href), page); }}
table {{ border-collapse: collapse; }} thead {{ display: table-header-group; }}
</style></head><body>
<figure><img src="data:image/svg+xml;base64,{base64.b64encode(BARS.encode()).decode()}" alt="{ALT}">
<figcaption>Bars per name</figcaption></figure>
<h1>Tiny report</h1>
<nav><h2>Contents</h2><ol><li><a href="#counts">Counts</a></li></ol></nav>
<h2 id="counts">Counts</h2>
<table><caption>Counts per name</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Count</th></tr></thead>
<tbody>{"".join(f'<tr><th scope="row">Name {i}</th><td>{i * 3}</td></tr>' for i in range(1, ROWS + 1))}</tbody>
</table></body></html>"""


@pytest.fixture(scope="module")
def weasyprint_pdf() -> bytes:
    from weasyprint import HTML as Document

    return Document(string=HTML).write_pdf(pdf_variant="pdf/ua-1")


@pytest.fixture(scope="module")
def completed(weasyprint_pdf, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdftags") / "tiny.pdf"
    path.write_bytes(complete_tags(weasyprint_pdf))
    return path


def _write(tmp_path, data: bytes):
    path = tmp_path / "tiny.pdf"
    path.write_bytes(data)
    return path


def test_weasyprint_alone_leaves_the_gaps_issue_17_names(weasyprint_pdf, tmp_path):
    kinds = {problem.split(":")[0] for problem in problems(_write(tmp_path, weasyprint_pdf))}
    # The footer and page numbers orphaned, the leader's dots in the Link, TH without scope, /Headers without
    # an IDTree, the figure's box outside the page and its caption outside it.
    assert kinds == {"orphan", "leader", "scope", "headers", "figure"}


def test_completed_tags_have_no_problem(completed):
    assert problems(completed) == []


def test_the_footer_and_page_numbers_are_pagination_artifacts(completed):
    s = Structure(completed)
    assert len(s.pdf.pages) >= 3                     # the table goes over two pages at least
    footer = {}
    for page, kind, tag, mcid, text in s.content:
        if kind == "char" and tag == "Artifact":
            footer[page] = footer.get(page, "") + text
    for page in range(len(s.pdf.pages)):
        assert "Tiny report" in footer[page] and footer[page].endswith(str(page + 1))
    # In the content stream: /Artifact with the property list /Type /Pagination (ISO 32000-1, 14.8.2.2.2).
    operators = pikepdf.parse_content_stream(s.pdf.pages[1], "BDC")
    kinds = [str(operands[1].get("/Type")) for operands, _ in operators if operands[0] == "/Artifact"]
    assert kinds.count("/Pagination") == 2          # the running title and the page number


def test_the_leader_dots_are_layout_artifacts_and_the_link_keeps_its_words(completed):
    s = Structure(completed)
    dots = "".join(t for page, kind, tag, mcid, t in s.content if kind == "char" and tag == "Artifact" and page == 0)
    assert dots.count(".") >= 10
    links = "".join(s.text(link) for link in s.with_role("/Link"))
    assert "Counts" in links and "." not in links
    operators = pikepdf.parse_content_stream(s.pdf.pages[0], "BDC")
    assert any(operands[0] == "/Artifact" and operands[1].get("/Type") == "/Layout" for operands, _ in operators)


def test_column_headers_and_row_labels_are_scoped_and_headers_resolve(completed):
    s = Structure(completed)
    scopes = {s.text(th): str(th.A.Scope) for th in s.with_role("/TH")}
    assert scopes["Name"] == scopes["Count"] == "/Column"
    assert all(scopes[f"Name {i}"] == "/Row" for i in range(1, ROWS + 1))
    ids = s.id_tree()
    # The cell "21" (row 7: 7 x 3) is headed by its row's label and its column's header.
    cell = next(td for td in s.with_role("/TD") if s.text(td) == "21")
    assert [s.text(ids[bytes(h)]) for h in cell.A.Headers] == ["Name 7", "Count"]
    # The header row is repeated on every page of the table: one set of column headers per page.
    assert sum(1 for th in s.with_role("/TH") if s.text(th) == "Count") == len(s.with_role("/Table")) >= 2


def test_the_figure_holds_its_caption_and_has_its_alt_and_box(completed):
    s = Structure(completed)
    figure, = s.with_role("/Figure")
    assert str(figure.Alt) == ALT
    caption, = [k for k in figure.K if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Caption"]
    assert s.text(caption) == "Bars per name"
    assert [float(v) for v in figure.A.BBox] == pytest.approx([40, 300, 160, 360], abs=0.01)


def test_same_bytes_for_the_same_pdf_and_nothing_visible_changes(weasyprint_pdf, completed):
    assert complete_tags(weasyprint_pdf) == complete_tags(weasyprint_pdf)
    pdfium = pytest.importorskip("pypdfium2")
    before, after = pdfium.PdfDocument(weasyprint_pdf), pdfium.PdfDocument(completed.read_bytes())
    assert len(before) == len(after)
    for page in range(len(before)):
        old = before[page].render(scale=2).to_pil().tobytes()
        new = after[page].render(scale=2).to_pil().tobytes()
        assert old == new, f"page {page + 1} looks different"


def test_an_untagged_pdf_is_left_as_it_is():
    from weasyprint import HTML as Document

    data = Document(string="<p>plain</p>").write_pdf()
    assert complete_tags(data) == data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_both_checkers_are_clean_on_the_completed_pdf(completed):
    assert page_validation_failures(completed) == []
    assert pdfua_findings(completed) == []


def test_pdfua_sees_the_headers_weasyprint_leaves_without_scope(weasyprint_pdf, tmp_path):
    # PDF/UA-1 7.5 (pdfua UA-15-003, "Table structure is determinable"): header cells with neither /Scope nor
    # /Headers: one warning per table part (the table is split over pages).
    found = pdfua_findings(_write(tmp_path, weasyprint_pdf))
    assert found and all(line.startswith("UA-15-003 WARNING") for line in found)


def test_pdfua_heading_rule_runs_with_as_integer_as_documented(completed, tmp_path):
    from pdfua.document import PdfDocument, as_integer
    from pdfua.rules import structure

    # The checker's bug (see tests/pdf_checkers.py): a heading's /K array makes its as_integer raise.
    with pytest.raises(ValueError, match="is_integer"):
        as_integer(pikepdf.Array([1]))
    # Run as documented, the rule fails a heading emptied here, and passes the document's real headings.
    with pikepdf.open(completed) as pdf:
        s = Structure(completed)
        heading = s.with_role("/H2")[0]
        pdf.get_object(heading.objgen).K = pikepdf.Array()
        pdf.save(tmp_path / "empty-heading.pdf")
    with mock.patch.object(structure, "as_integer", _as_integer):
        with PdfDocument.open(str(tmp_path / "empty-heading.pdf")) as document:
            assert [f.message for f in structure.EmptyHeadingRule().check(document)] == ["Empty heading element /H2."]
        with PdfDocument.open(str(completed)) as document:
            assert list(structure.EmptyHeadingRule().check(document)) == []
    assert structure.EmptyHeadingRule.id == HEADING_RULE
