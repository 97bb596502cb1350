"""Input templates for a new year (`figures new-year`): instructions, drop-down lists and bounds from the
registry, never an overwrite, and filled in as a clerk would, valid."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from figures import templates
from figures.registry import REGISTRY
from figures.validate import validate_year


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    raw = tmp_path_factory.mktemp("templates") / "raw"
    return raw, templates.write_templates(2026, raw)


def _validations(sheet) -> dict[str, object]:
    """The data validation of each column letter of the data sheet."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in str(validation.sqref).split():
            found[cell_range.split(":")[0].rstrip("0123456789")] = validation
    return found


def test_one_workbook_per_source_with_instructions_first(written):
    raw, paths = written
    assert sorted(p.name for p in paths) == sorted(s.file_name for s in REGISTRY.sources.values())
    for source in REGISTRY.sources.values():
        workbook = load_workbook(raw / "2026" / source.file_name)
        assert workbook.sheetnames[0] == "instructies - instructions"
        assert source.sheet in workbook.sheetnames
        data = workbook[source.sheet]
        assert [c.value for c in data[1]] == source.column_names
        assert data.freeze_panes == "A2"
        instructions = "\n".join(str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row if c.value)
        assert "hoe in te vullen (2026)" in instructions and "comment le remplir (2026)" in instructions
        for column in source.columns:
            assert column.name in instructions


def test_codes_are_drop_down_lists_and_numbers_and_dates_are_bounded(written):
    raw, _ = written
    staff = load_workbook(raw / "2026" / "staff.xlsx")
    checks = _validations(staff["staff"])
    lists = staff["lists"]
    assert lists.sheet_state == "hidden"
    gender = checks["C"]
    assert gender.type == "list" and gender.formula1.startswith("lists!$")
    column = gender.formula1.split("!$")[1].split("$")[0]
    assert [lists[f"{column}{n}"].value for n in (1, 2, 3)] == ["F", "M", "X"]
    assert checks["B"].type == "date"                           # a birth date, any date
    training = _validations(load_workbook(raw / "2026" / "training.xlsx")["training"])
    assert (training["D"].type, training["D"].operator) == ("date", "between")
    assert (training["D"].formula1, training["D"].formula2) == ("DATE(2026,1,1)", "DATE(2026,12,31)")
    assert (training["E"].type, training["E"].operator, training["E"].formula2) == ("decimal", "between", "60")
    words = _validations(load_workbook(raw / "2026" / "translations.xlsx")["translations"])["F"]
    assert (words.type, words.operator, words.formula1) == ("whole", "between", "1")
    meetings = load_workbook(raw / "2026" / "meetings.xlsx")
    body = _validations(meetings["meetings"])["A"].formula1.split("!$")[1].split("$")[0]
    assert [c.value for c in meetings["lists"][body] if c.value] == [
        "ministerraad", "overlegcomite", "comite_a", "sectorcomite_i", "nvr", "sciv", "cciv", "cov"]
    assert all(v.showErrorMessage and v.error for v in checks.values())


def test_filled_in_as_a_clerk_would_the_year_is_valid(book, tmp_path):
    # The tiny test year's rows, typed into the templates of 2026 (dates moved to 2026).
    raw = tmp_path / "raw"
    templates.write_templates(2026, raw)
    for name, spec in book.data.items():
        path = raw / "2026" / f"{name}.xlsx"
        workbook = load_workbook(path)
        sheet = workbook[name]
        columns = [cell.value for cell in sheet[1]]       # the template's order; the fixture has fewer columns
        for row in spec["rows"]:
            typed = dict(zip(spec["header"], row))
            sheet.append([value.replace(year=2026) if isinstance(value, dt.date) and name != "staff" else value
                          for value in (typed.get(column) for column in columns)])
        workbook.save(path)
    validation = validate_year(2026, raw)
    assert validation.ok, [p.describe("en") for p in validation.errors]


def test_an_existing_workbook_is_never_overwritten(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2026").mkdir(parents=True)
    (raw / "2026" / "Budget.xlsx").write_bytes(b"the service's own file")
    with pytest.raises(templates.TemplateExists) as raised:
        templates.write_templates(2026, raw)
    assert raised.value.path.name == "Budget.xlsx"
    assert sorted(p.name for p in (raw / "2026").iterdir()) == ["Budget.xlsx"]     # nothing else written
    assert (raw / "2026" / "Budget.xlsx").read_bytes() == b"the service's own file"


def test_from_the_previous_year_budget_lines_and_beneficiaries_are_filled_in(book, raw_dir):
    book.write(raw_dir)                                            # the tiny year, 2025
    templates.write_templates(2026, raw_dir, previous=2025)
    sheet = load_workbook(raw_dir / "2026" / "budget.xlsx")["budget"]
    amount = [cell.value for cell in sheet[1]].index("amount_eur")
    budget = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r[:3] for r in budget] == [["chancellery", "CH01", "Beleidsorganen"],
                                       ["chancellery", "CH02", "Staatssecretarissen"],
                                       ["services", "SV01", "Dienst een"], ["services", "SV02", "Dienst twee"]]
    assert all(r[amount] is None for r in budget)                       # the amounts are the new year's to type
    subsidies = load_workbook(raw_dir / "2026" / "subsidies.xlsx")["subsidies"]
    assert [r[0] for r in subsidies.iter_rows(min_row=2, values_only=True)] == ["Vzw A", "Vzw B", "Vzw C"]
    staff = load_workbook(raw_dir / "2026" / "staff.xlsx")["staff"]
    assert staff.max_row == 1                                      # people are not carried over


def test_templates_are_the_same_bytes_every_time(tmp_path):
    first, second = (templates.write_templates(2026, tmp_path / name) for name in ("a", "b"))
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


# ---------------------------------------------------------------- what a clerk reads

def _instructions_text(path) -> str:
    return "\n".join(str(c.value) for row in load_workbook(path).worksheets[0].iter_rows() for c in row if c.value)


def _reference_with(tmp_path, contact_yaml: str | None):
    import shutil
    from pathlib import Path

    folder = tmp_path / "reference"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "reference", folder,
                    ignore=shutil.ignore_patterns("published", "contact.yaml"))
    if contact_yaml is not None:
        (folder / "contact.yaml").write_text(contact_yaml, encoding="utf-8")
    return folder


def test_the_instructions_say_whom_to_send_the_workbook_to(tmp_path):
    reference = _reference_with(tmp_path, 'contact: "Stafdienst Communicatie, jaarverslag@example.be"\n')
    paths = templates.write_templates(2026, tmp_path / "raw", reference_dir=reference)
    for path in paths:
        instructions = _instructions_text(path)
        assert "Stuur deze werkmap, als het blad ingevuld is, naar Stafdienst Communicatie, " \
               "jaarverslag@example.be." in instructions
        assert "Une fois la feuille remplie, envoyez ce classeur à Stafdienst Communicatie, " \
               "jaarverslag@example.be." in instructions
        assert "figures validate" not in instructions           # a clerk does not run the tool


def test_a_contact_per_language(tmp_path):
    reference = _reference_with(tmp_path, "contact:\n  nl: de Stafdienst Communicatie\n"
                                          "  fr: le service d'encadrement Communication\n")
    path = templates.write_templates(2026, tmp_path / "raw", reference_dir=reference)[0]
    instructions = _instructions_text(path)
    assert "naar de Stafdienst Communicatie." in instructions
    assert "envoyez ce classeur à le service d'encadrement Communication." in instructions


@pytest.mark.parametrize("contact_yaml", [None, "contact:\n", 'contact: ""\n'])
def test_without_a_contact_the_instructions_say_nothing_of_it(contact_yaml, tmp_path):
    reference = _reference_with(tmp_path, contact_yaml)
    for path in templates.write_templates(2026, tmp_path / "raw", reference_dir=reference):
        instructions = _instructions_text(path)
        assert "figures validate" not in instructions
        assert "Stuur deze werkmap" not in instructions and "envoyez ce classeur" not in instructions


def test_drop_down_error_boxes_fit_excel_s_limits(written):
    # Excel refuses a data validation whose error title is longer than 32 characters or its message longer
    # than 255 (and the prompt, were there one, has the same limits).
    raw, paths = written
    for path in paths:
        for validation in load_workbook(path).worksheets[1].data_validations.dataValidation:
            assert validation.errorTitle == "Ongeldig / Non valide"
            assert len(validation.error) <= 255, (path.name, validation.sqref, validation.error)
            assert validation.promptTitle is None and validation.prompt is None


def test_a_message_too_long_for_the_box_keeps_both_languages_cut_at_a_word():
    nl = "een van de waarden " + ", ".join(f"code{n}" for n in range(30))
    fr = "l'une des valeurs " + ", ".join(f"code{n}" for n in range(30))
    shown = templates.fitted((nl, fr), 255)
    assert len(shown) <= 255
    first, second = shown.split(" / ")
    assert first.startswith("een van de waarden code0, code1") and first.endswith("…")
    assert second.startswith("l'une des valeurs code0, code1") and second.endswith("…")
    assert templates.fitted(("Ongeldig", "Non valide"), 32) == "Ongeldig / Non valide"
