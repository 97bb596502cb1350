"""Year on year: every figure of every year, the changes from the year before, series breaks, swings and
trends, with the expected values worked out by hand in each test."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from figures import history, pipeline, plausibility
from figures.chapters import trends
from figures.notebook import Report

D = dt.date


def _earlier(book, year: int):
    """The tiny year moved to `year`: S005 (55, M, level B) gone, T4 (45 words) gone, CH01 at 4 000 000."""
    book.moved_to(year)
    book.data["staff"]["rows"] = book.data["staff"]["rows"][:-1]
    book.data["translations"]["rows"] = book.data["translations"]["rows"][:-1]
    book.set("budget", 2, "amount_eur", 4_000_000)
    return book


@pytest.fixture
def two_years(book, year_book, raw_dir, tmp_path):
    year_book().write(raw_dir)                        # 2025: the tiny year
    _earlier(book, 2024).write(raw_dir)              # 2024
    folders = pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed", published=tmp_path / "published")
    return folders, pipeline.prepare(2025, folders)


def _change(changes, table, row, column):
    found = changes[(changes["table"] == table) & (changes["row"] == row) & (changes["column"] == column)]
    assert len(found) == 1, (table, row, column)
    return tuple(None if pd.isna(v) else v for v in found.iloc[0][["previous", "value", "change", "change_pct"]])


def test_changes_worked_out_by_hand(two_years):
    _, prepared = two_years
    changes = prepared.changes
    assert prepared.previous_year == 2024
    # Headcount 4 -> 5: +1, +25 %.
    assert _change(changes, "gender_by_level", "total", "total") == (4, 5, 1, 25.0)
    # Level B: F S003 and M S005 in 2025, S003 alone in 2024: 1 -> 2, +100 %.
    assert _change(changes, "gender_by_level", "B", "total") == (1, 2, 1, 100.0)
    # 4 000 000 -> 4 639 816 euro: +639 816, 639 816 / 4 000 000 = 15.99 %.
    assert _change(changes, "budget", "CH01", "amount_eur") == (4_000_000, 4_639_816, 639_816, 16.0)
    # Words 3 800 -> 3 845: +45, 1.18 %.
    assert _change(changes, "translations_by_type", "total", "words") == (3800, 3845, 45, 1.2)
    # A percentage changes in points, never in percent: 25 % -> 20 % of staff aged 19-29 (1 of 4, 1 of 5).
    assert _change(changes, "age_bands", "19-29", "percent") == (25, 20, -5, None)
    # From 0 no percentage: sectorcomite_i held no meetings either year.
    assert _change(changes, "meetings", "sectorcomite_i", "meetings") == (0, 0, 0, None)


def test_changes_are_written_with_the_tables(two_years):
    folders, _ = two_years
    written = pd.read_csv(folders.processed / "2025" / "tables" / "changes.csv")
    assert list(written.columns) == ["table", "row", "column", "previous", "value", "change", "change_pct"]
    loaded = pipeline.load(2025, folders)
    assert _change(loaded.changes, "budget", "CH01", "amount_eur") == (4_000_000, 4_639_816, 639_816, 16.0)


def test_a_series_break_shows_no_change(book, year_book, raw_dir, tmp_path):
    current = year_book()
    current.add_row("budget", ["services", "SV03", "Nieuwe dienst", "Nouveau service", None, 500])    # added in 2025
    current.write(raw_dir)
    earlier = _earlier(book, 2024)
    earlier.replace_rows("budget", [r for r in earlier.data["budget"]["rows"] if r[1] != "SV02"])      # SV02 is new
    earlier.add_row("budget", ["services", "SV09", "Vertrokken dienst", "Service parti", None, 700])  # left in 2025
    earlier.write(raw_dir)
    folders = pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed", published=tmp_path / "none")
    changes = pipeline.prepare(2025, folders).changes
    assert _change(changes, "budget", "SV03", "amount_eur") == (None, 500, None, None)
    assert _change(changes, "budget", "SV09", "amount_eur") == (700, None, None, None)


def test_a_change_of_age_bands_still_compares_the_total(two_years, tmp_path):
    folders, _ = two_years
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "age_bands.yaml").write_text(
        "default:\n  - {from: 19, to: 29}\n  - {from: 30, to: 40}\n  - {from: 41, to: 51}\n  - {from: 52, to: 65}\n"
        "years:\n  2024:\n    - {from: 19, to: 39}\n    - {from: 40, to: 65}\n", encoding="utf-8")
    import shutil

    shutil.copy(pipeline.Folders().reference / "bodies.yaml", reference / "bodies.yaml")
    folders = pipeline.Folders(raw=folders.raw, processed=tmp_path / "p2", published=folders.published,
                               reference=reference)
    changes = pipeline.prepare(2025, folders).changes
    # No band is drawn the same in both years: no band is compared; the headcount is, 4 -> 5.
    for band in ("19-29", "30-40", "41-51", "52-65"):
        assert _change(changes, "age_bands", band, "staff")[0] is None
    assert _change(changes, "age_bands", "19-39", "staff") == (2, None, None, None)     # 24 and 34
    assert _change(changes, "age_bands", "total", "staff") == (4, 5, 1, 25.0)
    assert _change(changes, "gender_by_level", "total", "total") == (4, 5, 1, 25.0)     # the rest is compared


def test_staff_past_the_last_band_keep_the_comparison_of_the_shared_bands_and_the_total(book, year_book, raw_dir,
                                                                                     tmp_path):
    from figures import present
    from figures.chapters import staff

    current = year_book()
    current.set("staff", 6, "birth_date", D(1959, 6, 1))     # S005 is 66 on 2025-12-31: in no configured band
    current.write(raw_dir)
    _earlier(book, 2024).write(raw_dir)                     # 2024: 24, 34, 44 and 59, one in each band
    folders = pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed", published=tmp_path / "none")
    prepared = pipeline.prepare(2025, folders)
    # 2025: 25, 35, 45, 60 and 66: one in each band and one in the band added for them, 66+.
    assert prepared.tables["age_bands"]["band"].tolist() == ["19-29", "30-40", "41-51", "52-65", "66+"]
    assert prepared.tables["age_bands"]["staff"].tolist() == [1, 1, 1, 1, 1]
    changes = prepared.changes
    for band in ("19-29", "30-40", "41-51", "52-65"):
        assert _change(changes, "age_bands", band, "staff") == (1, 1, 0, 0.0)
    assert _change(changes, "age_bands", "66+", "staff") == (None, 1, None, None)
    assert _change(changes, "age_bands", "total", "staff") == (4, 5, 1, 25.0)
    # The reader's table: the year before beside each shared band and the total, "new" beside 66+.
    table = prepared.tables["age_bands"]
    html = str(staff.age_bands_table(table, [f"{b} years" for b in table["band"]], "en",
                                     comparison=present.Comparison(changes, 2024, "en")))
    assert "2024" in html and "66+ years" in html and ">new<" in html
    assert "+25.0" in html                                     # the total: 4 -> 5


def test_a_published_only_previous_year_with_its_erratum_applied(book, year_book, raw_dir, tmp_path):
    year_book().write(raw_dir)
    published = tmp_path / "published"
    published.mkdir()
    (published / "2024.yaml").write_text(
        "year: 2024\nsource: test\ntables:\n"
        "  gender_by_level:\n    key: level\n    rows:\n      - {level: total, total: 4}\n"
        "  age_bands:\n    key: band\n    rows:\n      - {band: 19-29, staff: 1, percent: 25}\n"
        "      - {band: 30-40, staff: 1, percent: 25}\n      - {band: 41-51, staff: 1, percent: 25}\n"
        "      - {band: 52-65, staff: 1, percent: 35}\n      - {band: total, staff: 4, percent: 110}\n"
        "  translations_by_type:\n    key: text_type\n"
        "    rows:\n      - {text_type: total, words: {printed: bijna 4000, at_least: 3500, below: 4000}}\n"
        "errata:\n  - {table: age_bands, row: 52-65, column: percent, printed: 35, correct: 25, note: {en: x}}\n"
        "  - {table: age_bands, row: total, column: percent, printed: 110, correct: 100, note: {en: x}}\n",
        encoding="utf-8")
    folders = pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed", published=published)
    prepared = pipeline.prepare(2025, folders)
    assert set(prepared.history.loc[prepared.history["year"] == 2024, "source"]) == {"published"}
    assert _change(prepared.changes, "gender_by_level", "total", "total") == (4, 5, 1, 25.0)
    # The printed 35 % corrected to 25 % (1 of 4); 2 of 5 in 2025 is 40 %: +15 points.
    assert _change(prepared.changes, "age_bands", "52-65", "percent") == (25, 40, 15, None)
    # A figure printed in words has no value to compare with.
    assert _change(prepared.changes, "translations_by_type", "total", "words") == (None, 3845, None, None)


def test_no_year_before_no_changes(book, raw_dir, tmp_path):
    book.write(raw_dir)
    prepared = pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "p",
                                                       published=tmp_path / "none"))
    assert prepared.changes is None and prepared.previous_year is None
    assert not (tmp_path / "p" / "2025" / "tables" / "changes.csv").exists()


# ---------------------------------------------------------------- swings

def _changes(rows):
    return pd.DataFrame(rows, columns=["table", "row", "column", "previous", "value", "change", "change_pct"])


@pytest.mark.parametrize("table, row, column, previous, value, flagged", [
    ("age_bands", "total", "staff", 121, 62, True),          # headcount -48.8 % (threshold 15)
    ("age_bands", "total", "staff", 121, 105, False),        # -13.2 %
    ("age_bands", "total", "staff", 100, 116, True),         # +16 %
    ("gender_by_level", "A", "total", 50, 66, True),          # a level +32 % (threshold 30)
    ("gender_by_level", "A", "total", 50, 64, False),         # +28 %
    ("training", "", "training_days", 400, 190, True),        # -52.5 % (threshold 50)
    ("training", "", "training_days", 400, 210, False),       # -47.5 %
    ("budget", "CH07", "amount_eur", 1_000_000, 1_410_000, True),   # +41 % (threshold 40)
    ("budget", "CH07", "amount_eur", 1_000_000, 1_390_000, False),  # +39 %
    ("translations_by_type", "total", "words", 1_000_000, 490_000, True),   # -51 % (threshold 50)
    ("translations_by_type", "total", "words", 1_000_000, 510_000, False),  # -49 %
    ("meetings", "ministerraad", "meetings", 44, 17, True),   # -61.4 % (threshold 60)
    ("meetings", "ministerraad", "meetings", 44, 18, False),  # -59.1 %
    ("meetings", "sectorcomite_i", "meetings", 2, 9, False),  # below the 10 a percentage needs
    ("age_bands", "52-65", "staff", 47, 10, False),           # a band is not checked, only the headcount
])
def test_a_swing_above_its_threshold_is_a_warning(table, row, column, previous, value, flagged):
    found = plausibility.swings(2025, _changes([(table, row, column, previous, value, value - previous, None)]))
    assert bool(found) == flagged
    if flagged:
        line = found[0].describe("en")
        direction = "rose" if value > previous else "fell"
        assert f"{direction} from {previous:,} in 2024 to {value:,} in 2025" in line.replace("€", "")
        # A fall asks whether the workbook is complete; a rise asks for a row twice or a mistyped value.
        assert ("complete" in line) == (value < previous) and ("twice" in line) == (value > previous)
        assert found[0].severity == "warning"


def _plain(line: str) -> str:
    return line.replace("\u202f", " ").replace("\u00a0", " ")


# The swings of tests/conftest.py's `write_swing_years`, worked out there by hand, in words written by hand from
# the catalogues: the budget line's label from the data (label_nl, label_fr), the text type's from the
# catalogue; numbers as each language writes them.
SWINGS = {
    "nl": ["budget.xlsx: Begroting, Beleidsorganen: gestegen van 2.000.000 € in 2024 tot 4.639.816 € in 2025 "
           "(+132,0%); verwacht: een stijging van hoogstens 40% ten opzichte van het jaar ervoor: staat er in "
           "budget.xlsx een rij dubbel, of een verkeerd getypte waarde (een cijfer te veel)? Zo niet, dan is de "
           "stijging echt en hoeft er niets te veranderen",
           "translations.xlsx: Vertaalde woorden per teksttype, Juridisch: gedaald van 20.900 in 2024 tot 1.045 "
           "in 2025 (−95,0%); verwacht: een daling van hoogstens 50% ten opzichte van het jaar ervoor: is "
           "translations.xlsx volledig, elke rij tot het einde van het jaar? Zo ja, dan is de daling echt en "
           "hoeft er niets te veranderen"],
    "fr": ["budget.xlsx : Budget, Organes stratégiques : en hausse, de 2 000 000 € en 2024 à 4 639 816 € en 2025 "
           "(+132,0 %) ; attendu : une hausse d’au plus 40 % par rapport à l’année précédente : budget.xlsx "
           "contient-il une ligne en double, ou une valeur mal saisie (un chiffre de trop) ? Sinon, la hausse est "
           "réelle et rien ne doit changer",
           "translations.xlsx : Mots traduits par type de texte, Juridique : en baisse, de 20 900 en 2024 à 1 045 "
           "en 2025 (−95,0 %) ; attendu : une baisse d’au plus 50 % par rapport à l’année précédente : "
           "translations.xlsx est-il complet, chaque ligne jusqu’à la fin de l’année ? Si oui, la baisse est "
           "réelle et rien ne doit changer"],
}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_swing_is_said_in_the_readers_words(swing_years, tmp_path, lang):
    raw_dir = swing_years
    prepared = pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "p",
                                                       published=tmp_path / "none"))
    said = [_plain(w.describe(lang)) for w in prepared.warnings]
    for line in SWINGS[lang]:
        assert line in said
    if lang == "nl":
        # The totals the reader's tables print, named as they name them; an amount with cents keeps them.
        starts = ["budget.xlsx: Begroting, Totaal van de verdeling van de kredieten: gestegen van 2.000.000,10 € in "
                  "2024 tot 4.639.816,10 € in 2025 (+132,0%); ",
                  "translations.xlsx: Vertaalde woorden per teksttype, Totaal: gedaald van 23.700 in 2024 tot 3.845 "
                  "in 2025 (−83,8%); "]
        assert [any(line.startswith(start) for line in said) for start in starts] == [True, True]
    assert len(said) == 4
    # Read back from the processed year (as a notebook does), the swing says the same in every language.
    loaded = pipeline.load(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "p",
                                                  published=tmp_path / "none"))
    assert [w.describe(lang) for w in loaded.warnings] == [w.describe(lang) for w in prepared.warnings]


# ---------------------------------------------------------------- trends

def test_trends_with_one_year_say_so(book, raw_dir, tmp_path):
    book.write(raw_dir)
    prepared = pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "p",
                                                       published=tmp_path / "none"))
    report = Report(prepared, "en")
    assert "Trends need at least two years: there are figures for 2025 only." in report.trends().html
    assert report.trend_chart("headcount").html == ""


def test_trend_indicators_by_hand(two_years):
    _, prepared = two_years
    table = trends.indicators(prepared.history).set_index(["year", "indicator"])["value"]
    assert table[(2024, "headcount")] == 4 and table[(2025, "headcount")] == 5
    # 52 or more: S004 (60) and S005 (55) in 2025, S004 alone in 2024: 2 of 5, 1 of 4.
    assert table[(2025, "share_52_plus")] == 40.0 and table[(2024, "share_52_plus")] == 25.0
    # Level A: 1 woman of 2; level C: 0 of 1 (X).
    assert table[(2025, "women_A")] == 50.0 and table[(2025, "women_C")] == 0.0
    # 5 training days for 5 staff; meetings 2 + 1 + 1 + 1 = 5, e-procedures 1 + 0 + 1 + 0 = 2: 2 of 7.
    assert table[(2025, "training_days_per_staff")] == 1.0
    assert table[(2025, "meetings")] == 5 and table[(2025, "e_procedure_share")] == 28.6
    assert table[(2025, "budget_services")] == 1234.76 and table[(2025, "subsidies_total")] == 1001.0


def test_trends_with_three_years(book, year_book, raw_dir, tmp_path):
    year_book().write(raw_dir)
    _earlier(book, 2024).write(raw_dir)
    _earlier(year_book(), 2023).write(raw_dir)
    prepared = pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "p",
                                                       published=tmp_path / "none"))
    assert prepared.years == [2023, 2024, 2025]
    html = Report(prepared, "nl").trends().html
    assert "Indicatoren 2023–2025" in html and html.count("<th scope=\"col\"") == 4   # indicator, 2023, 2024, 2025
    svg = Report(prepared, "nl").trend_chart("headcount")
    # 2023 and 2024 count 4 people: fewer than 5, hidden by the disclosure rule ([c]); 2025 is published as
    # printed (data/reference/disclosure.yaml), so its 5 is shown.
    assert "Personeelsleden: 2023 [c], 2024 [c], 2025 5" in svg.alt


def test_history_of_every_year_keeps_the_source(two_years, tmp_path):
    folders, _ = two_years
    frame, problems = pipeline.all_history(folders)
    assert problems == []
    assert sorted(frame["year"].unique()) == [2024, 2025]
    assert set(frame["source"]) == {"computed"}
    csv, parquet = history.write(frame, tmp_path)
    back = pd.read_parquet(parquet)
    assert list(back.columns) == ["year", "table", "row", "column", "value", "source"]
    assert len(back) == len(frame)
    assert csv.read_text(encoding="utf-8").splitlines()[0] == "year,table,row,column,value,source"
