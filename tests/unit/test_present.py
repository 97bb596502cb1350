"""The reader's pieces (present.py): numbers by kind, tables, charts with their text alternative, reviewer views."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from figures import labels, present
from figures.chapters import staff
from figures.registry import COUNT, DAYS, MONEY, PERCENT, Check


@pytest.mark.parametrize("number, kind, lang, shown", [
    (4639816, MONEY, "nl", "4.639.816 €"), (4639816, MONEY, "fr", "4\u202f639\u202f816 €"),
    (4639816, MONEY, "en", "€4,639,816"), (1234.5, MONEY, "nl", "1.234,50 €"),
    (39, PERCENT, "nl", "39%"), (39, PERCENT, "fr", "39\u00a0%"),
    (987312, COUNT, "en", "987,312"), (395.5, DAYS, "nl", "395,5"), (395.0, DAYS, "en", "395"),
])
def test_value_formats_a_number_by_its_kind(number, kind, lang, shown):
    assert present.value(number, kind, lang) == shown


def test_none_zero_and_not_applicable():
    assert present.value(None, COUNT, "nl") == "/"
    assert present.value(pd.NA, COUNT, "nl") == "/"
    assert present.value(float("nan"), MONEY, "en") == "/"
    assert present.value(0, COUNT, "nl") == "0"
    assert present.value(0, COUNT, "nl", zero_as_none=True) == "/"


def test_a_text_kind_is_not_a_number():
    with pytest.raises(ValueError):
        present.value(3, "key", "nl")


def _cells(html: str) -> list[list[tuple[str, str, str]]]:
    """(tag, class, text) of every cell, row by row."""
    return [re.findall(r'<(t[dh])(?: scope="(?:col|row)")? class="([^"]*)"(?: style="[^"]*")?>(.*?)</t[dh]>', row)
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html)]


def test_table_layout_caption_header_body_and_total():
    html = present.table("Titel <1>", ["Naam", "Aantal"], [["A & B", "3"]], ["Totaal", "3"]).html
    # A region of its own, named as the table, that scrolls on a narrow screen; headers head their column.
    # Two rows: kept whole on paper.
    assert html.startswith('<div class="table-scroll whole" role="region" tabindex="0" aria-label="Titel &lt;1&gt;">'
                           '<table class="figures"><caption><span>Titel &lt;1&gt;</span></caption>')
    assert html.count('<th scope="col"') == 2 and html.endswith("</table></div>")
    # Each row's label heads its row (HTML: a th with scope="row"), the total's too.
    assert html.count('<th scope="row"') == 2
    assert _cells(html) == [[("th", "label", "Naam"), ("th", "num", "Aantal")],
                            [("th", "label", "A &amp; B"), ("td", "num", "3")],
                            [("th", "label", "Totaal"), ("td", "num", "3")]]
    assert '<tr class="total">' in html
    assert "<tfoot>" not in html                         # a total row is not repeated on every page


def test_table_numeric_from_and_css_class():
    html = present.table("T", ["a", "b", "c"], [["x", "y", "1"]], numeric_from=2, css="review").html
    assert 'class="figures review"' in html
    assert [c[:2] for c in _cells(html)[1]] == [("th", "label"), ("td", "label"), ("td", "num")]


def test_a_row_without_a_label_has_no_empty_row_header():
    # The second line of a group named on the line above: an empty header would be read as a header of nothing.
    html = present.table("T", ["Campagne", "Kanaal", "Bereik"], [["A", "radio", "3"], ["", "tv", "4"]],
                         numeric_from=2).html
    assert [c[0] for c in _cells(html)[2]] == ["td", "td", "td"] and html.count('<th scope="row"') == 1


def test_the_lines_that_continue_a_named_line_are_one_row_group_with_it():
    # A campaign named on its first line only: its lines are a row group (kept on one page), the total with
    # the last; a table whose every line is named keeps one body.
    html = present.table("T", ["Campagne", "Kanaal", "Bereik"],
                         [["A", "radio", "3"], ["", "tv", "4"], ["B", "pers", "5"], ["C", "pers", "6"], ["", "tv", "7"]],
                         ["Totaal", "", "25"], numeric_from=2).html
    groups = re.findall(r'<tbody class="group">(.*?)</tbody>', html)
    assert [re.findall(r">([A-Za-z]*)</t[hd]><td class=\"label\">", g) for g in groups] == [
        ["A", ""], ["B"], ["C", "", "Totaal"]]
    assert html.count("<tbody") == 3
    named = present.table("T", ["a", "b"], [["x", "1"], ["y", "2"]], ["Totaal", "3"]).html
    assert named.count("<tbody") == 1 and "group" not in named


def test_a_table_without_numbers_has_no_row_headers():
    # A list (every column a label, as the reviewer's tables) is not a table of figures: no row headers.
    html = present.table("T", ["a", "b"], [["x", "y"]], numeric_from=3).html
    assert 'scope="row"' not in html and [c[0] for c in _cells(html)[1]] == ["td", "td"]


def test_html_shows_as_html_in_jupyter_and_as_words_in_plain_text():
    html = present.Html("<p>Tabel <b>1</b></p>")
    assert html._repr_html_() == "<p>Tabel <b>1</b></p>"
    assert repr(html) == "Tabel 1"


def test_chapter_heading():
    assert present.chapter("meetings", "fr").html == '<h2 class="chapter" id="meetings">Réunions</h2>'


# ---------------------------------------------------------------- a real chart and its text alternative

def test_a_real_chart_gets_its_title_and_a_description_as_its_alternative():
    # The house style puts the title on the left; the alternative must still carry it.
    table = pd.DataFrame({"band": ["19-29", "52-65"], "staff": [21, 47], "percent": [31, 69]})
    names = [labels.band(b, "nl") for b in table["band"]]
    figure = staff.age_bands_chart(table, names, "nl")
    description = present.describe("", names, ["staff", "percent"], table,
                                   staff.AGE_BANDS.kinds(table), "nl")
    svg = present.chart(figure, description)
    assert description == "19-29 jaar: Aantal personen 21, Percentage 31%; 52-65 jaar: Aantal personen 47, Percentage 69%"
    assert re.search(r"<svg\b[^>]*><title>Personeel per leeftijdsgroep</title><desc>19-29 jaar", svg.svg)
    assert svg.alt == "Personeel per leeftijdsgroep. " + description
    assert repr(svg) == f"[chart: {svg.alt}]"
    assert svg.data_uri().startswith("data:image/svg+xml;base64,")


def test_the_alternative_is_escaped_in_the_svg():
    import matplotlib.figure

    figure = matplotlib.figure.Figure()
    figure.add_subplot().set_title("R&D <x>", loc="left")
    svg = present.chart(figure, 'a "quoted" & <b>')
    assert "<title>R&amp;D &lt;x&gt;</title><desc>a &quot;quoted&quot; &amp; &lt;b&gt;</desc>" in svg.svg


def test_describe_in_french_names_not_applicable():
    table = pd.DataFrame({"meetings": [9], "e_procedures": pd.array([pd.NA], dtype="Int64")})
    kinds = {c: pd.Series([COUNT]) for c in table.columns}
    assert present.describe("Titre", ["Comité A"], ["meetings", "e_procedures"], table, kinds, "fr") == \
        "Titre : Comité A : Réunions 9, Procédures électroniques sans objet"        # U+00A0 before ":"


# ---------------------------------------------------------------- reviewer views

def test_checks_table_shows_the_outcome_and_the_values():
    html = present.checks_table([Check("check.headcount", True, 121, 121),
                                 Check("check.percent_sum", False, 110, 100)], "nl").html
    rows = [[c[2] for c in row] for row in _cells(html)[1:]]
    assert rows[0][1:] == ["✔", "121 = 121"]
    assert rows[1][1:] == ["✘", "110 ≠ 100"]


def test_raw_table_tells_zero_from_not_applicable():
    table = pd.DataFrame({"body": ["nvr", "comite_a"], "meetings": [7, 9],
                          "e_procedures": pd.array([0, pd.NA], dtype="Int64")})
    html = present.raw_table("meetings", table, "en").html
    assert "<caption><span>The table as computed (meetings.csv)</span></caption>" in html
    rows = [[c[2] for c in row] for row in _cells(html)]
    assert rows == [["body", "meetings", "e_procedures"], ["nvr", "7", "0"], ["comite_a", "9", "(empty: not applicable)"]]


def _alignments(html: str) -> list[list[str]]:
    """The text-align each cell of a reviewer's table says in its own style, row by row."""
    return [re.findall(r'<t[dh][^>]*style="text-align: (\w+)"', row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html)]


def test_reviewer_tables_align_labels_left_and_numbers_right_in_the_cell_itself():
    """Notebook style sheets align every cell right: a reviewer's table says each cell's alignment."""
    table = pd.DataFrame({"body": ["nvr", "comite_a"], "meetings": [7, 9],
                          "e_procedures": pd.array([0, pd.NA], dtype="Int64")})
    assert _alignments(present.raw_table("meetings", table, "en").html) == [["left", "right", "right"]] * 3
    checks = present.checks_table([Check("check.headcount", True, 121, 121)], "nl").html
    assert _alignments(checks) == [["left", "left", "left"]] * 2
    # The reader's tables keep their classes only (the report's style sheet aligns them).
    assert "style=" not in present.table("T", ["a", "b"], [["x", "1"]]).html


RECONCILED = pd.DataFrame([
    ("age_bands", "19-29", "staff", 21, 21, "match", ""),
    ("age_bands", "52-65", "percent", 49, 39, "erratum", "47 van 121 is 38,8 %"),
    ("age_bands", "30-40", "staff", 19, 19, "match", ""),
], columns=["table", "row", "column", "published", "computed", "status", "note"])


def test_an_erratum_row_stands_out_among_the_matches_by_class_style_and_word():
    html = present.reconciliation_table(RECONCILED, ["age_bands"], "nl").html
    rows = re.findall(r"<tr([^>]*)>(.*?)</tr>", html)[1:]
    assert [attributes for attributes, _ in rows][0::2] == ["", ""]                # the matches: plain rows
    erratum = rows[1]
    assert 'class="erratum"' in erratum[0] and "font-weight: bold" in erratum[0]    # not colour alone
    assert ">erratum<" in erratum[1] and "47 van 121 is 38,8 %" in erratum[1]     # and the word itself
    assert _alignments(html)[1] == ["left"] * 7


def test_the_reconciliation_counts_in_the_right_plural_form():
    html = present.reconciliation_table(RECONCILED, ["age_bands"], "nl").html
    assert "Vergelijking met het gepubliceerde verslag: 2 overeenkomsten, 1 erratum, 0 onverklaarde verschillen" \
        in html
    two = pd.concat([RECONCILED, RECONCILED.iloc[[1]].assign(row="41-51")])
    assert "1 overeenkomst" not in html and ", 2 errata," in present.reconciliation_table(two, ["age_bands"], "nl").html


@pytest.mark.parametrize("lang, expected", [
    ("nl", ["0 errata", "1 erratum", "2 errata", "1 onverklaard verschil", "3 onverklaarde verschillen"]),
    # French counts 0 and 1 in the singular.
    ("fr", ["0 erratum", "1 erratum", "2 errata", "1 différence inexpliquée", "3 différences inexpliquées"]),
    ("de", ["0 Errata", "1 Erratum", "2 Errata", "1 ungeklärte Abweichung", "3 ungeklärte Abweichungen"]),
    ("en", ["0 errata", "1 erratum", "2 errata", "1 unexplained difference", "3 unexplained differences"]),
])
def test_plural_forms(lang, expected):
    found = [present.counted("reviewer.count.erratum", n, lang) for n in (0, 1, 2)]
    found += [present.counted("reviewer.count.difference", n, lang) for n in (1, 3)]
    assert found == expected
    assert present.counted("reviewer.count.match", 1234, lang) == {
        "nl": "1.234 overeenkomsten", "fr": "1\u202f234 concordances", "de": "1.234 Übereinstimmungen",
        "en": "1,234 matches"}[lang]
