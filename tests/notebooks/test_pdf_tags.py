"""The tags of the 2025 PDFs (nl, fr, de, en), read back and checked from outside (issue 17).

The PDFs are the session's render (fixture `report`, conftest.py): nothing is rendered again. The tag tree
is walked with pikepdf and the content read with pdfplumber (tests/pdf_structure.py); the two PDF/UA-1
checkers from PyPI, page-validation and pdfua, must report no failure and no warning (tests/pdf_checkers.py,
which shows where pdfua is wrong and how its rule still runs). docs/accessibility.md, "PDF", says what
this proves.
"""

from __future__ import annotations

import pytest

from figures.i18n import text
from pdf_checkers import page_validation_failures, pdfua_findings
from pdf_structure import Structure, problems
from render_support import LANGS


def _pdf(report, lang: str):
    return report.folder(lang) / f"figures-2025-{lang}.pdf"


@pytest.mark.parametrize("lang", LANGS)
def test_the_tag_tree_is_complete(report, lang):
    """No content outside the tree but artifacts, the ParentTree right, no leader in a link, every TH with
    a scope, every /Headers resolved by the IDTree, every Figure with its alt, its caption and a box on its
    page around what it draws, headings that nest, the language and the title set."""
    assert problems(_pdf(report, lang)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_checked_things_are_there(report, lang):
    """The checks above are not empty: the report has tables with row and column headers, captioned
    figures, a title and a language, and its running footer with the page number is an artifact."""
    s = Structure(_pdf(report, lang))
    scopes = {str(th.A.Scope) for th in s.with_role("/TH")}
    assert scopes == {"/Row", "/Column"}
    assert any("/Headers" in td.A for td in s.with_role("/TD"))
    assert s.with_role("/Figure") and s.with_role("/H1") and s.with_role("/H2")
    assert str(s.pdf.Root.Lang) == lang
    assert str(s.pdf.docinfo.Title) == text("report.title", lang, year=2025)
    footer = {}
    for page, kind, tag, mcid, piece in s.content:
        if kind == "char" and tag == "Artifact":
            footer[page] = footer.get(page, "") + piece
    # Every page but the title page says its number (the running footer), as an artifact.
    for page in range(1, len(s.pdf.pages)):
        assert footer.get(page, "").endswith(str(page + 1)), f"{lang}: page {page + 1}'s number"


@pytest.mark.parametrize("lang", LANGS)
def test_page_validation_reports_nothing(report, lang):
    assert page_validation_failures(_pdf(report, lang)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_pdfua_reports_nothing(report, lang):
    assert pdfua_findings(_pdf(report, lang)) == []
