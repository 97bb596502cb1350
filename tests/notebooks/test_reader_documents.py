"""The reader's documents as a communications unit reads them (issue 16): honest to the reader (sample data
said to be sample data where a figure is shown, corrections of the printed report said at the figure and in
a section of their own, a colophon that speaks to readers) and laid out (tests/notebooks/pdf_layout.py: the
PDF's pages read back from its text positions), for 2025 and for a year that strains the layout."""

from __future__ import annotations

import re

import pytest

from pdf_layout import problems
from render_support import LANGS, flat, pdf_text

# The notice of sample data, as each language says it (the 2023 and 2024 sample years are invented).
SAMPLE_NOTICE = {"nl": "de cijfers van 2023 en 2024 zijn verzonnen",
                 "fr": "les chiffres de 2023 et 2024 sont inventés",
                 "de": "Die Zahlen von 2023 und 2024 sind erfunden",
                 "en": "the figures for 2023 and 2024 are invented"}
# Under a table that shows 2024 beside 2025.
TABLE_NOTICE = {"nl": "De cijfers van 2024 in deze tabel zijn verzonnen voorbeeldgegevens",
                "fr": "Les chiffres de 2024 de ce tableau sont des données d’exemple inventées",
                "de": "Die Zahlen von 2024 in dieser Tabelle sind erfundene Beispieldaten",
                "en": "The figures for 2024 in this table are invented sample data"}
# Under a table whose 2025 figures the published report does not give (the words per language pair: it gives
# only "nearly 1 million words" in all), and the colophon's word for it.
NOT_PRINTED = {"nl": "De cijfers van 2025 in deze tabel zijn verzonnen voorbeeldgegevens: het gepubliceerde "
                     "jaarverslag 2025 vermeldt ze niet.",
               "fr": "Les chiffres de 2025 de ce tableau sont des données d’exemple inventées : le rapport annuel "
                     "2025 publié ne les donne pas.",
               "de": "Die Zahlen von 2025 in dieser Tabelle sind erfundene Beispieldaten: Der veröffentlichte "
                     "Jahresbericht 2025 nennt sie nicht.",
               "en": "The figures for 2025 in this table are invented sample data: the published 2025 annual "
                     "report does not give them."}
# What the colophon said before it was true: every 2025 figure checked against a report that does not give them.
EVERY_FIGURE = {"nl": "Elk cijfer van 2025 is vergeleken", "fr": "Chaque chiffre de 2025 a été comparé",
                "de": "Jede Zahl von 2025 wurde", "en": "Every figure for 2025 was compared"}
# The two errata of the published 2025 report, as the reader reads them: the printed and the correct value
# in the language's format, and the Coordinating Committee's name in the language (never a code).
CORRECTIONS = {
    "nl": [("49% voor 52-65 jaar", "juist is 39%"), ("‘Strategisch Comité voor Inlichting en Veiligheid’",
                                                     "‘Coördinatiecomité voor Inlichting en Veiligheid’")],
    "fr": [("49 % pour 52-65 ans", "la valeur correcte est 39 %"),
           ("Comité stratégique du renseignement et de la sécurité", "Comité de coordination du renseignement")],
    "de": [("49 % für 52-65 Jahre", "richtig ist 39 %"),
           ("Strategischer Ausschuss für Nachrichtendienst und Sicherheit", "Koordinierungsausschuss")],
    "en": [("49% for 52-65 years", "the correct figure is 39%"),
           ("Strategic Committee for Intelligence and Security", "Coordinating Committee for Intelligence")],
}
CORRECTIONS_HEADING = {"nl": "Correcties", "fr": "Corrections", "de": "Berichtigungen", "en": "Corrections"}
# What a colophon written for the project, not for readers, says.
INTERNAL = ["manifest.json", "SHA-256", "project figures", "projet figures", "Projekt figures", "figures project",
            "(52-65, percent)", "(cciv, label)", "cciv"]


def _pages(path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [flat(page.extract_text() or "") for page in pdf.pages]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_says_the_sample_years_are_invented(report, lang):
    pages = _pages(report.folder(lang) / f"figures-2025-{lang}.pdf")
    missing = [n for n, page in enumerate(pages, start=1) if flat(SAMPLE_NOTICE[lang]) not in page]
    assert missing == [], f"{lang}: pages without the sample-data notice: {missing}"
    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    assert SAMPLE_NOTICE[lang] in flat(html)
    # Under every table that shows 2024 beside 2025 (every compared table, the trends table).
    assert flat(html).count(TABLE_NOTICE[lang]) >= 8


@pytest.mark.parametrize("lang", LANGS)
def test_2025_figures_the_published_report_does_not_give_are_said_to_be_invented(report, lang):
    from openpyxl import load_workbook

    from figures.i18n import text

    html = flat(re.sub(r"<[^>]+>", " ", (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")))
    pdf = flat(pdf_text(report.folder(lang) / f"figures-2025-{lang}.pdf"))
    for document in (html, pdf):
        # Under the words per language pair (not printed), per text type (only the rounded total), the
        # campaigns (some printed as "more than ..."), and the trends that take figures from them.
        assert flat(NOT_PRINTED[lang]) in document
        assert document.count("2025") and EVERY_FIGURE[lang] not in document
    assert html.count(flat(text("provenance.only_rounded", lang, year=2025))) == 1
    assert html.count(flat(text("provenance.rounded", lang, year=2025))) == 1
    assert html.count(flat(text("provenance.trends", lang, year=2025))) == 1
    book = load_workbook(report.folder(lang) / f"figures-2025-{lang}.xlsx")
    pairs = " ".join(str(v) for row in book[text("excel.sheet.translations_by_pair", lang)].iter_rows(values_only=True)
                     for v in row if v)
    assert flat(NOT_PRINTED[lang]) in flat(pairs)


@pytest.mark.parametrize("lang", LANGS)
def test_corrections_are_said_at_the_figure_and_in_their_own_section(report, lang):
    text = flat(pdf_text(report.folder(lang) / f"figures-2025-{lang}.pdf"))
    for printed, correct in CORRECTIONS[lang]:
        assert text.count(flat(printed)) >= 2, f"{lang}: {printed!r} not at the figure and in the section"
        assert flat(correct) in text
    # The age bands' column, headed "Gemiddelde leeftijd" (average age) in the printed report: said at the
    # table and in the section too, though no figure changes.
    assert text.count("Gemiddelde leeftijd") >= 2 * (1 if lang == "nl" else 2), lang
    assert CORRECTIONS_HEADING[lang] in text
    # The section comes after the chapters, before the colophon; the note at the figure in the chapter.
    section = text.rindex(CORRECTIONS_HEADING[lang])
    assert text.index(flat(CORRECTIONS[lang][0][0])) < section


@pytest.mark.parametrize("lang", LANGS)
def test_the_colophon_speaks_to_readers(report, lang):
    html = (report.folder(lang) / f"figures-2025-{lang}.html").read_text(encoding="utf-8")
    colophon = flat(re.sub(r"<[^>]+>", " ", html[html.index('id="colophon"'):]))
    assert [word for word in INTERNAL if word in colophon] == []
    # Said once each: no sentence twice.
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", colophon) if len(s) > 20]
    assert len(sentences) == len(set(sentences))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_2025_pdf_pages_are_publishable(report, lang):
    assert problems(report.folder(lang) / f"figures-2025-{lang}.pdf") == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_year_with_thirty_subsidies_and_long_names_is_laid_out(rendered_stress, lang):
    assert problems(rendered_stress.folder(lang) / f"figures-2025-{lang}.pdf") == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_says_it_under_the_figures_too(report, lang):
    from openpyxl import load_workbook

    from figures.i18n import text

    book = load_workbook(report.folder(lang) / f"figures-2025-{lang}.xlsx")
    ages = " ".join(str(v) for row in book[text("excel.sheet.age_bands", lang)].iter_rows(values_only=True)
                    for v in row if v)
    assert flat(TABLE_NOTICE[lang]) in flat(ages)
    printed, correct = CORRECTIONS[lang][0]
    assert flat(printed) in flat(ages) and flat(correct) in flat(ages)
    info = " ".join(str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v)
    assert CORRECTIONS_HEADING[lang] in info and "cciv" not in info and "(52-65, percent)" not in info


@pytest.mark.parametrize("lang", LANGS)
def test_the_stress_year_pdf_is_pdf_ua_for_both_checkers_and_its_tag_tree(rendered_stress, lang):
    # Thirty subsidies in parts of a chart, long names, tables split over pages: what the 2025 PDFs do not
    # exercise (tests/notebooks/test_pdf_tags.py checks those).
    import pdf_checkers
    import pdf_structure

    path = rendered_stress.folder(lang) / f"figures-2025-{lang}.pdf"
    assert pdf_structure.problems(path) == []
    assert pdf_checkers.page_validation_failures(path) == []
    assert pdf_checkers.pdfua_findings(path) == []
