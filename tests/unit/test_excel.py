"""The Excel workbook (render/excel.py) of tiny hand-built tables.

One sheet per table, named by the catalogue (`excel.sheet.<table>`); the
values of the table as they are, after a label column for tables whose codes
need a name; a bold frozen header row; number formats of the language
(`i18n.formats.excel_format`, from the language's Babel patterns): money with cents only when a column has cents, days with a
decimal only when there are halves; "not applicable" as an empty cell.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from figures import labels
from figures.i18n import formats, text
from figures.render.excel import write_workbook

LANGS = ("nl", "fr", "en")


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
        "subsidies": ["Bal", labels.total(lang)],
    }


def _write(tmp_path, lang: str, **kwargs):
    target = tmp_path / f"tables-{lang}.xlsx"
    write_workbook(_tables(**kwargs), _labels(lang), 2025, lang, target)
    return load_workbook(target)


def _sheet(workbook, table: str, lang: str):
    return workbook[text(f"excel.sheet.{table}", lang)]


def _column(sheet, header: str) -> list:
    """The data cells of the column headed `header`."""
    headers = [c.value for c in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("lang", LANGS)
def test_one_sheet_per_table_named_by_the_catalogue_in_order(tmp_path, lang):
    workbook = _write(tmp_path, lang)
    assert workbook.sheetnames == [text(f"excel.sheet.{t}", lang) for t in _tables()]
    assert workbook.properties.title == text("report.title", lang, year=2025)


def test_dutch_sheet_names():
    assert [text(f"excel.sheet.{t}", "nl") for t in ("age_bands", "meetings", "budget")] == \
        ["Leeftijd", "Vergaderingen", "Begroting"]


@pytest.mark.parametrize("lang", LANGS)
def test_header_bold_and_frozen_on_every_sheet(tmp_path, lang):
    workbook = _write(tmp_path, lang)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(c.font.bold for c in sheet[1]), sheet.title
        assert not any(c.font.bold for row in sheet.iter_rows(min_row=2) for c in row), sheet.title


def test_values_as_in_the_tables_after_the_label_column(tmp_path):
    workbook = _write(tmp_path, "nl")
    rows = lambda table: [list(r) for r in _sheet(workbook, table, "nl").iter_rows(values_only=True)]
    assert rows("age_bands") == [["Omschrijving", "Leeftijdsklasse", "Aantal personen", "Percentage"],
                                 ["19-29 jaar", "19-29", 3, 75], ["30-40 jaar", "30-40", 1, 25]]
    assert rows("meetings") == [["Omschrijving", "Orgaan (code)", "Vergaderingen", "E-procedures"],
                                ["Ministerraad", "ministerraad", 44, 16], ["Comité A", "comite_a", 9, None]]
    assert rows("gender_by_level")[1:] == [["Niveau A", "A", 1, 0, 0, 1], ["Niveau B", "B", 2, 1, 0, 3],
                                           ["Totaal", "total", 3, 1, 0, 4]]
    assert rows("translations_by_type")[1:] == [["Juridisch", "legal", 1045], ["Totaal", "total", 1045]]
    assert rows("translations_by_pair")[1:] == [["Nederlands → Frans", "nl", "fr", 1045]]
    assert rows("budget")[1:] == [["Beleidsorganen", "chancellery", "CH01", 4639816],
                                  ["Dienst een", "services", "SV01", 1234.56]]
    assert rows("subsidies")[1:] == [["Bal", "Vzw A", 40000], ["Totaal", "total", 40000]]
    assert rows("training") == [["Opleidingsdagen", "Opgeleide medewerkers", "Opleidingen (type)"], [5.5, 3, 2]]


@pytest.mark.parametrize("lang", LANGS)
def test_not_applicable_e_procedures_is_an_empty_cell(tmp_path, lang):
    workbook = _write(tmp_path, lang)
    cells = _column(_sheet(workbook, "meetings", lang), text("excel_column.e_procedures", lang))
    assert [c.value for c in cells] == [16, None]


def test_nan_from_a_csv_is_an_empty_cell_too(tmp_path):
    tables = _tables()
    tables["meetings"]["e_procedures"] = [16.0, float("nan")]  # as pandas reads the CSV
    write_workbook(tables, _labels("nl"), 2025, "nl", tmp_path / "t.xlsx")
    cells = _column(load_workbook(tmp_path / "t.xlsx")["Vergaderingen"], "E-procedures")
    assert [c.value for c in cells] == [16, None]


@pytest.mark.parametrize("lang", LANGS)
def test_money_with_cents_gets_the_cents_format(tmp_path, lang):
    workbook = _write(tmp_path, lang, cents=True)
    amounts = _column(_sheet(workbook, "budget", lang), text("excel_column.amount_eur", lang))
    assert {c.number_format for c in amounts} == {formats.excel_format("money_cents", lang)}
    whole = _column(_sheet(workbook, "subsidies", lang), text("excel_column.amount_eur", lang))
    assert {c.number_format for c in whole} == {formats.excel_format("money", lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_whole_money_gets_the_money_format(tmp_path, lang):
    workbook = _write(tmp_path, lang, cents=False)
    amounts = _column(_sheet(workbook, "budget", lang), text("excel_column.amount_eur", lang))
    assert {c.number_format for c in amounts} == {formats.excel_format("money", lang)}


def test_money_formats_written_out_per_language(tmp_path):
    """The formats, as a reader of each language expects them."""
    expected = {"nl": ('#,##0 "€"', '#,##0.00 "€"'), "fr": ('#,##0 "€"', '#,##0.00 "€"'),
                "en": ('"€"#,##0', '"€"#,##0.00')}
    for lang, (whole, cents) in expected.items():
        workbook = _write(tmp_path, lang, cents=True)
        budget = _column(_sheet(workbook, "budget", lang), text("excel_column.amount_eur", lang))
        subsidies = _column(_sheet(workbook, "subsidies", lang), text("excel_column.amount_eur", lang))
        assert {c.number_format for c in budget} == {cents}, lang
        assert {c.number_format for c in subsidies} == {whole}, lang


@pytest.mark.parametrize("lang", LANGS)
def test_counts_percent_and_days_formats(tmp_path, lang):
    workbook = _write(tmp_path, lang, half_days=True)
    ages = _sheet(workbook, "age_bands", lang)
    assert {c.number_format for c in _column(ages, text("excel_column.staff", lang))} == \
        {formats.excel_format("count", lang)}
    assert {c.number_format for c in _column(ages, text("excel_column.percent", lang))} == \
        {formats.excel_format("percent", lang)}
    training = _sheet(workbook, "training", lang)
    assert [c.number_format for c in training[2]] == [formats.excel_format("days", lang)] + \
        [formats.excel_format("count", lang)] * 2
    words = _column(_sheet(workbook, "translations_by_type", lang), text("excel_column.words", lang))
    assert {c.number_format for c in words} == {formats.excel_format("count", lang)}
    # Codes and labels keep the General format.
    assert {c.number_format for c in _column(ages, text("excel_column.band", lang))} == {"General"}


def test_whole_training_days_are_a_count(tmp_path):
    workbook = _write(tmp_path, "nl", half_days=False)
    assert _sheet(workbook, "training", "nl")["A2"].number_format == formats.excel_format("count", "nl")


def test_percent_format_per_language():
    assert formats.excel_format("percent", "nl") == '0"%"'
    assert formats.excel_format("percent", "fr") == '0" %"'
    assert formats.excel_format("count", "nl") == "#,##0"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    import zipfile

    labels_nl = _labels("nl")
    labels_nl["budget"] = ['=HYPERLINK("http://x","y")', "=1+1"]
    tables = _tables()
    tables["subsidies"]["beneficiary"] = ["=SUM(A1:A9)", "total"]
    target = tmp_path / "t.xlsx"
    write_workbook(tables, labels_nl, 2025, "nl", target)
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in xml or "<f " in xml for xml in sheets), "a formula was written"
    workbook = load_workbook(target)
    budget = [row[0] for row in workbook["Begroting"].iter_rows(min_row=2, values_only=True)]
    assert budget == ['=HYPERLINK("http://x","y")', "=1+1"]
    assert [row[1] for row in workbook["Subsidies"].iter_rows(min_row=2, values_only=True)] == ["=SUM(A1:A9)", "total"]
