"""The Excel workbook (render/excel.py) of tiny hand-built tables.

An info sheet first; a reader sheet per table, the table as the report prints
it (names, the total rows, the year before and the change, numbers as numbers
in the language's formats, percentages as fractions, an empty number cell
explained in a notes column); an analyst sheet `data_<table>` per table with
each row's name, then the CSV values and codes exactly, without total rows.
Expected values are the tiny tables' own numbers, worked out by hand; rows are
tall enough for their wrapped text (lines counted by hand from Arial's widths).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from figures import labels, present
from figures.i18n import formats, text
from figures.registry import REGISTRY
from figures.render.excel import about, lines_needed, text_width, write_workbook

LANGS = ("nl", "fr", "de", "en")
DAY = dt.date(2026, 3, 2)


def _tables(cents: bool = True, half_days: bool = True) -> dict[str, pd.DataFrame]:
    return {
        "age_bands": pd.DataFrame({"band": ["19-29", "30-40"], "staff": [3, 1], "percent": [75, 25]}),
        "gender_by_level": pd.DataFrame({"level": ["A", "B", "total"], "women": [1, 2, 3], "men": [0, 1, 1],
                                         "x": [0, 0, 0], "total": [1, 3, 4]}),
        "training": pd.DataFrame({"training_days": [5.5 if half_days else 5.0], "staff_trained": [3],
                                  "training_types": [2]}),
        "meetings": pd.DataFrame({"body": ["ministerraad", "comite_a"], "meetings": [44, 9],
                                  "e_procedures": pd.array([16, pd.NA], dtype="Int64")}),
        "translations_by_type": pd.DataFrame({"text_type": ["legal", "total"], "words": [1045, 1045]}),
        "translations_by_pair": pd.DataFrame({"source_lang": ["nl"], "target_lang": ["fr"], "words": [1045]}),
        "budget": pd.DataFrame({"group": ["chancellery", "services"], "code": ["CH01", "SV01"],
                                "amount_eur": [4639816.0, 1234.56 if cents else 1234.0]}),
        "subsidies": pd.DataFrame({"beneficiary": ["Vzw A", "total"], "amount_eur": [40000.0, 40000.0]}),
    }


def _labels(lang: str) -> dict[str, list[str] | None]:
    """The row labels of the tiny tables in `lang`, as a reader knows the rows (budget lines and subsidy
    activities come from the data: here in Dutch whatever the language)."""
    return {
        "age_bands": [labels.band(b, lang) for b in ("19-29", "30-40")],
        "gender_by_level": [labels.level(v, lang) for v in ("A", "B", "total")],
        "training": None,
        "meetings": [labels.body(b, lang) for b in ("ministerraad", "comite_a")],
        "translations_by_type": [labels.text_type(t, lang) for t in ("legal", "total")],
        "translations_by_pair": [labels.pair("nl", "fr", lang)],
        "budget": ["Beleidsorganen", "Dienst een"],
        "subsidies": labels.RowLabels(["Bal", labels.total(lang)], names=["Vereniging A", labels.total(lang)]),
    }


# The year before of two rows, by hand: 2 people of 19-29 (now 3: +1, +50 %), CH01 4.000.000 (+639.816, +16 %).
CHANGES = pd.DataFrame([
    ("age_bands", "19-29", "staff", 2, 3, 1, 50.0),
    ("budget", "CH01", "amount_eur", 4_000_000, 4_639_816, 639_816, 16.0),
], columns=["table", "row", "column", "previous", "value", "change", "change_pct"])


def _write(tmp_path, lang: str, tables=None, row_labels=None, changes=None, info=()):
    tables = tables or _tables()
    row_labels = row_labels or _labels(lang)
    comparison = None if changes is None else present.Comparison(changes, 2024, lang)
    readers = {name: REGISTRY.tables[name].present(table, row_labels[name], lang, comparison=comparison).tables
               for name, table in tables.items()}
    target = tmp_path / f"tables-{lang}.xlsx"
    write_workbook(tables, readers, 2025, lang, target, DAY, list(info), labels=row_labels)
    return load_workbook(target)


def _rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _sheet(workbook, table: str, lang: str):
    return workbook[text(f"excel.sheet.{table}", lang)]


def _column(sheet, header: str, header_row: int = 2) -> list:
    """The cells under the header `header` (the first table of a reader sheet: caption, header, rows)."""
    headers = [c.value for c in sheet[header_row]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=header_row + 1) if row[0].value is not None]


@pytest.mark.parametrize("lang", LANGS)
def test_info_first_then_a_reader_sheet_per_table_then_the_analysts(tmp_path, lang):
    workbook = _write(tmp_path, lang)
    assert workbook.sheetnames == ([text("excel.sheet.info", lang)] + [text(f"excel.sheet.{t}", lang) for t in _tables()]
                                   + [f"data_{t}" for t in _tables()])
    assert workbook.properties.title == text("report.title", lang, year=2025)


def test_dutch_sheet_names():
    assert [text(f"excel.sheet.{t}", "nl") for t in ("info", "age_bands", "meetings", "budget")] == \
        ["Over dit bestand", "Leeftijd", "Vergaderingen", "Begroting"]


def test_reader_sheets_read_as_the_report_with_names_and_totals(tmp_path):
    workbook = _write(tmp_path, "nl")
    assert _rows(_sheet(workbook, "age_bands", "nl")) == [
        ["Informatie over de leeftijd van de personeelsleden", None, None],
        ["Leeftijd", "Aantal personen", "Percentage"],
        ["19-29 jaar", 3, 0.75], ["30-40 jaar", 1, 0.25],
        ["Totaal", 4, 1]]                                       # the total row, 100 %, as printed
    # Comité A holds no e-procedures: an empty cell (not "/" typed into a number column), its note beside it.
    assert _rows(_sheet(workbook, "meetings", "nl"))[1:] == [["Type", "Aantal", "E-procedure", "Opmerking"],
                                                             ["Ministerraad", 44, 16, None],
                                                             ["Comité A", 9, None, "E-procedure: niet van toepassing"]]
    budget = _rows(_sheet(workbook, "budget", "nl"))
    assert budget[2:4] == [["Beleidsorganen", 4639816], ["Totaal van de verdeling van de kredieten", 4639816]]
    assert budget[-1] == ["Totaal voor de diensten opgericht bij de Kanselarij", 1234.56]
    # Subsidies in the report's order: beneficiary, activity, amount.
    assert _rows(_sheet(workbook, "subsidies", "nl"))[1:] == [
        ["Begunstigden", "Activiteiten", "Toegekende bedragen"], ["Vereniging A", "Bal", 40000],
        ["Totaal", None, 40000]]


@pytest.mark.parametrize("lang", LANGS)
def test_reader_sheets_hold_no_code(tmp_path, lang):
    workbook = _write(tmp_path, lang, changes=CHANGES)
    codes = {"chancellery", "services", "total", "ministerraad", "comite_a", "CH01", "SV01", "legal", "19-29", "A"}
    for table in _tables():
        seen = {v for row in _rows(_sheet(workbook, table, lang)) for v in row if isinstance(v, str)}
        assert not seen & codes, f"{lang}/{table}: {seen & codes}"


def test_percentages_are_fractions_with_a_percent_format(tmp_path):
    expected = {"nl": "0%", "fr": '0" "%', "de": '0" "%', "en": "0%"}
    for lang, number_format in expected.items():
        cells = _column(_sheet(_write(tmp_path, lang), "age_bands", lang), text("table.age_bands.percent", lang))
        assert [c.value for c in cells] == [0.75, 0.25, 1]
        assert {c.number_format for c in cells} == {number_format}, lang


def test_the_year_before_and_the_change_with_its_percentage(tmp_path):
    workbook = _write(tmp_path, "nl", changes=CHANGES)
    ages = _rows(_sheet(workbook, "age_bands", "nl"))
    assert ages[1] == ["Leeftijd", "Aantal personen", "Percentage", "2024", "Verschil", "Verschil (%)"]
    assert ages[2] == ["19-29 jaar", 3, 0.75, 2, 1, 0.5]
    change = _sheet(workbook, "age_bands", "nl").cell(3, 5)
    assert change.number_format == "+#,##0;-#,##0;#,##0"
    assert _sheet(workbook, "age_bands", "nl").cell(3, 6).number_format == "+0.0%;-0.0%;0.0%"
    assert _rows(_sheet(workbook, "budget", "nl"))[2] == ["Beleidsorganen", 4639816, 4000000, 639816, 0.16]


@pytest.mark.parametrize("lang", LANGS)
def test_analyst_sheets_hold_the_tables_exactly_with_their_codes(tmp_path, lang):
    workbook = _write(tmp_path, lang)
    names = _labels(lang)
    assert _rows(workbook["data_age_bands"]) == [["label", "band", "staff", "percent"],
                                                 [names["age_bands"][0], "19-29", 3, 75],
                                                 [names["age_bands"][1], "30-40", 1, 25]]
    assert _rows(workbook["data_meetings"]) == [["label", "body", "meetings", "e_procedures"],
                                                [names["meetings"][0], "ministerraad", 44, 16],
                                                [names["meetings"][1], "comite_a", 9, None]]  # not applicable: empty
    assert _rows(workbook["data_budget"])[1:] == [["Beleidsorganen", "chancellery", "CH01", 4639816],
                                                  ["Dienst een", "services", "SV01", 1234.56]]
    # One row without a label of its own: named by its table.
    assert _rows(workbook["data_training"]) == [["label", "training_days", "staff_trained", "training_types"],
                                                [text("excel.sheet.training", lang), 5.5, 3, 2]]


def test_analyst_sheets_one_shape_a_name_on_every_row_and_no_total_row(tmp_path):
    """The CSV's total rows (gender by level, text types, subsidies) are not in the analyst sheets, so that
    a SUM of a column is its total: women 1 + 2 = 3 (with the total row, 6); every row is named."""
    workbook = _write(tmp_path, "nl")
    assert _rows(workbook["data_gender_by_level"])[1:] == [["Niveau A", "A", 1, 0, 0, 1],
                                                           ["Niveau B", "B", 2, 1, 0, 3]]
    assert sum(r[2] for r in _rows(workbook["data_gender_by_level"])[1:]) == 3
    assert _rows(workbook["data_translations_by_type"])[1:] == [["Juridisch", "legal", 1045]]
    assert _rows(workbook["data_subsidies"]) == [["label", "beneficiary", "amount_eur"], ["Bal", "Vzw A", 40000]]
    for table in _tables():
        rows = _rows(workbook[f"data_{table}"])
        assert rows[0][0] == "label", table
        assert all(isinstance(r[0], str) and r[0].strip() for r in rows[1:]), table
        assert "total" not in {v for r in rows[1:] for v in r}, table
        # A row made taller by a long name keeps its values beside the name, at the top.
        assert {c.alignment.vertical for row in workbook[f"data_{table}"].iter_rows(min_row=2) for c in row
                if c.value is not None} == {"top"}, table


@pytest.mark.parametrize("lang", LANGS)
def test_named_bold_headers_aligned_as_their_columns_and_frozen(tmp_path, lang):
    workbook = _write(tmp_path, lang)
    for table in _tables():
        sheet = _sheet(workbook, table, lang)
        assert sheet.freeze_panes == "A3", table
        header = sheet[2]
        assert all(c.font.bold and c.font.name == "Arial" for c in header), table
        notes = [c for c in header if c.value == text("excel_layout.notes", lang)]
        assert all(c.alignment.horizontal == "left" for c in notes), table      # the notes column: text
        numeric = [c.alignment.horizontal for c in header[1:] if c not in notes]
        if table != "subsidies":                         # beneficiary, activity, amount
            assert set(numeric) == {"right"}, table
        assert header[0].alignment.horizontal == "left"
        data = workbook[f"data_{table}"]
        assert data.freeze_panes == "A2" and all(c.font.bold for c in data[1])
        assert data["A1"].alignment.horizontal == "left"                 # the label column


@pytest.mark.parametrize("lang", LANGS)
def test_every_sheet_prints_to_the_page_width_with_its_header_repeated(tmp_path, lang):
    workbook = _write(tmp_path, lang, changes=CHANGES)
    for sheet in workbook.worksheets:
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        if sheet.title != text("excel.sheet.info", lang):
            assert sheet.print_title_rows in ("$2:$2", "$1:$1"), sheet.title
    assert _sheet(workbook, "age_bands", lang).page_setup.orientation == "portrait"
    assert _sheet(workbook, "budget", lang).page_setup.orientation == "landscape"    # label, 2 amounts, changes


@pytest.mark.parametrize("lang", LANGS)
def test_money_with_cents_gets_the_cents_format(tmp_path, lang):
    budget = _rows(_write(tmp_path, lang, changes=None)["data_budget"])
    assert budget[2][3] == 1234.56
    workbook = _write(tmp_path, lang)
    services = [c for c in workbook["data_budget"]["D"][1:]]
    assert [c.number_format for c in services] == [formats.excel_format("money_cents", lang)] * 2


def test_money_formats_written_out_per_language(tmp_path):
    """The formats, as a reader of each language expects them."""
    expected = {"nl": ('#,##0 "€"', '#,##0.00 "€"'), "fr": ('#,##0 "€"', '#,##0.00 "€"'),
                "de": ('#,##0 "€"', '#,##0.00 "€"'), "en": ('"€"#,##0', '"€"#,##0.00')}
    for lang, (whole, cents) in expected.items():
        sheet = _sheet(_write(tmp_path, lang), "budget", lang)
        assert sheet.cell(3, 2).number_format == whole, lang               # 4.639.816
        assert sheet.cell(8, 2).number_format == cents, lang               # 1.234,56 (services)


@pytest.mark.parametrize("lang", LANGS)
def test_counts_and_days_formats(tmp_path, lang):
    workbook = _write(tmp_path, lang, tables=_tables(half_days=True))
    training = workbook["data_training"]
    assert [c.number_format for c in training[2]][1:] == [formats.excel_format("days", lang)] + \
        [formats.excel_format("count", lang)] * 2
    reader = _sheet(workbook, "training", lang)
    assert [reader.cell(r, 2).number_format for r in (3, 4, 5)] == [formats.excel_format("days", lang)] + \
        [formats.excel_format("count", lang)] * 2


def test_whole_training_days_are_a_count(tmp_path):
    workbook = _write(tmp_path, "nl", tables=_tables(half_days=False))
    assert workbook["data_training"]["B2"].number_format == formats.excel_format("count", "nl")


def test_percent_format_per_language():
    assert formats.excel_format("percent", "nl") == '0"%"'
    assert formats.excel_format("percent", "fr") == '0" %"'
    assert formats.excel_fraction_format("fr", 1, signed=True) == '+0.0" "%;-0.0" "%;0.0" "%'
    assert formats.excel_format("count", "nl") == "#,##0"


def test_the_info_sheet_says_what_where_when_and_how_checked(tmp_path):
    info = about(2025, "fr", DAY, ["Source : SPF", "Données : 2025"], ["Chaque chiffre est contrôlé."],
                 ["Correction : le rapport imprimé indique 49 % ; la valeur correcte est 39 %."])
    rows = _rows(_write(tmp_path, "fr", info=info)["À propos"])
    assert rows[0][0] == "Chiffres 2025"
    # "Source | Source : SPF" would repeat the label: the value goes without it.
    assert rows[3:] == [["Année", "2025"], ["Langue", "Français"], ["Source", "SPF"],
                        ["Données", "2025"], ["Produit le", "2\u00a0mars 2026"],
                        ["Contrôle", "Chaque chiffre est contrôlé."],
                        ["Corrections", "Correction : le rapport imprimé indique 49 % ; la valeur correcte est 39 %."],
                        ["Feuilles", text("excel.info.sheets_text", "fr")],
                        ["Cellules vides", text("excel_layout.empty_cells_text", "fr")]]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    import zipfile

    labels_nl = _labels("nl")
    labels_nl["budget"] = ['=HYPERLINK("http://x","y")', "=1+1"]
    tables = _tables()
    tables["subsidies"]["beneficiary"] = ["=SUM(A1:A9)", "total"]
    labels_nl["subsidies"] = labels.RowLabels(["Bal", "Totaal"])        # the beneficiary's name from the table
    workbook = _write(tmp_path, "nl", tables=tables, row_labels=labels_nl)
    with zipfile.ZipFile(tmp_path / "tables-nl.xlsx") as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets), "a formula was written"
    assert [row[0] for row in _rows(workbook["Begroting"])[2:4]] == ['=HYPERLINK("http://x","y")',
                                                                       "Totaal van de verdeling van de kredieten"]
    assert _rows(workbook["Subsidies"])[2][0] == "=SUM(A1:A9)"
    assert _rows(workbook["data_subsidies"])[1:] == [["Bal", "=SUM(A1:A9)", 40000]]


# A subsidy that is new this year (no 2024 figure), and the subsidies' total of 2024: 30.000 (+10.000, +33,3 %).
NEW_SUBSIDY = pd.concat([CHANGES, pd.DataFrame([("subsidies", "Vzw A", "amount_eur", None, 40000, None, None),
                                                ("subsidies", "total", "amount_eur", 30000, 40000, 10000, 33.3)],
                                               columns=CHANGES.columns)], ignore_index=True)


def test_number_columns_hold_numbers_an_empty_cell_is_explained_on_its_row(tmp_path):
    tables = _tables()
    tables["meetings"] = pd.DataFrame({"body": ["ministerraad", "comite_a"], "meetings": [0, 9],
                                       "e_procedures": pd.array([16, pd.NA], dtype="Int64")})
    workbook = _write(tmp_path, "nl", tables=tables, changes=NEW_SUBSIDY)
    # No meeting is 0 (the report prints "/"); Comité A holds no e-procedures: empty, and said so.
    assert _rows(_sheet(workbook, "meetings", "nl"))[2:] == [["Ministerraad", 0, 16, None],
                                                             ["Comité A", 9, None, "E-procedure: niet van toepassing"]]
    # The new subsidy: no 2024 figure (the report prints "nieuw"), no change; the total's change in percent
    # is computed as usual; the age table's 30-40 has no 2024 figure in CHANGES at all: empty, no note.
    subsidies = _rows(_sheet(workbook, "subsidies", "nl"))
    assert subsidies[1][-1] == "Opmerking"
    assert subsidies[2] == ["Vereniging A", "Bal", 40000, None, None, None, "2024: geen cijfer (nieuw)"]
    assert subsidies[3] == ["Totaal", None, 40000, 30000, 10000, 0.333, None]
    for lang in LANGS:
        workbook = _write(tmp_path, lang, tables=tables, changes=NEW_SUBSIDY)
        for table in _tables():
            sheet = _sheet(workbook, table, lang)
            header = None
            for row in sheet.iter_rows():
                if row[0].font.sz == 12:                        # a table's caption: its header row follows
                    header = "next"
                elif header == "next":
                    header = [c.alignment.horizontal == "right" for c in row]      # not a label, nor the notes
                elif row[0].value is None and all(c.value is None for c in row):
                    header = None
                elif header:
                    found = [c.value for c, numeric in zip(row, header) if numeric]
                    assert all(v is None or isinstance(v, (int, float)) for v in found), (lang, table, found)


def test_no_change_is_zero_percent(tmp_path):
    changes = pd.DataFrame([("age_bands", "19-29", "staff", 3, 3, 0, 0.0)], columns=CHANGES.columns)
    ages = _rows(_sheet(_write(tmp_path, "nl", changes=changes), "age_bands", "nl"))
    assert ages[2] == ["19-29 jaar", 3, 0.75, 3, 0, 0]


def test_lines_counted_from_the_widths_of_arial():
    # By hand: "abcdefghij" is 4558/1000 em of Arial, at 10 pt with the 15 % margin 52.4 pt; a space 3.2 pt.
    # A column of width 70 has (7 * 70 + 5) * 0.75 - 4 = 367.25 pt: 6 words (333.7 pt) fit, 7 (389.3) do not.
    assert text_width("abcdefghij") == pytest.approx(52.417, abs=0.001)
    assert [lines_needed(" ".join(["abcdefghij"] * n), 70) for n in (1, 6, 7, 12, 13, 20)] == [1, 1, 2, 2, 3, 4]
    assert lines_needed("één\ntwee", 70) == 2                                  # a line break is a line
    assert lines_needed("x" * 200, 8) > 1                                       # a long word is cut


def test_rows_are_tall_enough_for_their_wrapped_text(tmp_path):
    long = " ".join(["abcdefghij"] * 20)                                        # 4 lines in column B (70)
    info = about(2025, "nl", DAY, ["Bron: FOD"], ["Gecontroleerd."], [long])
    workbook = _write(tmp_path, "nl", info=info)
    sheet = workbook[text("excel.sheet.info", "nl")]
    row = next(c.row for c in sheet["B"] if c.value == long)
    assert sheet.row_dimensions[row].height >= 4 * 12.75
    short = next(c.row for c in sheet["B"] if c.value == "Gecontroleerd.")
    assert sheet.row_dimensions[short].height is None                          # one line: the default height
    assert sheet.cell(row, 2).alignment.wrap_text
