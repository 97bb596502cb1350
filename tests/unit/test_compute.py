"""From validated workbooks to the clean inputs and the figure tables (CSV), checked by hand."""

import datetime as dt
import hashlib

import pandas as pd

from figures import reference
from figures.compute import clean_frames, compute_tables, read_clean, read_tables, write_outputs
from figures.registry import REGISTRY, Inputs

D = dt.date
TABLE_NAMES = tuple(REGISTRY.tables)
TABLE_FILES = {f"{name}.csv" for name in TABLE_NAMES}


def _compute(book, run_validation):
    validation = run_validation(book)
    assert validation.ok, [p.describe("en") for p in validation.problems]
    clean = clean_frames(validation)
    return clean, compute_tables(Inputs(clean, validation.reference))


def _written(book, run_validation, tmp_path):
    clean, tables = _compute(book, run_validation)
    processed = tmp_path / "processed"
    write_outputs(tables, clean, book.year, processed)
    return processed / str(book.year)


def _csv_lines(folder, name):
    return (folder / "tables" / f"{name}.csv").read_text(encoding="utf-8").splitlines()


def _rows(table):
    return [tuple(None if pd.isna(v) else v for v in row) for row in table.itertuples(index=False)]


# ---------------------------------------------------------------- clean frames

def test_clean_frames_hold_no_personal_data_and_no_extra_columns(book, run_validation):
    book.add_column("staff", "name", ["Ann", "Bob", "Cis", "Dirk", "Eva"])
    book.add_column("training", "manager", "Mr Boss", position=0)
    book.add_column("subsidies", "iban", "BE68539007547034")
    clean, _ = _compute(book, run_validation)
    assert list(clean["staff"].columns) == ["age", "gender", "level"]
    # Only what a figure uses: no course title (free text, it may hold a name), no dates, no job ids.
    assert list(clean["training"].columns) == ["participant", "course_id", "days"]
    assert list(clean["meetings"].columns) == ["body", "mode"]
    assert list(clean["translations"].columns) == ["source_lang", "target_lang", "text_type", "words"]
    # The optional names (German, the beneficiaries' own) are kept as columns, empty where the file has none.
    assert list(clean["budget"].columns) == ["group", "code", "label_nl", "label_fr", "label_de", "label_en",
                                             "amount_eur"]
    assert list(clean["subsidies"].columns) == ["beneficiary", "beneficiary_fr", "beneficiary_de", "beneficiary_en",
                                                "activity_nl", "activity_fr", "activity_de", "activity_en",
                                                "amount_eur"]
    everything = "\n".join(frame.to_csv() for frame in clean.values())
    for secret in ("S001", "S002", "S003", "1990-06-15", "Ann", "Mr Boss", "BE68539007547034", "Writing", "GDPR"):
        assert secret not in everything


def test_clean_staff_ages_and_participants(book, run_validation):
    clean, _ = _compute(book, run_validation)
    # Ages on 2025-12-31 of the tiny year (see conftest): S001 35, S002 45, S003 25, S004 60, S005 55,
    # in the order level, gender, age (A F, A M, B F, B M, C X), not the file's.
    assert clean["staff"][["level", "gender", "age"]].values.tolist() == [
        ["A", "F", 35], ["A", "M", 45], ["B", "F", 25], ["B", "M", 55], ["C", "X", 60]]
    # Trainees S001, S001, S002, S003: the same person gets the same number.
    participants = clean["training"]["participant"].tolist()
    assert participants[0] == participants[1]
    assert len(set(participants)) == 3


# ---------------------------------------------------------------- the tables of the tiny year

def test_tables_of_the_tiny_year(book, run_validation):
    _, tables = _compute(book, run_validation)
    assert set(tables) == set(TABLE_NAMES)
    assert _rows(tables["age_bands"]) == [("19-29", 1, 20), ("30-40", 1, 20), ("41-51", 1, 20), ("52-65", 2, 40)]
    assert _rows(tables["gender_by_level"]) == [("A", 1, 1, 0, 2), ("B", 1, 1, 0, 2), ("C", 0, 0, 1, 1),
                                                ("D", 0, 0, 0, 0), ("total", 2, 2, 1, 5)]
    assert _rows(tables["training"]) == [(5, 3, 3)]
    assert _rows(tables["meetings"]) == [
        ("ministerraad", 2, 1), ("overlegcomite", 1, 0), ("comite_a", 1, None), ("sectorcomite_i", 0, None),
        ("nvr", 0, 1), ("sciv", 0, 0), ("cciv", 0, None), ("cov", 1, None)]
    assert _rows(tables["translations_by_type"]) == [("legal", 1045), ("political", 2500), ("general", 300),
                                                     ("total", 3845)]
    assert _rows(tables["translations_by_pair"]) == [("nl", "fr", 1300), ("fr", "nl", 2500), ("de", "en", 45)]
    assert _rows(tables["budget"]) == [("chancellery", "CH01", 4639816), ("chancellery", "CH02", 0.1),
                                       ("services", "SV01", 0.2), ("services", "SV02", 1234.56)]
    assert _rows(tables["subsidies"]) == [("Vzw A", 0.1), ("Vzw B", 0.2), ("Vzw C", 1000.7), ("total", 1001.0)]


def test_trainees_who_left_are_counted(book, run_validation):
    book.set("training", 5, "staff_id", "S999")  # S003's place taken by someone no longer on staff
    book.add_row("training", ["S999", "C1", "Excel", D(2025, 6, 1), 1])
    _, tables = _compute(book, run_validation)
    # days 1 + 0.5 + 2 + 1.5 + 1 = 6; people S001, S002, S999; courses C1, C2, C3.
    assert _rows(tables["training"]) == [(6, 3, 3)]


def test_sources_without_rows_give_empty_tables_not_a_crash(book, run_validation, tmp_path):
    # A year without subsidies or translations, and no meetings at all.
    book.replace_rows("subsidies", []).replace_rows("translations", []).replace_rows("meetings", [])
    folder = _written(book, run_validation, tmp_path)
    assert _csv_lines(folder, "subsidies") == ["beneficiary,amount_eur", "total,0.00"]
    assert _csv_lines(folder, "translations_by_type") == ["text_type,words", "legal,0", "political,0", "general,0",
                                                          "total,0"]
    assert _csv_lines(folder, "translations_by_pair") == ["source_lang,target_lang,words"]
    assert _csv_lines(folder, "meetings")[1:] == [
        "ministerraad,0,0", "overlegcomite,0,0", "comite_a,0,", "sectorcomite_i,0,", "nvr,0,0", "sciv,0,0",
        "cciv,0,", "cov,0,"]


# ---------------------------------------------------------------- CSV format

def test_csv_files_and_format(book, run_validation, tmp_path):
    folder = _written(book, run_validation, tmp_path)
    assert {p.name for p in (folder / "tables").iterdir()} == TABLE_FILES
    assert _csv_lines(folder, "age_bands") == ["band,staff,percent", "19-29,1,20", "30-40,1,20", "41-51,1,20",
                                               "52-65,2,40"]
    assert _csv_lines(folder, "gender_by_level") == ["level,women,men,x,total", "A,1,1,0,2", "B,1,1,0,2",
                                                     "C,0,0,1,1", "D,0,0,0,0", "total,2,2,1,5"]
    assert _csv_lines(folder, "training") == ["training_days,staff_trained,training_types", "5,3,3"]
    # Not applicable: an empty cell. A zero count: 0.
    assert _csv_lines(folder, "meetings") == [
        "body,meetings,e_procedures", "ministerraad,2,1", "overlegcomite,1,0", "comite_a,1,", "sectorcomite_i,0,",
        "nvr,0,1", "sciv,0,0", "cciv,0,", "cov,1,"]
    assert _csv_lines(folder, "translations_by_type") == ["text_type,words", "legal,1045", "political,2500",
                                                          "general,300", "total,3845"]
    assert _csv_lines(folder, "translations_by_pair") == ["source_lang,target_lang,words", "nl,fr,1300",
                                                          "fr,nl,2500", "de,en,45"]
    # Money keeps its cents, with a point and no thousands separator.
    assert _csv_lines(folder, "budget") == ["group,code,amount_eur", "chancellery,CH01,4639816.00",
                                            "chancellery,CH02,0.10", "services,SV01,0.20", "services,SV02,1234.56"]
    assert _csv_lines(folder, "subsidies") == ["beneficiary,amount_eur", "Vzw A,0.10", "Vzw B,0.20", "Vzw C,1000.70",
                                               "total,1001.00"]


def test_csv_is_utf8_and_quotes_commas(book, run_validation, tmp_path):
    book.set("subsidies", 2, "beneficiary", "Koning Boudewijnstichting – Prins Filipfonds, vzw")
    folder = _written(book, run_validation, tmp_path)
    raw = (folder / "tables" / "subsidies.csv").read_bytes()
    assert '"Koning Boudewijnstichting – Prins Filipfonds, vzw",0.10'.encode("utf-8") in raw


def test_half_training_days_are_written_with_their_half(book, run_validation, tmp_path):
    book.set("training", 2, "days", 1.5)  # 1.5 + 0.5 + 2 + 1.5 = 5.5
    folder = _written(book, run_validation, tmp_path)
    assert _csv_lines(folder, "training")[1] == "5.5,3,3"


def test_written_tables_read_back_equal(book, run_validation, tmp_path):
    _, tables = _compute(book, run_validation)
    folder = _written(book, run_validation, tmp_path)
    back = read_tables(2025, folder.parent)
    for name in TABLE_NAMES:
        assert _rows(back[name]) == _rows(tables[name]), name


def test_outputs_hold_no_personal_data(book, run_validation, tmp_path):
    book.add_column("staff", "full_name", ["Ann Peeters", "Bob Janssens", "Cis", "Dirk", "Eva"], position=2)
    folder = _written(book, run_validation, tmp_path)
    for path in (folder / "tables").iterdir():
        text = path.read_text(encoding="utf-8")
        for secret in ("S001", "S005", "1990", "Ann Peeters", "staff_id", "birth_date"):
            assert secret not in text, (path.name, secret)
    clean = read_clean(2025, folder.parent)
    assert list(clean["staff"].columns) == ["age", "gender", "level"]
    assert "staff_id" not in clean["training"].columns
    for frame in clean.values():
        text = frame.to_csv()
        assert "S001" not in text and "Ann Peeters" not in text and "1990-06-15" not in text


def test_raw_files_are_never_modified(book, raw_dir, tmp_path):
    from figures.validate import validate_year

    folder = book.write(raw_dir)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    validation = validate_year(2025, raw_dir)
    clean = clean_frames(validation)
    write_outputs(compute_tables(Inputs(clean, reference.load(2025))), clean, 2025, tmp_path / "processed")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert before == after


# ---------------------------------------------------------------- a messy but valid year

def test_messy_valid_year_computes_correct_tables(book, run_validation, tmp_path):
    book.map_headers(lambda h: f"  {h.title()} ")               # "  Staff_Id ", "  Birth_Date ", ...
    book.upper_headers("budget")
    for source, header, value in [("staff", "Name", "someone"), ("training", "room", "B.12"),
                                  ("meetings", "chair", "PM"), ("translations", "translator", "J. Smith"),
                                  ("budget", "Remark", "ok"), ("subsidies", "decision", "KB 12/03")]:
        book.add_column(source, header, value, position=1)
        book.add_sheet(source, "Notes", [["how to fill in"], ["one row per item"]])
        book.trailing_empty_rows(source, 2)
    # Ages on band edges on 2025-12-31: 19, 29, 30, 40, 41, 51, 52, 65, 65.
    book.replace_rows("staff", [
        ["P1", "someone", D(2006, 12, 31), "F", "A"],   # 19, birthday on the reference date
        ["P2", "someone", D(1996, 1, 1), "M", "A"],     # 29
        ["P3", "someone", D(1995, 12, 31), "X", "B"],   # 30
        ["P4", "someone", D(1985, 1, 1), "F", "B"],     # 40
        ["P5", "someone", D(1984, 12, 31), "F", "B"],   # 41
        ["P6", "someone", D(1974, 1, 1), "M", "D"],     # 51
        ["P7", "someone", D(1973, 12, 31), "F", "D"],   # 52
        ["P8", "someone", D(1960, 1, 1), "M", "D"],     # 65
        ["P9", "someone", D(1960, 2, 29), "X", "D"],     # 65, born on 29 February
    ])
    book.set("training", 2, "staff_id", "P1").set("training", 3, "staff_id", "P1")
    book.set("training", 4, "staff_id", "P2").set("training", 5, "staff_id", "P9")
    clean, tables = _compute(book, run_validation)
    # 2, 2, 2, 3 of 9: 22.22, 22.22, 22.22, 33.33 -> floors 22, 22, 22, 33 = 99; the
    # missing point goes to the largest remainder, .33 of 52-65 (.22 for the others).
    assert _rows(tables["age_bands"]) == [("19-29", 2, 22), ("30-40", 2, 22), ("41-51", 2, 22), ("52-65", 3, 34)]
    assert _rows(tables["gender_by_level"]) == [("A", 1, 1, 0, 2), ("B", 2, 0, 1, 3), ("C", 0, 0, 0, 0),
                                                ("D", 1, 2, 1, 4), ("total", 4, 3, 2, 9)]
    assert _rows(tables["training"]) == [(5, 3, 3)]
    assert _rows(tables["translations_by_type"])[-1] == ("total", 3845)
    assert _rows(tables["budget"])[-1] == ("services", "SV02", 1234.56)
    assert _rows(tables["subsidies"])[-1] == ("total", 1001.0)
    everything = "\n".join(t.to_csv() for t in tables.values()) + "\n".join(c.to_csv() for c in clean.values())
    for extra in ("someone", "B.12", "J. Smith", "KB 12/03", "P1", "Remark"):
        assert extra not in everything
